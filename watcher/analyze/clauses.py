"""Passages into sentences and sentences into clauses; the canonical form of a sentence.

A *sentence* is the unit a reader quotes and the unit that is paired between versions. A
*clause* is the unit that carries one commitment: "we do not sell your data and may use it to
train models" is one sentence but two clauses, because the negation stops at "and may".

The canonical form drops everything the labelling rules call cosmetic (case, punctuation,
quote style, markup, section numbers, version stamps, number spelling, British/American
spelling), so two sentences with equal canonical forms say the same thing.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache

from watcher.diff import split_blocks, split_sentences

__all__ = [
    "canonical",
    "content_key",
    "content_words",
    "is_boilerplate",
    "lemma",
    "numbers_to_digits",
    "same_words",
    "sentences",
    "split_clauses",
    "tokens",
    "typo_equal",
]

_BULLET = re.compile(r"\s+[•·▪‣◦]\s+|^\s*(?:[-*+•·]|\d+[.)])\s+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>|]+")
_STAMP = re.compile(
    r"(?:(?:last\s+)?(?:updated|revised|modified|effective|published|posted)"
    r"(?:\s+(?:on|date|as of))?\s*:?\s*"
    r"(?:\w+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d{2}-\d{2}|\w+\s+\d{4}))"
    r"|(?:version|v\.?)\s*\d+(?:\.\d+)*"
    r"|(?:effective|last updated|last revised|published)\s*:?",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^\s*(?:§\s*)?(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\))\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]|_")
_APOSTROPHE = re.compile(r"(?<=\w)['\u2019](?=\w)")
_CROSS_REFERENCE = re.compile(
    r"\b(section|clause|article|paragraph|schedule|annex|appendix|exhibit|§)\s*"
    r"(?:\d+|[ivxlc]+\b)(?:\.\d+)*(?:\s*\(\w{1,4}\))*",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
_UNITS += "fifteen sixteen seventeen eighteen nineteen"
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
_NUMBER_VALUES = {word: n for n, word in enumerate(_UNITS.split())} | {
    word: 20 + 10 * n for n, word in enumerate(_TENS.split())
}
_NUMBER_WORD_WITH_DIGITS = re.compile(
    r"\b(?:" + "|".join(_UNITS.split()[1:] + _TENS.split() + ["hundred"]) + r")"
    r"(?:[- ](?:" + "|".join(_UNITS.split()[1:10]) + r"))?\s*\((\d+)\)",
    re.IGNORECASE,
)
_TENS_WORDS = frozenset(_TENS.split())
_NUMBER_WORDS = re.compile(
    r"\b(" + "|".join(_TENS.split()) + r")[- ](" + "|".join(_UNITS.split()[1:10]) + r")\b"
    r"|\b(" + "|".join(_NUMBER_VALUES) + r")\b",
    re.IGNORECASE,
)
_SPELLING = [
    (re.compile(r"(\w{3,})is(e|es|ed|ing|ation|ations)\b"), r"\1iz\2"),
    (re.compile(r"(\w{2,})ys(e|es|ed|ing)\b"), r"\1yz\2"),
    (re.compile(r"\b(colo|behavio|favo|hono|labo)ur"), r"\1r"),
    (re.compile(r"\blicence"), "license"),
    (re.compile(r"\b(cent|met|fib)re\b"), r"\1er"),
    (re.compile(r"\bprogramme"), "program"),
    (re.compile(r"\bcatalogue"), "catalog"),
    (re.compile(r"\bjudgement"), "judgment"),
]
_NAV_SEPARATOR = re.compile(r"\s[|·•]\s")
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"\s*;\s*"
    r"|,?\s+(?:but(?!\s+not\s+limited)(?!\s+only\b)|whereas|however|although)\s+"
    r"|,\s+and\s+(?=(?:we|they|it|you|he|she|this|these|those|our|the|every|each|all|any|no|some|nothing|none|neither)\b)"
    r"|,?\s+and\s+(?=(?:may|might|can|could|will|would|shall|should|must|do|does|are|is)\b)"
    r"|,\s+and\s+(?=(?:[\w-]+\s+){1,5}?(?:we|they|you)\s+(?:may|might|can|will|would|shall|must|"
    r"do|does)\b)"
    r"|,\s+and\s+(?=(?:such|its|their|those|these|any|all)\s+(?:[\w-]+\s+){0,2}?(?:may|might|can|"
    r"could|will|would|shall|must|are|is|do|does)\b)"
    r"|,\s+provided(?:,\s+however,)?\s+that\s+(?=(?:[\w-]+\s+){1,3}?(?:may|can|will|shall)\b)"
    r"|,\s+except\s+that\s+(?=(?:[\w-]+\s+){1,3}?(?:may|can|will|shall)\b)"
    r"|:\s+(?=(?-i:[A-Z]))"
    r"|\.\s+",
    re.IGNORECASE,
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def sentences(passage: str) -> list[str]:
    """The passage's sentences, in order; bullets and list markup split items apart."""
    out: list[str] = []
    for block in split_blocks(passage.translate(_ZERO_WIDTH)):
        if is_boilerplate(block):
            continue
        for item in _BULLET.split(block):
            if item and item.strip():
                out.extend(s for s in split_sentences(item.strip()) if _has_words(s))
    return out


def split_clauses(sentence: str) -> list[str]:
    """The clauses of one sentence: where a new subject or modal starts a new commitment."""
    parts = [p.strip(" ,") for p in _CLAUSE_BREAK.split(sentence)]
    return [p for p in parts if _has_words(p)]


@lru_cache(maxsize=16384)
def canonical(sentence: str) -> str:
    """The sentence with every cosmetic difference removed."""
    text = sentence
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if _STAMP_HINT.search(text):
        text = _STAMP.sub(" ", text)
        text = _CROSS_REFERENCE.sub(r"\1", text)
    if "'" in text or "\u2019" in text:
        text = _APOSTROPHE.sub("", text)
    if text[:1].isdigit() or text.lstrip()[:1] in ("§", "(") or text[:2].lower() in _ROMAN:
        text = _SECTION.sub(" ", text)
    if "(" in text:
        text = _NUMBER_WORD_WITH_DIGITS.sub(r"\1", text)
    text = text.lower()
    text = text.translate(_ASCII_PUNCTUATION) if text.isascii() else _NON_WORD.sub(" ", text)
    words = [spelled(word) for word in text.split()]
    if _TENS_WORDS.isdisjoint(words):
        return " ".join(words)
    return " ".join(numbers_to_digits(" ".join(words)).split())


_ASCII_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation, " "))
_ROMAN = frozenset(("i.", "ii", "iv", "v.", "vi", "ix", "x.", "xi", "a)", "b)", "c)"))
_STAMP_HINT = re.compile(
    r"updated|revised|modified|effective|published|posted|version|\bv\.?\s*\d|section|clause|article|"
    r"paragraph|schedule|annex|appendix|exhibit|§",
    re.IGNORECASE,
)


@lru_cache(maxsize=32768)
def spelled(word: str) -> str:
    """One lower-case word in American spelling, a spelled-out number as digits."""
    if word in _NUMBER_VALUES:
        return str(_NUMBER_VALUES[word])
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return word


def numbers_to_digits(text: str) -> str:
    """Spelled-out numbers as digits ("thirty (30)" and "thirty" both read "30")."""
    text = _NUMBER_WORD_WITH_DIGITS.sub(r"\1", text)
    return _NUMBER_WORDS.sub(_number_value, text)


def _number_value(match: re.Match[str]) -> str:
    if match.group(3):
        return str(_NUMBER_VALUES[match.group(3).lower()])
    return str(_NUMBER_VALUES[match.group(1).lower()] + _NUMBER_VALUES[match.group(2).lower()])


def tokens(text: str) -> list[str]:
    return canonical(text).split()


def same_words(old: str, new: str) -> bool:
    """Whether two sentences use exactly the same words, perhaps in another order."""
    return sorted(tokens(old)) == sorted(tokens(new))


def is_boilerplate(sentence: str) -> bool:
    """Navigation, footer and copyright text, and bare version stamps: never a commitment."""
    if _COPYRIGHT.search(sentence):
        return True
    if (len(sentence) < 80 or _STAMP_HINT.search(sentence)) and not canonical(sentence):
        return True
    if sentence.lstrip().startswith("#") or sentence.rstrip().endswith("?"):
        return True  # a heading or a question announces a commitment, it does not make one
    if len(sentence.split()) <= 3 and not sentence.rstrip().endswith((".", "!", "?")):
        return True
    pieces = _NAV_SEPARATOR.split(sentence)
    return len(pieces) >= 3 and all(len(piece.split()) <= 3 for piece in pieces)


def typo_equal(old: str, new: str) -> bool:
    """Whether two canonical sentences differ only by misspellings of the same words."""
    old_words, new_words = old.split(), new.split()
    if len(old_words) != len(new_words):
        return False
    for a, b in zip(old_words, new_words, strict=True):
        if a != b and not _is_typo(a, b):
            return False
    return True


# Words whose small edits change a commitment ("can" / "cant"), never typos of each other.
_MEANING_WORDS = frozenset(
    ("not", "no", "nor", "never", "can", "cant", "cannot", "will", "wont", "may", "might", "must",
     "shall", "should", "do", "dont", "does", "doesnt", "did", "didnt", "is", "isnt", "are",
     "arent", "was", "wasnt", "were", "all", "any", "only", "now", "new")
)  # fmt: skip


def _is_typo(a: str, b: str) -> bool:
    """One transposition, insertion, deletion or (in a long word) substitution apart."""
    if min(len(a), len(b)) < 3 or a.isdigit() or b.isdigit():
        return False
    if a in _MEANING_WORDS or b in _MEANING_WORDS:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            return a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        return len(diffs) == 1 and len(a) >= 6
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


_STOP = frozenset(
    """a an the and or of to in on at by for from with as is are was were be been being it its
    this that these those which who whom whose we us our ours you your yours they them their he
    she his her i me my will would shall should may might can could must do does did not no
    never any all some such than then there here also only just so if unless when where while
    because about into onto over under after before first prior once without wont dont doesnt
    cant cannot isnt arent wouldnt shouldnt neither nor none""".split()  # noqa: SIM905
)
_LEMMA = {
    "sold": "sell", "used": "use", "us": "use", "kept": "keep", "held": "hold", "made": "make",
    "gave": "give",
    "given": "give", "seen": "see", "chose": "choose", "chosen": "choose", "won": "will",
    "erase": "delete", "remove": "delete", "purge": "delete", "store": "keep",
    "retain": "keep", "hold": "keep", "pick": "select", "choose": "select",
}  # fmt: skip


@lru_cache(maxsize=32768)
def lemma(word: str) -> str:
    """A crude stem that folds plurals, tenses and a few policy synonyms together."""
    if word in _LEMMA:
        return _LEMMA[word]
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if len(word) > len(suffix) + 2 and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) >= 3:
        word = word[:-1]
    return _LEMMA.get(word, _LEMMA.get(word + "e", word))


def content_words(key: str) -> list[str]:
    """The lemmas of a canonical text's content words, in order."""
    return [lemma(word) for word in key.split() if word not in _STOP and len(word) > 2]


def content_key(key: str) -> str:
    return " ".join(content_words(key))


_DEFINITION = re.compile(
    r"[\"'\u201c\u2018]([^\"'\u201d\u2019]{2,60})[\"'\u201d\u2019]\s+"
    r"(?:means|refers to|shall mean|is defined as|has the meaning)\s+([^.;]+)",
    re.IGNORECASE,
)
_LEADING_PREPOSITION = re.compile(r"^(?:(?:With|For|In|On|By|At|From|To|Using|Through)\s+)+")
_FORMERLY = re.compile(
    r"([A-Z][\w-]*(?: [\w-]+){0,6}?)\s*\((?:formerly|previously)(?: known as| called)?\s+"
    r"([^)]{2,60})\)"
)


def renames(old: str, new: str) -> list[tuple[str, str]]:
    """Defined terms and product names the new text renamed without changing what they mean.

    "'Customer Files' means any file you upload" becoming "'Your Content' means any file you
    upload" renames the term everywhere; "Acme AI (formerly Acme Assist)" renames the product.
    """
    old_terms = {canonical(body): term for term, body in _DEFINITION.findall(old)}
    found = [
        (old_terms[key], term)
        for term, body in _DEFINITION.findall(new)
        if (key := canonical(body)) in old_terms and old_terms[key] != term
    ]
    found += [
        (before.strip(), _LEADING_PREPOSITION.sub("", after))
        for after, before in _FORMERLY.findall(new)
    ]
    return found


def apply_renames(text: str, pairs: list[tuple[str, str]]) -> str:
    """`text` with each old name replaced by its new one, whole words, any case."""
    for before, after in pairs:
        text = re.sub(rf"(?<!\w){re.escape(before)}(?!\w)", after, text, flags=re.IGNORECASE)
    return text

"""Cutting normalised text into the units the diff aligns: blocks, sentences and tokens.

A block is one non-blank line. The extract stage writes every heading, paragraph, list item and
table row on a line of its own, so a line is the natural clause-sized unit; it is also what a
reader of a hard-wrapped .txt file expects, and splitting on lines is cheap on large texts.

Sentence splitting is a small rule set rather than a trained model: policy text is formal, and
the cases that matter (abbreviations, dotted acronyms, company suffixes, section numbers,
decimals, ellipses, closing quotes) are few and known. When a full stop is ambiguous ("made by
Acme Inc. We …") the sentence breaks only if the next word is a common sentence opener: a missed
break costs a slightly coarser alignment, a false break splits a clause in two.
"""

from __future__ import annotations

import re

__all__ = ["BLOCK_SEPARATOR", "split_blocks", "split_sentences", "split_tokens"]

BLOCK_SEPARATOR = "\n\n"
"""What joins the blocks of a multi-block hunk's text, as in the extract stage's output."""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Terminal punctuation, then closing quotes or brackets, then the gap to the next sentence. A
# run of marks is only tried from its first mark and nothing is given back (possessive), so a
# long run of dots, brackets or spaces costs linear, not quadratic, time.
_CANDIDATE = re.compile(
    "((?<![.!?])[.!?]++|(?<!\u2026)\u2026++)([\"'\u201d\u2019\u00bb)\\]]*+)\\s++(?=\\S)"
)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_LAST_TOKEN = re.compile(r"\S+$")
_FIRST_WORD = re.compile("[\\s\"'\u201c\u2018\u00ab(\\[]*(\\w+)")
_OPENERS = "\"'\u201c\u2018\u00ab([*"
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_NUMBERING = re.compile(r"\(?(?:\d+(?:\.\d+)*|[ivxlcIVXLC]+|[a-zA-Z])\)?")
_BLOCK_LEAD = re.compile(r"\s*+(?:#++|[-*+]|\|)?+\s*+")

# Never end a sentence: they always introduce something ("e.g. Google", "Mr. Smith").
_ALWAYS_INNER = _word_set("e.g eg i.e ie cf vs viz mr mrs ms dr prof sr jr st mt approx incl resp")
# Abbreviations used before a number ("No. 5", "Art. 6", "p. 12").
_BEFORE_NUMBER = _word_set("no nos art arts sec secs para paras p pp vol ch fig ss")
# Can end a sentence or sit inside one ("sold by Acme Inc. We …", "Acme Inc. Cloud is …").
_AMBIGUOUS = _word_set(
    "inc ltd llc llp plc co corp gmbh ag s.a b.v n.v pty bros dept est jan feb mar apr jun jul "
    "aug sep sept oct nov dec"
)
# Words that commonly open a sentence in policy text; after an ambiguous full stop they mean a
# new sentence has begun.
_STARTERS = _word_set(
    "we you your our us the this these that those it its they their if in for to as when where "
    "such some all any each a an please however also otherwise unless under with by on at from "
    "there here no none what how why who which after before while during customers users "
    "personal data information"
)


def split_blocks(text: str) -> tuple[str, ...]:
    """The text's non-blank lines, trailing whitespace removed, indentation kept."""
    return tuple(line.rstrip() for line in text.splitlines() if line and not line.isspace())


def split_tokens(text: str) -> list[str]:
    """Words and single punctuation marks: the units in which similarity is measured."""
    return _TOKEN.findall(text)


def split_sentences(block: str) -> tuple[str, ...]:
    """The sentences of one block, each stripped; a block without a sentence end is one sentence."""
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(block):
        if _is_boundary(block, match, start):
            sentence = block[start : match.end(2)].strip()
            if sentence:
                sentences.append(sentence)
            start = match.end()
    rest = block[start:].strip()
    if rest:
        sentences.append(rest)
    return tuple(sentences)


def _is_boundary(block: str, match: re.Match[str], sentence_start: int) -> bool:
    """Whether the punctuation in `match` ends a sentence, judged from the words around it."""
    after = match.end()
    if block[after].islower():
        return False
    if match.group(1) != ".":
        return True
    stop = match.start(1)
    token_match = _LAST_TOKEN.search(block, max(sentence_start, stop - 40), stop)
    if token_match is None:
        return True
    word = token_match.group().lstrip(_OPENERS)
    key = word.lower()
    if key in _ALWAYS_INNER:
        return False
    if key in _BEFORE_NUMBER and block[after].isdigit():
        return False
    if _NUMBERING.fullmatch(word) and _BLOCK_LEAD.fullmatch(
        block, sentence_start, token_match.start()
    ):
        return False
    if key in _AMBIGUOUS or _ACRONYM.fullmatch(word) or (len(word) == 1 and word.isupper()):
        return _opens_sentence(block, after)
    return True


def _opens_sentence(block: str, at: int) -> bool:
    word = _FIRST_WORD.match(block, at)
    return word is not None and word.group(1).lower() in _STARTERS

"""Which language a text is written in, so that only English is judged.

The rules read English modality and negation; applied to another language they would see no
"not" and call every change neutral, which is a guess dressed as a verdict. A count of very
common function words tells the major European languages apart reliably on a sentence or more,
needs no model, and is deterministic; scripts other than Latin are recognised by their letters.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

__all__ = ["ENGLISH", "detect_language"]

ENGLISH = "en"
_SAMPLE = 8_000
"""Characters read: a few thousand words settle the language of any policy."""
UNDETERMINED = "und"

_FUNCTION_WORDS = {
    "en": "the and of to we you your our is are not may will with for that this be use data",
    "de": "der die das und nicht wir sie ihre ihr ist sind mit für zu von den dem des ein eine "
    "werden wird keine daten auf",
    "fr": "le la les et de des nous vous votre vos ne pas est sont avec pour que une un du "
    "données ces sur aux",
    "es": "el la los las y de del nosotros usted su sus no es son con para que una un datos "
    "por se al",
    "it": "il lo la gli le e di del non noi voi suo sono con per che una un dati della nei",
    "nl": "de het en van wij u uw niet is zijn met voor dat een te gegevens op we",
    "pt": "o os a as e de do da não nós você seu sua são com para que uma um dados por",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
_SCRIPTS = (("CJK", "zh"), ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("HANGUL", "ko"),
            ("CYRILLIC", "ru"), ("ARABIC", "ar"), ("HEBREW", "he"), ("GREEK", "el"),
            ("DEVANAGARI", "hi"), ("THAI", "th"))  # fmt: skip


def detect_language(text: str) -> str:
    """An ISO 639-1 code for the text's language; English when there is too little to tell."""
    words = _TOKEN.findall(text[:_SAMPLE].lower())
    if not words:
        return ENGLISH
    script = None if text.isascii() else _script(words)
    if script is not None:
        return script
    counts = Counter(words)
    scores = {lang: sum(counts[word] for word in vocab) for lang, vocab in _WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] < 2 or scores[best] <= scores[ENGLISH]:
        return ENGLISH
    return best


def _script(words: list[str]) -> str | None:
    """The language of a non-Latin script that writes most of the letters, if any does."""
    letters = [ch for word in words[:400] for ch in word]
    latin = sum(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in letters)
    if latin * 2 >= len(letters):
        return None
    counts: dict[str, int] = {}
    for ch in letters:
        name = unicodedata.name(ch, "")
        for marker, code in _SCRIPTS:
            if name.startswith(marker) or f" {marker}" in name:
                counts[code] = counts.get(code, 0) + 1
                break
    return max(counts, key=lambda code: counts[code]) if counts else UNDETERMINED

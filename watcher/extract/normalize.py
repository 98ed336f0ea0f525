"""The normalised text format every extractor emits, its version, hashing and `ignore` patterns.

Text is "normalised Markdown-like": one block per line, blocks separated by exactly one blank
line, no trailing spaces, Unicode NFC, ending in a single newline (or empty). Block shapes:
`# heading`, plain paragraph, `- item` / `1. item` (nested items indented two spaces per level,
six levels at most), `| a | b |` table row, `> quote`. Everything that varies without the
meaning varying (runs of whitespace, NBSP and other Unicode spaces, zero-width spaces, soft
hyphens, BOMs, CR/LF) is folded away here so that the hash only moves when words move.

Bump `EXTRACTOR_VERSION` whenever the same input would give different text: the pipeline then
re-extracts stored raw bodies and records the result as a technical version, never as an alert.

The text, final newline included, is at most `MAX_TEXT_CHARS` (5 M) characters. Policies are far
shorter (the longest run to a few hundred thousand); a longer text comes from a hostile or broken
page, and reading it is refused with an InputError (a failed check) rather than stored, diffed
and alerted on. The cap is fixed rather than relative to the body, so that what one check may
hold in memory does not grow with `max_body`.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

from watcher.errors import ConfigError, InputError

__all__ = [
    "EXTRACTOR_VERSION",
    "MAX_TEXT_CHARS",
    "collapse",
    "compile_ignore",
    "first_heading",
    "join_blocks",
    "normalize_text",
    "text_sha256",
    "text_too_long",
]

EXTRACTOR_VERSION = "2"
MAX_TEXT_CHARS = 5_000_000

_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f\u00ad\u180e\u200b\u2060\ufeff]")
"""Control characters, soft hyphen, Mongolian vowel separator, zero-width space, word joiner and
BOM: invisible on the page, so never part of the text."""

_PREFIX = re.compile(r" *(?:> )*(?:[-*+] |\d{1,9}[.)] )?(?:#{1,6} )?")
"""The structural prefix of a block, which `ignore` patterns do not see."""

_STARTS_BLOCK = re.compile(r"(?:#{1,6}|[-*+]|\d{1,9}[.)]|>)(?: |$)|\|")
"""A line that begins a new block in plain text instead of continuing a wrapped paragraph."""

_ENDS_BLOCK = re.compile(r"#{1,6} |\|")
"""Headings and table rows are one line long; the next line starts a new block."""


def collapse(text: str) -> str:
    """Fold every run of (Unicode) whitespace to one space, drop invisible characters, trim."""
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


@functools.lru_cache(maxsize=256)
def compile_ignore(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Compile a source's `ignore` regexes once per process; a bad one is a config error."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(re.compile(pattern))
        except re.error as exc:
            raise ConfigError(f"invalid ignore pattern {pattern!r}: {exc}") from None
    return tuple(compiled)


def text_too_long(limit: int = MAX_TEXT_CHARS) -> InputError:
    """The error for a text over the cap; the caller adds whose text it is."""
    return InputError(f"extracted text is over {limit:,} characters (a hostile or broken page)")


def join_blocks(blocks: Iterable[str], ignore: Sequence[str] = ()) -> str:
    """The final text: NFC, `ignore` matches deleted per block, empty blocks dropped.

    Raises InputError for a text over `MAX_TEXT_CHARS` (NFC can lengthen a text up to threefold).
    """
    text = unicodedata.normalize("NFC", "\n\n".join(blocks))
    if len(text) >= MAX_TEXT_CHARS:  # with the final newline, over the cap
        raise text_too_long()
    if ignore and text:
        patterns = compile_ignore(tuple(ignore))
        kept = (_strip_ignored(block, patterns) for block in text.split("\n\n"))
        text = "\n\n".join(block for block in kept if block)
    return text + "\n" if text else ""


def _strip_ignored(block: str, patterns: Sequence[re.Pattern[str]]) -> str:
    match = _PREFIX.match(block)
    prefix_end = match.end() if match else 0
    content = block[prefix_end:]
    for pattern in patterns:
        content = pattern.sub("", content)
    content = collapse(content)
    return block[:prefix_end] + content if content else ""


def normalize_text(text: str, ignore: Sequence[str] = ()) -> str:
    """Normalise plain text into the block format; idempotent on extractor output.

    Blank lines separate blocks; a wrapped paragraph's lines are joined with a space; a line that
    starts like a heading, list item, quote or table row starts a new block. The first line's
    indentation is kept (it is how nested list items show their depth).
    """
    blocks: list[str] = []
    lines: list[str] = []
    closed = True
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = collapse(raw)
        if not line:
            closed = True
            continue
        if not closed and line.startswith("> ") and lines[0].lstrip(" ").startswith("> "):
            rest = line.lstrip("> ")
            if not _STARTS_BLOCK.match(rest):  # a quoted paragraph's next line
                lines.append(rest)
                continue
        if closed or _STARTS_BLOCK.match(line):
            if lines:
                blocks.append(" ".join(lines))
            expanded = raw.expandtabs(4)
            lines = [" " * (len(expanded) - len(expanded.lstrip(" "))) + line]
        else:
            lines.append(line)
        closed = _ENDS_BLOCK.match(line) is not None
    if lines:
        blocks.append(" ".join(lines))
    return join_blocks(blocks, ignore)


def first_heading(blocks: Iterable[str]) -> str:
    """The text of the first top-level (`# `) heading, the fallback for a missing <title>."""
    return next((block[2:] for block in blocks if block.startswith("# ")), "")


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 text: what decides whether a version is new."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

"""Markdown to the normalised text format, so a policy kept as .md compares cleanly with its HTML.

Not a Markdown renderer: a handful of line and inline rewrites that make a Markdown document read
the way the HTML extractor would read its rendering. Links keep their text, images and
emphasis marks go, `*`/`+` bullets become `-`, ordered items become `1.`, setext headings
become `#`/`##`, table rows get one space around each cell and their `---` rule lines go. What a
rewrite cannot recognise is left as text, which at worst shows up in a diff as it is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from watcher.extract.normalize import collapse, normalize_text

__all__ = ["normalize_markdown"]

_M = re.MULTILINE

# Applied in order; each is (pattern, replacement).
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"^ {0,3}(?:`{3,}|~{3,}).*$", _M), ""),  # code fences (the code stays)
    (re.compile(r"^(?! {0,3}(?:[-*+>#|]|\d{1,9}[.)]) )(.*\S.*)\n {0,3}=+[ \t]*$", _M), r"# \1"),
    (re.compile(r"^(?! {0,3}(?:[-*+>#|]|\d{1,9}[.)]) )(.*\S.*)\n {0,3}-+[ \t]*$", _M), r"## \1"),
    (re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", _M), ""),  # thematic break
    (re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", _M), ""),  # link reference definition
    (re.compile(r"^ {0,3}>[> \t]*$", _M), ""),  # blank line inside a quote
    (re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])"), ""),  # image
    (re.compile(r"\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])"), r"\1"),  # link
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tag
    (re.compile(r"^( *)[*+](?=[ \t])", _M), r"\1-"),  # bullet style
    (re.compile(r"^( *)\d{1,9}[.)](?=[ \t])", _M), r"\g<1>1."),  # ordered items, renumbered
    (re.compile(r"^(#{1,6}[ \t].*?)[ \t]+#+[ \t]*$", _M), r"\1"),  # closing hashes
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])"), r"\1"),  # em
    (re.compile(r"(?<![\w\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?!\w)"), r"\1"),  # em
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"(`+)(.+?)\1"), r"\2"),  # code span
    (re.compile(r"^ {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$", _M), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes
)

_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", _M)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def normalize_markdown(text: str, ignore: Sequence[str] = ()) -> str:
    """Normalise a Markdown document into the block format (see `normalize_text`)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TABLE_ROW.sub(_table_row, text)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return normalize_text(text, ignore)


def _table_row(match: re.Match[str]) -> str:
    cells = [collapse(cell) for cell in _CELL_SPLIT.split(match.group().strip()[1:-1])]
    return "|" + "".join(f" {cell} |" if cell else " |" for cell in cells)

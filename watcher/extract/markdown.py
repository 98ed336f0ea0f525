"""Markdown to the normalised text format, so a policy kept as .md compares cleanly with its HTML.

Not a Markdown renderer: a handful of line and inline rewrites that make a Markdown document read
the way the HTML extractor would read its rendering. Links keep their text, images and
emphasis marks go, `*`/`+` bullets become `-`, ordered items become `1.`, setext headings
become `#`/`##`, table rows get one space around each cell and their `---` rule lines go. What a
rewrite cannot recognise is left as text, which at worst shows up in a diff as it is written.

Every pattern runs in time linear in the text, because a fetched .md body is untrusted: a span
(`[…]`, `**…**`, `` `…` ``) may not contain another opener of its own kind, and what it scans
is possessive (`*+`, `++`) or behind an atomic lookahead, so a failed match never rescans a line
from each of its openers. An 80 KB line of `**` or `[` would otherwise take tens of seconds.
An unclosed `<!--` is left as text, like any other unclosed span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from watcher.extract.normalize import collapse, normalize_text

__all__ = ["normalize_markdown"]

_M = re.MULTILINE

_NOT_A_BLOCK = r"(?! {0,3}(?:[-*+>#|]|\d{1,9}[.)]) )"
"""A line that a setext underline turns into a heading: not already an item, quote or row."""

_DESTINATION = r"(?:\((?:[^()\n]++|\([^()\n]*+\))*+\)|\[[^\[\]\n]*+\])"
"""A link's `(url "title")`, one level of parentheses allowed, or its `[reference]`."""

_EM_STAR = r"(?:[^*\\\n]++|\\.|\*{2,}+|(?<=\w)\*(?=\w)|(?<!\S)\*(?!\S))++"
"""Text inside `*…*`: anything but a lone `*` that could open or close emphasis."""

_EM_UNDERSCORE = r"(?:[^_\\\n]++|\\.|_{2,}+|(?<=\w)_(?=\w)|(?<!\S)_(?!\S))++"

# Applied in order; each is (pattern, replacement).
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^ {0,3}(?:`{3,}|~{3,}).*$", _M), ""),  # code fences (the code stays)
    (re.compile(rf"^{_NOT_A_BLOCK}(?=.*\S)(.*+)\n {{0,3}}=++[ \t]*+$", _M), r"# \1"),
    (re.compile(rf"^{_NOT_A_BLOCK}(?=.*\S)(.*+)\n {{0,3}}-++[ \t]*+$", _M), r"## \1"),
    (re.compile(r"^ {0,3}([-*_])(?:[ \t]*+\1){2,}+[ \t]*+$", _M), ""),  # thematic break
    (re.compile(r"^ {0,3}\[[^\]\n]++\]:[ \t]*+\S.*$", _M), ""),  # link reference definition
    (re.compile(r"^ {0,3}>[> \t]*+$", _M), ""),  # blank line inside a quote
    (re.compile(rf"!\[[^\[\]\n]*+\]{_DESTINATION}"), ""),  # image
    (re.compile(rf"\[([^\[\]\n]*+)\]{_DESTINATION}"), r"\1"),  # link
    (re.compile(r"<((?:https?|mailto):[^<>\s]++)>"), r"\1"),  # autolink
    (re.compile(r"</?[A-Za-z][\w-]*+(?:\s[^<>]*+)?/?>"), ""),  # inline HTML tag
    (re.compile(r"^( *)[*+](?=[ \t])", _M), r"\1-"),  # bullet style
    (re.compile(r"^( *)\d{1,9}[.)](?=[ \t])", _M), r"\g<1>1."),  # ordered items, renumbered
    (re.compile(r"^(#{1,6}[ \t](?:.*[^ \t])?)[ \t]+#++[ \t]*+$", _M), r"\1"),  # closing hashes
    (  # strong
        re.compile(
            r"\*\*(?=\S)((?:[^*\n]++|\*(?!\*))++)(?<=\S)\*\*"
            r"|__(?=\S)((?:[^_\n]++|_(?!_))++)(?<=\S)__"
        ),
        r"\1\2",
    ),
    (re.compile(rf"(?<![\w*\\])\*(?=[^\s*])({_EM_STAR})(?<=[^\s*\\])\*(?![\w*])"), r"\1"),
    (re.compile(rf"(?<![\w\\])_(?=[^\s_])({_EM_UNDERSCORE})(?<=[^\s_\\])_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)((?:[^~\n]++|~(?!~))++)(?<=\S)~~"), r"\1"),  # strikethrough
    (re.compile(r"(?<!`)(`++)((?:[^`\n]++|(?!\1(?!`))`++)++)\1(?!`)"), r"\2"),  # code span
    (re.compile(r"^ {0,3}\|?(?:[ \t]*+:?-++:?[ \t]*+\|)++(?:[ \t]*+:?-++:?[ \t]*+)?$", _M), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes
)

_TABLE_ROW = re.compile(r"^[ \t]*+\|.*\|[ \t]*+$", _M)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def normalize_markdown(text: str, ignore: Sequence[str] = ()) -> str:
    """Normalise a Markdown document into the block format (see `normalize_text`)."""
    text = _strip_comments(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _TABLE_ROW.sub(_table_row, text)
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return normalize_text(text, ignore)


def _strip_comments(text: str) -> str:
    """Drop `<!-- … -->`, which may span lines; past an unclosed `<!--` nothing can close."""
    kept: list[str] = []
    start = 0
    while (opening := text.find("<!--", start)) != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            break
        kept.append(text[start:opening])
        start = closing + 3
    kept.append(text[start:])
    return "".join(kept)


def _table_row(match: re.Match[str]) -> str:
    cells = [collapse(cell) for cell in _CELL_SPLIT.split(match.group().strip()[1:-1])]
    return "|" + "".join(f" {cell} |" if cell else " |" for cell in cells)

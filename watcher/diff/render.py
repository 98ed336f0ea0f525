"""Turning a `TextDiff` into text for people: a terminal view, Markdown notes, a one-line summary.

The terminal view writes ANSI codes itself rather than going through a layout engine: lines are
never re-wrapped (so `color=False` output is exact and greppable, like `git diff
--word-diff=plain`), and rendering stays cheap. Vendor text is hostile input, so control and
bidirectional-override characters are shown as visible escapes in every renderer: a page must not
be able to move the cursor, clear the screen or reorder what the reader sees. Block numbers in the
output count from 1, as a reader would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from watcher.diff.blocks import BLOCK_SEPARATOR
from watcher.diff.words import WordOp, word_diff
from watcher.records import Hunk, HunkOp, TextDiff

__all__ = ["render_markdown", "render_terminal", "render_words", "summarize", "terminal_safe"]

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>&|#])")
_SUMMARY_ORDER = (
    (HunkOp.REPLACE, "changed"),
    (HunkOp.INSERT, "added"),
    (HunkOp.DELETE, "removed"),
    (HunkOp.MOVE, "moved"),
)
_HEADER_COLOURS = {
    HunkOp.REPLACE: "33",
    HunkOp.INSERT: "32",
    HunkOp.DELETE: "31",
    HunkOp.MOVE: "36",
}


@dataclass(frozen=True, slots=True)
class _Marks:
    """How one output format shows deleted, inserted and context text."""

    deleted: tuple[str, str]
    inserted: tuple[str, str]
    context: tuple[str, str] = ("", "")
    escape: Callable[[str], str] = lambda text: terminal_safe(text)
    colour: bool = False
    hug: bool = False
    """Marks must touch non-space text (Markdown emphasis does not open before a space)."""


def terminal_safe(text: str) -> str:
    """`text` with control and bidirectional-override characters written as visible escapes.

    Vendor text is hostile input: an escape sequence could move the cursor or clear the screen,
    and a bidi override could make a clause read backwards. Each such character becomes `\\x1b`
    or `\\u202e` style text, so the reader sees what is stored. Tabs and newlines are kept.
    """
    return _UNSAFE.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _markdown_escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", terminal_safe(text))


_PLAIN = _Marks(deleted=("[-", "-]"), inserted=("{+", "+}"))
_ANSI = _Marks(
    deleted=("\x1b[31;9m", "\x1b[0m"),
    inserted=("\x1b[32;4m", "\x1b[0m"),
    context=("\x1b[2m", "\x1b[0m"),
    colour=True,
)
_MARKDOWN = _Marks(deleted=("~~", "~~"), inserted=("**", "**"), escape=_markdown_escape, hug=True)


def summarize(diff: TextDiff) -> str:
    """One line counting changed, added, removed and moved blocks, or "no text changes"."""
    counts = dict.fromkeys(HunkOp, 0)
    for hunk in diff.changes:
        span = hunk.old_span if hunk.op is HunkOp.DELETE else hunk.new_span
        counts[hunk.op] += span[1] - span[0]
    parts = [f"{counts[op]} {label}" for op, label in _SUMMARY_ORDER if counts[op]]
    return ", ".join(parts) if parts else "no text changes"


def render_terminal(diff: TextDiff, *, context: int = 1, color: bool = True) -> str:
    """Each change under a header, with `context` unchanged blocks around it; no final newline.

    With `color`, words are marked with ANSI styles (deleted red and struck through, inserted
    green and underlined, context dim); without, with `[-deleted-]{+inserted+}`.
    """
    if diff.is_unchanged:
        return "no text changes"
    marks = _ANSI if color else _PLAIN
    sections: list[str] = []
    runs = [(equal, list(hunks)) for equal, hunks in groupby(diff.hunks, _is_equal)]
    for index, (equal, hunks) in enumerate(runs):
        if equal:  # neighbouring equal hunks (split by a block that moved away) read as one
            blocks = [b for hunk in hunks for b in _split(hunk.new_text)]
            first, last = index == 0, index == len(runs) - 1
            sections.append("\n".join(_context_lines(blocks, context, marks, first, last)))
            continue
        for hunk in hunks:
            lines = [_header(hunk, marks), *("  " + line for line in _body(hunk, marks))]
            sections.append("\n".join(lines))
    return "\n\n".join(sections)


def render_words(old: str, new: str, *, color: bool = True) -> str:
    """`old` turned into `new` word by word, marked as `render_terminal` marks a reworded block.

    For showing one clause of a change on its own; either side may be empty (all added or all
    removed). Vendor text is made terminal-safe.
    """
    return _mark_words(word_diff(old, new), _ANSI if color else _PLAIN)


def render_markdown(diff: TextDiff) -> str:
    """The summary, then each change as a heading and a quote (~~deleted~~, **inserted**)."""
    similarity = f"{_percent(diff.similarity)} similar overall"
    sections = [f"**{summarize(diff)}** ({similarity})" if diff.changes else "No text changes."]
    for hunk in diff.changes:
        quoted = "\n>\n".join(f"> {line}" for line in _body(hunk, _MARKDOWN))
        sections.append(f"#### {_header_text(hunk)}\n\n{quoted}")
    return "\n\n".join(sections) + "\n"


def _is_equal(hunk: Hunk) -> bool:
    return hunk.op is HunkOp.EQUAL


def _context_lines(
    blocks: list[str], context: int, marks: _Marks, first: bool, last: bool
) -> list[str]:
    """Unchanged blocks next to a change, with the stretch between them collapsed."""
    head = 0 if first else min(context, len(blocks))
    tail = 0 if last else min(context, len(blocks) - head)
    if context and len(blocks) - head - tail <= 1:  # a marker would hide no more than it takes
        head, tail = len(blocks), 0
    hidden = len(blocks) - head - tail
    shown = [marks.escape(block) for block in blocks[:head]]
    if hidden:
        shown.append(f"… {hidden} unchanged block{'s' if hidden > 1 else ''} …")
    shown += [marks.escape(block) for block in blocks[len(blocks) - tail :]]
    opening, closing = marks.context
    return [f"  {opening}{line}{closing}" for line in shown]


def _header(hunk: Hunk, marks: _Marks) -> str:
    text = _header_text(hunk)
    if not marks.colour:
        return text
    return f"\x1b[1;{_HEADER_COLOURS[hunk.op]}m{text}\x1b[0m"


def _header_text(hunk: Hunk) -> str:
    old, new = _blocks(hunk.old_span), _blocks(hunk.new_span)
    alike = f"{_percent(hunk.similarity)} similar"
    if hunk.op is HunkOp.REPLACE:
        return f"~ changed ({old} → {new.removeprefix('block ')}, {alike})"
    if hunk.op is HunkOp.INSERT:
        return f"+ added ({new})"
    if hunk.op is HunkOp.DELETE:
        return f"- removed ({old})"
    moved = f"↕ moved from {old} to {new}"
    return moved if hunk.similarity >= 1.0 else f"{moved} ({alike})"


def _body(hunk: Hunk, marks: _Marks) -> list[str]:
    """The hunk's lines: a word diff for a reworded block, marked whole blocks otherwise."""
    if hunk.op is HunkOp.REPLACE or (hunk.op is HunkOp.MOVE and hunk.similarity < 1.0):
        return _mark_words(word_diff(hunk.old_text, hunk.new_text), marks).split("\n")
    if hunk.op is HunkOp.INSERT:
        return [_wrap(marks.escape(b), marks.inserted) for b in _split(hunk.new_text)]
    if hunk.op is HunkOp.DELETE:
        return [_wrap(marks.escape(b), marks.deleted) for b in _split(hunk.old_text)]
    return [marks.escape(block) for block in _split(hunk.new_text)]


def _mark_words(ops: Iterable[WordOp], marks: _Marks) -> str:
    """Word ops as marked text, with the whitespace at a change's edges moved outside the marks."""
    out: list[str] = []
    pending: dict[str, str] = {}
    for op, text in (*ops, ("equal", "")):
        if op != "equal":
            pending[op] = text
            continue
        if pending:
            out.append(_mark_change(pending.get("delete", ""), pending.get("insert", ""), marks))
            pending = {}
        out.append(marks.escape(text))
    return "".join(out)


def _mark_change(deleted: str, inserted: str, marks: _Marks) -> str:
    """One change; whitespace that every side of it starts or ends with is written unmarked."""
    sides = [side for side in (deleted, inserted) if side]
    lead = _shared([_space_edges(side)[0] for side in sides])
    trail = _shared([_space_edges(side)[2][::-1] for side in sides])[::-1]
    out = [lead]
    for text, style in ((deleted, marks.deleted), (inserted, marks.inserted)):
        core = text[len(lead) : len(text) - len(trail)] if text else ""
        if not marks.hug:
            out.append(_wrap(marks.escape(core), style) if core else "")
            continue
        space_before, word, space_after = _space_edges(core)
        if word:
            out.append(space_before + _wrap(marks.escape(word), style) + space_after)
        elif style is marks.inserted:
            out.append(core)
    out.append(trail)
    return "".join(out)


def _space_edges(text: str) -> tuple[str, str, str]:
    """Leading whitespace, the rest, trailing whitespace; all leading if `text` is only space."""
    word = text.strip()
    if not word:
        return text, "", ""
    start = len(text) - len(text.lstrip())
    return text[:start], word, text[start + len(word) :]


def _shared(prefixes: list[str]) -> str:
    """The longest start common to all of `prefixes` (whitespace runs, possibly long)."""
    shared = prefixes[0] if prefixes else ""
    for prefix in prefixes[1:]:
        end = min(len(shared), len(prefix))
        for at, (mine, theirs) in enumerate(zip(shared, prefix, strict=False)):
            if mine != theirs:
                end = at
                break
        shared = shared[:end]
    return shared


def _wrap(text: str, marks: tuple[str, str]) -> str:
    return f"{marks[0]}{text}{marks[1]}"


def _split(text: str) -> list[str]:
    return text.split(BLOCK_SEPARATOR)


def _blocks(span: tuple[int, int]) -> str:
    start, end = span
    return f"block {start + 1}" if end - start <= 1 else f"blocks {start + 1}\u2013{end}"


def _percent(value: float) -> str:
    """Rounded down, so that anything short of identical never reads as 100%."""
    return f"{int(value * 100)}%"

"""The diff stage: which blocks of a policy text stayed, changed, moved, appeared or went.

`diff_texts` aligns two normalised texts block by block (a block is one line: a heading,
paragraph, list item or table row; see `blocks`), pairs reworded and moved blocks (see `align`
for the algorithm) and returns a `TextDiff`. `align_sentences` and `word_diff` refine one
replaced block for display and analysis; `render` turns a diff into terminal or Markdown text,
and `terminal_safe` makes any vendor text safe to print.
Everything here is a pure function of its inputs.
"""

from __future__ import annotations

from watcher.diff.align import MOVE_CUTOFF, PAIR_CUTOFF, align, align_sentences
from watcher.diff.blocks import BLOCK_SEPARATOR, split_blocks, split_sentences
from watcher.diff.render import (
    render_markdown,
    render_terminal,
    render_words,
    summarize,
    terminal_safe,
)
from watcher.diff.words import WordOp, word_diff
from watcher.records import Hunk, HunkOp, TextDiff

__all__ = [
    "BLOCK_SEPARATOR",
    "MOVE_CUTOFF",
    "PAIR_CUTOFF",
    "WordOp",
    "align_sentences",
    "diff_texts",
    "render_markdown",
    "render_terminal",
    "render_words",
    "split_blocks",
    "split_sentences",
    "summarize",
    "terminal_safe",
    "word_diff",
]


def diff_texts(old: str, new: str) -> TextDiff:
    """Align `old` with `new`; hunk spans are [start, end) indices into `split_blocks` of each."""
    if old == new:
        blocks = split_blocks(new)
        if not blocks:
            return TextDiff(hunks=(), similarity=1.0)
        text = BLOCK_SEPARATOR.join(blocks)
        span = (0, len(blocks))
        return TextDiff(hunks=(Hunk(HunkOp.EQUAL, text, text, span, span),), similarity=1.0)
    hunks, similarity = align(split_blocks(old), split_blocks(new), sep=BLOCK_SEPARATOR)
    return TextDiff(hunks=hunks, similarity=similarity)

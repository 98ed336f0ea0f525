"""One pass over a cleaned HTML tree that turns it into the blocks of the normalised text format.

The walk is `lxml.etree.iterwalk` (the tree iteration runs in C) with a small stack of what each
open element started, so its end event knows what to finish; there is no recursion, hence no
depth limit to trip on hostile pages. Per element the Python work is one dict lookup for
the common inline case.

Decisions (see `normalize` for the format itself):

* Headings, paragraphs, `div`s and other block elements end the current block; inline elements
  (`a`, `em`, `span`, …) only contribute their text, so links lose their URLs and emphasis is
  dropped.
* Every list item, table row and paragraph is its own block, so that the diff stage can align
  clauses one by one. Ordered items are all written `1.`: real numbers would renumber every
  later item when one is inserted. Nested items are indented two spaces per level, and quotes
  marked `> ` per level, six levels at most: deeper ones read as the sixth level. Indentation
  that grew with depth let a page of nested `<ul>`s, 8 MB, become 528 M characters of text.
  A further paragraph inside an item is indented like the item's text.
* The text is capped (`MAX_TEXT_CHARS`, counted as blocks are made, so a hostile page cannot
  fill memory first): past it the page is refused with an InputError, a failed check.
* One `<br>` is a space (blocks stay one line: an address reads "Acme Inc. 1 Main St"); two or
  more in a row end the block, since that is how many CMSs write paragraphs.
* Data tables become one `| a | b |` row per block. A table used for page layout (it has
  nested tables or headings, or role="presentation") is walked like nested `div`s instead, or
  a whole policy would become one row.
* Inside a heading or a table cell everything is inline: nested blocks become spaces.
* `dl` terms and definitions are plain paragraphs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from lxml import etree

from watcher.extract.normalize import MAX_TEXT_CHARS, collapse, text_too_long

__all__ = ["to_blocks"]

# What an element does when it opens; the same code, popped at its end, says what to close.
# Codes up to _INLINE need no work at the end.
_OTHER, _INLINE, _SPACE, _BLOCK, _BREAK, _HEADING, _LIST, _ITEM, _QUOTE, _TABLE, _ROW, _CELL = (
    range(12)
)

# fmt: off
_BLOCK_TAGS = (
    "address", "article", "aside", "body", "caption", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr",
    "html", "legend", "main", "nav", "option", "p", "pre", "search", "section", "summary",
    "tbody", "tfoot", "thead", "listing", "plaintext", "xmp",
)
# fmt: on
_KINDS: Mapping[str, int] = MappingProxyType(
    {
        **dict.fromkeys(_BLOCK_TAGS, _BLOCK),
        **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), _HEADING),
        **dict.fromkeys(("ul", "ol", "menu", "dir"), _LIST),
        "br": _BREAK,
        "li": _ITEM,
        "blockquote": _QUOTE,
        "table": _TABLE,
        "tr": _ROW,
        "td": _CELL,
        "th": _CELL,
    }
)
_MARKERS: Mapping[str, str] = MappingProxyType({"ol": "1. "})
_MAX_LEVELS = 6
"""List and quote levels that indentation shows; deeper ones are shown as this one."""


@functools.lru_cache(maxsize=1)
def _is_layout_table() -> etree.XPath:
    headings = " or ".join(f"self::h{level}" for level in range(1, 7))
    return etree.XPath(
        f"boolean(@role = 'presentation' or @role = 'none' or .//*[self::table or {headings}])"
    )


def to_blocks(roots: Iterable[etree._Element], *, max_chars: int = MAX_TEXT_CHARS) -> list[str]:
    """The blocks of each root's text, in order; roots must not contain one another.

    Raises InputError as soon as the text, blocks joined, would be over `max_chars` characters.
    """
    builder = _Builder(max_chars)
    for root in roots:
        builder.walk(root)
    return builder.blocks


class _Builder:
    """The state of one walk: per call, never shared."""

    __slots__ = (
        "blocks",
        "cells",
        "data_table",
        "heading",
        "inline",
        "lists",
        "marker",
        "max_chars",
        "parts",
        "pending_break",
        "quote",
        "size",
    )

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.size = 0  # characters of the blocks so far, each with a blank line after it
        self.blocks: list[str] = []
        self.parts: list[str] = []  # text of the block being built
        self.inline = 0  # > 0 inside a heading or table cell
        self.heading = 0
        self.lists: list[str] = []  # marker of each open list
        self.marker: str | None = None  # marker waiting for the current item's first block
        self.quote = 0
        self.data_table = False
        self.cells: list[str] | None = None  # cells of the open data-table row
        self.pending_break = False  # a <br> with nothing but whitespace after it yet

    def walk(self, root: etree._Element) -> None:
        # The hot loop of the extractor: inline elements (most of them) never leave it.
        opened: list[int] = []
        push, pop, kinds, add = opened.append, opened.pop, _KINDS, self._add
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            if event == "start":
                tag = el.tag
                kind = kinds.get(tag)
                if kind is None:
                    if not isinstance(tag, str):  # comment, processing instruction, entity
                        walker.skip_subtree()
                        push(_OTHER)
                        continue
                    kind = _INLINE
                else:
                    kind = self._open(el, tag, kind)
                push(kind)
                text = el.text
                if text:
                    add(text)
            else:
                kind = pop()
                if kind > _INLINE:
                    self._close(kind)
                tail = el.tail
                if tail and el is not root:
                    add(tail)
        self._flush()

    def _add(self, text: str) -> None:
        self.parts.append(text)
        if self.pending_break and not text.isspace():
            self.pending_break = False

    def _open(self, el: etree._Element, tag: str, kind: int) -> int:
        if self.inline:
            self.parts.append(" ")
            return _SPACE
        if kind == _BREAK:
            self._break()
            return _INLINE
        if kind == _CELL and self.cells is not None:
            self.parts.clear()
            self.inline += 1
            return _CELL
        self._flush()
        if kind == _HEADING:
            self.heading = int(tag[1])
            self.inline += 1
        elif kind == _LIST:
            self.lists.append(_MARKERS.get(tag, "- "))
        elif kind == _ITEM:
            self.marker = self.lists[-1] if self.lists else "- "
        elif kind == _QUOTE:
            self.quote += 1
        elif kind == _TABLE:
            if _is_layout_table()(el):
                return _BLOCK
            self.data_table = True
        elif kind == _ROW:
            if not self.data_table:
                return _BLOCK
            self.cells = []
        elif kind == _CELL:
            return _BLOCK
        return kind

    def _close(self, kind: int) -> None:
        if kind == _SPACE:
            self.parts.append(" ")
        elif kind == _CELL:
            assert self.cells is not None
            self.cells.append(collapse("".join(self.parts)))
            self.parts.clear()
            self.inline -= 1
        elif kind == _ROW:
            self._row()
        else:
            self._flush()
            if kind == _HEADING:
                self.heading = 0
                self.inline -= 1
            elif kind == _LIST:
                self.lists.pop()
            elif kind == _ITEM:
                self.marker = None
            elif kind == _QUOTE:
                self.quote -= 1
            elif kind == _TABLE:
                self.data_table = False

    def _break(self) -> None:
        if self.pending_break:
            self._flush()
        else:
            self.parts.append(" ")
            self.pending_break = True

    def _row(self) -> None:
        cells, self.cells = self.cells or [], None
        self.parts.clear()
        if any(cells):
            self._emit("|" + "".join(f" {cell} |" if cell else " |" for cell in cells))

    def _flush(self) -> None:
        if not self.parts:
            return
        text = collapse("".join(self.parts))
        self.parts.clear()
        self.pending_break = False
        if text:
            self._emit("#" * self.heading + " " + text if self.heading else text)

    def _emit(self, text: str) -> None:
        """Add a block, prefixed by its list indentation, quote marks and item marker."""
        depth = min(len(self.lists), _MAX_LEVELS)
        prefix = "> " * min(self.quote, _MAX_LEVELS)
        if self.marker is not None:
            prefix = "  " * max(depth - 1, 0) + prefix + self.marker
            self.marker = None
        elif depth:
            prefix = "  " * depth + prefix
        block = prefix + text
        self.size += len(block) + 2
        if self.size - 1 > self.max_chars:  # the text ends in one newline, not a blank line
            raise text_too_long(self.max_chars)
        self.blocks.append(block)

"""Word-level diff of two short texts (a replaced block or sentence), for display and analysis.

Words, numbers ("3.5", "1,000") and compound words ("opt-out", "don't") are atoms, each other
punctuation mark is one atom, and whitespace rides along with the atom before it. Atoms are
aligned with difflib; whitespace is compared separately, so "collect" at the end of one text
still matches "collect " in the other. Joining the `equal` and `delete` pieces gives the old text
back exactly, joining `equal` and `insert` gives the new one.

A short equal stretch caught between two larger changes is folded into them (the "semantic
cleanup" of diff-match-patch), so a rewritten sentence reads as one change, not as a comb of
changes around every shared "the".
"""

from __future__ import annotations

import itertools
import re
from difflib import SequenceMatcher

__all__ = ["WordOp", "word_diff"]

WordOp = tuple[str, str]
"""("equal" | "delete" | "insert", text)."""

_ATOM = re.compile(r"\w+(?:['\u2019.,\-]\w+)*|[^\w\s]")

_Group = tuple[str, str, str]  # ("equal", text, "") or ("change", deleted, inserted)


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """The word-level edit from `old` to `new`, each change a deletion followed by an insertion."""
    old_lead, old_atoms = _atoms(old)
    new_lead, new_atoms = _atoms(new)
    ops: list[WordOp] = []
    _pair_space(ops, old_lead, new_lead)
    matcher = SequenceMatcher(
        None, [a for a, _ in old_atoms], [a for a, _ in new_atoms], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            ops.append(("delete", "".join(a + s for a, s in old_atoms[i1:i2])))
            ops.append(("insert", "".join(a + s for a, s in new_atoms[j1:j2])))
            continue
        for (atom, old_space), (_, new_space) in zip(
            old_atoms[i1:i2], new_atoms[j1:j2], strict=True
        ):
            ops.append(("equal", atom))
            _pair_space(ops, old_space, new_space)
    return _flatten(_fold_small_equals(_group(ops)))


def _atoms(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Leading whitespace, then (atom, whitespace after it) pairs covering the whole text."""
    matches = list(_ATOM.finditer(text))
    if not matches:
        return text, []
    atoms = [
        (match.group(), text[match.end() : nxt.start()])
        for match, nxt in itertools.pairwise(matches)
    ]
    atoms.append((matches[-1].group(), text[matches[-1].end() :]))
    return text[: matches[0].start()], atoms


def _pair_space(ops: list[WordOp], old: str, new: str) -> None:
    if old == new:
        ops.append(("equal", old))
    else:
        ops.append(("delete", old))
        ops.append(("insert", new))


def _group(ops: list[WordOp]) -> list[_Group]:
    """Alternating equal runs and changes (all deletions, then all insertions, between equals)."""
    groups: list[_Group] = []
    equal: list[str] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, text in ops:
        if not text:
            continue
        if op == "equal":
            if deleted or inserted:
                groups.append(("change", "".join(deleted), "".join(inserted)))
                deleted, inserted = [], []
            equal.append(text)
            continue
        if equal:
            groups.append(("equal", "".join(equal), ""))
            equal = []
        (deleted if op == "delete" else inserted).append(text)
    if deleted or inserted:
        groups.append(("change", "".join(deleted), "".join(inserted)))
    if equal:
        groups.append(("equal", "".join(equal), ""))
    return groups


def _fold_small_equals(groups: list[_Group]) -> list[_Group]:
    """Fold an equal run into its neighbouring changes when it is no longer than either."""
    folded: list[_Group] = []
    for group in groups:
        if (
            group[0] == "change"
            and len(folded) >= 2
            and folded[-1][0] == "equal"
            and folded[-2][0] == "change"
        ):
            _, equal, _ = folded[-1]
            _, before_del, before_ins = folded[-2]
            _, after_del, after_ins = group
            size = len(equal.strip())
            if size <= _size(before_del, before_ins) and size <= _size(after_del, after_ins):
                del folded[-2:]
                group = (
                    "change",
                    before_del + equal + after_del,
                    before_ins + equal + after_ins,
                )
        folded.append(group)
    return folded


def _size(deleted: str, inserted: str) -> int:
    """How much a change weighs against an equal run: whitespace changes weigh nothing."""
    return max(len(deleted.strip()), len(inserted.strip()))


def _flatten(groups: list[_Group]) -> tuple[WordOp, ...]:
    ops: list[WordOp] = []
    for kind, first, second in groups:
        if kind == "equal":
            ops.append(("equal", first))
            continue
        if first:
            ops.append(("delete", first))
        if second:
            ops.append(("insert", second))
    return tuple(ops)

"""Word-level diff of two short texts (a replaced block or sentence), for display and analysis.

Words, numbers ("3.5", "1,000") and compound words ("opt-out", "don't") are atoms, each other
punctuation mark is one atom, and whitespace rides along with the atom before it. Atoms are
aligned with difflib; whitespace is compared separately, so "collect" at the end of one text
still matches "collect " in the other. Joining the `equal` and `delete` pieces gives the old text
back exactly, joining `equal` and `insert` gives the new one.

A page laid out with bare line breaks can make one block of tens of thousands of words, where a
word-level SequenceMatcher is quadratic. Past its work budget (see `sequence`), the atoms are
grouped into sentence-like runs ending at . ! ? ; : or …, the runs are aligned, and only the
stretches between equal runs are aligned word by word.

A short equal stretch caught between two larger changes is folded into them (the "semantic
cleanup" of diff-match-patch), so a rewritten sentence reads as one change, not as a comb of
changes around every shared "the".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from watcher.diff.sequence import Opcode, matcher_opcodes, opcodes

__all__ = ["WordOp", "word_diff"]

WordOp = tuple[str, str]
"""("equal" | "delete" | "insert", text)."""

_ATOM = re.compile(r"\w+(?:['\u2019.,\-]\w+)*|[^\w\s]")
_RUN_ENDS = frozenset(".!?;:\u2026")


def word_diff(old: str, new: str) -> tuple[WordOp, ...]:
    """The word-level edit from `old` to `new`, each change a deletion followed by an insertion."""
    old_lead, old_atoms = _atoms(old)
    new_lead, new_atoms = _atoms(new)
    ops: list[WordOp] = []
    _pair_space(ops, old_lead, new_lead)
    for tag, i1, i2, j1, j2 in _align([a for a, _ in old_atoms], [a for a, _ in new_atoms]):
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


def _align(old: list[str], new: list[str]) -> list[Opcode]:
    """SequenceMatcher's alignment of two atom lists while cheap, else run by run."""
    codes = matcher_opcodes(old, new)
    if codes is not None:
        return codes
    old_runs, new_runs = _runs(old), _runs(new)
    codes = []
    for tag, r1, r2, s1, s2 in opcodes(
        [tuple(old[a:b]) for a, b in old_runs], [tuple(new[a:b]) for a, b in new_runs]
    ):
        i1, i2 = _cover(old_runs, r1, r2)
        j1, j2 = _cover(new_runs, s1, s2)
        if tag == "equal":
            codes.append((tag, i1, i2, j1, j2))
        else:
            codes += [
                (t, a1 + i1, a2 + i1, b1 + j1, b2 + j1)
                for t, a1, a2, b1, b2 in opcodes(old[i1:i2], new[j1:j2])
            ]
    return codes


def _runs(atoms: list[str]) -> list[tuple[int, int]]:
    """[start, end) of the sentence-like runs of atoms, each ending at a run-ending mark."""
    ends = [i + 1 for i, atom in enumerate(atoms) if atom in _RUN_ENDS]
    if atoms and (not ends or ends[-1] != len(atoms)):
        ends.append(len(atoms))
    return list(itertools.pairwise([0, *ends]))


def _cover(runs: Sequence[tuple[int, int]], first: int, stop: int) -> tuple[int, int]:
    """The atom range [start, end) of runs[first:stop]; empty at the right place if no runs."""
    if first < stop:
        return runs[first][0], runs[stop - 1][1]
    at = runs[first][0] if first < len(runs) else (runs[-1][1] if runs else 0)
    return at, at


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


@dataclass(slots=True)
class _Text:
    """Text kept as parts, with its length and edge whitespace, so joining two costs O(1).

    Folding a long comb of small changes and equal runs into one change would otherwise copy
    the growing change at every fold: quadratic on a rewritten block of many thousand words.
    """

    parts: list[str] = field(default_factory=list)
    length: int = 0
    lead: int = 0  # whitespace at the start: all of the text while it is blank
    trail: int = 0  # whitespace at the end: likewise

    @property
    def size(self) -> int:
        """`len(str(self).strip())`."""
        return max(0, self.length - self.lead - self.trail)

    def add(self, text: str) -> None:
        self.join(
            _Text([text], len(text), len(text) - len(text.lstrip()), len(text) - len(text.rstrip()))
        )

    def join(self, other: _Text) -> None:
        if self.lead == self.length:
            self.lead += other.lead
        self.trail = other.trail + self.trail if other.trail == other.length else other.trail
        self.length += other.length
        self.parts += other.parts

    def __str__(self) -> str:
        return "".join(self.parts)


@dataclass(slots=True)
class _Change:
    deleted: _Text = field(default_factory=_Text)
    inserted: _Text = field(default_factory=_Text)

    @property
    def size(self) -> int:
        """How much a change weighs against an equal run: whitespace changes weigh nothing."""
        return max(self.deleted.size, self.inserted.size)


_Group = str | _Change  # an equal run, or a change


def _group(ops: list[WordOp]) -> list[_Group]:
    """Alternating equal runs and changes (all deletions, then all insertions, between equals)."""
    groups: list[_Group] = []
    equal: list[str] = []
    change: _Change | None = None
    for op, text in ops:
        if not text:
            continue
        if op == "equal":
            if change is not None:
                groups.append(change)
                change = None
            equal.append(text)
            continue
        if equal:
            groups.append("".join(equal))
            equal = []
        change = change or _Change()
        (change.deleted if op == "delete" else change.inserted).add(text)
    if change is not None:
        groups.append(change)
    if equal:
        groups.append("".join(equal))
    return groups


def _fold_small_equals(groups: list[_Group]) -> list[_Group]:
    """Fold an equal run into its neighbouring changes when it is no longer than either."""
    folded: list[_Group] = []
    for group in groups:
        if isinstance(group, _Change) and len(folded) >= 2:
            before, equal = folded[-2], folded[-1]
            if (
                isinstance(equal, str)
                and isinstance(before, _Change)
                and len(equal.strip()) <= min(before.size, group.size)
            ):
                del folded[-2:]
                for side, after in (
                    (before.deleted, group.deleted),
                    (before.inserted, group.inserted),
                ):
                    side.add(equal)
                    side.join(after)
                group = before
        folded.append(group)
    return folded


def _flatten(groups: list[_Group]) -> tuple[WordOp, ...]:
    ops: list[WordOp] = []
    for group in groups:
        if isinstance(group, str):
            ops.append(("equal", group))
            continue
        if group.deleted.length:
            ops.append(("delete", str(group.deleted)))
        if group.inserted.length:
            ops.append(("insert", str(group.inserted)))
    return tuple(ops)

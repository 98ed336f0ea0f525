"""Difflib-style opcodes for two sequences of units, in bounded time and memory at any length.

`difflib.SequenceMatcher` gives the alignments people expect and is fast on ordinary input, but
it searches every unmatched stretch afresh for its longest match, so repeated units (a table of
"Yes"/"No" rows, the word "the") or many edits spread over a long sequence make it quadratic:
a 40,000-word block took over ten minutes. So it runs with a work budget, counted as the unit
pairs its longest-match searches visit, and only when that runs out:

1. the common head and tail are cut off, and a middle small enough for a bit matrix
   (`_LCS_CELLS` bits, 32 MB) is aligned by rapidfuzz's bit-parallel LCS, `Indel.opcodes`;
2. a larger middle is cut at anchors, units found exactly once on each side and kept in order
   (the longest increasing chain, as in patience diff), and each gap between anchors is aligned
   afresh by these same steps;
3. a middle without anchors (low-variety units: table cells, words of a small vocabulary) is
   aligned by rapidfuzz's `Levenshtein.opcodes`, which needs only linear memory (Hirschberg)
   but may trade a lone common unit for substitutions. Past `_EDIT_CELLS` it is cut into equal
   shares along the diagonal, aligned share by share: edits near a cut may be shown a little
   wider than they are, but the time stays about linear and nothing becomes one giant change.

On input within the budget the output is exactly SequenceMatcher's. Callers with structure
(words inside sentences) can align coarse units first and refine the changed stretches.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter
from collections.abc import Hashable, Sequence
from difflib import Match, SequenceMatcher

from rapidfuzz.distance import Indel, Levenshtein, Opcodes

__all__ = ["Opcode", "common_ends", "matcher_opcodes", "opcodes"]

Opcode = tuple[str, int, int, int, int]
"""difflib's (tag, old start, old end, new start, new end); tags equal/replace/delete/insert."""

_MATCHER_WORK = 1_000_000  # unit pairs SequenceMatcher may visit in all (about 0.1 s)
_LCS_CELLS = 1 << 28  # old x new units Indel.opcodes may hold as a bit matrix
_EDIT_CELLS = 1 << 30  # old x new units in one Levenshtein.opcodes call (about 0.1 s)
_MAX_DEPTH = 8  # rounds of anchoring inside anchoring, after which step 3 takes over


class _OverBudget(Exception):
    """SequenceMatcher's next longest-match search would exceed the work budget."""


class _BoundedMatcher(SequenceMatcher[int]):
    """SequenceMatcher that gives up before a longest-match search that would overrun the budget.

    A search over old[alo:ahi] visits, for each old unit there, every copy of it in new: with
    a running sum of those counts the cost of a search is known before it starts.
    """

    def __init__(self, old: Sequence[int], new: Sequence[int]) -> None:
        super().__init__(None, old, new, autojunk=False)
        copies = Counter(new)
        self._cost_before = [0, *itertools.accumulate(copies[unit] + 1 for unit in old)]
        self._work = 0

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> Match:
        end = len(self._cost_before) - 1 if ahi is None else ahi
        self._work += self._cost_before[end] - self._cost_before[alo]
        if self._work > _MATCHER_WORK:
            raise _OverBudget
        return super().find_longest_match(alo, ahi, blo, bhi)


def matcher_opcodes(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[Opcode] | None:
    """SequenceMatcher's opcodes (`autojunk` off), or None if they would cost too much work."""
    old_ids, new_ids = _intern(old, new)
    return _matcher(old_ids, new_ids)


def opcodes(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[Opcode]:
    """SequenceMatcher's opcodes (`autojunk` off) when cheap, else a bounded-cost alignment."""
    old_ids, new_ids = _intern(old, new)
    return _align(old_ids, new_ids, 0)


def common_ends(old: Sequence[Hashable], new: Sequence[Hashable]) -> tuple[int, int]:
    """How many units the two sequences share at the start, and then at the end."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < limit - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


def _intern(old: Sequence[Hashable], new: Sequence[Hashable]) -> tuple[list[int], list[int]]:
    """Units as small ints, equal units alike: cheap to hash, and compared exactly by rapidfuzz."""
    ids: dict[Hashable, int] = {}
    return [ids.setdefault(u, len(ids)) for u in old], [ids.setdefault(u, len(ids)) for u in new]


def _matcher(old: list[int], new: list[int]) -> list[Opcode] | None:
    try:
        codes: list[Opcode] = list(_BoundedMatcher(old, new).get_opcodes())
    except _OverBudget:
        return None
    return codes


def _align(old: list[int], new: list[int], depth: int) -> list[Opcode]:
    found = _matcher(old, new)
    if found is not None:
        return found
    head, tail = common_ends(old, new)
    old_end, new_end = len(old) - tail, len(new) - tail
    codes: list[Opcode] = [("equal", 0, head, 0, head)]
    codes += _shift(_middle(old[head:old_end], new[head:new_end], depth), head, head)
    codes.append(("equal", old_end, len(old), new_end, len(new)))
    return _tidy(codes)


def _middle(old: list[int], new: list[int], depth: int) -> list[Opcode]:
    """A middle too costly for SequenceMatcher, with no common head or tail."""
    if len(old) * len(new) <= _LCS_CELLS:
        return _converted(Indel.opcodes(old, new))
    anchors = _anchors(old, new) if depth < _MAX_DEPTH else []
    if not anchors:
        return _diagonal(old, new)
    codes: list[Opcode] = []
    old_at = new_at = 0
    for old_anchor, new_anchor in anchors:
        gap = _align(old[old_at:old_anchor], new[new_at:new_anchor], depth + 1)
        codes += _shift(gap, old_at, new_at)
        codes.append(("equal", old_anchor, old_anchor + 1, new_anchor, new_anchor + 1))
        old_at, new_at = old_anchor + 1, new_anchor + 1
    codes += _shift(_align(old[old_at:], new[new_at:], depth + 1), old_at, new_at)
    return codes


def _diagonal(old: list[int], new: list[int]) -> list[Opcode]:
    """Levenshtein alignment, in equal shares of both sides when too large for one call."""
    shares = math.ceil(math.sqrt(len(old) * len(new) / _EDIT_CELLS))
    codes: list[Opcode] = []
    for share in range(shares):
        old_at, old_end = share * len(old) // shares, (share + 1) * len(old) // shares
        new_at, new_end = share * len(new) // shares, (share + 1) * len(new) // shares
        found = Levenshtein.opcodes(old[old_at:old_end], new[new_at:new_end])
        codes += _shift(_converted(found), old_at, new_at)
    return codes


def _converted(found: Opcodes) -> list[Opcode]:
    return [(c.tag, c.src_start, c.src_end, c.dest_start, c.dest_end) for c in found]


def _anchors(old: list[int], new: list[int]) -> list[tuple[int, int]]:
    """The longest in-order chain of (old index, new index) of units once on each side."""
    old_counts, new_counts = Counter(old), Counter(new)
    new_at = {unit: j for j, unit in enumerate(new) if new_counts[unit] == 1}
    pairs = [(i, new_at[u]) for i, u in enumerate(old) if old_counts[u] == 1 and u in new_at]
    tails: list[int] = []  # tails[k]: least new index ending an increasing chain of k + 1 pairs
    tail_pair: list[int] = []  # the index in pairs of that chain's last pair
    previous: list[int] = []  # for each pair, the pair before it in its best chain, or -1
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        previous.append(tail_pair[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            tail_pair.append(index)
        else:
            tails[k] = j
            tail_pair[k] = index
    chain: list[tuple[int, int]] = []
    index = tail_pair[-1] if tail_pair else -1
    while index >= 0:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]


def _shift(codes: list[Opcode], old_by: int, new_by: int) -> list[Opcode]:
    return [
        (tag, i1 + old_by, i2 + old_by, j1 + new_by, j2 + new_by) for tag, i1, i2, j1, j2 in codes
    ]


def _tidy(codes: list[Opcode]) -> list[Opcode]:
    """Drop empty opcodes and merge neighbours of one kind, as SequenceMatcher's never repeat."""
    tidy: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if i1 == i2 and j1 == j2:
            continue
        equal = tag == "equal"
        if tidy and (tidy[-1][0] == "equal") == equal:
            _, i1, _, j1, _ = tidy.pop()
        tag = (
            "equal"
            if equal
            else "replace"
            if i1 < i2 and j1 < j2
            else "delete"
            if i1 < i2
            else "insert"
        )
        tidy.append((tag, i1, i2, j1, j2))
    return tidy

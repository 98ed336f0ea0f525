"""Alignment of two unit sequences (blocks or sentences) into equal/insert/delete/replace/move.

The algorithm, chosen so that a typical new version (a few clauses edited in a long text) costs
little more than reading both texts:

1. Exact alignment. Common leading and trailing units are cut off first; the middle is aligned
   with `difflib.SequenceMatcher(autojunk=False)`. Its opcodes give the equal runs and the
   changed regions (old and new ranges that differ). When repeated units or many scattered edits
   would make SequenceMatcher quadratic, `sequence` switches to bounded-cost alignment.
2. Moves, exact. A deleted unit whose text is inserted word for word in another region is a MOVE
   (if the text occurs as often in old as in new). This runs before similarity pairing, so a
   paragraph that moved is not mistaken for a reworded neighbour.
3. Rewordings. Inside each changed region the remaining deleted and inserted units are scored
   with `rapidfuzz.fuzz.ratio` over their words and punctuation marks (see `pairing` for why
   not characters). Pairs at
   or above `PAIR_CUTOFF` are taken greedily, best first, keeping reading order (no crossing
   pairs) and become REPLACE hunks carrying the similarity. Small regions are scored in a loop,
   larger ones with `rapidfuzz.process.cdist`; a region bigger than `MAX_CELLS` is cut along its
   diagonal into square chunks, so the work stays linear in the region's length.
4. Moves, fuzzy. Units still unpaired anywhere are paired across regions at `MOVE_CUTOFF` or
   above (a moved paragraph with a small edit): a MOVE with similarity below 1. Skipped when the
   leftovers would need more than `MAX_CELLS` scores; they then stay DELETE and INSERT.

Hunks come out in the new text's reading order; every old and every new unit lies in exactly
one hunk (a MOVE sits where its unit now is). Work outside changed regions is linear.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from watcher.diff import sequence
from watcher.diff.blocks import split_sentences
from watcher.diff.pairing import MAX_CELLS, best_pairs
from watcher.diff.sequence import Opcode
from watcher.records import Hunk, HunkOp

__all__ = ["MOVE_CUTOFF", "PAIR_CUTOFF", "align", "align_sentences"]

PAIR_CUTOFF = 0.55
"""Least token similarity at which a deleted and an inserted unit are one reworded unit."""
MOVE_CUTOFF = 0.7
"""Least token similarity at which units in different places are one moved unit: higher than
`PAIR_CUTOFF`, since a pair across the whole text is likelier to be chance than one in place,
but low enough that a clause moved *and* reworded ("do not use" → "may use") stays paired."""

_Span = tuple[int, int, int, int]  # old start, old end, new start, new end


@dataclass(frozen=True, slots=True)
class _Match:
    old: int
    new: int
    similarity: float


@dataclass(frozen=True, slots=True)
class _Piece:
    """A hunk before its text is joined: op, [start, end) in old and new, similarity."""

    op: HunkOp
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    similarity: float = 1.0

    @classmethod
    def of(cls, op: HunkOp, match: _Match) -> _Piece:
        return cls(op, match.old, match.old + 1, match.new, match.new + 1, match.similarity)


_RUNS = frozenset({HunkOp.DELETE, HunkOp.INSERT, HunkOp.MOVE})


@dataclass(slots=True)
class _Alignment:
    """Working state: which units are paired, by index."""

    old: Sequence[str]
    new: Sequence[str]
    moves: dict[int, _Match] = field(default_factory=dict)  # keyed by new index
    replaces: dict[int, _Match] = field(default_factory=dict)  # keyed by new index
    moved_out: set[int] = field(default_factory=set)
    paired_old: set[int] = field(default_factory=set)


def align(old: Sequence[str], new: Sequence[str], *, sep: str) -> tuple[tuple[Hunk, ...], float]:
    """Hunks aligning `old` to `new`, and their overall similarity (0..1, weighted by length).

    Hunk texts are their units joined with `sep`. Similarity counts equal units fully and paired
    units (replaced or moved) by their pair similarity, so a pure reordering scores 1.0.
    """
    opcodes = _opcodes(old, new)
    regions = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"]
    state = _Alignment(old, new)
    _pair_exact_moves(state, regions)
    for region in regions:
        _pair_rewordings(state, region)
    _pair_fuzzy_moves(state, regions)
    hunks = _hunks(state, _merge(_emit(state, opcodes)), sep)
    return hunks, _similarity(state, opcodes)


def align_sentences(old_block: str, new_block: str) -> tuple[Hunk, ...]:
    """Sentence-level hunks for one replaced block; spans are sentence indices."""
    hunks, _ = align(split_sentences(old_block), split_sentences(new_block), sep=" ")
    return hunks


def _opcodes(old: Sequence[str], new: Sequence[str]) -> list[Opcode]:
    """Equal runs and changed regions, in order; a region is tagged "change"."""
    head, tail = sequence.common_ends(old, new)
    old_end, new_end = len(old) - tail, len(new) - tail
    opcodes: list[Opcode] = [("equal", 0, head, 0, head)]
    opcodes += [
        (tag, i1 + head, i2 + head, j1 + head, j2 + head)
        for tag, i1, i2, j1, j2 in sequence.opcodes(old[head:old_end], new[head:new_end])
    ]
    opcodes.append(("equal", old_end, len(old), new_end, len(new)))
    return _join(opcodes)


def _join(opcodes: list[Opcode]) -> list[Opcode]:
    """Drop empty opcodes; merge neighbouring equal ones, and neighbouring changed ones."""
    joined: list[Opcode] = []
    for code in opcodes:
        tag, i1, i2, j1, j2 = code
        if i1 == i2 and j1 == j2:
            continue
        tag = "equal" if tag == "equal" else "change"
        if joined and joined[-1][0] == tag:
            _, i1, _, j1, _ = joined.pop()
        joined.append((tag, i1, i2, j1, j2))
    return joined


def _pair_exact_moves(state: _Alignment, regions: Sequence[_Span]) -> None:
    """Pair deleted and inserted copies of a text that occurs as often in old as in new.

    A text whose count changed was (also) added or removed, so its copies are not called moves:
    in a table of repeated "Yes"/"No" cells, a flipped cell is not a cell that moved.
    """
    deleted: dict[str, list[int]] = {}
    inserted: dict[str, list[int]] = {}
    for i1, i2, j1, j2 in regions:
        for i in range(i1, i2):
            deleted.setdefault(state.old[i], []).append(i)
        for j in range(j1, j2):
            inserted.setdefault(state.new[j], []).append(j)
    both = deleted.keys() & inserted.keys()
    if not both:
        return
    old_counts, new_counts = Counter(state.old), Counter(state.new)
    for text in both:
        if old_counts[text] == new_counts[text]:
            for i, j in zip(deleted[text], inserted[text], strict=False):
                state.moves[j] = _Match(i, j, 1.0)
                state.moved_out.add(i)


def _pair_rewordings(state: _Alignment, region: _Span) -> None:
    i1, i2, j1, j2 = region
    olds = [i for i in range(i1, i2) if i not in state.moved_out]
    news = [j for j in range(j1, j2) if j not in state.moves]
    texts = [state.old[i] for i in olds], [state.new[j] for j in news]
    for a, b, score in best_pairs(*texts, PAIR_CUTOFF, ordered=True):
        state.replaces[news[b]] = _Match(olds[a], news[b], score)
        state.paired_old.add(olds[a])


def _pair_fuzzy_moves(state: _Alignment, regions: Sequence[_Span]) -> None:
    taken = state.moved_out | state.paired_old
    olds = [i for i1, i2, _, _ in regions for i in range(i1, i2) if i not in taken]
    news = [
        j
        for _, _, j1, j2 in regions
        for j in range(j1, j2)
        if j not in state.moves and j not in state.replaces
    ]
    if len(olds) * len(news) > MAX_CELLS:
        return
    texts = [state.old[i] for i in olds], [state.new[j] for j in news]
    for a, b, score in best_pairs(*texts, MOVE_CUTOFF, ordered=False):
        state.moves[news[b]] = _Match(olds[a], news[b], score)
        state.moved_out.add(olds[a])


def _emit(state: _Alignment, opcodes: list[Opcode]) -> list[_Piece]:
    pieces: list[_Piece] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            pieces.append(_Piece(HunkOp.EQUAL, i1, i2, j1, j2))
            continue
        old_at, new_at = i1, j1
        region_pairs = [m for j in range(j1, j2) if (m := state.replaces.get(j)) is not None]
        for match in [*region_pairs, None]:
            old_stop, new_stop = (match.old, match.new) if match else (i2, j2)
            pieces += _emit_gap(state, (old_at, old_stop, new_at, new_stop))
            if match is not None:
                pieces.append(_Piece.of(HunkOp.REPLACE, match))
                old_at, new_at = match.old + 1, match.new + 1
    return pieces


def _emit_gap(state: _Alignment, gap: _Span) -> list[_Piece]:
    """Deletions of a gap between pairs (less what moved away), then its insertions and moves."""
    i1, i2, j1, j2 = gap
    pieces = [
        _Piece(HunkOp.DELETE, i, i + 1, j1, j1) for i in range(i1, i2) if i not in state.moved_out
    ]
    for j in range(j1, j2):
        move = state.moves.get(j)
        if move is None:
            pieces.append(_Piece(HunkOp.INSERT, i2, i2, j, j + 1))
        else:
            pieces.append(_Piece.of(HunkOp.MOVE, move))
    return pieces


def _merge(pieces: list[_Piece]) -> list[_Piece]:
    """Join neighbouring single-unit deletions, insertions and exact moves into runs."""
    merged: list[_Piece] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.op is piece.op
            and piece.op in _RUNS
            and last.similarity == piece.similarity == 1.0
            and last.old_end == piece.old_start
            and last.new_end == piece.new_start
        ):
            merged[-1] = _Piece(
                piece.op, last.old_start, piece.old_end, last.new_start, piece.new_end
            )
        else:
            merged.append(piece)
    return merged


def _hunks(state: _Alignment, pieces: list[_Piece], sep: str) -> tuple[Hunk, ...]:
    return tuple(_hunk(state, p, sep) for p in pieces)


def _hunk(state: _Alignment, p: _Piece, sep: str) -> Hunk:
    old_text = sep.join(state.old[p.old_start : p.old_end])
    # Equal sides share one string: most of a page is unchanged, and a pass keeps its diffs.
    new_text = old_text if p.op is HunkOp.EQUAL else sep.join(state.new[p.new_start : p.new_end])
    old_span, new_span = (p.old_start, p.old_end), (p.new_start, p.new_end)
    return Hunk(p.op, old_text, new_text, old_span, new_span, p.similarity)


def _similarity(state: _Alignment, opcodes: list[Opcode]) -> float:
    old, new = state.old, state.new
    total = sum(map(len, old)) + sum(map(len, new))
    if not total:
        return 1.0
    matched: float = sum(
        2 * sum(map(len, old[i1:i2])) for tag, i1, i2, _, _ in opcodes if tag == "equal"
    )
    for match in (*state.moves.values(), *state.replaces.values()):
        matched += match.similarity * (len(old[match.old]) + len(new[match.new]))
    return min(1.0, matched / total)

"""Judge one changed passage: pair its clauses, then apply the rules to each pair.

The diff stage has aligned blocks; inside a changed block this module finds which clauses
stayed (same canonical form, wherever they now sit), which were reworded (paired by word
similarity), and which were added or removed, and asks `rules` about each. Clauses that only
moved, or differ only by cosmetic edits, come out `cosmetic`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from watcher.analyze.clauses import (
    canonical,
    content_key,
    is_boilerplate,
    same_words,
    sentences,
    split_clauses,
    typo_equal,
)
from watcher.analyze.commitments import TRACKED, Commitment, read_in_context, topics_of
from watcher.analyze.rules import (
    Movement,
    OldText,
    judge_added,
    judge_controls,
    judge_pair,
    judge_removed,
)
from watcher.records import VERDICT_ORDER, Topic, Verdict

__all__ = ["Judgement", "judge_passage"]

PAIR_CUTOFF = 45.0
"""Word similarity (0 to 100) above which a removed and an added clause are one reworded clause."""


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one changed sentence (or pair of sentences) of a passage."""

    verdict: Verdict
    topics: frozenset[Topic]
    explanation: str
    old: str
    new: str


@dataclass(slots=True)
class _Clause:
    part: int
    sentence: str
    text: str
    key: str
    prior: str
    """The clause or sentence before, whose topics a pronoun subject ("They may…") takes."""
    antecedent: str = ""
    """The canonical form of the sentence before this clause's sentence, if any."""
    fresh: bool = False
    """The sentence before is new too, so "those models" may name something new."""
    _read: Commitment | None = None

    @property
    def commitment(self) -> Commitment:
        """Read only when needed: clauses that stayed are compared by key, never read."""
        if self._read is None:
            self._read = read_in_context(self.text, lambda: topics_of(self.prior) & TRACKED)
        return self._read

    @property
    def content(self) -> str:
        return content_key(self.key)


Context = Callable[[frozenset[Topic], Iterable[str], Iterable[str]], Iterable[Commitment]]
"""The old text's commitments on the given topics (see `rules.OldText`)."""


def partial_context(context: Context, topics: frozenset[Topic]) -> OldText:
    return lambda actions, subjects: context(topics, actions, subjects)


Part = tuple[int, str]
"""A piece of changed text and the index of the diff hunk it came from."""


def judge_passage(
    old_parts: Sequence[Part],
    new_parts: Sequence[Part],
    context: Context,
) -> list[tuple[int, Judgement]]:
    """Judgements for the changed text of a diff, each with the hunk it belongs to.

    Clauses are matched across all the changed parts, so a clause that moved from one part of
    the page to another is recognised wherever it went. `context` lazily gives the whole old
    text's commitments.
    """
    old = _clauses(old_parts)
    new = _clauses(new_parts)
    old_keys = {c.key for c in old}
    new_keys = {c.key for c in new}
    gone = [c for c in old if c.key not in new_keys]
    came = [c for c in new if c.key not in old_keys]
    if (not gone and not came) or _same_text(old_parts, new_parts):
        index = (new_parts or old_parts)[0][0] if (new_parts or old_parts) else 0
        old_text = " ".join(text for _, text in old_parts)
        new_text = " ".join(text for _, text in new_parts)
        return [(index, _cosmetic(old_text, new_text, "only moved, duplicated or cosmetic edits"))]
    old_sentences = {canonical(c.sentence) for c in old}
    for clause in came:
        clause.fresh = bool(clause.antecedent) and clause.antecedent not in old_sentences
    controls = judge_controls([c.commitment for c in gone], [c.commitment for c in came])
    judged = [
        ((b or a).part if (b or a) else 0, _judge(a, b, partial, context))  # type: ignore[union-attr]
        for a, b, partial in _pair(gone, came)
    ]
    if controls:
        where = next(
            (c for c in came if c.commitment.easy_control or c.commitment.hard_control), None
        )
        before = next(
            (c for c in gone if c.commitment.easy_control or c.commitment.hard_control), None
        )
        judged.append(
            (
                (where or before or (came or gone)[0]).part,
                _from_moves(
                    controls, before.sentence if before else "", where.sentence if where else ""
                ),
            )
        )
    return _merge(judged)


def _same_text(old: Sequence[Part], new: Sequence[Part]) -> bool:
    """Whether both sides read the same once cut the same way (a line break moved, say)."""
    return canonical(" ".join(t for _, t in old)) == canonical(" ".join(t for _, t in new))


def _clauses(parts: Sequence[Part]) -> list[_Clause]:
    out = []
    for index, text in parts:
        prior = ""
        before = ""
        for sentence in sentences(text):
            if is_boilerplate(sentence):
                continue
            for clause in split_clauses(sentence):
                key = canonical(clause)
                if key:
                    out.append(_Clause(index, sentence, clause, key, prior, before))
                prior = clause
            before = canonical(sentence)
    return out


_Pairing = tuple[_Clause | None, _Clause | None, bool]
"""A removed clause, an added clause, and whether the pair is partial (one side holds only part
of what the other says, as when one sentence became two)."""


def _pair(gone: list[_Clause], came: list[_Clause]) -> list[_Pairing]:
    """Pair removed with added clauses: best word similarity first, then by shared topic.

    A clause left over after one-to-one pairing whose words all sit inside a paired clause on
    the other side is judged against that clause too: "we do not sell your data or use it for
    ads" split into two clauses is still about the same commitments.
    """
    pairs: list[_Pairing] = []
    if gone and came:
        scores = cdist([c.content for c in gone], [c.content for c in came], scorer=_score)
        order = sorted(
            ((float(scores[i][j]), i, j) for i in range(len(gone)) for j in range(len(came))),
            reverse=True,
        )
        used_old: set[int] = set()
        used_new: set[int] = set()
        for score, i, j in order:
            if score < PAIR_CUTOFF:
                break
            if i not in used_old and j not in used_new:
                used_old.add(i)
                used_new.add(j)
                pairs.append((gone[i], came[j], False))
        rest_old = [c for i, c in enumerate(gone) if i not in used_old]
        rest_new = [c for j, c in enumerate(came) if j not in used_new]
        if len(rest_old) == 1 and len(rest_new) == 1 and _share_topic(rest_old[0], rest_new[0]):
            pairs.append((rest_old[0], rest_new[0], False))
            rest_old, rest_new = [], []
        for clause in rest_old:
            host = _host(clause, [b for _, b, _ in pairs if b is not None])
            pairs.append((clause, host, True))
        for clause in rest_new:
            host = _host(clause, [a for a, _, _ in pairs if a is not None])
            pairs.append((host, clause, True))
        return pairs
    return [(c, None, False) for c in gone] + [(None, c, False) for c in came]


def _score(a: str, b: str, **_: object) -> float:
    return float(max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b) * 0.9))


def _share_topic(a: _Clause, b: _Clause) -> bool:
    return bool(a.commitment.topics & b.commitment.topics & TRACKED)


def _host(clause: _Clause, others: list[_Clause]) -> _Clause | None:
    """The clause on the other side that contains this one's words, if one does."""
    words = set(clause.content.split())
    for other in others:
        if words and len(words & set(other.content.split())) >= 0.5 * len(words):
            return other
    return None


def _judge(
    old: _Clause | None,
    new: _Clause | None,
    partial: bool,
    context: Context,
) -> Judgement:
    if old is not None and new is not None:
        if typo_equal(old.key, new.key) or (
            same_words(old.commitment.text, new.commitment.text)
            and not judge_pair(old.commitment, new.commitment)
        ):
            return _cosmetic(old.sentence, new.sentence, "cosmetic edit")
        moves = judge_pair(old.commitment, new.commitment, partial=partial)
        topics = old.commitment.topics | new.commitment.topics
    elif new is not None:
        moves = judge_added(
            new.commitment,
            partial_context(context, new.commitment.topics & TRACKED),
            fresh_antecedent=new.fresh,
        )
        topics = new.commitment.topics
    else:
        assert old is not None
        moves = judge_removed(old.commitment)
        topics = old.commitment.topics
    old_sentence = old.sentence if old else ""
    new_sentence = new.sentence if new else ""
    if not moves:
        what = "reworded" if old and new else "added" if new else "removed"
        note = f"{what}; no commitment on a tracked topic moved"
        return Judgement(Verdict.NEUTRAL, _topics(topics), note, old_sentence, new_sentence)
    return _from_moves(moves, old_sentence, new_sentence)


def _from_moves(moves: list[Movement], old: str, new: str) -> Judgement:
    verdict = next(v for v in VERDICT_ORDER if any(m.verdict is v for m in moves))
    top = [m for m in moves if m.verdict is verdict]
    topics = frozenset(t for m in top for t in m.topics)
    explanation = "; ".join(dict.fromkeys(m.explanation for m in top))
    return Judgement(verdict, topics, explanation, old, new)


def _cosmetic(old: str, new: str, note: str) -> Judgement:
    return Judgement(Verdict.COSMETIC, _topics(topics_of(old) | topics_of(new)), note, old, new)


def _topics(topics: frozenset[Topic]) -> frozenset[Topic]:
    tracked = topics & TRACKED
    return tracked or frozenset({Topic.OTHER})


def _merge(judged: list[tuple[int, Judgement]]) -> list[tuple[int, Judgement]]:
    """One judgement per sentence pair: clauses of one sentence are reported together."""
    merged: dict[tuple[int, str, str], list[tuple[int, Judgement]]] = {}
    for index, judgement in judged:
        key = (index, judgement.old, judgement.new)
        merged.setdefault(key, []).append((index, judgement))
    out = []
    for (_, old, new), group in merged.items():
        verdict = next(v for v in VERDICT_ORDER if any(j.verdict is v for _, j in group))
        top = [j for _, j in group if j.verdict is verdict]
        topics = frozenset(t for j in top for t in j.topics)
        explanation = "; ".join(dict.fromkeys(j.explanation for j in top))
        out.append((group[0][0], Judgement(verdict, topics, explanation, old, new)))
    return sorted(out, key=lambda item: item[0])

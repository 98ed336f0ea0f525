"""The rules for a reworded clause: what moved between its old and its new commitment.

`judge_pair` compares aspect by aspect in a fixed order (consent, stance, hedges, exceptions,
duty, retention, deletion, a newly named practice, then protective words and scope): a finding's
explanation joins its moves in that order, and the scope rules run only when neither the stance
nor a control moved, since a scope change under a new stance would be read twice.
"""

from __future__ import annotations

import re

from watcher.analyze.commitments import Commitment, Stance
from watcher.analyze.lexicon import DELETION_VERBS, words
from watcher.analyze.rules.controls import consent_moves
from watcher.analyze.rules.movement import Movement, quote, quotes, tracked
from watcher.analyze.rules.practices import PRACTICE_VERBS, better_verdict
from watcher.analyze.rules.scope import protective_moves, scope_moves
from watcher.analyze.scope_lexicon import VAGUE_SCOPE
from watcher.records import Topic, Verdict

__all__ = ["judge_pair"]

_USED_ONLY_FOR = words(
    r"(?:only|solely) (?:be )?used (?:to|for)", r"used (?:only|solely) (?:to|for)"
)
_NO_LONGER_THAN = words(r"(?:no )?longer than", r"beyond", r"more than")

_W, _S, _C = Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED


def judge_pair(old: Commitment, new: Commitment, *, partial: bool = False) -> list[Movement]:
    """What rewording `old` as `new` did; empty when the commitment did not move.

    `partial` says one side holds only part of the other (a sentence split in two), so words
    missing from it are said elsewhere and are no change of scope.
    """
    topics = tracked(old.topics | new.topics)
    if not topics:
        return []
    moves = consent_moves(old, new, topics)
    if not (old.acts or new.acts):
        return moves
    # "We delete it after a limited period" and "we may keep it for up to 30 days, then delete
    # it" are both retention limits: their periods are compared, not their verbs.
    both_limits = (
        old.retention_limit
        and new.retention_limit
        and (old.protective_action != new.protective_action or _NO_LONGER_THAN.search(old.low))
    )
    # A clause split off a sentence that only bounds a use ("… will only be used to …") is a
    # limit on what the other half says, not a new permission.
    bounding_half = new.stance < old.stance and _USED_ONLY_FOR.search(new.low) is not None
    if new.stance != old.stance and not both_limits and not bounding_half:
        verdict = _W if new.stance < old.stance else better_verdict(old, new)
        moves.append(
            Movement(
                verdict,
                topics,
                f"{Stance.LABELS[old.stance]} → {Stance.LABELS[new.stance]}: "
                f"{quote(old.modal or old.text)} became {quote(new.modal or new.text)}",
            )
        )
    moves += _set_moves("hedge", old.hedges, new.hedges, topics, new)
    moves += _exception_moves(old, new, topics)
    moves += _duty_moves(old, new, topics)
    moves += _retention_moves(old, new, topics)
    if old.deletes and not new.deletes and not DELETION_VERBS.search(new.low):
        # "we delete what you gave us" became "we stop taking more": the past stays in.
        moves.append(Movement(_W, topics, f"no longer deleted: {quote(old.text)}"))
    moves += _new_practice(old, new)
    controls_moved = any("control" in m.explanation or "opting" in m.explanation for m in moves)
    if new.stance == old.stance and not partial and not controls_moved:
        moves += protective_moves(old, new, topics)
        moves += scope_moves(old, new, topics)
    return moves


def _exception_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    """Exceptions added or dropped: a way out of a protection, or a carve-out of a permission."""
    if old.stance < Stance.NOTICE and not old.protects and new.stance > old.stance:
        return []  # a permission became a ban: its exceptions are new, nothing was taken back
    if old.stance >= Stance.NOTICE or new.stance >= Stance.NOTICE or old.protects or old.days:
        return _set_moves("exception", old.exceptions, new.exceptions, topics, new)
    if old.stance != new.stance:
        return []
    # An exception to a permission keeps something out of it: dropping it widens the
    # permission, adding one narrows it.
    moves = []
    carve_outs_old = old.exceptions - _JUSTIFICATIONS
    carve_outs_new = new.exceptions - _JUSTIFICATIONS
    if dropped := carve_outs_old - carve_outs_new:
        moves.append(Movement(_W, topics, f"exception to a permission removed: {quotes(dropped)}"))
    if kept_out := carve_outs_new - carve_outs_old:
        moves.append(Movement(_S, topics, f"exception added to a permission: {quotes(kept_out)}"))
    return moves


# Exception kinds that justify a practice ("as required by law") rather than carve something
# out of it ("except in the EU").
_JUSTIFICATIONS = frozenset({"legal requirement", "when necessary", "the vendor's judgement"})


def _set_moves(
    kind: str, old: frozenset[str], new: frozenset[str], topics: frozenset[Topic], new_c: Commitment
) -> list[Movement]:
    """Phrases of one kind (hedges, exceptions) added, which weakens, or removed, which
    strengthens; an added one is quoted in its clause so the reader sees where it sits."""
    moves = []
    if added := new - old:
        moves.append(Movement(_W, topics, f"{kind} added: {quotes(added)} in {quote(new_c.text)}"))
    if removed := old - new:
        moves.append(Movement(_S, topics, f"{kind} removed: {quotes(removed)}"))
    return moves


def _duty_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    """A "must" that became "should" (or back) in a clause binding someone for the user."""
    if old.duty == new.duty or 0 in (old.duty, new.duty) or old.stance != new.stance:
        return []
    if old.hard_control or old.easy_control or new.hard_control or new.easy_control:
        return []  # "you must email us" → "you can switch it off" is about the way out
    verb = _DUTY_VERB.search(old.low)
    binding = old.protects or old.protective_words or (verb and _DUTIES.fullmatch(verb.group(1)))
    if not binding:
        return []
    verdict = _W if new.duty < old.duty else _S
    what = "duty weakened" if verdict is _W else "duty made binding"
    return [Movement(verdict, topics, f"{what}: {quote(old.modal)} became {quote(new.modal)}")]


_DUTY_VERB = re.compile(
    r"\b(?:must|shall|will|should|may|might|can|could)\s+(?:not\s+)?(?:\w+ly\s+)?(\w+)", re.I
)
# Verbs that bind the vendor for the user: "must ensure", "shall notify", "will delete".
_DUTIES = words(
    r"ensure",
    r"complete",
    r"sign",
    r"comply",
    r"maintain",
    r"implement",
    r"obtain",
    r"notify",
    r"inform",
    r"tell",
    r"give",
    r"honou?r",
    r"respect",
    r"apply",
    r"follow",
    r"protect",
    r"encrypt",
    r"log",
    r"delete",
    r"erase",
    r"remove",
    r"purge",
    r"restrict",
    r"limit",
    r"access",
    r"review",
    r"undergo",
    r"agree",
    r"use",
)


def _retention_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    """How long something is kept: periods compared in days; an open end or a dropped period
    weakens, a precise period where there was none clarifies."""
    if new.open_ended and not old.open_ended:
        return [Movement(_W, topics, f"retention became open-ended: {quote(new.text)}")]
    if old.days and new.days:
        before, after = max(old.days), max(new.days)
        if after > before:
            return [Movement(_W, topics, f"period lengthened: {before:g} → {after:g} days")]
        if after < before:
            return [Movement(_S, topics, f"period shortened: {before:g} → {after:g} days")]
    if old.open_ended and new.days and not new.open_ended:
        return [Movement(_C, topics, f"open-ended period made precise: {quote(new.text)}")]
    if (
        new.days
        and not old.days
        and (Topic.RETENTION_DELETION in topics or VAGUE_SCOPE.search(old.low))
    ):
        return [Movement(_C, topics, f"period made precise: {quote(new.text)}")]
    if old.days and not new.days and Topic.RETENTION_DELETION in topics and not new.protects:
        return [Movement(_W, topics, f"period dropped: {quote(old.text)}")]
    return []


def _new_practice(old: Commitment, new: Commitment) -> list[Movement]:
    """A reworded permission that now names a tracked practice the old one did not."""
    if new.protects or new.stance > Stance.OPT_OUT or new.easy_control or new.hard_control:
        return []
    fresh = frozenset(
        t
        for t in tracked(new.topics) - old.topics
        if PRACTICE_VERBS[t].search(new.low) and t is not Topic.CONSENT_OPTOUT
    )
    if not fresh:
        return []
    names = ", ".join(sorted(t.value for t in fresh))
    return [Movement(_W, fresh, f"permission now covers {names}: {quote(new.text)}")]

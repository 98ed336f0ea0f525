"""The rules for the user's way out: defaults, how hard a control is to reach, who chooses.

Vendors move the "how" of opting out between sentences ("you can opt out. To do so, an owner
must email us…"), so besides the per-clause rule (`consent_moves`) one rule reads a whole
passage at once (`judge_controls`).
"""

from __future__ import annotations

from collections.abc import Sequence

from watcher.analyze.commitments import TRACKED, Commitment
from watcher.analyze.rules.movement import Movement, quote
from watcher.records import Topic, Verdict

__all__ = ["consent_moves", "judge_controls"]

_W, _S, _C = Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED


def judge_controls(old: Sequence[Commitment], new: Sequence[Commitment]) -> list[Movement]:
    """How the way out changed across a whole passage: who may choose, and how hard it is.

    Read over every changed clause at once, because vendors move the "how" of opting out
    between sentences ("you can opt out. To do so, an owner must email us…").
    """
    topics = (
        frozenset({Topic.CONSENT_OPTOUT})
        | frozenset(
            t
            for c in (*old, *new)
            if c.consent or c.easy_control or c.hard_control
            for t in c.topics
        )
        & TRACKED
    )
    moves = []
    choosers_before = {c.chooser for c in old} - {""}
    choosers_after = {c.chooser for c in new} - {""}
    if choosers_before == {"user"} and choosers_after == {"admin"}:
        moves.append(Movement(_W, topics, "opting out: the choice moved from each user to admins"))
    elif choosers_before == {"admin"} and choosers_after == {"user"}:
        moves.append(Movement(_S, topics, "opting out: the choice moved from admins to each user"))
    hard_before, easy_before = any(c.hard_control for c in old), any(c.easy_control for c in old)
    hard_after, easy_after = any(c.hard_control for c in new), any(c.easy_control for c in new)
    if hard_before and not easy_before and easy_after and not hard_after:
        moves.append(Movement(_S, topics, "opting out got easier: a setting instead of a request"))
    elif easy_before and not hard_before and hard_after and not easy_after:
        moves.append(Movement(_W, topics, "opting out got harder: a request instead of a setting"))
    return moves


def consent_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    """Within one reworded clause: the default, the control's ease, how conditions are joined."""
    topics = topics | {Topic.CONSENT_OPTOUT}
    moves = []
    if old.default_off and new.default_on:
        moves.append(Movement(_W, topics, "default turned on"))
    elif old.default_on and new.default_off:
        moves.append(Movement(_S, topics, "default turned off"))
    if old.easy_control and not old.hard_control and new.hard_control:
        moves.append(Movement(_W, topics, f"opting out got harder: {quote(new.text)}"))
    elif old.hard_control and not new.hard_control and new.easy_control:
        moves.append(Movement(_S, topics, f"opting out got easier: {quote(new.text)}"))
    elif (
        new.easy_control
        and not (old.easy_control or old.hard_control)
        and Topic.CONSENT_OPTOUT in old.topics
    ):
        moves.append(Movement(_C, topics, f"control named: {quote(new.text)}"))
    if (
        "and" in old.condition_joins
        and "or" in new.condition_joins
        and ("and" not in new.condition_joins)
    ):
        moves.append(Movement(_W, topics, "conditions joined by 'and' now joined by 'or'"))
    if (
        "or" in old.condition_joins
        and "and" in new.condition_joins
        and ("or" not in new.condition_joins)
    ):
        moves.append(Movement(_S, topics, "conditions joined by 'or' now joined by 'and'"))
    return moves

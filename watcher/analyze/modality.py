"""Which way a clause points and how firmly: its negation, its modal and its first action.

These decide a commitment's stance. They are read from the clause's main part only (its
condition already cut off by `conditions.split_condition`), so the "not" of "unless you do not
object" never turns a permission into a prohibition. A protective action ("we delete …") flips
the reading: not deleting is what exposes the user.
"""

from __future__ import annotations

import re

from watcher.analyze.lexicon import NEGATION, PROTECTIVE_ACTIONS, RISKY_ACTIONS, words

__all__ = ["duty_of", "is_protective_action", "modal_phrase", "negation_in"]

# "… Sub-processors that have not been approved": the "not" belongs to the relative clause.
_RELATIVE_NEGATION = re.compile(
    r"\b(?:that|which|who)\s+(?:has|have|had|is|are|was|were|do|does|did)\s+not\b[^,;]*",
)


def negation_in(main: str) -> re.Match[str] | None:
    """The negation of the commitment itself, if any: a "not" inside a relative clause
    qualifies a noun ("sub-processors that have not been approved"), not the promise."""
    return NEGATION.search(_RELATIVE_NEGATION.sub(" ", main))


_MODAL_PHRASE = re.compile(
    r"\b(?:never|cannot|can't|won't|don't|doesn't|isn't|aren't|reserves? the right to|"
    r"(?:will|shall|must|may|might|can|could|should|would|do|does|is|are)(?:\s+not)?)"
    r"\s+(?:\w+ly\s+)?(?:be\s+)?[a-z]\w+",
)


def modal_phrase(main: str) -> str:
    """The modal and its verb, as the explanation quotes them ("will not use", "may share")."""
    match = _MODAL_PHRASE.search(main)
    return " ".join(match.group().lower().split()) if match else ""


_STRONG_DUTY = words(r"must", r"shall", r"will", r"(?:is|are) (?:required|obliged|obligated) to")
_WEAK_DUTY = words(
    r"should",
    r"may",
    r"might",
    r"can",
    r"could",
    r"(?:will )?(?:try|tries|aim|aims|strive|strives)",
)


def duty_of(main: str) -> int:
    """How binding the clause's modal is: 2 must/shall/will, 1 should/may/try, 0 none; the
    first modal counts, as in "will try to"."""
    strong, weak = _STRONG_DUTY.search(main), _WEAK_DUTY.search(main)
    if strong and (not weak or strong.start() < weak.start()):
        return 2
    return 1 if weak else 0


def is_protective_action(main: str) -> bool:
    """Whether the clause's first action is one that protects (delete) rather than exposes."""
    risky = RISKY_ACTIONS.search(main)
    protective = next(
        (m for m in PROTECTIVE_ACTIONS.finditer(main) if not _ADJECTIVE.match(main, m.start())),
        None,
    )
    if protective is None:
        return False
    if risky is None or protective.start() < risky.start():
        return True
    # "Access to your files is restricted to…": the passive verb, not the noun, is the action;
    # but not past a comma ("we keep it for 30 days, after which it is deleted").
    if "," in main[risky.start() : protective.start()]:
        return False
    return _PASSIVE.search(main, 0, protective.start()) is not None


# "Deleted files are kept…": a participle before its noun describes, it does not act.
_ADJECTIVE = re.compile(
    r"(?<![\w-])[\w-]+ed\s+(?!by\b|from\b|within\b|after\b|when\b|if\b|at\b|in\b|on\b|for\b|"
    r"to\b|and\b|or\b|unless\b|until\b|once\b|\w+ly\b)[a-z]",
)
_PASSIVE = re.compile(r"\b(?:is|are|be|been|remains?|stays?|gets?)\s+(?:\w+ly\s+)?$")

"""The stance ladder, and where a clause's polarity, consent, modal and exceptions place it.

A stance is what a user can rely on, from a flat prohibition down to a bare permission; rules
compare two clauses' stances as numbers, so the ladder's order is the judgement. The readers in
`modality` and `conditions` supply the evidence; this module alone decides the rung.
"""

from __future__ import annotations

import re
from typing import ClassVar

from watcher.analyze.conditions import Consent

__all__ = ["Stance", "stance_of"]


class Stance:
    """How well one clause protects the user, from best to worst; compared as numbers."""

    PROHIBITED = 7
    CONSENT_ONLY = 6
    EXCEPTED = 5
    NOTICE = 4
    OPT_OUT = 3
    DISCRETION = 2
    PERMITTED = 1
    LABELS: ClassVar[dict[int, str]] = {
        7: "prohibition",
        6: "consent required",
        5: "prohibition with exceptions",
        4: "notice first",
        3: "opt-out",
        2: "at the vendor's discretion",
        1: "permission",
    }


# A user or admin as the subject: a permission to them is their control, not the vendor's.
_USER_SUBJECT = re.compile(
    r"\s*(?:you|your|users?|customers?|(?:workspace |account |organi[sz]ation )?"
    r"(?:admins?|administrators?|owners?))\b",
)


def stance_of(
    main: str,
    negated: bool,
    permitted: bool,
    protective_action: bool,
    consent: Consent,
    exceptions: frozenset[str],
) -> int:
    """The clause's `Stance`: its polarity and consent first, then what moves it a step (a
    permissive modal on a protective action, a default, a notice, an exception)."""
    stance = _polarity(
        negated,
        protective_action,
        bool(consent.required) or consent.opt_in,
        consent.opt_out or consent.default_on,
    )
    if stance == Stance.PROHIBITED and protective_action and not negated and permitted:
        # "We may delete" leaves deleting to the vendor; "we will delete" promises it.
        stance = Stance.PROHIBITED if _USER_SUBJECT.match(main) else Stance.DISCRETION
    if consent.default_off and not consent.opt_out:
        stance = max(stance, Stance.CONSENT_ONLY)
    if stance < Stance.NOTICE and consent.notice:
        stance = Stance.NOTICE
    if stance == Stance.PROHIBITED and exceptions:
        stance = Stance.EXCEPTED
    return stance


def _polarity(negated: bool, protective_action: bool, consent: bool, opt_out: bool) -> int:
    """The stance read from polarity and consent alone."""
    if protective_action:
        # "Data is excluded unless you opt in" is an opt-in; "we never delete" exposes.
        negated = not negated
    if negated:
        return Stance.CONSENT_ONLY if consent and not opt_out else Stance.PROHIBITED
    if consent and not opt_out:
        return Stance.CONSENT_ONLY
    if opt_out:
        return Stance.OPT_OUT
    return Stance.PERMITTED

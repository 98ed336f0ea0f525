"""The way out of a commitment and whose yes it waits for: its condition, exceptions, consent.

A lawyer reads "we will not share your data unless required by law" as a prohibition with a
legal exception, and "… unless you opt in" as consent required: the same "unless" opens either.
So the condition is cut off first (`split_condition`), exceptions are named by the *kind* of way
out they open (their wording varies, their kind is what a rule compares), and conditions that
wait for the user's choice are read as consent, with how hard the control is to reach and who
may make the choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from watcher.analyze.lexicon import (
    CONSENT_REQUIRED,
    DEFAULT_OFF,
    DEFAULT_ON,
    EASY_CONTROL,
    EXCEPTIONS,
    HARD_CONTROL,
    NOTICE,
    OPT_IN,
    OPT_OUT,
    matched_phrases,
    words,
)
from watcher.analyze.scope_lexicon import VAGUE_SCOPE
from watcher.analyze.topics import TOPIC_PATTERNS
from watcher.records import Topic

__all__ = ["Consent", "chooser_of", "consent_of", "exception_kinds", "split_condition"]


def split_condition(clause: str) -> tuple[str, str]:
    """The clause's commitment and its condition ("unless …", "except …", "only if …")."""
    lead = _LEADING_CONDITION.match(clause)
    if lead is not None:
        main, condition = split_condition(clause[lead.end() :])
        return main, lead.group() + " " + condition
    match = EXCEPTIONS.search(clause) or _ONLY_IF.search(clause)
    if match is None or match.start() == 0:
        if match is not None:
            comma = clause.find(",", match.end())
            if comma > 0:
                return clause[comma + 1 :], clause[: comma + 1]
        return clause, ""
    return clause[: match.start()], clause[match.start() :]


_LEADING_CONDITION = re.compile(
    r"\s*(?:when|whenever|if|after|once|upon|where|as soon as|in the event|following|"
    r"at the end of)\b[^,;]{0,120},",
)
_ONLY_IF = words(
    r"only (?:if|when|where|after|with|once|as)",
    r"if",
    r"provided that",
    r"so long as",
    r"on condition that",
)


def exception_kinds(clause: str) -> frozenset[str]:
    """The kinds of way out the clause's exceptions open; consent conditions are not one."""
    kinds = set()
    covered = -1
    for match in EXCEPTIONS.finditer(clause):
        if match.start() < covered:
            continue
        end = _EXCEPTION_END.search(clause, match.end())
        window = clause[match.start() : min(end.start() if end else len(clause), match.end() + 80)]
        covered = match.start() + len(window)
        around = clause[max(0, match.start() - 30) : match.start()] + window
        if _CONSENTISH.search(window) or OPT_IN.search(window) or OPT_OUT.search(window):
            continue
        if VAGUE_SCOPE.search(window) and not _LAW.search(around):
            continue  # "subject to appropriate controls": a vague limit, not a way out
        kinds.add(_exception_kind(around, window))
    return frozenset(kinds)


_EXCEPTION_END = re.compile(r"[,;:.]\s")


def _exception_kind(around: str, window: str) -> str:
    """What kind of way out an exception opens: its wording varies, its kind is what matters."""
    if _LAW.search(around):
        return "legal requirement"
    if _DISCRETION.search(window):
        return "the vendor's judgement"
    if _NEED.search(window):
        return "when necessary"
    if TOPIC_PATTERNS[Topic.THIRD_PARTY_SHARING].search(window):
        return "named recipients"
    return " ".join(window.split()[:4]).lower()


_LAW = words(r"law\w*", r"legal\w*", r"court", r"regulat\w+", r"authorit\w+", r"subpoena")
_NEED = words(r"necessary", r"needed", r"need", r"requires?", r"required")
_DISCRETION = words(
    r"we believe",
    r"our discretion",
    r"we deem",
    r"we consider",
    r"we decide",
    r"[\w-]+ (?:determines?|decides?|believes?|deems?|considers?) (?:that|it)",
)
_CONSENTISH = words(
    r"you (?:\w+ )?(?:grant|opt in|agree|allow|consent|tell|ask|give|turn on|enable|request|"
    r"choose|explicitly)",
    r"your (?:\w+ )?(?:consent|permission|request|agreement|instructions?)",
    r"at your request",
    r"(?:unless|until|only if|if|only when|only after) you "
    r"(?!opt out|turn off|disable|object|decline)\w+",
    r"ask(?:s|ed|ing)? (?:you|for your|first)",
)


@dataclass(frozen=True, slots=True)
class Consent:
    """Whose yes a clause waits for, and how the user says no."""

    required: frozenset[str] = frozenset()
    """The phrases that make the practice wait for a yes ("with your consent", "opt in")."""
    opt_in: bool = False
    opt_out: bool = False
    default_on: bool = False
    default_off: bool = False
    easy: bool = False
    """The control is a setting, a switch, a click away."""
    hard: bool = False
    """The control is a request: an email to support, an owner's written notice, an amendment."""
    notice: bool = False
    """The vendor promises to tell the user first, so they can object or leave."""


_NO_CONSENT = Consent()
# Cheap test first: most clauses say nothing about consent, defaults, controls or notice.
_CONSENT_HINT = re.compile(
    r"\b(?:opt|consent|permission|default|enabl|disabl|turn|switch|setting|toggle|ask|agree|"
    r"unless|only (?:if|when|after|once|with)|until|e-?mail|contact|notice|notif|object|withdraw|"
    r"visit|accept|click|select|includ|exclud|instruct|request|direct|reject|decline|leave|owner|"
    r"admin|manager|amendment|dashboard|preference|checkbox|banner|write to|by post|forms?\b|"
    r"ticket|self-?serv|explicit|express|written|prior|enrol|join|choose|choice|control)",
)


def consent_of(clause: str) -> Consent:
    """The clause's consent mechanisms; most clauses have none, so a cheap hint comes first."""
    if not _CONSENT_HINT.search(clause):
        return _NO_CONSENT
    return Consent(
        required=matched_phrases(CONSENT_REQUIRED, clause),
        opt_in=bool(OPT_IN.search(clause)),
        opt_out=bool(OPT_OUT.search(clause)),
        default_on=bool(DEFAULT_ON.search(clause)),
        default_off=bool(DEFAULT_OFF.search(clause)),
        easy=bool(EASY_CONTROL.search(clause)),
        hard=bool(HARD_CONTROL.search(clause)),
        notice=bool(NOTICE.search(clause)),
    )


def chooser_of(clause: str) -> str:
    """Who may make the choice the clause describes: "admin", "user" or "" (nobody named)."""
    if _ADMIN_CHOOSES.search(clause):
        return "admin"
    return "user" if _USER_CHOOSES.search(clause) else ""


_ADMIN_CHOOSES = re.compile(
    r"\b(?:workspace |account |organi[sz]ation |primary )?(?:admins?|administrators?|owners?)\b"
    r"[^.;]{0,30}\b(?:can|may|must|decide|choose|control|contact|email|ask|request|submit|opt|"
    r"turn|disable)",
)
_USER_CHOOSES = re.compile(
    r"\b(?:you|each user|users|every user|individual users|each member)\b[^.;]{0,20}"
    r"\b(?:can|may|decide|choose|control)",
)

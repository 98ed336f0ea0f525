"""What one clause promises, as a small structure the rules can compare.

The structure follows how a privacy lawyer reads a clause: *is this a promise not to do
something, a permission, or a statement of practice* (polarity and modality), *how firmly*
(hedges), *with which way out* (exceptions, conditions), *whose yes it waits for* (consent,
defaults, how hard a control is to reach), *over how much* (quantifiers, protective words like
"only") and *for how long* (retention periods).

Negation is scoped to its clause: `split_clauses` has already cut "we do not sell your data and
may use it to train models" into two clauses, so the "not" of the first never reaches the
second, while "we do not sell or use your data" stays one clause and its "not" covers both verbs.
The part of a clause after "unless", "except" and the like is its condition: a "not" inside
"unless you do not object" does not negate the commitment itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import ClassVar

from watcher.analyze import lexicon as lx
from watcher.analyze.clauses import (
    canonical,
    content_words,
    numbers_to_digits,
    split_clauses,
)
from watcher.records import Topic

__all__ = ["Commitment", "Stance", "commitments_of", "read_in_context", "topics_of"]

TRACKED = frozenset(Topic) - {Topic.OTHER}


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


_DURATION = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:-\s*)?(hour|day|week|month|year)s?\b")
_UNIT_DAYS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
_TIME_HINT = re.compile(
    r"(?:hour|day|week|month|year)s?\b|immediately|right away|at once|instantly"
)
_IMMEDIATE = lx.words(r"immediately", r"right away", r"at once", r"instantly")
_USER_SUBJECT = re.compile(
    r"\s*(?:you|your|users?|customers?|(?:workspace |account |organi[sz]ation )?"
    r"(?:admins?|administrators?|owners?))\b",
)
_NOT_LIMITED = re.compile(r",?\s*(?:but\s+)?(?:not limited to|without limitation),?")
_LAW = lx.words(r"law\w*", r"legal\w*", r"court", r"regulat\w+", r"authorit\w+", r"subpoena")
_NEED = lx.words(r"necessary", r"needed", r"need", r"requires?", r"required")
_DISCRETION = lx.words(r"we believe", r"our discretion", r"we deem", r"we consider", r"we decide")
_AND_OR = re.compile(r"\b(and|or)\b")
_NEGATED_QUANTITY = lx.words(r"no", r"none of", r"nothing", r"not any")


@dataclass(frozen=True, slots=True)
class Commitment:
    """One clause, read for what it promises."""

    text: str
    low: str
    """The clause in lower case, as the lexicon's patterns match it."""
    topics: frozenset[Topic]
    stance: int
    """A `Stance` level: prohibition, consent required, opt-out, permission."""
    modal: str
    """The phrase that sets the stance, as written ("will not", "may", "never", "are")."""
    protective_action: bool
    """The clause's action protects the user (delete, exclude, separate) rather than exposes."""
    weak_modal: bool
    hedges: frozenset[str]
    exceptions: frozenset[str]
    consent: frozenset[str]
    easy_control: bool
    hard_control: bool
    default_on: bool
    default_off: bool
    quantity: int
    """0 none, 1 some/limited, 2 unquantified, 3 any/all."""
    protective_words: frozenset[str]
    restrictive: frozenset[str]
    days: tuple[float, ...]
    open_ended: bool
    condition_joins: tuple[str, ...]
    content: tuple[str, ...]
    """Lemmas of the content words of the commitment itself (not its condition or asides)."""
    acts: bool
    """The clause names an action on data (use, share, keep, delete…), not just a description."""
    dates: tuple[tuple[str, int], ...]
    """Each year named in the clause with the word before it ("before 2025", "by 2026")."""
    duty: int
    """How binding the clause's modal is: 2 must/shall/will, 1 should/may/try, 0 none."""
    chooser: str
    """Who may make the choice the clause describes: "user", "admin" or ""."""
    allow_list: bool
    all_content: frozenset[str]
    """Lemmas of every content word of the clause, actor and condition included."""
    control_only: bool
    deletes: bool
    retention_limit: bool
    """The clause sets how long something is kept, precisely or vaguely."""
    """The clause promises to delete, erase or purge something."""
    """The clause only tells the user about a control they have ("you can turn off …")."""
    """What follows is the set allowed ("limited to …", "only …"): a longer list exposes more."""

    @property
    def tracked(self) -> bool:
        return bool(self.topics & TRACKED)

    @property
    def protects(self) -> bool:
        """Whether the clause, read plainly, promises the user something."""
        return self.stance >= Stance.CONSENT_ONLY or (
            self.protective_action and not self.weak_modal
        )


def topics_of(text: str) -> frozenset[Topic]:
    """The tracked topics a piece of text is about; `other` when it is about none of them."""
    low = text.lower()
    found = frozenset(topic for topic, pattern in lx.TOPIC_PATTERNS.items() if pattern.search(low))
    return found or frozenset({Topic.OTHER})


def commitments_of(sentence: str, previous: frozenset[Topic] = frozenset()) -> list[Commitment]:
    """The commitments of one sentence, clause by clause.

    `previous` holds the tracked topics of the sentence before: a clause whose subject is a
    pronoun ("They may process…") is about what that sentence was about.
    """
    out = []
    for clause in split_clauses(sentence):
        commitment = read_in_context(clause, previous)
        out.append(commitment)
        if commitment.tracked:
            previous = commitment.topics & TRACKED
    return out


def read_in_context(
    clause: str, previous: frozenset[Topic] | Callable[[], frozenset[Topic]]
) -> Commitment:
    """`read_clause`, with a pronoun subject taking the topics of what came before (given, or
    worked out only when needed)."""
    commitment = read_clause(clause)
    if commitment.tracked or not _ANAPHOR.match(clause):
        return commitment
    topics = previous() if callable(previous) else previous
    return replace(commitment, topics=topics) if topics else commitment


_ANAPHOR = re.compile(r"\s*(?:they|it|these|those|this|such|the latter|the former)\b", re.I)
# A named actor opening the clause ("Corvid will not…"): who acts, not what is covered.
_ACTOR = re.compile(
    r"^\s*(?!(?:Your|Our|The|This|That|These|Those|Such|Any|All|Each|Every|No|Some|If|When|"
    r"Where|We|You|They|It|Only)\b)(?:[A-Z][\w&.-]*\s+){1,3}(?=(?:\w+ly\s+|currently\s+)?(?:will|won't|would|does|doesn't|do|don't|may|might|can|"
    r"cannot|can't|must|shall|should|never|also|only|is|are|has|have|\w+s)\b)"
)
_CONTROL = re.compile(
    r"\s*(?:you|users?|customers?|(?:your |workspace |account |organi[sz]ation )?"
    r"(?:admins?|administrators?|owners?))\s+(?:can|may|are able to|have the (?:right|option) to)"
    r"\s+(?:\w+\s+)?(?:turn|opt|disable|enable|change|manage|withdraw|exclude|leave|delete|"
    r"export|choose|control|object|review|adjust|update)",
)
_VAGUE_TIME = lx.words(
    r"a (?:short|reasonable|limited|certain) (?:time|period)",
    r"promptly",
    r"soon",
    r"in a timely manner",
    r"as soon as (?:reasonably )?practicable",
)
_DELETES = lx.words(r"delet\w+", r"eras\w+", r"purg\w+", r"remov\w+", r"overwr\w+")
_ALLOW_LIST = lx.words(r"(?:limited|restricted|confined) to", r"only", r"solely", r"exclusively")
_PARENTHETICAL = re.compile(r"\([^)]*\)")
_DATED = re.compile(
    r"\b(before|prior to|earlier than|after|since|from|by|no later than|on or before|until|"
    r"through)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(19\d\d|20\d\d)\b",
)
_CONSENTISH = lx.words(
    r"you (?:\w+ )?(?:grant|opt in|agree|allow|consent|tell|ask|give|turn on|enable|request|"
    r"choose|explicitly)",
    r"your (?:\w+ )?(?:consent|permission|request|agreement|instructions?)",
    r"at your request",
    r"(?:unless|until|only if|if|only when|only after) you "
    r"(?!opt out|turn off|disable|object|decline)\w+",
    r"ask(?:s|ed|ing)? (?:you|for your|first)",
)


@lru_cache(maxsize=8192)
def read_clause(clause: str) -> Commitment:
    """One clause's commitment; cached, as unchanged clauses are read on both sides of a diff."""
    original = clause.replace("\u2019", "'")
    clause = _NOT_LIMITED.sub(" ", original.lower())
    # A quoted name ("the 'Improve the model' switch") names a control; its words are not verbs.
    plain = _QUOTED.sub("the setting", clause)
    main, condition = _split_condition(plain)
    main_cased = _cased(main, plain, _QUOTED.sub("the setting", original))
    negation = lx.NEGATION.search(_RELATIVE_NEGATION.sub(" ", main))
    permission = lx.PERMISSION_MODALS.search(main)
    protective_action = _protective_action(main)
    consent = _consent_of(clause)
    stance = _stance(
        negation is not None,
        protective_action,
        bool(consent.required) or consent.opt_in,
        consent.opt_out or consent.default_on,
    )
    if stance == Stance.PROHIBITED and protective_action and not negation and permission:
        # "We may delete" leaves deleting to the vendor; "we will delete" promises it.
        stance = Stance.PROHIBITED if _USER_SUBJECT.match(main) else Stance.DISCRETION
    if consent.default_off and not consent.opt_out:
        stance = max(stance, Stance.CONSENT_ONLY)
    if stance < Stance.NOTICE and consent.notice:
        stance = Stance.NOTICE
    exceptions = _exceptions(clause)
    if stance == Stance.PROHIBITED and exceptions:
        stance = Stance.EXCEPTED
    modal = negation or permission
    return Commitment(
        text=original,
        low=clause,
        topics=topics_of(clause),
        stance=stance,
        modal=_modal_phrase(main) or (modal.group().lower() if modal else ""),
        protective_action=protective_action,
        weak_modal=permission is not None and negation is None,
        hedges=_found(lx.HEDGES, clause),
        exceptions=exceptions,
        consent=consent.required,
        easy_control=consent.easy,
        hard_control=consent.hard,
        default_on=consent.default_on,
        default_off=consent.default_off,
        quantity=_quantity(main),
        protective_words=_found(lx.PROTECTIVE_WORDS, clause),
        restrictive=_found(lx.RESTRICTIVE_QUALIFIERS, clause),
        days=_durations(clause),
        open_ended=bool(lx.OPEN_ENDED.search(clause)),
        condition_joins=tuple(m.group().lower() for m in _AND_OR.finditer(condition)),
        content=_scope_words(_without_actor(main_cased).lower()),
        acts=bool(
            lx.RISKY_ACTIONS.search(clause)
            or lx.PROTECTIVE_ACTIONS.search(clause)
            or (
                consent is not _NO_CONSENT
                and (consent.required or consent.opt_in or consent.opt_out or consent.default_on)
            )
        ),
        dates=tuple((prep.lower(), int(year)) for prep, year in _DATED.findall(clause)),
        duty=_duty(main),
        chooser=_chooser(clause),
        allow_list=bool(_ALLOW_LIST.search(main)),
        all_content=frozenset(content_words(canonical(clause))),
        control_only=bool(_CONTROL.match(clause)),
        deletes=protective_action and negation is None and bool(_DELETES.search(main)),
        retention_limit=bool(
            lx.TOPIC_PATTERNS[Topic.RETENTION_DELETION].search(clause)
            and (_TIME_HINT.search(clause) or _VAGUE_TIME.search(clause))
        ),
    )


# "… Sub-processors that have not been approved": the "not" belongs to the relative clause.
_RELATIVE_NEGATION = re.compile(
    r"\b(?:that|which|who)\s+(?:has|have|had|is|are|was|were|do|does|did)\s+not\b[^,;]*",
)
_STRONG_DUTY = lx.words(r"must", r"shall", r"will", r"(?:is|are) (?:required|obliged|obligated) to")
_WEAK_DUTY = lx.words(
    r"should",
    r"may",
    r"might",
    r"can",
    r"could",
    r"(?:will )?(?:try|tries|aim|aims|strive|strives)",
)
_QUOTED = re.compile(r"(?<!\w)['\"\u2018\u201c][^'\"\u2019\u201d]{1,60}['\"\u2019\u201d](?!\w)")
_ADMIN_CHOOSES = re.compile(
    r"\b(?:workspace |account |organi[sz]ation |primary )?(?:admins?|administrators?|owners?)\b"
    r"[^.;]{0,30}\b(?:can|may|must|decide|choose|control|contact|email|ask|request|submit|opt|"
    r"turn|disable)",
)
_USER_CHOOSES = re.compile(
    r"\b(?:you|each user|users|every user|individual users|each member)\b[^.;]{0,20}"
    r"\b(?:can|may|decide|choose|control)",
)


_MODAL_PHRASE = re.compile(
    r"\b(?:never|cannot|can't|won't|don't|doesn't|isn't|aren't|reserves? the right to|"
    r"(?:will|shall|must|may|might|can|could|should|would|do|does|is|are)(?:\s+not)?)"
    r"\s+(?:\w+ly\s+)?(?:be\s+)?[a-z]\w+",
)


def _modal_phrase(main: str) -> str:
    """The modal and its verb, as the explanation quotes them ("will not use", "may share")."""
    match = _MODAL_PHRASE.search(main)
    return " ".join(match.group().lower().split()) if match else ""


def _duty(main: str) -> int:
    strong, weak = _STRONG_DUTY.search(main), _WEAK_DUTY.search(main)
    if strong and (not weak or strong.start() < weak.start()):
        return 2
    return 1 if weak else 0


def _chooser(clause: str) -> str:
    if _ADMIN_CHOOSES.search(clause):
        return "admin"
    return "user" if _USER_CHOOSES.search(clause) else ""


def clear_caches() -> None:
    """Forget memoised word tests (see `watcher.analyze.clear_caches`)."""
    _is_scope_word.cache_clear()


def _cased(part: str, lowered: str, original: str) -> str:
    """`part` of `lowered` as written in `original`, when lower-casing kept every position."""
    start = lowered.find(part)
    if start < 0 or len(lowered) != len(original):
        return part
    return original[start : start + len(part)]


def _found(pattern: re.Pattern[str], text: str) -> frozenset[str]:
    return frozenset(m.group().lower() for m in pattern.finditer(text))


@dataclass(frozen=True, slots=True)
class _Consent:
    """Whose yes a clause waits for, and how the user says no."""

    required: frozenset[str] = frozenset()
    opt_in: bool = False
    opt_out: bool = False
    default_on: bool = False
    default_off: bool = False
    easy: bool = False
    hard: bool = False
    notice: bool = False


_NO_CONSENT = _Consent()
# Cheap test first: most clauses say nothing about consent, defaults, controls or notice.
_CONSENT_HINT = re.compile(
    r"\b(?:opt|consent|permission|default|enabl|disabl|turn|switch|setting|toggle|ask|agree|"
    r"unless|only (?:if|when|after|once|with)|until|e-?mail|contact|notice|notif|object|withdraw|"
    r"visit|accept|click|select|includ|exclud|instruct|request|direct|reject|decline|leave|owner|"
    r"admin|manager|amendment|dashboard|preference|checkbox|banner|write to|by post|forms?\b|"
    r"ticket|self-?serv|explicit|express|written|prior|enrol|join|choose|choice|control)",
)


def _consent_of(clause: str) -> _Consent:
    if not _CONSENT_HINT.search(clause):
        return _NO_CONSENT
    return _Consent(
        required=_found(lx.CONSENT_REQUIRED, clause),
        opt_in=bool(lx.OPT_IN.search(clause)),
        opt_out=bool(lx.OPT_OUT.search(clause)),
        default_on=bool(lx.DEFAULT_ON.search(clause)),
        default_off=bool(lx.DEFAULT_OFF.search(clause)),
        easy=bool(lx.EASY_CONTROL.search(clause)),
        hard=bool(lx.HARD_CONTROL.search(clause)),
        notice=bool(lx.NOTICE.search(clause)),
    )


def _split_condition(clause: str) -> tuple[str, str]:
    """The clause's commitment and its condition ("unless …", "except …", "only if …")."""
    lead = _LEADING_CONDITION.match(clause)
    if lead is not None:
        main, condition = _split_condition(clause[lead.end() :])
        return main, lead.group() + " " + condition
    match = lx.EXCEPTIONS.search(clause) or _ONLY_IF.search(clause)
    if match is None or match.start() == 0:
        if match is not None:
            comma = clause.find(",", match.end())
            if comma > 0:
                return clause[comma + 1 :], clause[: comma + 1]
        return clause, ""
    return clause[: match.start()], clause[match.start() :]


_LEADING_CONDITION = re.compile(
    r"\s*(?:when|whenever|if|after|once|upon|where|as soon as|in the event)\b[^,;]{0,120},",
)
_ONLY_IF = lx.words(
    r"only (?:if|when|where|after|with|once|as)",
    r"if",
    r"provided that",
    r"so long as",
    r"on condition that",
)


def _exceptions(clause: str) -> frozenset[str]:
    """The kinds of way out the clause's exceptions open; consent conditions are not one."""
    kinds = set()
    covered = -1
    for match in lx.EXCEPTIONS.finditer(clause):
        if match.start() < covered:
            continue
        end = _EXCEPTION_END.search(clause, match.end())
        window = clause[match.start() : min(end.start() if end else len(clause), match.end() + 80)]
        covered = match.start() + len(window)
        around = clause[max(0, match.start() - 30) : match.start()] + window
        if _CONSENTISH.search(window) or lx.OPT_IN.search(window) or lx.OPT_OUT.search(window):
            continue
        if lx.VAGUE_SCOPE.search(window):
            continue
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
    if lx.TOPIC_PATTERNS[Topic.THIRD_PARTY_SHARING].search(window):
        return "named recipients"
    return " ".join(window.split()[:4]).lower()


def _protective_action(main: str) -> bool:
    """Whether the clause's first action is one that protects (delete) rather than exposes."""
    risky = lx.RISKY_ACTIONS.search(main)
    protective = next(
        (m for m in lx.PROTECTIVE_ACTIONS.finditer(main) if not _ADJECTIVE.match(main, m.start())),
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


def _stance(negated: bool, protective_action: bool, consent: bool, opt_out: bool) -> int:
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


def _without_actor(main: str) -> str:
    """The clause without a named actor opening it: "Corvid will not…" and "… will not be…"
    cover the same data whoever is named as doing it."""
    match = _ACTOR.match(main)
    if match is None or lx.DATA_NOUNS.search(match.group().lower()):
        return main
    return main[match.end() :]


def _scope_words(main: str) -> tuple[str, ...]:
    """The words naming what a commitment covers: no asides, examples, hedges or verbs."""
    text = lx.EXAMPLES.sub(" ", _PARENTHETICAL.sub(" ", main))
    kept = " ".join(word for word in canonical(text).split() if _is_scope_word(word))
    return tuple(content_words(kept))


@lru_cache(maxsize=32768)
def _is_scope_word(word: str) -> bool:
    return _NOT_SCOPE.fullmatch(word) is None


_NOT_SCOPE = re.compile(
    "|".join(
        pattern.pattern
        for pattern in (
            lx.HEDGES,
            lx.PROTECTIVE_WORDS,
            lx.NARROW_QUANTIFIERS,
            lx.WIDE_QUANTIFIERS,
            lx.RESTRICTIVE_QUALIFIERS,
            lx.RISKY_ACTIONS,
            lx.PROTECTIVE_ACTIONS,
            lx.PERMISSION_MODALS,
            lx.NEGATION,
        )
    ),
)


_UNIVERSAL = lx.words(r"all", r"every", r"each", r"everything", r"entire")


def _quantity(main: str) -> int:
    """How much of the data the commitment covers, read from the quantifier in front of it."""
    for pattern, amount in (
        (_NEGATED_QUANTITY, 0),
        (lx.NARROW_QUANTIFIERS, 1),
        (_UNIVERSAL, 3),
    ):
        for match in pattern.finditer(main):
            if lx.DATA_NOUNS.match(main, _skip_of(main, match.end())):
                return amount
    return 2


def _skip_of(text: str, at: int) -> int:
    """Past the space, an optional "of" and a determiner after a quantifier."""
    match = _OF.match(text, at)
    return match.end() if match else at


_OF = re.compile(r"\s*(?:of\s+)?(?:(?:the|your|our|their|its|this|that|these|those)\s+)?")


def _durations(clause: str) -> tuple[float, ...]:
    if not _TIME_HINT.search(clause):
        return ()
    found = [
        float(m.group(1)) * _UNIT_DAYS[m.group(2).lower()]
        for m in _DURATION.finditer(numbers_to_digits(clause))
    ]
    if not found and _IMMEDIATE.search(clause):
        found.append(0.0)
    return tuple(found)

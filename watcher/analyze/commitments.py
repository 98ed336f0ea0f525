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

Each aspect has its reader: `modality` (negation, modal, duty, a protective action), `conditions`
(condition, exceptions, consent, who chooses) and `scope` (quantifier, covered words, periods);
`stance` places the clause on the `Stance` ladder. This module puts their answers together into
one `Commitment`, the single record the rules compare.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from watcher.analyze import scope
from watcher.analyze.clauses import canonical, content_words, split_clauses
from watcher.analyze.conditions import (
    Consent,
    chooser_of,
    consent_of,
    exception_kinds,
    split_condition,
)
from watcher.analyze.lexicon import (
    DELETION_VERBS,
    HEDGES,
    PERMISSION_MODALS,
    PROTECTIVE_ACTIONS,
    RISKY_ACTIONS,
    matched_phrases,
    words,
)
from watcher.analyze.modality import duty_of, is_protective_action, modal_phrase, negation_in
from watcher.analyze.scope import (
    periods_in_days,
    quantity_of,
    scope_words,
    sets_retention_period,
    without_actor,
)
from watcher.analyze.scope_lexicon import OPEN_ENDED, PROTECTIVE_WORDS, RESTRICTIVE_QUALIFIERS
from watcher.analyze.stance import Stance, stance_of
from watcher.analyze.topics import TOPIC_PATTERNS
from watcher.records import Topic

__all__ = [
    "Commitment",
    "Stance",
    "clear_caches",
    "commitments_of",
    "read_clause",
    "read_in_context",
    "topics_of",
]

TRACKED = frozenset(Topic) - {Topic.OTHER}

_NOT_LIMITED = re.compile(r",?\s*(?:but\s+)?(?:not limited to|without limitation),?")
_AND_OR = re.compile(r"\b(and|or)\b")


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
    """What follows is the set allowed ("limited to …", "only …"): a longer list exposes more."""
    all_content: frozenset[str]
    """Lemmas of every content word of the clause, actor and condition included."""
    control_only: bool
    """The clause only tells the user about a control they have ("you can turn off …")."""
    deletes: bool
    """The clause promises to delete, erase or purge something."""
    retention_limit: bool
    """The clause sets how long something is kept, precisely or vaguely."""

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
    found = frozenset(topic for topic, pattern in TOPIC_PATTERNS.items() if pattern.search(low))
    if _POLICY_CHANGES.search(low):
        return frozenset({Topic.OTHER})  # how the policy itself is updated is no commitment
    if found and _COOKIES.search(low):
        # What cookies are for is not a tracked commitment; whether they wait for a yes is.
        found &= {Topic.CONSENT_OPTOUT}
    return found or frozenset({Topic.OTHER})


_POLICY_CHANGES = re.compile(
    r"\b(?:changes?|updates?|modif\w+|revis\w+) (?:to|of) (?:this|these|our) (?:privacy )?"
    r"(?:policy|terms|notice|statement|agreement)\b"
)
_COOKIES = re.compile(
    r"\bcookies?\b(?! (?:policy|notice|statement|settings|preferences))|similar technologies|"
    r"web beacons?|tracking pixels?"
)


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
_CONTROL = re.compile(
    r"\s*(?:you|users?|customers?|(?:your |workspace |account |organi[sz]ation )?"
    r"(?:admins?|administrators?|owners?))\s+(?:can|may|are able to|have the (?:right|option) to)"
    r"\s+(?:\w+\s+)?(?:turn|opt|disable|enable|change|manage|withdraw|exclude|leave|delete|"
    r"export|choose|control|object|review|adjust|update)",
)
_ALLOW_LIST = words(r"(?:limited|restricted|confined) to", r"only", r"solely", r"exclusively")
_DATED = re.compile(
    r"\b(before|prior to|earlier than|after|since|from|by|no later than|on or before|until|"
    r"through)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(19\d\d|20\d\d)\b",
)


@lru_cache(maxsize=8192)
def read_clause(clause: str) -> Commitment:
    """One clause's commitment; cached, as unchanged clauses are read on both sides of a diff."""
    original = clause.replace("\u2019", "'")
    clause = _NOT_LIMITED.sub(" ", original.lower())
    # A quoted name ("the 'Improve the model' switch") names a control; its words are not verbs.
    plain = _QUOTED.sub("the setting", clause)
    main, condition = split_condition(plain)
    main_cased = _cased(main, plain, _QUOTED.sub("the setting", original))
    negation = negation_in(main)
    permission = PERMISSION_MODALS.search(main)
    protective_action = is_protective_action(main)
    consent = consent_of(clause)
    exceptions = exception_kinds(clause)
    if _ONLY_WHERE.match(condition) and _REQUIRED.search(condition):
        exceptions |= {"legal requirement"}
    negated, permitted = negation is not None, permission is not None
    modal = negation or permission
    return Commitment(
        text=original,
        low=clause,
        topics=topics_of(clause),
        stance=_only_where(
            stance_of(main, negated, permitted, protective_action, consent, exceptions),
            condition,
            exceptions,
        ),
        modal=modal_phrase(main) or (modal.group().lower() if modal else ""),
        protective_action=protective_action,
        weak_modal=permitted and not negated,
        hedges=matched_phrases(HEDGES, clause),
        exceptions=exceptions,
        consent=consent.required,
        easy_control=consent.easy,
        hard_control=consent.hard,
        default_on=consent.default_on,
        default_off=consent.default_off,
        quantity=quantity_of(main),
        protective_words=matched_phrases(PROTECTIVE_WORDS, clause),
        restrictive=matched_phrases(RESTRICTIVE_QUALIFIERS, clause),
        days=periods_in_days(clause),
        open_ended=bool(OPEN_ENDED.search(clause)),
        condition_joins=tuple(m.group().lower() for m in _AND_OR.finditer(condition)),
        content=scope_words(without_actor(main_cased).lower()),
        acts=_acts(clause, consent),
        dates=tuple((prep.lower(), int(year)) for prep, year in _DATED.findall(clause)),
        duty=duty_of(main),
        chooser=chooser_of(clause),
        allow_list=bool(_ALLOW_LIST.search(main)),
        all_content=frozenset(content_words(canonical(clause))),
        control_only=bool(_CONTROL.match(clause)),
        deletes=protective_action and not negated and bool(DELETION_VERBS.search(main)),
        retention_limit=sets_retention_period(clause),
    )


_QUOTED = re.compile(r"(?<!\w)['\"\u2018\u201c][^'\"\u2019\u201d]{1,60}['\"\u2019\u201d](?!\w)")


def _acts(clause: str, consent: Consent) -> bool:
    """Whether the clause names an action on data or a consent mechanism (an opt-in, an
    opt-out, a default), rather than only describing something."""
    return bool(
        RISKY_ACTIONS.search(clause)
        or PROTECTIVE_ACTIONS.search(clause)
        or consent.required
        or consent.opt_in
        or consent.opt_out
        or consent.default_on
    )


def clear_caches() -> None:
    """Forget memoised word tests (see `watcher.analyze.clear_caches`)."""
    scope.clear_caches()


def _only_where(stance: int, condition: str, exceptions: frozenset[str]) -> int:
    """ "We disclose it only where the law requires" is "we do not disclose it unless the law
    requires": a ban with that exception, not a permission."""
    if stance == Stance.PERMITTED and exceptions and _ONLY_WHERE.match(condition):
        return Stance.EXCEPTED
    return stance


_REQUIRED = re.compile(r"\b(?:required|compelled|obliged|ordered)\b.*\b(?:law|court|order|legal)")
_ONLY_WHERE = re.compile(r"\s*only (?:if|when|where|to the extent|as)\b")


def _cased(part: str, lowered: str, original: str) -> str:
    """`part` of `lowered` as written in `original`, when lower-casing kept every position."""
    start = lowered.find(part)
    if start < 0 or len(lowered) != len(original):
        return part
    return original[start : start + len(part)]

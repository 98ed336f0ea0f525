"""Over how much and for how long a clause commits: its quantifier, its covered words, its periods.

Scope is compared on the words that name what is covered, so those are kept apart from the rest:
asides, examples, hedges, verbs and a named actor ("Corvid will not…" and "… will not be…" cover
the same data) are dropped. Periods are turned into days so "30 days" and "one month" compare.
"""

from __future__ import annotations

import re
from functools import lru_cache

from watcher.analyze.clauses import canonical, content_words, numbers_to_digits
from watcher.analyze.lexicon import (
    HEDGES,
    NEGATION,
    PERMISSION_MODALS,
    PROTECTIVE_ACTIONS,
    RISKY_ACTIONS,
    words,
)
from watcher.analyze.scope_lexicon import (
    DATA_NOUNS,
    EXAMPLES,
    NARROW_QUANTIFIERS,
    OPEN_ENDED,
    PROTECTIVE_WORDS,
    RESTRICTIVE_QUALIFIERS,
    WIDE_QUANTIFIERS,
)
from watcher.analyze.topics import TOPIC_PATTERNS
from watcher.records import Topic

__all__ = [
    "clear_caches",
    "periods_in_days",
    "quantity_of",
    "scope_words",
    "sets_retention_period",
    "without_actor",
]

_NEGATED_QUANTITY = words(r"no", r"none of", r"nothing", r"not any")
_UNIVERSAL = words(r"all", r"every", r"each", r"everything", r"entire")


def quantity_of(main: str) -> int:
    """How much of the data the commitment covers, read from the quantifier in front of it."""
    for pattern, amount in (
        (_NEGATED_QUANTITY, 0),
        (NARROW_QUANTIFIERS, 1),
        (_UNIVERSAL, 3),
    ):
        for match in pattern.finditer(main):
            if DATA_NOUNS.match(main, _skip_of(main, match.end())):
                return amount
    return 2


def _skip_of(text: str, at: int) -> int:
    """Past the space, an optional "of" and a determiner after a quantifier."""
    match = _OF.match(text, at)
    return match.end() if match else at


_OF = re.compile(r"\s*(?:of\s+)?(?:(?:the|your|our|their|its|this|that|these|those)\s+)?")


# A named actor opening the clause ("Corvid will not…"): who acts, not what is covered.
_ACTOR = re.compile(
    r"^\s*(?!(?:Your|Our|The|This|That|These|Those|Such|Any|All|Each|Every|No|Some|If|When|"
    r"Where|We|You|They|It|Only)\b)(?:[A-Z][\w&.-]*\s+){1,3}(?=(?:\w+ly\s+|currently\s+)?(?:will|won't|would|does|doesn't|do|don't|may|might|can|"
    r"cannot|can't|must|shall|should|never|also|only|is|are|has|have|\w+s)\b)"
)


def without_actor(main: str) -> str:
    """The clause without a named actor opening it: "Corvid will not…" and "… will not be…"
    cover the same data whoever is named as doing it."""
    match = _ACTOR.match(main)
    if match is None or DATA_NOUNS.search(match.group().lower()):
        return main
    return main[match.end() :]


_PARENTHETICAL = re.compile(r"\([^)]*\)")


def scope_words(main: str) -> tuple[str, ...]:
    """The words naming what a commitment covers: no asides, examples, hedges or verbs."""
    text = EXAMPLES.sub(" ", _PARENTHETICAL.sub(" ", main))
    kept = " ".join(word for word in canonical(text).split() if _is_scope_word(word))
    return tuple(content_words(kept))


@lru_cache(maxsize=32768)
def _is_scope_word(word: str) -> bool:
    """Memoised: the same few thousand words recur in every clause of every policy."""
    return _NOT_SCOPE.fullmatch(word) is None


_NOT_SCOPE = re.compile(
    "|".join(
        pattern.pattern
        for pattern in (
            HEDGES,
            PROTECTIVE_WORDS,
            NARROW_QUANTIFIERS,
            WIDE_QUANTIFIERS,
            RESTRICTIVE_QUALIFIERS,
            RISKY_ACTIONS,
            PROTECTIVE_ACTIONS,
            PERMISSION_MODALS,
            NEGATION,
        )
    ),
)


def clear_caches() -> None:
    """Forget memoised word tests (see `watcher.analyze.clear_caches`)."""
    _is_scope_word.cache_clear()


_DURATION = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:-\s*)?(hour|day|week|month|year)s?\b")
_UNIT_DAYS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
_TIME_HINT = re.compile(
    r"(?:hour|day|week|month|year)s?\b|immediately|right away|at once|instantly"
)
_IMMEDIATE = words(r"immediately", r"right away", r"at once", r"instantly")


def periods_in_days(clause: str) -> tuple[float, ...]:
    """Every period the clause names, in days ("immediately" is 0), for comparing retention."""
    if not _TIME_HINT.search(clause):
        return ()
    found = [
        float(m.group(1)) * _UNIT_DAYS[m.group(2).lower()]
        for m in _DURATION.finditer(numbers_to_digits(clause))
    ]
    if not found and _IMMEDIATE.search(clause):
        found.append(0.0)
    return tuple(found)


def sets_retention_period(clause: str) -> bool:
    """Whether the clause says how long something is kept, precisely or vaguely."""
    return bool(
        TOPIC_PATTERNS[Topic.RETENTION_DELETION].search(clause)
        and (_TIME_HINT.search(clause) or _VAGUE_TIME.search(clause) or OPEN_ENDED.search(clause))
    )


_VAGUE_TIME = words(
    r"(?:no )?longer than (?:\w+ )?(?:necessary|needed|required)",
    r"a (?:short|reasonable|limited|certain) (?:time|period)",
    r"promptly",
    r"soon",
    r"in a timely manner",
    r"as soon as (?:reasonably )?practicable",
)

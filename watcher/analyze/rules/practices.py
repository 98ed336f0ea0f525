"""Which practices a clause names, and whether the old text explicitly allowed them.

The line between `strengthened` and `clarified` is drawn here: a new limit strengthens only
when the old text explicitly allowed the same practice (the same action family: "fine-tune" is
"train") on the same subject matter; a limit on what the old text said vaguely ("improve our
services", "limited access") or not at all clarifies.
"""

from __future__ import annotations

from watcher.analyze.clauses import lemma
from watcher.analyze.commitments import Commitment, Stance
from watcher.analyze.lexicon import RISKY_ACTIONS, words
from watcher.analyze.rules.movement import tracked
from watcher.analyze.scope_lexicon import SPECIFIC_AI, VAGUE_PURPOSE, VAGUE_SCOPE
from watcher.records import Topic, Verdict

__all__ = [
    "GENERIC_WORDS",
    "PRACTICE_VERBS",
    "action_lemmas",
    "allowed_before",
    "better_verdict",
    "is_explicit",
    "practice_stems",
    "practices_of",
    "subject_matter",
]

_S, _C = Verdict.STRENGTHENED, Verdict.CLARIFIED

# The verbs that make a clause a practice on each topic, not just a mention of it.
PRACTICE_VERBS = {
    Topic.AI_TRAINING: words(
        r"train\w*", r"fine-?tun\w+", r"tun(?:e|es|ed|ing)", r"(?:improv|develop|build)\w*",
        r"learn\w*", r"licen[cs]\w*"
    ),
    Topic.THIRD_PARTY_SHARING: words(
        r"shar(?:e|es|ed|ing)", r"sell\w*", r"sold", r"rent\w*", r"disclos\w+",
        r"transfer\w*", r"licen[cs]\w*", r"engag\w+", r"receiv\w+",
    ),
    Topic.HUMAN_ACCESS: words(
        r"(?:employees?|staff|personnel|engineers?|reviewers?|humans?|contractors?|agents?|team)"
        r"\b[^.;]{0,60}?\b(?:access|view|listen|read|review|open|see)\w*"
    ),
    Topic.RETENTION_DELETION: words(r"retain\w*", r"keep\w*", r"kept", r"stor\w+"),
    Topic.CROSS_TENANT: words(r"train\w*", r"shar\w+", r"improv\w+", r"us(?:e|ed)"),
    Topic.CONSENT_OPTOUT: words(r"on by default", r"enabled", r"set when", r"included"),
}  # fmt: skip


def better_verdict(old: Commitment, new: Commitment) -> Verdict:
    """Strengthened when the old text explicitly allowed it, clarified when it was vague."""
    if practices_of(new) and not practices_of(new) & practices_of(old):
        return _C
    if VAGUE_SCOPE.search(old.low) and not old.protective_words:
        return _C
    if SPECIFIC_AI.search(new.low) and not SPECIFIC_AI.search(old.low):
        return _C
    return _S


def allowed_before(old: Commitment, new: Commitment) -> bool:
    """Whether `old` explicitly allowed the practice `new` now limits."""
    if old.protects or old.stance > Stance.OPT_OUT:
        return False
    shared = tracked(old.topics) & tracked(new.topics)
    if not shared or VAGUE_SCOPE.search(old.low) or VAGUE_PURPOSE.search(old.low):
        return False
    if SPECIFIC_AI.search(new.low) and not SPECIFIC_AI.search(old.low):
        return False
    same_practice = bool(practices_of(old) & practices_of(new))
    return same_practice and bool(subject_matter(old) & subject_matter(new))


def practice_stems(c: Commitment) -> tuple[str, ...]:
    """Word stems for the practices `c` names, to find old sentences that may speak of them."""
    stems: set[str] = set()
    for action in practices_of(c):
        stems.update(_FAMILY_STEMS.get(action, (action,)))
    return tuple(sorted(stems))


_FAMILY_STEMS = {
    "train": ("train", "tun", "learn"),
    "keep": ("keep", "kept", "retain", "stor", "hold", "held"),
    "delete": ("delet", "eras", "remov", "purg"),
    "sell": ("sell", "sold"),
}


def subject_matter(c: Commitment) -> set[str]:
    """The clause's own words: not its verbs, not generic words like "data" or "use"."""
    own = {w for w in c.all_content if w not in GENERIC_WORDS and not w.isdigit()}
    return own - action_lemmas(c)


def action_lemmas(c: Commitment) -> set[str]:
    """The lemma of every action the clause names, generic ones ("use", "process") included."""
    return {lemma(m.group().lower().split()[0]) for m in RISKY_ACTIONS.finditer(c.low)}


def practices_of(c: Commitment) -> set[str]:
    """The lemmas of the practices a clause names (use, train, share…)."""
    return {_ACTION_FAMILY.get(a, a) for a in action_lemmas(c) - _GENERIC_ACTIONS}


# Ways of saying "make a model learn from the data": one practice for comparing clauses.
_ACTION_FAMILY = {
    lemma(word): "train"
    for word in ("tune", "tuned", "fine-tune", "fine-tuned", "retrain", "learn", "learns")
}
# Actions too common to tell two practices apart: "use" is in nearly every clause.
_GENERIC_ACTIONS = frozenset(
    lemma(word)
    for word in ["use", "process", "handle", "collect", "receive", "include", "set", "generate"]
)


# Words too general to tell two clauses' subject matter apart.
GENERIC_WORDS = frozenset(
    ("use", "process", "handl", "read", "access", "provid", "make", "help", "need", "servic",
     "data", "information", "content", "inform", "person", "personal", "availabl", "accessibl",
     "maximum", "minimum", "least", "most", "necessary", "needed", "need", "unabl", "abl")
)  # fmt: skip


def is_explicit(old: Commitment) -> bool:
    """Whether the old clause stated its practice precisely enough to be taken back."""
    return not VAGUE_SCOPE.search(old.low)

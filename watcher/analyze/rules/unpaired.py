"""The rules for a clause with no counterpart: one the new text added, or one it removed.

An added limit is `strengthened` only when the old text explicitly allowed what it limits, and
finding that out means reading the old text; `OldText` lets the caller read only the paragraphs
that could say so, and only when a rule asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from watcher.analyze.commitments import Commitment, Stance
from watcher.analyze.lexicon import TRANSPARENCY, words
from watcher.analyze.rules.movement import Movement, quote, tracked
from watcher.analyze.rules.practices import (
    PRACTICE_VERBS,
    allowed_before,
    practice_stems,
    subject_matter,
)
from watcher.records import Verdict

__all__ = ["OldText", "judge_added", "judge_removed"]

_W, _S, _C = Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED


OldText = Callable[[Iterable[str], Iterable[str]], Iterable[Commitment]]
"""The old text's commitments on the new clause's topics, lazily; given two lists of word stems,
only from paragraphs that contain one word of each (reading every sentence of a long policy is
the costly part)."""


def judge_added(
    new: Commitment, old_text: OldText, *, fresh_antecedent: bool = False
) -> list[Movement]:
    """What stating `new` where the old text said nothing did.

    `fresh_antecedent` says the sentence before is new as well: a limit on "those models" then
    bounds something the old text never mentioned, which clarifies rather than takes back.
    """
    topics = tracked(new.topics)
    if not topics or not new.acts:
        return []
    if new.control_only and not new.default_on:
        return [Movement(_C, topics, f"control described: {quote(new.text)}")]
    if new.protects:
        refers_back = fresh_antecedent and _ANAPHOR.search(new.low)
        stems, subjects = practice_stems(new), subject_matter(new)
        allowed = bool(stems and subjects) and not refers_back
        allowed = allowed and any(allowed_before(old, new) for old in old_text(stems, subjects))
        verdict = _S if allowed else _C
        return [Movement(verdict, topics, f"limit added: {quote(new.text)}")]
    bounding = bool(new.protective_words & _LIMITING or _BOUNDED.search(new.low))
    publishing = bool(TRANSPARENCY.search(new.low))
    if bounding or publishing:
        known = frozenset(t for old in old_text((), ()) if not old.protects for t in old.topics)
        if topics <= known:
            what = "existing practice bounded" if bounding else "named and published"
            return [Movement(_C, topics, f"{what}: {quote(new.text)}")]
    practiced = frozenset(t for t in topics if PRACTICE_VERBS[t].search(new.low))
    if not practiced or new.stance > Stance.OPT_OUT:
        return []
    if _NOT_USERS_DATA.search(new.low) and not _USERS_DATA.search(new.low):
        return []  # "models are trained on licensed stock images": nothing of the user's
    return [Movement(_W, topics, f"permission added: {quote(new.text)}")]


def judge_removed(old: Commitment) -> list[Movement]:
    """What dropping `old` did."""
    topics = tracked(old.topics)
    if not topics or not old.acts:
        return []
    if old.protects or old.protective_words & _LIMITING:
        return [Movement(_W, topics, f"protection removed: {quote(old.text)}")]
    practiced = frozenset(t for t in topics if PRACTICE_VERBS[t].search(old.low))
    if practiced and old.stance <= Stance.OPT_OUT:
        return [Movement(_S, topics, f"permission removed: {quote(old.text)}")]
    return []


# A limit on "those models" refers back to what the sentence before named.
_ANAPHOR = words(r"th(?:ose|ese|em|ey)", r"it", r"such \w+", r"the same \w+")
# Keeping a practice in-house bounds it without forbidding it.
_BOUNDED = words(r"(?:our|its|their|[\w-]+'s) own", r"in-house", r"internal(?:ly)?")
# Protective words that limit on their own, without a negation or a protective verb.
_NOT_USERS_DATA = words(
    r"licensed (?:content|data|images|works)",
    r"public[- ]domain",
    r"synthetic data",
    r"stock (?:images|content|photos)",
    r"openly licensed",
)
_USERS_DATA = words(r"your", r"customer", r"users?'?s?", r"members?'?", r"client", r"personal")
_LIMITING = frozenset({"only", "solely", "exclusively", "never", "strictly"})

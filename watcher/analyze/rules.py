"""The verdict rules: what a reworded, added or removed clause does to the user's protection.

Each rule looks at one aspect of a commitment (stance, hedges, exceptions, consent, scope,
retention) and, when that aspect moved, says which way and quotes what moved. A clause's verdict
is the most important of its rules' verdicts (weakened > strengthened > clarified); when no rule
fires the clause was reworded without moving a commitment, which is `neutral`.

Strengthened and clarified differ by what the old text said: a protection that takes back
something the old text explicitly allowed is `strengthened`; one that makes precise what the old
text left vague or unsaid is `clarified`. A newly stated permission is always `weakened`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from watcher.analyze import lexicon as lx
from watcher.analyze.clauses import lemma
from watcher.analyze.commitments import TRACKED, Commitment, Stance
from watcher.records import Topic, Verdict

__all__ = ["Movement", "judge_added", "judge_controls", "judge_pair", "judge_removed"]

_W, _S, _C, _N = Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED, Verdict.NEUTRAL
_PRACTICE = {
    Topic.AI_TRAINING: lx.words(
        r"train\w*", r"fine-?tun\w+", r"tun(?:e|es|ed|ing)", r"(?:improv|develop|build)\w*",
        r"learn\w*", r"licen[cs]\w*"
    ),
    Topic.THIRD_PARTY_SHARING: lx.words(
        r"shar(?:e|es|ed|ing)", r"sell\w*", r"sold", r"rent\w*", r"disclos\w+",
        r"transfer\w*", r"licen[cs]\w*", r"engag\w+", r"receiv\w+",
    ),
    Topic.HUMAN_ACCESS: lx.words(
        r"(?:employees?|staff|personnel|engineers?|reviewers?|humans?|contractors?|agents?|team)"
        r"\b[^.;]{0,60}?\b(?:access|view|listen|read|review|open|see)\w*"
    ),
    Topic.RETENTION_DELETION: lx.words(r"retain\w*", r"keep\w*", r"kept", r"stor\w+"),
    Topic.CROSS_TENANT: lx.words(r"train\w*", r"shar\w+", r"improv\w+", r"us(?:e|ed)"),
    Topic.CONSENT_OPTOUT: lx.words(r"on by default", r"enabled", r"set when", r"included"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Movement:
    """One aspect of a commitment that moved, which way, and the words that show it."""

    verdict: Verdict
    topics: frozenset[Topic]
    explanation: str


def judge_pair(old: Commitment, new: Commitment, *, partial: bool = False) -> list[Movement]:
    """What rewording `old` as `new` did; empty when the commitment did not move.

    `partial` says one side holds only part of the other (a sentence split in two), so words
    missing from it are said elsewhere and are no change of scope.
    """
    topics = _tracked(old.topics | new.topics)
    if not topics:
        return []
    moves = _consent_moves(old, new, topics)
    if not (old.acts or new.acts):
        return moves
    # "We delete it after a limited period" and "we may keep it for up to 30 days, then delete
    # it" are both retention limits: their periods are compared, not their verbs.
    both_limits = (
        old.retention_limit
        and new.retention_limit
        and old.protective_action != new.protective_action
    )
    if new.stance != old.stance and not both_limits:
        verdict = _W if new.stance < old.stance else _better(old, new)
        moves.append(
            Movement(
                verdict,
                topics,
                f"{Stance.LABELS[old.stance]} → {Stance.LABELS[new.stance]}: "
                f"{_quote(old.modal or old.text)} became {_quote(new.modal or new.text)}",
            )
        )
    moves += _set_moves("hedge", old.hedges, new.hedges, topics, new)
    if old.stance >= Stance.NOTICE or new.stance >= Stance.NOTICE or old.protects or old.days:
        moves += _set_moves("exception", old.exceptions, new.exceptions, topics, new)
    elif old.stance == new.stance:
        # An exception to a permission keeps something out of it: dropping it widens the
        # permission, adding one narrows it.
        carve_outs_old = old.exceptions - _JUSTIFICATIONS
        carve_outs_new = new.exceptions - _JUSTIFICATIONS
        if dropped := carve_outs_old - carve_outs_new:
            moves.append(
                Movement(_W, topics, f"exception to a permission removed: {_quotes(dropped)}")
            )
        if kept_out := carve_outs_new - carve_outs_old:
            moves.append(
                Movement(_S, topics, f"exception added to a permission: {_quotes(kept_out)}")
            )
    moves += _duty_moves(old, new, topics)
    moves += _retention_moves(old, new, topics)
    if old.deletes and not new.deletes and not _DELETION.search(new.low):
        # "we delete what you gave us" became "we stop taking more": the past stays in.
        moves.append(Movement(_W, topics, f"no longer deleted: {_quote(old.text)}"))
    moves += _new_practice(old, new)
    controls_moved = any("control" in m.explanation or "opting" in m.explanation for m in moves)
    if new.stance == old.stance and not partial and not controls_moved:
        moves += _protective_moves(old, new, topics)
        moves += _scope_moves(old, new, topics)
    return moves


def _duty_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    """A "must" that became "should" (or back) in a clause binding someone for the user."""
    if old.duty == new.duty or 0 in (old.duty, new.duty) or old.stance != new.stance:
        return []
    verb = _DUTY_VERB.search(old.low)
    binding = old.protects or old.protective_words or (verb and _DUTIES.fullmatch(verb.group(1)))
    if not binding:
        return []
    verdict = _W if new.duty < old.duty else _S
    what = "duty weakened" if verdict is _W else "duty made binding"
    return [Movement(verdict, topics, f"{what}: {_quote(old.modal)} became {_quote(new.modal)}")]


def _new_practice(old: Commitment, new: Commitment) -> list[Movement]:
    """A reworded permission that now names a tracked practice the old one did not."""
    if new.protects or new.stance > Stance.OPT_OUT or new.easy_control or new.hard_control:
        return []
    fresh = frozenset(
        t
        for t in _tracked(new.topics) - old.topics
        if _PRACTICE[t].search(new.low) and t is not Topic.CONSENT_OPTOUT
    )
    if not fresh:
        return []
    names = ", ".join(sorted(t.value for t in fresh))
    return [Movement(_W, fresh, f"permission now covers {names}: {_quote(new.text)}")]


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
    topics = _tracked(new.topics)
    if not topics or not new.acts:
        return []
    if new.control_only and not new.default_on:
        return [Movement(_C, topics, f"control described: {_quote(new.text)}")]
    if new.protects:
        refers_back = fresh_antecedent and _ANAPHOR.search(new.low)
        stems, subjects = _action_stems(new), _subject_matter(new)
        allowed = bool(stems and subjects) and not refers_back
        allowed = allowed and any(_allows(old, new) for old in old_text(stems, subjects))
        verdict = _S if allowed else _C
        return [Movement(verdict, topics, f"limit added: {_quote(new.text)}")]
    bounding = bool(new.protective_words & _LIMITING or _BOUNDED.search(new.low))
    publishing = bool(lx.TRANSPARENCY.search(new.low))
    if bounding or publishing:
        known = frozenset(t for old in old_text((), ()) if not old.protects for t in old.topics)
        if topics <= known:
            what = "existing practice bounded" if bounding else "named and published"
            return [Movement(_C, topics, f"{what}: {_quote(new.text)}")]
    practiced = frozenset(t for t in topics if _PRACTICE[t].search(new.low))
    if not practiced or new.stance > Stance.OPT_OUT:
        return []
    return [Movement(_W, topics, f"permission added: {_quote(new.text)}")]


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


def judge_removed(old: Commitment) -> list[Movement]:
    """What dropping `old` did."""
    topics = _tracked(old.topics)
    if not topics or not old.acts:
        return []
    if old.protects or old.protective_words & _LIMITING:
        return [Movement(_W, topics, f"protection removed: {_quote(old.text)}")]
    practiced = frozenset(t for t in topics if _PRACTICE[t].search(old.low))
    if practiced and old.stance <= Stance.OPT_OUT:
        return [Movement(_S, topics, f"permission removed: {_quote(old.text)}")]
    return []


# Exception kinds that justify a practice ("as required by law") rather than carve something
# out of it ("except in the EU").
_JUSTIFICATIONS = frozenset({"legal requirement", "when necessary", "the vendor's judgement"})
_ANAPHOR = lx.words(r"th(?:ose|ese|em|ey)", r"it", r"such \w+", r"the same \w+")
_BOUNDED = lx.words(r"(?:our|its|their|[\w-]+'s) own", r"in-house", r"internal(?:ly)?")
_LIMITING = frozenset({"only", "solely", "exclusively", "never", "strictly"})


def _better(old: Commitment, new: Commitment) -> Verdict:
    """Strengthened when the old text explicitly allowed it, clarified when it was vague."""
    if _actions(new) and not _actions(new) & _actions(old):
        return _C
    if lx.VAGUE_SCOPE.search(old.low) and not old.protective_words:
        return _C
    if lx.SPECIFIC_AI.search(new.low) and not lx.SPECIFIC_AI.search(old.low):
        return _C
    return _S


def _allows(old: Commitment, new: Commitment) -> bool:
    """Whether `old` explicitly allowed the practice `new` now limits."""
    if old.protects or old.stance > Stance.OPT_OUT:
        return False
    shared = _tracked(old.topics) & _tracked(new.topics)
    if not shared or lx.VAGUE_SCOPE.search(old.low) or lx.VAGUE_PURPOSE.search(old.low):
        return False
    if lx.SPECIFIC_AI.search(new.low) and not lx.SPECIFIC_AI.search(old.low):
        return False
    return bool(_actions(old) & _actions(new)) and bool(_subject_matter(old) & _subject_matter(new))


def _action_stems(c: Commitment) -> tuple[str, ...]:
    """Word stems for the practices `c` names, to find old sentences that may speak of them."""
    stems: set[str] = set()
    for action in _actions(c):
        stems.update(_FAMILY_STEMS.get(action, (action,)))
    return tuple(sorted(stems))


_FAMILY_STEMS = {
    "train": ("train", "tun", "learn"),
    "keep": ("keep", "kept", "retain", "stor", "hold", "held"),
    "delete": ("delet", "eras", "remov", "purg"),
    "sell": ("sell", "sold"),
}


def _subject_matter(c: Commitment) -> set[str]:
    """The clause's own words: not its verbs, not generic words like "data" or "use"."""
    return {w for w in c.all_content if w not in _GENERIC and not w.isdigit()} - _all_actions(c)


_DUTY_VERB = re.compile(
    r"\b(?:must|shall|will|should|may|might|can|could)\s+(?:not\s+)?(?:\w+ly\s+)?(\w+)", re.I
)


_DUTIES = lx.words(
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


def _all_actions(c: Commitment) -> set[str]:
    return {lemma(m.group().lower().split()[0]) for m in lx.RISKY_ACTIONS.finditer(c.low)}


def _actions(c: Commitment) -> set[str]:
    """The lemmas of the practices a clause names (use, train, share…)."""
    found = {lemma(m.group().split()[0]) for m in lx.RISKY_ACTIONS.finditer(c.low)}
    return {_ACTION_FAMILY.get(action, action) for action in found - _GENERIC_ACTIONS}


# Ways of saying "make a model learn from the data": one practice for comparing clauses.
_ACTION_FAMILY = {
    lemma(word): "train"
    for word in ("tune", "tuned", "fine-tune", "fine-tuned", "retrain", "learn", "learns")
}


_GENERIC_ACTIONS = frozenset(
    lemma(word)
    for word in ["use", "process", "handle", "collect", "receive", "include", "set", "generate"]
)


def _set_moves(
    kind: str, old: frozenset[str], new: frozenset[str], topics: frozenset[Topic], new_c: Commitment
) -> list[Movement]:
    moves = []
    if added := new - old:
        moves.append(
            Movement(_W, topics, f"{kind} added: {_quotes(added)} in {_quote(new_c.text)}")
        )
    if removed := old - new:
        moves.append(Movement(_S, topics, f"{kind} removed: {_quotes(removed)}"))
    return moves


def _protective_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    moves = []
    removed = old.protective_words - new.protective_words - {"never"}
    added = new.protective_words - old.protective_words - {"never"}
    if removed:
        moves.append(Movement(_W, topics, f"protective words removed: {_quotes(removed)}"))
    elif added:
        explicit = _dropped_items(old, new) or (
            lx.WIDE_QUANTIFIERS.search(old.low) and not lx.WIDE_QUANTIFIERS.search(new.low)
        )
        verdict = _S if _explicit(old) and explicit else _C
        moves.append(Movement(verdict, topics, f"protective words added: {_quotes(added)}"))
    if not new.protects:
        lost = old.restrictive - new.restrictive
        if lost:
            moves.append(Movement(_W, topics, f"qualifier removed: {_quotes(lost)}"))
    return moves


def _consent_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    topics = topics | {Topic.CONSENT_OPTOUT}
    moves = []
    if old.default_off and new.default_on:
        moves.append(Movement(_W, topics, "default turned on"))
    elif old.default_on and new.default_off:
        moves.append(Movement(_S, topics, "default turned off"))
    if old.easy_control and not old.hard_control and new.hard_control:
        moves.append(Movement(_W, topics, f"opting out got harder: {_quote(new.text)}"))
    elif old.hard_control and not new.hard_control and new.easy_control:
        moves.append(Movement(_S, topics, f"opting out got easier: {_quote(new.text)}"))
    elif (
        new.easy_control
        and not (old.easy_control or old.hard_control)
        and Topic.CONSENT_OPTOUT in old.topics
    ):
        moves.append(Movement(_C, topics, f"control named: {_quote(new.text)}"))
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


def _retention_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    if new.open_ended and not old.open_ended:
        return [Movement(_W, topics, f"retention became open-ended: {_quote(new.text)}")]
    if old.days and new.days:
        before, after = max(old.days), max(new.days)
        if after > before:
            return [Movement(_W, topics, f"period lengthened: {before:g} → {after:g} days")]
        if after < before:
            return [Movement(_S, topics, f"period shortened: {before:g} → {after:g} days")]
    if old.open_ended and new.days and not new.open_ended:
        return [Movement(_C, topics, f"open-ended period made precise: {_quote(new.text)}")]
    if (
        new.days
        and not old.days
        and (Topic.RETENTION_DELETION in topics or lx.VAGUE_SCOPE.search(old.low))
    ):
        return [Movement(_C, topics, f"period made precise: {_quote(new.text)}")]
    if old.days and not new.days and Topic.RETENTION_DELETION in topics and not new.protects:
        return [Movement(_W, topics, f"period dropped: {_quote(old.text)}")]
    return []


def _scope_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    """Who or what the commitment covers: quantifiers, named items, dates inside it."""
    exposing = not new.protects or (new.allow_list and old.allow_list)
    if old.days != new.days or old.open_ended != new.open_ended:
        return []
    added = _items(new) - old.all_content
    removed = _items(old) - new.all_content
    if new.quantity != old.quantity and 0 not in (old.quantity, new.quantity):
        if (new.quantity > old.quantity) == exposing:
            return [Movement(_W, topics, f"scope widened: {_quote(new.text)}")]
        verdict = _S if _explicit(old) else _C
        return [Movement(verdict, topics, f"scope narrowed: {_quote(new.text)}")]
    if removed and _WIDE.search(new.low) and not _WIDE.search(old.low):
        verdict = _W if exposing else _S
        return [Movement(verdict, topics, f"scope extended to {_quote(_WIDE.findall(new.low)[0])}")]
    if _MODELS.search(old.low) and _MODELS.search(new.low):
        specific_before = bool(lx.SPECIFIC_AI.search(old.low))
        specific_after = bool(lx.SPECIFIC_AI.search(new.low))
        if specific_before != specific_after:
            widened = specific_before and not specific_after
            if widened == exposing:
                return [Movement(_W, topics, f"kind of model covered changed: {_quote(new.text)}")]
            verdict = _S if _explicit(old) and not exposing else _C
            return [Movement(verdict, topics, f"kind of model covered changed: {_quote(new.text)}")]
    if moved := _date_move(old, new, exposing):
        return [Movement(moved[0], topics, moved[1])]
    if new.protective_words - old.protective_words:
        return []
    listed = _coordinators(new) - _coordinators(old)
    if added and not removed:
        if exposing and listed > 0:
            return [Movement(_W, topics, f"covered set widened: {_quotes(frozenset(added))}")]
        if exposing:
            return [Movement(_C, topics, f"scope bounded: {_quotes(frozenset(added))}")]
        if listed > 0:
            # A new practice in the ban where the old text was silent clarifies; more data or
            # people under the same ban strengthens.
            verdict = _C if _all_actions(new) - _all_actions(old) else _S
            return [
                Movement(verdict, topics, f"protected set widened: {_quotes(frozenset(added))}")
            ]
        return []
    if added and removed and listed >= 2:
        verdict = _W if exposing else _S
        return [Movement(verdict, topics, f"list widened: {_quotes(frozenset(added))}")]
    if not exposing and _explicit(old) and _qualified(old, new, added):
        return [Movement(_W, topics, f"protection narrowed by {_quotes(frozenset(added))}")]
    if not exposing and removed and listed < 0:
        return [Movement(_W, topics, f"protected list shortened: {_quotes(frozenset(removed))}")]
    if removed and not added:
        if exposing:
            verdict = _S if _explicit(old) else _C
            return [
                Movement(verdict, topics, f"covered set narrowed: {_quotes(frozenset(removed))}")
            ]
        return [Movement(_W, topics, f"protected set narrowed: {_quotes(frozenset(removed))}")]
    return []


_DELETION = lx.words(r"delet\w+", r"eras\w+", r"purg\w+", r"remov\w+", r"overwr\w+")
_MODELS = lx.words(r"models?", r"ai", r"artificial intelligence", r"machine learning", r"llms?")
_CUTOFF_BEFORE = frozenset({"before", "prior to", "earlier than"})
_CUTOFF_AFTER = frozenset({"after", "since", "from"})


def _date_move(old: Commitment, new: Commitment, exposing: bool) -> tuple[Verdict, str] | None:
    """A year inside the commitment moved: who is covered, or by when something must happen."""
    if len(old.dates) != len(new.dates):
        return None
    for (prep, before), (new_prep, after) in zip(old.dates, new.dates, strict=True):
        if before == after or prep != new_prep:
            continue
        later = after > before
        if prep in _CUTOFF_BEFORE or prep in _CUTOFF_AFTER:
            wider = later == (prep in _CUTOFF_BEFORE)
            verdict = _W if wider == exposing else _S
        else:
            verdict = _W if later else _S
        return verdict, f"date moved: '{prep} {before}' → '{prep} {after}'"
    return None


_WIDE = lx.words(
    r"(?:all|any|every|each) (?:[\w-]+ )?(?:plans?|tiers?|accounts?|customers?|users?|regions?|"
    r"countries|products?|services?|workspaces?|organi[sz]ations?|data|content|files?|messages?|"
    r"documents?|recordings?|conversations?|communications?|information|inputs?|outputs?)"
)
_GENERIC = frozenset(
    ("use", "process", "handl", "read", "access", "provid", "make", "help", "need", "servic",
     "data", "information", "content", "inform", "person", "personal", "availabl", "accessibl",
     "maximum", "minimum", "least", "most")
)  # fmt: skip
_COORDINATOR = lx.words(r"and", r"or", r"nor", r"as well as")


def _items(c: Commitment) -> set[str]:
    return {w for w in c.content if w not in _GENERIC and not w.isdigit()}


def _coordinators(c: Commitment) -> int:
    text = lx.EXAMPLES.sub(" ", c.low)
    return len(_COORDINATOR.findall(text)) + text.count(",")


def _qualified(old: Commitment, new: Commitment, added: set[str]) -> bool:
    """Whether new words were put in front of a word the old clause already had ("training"
    → "LLM training"): a qualifier that narrows what the clause covers."""
    before = set(old.content)
    words = new.content
    return any(
        word in added and later in before and later not in _GENERIC
        for word, later in pairwise(words)
    )


def _dropped_items(old: Commitment, new: Commitment) -> bool:
    return bool(_items(old) - _items(new))


def _explicit(old: Commitment) -> bool:
    """Whether the old clause stated its practice precisely enough to be taken back."""
    return not lx.VAGUE_SCOPE.search(old.low)


def _tracked(topics: frozenset[Topic]) -> frozenset[Topic]:
    return topics & TRACKED


def _quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


def _quotes(items: frozenset[str]) -> str:
    return ", ".join(_quote(item) for item in sorted(items))

"""The rules for how much a reworded clause covers: quantifiers, listed items, model kinds, dates.

Which way a wider scope points depends on the clause: more data under a permission exposes
the user (`weakened`), more data under a prohibition protects them. `exposing` carries that
reading through every rule here.
"""

from __future__ import annotations

import re
from itertools import pairwise

from watcher.analyze.clauses import lemma
from watcher.analyze.commitments import Commitment, Stance
from watcher.analyze.lexicon import words
from watcher.analyze.rules.movement import Movement, quote, quotes
from watcher.analyze.rules.practices import GENERIC_WORDS, action_lemmas, is_explicit
from watcher.analyze.scope_lexicon import EXAMPLES, SPECIFIC_AI, WIDE_QUANTIFIERS
from watcher.records import Topic, Verdict

__all__ = ["protective_moves", "scope_moves"]

_W, _S, _C = Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED


def scope_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    """Who or what the commitment covers: quantifiers, named items, dates inside it."""
    exposing = not new.protects or (new.allow_list and old.allow_list)
    if old.days != new.days or old.open_ended != new.open_ended:
        return []
    names = _renamed(old, new) | _renamed(new, old)
    added = _items(new) - old.all_content - names
    removed = _items(old) - new.all_content - names
    breadth = _breadth_move(old, new, exposing, removed)
    items = None
    if not new.protective_words - old.protective_words:
        items = _item_move(old, new, exposing, added, removed)
    # A widening anywhere outweighs a narrowing elsewhere in the same clause.
    widened = items is not None and items[0] is _W
    moved = items if widened and (breadth is None or breadth[0] is _C) else breadth or items
    return [Movement(moved[0], topics, moved[1])] if moved else []


def _breadth_move(
    old: Commitment, new: Commitment, exposing: bool, removed: set[str]
) -> tuple[Verdict, str] | None:
    """The quantifier, an "all …" phrase, the kind of model, or a date moved."""
    if new.quantity != old.quantity and 0 not in (old.quantity, new.quantity):
        if (new.quantity > old.quantity) == exposing:
            return _W, f"scope widened: {quote(new.text)}"
        verdict = _S if is_explicit(old) else _C
        return verdict, f"scope narrowed: {quote(new.text)}"
    if removed and _WIDE.search(new.low) and not _WIDE.search(old.low):
        verdict = _W if exposing else _S
        return verdict, f"scope extended to {quote(_WIDE.findall(new.low)[0])}"
    if _MODELS.search(old.low) and _MODELS.search(new.low):
        specific_before = bool(SPECIFIC_AI.search(old.low))
        specific_after = bool(SPECIFIC_AI.search(new.low))
        if specific_before != specific_after:
            widened = specific_before and not specific_after
            if widened == exposing:
                return _W, f"kind of model covered changed: {quote(new.text)}"
            verdict = _S if is_explicit(old) and not exposing else _C
            return verdict, f"kind of model covered changed: {quote(new.text)}"
    return _date_move(old, new, exposing)


def _item_move(
    old: Commitment, new: Commitment, exposing: bool, added: set[str], removed: set[str]
) -> tuple[Verdict, str] | None:
    """Items named in the clause were added to, dropped from or qualified in what it covers."""
    listed = _coordinators(new) - _coordinators(old)
    if _names_recipients(old, new, added, removed):
        return _C, f"recipients named: {quotes(frozenset(added))}"
    recipients = {w for w in added if w.startswith(_RECIPIENTS)}
    if exposing and recipients and Topic.THIRD_PARTY_SHARING in new.topics:
        return _W, f"shared with more recipients: {quotes(frozenset(recipients))}"
    qualified = added and not removed and (_qualified(old, new, added) or _restricted(added))
    if not exposing and listed <= 0 and is_explicit(old) and qualified:
        return _W, f"protection narrowed by {quotes(frozenset(added))}"
    if added and not removed:
        if exposing and listed > 0:
            return _W, f"covered set widened: {quotes(frozenset(added))}"
        if exposing:
            return _C, f"scope bounded: {quotes(frozenset(added))}"
        if listed > 0:
            # A new practice in the ban where the old text was silent clarifies; more data or
            # people under the same ban strengthens.
            verdict = _C if action_lemmas(new) - action_lemmas(old) else _S
            return verdict, f"protected set widened: {quotes(frozenset(added))}"
        return None
    if added and removed and listed >= 2:
        verdict = _W if exposing else _S
        return verdict, f"list widened: {quotes(frozenset(added))}"
    if not exposing and removed and listed < 0:
        return _W, f"protected list shortened: {quotes(frozenset(removed))}"
    if removed and not added:
        if exposing:
            verdict = _S if is_explicit(old) else _C
            return verdict, f"covered set narrowed: {quotes(frozenset(removed))}"
        return _W, f"protected set narrowed: {quotes(frozenset(removed))}"
    return None


def protective_moves(old: Commitment, new: Commitment, topics: frozenset[Topic]) -> list[Movement]:
    """Protective words ("only", "explicit") and qualifiers ("de-identified") added or dropped."""
    moves = []
    before = frozenset(_ADVERBS.get(w, w) for w in old.protective_words) - {"never"}
    after = frozenset(_ADVERBS.get(w, w) for w in new.protective_words) - {"never"}
    removed, added = before - after, after - before
    if old.stance >= Stance.CONSENT_ONLY and new.stance >= Stance.CONSENT_ONLY:
        # "We will not … unless you opt in" and "we only … if you agree" say the same (but a
        # dropped "only" still lets more through).
        added = added - {"only"}
    if removed:
        moves.append(Movement(_W, topics, f"protective words removed: {quotes(removed)}"))
    elif added:
        explicit = _dropped_items(old, new) or (
            WIDE_QUANTIFIERS.search(old.low) and not WIDE_QUANTIFIERS.search(new.low)
        )
        verdict = _S if is_explicit(old) and explicit else _C
        moves.append(Movement(verdict, topics, f"protective words added: {quotes(added)}"))
    if not new.protects:
        lost = old.restrictive - new.restrictive
        if lost:
            moves.append(Movement(_W, topics, f"qualifier removed: {quotes(lost)}"))
    return moves


# Stems of the kinds of recipient a sharing permission names.
_RECIPIENTS = (
    "partner", "affiliat", "advertis", "third", "vendor", "broker", "insurer", "employer",
    "commercial", "subsidiar", "data broker", "marketer", "sponsor",
)  # fmt: skip

# Words naming models in general; a more specific kind is `SPECIFIC_AI`.
_MODELS = words(r"models?", r"ai", r"artificial intelligence", r"machine learning", r"llms?")
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


# "All plans", "any data": a phrase that extends a clause to everything of a kind.
_WIDE = words(
    r"(?:all|any|every|each) (?:[\w-]+ )?(?:plans?|tiers?|accounts?|customers?|users?|regions?|"
    r"countries|products?|services?|workspaces?|organi[sz]ations?|data|content|files?|messages?|"
    r"documents?|recordings?|conversations?|communications?|information|inputs?|outputs?)"
)
# Words that join the items of a list.
_COORDINATOR = words(r"and", r"or", r"nor", r"as well as")


def _items(c: Commitment) -> set[str]:
    """The specific things the clause covers: its scope words less generic ones and numbers."""
    return {w for w in c.content if w not in GENERIC_WORDS and not w.isdigit()}


def _coordinators(c: Commitment) -> int:
    """How many list joints (and, or, commas) the clause has, examples aside: a longer list."""
    text = EXAMPLES.sub(" ", c.low)
    return len(_COORDINATOR.findall(text)) + text.count(",")


def _renamed(one: Commitment, other: Commitment) -> set[str]:
    """Words of a product name in `one` ("ERNIE Bot") that `other` kept only in part ("ERNIE"):
    a name shortened or lengthened changes no scope."""
    found: set[str] = set()
    for name in _NAME.findall(one.text):
        parts = {lemma(w.lower()) for w in name.split()}
        kept = parts & other.all_content
        if kept and kept != parts:
            found |= parts - kept
    return found


# Two or more capitalised words in a row, not at the start of the text.
_NAME = re.compile(r"(?<=\w )(?:[A-Z][\w-]*\s+)+[A-Z][\w-]*")


_ADVERBS = {"explicitly": "explicit", "expressly": "express", "exclusively": "exclusive"}


def _names_recipients(old: Commitment, new: Commitment, added: set[str], removed: set[str]) -> bool:
    """Whether generic recipients ("third-party providers") became named ones ("OpenAI")."""
    if not removed or not removed <= _GENERIC_RECIPIENTS:
        return False
    names = {lemma(w.lower()) for w in _CAPITALISED.findall(new.text)}
    if not added:
        return bool(names - old.all_content)
    return len(added - names) <= len(added) // 2


_GENERIC_RECIPIENTS = frozenset(
    lemma(w) for w in ("third", "party", "partner", "partners", "provider", "providers",
                       "vendor", "vendors", "service", "services", "processor", "trusted", "trust")
)  # fmt: skip
_CAPITALISED = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][\w-]*")


def _restricted(added: set[str]) -> bool:
    """Whether the new words limit a commitment to some plans, regions or kinds of customer."""
    return any(word.startswith(_RESTRICTING) for word in added)


_RESTRICTING = (
    "plan", "tier", "enterpris", "business", "premium", "paid", "subscri", "region", "countr",
    "resident", "eea", "european", "state", "version", "edition",
)  # fmt: skip


def _qualified(old: Commitment, new: Commitment, added: set[str]) -> bool:
    """Whether new words were put in front of a word the old clause already had ("training"
    → "LLM training"): a qualifier that narrows what the clause covers."""
    before = set(old.content)
    return any(
        word in added and later in before and later not in GENERIC_WORDS
        for word, later in pairwise(new.content)
    )


def _dropped_items(old: Commitment, new: Commitment) -> bool:
    """Whether the new clause stopped naming something the old one covered."""
    return bool(_items(old) - _items(new))

"""Public entry points of the analysis stage: a diff or two texts in, findings out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from watcher.analyze import clauses, commitments
from watcher.analyze.clauses import (
    apply_renames,
    canonical,
    is_boilerplate,
    renames,
    sentences,
    split_clauses,
)
from watcher.analyze.commitments import TRACKED, Commitment, commitments_of, read_clause
from watcher.analyze.language import ENGLISH, detect_language
from watcher.analyze.lexicon import NEGATION
from watcher.analyze.passages import judge_passage
from watcher.analyze.topics import TOPIC_PATTERNS
from watcher.diff import diff_texts, split_blocks
from watcher.records import (
    VERDICT_ORDER,
    Finding,
    HunkOp,
    TextDiff,
    Topic,
    Verdict,
    topics_of_findings,
)

__all__ = [
    "ANALYZER_VERSION",
    "Analysis",
    "analyze_diff",
    "analyze_texts",
    "clear_caches",
    "overall_verdict",
]

ANALYZER_VERSION = "1"
"""Bumped whenever a rule changes what a stored change would be judged."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """The findings for one pair of texts and what they add up to."""

    verdict: Verdict
    findings: tuple[Finding, ...]
    language: str = ENGLISH
    """ISO 639-1 code of the language the texts were read in; only English is analysed."""
    passage_topics: frozenset[Topic] = frozenset()
    """The topics of every commitment in the texts, changed or not."""

    @property
    def topics(self) -> frozenset[Topic]:
        """What the change is about: the topics of the findings that raise an alert, else of
        all findings; for a cosmetic change, the topics of the commitments in the passage."""
        if self.verdict is Verdict.COSMETIC and self.passage_topics:
            return self.passage_topics
        return topics_of_findings(self.findings)


def clear_caches() -> None:
    """Forget every memoised sentence and word (for honest cold timings, or to free memory)."""
    for cached in (clauses.canonical, clauses.lemma, clauses.spelled, commitments.read_clause):
        cached.cache_clear()
    commitments.clear_caches()


def overall_verdict(verdicts: Iterable[Verdict]) -> Verdict:
    """The most important verdict of several (weakened first); `unchanged` when there are none."""
    seen = set(verdicts)
    return next((v for v in VERDICT_ORDER if v in seen), Verdict.UNCHANGED)


def analyze_texts(old: str, new: str) -> Analysis:
    """Diff two texts, then analyse the diff."""
    diff = diff_texts(old, new)
    language = detect_language(new or old)
    findings = analyze_diff(diff, language=language)
    verdict = overall_verdict(f.verdict for f in findings)
    if verdict is not Verdict.COSMETIC:
        return Analysis(verdict, findings, language)
    return Analysis(verdict, findings, language, passage_topics(new))


def analyze_diff(diff: TextDiff, *, language: str | None = None) -> tuple[Finding, ...]:
    """One finding per changed sentence of the diff, in document order.

    `language` is detected from the diff's text when not given; a text that is not English gets
    findings that say so instead of a guessed verdict.
    """
    if diff.is_unchanged:
        return ()
    old_text = "\n".join(h.old_text for h in diff.hunks if h.op is not HunkOp.INSERT)
    language = language or detect_language(
        "\n".join(h.new_text for h in diff.hunks if h.op is not HunkOp.DELETE) or old_text
    )
    context = _Context(old_text)
    if language != ENGLISH:
        return tuple(
            _not_analysed(index, hunk.old_text, hunk.new_text, language)
            for index, hunk in enumerate(diff.hunks)
            if hunk.op is not HunkOp.EQUAL
        )
    new_parts = [(i, h.new_text) for i, h in enumerate(diff.hunks) if h.op in _NEW_SIDE]
    names = renames(old_text, "\n".join(text for _, text in new_parts))
    old_parts = [
        (i, apply_renames(h.old_text, names) if names else h.old_text)
        for i, h in enumerate(diff.hunks)
        if h.op in _OLD_SIDE
    ]
    findings = []
    for index, judgement in judge_passage(old_parts, new_parts, context):
        verdict, explanation = judgement.verdict, judgement.explanation
        if names and verdict is Verdict.COSMETIC:
            # A rename is a change of words, not of markup: neutral, and said so.
            verdict = Verdict.NEUTRAL
            explanation = "renamed " + ", ".join(f"'{a}' → '{b}'" for a, b in names)
        findings.append(
            Finding(
                hunk_index=index,
                verdict=verdict,
                topics=judgement.topics,
                explanation=explanation,
                old_text=judgement.old,
                new_text=judgement.new,
            )
        )
    return tuple(findings)


_OLD_SIDE = frozenset({HunkOp.DELETE, HunkOp.REPLACE, HunkOp.MOVE})
_NEW_SIDE = frozenset({HunkOp.INSERT, HunkOp.REPLACE, HunkOp.MOVE})


def _lazy_commitments(text: str) -> _Context:
    return _Context(text)


def passage_topics(text: str) -> frozenset[Topic]:
    """The tracked topics of a text's commitments (navigation and footers aside), else `other`."""
    found = frozenset(
        topic
        for sentence in sentences(text)
        if not is_boilerplate(sentence)
        for commitment in commitments_of(sentence)
        for topic in commitment.topics
    )
    return (found & TRACKED) or frozenset({Topic.OTHER})


class _Context:
    """The old text's permissions on a topic, read only when a rule asks what it allowed.

    Reading every sentence of a long policy costs more than the rest of the analysis, and
    only an added protection needs it, and only on its own topics.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._blocks: list[tuple[str, str]] | None = None
        self._split: dict[str, list[tuple[str, str]]] = {}

    def __call__(
        self, topics: frozenset[Topic], actions: Iterable[str] = (), subjects: Iterable[str] = ()
    ) -> Iterator[Commitment]:
        """The permissions on `topics`; with word stems given, the few clauses holding an action
        stem and the most subject stems, best first (what a reader would quote)."""
        patterns = [TOPIC_PATTERNS[topic] for topic in topics if topic in TOPIC_PATTERNS]
        actions, subjects = tuple(actions), tuple(subjects)
        candidates = [
            (sum(word in low for word in subjects), clause)
            for clause, low in self._permissions(patterns, (actions, subjects))
            if not actions or any(word in low for word in actions)
        ]
        if subjects:
            candidates = sorted((c for c in candidates if c[0]), reverse=True)[:_CANDIDATES]
        for _, clause in candidates:
            yield read_clause(clause)

    def _permissions(
        self, patterns: list[re.Pattern[str]], needles: tuple[tuple[str, ...], ...]
    ) -> Iterator[tuple[str, str]]:
        """Clauses of paragraphs on these topics that hold a word of every needle list; a clause
        with a "not" in it is a limit, not a permission, and is never read."""
        if self._blocks is None:
            self._blocks = [(block, block.lower()) for block in split_blocks(self._text)]
        for block, low in self._blocks:
            if any(words and not any(word in low for word in words) for words in needles):
                continue
            if not any(pattern.search(low) for pattern in patterns):
                continue
            if block not in self._split:
                self._split[block] = [
                    (clause, lowered)
                    for sentence in sentences(block)
                    for clause in split_clauses(sentence)
                    if not NEGATION.search(lowered := clause.lower())
                ]
            yield from self._split[block]


_CANDIDATES = 3
"""Old clauses read to decide whether a new limit takes back something explicitly allowed."""


def _not_analysed(index: int, old: str, new: str, language: str) -> Finding:
    """A finding for a change in a language the rules cannot read: say so, don't guess."""
    cosmetic = [canonical(s) for s in sentences(old)] == [canonical(s) for s in sentences(new)]
    return Finding(
        hunk_index=index,
        verdict=Verdict.COSMETIC if cosmetic else Verdict.NEUTRAL,
        topics=frozenset({Topic.OTHER}),
        explanation=f"language not analysed ({language}): the text changed, its meaning was not "
        "assessed",
        old_text=old,
        new_text=new,
    )

"""What a rule says when an aspect of a commitment moved, and how it quotes the words.

Explanations quote the phrase that moved so a reader can follow a verdict back to the text;
quoting is shared so every rule cuts and escapes the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from watcher.analyze.commitments import TRACKED
from watcher.records import Topic, Verdict

__all__ = ["Movement", "quote", "quotes", "tracked"]


@dataclass(frozen=True, slots=True)
class Movement:
    """One aspect of a commitment that moved, which way, and the words that show it."""

    verdict: Verdict
    topics: frozenset[Topic]
    explanation: str


def tracked(topics: frozenset[Topic]) -> frozenset[Topic]:
    """The topics a finding may be filed under (`other` is not one)."""
    return topics & TRACKED


def quote(text: str, limit: int = 80) -> str:
    """`text` on one line, in quotes, cut at `limit` characters so an explanation stays short."""
    text = " ".join(text.split())
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "…") + "'"


def quotes(items: frozenset[str]) -> str:
    """Several quoted phrases in a stable (sorted) order, so explanations do not vary by run."""
    return ", ".join(quote(item) for item in sorted(items))

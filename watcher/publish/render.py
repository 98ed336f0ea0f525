"""A change in words: its title, a plain-text summary and an HTML body, for feeds and messages.

Pure functions of a `Change` (and the link to it), so the feed, email and chat notifiers word a
change the same way. Everything a finding carries was written by the vendor (its clauses and,
inside its explanation, the phrase that moved), so the HTML body escapes every piece of text and
every attribute it builds: no vendor markup survives, only the handful of tags made here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from html import escape

from watcher.records import ALERT_VERDICTS, Change, Finding, StoredAnalysis, Topic, Verdict

__all__ = [
    "TOPIC_ADJECTIVES",
    "TOPIC_NOUNS",
    "change_headline",
    "change_html",
    "change_summary",
    "change_title",
    "finding_line",
    "shown_findings",
    "topic_phrase",
]

TOPIC_NOUNS: dict[Topic, str] = {
    Topic.AI_TRAINING: "AI training",
    Topic.CONSENT_OPTOUT: "consent",
    Topic.THIRD_PARTY_SHARING: "third-party sharing",
    Topic.RETENTION_DELETION: "data retention",
    Topic.HUMAN_ACCESS: "human review",
    Topic.CROSS_TENANT: "cross-customer use",
    Topic.OTHER: "other terms",
}
"""How a topic reads in a list: "commitments on AI training and consent"."""

TOPIC_ADJECTIVES: dict[Topic, str] = {
    Topic.AI_TRAINING: "AI-training",
    Topic.CONSENT_OPTOUT: "consent",
    Topic.THIRD_PARTY_SHARING: "third-party sharing",
    Topic.RETENTION_DELETION: "data-retention",
    Topic.HUMAN_ACCESS: "human-review",
    Topic.CROSS_TENANT: "cross-customer",
    Topic.OTHER: "",
}
"""How a single topic reads before a noun: "AI-training commitment weakened"."""

_QUIET_WORDS: dict[Verdict, str] = {
    Verdict.NEUTRAL: "reworded (neutral)",
    Verdict.COSMETIC: "edited (cosmetic)",
    Verdict.UNCHANGED: "unchanged",
}
"""Verdicts that move no commitment are said of the text, not of a commitment."""


def shown_findings(analysis: StoredAnalysis) -> tuple[Finding, ...]:
    """The findings worth showing: those that move a commitment; for a change with none of
    those, its neutral findings; cosmetic ones only when that is all there is."""
    findings = analysis.findings
    return (
        tuple(f for f in findings if f.verdict in ALERT_VERDICTS)
        or tuple(f for f in findings if f.verdict is Verdict.NEUTRAL)
        or findings
    )


def _ordered(topics: Iterable[Topic]) -> list[Topic]:
    """Topics in the enum's order (AI training first), `other` dropped when a real one is there."""
    present = set(topics)
    named: list[Topic] = [t for t in Topic if t in present and t is not Topic.OTHER]
    return named or [topic for topic in Topic if topic in present]


def topic_phrase(topics: Iterable[Topic]) -> str:
    """ "AI training", "AI training and consent", "AI training, consent and data retention"."""
    nouns = [TOPIC_NOUNS[topic] for topic in _ordered(topics)]
    if len(nouns) <= 1:
        return "".join(nouns)
    return f"{', '.join(nouns[:-1])} and {nouns[-1]}"


def change_headline(change: Change) -> str:
    """What the change did, in words: "AI-training commitment weakened".

    Said of the findings that carry the change's verdict, so a change that weakened one promise
    and clarified another is headlined by what it weakened.
    """
    verdict = change.verdict
    leading = [f for f in change.analysis.findings if f.verdict is verdict]
    topics = _ordered(topic for finding in leading for topic in finding.topics)
    if verdict in _QUIET_WORDS:
        words = _QUIET_WORDS[verdict]
        if len(topics) == 1 and TOPIC_ADJECTIVES[topics[0]]:
            return f"{TOPIC_ADJECTIVES[topics[0]]} text {words}"
        return f"text on {topic_phrase(topics)} {words}" if topics else f"text {words}"
    noun = "commitments" if len(leading) > 1 else "commitment"
    if len(topics) == 1 and TOPIC_ADJECTIVES[topics[0]]:
        return f"{TOPIC_ADJECTIVES[topics[0]]} {noun} {verdict.value}"
    if topics and topics != [Topic.OTHER]:
        return f"commitments on {topic_phrase(topics)} {verdict.value}"
    return f"{'commitments' if len(leading) > 1 else 'a commitment'} {verdict.value}"


def change_title(change: Change) -> str:
    """ "Acme Chat Privacy principles: AI-training commitment weakened" (plain text)."""
    return f"{change.source.name}: {change_headline(change)}"


def finding_line(finding: Finding) -> str:
    """ "weakened (AI training): prohibition → permission: 'will not use' became 'may use'"."""
    topics = topic_phrase(finding.topics)
    label = f"{finding.verdict.value} ({topics})" if topics else finding.verdict.value
    return f"{label}: {finding.explanation}" if finding.explanation else label


def change_summary(change: Change) -> str:
    """The shown findings' explanations, one line each, as plain text (not HTML)."""
    lines = [finding_line(finding) for finding in shown_findings(change.analysis)]
    return "\n".join(lines) or change_headline(change)


def change_html(change: Change, link: str) -> str:
    """The change as an HTML fragment: what moved, then each shown finding with its verdict,
    topics, explanation and the old and new text. Every piece of text is escaped."""
    version = change.version
    captured = version.captured_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    compared = f" against version {change.previous}" if change.previous is not None else ""
    parts = [
        f"<p><strong>{escape(change.source.name)}</strong>: {escape(change_headline(change))}."
        f" Version {version.number}{compared}, captured {captured}."
        f' <a href="{escape(link)}">See the change</a>'
        f' · <a href="{escape(change.source.url)}">the page</a></p>',
        "<ol>",
        *(_finding_html(finding) for finding in shown_findings(change.analysis)),
        "</ol>",
    ]
    return "\n".join(parts)


def _finding_html(finding: Finding) -> str:
    topics = topic_phrase(finding.topics)
    label = f"<strong>{escape(finding.verdict.value)}</strong>"
    parts = [f"<li><p>{label}{' · ' + escape(topics) if topics else ''}</p>"]
    if finding.explanation:
        parts.append(f"<p>{_text(finding.explanation)}</p>")
    if finding.old_text:
        word = "Was" if finding.new_text else "Removed"
        parts.append(f"<p>{word}:</p><blockquote><del>{_text(finding.old_text)}</del></blockquote>")
    if finding.new_text:
        word = "Now" if finding.old_text else "Added"
        parts.append(f"<p>{word}:</p><blockquote><ins>{_text(finding.new_text)}</ins></blockquote>")
    parts.append("</li>")
    return "".join(parts)


def _text(text: str) -> str:
    """Vendor text as HTML: escaped, its line breaks kept as <br>."""
    return "<br>".join(escape(line, quote=False) for line in text.splitlines())

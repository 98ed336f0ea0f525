"""How verdicts and findings read: a label for one line, a terminal view, the `diff --json` object.

A finding quotes vendor text (its clauses and, inside its explanation, the phrase that moved), so
everything here goes through `terminal_safe`; the JSON keeps the text as it is but writes the
characters that could move a cursor or reorder a line as `\\uXXXX` escapes, which parse back to
the same string.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from watcher.diff import render_words, terminal_safe
from watcher.records import Finding, Topic, Verdict

__all__ = [
    "VERDICT_STYLES",
    "diff_json",
    "render_findings",
    "topic_list",
    "verdict_label",
    "verdict_markup",
]

VERDICT_STYLES: dict[Verdict, tuple[str, str]] = {
    Verdict.WEAKENED: ("bold red", "1;31"),
    Verdict.STRENGTHENED: ("bold green", "1;32"),
    Verdict.CLARIFIED: ("bold cyan", "1;36"),
    Verdict.NEUTRAL: ("bold", "1"),
    Verdict.COSMETIC: ("dim", "2"),
    Verdict.UNCHANGED: ("dim", "2"),
}
"""Rich style and ANSI code per verdict: red for what the user should read first."""

# json.dumps escapes C0 controls itself; these are the rest of what `terminal_safe` guards against.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def topic_list(topics: Iterable[Topic]) -> list[str]:
    """Topic values sorted, as the JSON outputs list them."""
    return sorted(topic.value for topic in topics)


def verdict_label(verdict: Verdict, topics: Iterable[Topic] = ()) -> str:
    """`weakened (ai_training, consent_optout)`, plain text."""
    names = topic_list(topics)
    return f"{verdict.value} ({', '.join(names)})" if names else verdict.value


def verdict_markup(verdict: Verdict | None, topics: Iterable[Topic] = ()) -> str:
    """The label as rich markup, the verdict in its colour; empty for no verdict."""
    if verdict is None:
        return ""
    names = topic_list(topics)
    label = f"[{VERDICT_STYLES[verdict][0]}]{verdict.value}[/]"
    return f"{label} ({', '.join(names)})" if names else label


def render_findings(findings: Sequence[Finding], *, color: bool) -> str:
    """Each finding: its verdict and topics, the explanation, and the clause with the words that
    moved marked (as in the block diff); no final newline."""
    sections = []
    for finding in findings:
        header = terminal_safe(verdict_label(finding.verdict, finding.topics))
        if color:
            header = f"\x1b[{VERDICT_STYLES[finding.verdict][1]}m{header}\x1b[0m"
        lines = [header]
        if finding.explanation:
            lines.append("  " + terminal_safe(finding.explanation))
        clause = render_words(finding.old_text, finding.new_text, color=color)
        lines.extend("  " + line for line in clause.split("\n"))
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def diff_json(verdict: Verdict, findings: Sequence[Finding]) -> str:
    """The one object `watcher diff --json` prints (DESIGN.md), keys in the documented order."""
    data: dict[str, Any] = {
        "verdict": verdict.value,
        "changes": [
            {
                "verdict": finding.verdict.value,
                "topics": topic_list(finding.topics),
                "old": finding.old_text,
                "new": finding.new_text,
                "explanation": finding.explanation,
            }
            for finding in findings
        ],
    }
    return _JSON_UNSAFE.sub(_json_escape, json.dumps(data, ensure_ascii=False))


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"

"""How a change reads in a feed entry: its title, its plain-text summary and its HTML body."""

from __future__ import annotations

import pytest
from alert_inputs import finding, judged_change

from watcher.publish.render import (
    change_headline,
    change_html,
    change_summary,
    change_title,
    shown_findings,
    topic_phrase,
)
from watcher.records import Finding, Topic, Verdict

AI, CONSENT, RETENTION = Topic.AI_TRAINING, Topic.CONSENT_OPTOUT, Topic.RETENTION_DELETION


def test_the_title_names_vendor_document_topic_and_verdict() -> None:
    assert change_title(judged_change(finding(Verdict.WEAKENED, AI))) == (
        "Acme Chat Privacy principles: AI-training commitment weakened"
    )


@pytest.mark.parametrize(
    ("findings", "headline"),
    [
        ([finding(Verdict.STRENGTHENED, RETENTION)], "data-retention commitment strengthened"),
        (
            [finding(Verdict.WEAKENED, CONSENT, AI)],
            "commitments on AI training and consent weakened",
        ),
        (
            [finding(Verdict.WEAKENED, AI), finding(Verdict.WEAKENED, AI)],
            "AI-training commitments weakened",
        ),
        (
            [finding(Verdict.CLARIFIED, RETENTION, Topic.OTHER)],
            "data-retention commitment clarified",
        ),
        ([finding(Verdict.CLARIFIED, Topic.OTHER)], "a commitment clarified"),
        ([finding(Verdict.CLARIFIED)], "a commitment clarified"),
        (
            [finding(Verdict.WEAKENED, AI, CONSENT, RETENTION)],
            "commitments on AI training, consent and data retention weakened",
        ),
        # headlined by what carries the change's verdict, not by what it also clarified
        (
            [finding(Verdict.CLARIFIED, RETENTION), finding(Verdict.WEAKENED, CONSENT)],
            "consent commitment weakened",
        ),
        ([finding(Verdict.NEUTRAL, CONSENT)], "consent text reworded (neutral)"),
        (
            [finding(Verdict.NEUTRAL, AI, CONSENT)],
            "text on AI training and consent reworded (neutral)",
        ),
        ([finding(Verdict.NEUTRAL)], "text reworded (neutral)"),
    ],
)
def test_headline_wording(findings: list[Finding], headline: str) -> None:
    assert change_headline(judged_change(*findings)) == headline


def test_topic_phrase_reads_as_a_list() -> None:
    assert topic_phrase([]) == ""
    assert topic_phrase([Topic.CROSS_TENANT]) == "cross-customer use"
    assert topic_phrase([CONSENT, AI]) == "AI training and consent"


def test_the_summary_is_each_shown_findings_explanation() -> None:
    moved = judged_change(
        finding(Verdict.WEAKENED, AI, explanation="'will not use' became 'may use'"),
        finding(Verdict.COSMETIC, explanation="only the date changed"),
        finding(Verdict.CLARIFIED, RETENTION, explanation="a period of 30 days was named"),
    )
    assert change_summary(moved) == (
        "weakened (AI training): 'will not use' became 'may use'\n"
        "clarified (data retention): a period of 30 days was named"
    )
    assert [f.verdict for f in shown_findings(moved.analysis)] == [
        Verdict.WEAKENED,
        Verdict.CLARIFIED,
    ]


def test_a_neutral_change_shows_its_neutral_findings_not_its_cosmetic_ones() -> None:
    quiet = judged_change(
        finding(Verdict.COSMETIC, explanation="only the date changed"),
        finding(Verdict.NEUTRAL, CONSENT, explanation="reworded, same commitment"),
    )
    assert change_summary(quiet) == "neutral (consent): reworded, same commitment"


def test_the_html_body_lists_findings_with_old_and_new_text() -> None:
    added = Finding(
        1, Verdict.WEAKENED, frozenset({AI}), "a permission to train was added", "", "We may train."
    )
    body = change_html(
        judged_change(finding(Verdict.WEAKENED, AI), added), "https://ui.example/c?a=1&b=2"
    )

    assert body.startswith("<p><strong>Acme Chat Privacy principles</strong>: ")
    assert "Version 2 against version 1, captured 2024-03-01 12:00 UTC." in body
    assert '<a href="https://ui.example/c?a=1&amp;b=2">See the change</a>' in body
    assert body.count("<li>") == 2
    assert "<p>Was:</p><blockquote><del>We will not use your messages" in body
    assert "<p>Now:</p><blockquote><ins>We may use your messages" in body
    assert "<p>Added:</p><blockquote><ins>We may train.</ins></blockquote>" in body

"""Routing: which channels a change goes to, once each, and when (at once or at digest time)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest
from alert_inputs import finding, judged_change

from watcher.publish.routing import deliveries_for, matches, next_digest_at
from watcher.records import (
    Change,
    Delivery,
    DeliveryState,
    Finding,
    Route,
    Source,
    StoredAnalysis,
    Topic,
    Verdict,
)

NOW = datetime(2024, 5, 17, 7, 15, tzinfo=UTC)
EIGHT = time(8, 0)
SLACK = Source(
    id="slack-privacy-principles",
    vendor="Slack",
    title="Privacy principles",
    url="https://slack.example/privacy",
    tags=("chat", "contracts"),
)


def change(*findings: Finding, technical: bool = False) -> Change:
    return judged_change(*findings, source=SLACK, number=3, technical=technical)


WEAKENED_AI = change(finding(Verdict.WEAKENED, Topic.AI_TRAINING))


def channels(change: Change, *routes: Route) -> list[tuple[str, bool]]:
    found = deliveries_for(change, routes, now=NOW, digest_time=EIGHT)
    return [(delivery.channel, delivery.digest) for delivery in found]


def test_an_immediate_delivery_is_pending_and_due_now() -> None:
    (delivery,) = deliveries_for(WEAKENED_AI, [Route("team")], now=NOW, digest_time=EIGHT)
    assert delivery == Delivery(
        change_key="slack-privacy-principles/v3",
        channel="team",
        state=DeliveryState.PENDING,
        digest=False,
        next_attempt_at=NOW,
    )
    assert delivery.key == "slack-privacy-principles/v3@team"


def test_a_digest_delivery_is_due_at_the_next_digest_time() -> None:
    (delivery,) = deliveries_for(
        WEAKENED_AI, [Route("inbox", digest=True)], now=NOW, digest_time=EIGHT
    )
    assert delivery.digest
    assert delivery.next_attempt_at == datetime(2024, 5, 17, 8, 0, tzinfo=UTC)


def test_no_routes_no_deliveries() -> None:
    assert deliveries_for(WEAKENED_AI, [], now=NOW, digest_time=EIGHT) == ()


def test_cosmetic_changes_and_technical_versions_never_go_anywhere() -> None:
    anything = Route("all", verdicts=frozenset(Verdict))
    assert channels(change(finding(Verdict.COSMETIC, Topic.OTHER)), anything) == []
    technical = change(finding(Verdict.WEAKENED, Topic.AI_TRAINING), technical=True)
    assert channels(technical, anything) == []


def test_by_default_a_route_takes_the_three_verdicts_that_move_a_commitment() -> None:
    for verdict in (Verdict.WEAKENED, Verdict.STRENGTHENED, Verdict.CLARIFIED):
        assert channels(change(finding(verdict, Topic.OTHER)), Route("team")) == [("team", False)]
    assert channels(change(finding(Verdict.NEUTRAL, Topic.OTHER)), Route("team")) == []
    neutral_too = Route("team", verdicts=frozenset({Verdict.NEUTRAL}))
    assert channels(change(finding(Verdict.NEUTRAL, Topic.OTHER)), neutral_too) == [("team", False)]


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route("r", verdicts=frozenset({Verdict.WEAKENED})), True),
        (Route("r", verdicts=frozenset({Verdict.STRENGTHENED})), False),
        (Route("r", topics=frozenset({Topic.AI_TRAINING, Topic.CONSENT_OPTOUT})), True),
        (Route("r", topics=frozenset({Topic.RETENTION_DELETION})), False),
        (Route("r", sources=frozenset({"slack-privacy-principles"})), True),
        (Route("r", sources=frozenset({"docs-ai"})), False),
        (Route("r", tags=frozenset({"contracts", "video"})), True),
        (Route("r", tags=frozenset({"video"})), False),
    ],
)
def test_each_condition_of_a_route(route: Route, expected: bool) -> None:
    assert matches(route, WEAKENED_AI) is expected


def test_verdict_and_topic_must_hold_for_the_same_finding() -> None:
    mixed = change(
        finding(Verdict.WEAKENED, Topic.RETENTION_DELETION),
        finding(Verdict.CLARIFIED, Topic.AI_TRAINING),
    )
    weakened_ai = Route(
        "r", verdicts=frozenset({Verdict.WEAKENED}), topics=frozenset({Topic.AI_TRAINING})
    )
    clarified_ai = Route(
        "r", verdicts=frozenset({Verdict.CLARIFIED}), topics=frozenset({Topic.AI_TRAINING})
    )
    assert not matches(weakened_ai, mixed)
    assert matches(clarified_ai, mixed)


def test_a_change_without_findings_is_judged_by_its_own_verdict_and_topics() -> None:
    bare = change(finding(Verdict.WEAKENED, Topic.AI_TRAINING))
    bare = Change(bare.source, bare.version, StoredAnalysis(Verdict.WEAKENED), previous=2)
    assert matches(Route("r", verdicts=frozenset({Verdict.WEAKENED})), bare)
    assert not matches(Route("r", topics=frozenset({Topic.AI_TRAINING})), bare)


def test_one_delivery_per_channel_and_immediate_wins_over_digest() -> None:
    routes = [
        Route("inbox", digest=True),
        Route("team", topics=frozenset({Topic.AI_TRAINING})),
        Route("inbox", sources=frozenset({"slack-privacy-principles"})),
        Route("team", digest=True),
        Route("digest-only", digest=True),
        Route("digest-only", digest=True, tags=frozenset({"chat"})),
    ]
    assert channels(WEAKENED_AI, *routes) == [
        ("inbox", False),
        ("team", False),
        ("digest-only", True),
    ]


def test_a_route_that_does_not_match_does_not_decide_when() -> None:
    routes = [Route("inbox", digest=True), Route("inbox", sources=frozenset({"docs-ai"}))]
    assert channels(WEAKENED_AI, *routes) == [("inbox", True)]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2024, 5, 17, 7, 59, 59, tzinfo=UTC), datetime(2024, 5, 17, 8, tzinfo=UTC)),
        (datetime(2024, 5, 17, 8, 0, tzinfo=UTC), datetime(2024, 5, 18, 8, tzinfo=UTC)),
        (datetime(2024, 5, 17, 23, 30, tzinfo=UTC), datetime(2024, 5, 18, 8, tzinfo=UTC)),
        (datetime(2024, 12, 31, 9, 0, tzinfo=UTC), datetime(2025, 1, 1, 8, tzinfo=UTC)),
        # 09:30 in UTC+2 is 07:30 UTC: today's digest is still to come
        (
            datetime(2024, 5, 17, 9, 30, tzinfo=timezone(timedelta(hours=2))),
            datetime(2024, 5, 17, 8, tzinfo=UTC),
        ),
    ],
)
def test_next_digest_time_is_strictly_after_now_in_utc(now: datetime, expected: datetime) -> None:
    assert next_digest_at(now, EIGHT) == expected


def test_a_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_digest_at(datetime(2024, 5, 17, 7, 0), EIGHT)

"""Which channels a change goes to, and when: the `notifications.routes` of sources.yaml applied.

Pure: the caller passes the clock (`now`) and the digest time, and gets `Delivery` rows to put
in the outbox. A change reaches a channel at most once however many routes name it, and at once
if any of those routes wants it at once: a digest is for what nobody asked to see straight away.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from watcher.records import Change, Delivery, Route, Topic, Verdict

__all__ = ["deliveries_for", "matches", "next_digest_at"]

_NEVER_SENT = frozenset({Verdict.COSMETIC, Verdict.UNCHANGED})


def deliveries_for(
    change: Change, routes: Iterable[Route], *, now: datetime, digest_time: time
) -> tuple[Delivery, ...]:
    """One pending delivery per channel that a route sends `change` to, in route order.

    Immediate deliveries are due `now`; digest ones at the next `digest_time` (UTC) after it,
    so every change for one channel's digest is due at the same moment. Cosmetic changes and
    technical versions (a reading-settings change, not the vendor's) never go anywhere.
    """
    if change.verdict in _NEVER_SENT or change.version.technical:
        return ()
    digest_by_channel: dict[str, bool] = {}
    for route in routes:
        if matches(route, change):
            earlier = digest_by_channel.get(route.channel, True)
            digest_by_channel[route.channel] = earlier and route.digest
    digest_at = next_digest_at(now, digest_time)
    return tuple(
        Delivery(
            change_key=change.key,
            channel=channel,
            digest=digest,
            next_attempt_at=digest_at if digest else now,
        )
        for channel, digest in digest_by_channel.items()
    )


def matches(route: Route, change: Change) -> bool:
    """Whether `route` takes `change`. An empty set in the route matches anything.

    Sources and tags are the change's source's; verdicts and topics are matched finding by
    finding, so "weakened, ai_training" takes a change that weakened an AI-training promise,
    not one that weakened a retention promise and only clarified one on AI training.
    """
    source = change.source
    if route.sources and source.id not in route.sources:
        return False
    if route.tags and route.tags.isdisjoint(source.tags):
        return False
    return any(_takes(route, verdict, topics) for verdict, topics in _judgements(change))


def next_digest_at(now: datetime, digest_time: time) -> datetime:
    """The first `digest_time` (a UTC time of day) strictly after `now` (which must be aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    today = datetime.combine(now.date(), digest_time.replace(tzinfo=None), tzinfo=UTC)
    return today if today > now else today + timedelta(days=1)


def _judgements(change: Change) -> list[tuple[Verdict, frozenset[Topic]]]:
    """(verdict, topics) of each finding; a change without findings speaks for itself."""
    judged = [(finding.verdict, finding.topics) for finding in change.analysis.findings]
    return judged or [(change.verdict, change.topics)]


def _takes(route: Route, verdict: Verdict, topics: frozenset[Topic]) -> bool:
    if verdict in _NEVER_SENT:
        return False
    if route.verdicts and verdict not in route.verdicts:
        return False
    return not route.topics or not route.topics.isdisjoint(topics)

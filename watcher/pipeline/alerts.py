"""Alerts from checks: queue a delivery per routed channel as each change is stored, then send.

Queuing happens as soon as a change is stored (the outbox row is the promise that the alert
will go out, even if the process dies next); sending happens after a pass (`watcher check`) or
on the scheduler's delivery round (`watcher run`), through `watcher.publish.dispatch`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from watcher.errors import NotFoundError
from watcher.pipeline.results import CheckResult
from watcher.publish.dispatch import DispatchReport, build_notifiers, dispatch
from watcher.publish.notifiers import MessageContext
from watcher.publish.routing import deliveries_for
from watcher.records import Change, Notifications, Source
from watcher.store import Store

__all__ = ["change_by_key", "deliver_alerts", "queue_alerts"]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def queue_alerts(
    store: Store, result: CheckResult, notifications: Notifications, *, now: datetime
) -> int:
    """Queue the deliveries a new change is routed to; how many were new."""
    if not result.is_change or result.version is None or result.analysis is None:
        return 0
    previous = result.previous.number if result.previous is not None else None
    change = Change(result.source, result.version, result.analysis, previous)
    deliveries = deliveries_for(
        change, notifications.routes, now=now, digest_time=notifications.digest_time
    )
    return store.enqueue(deliveries, now=now) if deliveries else 0


def change_by_key(store: Store, sources: Mapping[str, Source], key: str) -> Change | None:
    """The change an outbox row names ("acme-privacy/v3"), or None when it is gone."""
    source_id, _, number = key.rpartition("/v")
    source = sources.get(source_id)
    if source is None or not number.isdigit():
        return None
    try:
        version = store.version(source_id, int(number))
        analysis = store.analysis(version)
    except NotFoundError:
        return None
    if analysis is None:
        return None
    earlier = [v.number for v in store.versions(source_id) if v.number < version.number]
    return Change(source, version, analysis, max(earlier) if earlier else None)


async def deliver_alerts(
    store: Store,
    sources: Sequence[Source],
    notifications: Notifications,
    *,
    env: Mapping[str, str],
    now: Callable[[], datetime] = _utcnow,
) -> DispatchReport:
    """Send every delivery that is due, through the configured channels."""
    context = MessageContext(base_url=notifications.base_url, env=env)
    notifiers = build_notifiers(notifications.channels, context)
    by_id = {source.id: source for source in sources}
    return await dispatch(store, notifiers, lambda key: change_by_key(store, by_id, key), now=now)

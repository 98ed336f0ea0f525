"""Alerts from checks: queue a delivery per routed channel as each change is stored, then send.

Storing a change and queuing its alerts are two transactions, so a crash can fall between them.
The store remembers which changes are still owed their alerts (a version is stored "unqueued"
and `enqueue(..., version=)` marks it in the same transaction as its outbox rows), and
`sweep_alerts` queues them at the start of every `watcher check` pass and of `watcher run` (and
before each of its delivery rounds): a crash after storing loses nothing. A change is marked
even when no route takes it, so a channel added later never receives old changes.

Sending happens after a pass (`watcher check`) or on the scheduler's delivery round
(`watcher run`), through `watcher.publish.dispatch`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from watcher.errors import NotFoundError
from watcher.pipeline.results import CheckResult
from watcher.publish.dispatch import DispatchReport, build_notifiers, dispatch, missing_secrets
from watcher.publish.notifiers import MessageContext
from watcher.publish.routing import deliveries_for
from watcher.records import Change, Notifications, Source
from watcher.store import Store

__all__ = ["change_by_key", "deliver_alerts", "queue_alerts", "queue_change", "sweep_alerts"]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def queue_alerts(
    store: Store, result: CheckResult, notifications: Notifications, *, now: datetime
) -> int:
    """Queue the deliveries a new change is routed to and mark it queued; how many were new."""
    if not result.is_change or result.version is None or result.analysis is None:
        return 0
    previous = result.previous.number if result.previous is not None else None
    change = Change(result.source, result.version, result.analysis, previous)
    return queue_change(store, change, notifications, now=now)


def queue_change(
    store: Store, change: Change, notifications: Notifications, *, now: datetime
) -> int:
    """Queue a change's deliveries and mark its alerts queued, in one transaction (also when no
    route takes it); how many deliveries were new."""
    deliveries = deliveries_for(
        change, notifications.routes, now=now, digest_time=notifications.digest_time
    )
    version = (change.version.source_id, change.version.number)
    return store.enqueue(deliveries, now=now, version=version)


def sweep_alerts(
    store: Store, sources: Sequence[Source], notifications: Notifications, *, now: datetime
) -> int:
    """Queue the alerts of changes stored but never queued (a crash came in between); how many
    deliveries were new. A change of a source no longer configured waits until it is again."""
    by_id = {source.id: source for source in sources}
    added = 0
    for version in store.unqueued_versions():
        source = by_id.get(version.source_id)
        if source is None:
            continue
        change = change_by_key(store, by_id, f"{version.source_id}/v{version.number}")
        if change is None:  # not analysed after all: nothing to alert about
            store.enqueue((), now=now, version=(version.source_id, version.number))
            continue
        added += queue_change(store, change, notifications, now=now)
    return added


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
    return await dispatch(
        store,
        notifiers,
        lambda key: change_by_key(store, by_id, key),
        now=now,
        unready=missing_secrets(notifications.channels, env),
    )

"""Draining a real outbox (the store's) to a real receiver: retries, backoff, digests, failures."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alert_inputs import SECRET_PATH, T0, change, channel, context
from receiver import Received, Receiver, Reply

from watcher.publish.dispatch import DispatchReport, backoff_delay, dispatch
from watcher.publish.notifiers import Notifier
from watcher.publish.notifiers.slack import SlackNotifier
from watcher.records import Change, Delivery, DeliveryState
from watcher.store import Store
from watcher.store.files import FileStore

CHANGES = {c.key: c for c in (change(2), change(3), change(4), change(5))}


def _slack(receiver: Receiver, name: str = "slack", path: str = SECRET_PATH) -> SlackNotifier:
    return SlackNotifier(channel(name), context(receiver.url(path)))


def _run(
    store: Store,
    notifiers: dict[str, Notifier],
    at: datetime,
    *,
    changes: dict[str, Change] = CHANGES,
    max_attempts: int = 8,
) -> DispatchReport:
    return asyncio.run(
        dispatch(
            store,
            notifiers,
            changes.get,
            now=lambda: at,
            max_attempts=max_attempts,
            backoff_s=30.0,
            jitter=None,
        )
    )


def _queue(
    store: Store,
    *numbers: int,
    channel: str = "slack",
    digest: bool = False,
    next_attempt_at: datetime | None = None,
) -> None:
    store.enqueue(
        [
            Delivery(
                f"acme-chat-privacy/v{n}", channel, digest=digest, next_attempt_at=next_attempt_at
            )
            for n in numbers
        ],
        now=T0,
    )


def _versions(requests: Sequence[Received]) -> list[str]:
    return [r.json()["blocks"][-2]["elements"][0]["text"] for r in requests]


def _state(store: Store) -> dict[str, tuple[DeliveryState, int]]:
    return {d.key: (d.state, d.attempts) for d in store.deliveries()}


def test_each_immediate_delivery_is_one_message_then_marked_sent(
    store: Store, receiver: Receiver
) -> None:
    _queue(store, 2, 3)

    report = _run(store, {"slack": _slack(receiver)}, T0)

    assert [o.key for o in report.sent] == [
        "acme-chat-privacy/v2@slack",
        "acme-chat-privacy/v3@slack",
    ]
    assert _versions(receiver.received) == [
        "acme-chat-privacy · version 2",
        "acme-chat-privacy · version 3",
    ]
    assert {d.sent_at for d in store.deliveries()} == {T0}
    assert _state(store) == {
        "acme-chat-privacy/v2@slack": (DeliveryState.SENT, 1),
        "acme-chat-privacy/v3@slack": (DeliveryState.SENT, 1),
    }
    assert _run(store, {"slack": _slack(receiver)}, T0 + timedelta(days=1)).is_empty
    assert len(receiver.received) == 2


def test_429_waits_exactly_as_long_as_retry_after_says(store: Store, receiver: Receiver) -> None:
    _queue(store, 2)
    receiver.replies.append(Reply(429, b"rate_limited", {"Retry-After": "120"}))
    notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}

    report = _run(store, notifiers, T0)

    (retried,) = report.retried
    assert retried.next_attempt_at == T0 + timedelta(seconds=120)
    (row,) = store.deliveries()
    assert row.last_error == "HTTP 429 from the Slack webhook: rate_limited (retry after 120 s)"
    assert _run(store, notifiers, T0 + timedelta(seconds=119)).is_empty
    assert len(_run(store, notifiers, T0 + timedelta(seconds=120)).sent) == 1
    assert [r.status for r in receiver.received] == [429, 200]


def test_server_errors_are_retried_with_growing_backoff_then_sent(
    store: Store, receiver: Receiver
) -> None:
    _queue(store, 2)
    receiver.replies.extend([Reply(500), Reply(503)])
    notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}

    first = _run(store, notifiers, T0).retried[0].next_attempt_at
    assert first == T0 + timedelta(seconds=30)
    second = _run(store, notifiers, first).retried[0].next_attempt_at
    assert second == first + timedelta(seconds=60)
    assert _run(store, notifiers, second - timedelta(seconds=1)).is_empty
    assert len(_run(store, notifiers, second).sent) == 1

    assert _state(store) == {"acme-chat-privacy/v2@slack": (DeliveryState.SENT, 3)}
    assert len(receiver.acknowledged) == 1


def test_a_receiver_down_then_up_gets_every_change(store: Store, receiver: Receiver) -> None:
    _queue(store, 2, 3, 4)
    notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}
    receiver.stop()

    report = _run(store, notifiers, T0)

    # One attempt for the channel in a pass, not one per queued change.
    assert [(o.key, o.error) for o in report.retried] == [
        ("acme-chat-privacy/v2@slack", "cannot reach the Slack webhook (ConnectError)")
    ]
    assert [d.attempts for d in store.deliveries()] == [1, 0, 0]

    receiver.start()
    later = T0 + timedelta(minutes=1)
    assert len(_run(store, notifiers, later).sent) == 3
    assert sorted(_versions(receiver.received)) == [
        f"acme-chat-privacy · version {n}" for n in (2, 3, 4)
    ]


def test_a_permanent_refusal_fails_at_once_and_retry_failed_revives_it(
    store: Store, receiver: Receiver
) -> None:
    _queue(store, 2)
    receiver.replies.append(Reply(404, b"no_service"))
    notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}

    report = _run(store, notifiers, T0)

    assert [o.error for o in report.failed] == ["HTTP 404 from the Slack webhook: no_service"]
    assert _state(store) == {"acme-chat-privacy/v2@slack": (DeliveryState.FAILED, 1)}
    assert _run(store, notifiers, T0 + timedelta(days=1)).is_empty

    assert store.retry_failed(T0 + timedelta(days=1)) == 1
    assert len(_run(store, notifiers, T0 + timedelta(days=1)).sent) == 1


def test_after_max_attempts_a_delivery_fails(store: Store, receiver: Receiver) -> None:
    _queue(store, 2)
    receiver.replies.extend([Reply(500)] * 3)
    notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}

    at = T0
    for _ in range(2):
        (retried,) = _run(store, notifiers, at, max_attempts=3).retried
        assert retried.next_attempt_at is not None
        at = retried.next_attempt_at
    report = _run(store, notifiers, at, max_attempts=3)

    assert [o.error for o in report.failed] == [
        "HTTP 500 from the Slack webhook (gave up after 3 attempts)"
    ]
    assert _state(store) == {"acme-chat-privacy/v2@slack": (DeliveryState.FAILED, 3)}


def test_digest_deliveries_wait_for_their_time_and_go_as_one_message(
    store: Store, receiver: Receiver
) -> None:
    digest_time = T0 + timedelta(hours=9)
    _queue(store, 2, 3, 4, digest=True, next_attempt_at=digest_time)
    _queue(store, 5)
    notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}

    assert [o.key for o in _run(store, notifiers, T0).sent] == ["acme-chat-privacy/v5@slack"]
    report = _run(store, notifiers, digest_time)

    assert len(report.sent) == 3
    digest = receiver.received[-1].json()
    assert digest["text"] == "Policy Watcher: 3 policy changes"
    assert len(digest["blocks"]) == 1 + 3
    assert len(receiver.received) == 2


def test_digests_are_grouped_per_channel(store: Store, receiver: Receiver) -> None:
    _queue(store, 2, 3, digest=True)
    _queue(store, 2, 4, channel="team", digest=True)
    notifiers: dict[str, Notifier] = {
        "slack": _slack(receiver, "slack", "/one"),
        "team": _slack(receiver, "team", "/two"),
    }

    assert len(_run(store, notifiers, T0).sent) == 4

    by_path = {r.path: r.json()["text"] for r in receiver.received}
    assert by_path == {
        "/one": "Policy Watcher: 2 policy changes",
        "/two": "Policy Watcher: 2 policy changes",
    }


def test_a_channel_removed_from_the_config_fails_its_deliveries(
    store: Store, receiver: Receiver
) -> None:
    _queue(store, 2, channel="old-channel")

    report = _run(store, {"slack": _slack(receiver)}, T0)

    assert [o.error for o in report.failed] == ["channel 'old-channel' is not configured any more"]
    assert receiver.received == []


def test_a_change_no_longer_in_the_store_fails_its_delivery(
    store: Store, receiver: Receiver
) -> None:
    _queue(store, 2, 3)

    report = _run(store, {"slack": _slack(receiver)}, T0, changes={})

    assert [o.error for o in report.failed] == [
        "change acme-chat-privacy/v2 is no longer in the store",
        "change acme-chat-privacy/v3 is no longer in the store",
    ]


def test_a_refusing_channel_does_not_hold_up_the_others(store: Store, receiver: Receiver) -> None:
    _queue(store, 2, 3, channel="broken")
    _queue(store, 2, 3)
    notifiers: dict[str, Notifier] = {
        "broken": SlackNotifier(channel("broken"), context("http://127.0.0.1:1/closed")),
        "slack": _slack(receiver),
    }

    report = _run(store, notifiers, T0)

    assert len(report.sent) == 2 and len(report.retried) == 1


class _Buggy:
    async def send(self, changes: Sequence[Change], *, digest: bool = False) -> None:
        raise RuntimeError(f"boom at http://hooks.example{SECRET_PATH}")


def test_a_bug_in_a_notifier_is_retried_and_its_text_never_shown(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    _queue(store, 2)
    caplog.set_level(logging.DEBUG)

    report = _run(store, {"slack": _Buggy()}, T0)

    assert [o.error for o in report.retried] == ["unexpected RuntimeError while sending"]
    assert SECRET_PATH not in caplog.text
    assert SECRET_PATH not in store.deliveries()[0].last_error


def test_no_secret_reaches_the_outbox_or_the_log(
    store: Store, receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    _queue(store, 2, 3, 4)
    receiver.replies.extend([Reply(500, SECRET_PATH.encode()), Reply(404, SECRET_PATH.encode())])
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.WARNING, logger="httpx")  # as the CLI sets it: httpx logs URLs
    notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}

    _run(store, notifiers, T0)
    _run(store, notifiers, T0 + timedelta(hours=1))
    receiver.stop()
    _run(store, notifiers, T0 + timedelta(hours=2))

    assert [d.last_error for d in store.deliveries()] == [
        "HTTP 404 from the Slack webhook",
        "cannot reach the Slack webhook (ConnectError)",
        "",
    ]
    assert "s3cret" not in caplog.text and "T0001" not in caplog.text


def test_two_dispatchers_at_once_send_each_change_once(tmp_path: Path, receiver: Receiver) -> None:
    folder = tmp_path / "snapshots"
    with FileStore(folder) as first, FileStore(folder) as second:
        _queue(first, 2, 3, 4, 5)

        async def both() -> list[DispatchReport]:
            def run(store: Store) -> Coroutine[Any, Any, DispatchReport]:
                notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}
                return dispatch(store, notifiers, CHANGES.get, now=lambda: T0, jitter=None)

            return list(await asyncio.gather(run(first), run(second)))

        one, two = asyncio.run(both())

    assert len(one.sent) + len(two.sent) == 4
    assert sorted(_versions(receiver.received)) == [
        f"acme-chat-privacy · version {n}" for n in (2, 3, 4, 5)
    ]


def test_backoff_doubles_is_capped_and_jitter_spreads_its_upper_half() -> None:
    assert [backoff_delay(n, 30.0, None) for n in (1, 2, 3, 4)] == [30.0, 60.0, 120.0, 240.0]
    assert backoff_delay(40, 30.0, None) == 6 * 3600.0
    assert backoff_delay(3, 30.0, lambda: 0.0) == 60.0
    assert backoff_delay(3, 30.0, lambda: 1.0) == 120.0


def test_a_backlog_on_a_dead_channel_does_not_starve_a_healthy_one(
    store: Store, receiver: Receiver
) -> None:
    _queue(store, *range(100, 250), channel="dead")  # 150 rows, all older than the healthy one
    _queue(store, 2)
    notifiers: dict[str, Notifier] = {
        "dead": SlackNotifier(channel("dead"), context("http://127.0.0.1:1/closed")),
        "slack": _slack(receiver),
    }
    changes = {**CHANGES, **{c.key: c for c in map(change, range(100, 250))}}

    report = _run(store, notifiers, T0, changes=changes)

    assert [o.key for o in report.sent] == ["acme-chat-privacy/v2@slack"]
    assert len(report.retried) == 1  # the dead channel costs one attempt, not 150


def test_a_digest_of_more_than_the_window_goes_as_one_message(
    store: Store, receiver: Receiver
) -> None:
    _queue(store, *range(100, 250), digest=True)
    changes = {c.key: c for c in map(change, range(100, 250))}

    report = _run(store, {"slack": _slack(receiver)}, T0, changes=changes)

    assert len(report.sent) == 150
    assert len(receiver.received) == 1


def test_a_failed_digest_comes_back_as_one_digest(store: Store, receiver: Receiver) -> None:
    _queue(store, 2, 3, digest=True)
    notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}
    receiver.replies.append(Reply(503))
    first = _run(store, notifiers, T0)  # both claimed once, refused together
    _queue(store, 4, digest=True, next_attempt_at=T0)  # a newcomer, no attempt yet
    receiver.replies.append(Reply(503))
    at = first.retried[0].next_attempt_at
    assert at is not None
    second = _run(store, notifiers, at)  # v2, v3 (2 attempts) and v4 (1) refused together

    assert {o.next_attempt_at for o in second.retried} == {at + timedelta(seconds=60)}
    third = second.retried[0].next_attempt_at
    assert third is not None
    report = _run(store, notifiers, third)
    assert len(report.sent) == 3
    assert receiver.received[-1].json()["text"] == "Policy Watcher: 3 policy changes"
    assert len(receiver.received) == 3


def test_a_missing_secret_leaves_alerts_pending_without_using_attempts(
    store: Store, receiver: Receiver
) -> None:
    _queue(store, 2, 3)
    notifiers: dict[str, Notifier] = {"slack": _slack(receiver)}
    run = dispatch(
        store,
        notifiers,
        CHANGES.get,
        now=lambda: T0,
        jitter=None,
        unready={"slack": "environment variable ALERT_URL is not set"},
    )

    report = asyncio.run(run)

    assert report.is_empty and receiver.received == []
    assert report.waiting == (
        "channel 'slack': environment variable ALERT_URL is not set; 2 alerts wait",
    )
    assert {d.state for d in store.deliveries()} == {DeliveryState.PENDING}
    assert {d.attempts for d in store.deliveries()} == {0}
    assert {d.last_error for d in store.deliveries()} == {
        "environment variable ALERT_URL is not set"
    }
    assert len(_run(store, notifiers, T0).sent) == 2  # once the variable is set

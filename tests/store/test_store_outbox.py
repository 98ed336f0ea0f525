"""The alert outbox in the index: queueing, claiming, acknowledging, retrying, surviving reindex."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from store_inputs import T0, make_inputs

from watcher.records import Delivery, DeliveryState
from watcher.store.files import FileStore
from watcher.store.outbox import CLAIM_LEASE_S

LATER = T0 + timedelta(hours=1)
AFTER_LEASE = T0 + timedelta(seconds=CLAIM_LEASE_S + 1)


def test_enqueue_adds_new_keys_and_ignores_queued_ones_whatever_their_state(
    store: FileStore,
) -> None:
    assert store.enqueue([Delivery("acme/v2", "slack"), Delivery("acme/v2", "email")], now=T0) == 2
    assert store.claim("acme/v2@slack", T0) is not None
    store.mark_sent("acme/v2@slack", T0)

    again = [
        Delivery("acme/v2", "slack"),
        Delivery("acme/v2", "email"),
        Delivery("acme/v3", "slack"),
    ]
    assert store.enqueue(again, now=LATER) == 1

    rows = {d.key: d for d in store.deliveries()}
    assert rows["acme/v2@slack"].state is DeliveryState.SENT
    assert rows["acme/v2@email"].state is DeliveryState.PENDING
    assert rows["acme/v3@slack"].next_attempt_at == LATER


def test_due_lists_pending_rows_whose_time_has_come_oldest_first(store: FileStore) -> None:
    store.enqueue([Delivery("b/v1", "slack"), Delivery("a/v1", "slack")], now=T0)
    store.enqueue([Delivery("c/v1", "slack", digest=True, next_attempt_at=LATER)], now=T0)

    assert [d.key for d in store.due(T0)] == ["b/v1@slack", "a/v1@slack"]
    assert [d.key for d in store.due(LATER)] == ["b/v1@slack", "a/v1@slack", "c/v1@slack"]
    assert [d.key for d in store.due(LATER, limit=1)] == ["b/v1@slack"]
    digest = store.due(LATER)[2]
    assert (digest.digest, digest.attempts, digest.state) == (True, 0, DeliveryState.PENDING)


def test_a_claim_is_committed_and_holds_the_row_against_another_sender(snapshots: Path) -> None:
    with FileStore(snapshots) as first, FileStore(snapshots) as second:
        first.enqueue([Delivery("acme/v2", "slack")], now=T0)

        claimed = first.claim("acme/v2@slack", T0)
        assert claimed is not None
        assert (claimed.state, claimed.attempts) == (DeliveryState.SENDING, 1)
        # Seen by another connection at once, and not claimable by it while the lease runs.
        assert second.deliveries()[0].state is DeliveryState.SENDING
        assert second.due(T0 + timedelta(seconds=CLAIM_LEASE_S - 1)) == ()
        assert second.claim("acme/v2@slack", T0 + timedelta(seconds=1)) is None


def test_a_row_left_sending_by_a_crash_is_due_again_once_its_claim_runs_out(
    store: FileStore,
) -> None:
    store.enqueue([Delivery("acme/v2", "slack")], now=T0)
    store.claim("acme/v2@slack", T0)  # ... and the process dies before it marks anything

    (left,) = store.due(AFTER_LEASE)
    assert left.state is DeliveryState.SENDING
    again = store.claim(left.key, AFTER_LEASE)
    assert again is not None and again.attempts == 2
    store.mark_sent(left.key, AFTER_LEASE)

    assert store.due(AFTER_LEASE + timedelta(days=1)) == ()
    assert store.claim(left.key, AFTER_LEASE + timedelta(days=1)) is None


def test_nothing_moves_a_sent_row(store: FileStore) -> None:
    store.enqueue([Delivery("acme/v2", "slack")], now=T0)
    store.claim("acme/v2@slack", T0)
    store.mark_sent("acme/v2@slack", T0)

    store.mark_retry("acme/v2@slack", "late error", T0)
    store.mark_failed("acme/v2@slack", "late error")
    assert store.retry_failed(LATER) == 0
    assert store.claim("acme/v2@slack", LATER) is None

    (row,) = store.deliveries()
    assert (row.state, row.sent_at, row.last_error) == (DeliveryState.SENT, T0, "")


def test_retry_puts_a_claimed_row_back_until_its_next_attempt(store: FileStore) -> None:
    store.enqueue([Delivery("acme/v2", "slack")], now=T0)
    store.claim("acme/v2@slack", T0)
    store.mark_retry("acme/v2@slack", "HTTP 503 from the Slack webhook", LATER)

    assert store.due(LATER - timedelta(seconds=1)) == ()
    (row,) = store.due(LATER)
    assert (row.state, row.attempts) == (DeliveryState.PENDING, 1)
    assert row.last_error == "HTTP 503 from the Slack webhook"
    assert store.claim("acme/v2@slack", T0) is None  # not due yet


def test_failed_rows_wait_for_retry_failed_and_start_counting_again(store: FileStore) -> None:
    store.enqueue([Delivery("acme/v2", "slack"), Delivery("acme/v3", "slack")], now=T0)
    for key in ("acme/v2@slack", "acme/v3@slack"):
        store.claim(key, T0)
        store.mark_failed(key, "HTTP 404 from the Slack webhook")
    assert store.claim("acme/v2@slack", LATER) is None
    assert store.due(LATER) == ()

    assert store.retry_failed(LATER) == 2

    rows = store.due(LATER)
    assert [(d.state, d.attempts, d.next_attempt_at) for d in rows] == [
        (DeliveryState.PENDING, 0, LATER)
    ] * 2
    assert rows[0].last_error == "HTTP 404 from the Slack webhook"  # kept until the next attempt


def test_deliveries_filter_by_state_oldest_first(store: FileStore) -> None:
    store.enqueue([Delivery(f"acme/v{n}", "slack") for n in range(1, 5)], now=T0)
    store.claim("acme/v1@slack", T0)
    store.mark_sent("acme/v1@slack", T0)
    store.claim("acme/v2@slack", T0)
    store.claim("acme/v3@slack", T0)
    store.mark_failed("acme/v3@slack", "gone")

    def keys(*states: DeliveryState) -> list[str]:
        return [d.change_key for d in store.deliveries(states)]

    assert keys() == ["acme/v1", "acme/v2", "acme/v3", "acme/v4"]
    assert keys(DeliveryState.PENDING, DeliveryState.FAILED) == ["acme/v3", "acme/v4"]
    assert keys(DeliveryState.SENDING) == ["acme/v2"]
    assert keys(DeliveryState.SENT) == ["acme/v1"]


def test_reindex_keeps_the_outbox(store: FileStore) -> None:
    store.add_version(*make_inputs(), captured_at=T0)
    store.enqueue([Delivery("acme-privacy/v1", "slack"), Delivery("acme-privacy/v1", "x")], now=T0)
    store.claim("acme-privacy/v1@slack", T0)
    store.mark_sent("acme-privacy/v1@slack", T0)
    before = store.deliveries()

    assert store.reindex() == 1

    assert store.deliveries() == before


def test_rows_hold_no_more_than_the_change_key_and_the_channel_name(snapshots: Path) -> None:
    with FileStore(snapshots) as store:
        store.enqueue([Delivery("acme/v2", "slack")], now=T0)
    with closing(sqlite3.connect(snapshots / "index.sqlite")) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(outbox)")]
        (row,) = conn.execute("SELECT * FROM outbox").fetchall()
    assert columns == [
        *("id", "key", "change_key", "channel", "state", "digest", "attempts"),
        *("next_attempt_at", "last_error", "sent_at", "enqueued_at"),
    ]
    assert row[1:4] == ("acme/v2@slack", "acme/v2", "slack")


def test_an_index_from_before_the_outbox_upgrades_in_place(snapshots: Path) -> None:
    with FileStore(snapshots) as store:
        version = store.add_version(*make_inputs(), captured_at=T0)
    with closing(sqlite3.connect(snapshots / "index.sqlite", isolation_level=None)) as conn:
        conn.execute("DROP TABLE outbox")
        conn.execute("DELETE FROM migrations WHERE number = 4")

    with FileStore(snapshots) as store:
        assert store.versions("acme-privacy") == (version,)
        assert store.enqueue([Delivery("acme-privacy/v1", "slack")], now=T0) == 1

"""The alert outbox in the index: one row per (change, channel) delivery, and how rows move.

A row goes pending -> sending (claimed: attempts + 1, committed before anything is sent) ->
sent, or back to pending with a later `next_attempt_at`, or failed. A claim holds a lease: the
row's `next_attempt_at` moves to the end of the lease, so a second sender cannot claim it while
the first is at work, and a row left `sending` by a crashed process becomes due again once the
lease has run out: it is sent once more, never again after `mark_sent`. Nothing moves a sent
row. Rows hold the change key and the channel's name only, never a secret.

The outbox is not derivable from the snapshot files, so rebuilding the index's versions leaves
it alone (the table has no foreign key to `versions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from watcher.records import Delivery, DeliveryState
from watcher.store.rows import from_iso, to_iso
from watcher.store.sqlite import Index

__all__ = ["CLAIM_LEASE_S", "OutboxRows"]

CLAIM_LEASE_S = 300.0
"""How long a claim holds a row: far longer than one send (HTTP timeouts are ~30 s), so a live
sender always acknowledges first; short enough that a crash delays a re-send by minutes."""

_COLUMNS = "change_key, channel, state, digest, attempts, next_attempt_at, last_error, sent_at"

_INSERT = """
INSERT INTO outbox (key, change_key, channel, state, digest, next_attempt_at, enqueued_at)
VALUES (?, ?, ?, 'pending', ?, ?, ?)
ON CONFLICT (key) DO NOTHING
RETURNING key
"""
# At most `limit` rows per channel, so a backlog on one channel that is down never keeps the
# others' rows out of the window.
_DUE = f"""
SELECT {_COLUMNS} FROM (
    SELECT {_COLUMNS}, id,
           ROW_NUMBER() OVER (PARTITION BY channel ORDER BY id) AS position
    FROM outbox
    WHERE state IN ('pending', 'sending') AND next_attempt_at <= :now
          AND (:channel IS NULL OR channel = :channel)
)
WHERE :limit IS NULL OR position <= :limit
ORDER BY id
"""
# One statement tests and takes the row, so two senders can never both hold it.
_CLAIM = f"""
UPDATE outbox SET state = 'sending', attempts = attempts + 1, next_attempt_at = :lease_end
WHERE key = :key AND state IN ('pending', 'sending') AND next_attempt_at <= :now
RETURNING {_COLUMNS}
"""
# An acknowledgement is the truth, whatever happened to the row meanwhile; only a sent row stays.
_SENT = """
UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '' WHERE key = ? AND state != 'sent'
"""
_RETRY = """
UPDATE outbox SET state = 'pending', last_error = ?, next_attempt_at = ?
WHERE key = ? AND state = 'sending'
"""
_FAILED = "UPDATE outbox SET state = 'failed', last_error = ? WHERE key = ? AND state = 'sending'"
_RETRY_FAILED = """
UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?
WHERE state = 'failed' RETURNING key
"""


def _delivery(row: Sequence[Any]) -> Delivery:
    change_key, channel, state, digest, attempts, next_at, last_error, sent_at = row
    return Delivery(
        change_key=change_key,
        channel=channel,
        state=DeliveryState(state),
        digest=bool(digest),
        attempts=attempts,
        next_attempt_at=from_iso(next_at),
        last_error=last_error,
        sent_at=None if sent_at is None else from_iso(sent_at),
    )


class OutboxRows:
    """The outbox half of `FileStore` (mixed in); satisfies `watcher.publish.outbox.Outbox`."""

    _index: Index

    def enqueue(
        self,
        deliveries: Sequence[Delivery],
        *,
        now: datetime,
        version: tuple[str, int] | None = None,
    ) -> int:
        """Queue deliveries as pending, due at their `next_attempt_at` (now when None); a key
        already in the outbox, in any state, is left as it is. Returns how many were new.

        `version` (source id, number) is the change they are for: in the same transaction its
        alerts are marked queued, so a crash leaves either both or neither (then the change is
        in `unqueued_versions` and queued on the next pass). Given with no deliveries, it only
        marks the change (no route took it)."""
        added = 0
        with self._index.transaction():
            for d in deliveries:
                due = to_iso(d.next_attempt_at or now)
                row = (d.key, d.change_key, d.channel, int(d.digest), due, to_iso(now))
                added += len(self._index.query(_INSERT, row))
            if version is not None:
                self._index.mark_alerts_queued(*version)
        return added

    def due(
        self, now: datetime, *, limit: int | None = 100, channel: str | None = None
    ) -> tuple[Delivery, ...]:
        """Pending deliveries whose time has come and `sending` ones whose claim ran out (left
        by a crash), oldest first: at most `limit` per channel (None: all), of every channel
        or only of `channel`."""
        params = {"now": to_iso(now), "limit": limit, "channel": channel}
        return tuple(_delivery(row) for row in self._index.query(_DUE, params))

    def note_waiting(self, channel: str, error: str) -> int:
        """Set `error` as the last error of a channel's pending deliveries without counting an
        attempt (the channel cannot be sent to yet, e.g. a secret is missing); how many."""
        with self._index.transaction():
            rows = self._index.query(
                "UPDATE outbox SET last_error = ? WHERE channel = ? AND state = 'pending' "
                "RETURNING key",
                (error, channel),
            )
        return len(rows)

    def claim(self, key: str, now: datetime, *, lease_s: float = CLAIM_LEASE_S) -> Delivery | None:
        """Take a due delivery for sending: state `sending`, attempts + 1, held for `lease_s`;
        committed before this returns. None when it is not due, is held by another sender, was
        sent or failed, or does not exist."""
        lease_end = to_iso(now + timedelta(seconds=lease_s))
        params = {"key": key, "now": to_iso(now), "lease_end": lease_end}
        with self._index.transaction():
            rows = self._index.query(_CLAIM, params)
        return _delivery(rows[0]) if rows else None

    def mark_sent(self, key: str, at: datetime) -> None:
        """The receiver acknowledged it: sent for good."""
        with self._index.transaction():
            self._index.query(_SENT, (to_iso(at), key))

    def mark_retry(self, key: str, error: str, next_attempt_at: datetime) -> None:
        """A claimed delivery was not taken: pending again, due at `next_attempt_at`."""
        with self._index.transaction():
            self._index.query(_RETRY, (error, to_iso(next_attempt_at), key))

    def mark_failed(self, key: str, error: str) -> None:
        """A claimed delivery cannot or will no longer be sent (until `retry_failed`)."""
        with self._index.transaction():
            self._index.query(_FAILED, (error, key))

    def deliveries(self, states: Sequence[DeliveryState] = ()) -> tuple[Delivery, ...]:
        """Deliveries in these states (all when none are given), oldest first."""
        sql = f"SELECT {_COLUMNS} FROM outbox"
        values = [DeliveryState(state).value for state in states]
        if values:
            sql += f" WHERE state IN ({', '.join('?' * len(values))})"
        return tuple(_delivery(row) for row in self._index.query(sql + " ORDER BY id", values))

    def retry_failed(self, now: datetime) -> int:
        """Failed deliveries back to pending, due now, with a fresh count of attempts."""
        with self._index.transaction():
            return len(self._index.query(_RETRY_FAILED, (to_iso(now),)))

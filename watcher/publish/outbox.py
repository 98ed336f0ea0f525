"""The durable outbox: each (change, channel) delivery is a row, re-sent at most once after a crash.

The store implements `Outbox` (rows in the SQLite index); `watcher.publish.dispatch` drains
what is due. A delivery is claimed (state `sending`, attempts + 1, committed) before the
message goes out and marked `sent` after the receiver acknowledged it, so a process killed in
between leaves the row `sending`; once its claim runs out it is sent once more, never twice
after an acknowledgement.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from watcher.records import Delivery, DeliveryState

__all__ = ["Outbox"]


class Outbox(Protocol):
    def enqueue(
        self,
        deliveries: Sequence[Delivery],
        *,
        now: datetime,
        version: tuple[str, int] | None = None,
    ) -> int:
        """Add deliveries not already queued (same key); how many were new. `version` (source
        id, number) marks that change's alerts queued in the same transaction."""
        ...

    def due(
        self, now: datetime, *, limit: int | None = 100, channel: str | None = None
    ) -> tuple[Delivery, ...]:
        """Pending deliveries whose time has come, and `sending` ones left by a crash (whose
        claim ran out), oldest first: at most `limit` per channel (None: no limit), of every
        channel or only of `channel`."""
        ...

    def note_waiting(self, channel: str, error: str) -> int:
        """Set `error` as the last error of a channel's pending deliveries, counting no attempt
        (the channel cannot be sent to yet); how many."""
        ...

    def claim(self, key: str, now: datetime) -> Delivery | None:
        """Mark one due delivery `sending` and count the attempt, committed, before it is sent.

        The claim holds the delivery for a few minutes (its `next_attempt_at` moves to the end
        of that lease), so no other sender can take it meanwhile; None when it is not due, is
        held, was sent or failed: the caller must not send it then.
        """
        ...

    def mark_sent(self, key: str, at: datetime) -> None:
        """The receiver acknowledged it: sent for good; nothing moves a sent delivery again."""
        ...

    def mark_retry(self, key: str, error: str, next_attempt_at: datetime) -> None:
        """A claimed delivery was not taken: pending again, due at `next_attempt_at`."""
        ...

    def mark_failed(self, key: str, error: str) -> None:
        """A claimed delivery will not be sent (until `retry_failed`); `error` says why."""
        ...

    def deliveries(self, states: Sequence[DeliveryState] = ()) -> tuple[Delivery, ...]:
        """Deliveries in these states (all when none are given), oldest first."""
        ...

    def retry_failed(self, now: datetime) -> int:
        """Put failed deliveries back to pending, due now, attempts counted afresh; how many."""
        ...

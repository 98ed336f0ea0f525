"""The durable outbox: each (change, channel) delivery is a row, re-sent at most once after a crash.

The store implements `Outbox` (rows in the SQLite index); `dispatch` (below) drains what is
due. A delivery is claimed (state `sending`, attempts + 1, committed) before the message goes
out and marked `sent` after the receiver acknowledged it, so a process killed in between finds
the row still `sending` and sends it once more, never twice after an acknowledgement.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from watcher.records import Delivery, DeliveryState

__all__ = ["Outbox"]


class Outbox(Protocol):
    def enqueue(self, deliveries: Sequence[Delivery], *, now: datetime) -> int:
        """Add deliveries not already queued (same key); how many were new."""
        ...

    def due(self, now: datetime, *, limit: int = 100) -> tuple[Delivery, ...]:
        """Pending deliveries whose time has come, and `sending` ones left by a crash."""
        ...

    def claim(self, key: str, now: datetime) -> Delivery | None:
        """Mark one delivery `sending` and count the attempt, committed, before it is sent."""
        ...

    def mark_sent(self, key: str, at: datetime) -> None: ...

    def mark_retry(self, key: str, error: str, next_attempt_at: datetime) -> None: ...

    def mark_failed(self, key: str, error: str) -> None: ...

    def deliveries(self, states: Sequence[DeliveryState] = ()) -> tuple[Delivery, ...]:
        """Deliveries in these states (all when none are given), oldest first."""
        ...

    def retry_failed(self, now: datetime) -> int:
        """Put failed deliveries back to pending, due now; how many."""
        ...

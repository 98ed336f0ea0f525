"""How hard the fetch stage presses on servers: concurrency slots and retry timing.

Kept apart from the HTTP code so that every fetcher kind (http now, browser and feed later) can
share the same manners, and so that the timing rules can be tested without a network.
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType

__all__ = ["Limiter", "backoff_delay", "parse_retry_after"]


class Limiter:
    """A global cap on requests in flight plus a smaller cap per host.

    The per-host slot is taken *before* the global one: a task waiting for a busy host must not
    sit on a global slot that a request to another, idle host could use.
    """

    __slots__ = ("_hosts", "_per_host", "_total")

    def __init__(self, total: int, per_host: int) -> None:
        if total < 1 or per_host < 1:
            raise ValueError(f"concurrency limits must be at least 1 (got {total}, {per_host})")
        self._total = asyncio.Semaphore(total)
        self._per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def slot(self, host: str) -> _Slot:
        """An async context manager holding one request slot for `host` while inside it."""
        semaphore = self._hosts.get(host)
        if semaphore is None:
            semaphore = self._hosts[host] = asyncio.Semaphore(self._per_host)
        return _Slot(semaphore, self._total)


class _Slot:
    """One request's hold on its host's semaphore and the global one (a class, not a generator,
    because it is entered once per request and generator-based managers cost more)."""

    __slots__ = ("_host", "_total")

    def __init__(self, host: asyncio.Semaphore, total: asyncio.Semaphore) -> None:
        self._host = host
        self._total = total

    async def __aenter__(self) -> None:
        await self._host.acquire()
        try:
            await self._total.acquire()
        except BaseException:
            self._host.release()
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._total.release()
        self._host.release()


def backoff_delay(attempt: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based): "full jitter".

    A uniform draw in [0, min(cap, base * 2**(attempt-1))] spreads the retries of many sources
    that failed together (one flaky CDN) instead of sending them back in lock-step.
    """
    ceiling = min(cap_s, base_s * 2 ** (attempt - 1))
    return rng.uniform(0.0, ceiling)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or HTTP-date), or None.

    A date in the past means "now" (0.0); an unparseable value is ignored (None) so that the
    caller falls back on its own backoff rather than failing the fetch over a header.
    """
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())

"""`watcher run`: each source checked on its own interval by APScheduler 3, until SIGINT/SIGTERM.

One job per source, so a slow vendor never delays the others; `max_instances=1` keeps two checks
of one source from overlapping, `coalesce=True` turns a backlog of missed runs (a laptop that
slept) into one check, and jitter spreads sources that share an interval. A source checked
recently (by an earlier `run` or a `check`) is next due one interval after that check, not now.
"""

from __future__ import annotations

import asyncio
import logging
import random
import signal
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from watcher.pipeline import CheckResult, Pipeline
from watcher.records import Source
from watcher.store import Store

__all__ = ["build_scheduler", "first_run_time", "run_until_stopped"]

log = logging.getLogger(__name__)

MAX_JITTER_S = 600.0
DELIVER_EVERY_S = 60.0
"""How often `watcher run` drains the alert outbox (retries that came due, daily digests)."""
STARTUP_RATE = 10.0
"""Sources due at start are spread at about this many per second, so a restart is not a burst."""
MAX_STARTUP_SPREAD_S = 60.0


def first_run_time(
    source: Source,
    last_checked_at: datetime | None,
    now: datetime,
    rng: random.Random,
    spread_s: float = 0.0,
) -> datetime:
    """When a source is first due: an interval after its last check, or now; plus a spread."""
    spread = timedelta(seconds=rng.uniform(0, min(spread_s, source.interval_s / 10)))
    if last_checked_at is None:
        return now + spread
    due = last_checked_at + timedelta(seconds=source.interval_s)
    return max(due, now) + spread


def build_scheduler(
    pipeline: Pipeline,
    sources: Sequence[Source],
    store: Store,
    *,
    on_result: Callable[[CheckResult], None] | None = None,
    now: datetime | None = None,
    rng: random.Random | None = None,
    running: set[asyncio.Task[None]] | None = None,
    deliver: Callable[[], Awaitable[object]] | None = None,
    deliver_every_s: float = DELIVER_EVERY_S,
) -> AsyncIOScheduler:
    """A scheduler with one interval job per source; call `.start()` inside a running event loop.

    Checks under way are kept in `running`, so a stop can let them finish: APScheduler's own
    shutdown cancels running coroutine jobs, which would lose a check half-way. `deliver`, if
    given, drains the alert outbox every `deliver_every_s` (due retries, digests), starting now.
    """
    running = set() if running is None else running
    rng = rng or random.Random()
    now = now or datetime.now(UTC)
    scheduler = AsyncIOScheduler(timezone=UTC)
    spread_s = min(len(sources) / STARTUP_RATE, MAX_STARTUP_SPREAD_S)

    async def check(source: Source) -> None:
        task = asyncio.current_task()
        assert task is not None  # APScheduler runs coroutine jobs as tasks
        running.add(task)
        try:
            result = await pipeline.check_source(source)
        finally:
            running.discard(task)
        if on_result is not None:
            on_result(result)

    if deliver is not None:
        _add_delivery_job(scheduler, deliver, running, deliver_every_s, now)
    for source in sources:
        trigger = IntervalTrigger(
            seconds=source.interval_s,
            jitter=min(source.interval_s * 0.1, MAX_JITTER_S),
            timezone=UTC,
        )
        scheduler.add_job(
            check,
            trigger,
            args=(source,),
            id=source.id,
            name=source.name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=int(source.interval_s),
            next_run_time=first_run_time(
                source, store.state(source.id).last_checked_at, now, rng, spread_s
            ),
        )
    return scheduler


def _add_delivery_job(
    scheduler: AsyncIOScheduler,
    deliver: Callable[[], Awaitable[object]],
    running: set[asyncio.Task[None]],
    every_s: float,
    now: datetime,
) -> None:
    """Drain the alert outbox every `every_s`, starting `now`; a round under way counts as
    running, so a stop lets it finish, and one that fails never stops the schedule."""

    async def drain() -> None:
        task = asyncio.current_task()
        assert task is not None
        running.add(task)
        try:
            await deliver()
        except Exception:  # an outbox that fails once must not stop the schedule
            log.exception("delivering alerts failed; the next round tries again")
        finally:
            running.discard(task)

    scheduler.add_job(
        drain,
        IntervalTrigger(seconds=every_s, timezone=UTC),
        id="deliver-alerts",
        name="deliver alerts",
        max_instances=1,
        coalesce=True,
        next_run_time=now,
    )


async def run_until_stopped(
    scheduler: AsyncIOScheduler,
    running: set[asyncio.Task[None]],
    *,
    grace_s: float = 120.0,
) -> None:
    """Run the scheduler until SIGINT or SIGTERM; then start no new check, let the running ones
    finish (up to `grace_s`), and stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if stop.is_set():  # a second Ctrl-C: stop now, abandoning the checks under way
            log.warning("stopping now: %d checks abandoned (none half-stored)", len(running))
            for task in running:
                task.cancel()
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal)
    scheduler.start()
    try:
        await stop.wait()
    finally:
        scheduler.pause()
        if running:
            log.warning(
                "stopping: letting %d running checks finish (Ctrl-C again to stop now)",
                len(running),
            )
            await asyncio.wait(set(running), timeout=grace_s)
        scheduler.shutdown(wait=False)
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)

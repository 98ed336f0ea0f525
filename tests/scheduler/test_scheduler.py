"""`watcher run`: one job per source on its interval, no overlaps, and a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from localsite import LocalSite, Page

from watcher.fetch import HttpFetcher
from watcher.pipeline import Pipeline
from watcher.records import FetchSettings, Settings, Source
from watcher.scheduler import build_scheduler, first_run_time
from watcher.store import open_store

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
PAGE = "<main><h1>Terms</h1><p>We keep your files only as long as your account is open.</p></main>"


def source(interval_s: float, sid: str = "acme-terms", url: str = "http://127.0.0.1:9/") -> Source:
    return Source(id=sid, vendor="Acme", title="Terms", url=url, interval_s=interval_s)


@pytest.mark.parametrize(
    ("last_checked", "earliest", "latest"),
    [
        (None, NOW, NOW + timedelta(seconds=30)),  # never checked: due now, within the spread
        (NOW - timedelta(hours=1), NOW + timedelta(hours=5), NOW + timedelta(hours=5, seconds=30)),
        (NOW - timedelta(days=3), NOW, NOW + timedelta(seconds=30)),  # overdue: due now, once
    ],
    ids=["never-checked", "checked-an-hour-ago", "overdue"],
)
def test_first_run_time_follows_the_last_check(
    last_checked: datetime | None, earliest: datetime, latest: datetime
) -> None:
    due = first_run_time(source(6 * 3600), last_checked, NOW, random.Random(7), spread_s=30)
    assert earliest <= due <= latest


def test_each_source_is_one_job_that_never_overlaps_and_coalesces(tmp_path: Path) -> None:
    sources = [source(3600, "a"), source(7200, "b")]

    async def jobs() -> list[tuple[str, int, bool]]:
        with closing(open_store(tmp_path)) as store:
            async with HttpFetcher(FetchSettings()) as fetcher:
                pipeline = Pipeline(store=store, fetcher=fetcher, settings=Settings())
                scheduler = build_scheduler(pipeline, sources, store, now=NOW)
                return [(j.id, j.max_instances, j.coalesce) for j in scheduler.get_jobs()]

    assert sorted(asyncio.run(jobs())) == [("a", 1, True), ("b", 1, True)]


def test_the_scheduler_checks_each_source_repeatedly(local_site: LocalSite, tmp_path: Path) -> None:
    local_site.set_html("/terms", PAGE)
    sources = [source(1.0, "fast", local_site.url("/terms"))]

    async def run_for(seconds: float) -> None:
        with closing(open_store(tmp_path)) as store:
            async with HttpFetcher(FetchSettings(retries=0)) as fetcher:
                pipeline = Pipeline(store=store, fetcher=fetcher, settings=Settings())
                scheduler = build_scheduler(pipeline, sources, store)
                scheduler.start()
                await asyncio.sleep(seconds)
                scheduler.shutdown(wait=False)

    asyncio.run(run_for(2.6))
    with closing(open_store(tmp_path)) as store:
        checks = store.checks("fast")
    assert len(checks) >= 2
    assert len(store_versions(tmp_path, "fast")) == 1


def store_versions(path: Path, sid: str) -> tuple[object, ...]:
    with closing(open_store(path)) as store:
        return store.versions(sid)


@contextmanager
def watcher_run(site: LocalSite, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`watcher run` in a child process, watching one source of `site` every hour."""
    config = tmp_path / "sources.yaml"
    config.write_text(
        "sources:\n  - id: acme-terms\n    vendor: Acme\n    title: Terms\n"
        f"    url: {site.url('/terms')}\n    interval: 1h\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "watcher", "run", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def wait_for(process: subprocess.Popen[bytes], ready: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not ready():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_watcher_run_stops_cleanly_on_sigterm(local_site: LocalSite, tmp_path: Path) -> None:
    local_site.set_html("/terms", PAGE)
    first = tmp_path / "snapshots" / "acme-terms" / "0001.json"
    with watcher_run(local_site, tmp_path) as process:
        wait_for(process, first.exists, "the first check never happened")
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr.decode()
    assert b"first version stored" in stdout


def test_a_check_under_way_finishes_before_watcher_run_exits(
    local_site: LocalSite, tmp_path: Path
) -> None:
    local_site.pages["/terms"] = Page(PAGE.encode(), delay_s=2.0)
    with watcher_run(local_site, tmp_path) as process:
        wait_for(process, lambda: bool(local_site.requests), "the first check never started")
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr.decode()
    assert b"letting 1 running checks finish" in stderr
    assert b"Traceback" not in stderr
    assert (tmp_path / "snapshots" / "acme-terms" / "0001.json").exists()


def test_a_second_signal_stops_watcher_run_at_once(local_site: LocalSite, tmp_path: Path) -> None:
    local_site.pages["/terms"] = Page(PAGE.encode(), delay_s=30.0)
    with watcher_run(local_site, tmp_path) as process:
        wait_for(process, lambda: bool(local_site.requests), "the first check never started")
        process.send_signal(signal.SIGINT)
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=15)  # far less than the 30 s the page takes
    assert process.returncode == 0, stderr.decode()
    assert b"checks abandoned" in stderr
    assert not (tmp_path / "snapshots" / "acme-terms" / "0001.json").exists()


def test_the_outbox_is_drained_at_start_and_then_on_its_interval(tmp_path: Path) -> None:
    """Retries that came due and daily digests go out while `watcher run` runs, from the start."""
    rounds: list[float] = []

    async def deliver() -> None:
        rounds.append(time.monotonic())

    async def go() -> None:
        with closing(open_store(tmp_path / "snaps")) as store:
            settings = Settings(fetch=FetchSettings(retries=0))
            async with HttpFetcher(settings.fetch) as fetcher:
                pipeline = Pipeline(store=store, fetcher=fetcher, settings=settings)
                scheduler = build_scheduler(
                    pipeline, [], store, deliver=deliver, deliver_every_s=0.2
                )
                scheduler.start()
                try:
                    for _ in range(100):
                        if len(rounds) >= 3:
                            break
                        await asyncio.sleep(0.05)
                finally:
                    scheduler.shutdown(wait=False)

    asyncio.run(go())
    assert len(rounds) >= 3

"""The pipeline benchmark: full check passes over local policy pages, timed, counted and checked.

    .venv/bin/python bench/bench_pipeline.py [--pages 1000] [--json] [--profile DIR]
                                             [--concurrency 32] [--workdir DIR]

It starts `bench/server.py` as a separate process (so serving costs nothing here), opens a fresh
snapshots folder and runs `Pipeline.check_all` over every page, pass after pass:

    first sight             every page is new: fetch, extract, store
    unchanged, full body    same bytes again, no validators: extraction must be skipped
    unchanged, ETag primed  ETags switched on; same bytes, validators recorded (not a target)
    unchanged, 304          conditional GETs answered 304 Not Modified
    every page changed      generation 2: fetch, extract, diff, store a new version of each

Each pass must log no failed check; the unchanged passes must make no version and the changed
pass one per page. A wrong count exits 1; a missed speed target is only reported.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import dataclasses
import json
import logging
import re
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from profile_stages import write_report

from watcher.fetch import HttpFetcher
from watcher.pipeline import CheckResult, Pipeline, analysis_pool
from watcher.records import CheckOutcome, DocumentKind, FetchSettings, Settings, Source
from watcher.store import open_store

__all__ = ["PassResult", "main", "run_bench"]

SERVER = Path(__file__).resolve().with_name("server.py")
UNCHANGED_TARGET = 600.0
CHANGED_TARGET = 150.0
RSS_TARGET_MB = 150.0
FETCH_SETTINGS = FetchSettings(concurrency=32, per_host_concurrency=32, retries=0)


@dataclass(frozen=True, slots=True)
class _Plan:
    name: str
    target: float | None
    expect_new: bool
    expect_304: bool = False


@dataclass(frozen=True, slots=True)
class PassResult:
    """One timed pass, with what the pipeline and the server counted during it."""

    name: str
    pages: int
    seconds: float
    new_versions: int
    failed: int
    not_modified: int
    target: float | None
    peak_rss_mb: float
    problems: tuple[str, ...]

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else float("inf")

    @property
    def target_met(self) -> bool | None:
        return None if self.target is None else self.pages_per_s >= self.target


class _PageServer:
    """The page server process; stopped (SIGTERM, then waited for) on leaving the block."""

    def __init__(self, pages: int) -> None:
        self._process = subprocess.Popen(
            [sys.executable, str(SERVER), "--pages", str(pages), "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.strip().isdigit():
            self.close()
            raise RuntimeError(f"bench server did not start (printed {line!r})")
        self.base_url = f"http://127.0.0.1:{int(line)}"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=30)
        if self._process.stdout is not None:
            self._process.stdout.close()

    def call(self, method: str, path: str) -> dict[str, Any]:
        """A control request (blocking; run it in a thread): returns /_stats after it."""
        if method == "POST":
            request = urllib.request.Request(self.base_url + path, method="POST")
            with urllib.request.urlopen(request, timeout=120) as response:
                response.read()
        with urllib.request.urlopen(self.base_url + "/_stats", timeout=30) as response:
            stats: dict[str, Any] = json.load(response)
        return stats


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _sources(base_url: str, pages: int) -> tuple[Source, ...]:
    return tuple(
        Source(
            id=f"bench-{index:04d}",
            vendor=f"Vendor {index}",
            title="Privacy Policy",
            url=f"{base_url}/p/{index}",
            kind=DocumentKind.PRIVACY_POLICY,
        )
        for index in range(pages)
    )


def _problems(plan: _Plan, results: Sequence[CheckResult], not_modified: int) -> list[str]:
    pages = len(results)
    failed = [r.check for r in results if r.check.outcome is CheckOutcome.FAILED]
    problems = [f"{len(failed)} failed checks (first: {failed[0].detail})"] if failed else []
    new = sum(1 for result in results if result.version is not None)
    expected_new = pages if plan.expect_new else 0
    if new != expected_new:
        problems.append(f"{new} new versions, expected {expected_new}")
    if plan.expect_304 and not_modified != pages:
        problems.append(f"server answered {not_modified} of {pages} requests with 304")
    return [f"{plan.name}: {problem}" for problem in problems]


async def _run_pass(
    plan: _Plan,
    pipeline: Pipeline,
    sources: Sequence[Source],
    server: _PageServer,
    profile_dir: Path | None,
) -> PassResult:
    before = await asyncio.to_thread(server.call, "GET", "/_stats")
    profiler = cProfile.Profile() if profile_dir is not None else None
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    results = await pipeline.check_all(sources)
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - started
    after = await asyncio.to_thread(server.call, "GET", "/_stats")
    not_modified = after["not_modified"] - before["not_modified"]
    if profiler is not None and profile_dir is not None:
        stem = profile_dir / re.sub(r"\W+", "-", plan.name)
        stages = write_report(profiler, stem)
        top = ", ".join(f"{stage} {secs:.2f}s" for stage, secs in stages[:6])
        print(f"[profile] {plan.name}: {top}  ({stem}.txt)", file=sys.stderr)
    return PassResult(
        name=plan.name,
        pages=len(results),
        seconds=seconds,
        new_versions=sum(1 for result in results if result.version is not None),
        failed=sum(1 for result in results if result.check.outcome is CheckOutcome.FAILED),
        not_modified=not_modified,
        target=plan.target,
        peak_rss_mb=_peak_rss_mb(),
        problems=tuple(_problems(plan, results, not_modified)),
    )


async def run_bench(
    pages: int,
    workdir: Path,
    fetch: FetchSettings = FETCH_SETTINGS,
    profile_dir: Path | None = None,
) -> list[PassResult]:
    """Run every pass against a fresh snapshots folder under `workdir`; results in pass order."""
    settings = Settings(snapshots=str(workdir), fetch=fetch)
    plans: list[tuple[str | None, _Plan]] = [
        (None, _Plan("first sight", None, expect_new=True)),
        (None, _Plan("unchanged, full body", UNCHANGED_TARGET, expect_new=False)),
        ("/_etag/on", _Plan("unchanged, ETag primed", None, expect_new=False)),
        (None, _Plan("unchanged, 304", UNCHANGED_TARGET, expect_new=False, expect_304=True)),
        ("/_generation/2", _Plan("every page changed", CHANGED_TARGET, expect_new=True)),
    ]
    results: list[PassResult] = []
    with _PageServer(pages) as server, contextlib.closing(open_store(workdir)) as store:
        sources = _sources(server.base_url, pages)
        async with HttpFetcher(settings.fetch) as fetcher:
            # As `watcher check` does for a watch list this long (see `analysis_pool`).
            workers = analysis_pool(len(sources))
            pipeline = Pipeline(store=store, fetcher=fetcher, settings=settings, workers=workers)
            try:
                for control, plan in plans:
                    if control is not None:
                        await asyncio.to_thread(server.call, "POST", control)
                    results.append(await _run_pass(plan, pipeline, sources, server, profile_dir))
            finally:
                if workers is not None:
                    WORKER_RSS_MB.extend(_workers_rss(workers))
                    workers.shutdown()
    return results


WORKER_RSS_MB: list[float] = []
"""Peak RSS of each analysis worker process of the last run."""


def _workers_rss(pool: Executor) -> list[float]:
    count = getattr(pool, "_max_workers", 1)
    return sorted({round(pool.submit(_peak_rss_mb).result(), 1) for _ in range(count * 4)})


def _verdict(met: bool | None) -> str:
    return "" if met is None else ("target met" if met else "MISSED")


def _print_table(results: Sequence[PassResult], fetch: FetchSettings, peak_rss_mb: float) -> None:
    print(f"fetch settings: {fetch}")
    header = f"{'pass':<24} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'new':>6} {'failed':>6}"
    print(header + f" {'304s':>6} {'RSS MB':>7}  target")
    for r in results:
        target = "" if r.target is None else f">= {r.target:.0f}/s  {_verdict(r.target_met)}"
        print(
            f"{r.name:<24} {r.pages:>6} {r.seconds:>8.2f} {r.pages_per_s:>8.0f} "
            f"{r.new_versions:>6} {r.failed:>6} {r.not_modified:>6} {r.peak_rss_mb:>7.1f}  {target}"
        )
    rss_met = peak_rss_mb <= RSS_TARGET_MB
    print(f"peak RSS: {peak_rss_mb:.1f} MB (target <= {RSS_TARGET_MB:.0f} MB: {_verdict(rss_met)})")
    if WORKER_RSS_MB:
        print(f"analysis worker processes, peak RSS: {', '.join(f'{m} MB' for m in WORKER_RSS_MB)}")
    problems = [problem for r in results for problem in r.problems]
    print("correctness: " + ("ok" if not problems else "FAILED"))
    for problem in problems:
        print(f"  - {problem}")


def _as_json(results: Sequence[PassResult], fetch: FetchSettings, peak_rss_mb: float) -> str:
    passes = [
        dataclasses.asdict(r) | {"pages_per_s": r.pages_per_s, "target_met": r.target_met}
        for r in results
    ]
    problems = [problem for r in results for problem in r.problems]
    return json.dumps(
        {
            "fetch_settings": dataclasses.asdict(fetch),
            "passes": passes,
            "peak_rss_mb": peak_rss_mb,
            "rss_target_mb": RSS_TARGET_MB,
            "rss_target_met": peak_rss_mb <= RSS_TARGET_MB,
            "correct": not problems,
            "problems": problems,
        },
        indent=2,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time full check passes of the pipeline.")
    parser.add_argument("--pages", type=int, default=1000, help="pages to serve (default 1000)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="write cProfile stats here")
    parser.add_argument("--workdir", type=Path, help="parent of the temporary snapshots folder")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=FETCH_SETTINGS.concurrency,
        help=f"requests in flight, all to one host (default {FETCH_SETTINGS.concurrency})",
    )
    args = parser.parse_args(argv)
    if args.pages < 1 or args.concurrency < 1:
        parser.error("--pages and --concurrency must be at least 1")
    fetch = dataclasses.replace(
        FETCH_SETTINGS, concurrency=args.concurrency, per_host_concurrency=args.concurrency
    )
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="watcher-bench-", dir=args.workdir) as workdir:
        results = asyncio.run(run_bench(args.pages, Path(workdir), fetch, args.profile))
    peak = _peak_rss_mb()
    if args.json:
        print(_as_json(results, fetch, peak))
    else:
        _print_table(results, fetch, peak)
        if args.profile is not None:
            print(f"profiles (timings above are inflated by profiling): {args.profile}/")
    return 1 if any(r.problems for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

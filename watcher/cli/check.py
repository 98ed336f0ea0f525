"""`watcher check` (one pass), `watcher accept` (keep a shrunken page) and `watcher run`."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Executor
from contextlib import closing
from datetime import UTC, datetime

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from watcher.cli.common import (
    Paths,
    paths_options,
    select_sources,
    stderr_console,
    stdout_console,
)
from watcher.cli.findings import topic_list
from watcher.cli.report import alerts_line, change_line, print_pass_summary
from watcher.config import Config
from watcher.fetch import HttpFetcher
from watcher.pipeline import CheckResult, Pipeline, analysis_pool
from watcher.pipeline.alerts import deliver_alerts, queue_alerts, sweep_alerts
from watcher.publish.dispatch import DispatchReport
from watcher.records import CheckOutcome, Source
from watcher.scheduler import build_scheduler, run_until_stopped
from watcher.store import Store


def change_json(result: CheckResult) -> str:
    """One `--json` line (DESIGN.md); `verdict` is null only if the analysis failed."""
    assert result.version is not None
    verdict = result.verdict
    return json.dumps(
        {
            "source": result.source.id,
            "url": result.source.url,
            "verdict": verdict.value if verdict is not None else None,
            "topics": topic_list(result.topics),
            "version": result.version.number,
            "summary": result.version.summary,
        },
        ensure_ascii=False,
    )


def _json_reporter(broken_after: int) -> Callable[[CheckResult], None]:
    """Each change as a JSON line as soon as it is stored, so an interrupted pass never hides
    one; failures go to stderr, so a cron job reading the JSON still hears of a broken source."""
    errors = stderr_console()

    def report(result: CheckResult) -> None:
        if result.is_change:
            click.echo(change_json(result))
            sys.stdout.flush()
        elif result.check.outcome is CheckOutcome.FAILED:
            errors.print(change_line(result, broken_after) or "")

    return report


async def _check_pass(
    config: Config,
    store: Store,
    sources: Sequence[Source],
    *,
    show_progress: bool,
    on_result: Callable[[CheckResult], None] | None = None,
) -> tuple[CheckResult, ...]:
    async with HttpFetcher(config.settings.fetch) as fetcher, _workers(len(sources)) as workers:
        pipeline = Pipeline(store=store, fetcher=fetcher, settings=config.settings, workers=workers)
        if not show_progress:
            return await pipeline.check_all(sources, on_result=on_result)
        columns = (
            TextColumn("checking"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
        )
        with Progress(*columns, console=stderr_console(), transient=True) as progress:
            task = progress.add_task("", total=len(sources))

            def advance(result: CheckResult) -> None:
                progress.update(task, advance=1, description=result.source.id)
                if on_result is not None:
                    on_result(result)

            return await pipeline.check_all(sources, on_result=advance)


@contextlib.asynccontextmanager
async def _workers(sources: int) -> AsyncIterator[Executor | None]:
    """Analysis worker processes for a long watch list (see `analysis_pool`), shut down after."""
    pool = analysis_pool(sources)
    try:
        yield pool
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


@click.command()
@paths_options
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Check only this source.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per change found.")
@click.option("--progress/--no-progress", default=None, help="Progress bar [default: on a TTY].")
def check(paths: Paths, source_ids: tuple[str, ...], as_json: bool, progress: bool | None) -> None:
    """Check every source once, keep new versions, and report what changed."""
    config = paths.load_config()
    show_progress = sys.stderr.isatty() if progress is None else progress
    _report_pass(paths, config, source_ids, as_json=as_json, show_progress=show_progress)


@click.command()
@paths_options
@click.argument("source_ids", metavar="SOURCE...", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per change found.")
def accept(paths: Paths, source_ids: tuple[str, ...], as_json: bool) -> None:
    """Check these sources and keep what they say now, even if most of the text is gone.

    A page whose text shrank to less than `min_text_ratio` of its last version is normally a
    failed check (a broken layout, not a policy). When you have looked and the vendor really cut
    the page, this stores it as a new version, so the cut is on record.
    """
    config = paths.load_config()
    trusting = dataclasses.replace(
        config, settings=dataclasses.replace(config.settings, min_text_ratio=0.0)
    )
    _report_pass(paths, trusting, source_ids, as_json=as_json, show_progress=False)


def _report_pass(
    paths: Paths,
    config: Config,
    source_ids: tuple[str, ...],
    *,
    as_json: bool,
    show_progress: bool,
) -> None:
    """One pass over the named sources (all when none), reported as JSON lines or a summary."""
    sources = select_sources(config, source_ids)
    reporter = _json_reporter(config.settings.broken_after) if as_json else None

    async def main(store: Store) -> tuple[tuple[CheckResult, ...], DispatchReport | None]:
        sweep_alerts(store, config.sources, config.notifications, now=datetime.now(UTC))
        on_result = _alerting(store, config, reporter)
        results = await _check_pass(
            config, store, sources, show_progress=show_progress, on_result=on_result
        )
        if not config.notifications.channels:
            return results, None
        sent = await deliver_alerts(store, config.sources, config.notifications, env=os.environ)
        return results, sent

    with closing(paths.open_store(config)) as store:
        results, delivered = asyncio.run(main(store))
    if not as_json:
        print_pass_summary(results, config.settings.broken_after)
    if delivered is not None:
        console = stderr_console() if as_json else stdout_console()
        if not delivered.is_empty:
            console.print(alerts_line(delivered))
        for line in delivered.waiting:  # a set-up step to do; the check itself went fine
            console.print(f"[yellow]alerts:[/] {escape(line)}")


def _alerting(
    store: Store, config: Config, then: Callable[[CheckResult], None] | None
) -> Callable[[CheckResult], None]:
    """A result callback that queues each change's alerts the moment it is stored (and marks
    the change queued even when no channel takes it), then calls `then`."""

    def on_result(result: CheckResult) -> None:
        queue_alerts(store, result, config.notifications, now=datetime.now(UTC))
        if then is not None:
            then(result)

    return on_result


@click.command()
@paths_options
@click.option(
    "--source", "source_ids", multiple=True, metavar="ID", help="Schedule only this source."
)
def run(paths: Paths, source_ids: tuple[str, ...]) -> None:
    """Check each source on its own interval until interrupted (Ctrl-C or SIGTERM)."""
    config = paths.load_config()
    sources = select_sources(config, source_ids)
    console = stdout_console()

    def report(result: CheckResult) -> None:
        line = change_line(result, config.settings.broken_after)
        if line:
            console.print(line)

    async def deliver(store: Store) -> None:
        sweep_alerts(store, config.sources, config.notifications, now=datetime.now(UTC))
        delivered = await deliver_alerts(
            store, config.sources, config.notifications, env=os.environ
        )
        if not delivered.is_empty:
            console.print(alerts_line(delivered))
        for line in delivered.waiting:
            console.print(f"[yellow]alerts:[/] {escape(line)}")

    async def main() -> None:
        with closing(paths.open_store(config)) as store:
            store.sync_sources(sources)
            sweep_alerts(store, config.sources, config.notifications, now=datetime.now(UTC))
            async with (
                HttpFetcher(config.settings.fetch) as fetcher,
                _workers(len(sources)) as workers,
            ):
                pipeline = Pipeline(
                    store=store, fetcher=fetcher, settings=config.settings, workers=workers
                )
                running: set[asyncio.Task[None]] = set()
                scheduler = build_scheduler(
                    pipeline,
                    sources,
                    store,
                    on_result=_alerting(store, config, report),
                    running=running,
                    deliver=(lambda: deliver(store)) if config.notifications.channels else None,
                )
                count = f"{len(sources)} source" + ("" if len(sources) == 1 else "s")
                folder = paths.snapshots_dir(config)
                console.print(f"watching {count}; snapshots in {folder}; Ctrl-C to stop")
                await run_until_stopped(scheduler, running)

    asyncio.run(main())

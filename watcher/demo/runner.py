"""`watcher demo`: replay the bundled demo site's versions through the real pipeline, offline.

The demo serves its pages on 127.0.0.1, moves the site forward one version step at a time and
runs a full check pass after each, with a clock that advances five weeks per step so the
history reads like the real story it replays. Everything lands in an ordinary snapshots folder,
so every other command (`history`, `show`, `status`) works on it afterwards, and a
`sources.yaml` naming the demo sources is written beside it so their names show.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.text import Text

from watcher.demo.alerts import DemoAlerts
from watcher.demo.receiver import AlertReceiver
from watcher.demo.server import DemoServer
from watcher.demo.site import DemoSite, load_site
from watcher.diff import render_terminal, terminal_safe
from watcher.fetch import HttpFetcher
from watcher.pipeline import CheckResult, Pipeline
from watcher.records import CheckOutcome, FetchSettings, Settings, Source, Topic, Verdict
from watcher.store import open_store

__all__ = ["DemoClock", "DemoSummary", "run_demo"]

DEMO_START = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)
STEP = timedelta(days=35)

_VERDICT_STYLES = {Verdict.WEAKENED: "bold red", Verdict.STRENGTHENED: "bold green"}
"""The verdicts a reader of the demo should not miss; the others are shown plain. (The CLI's
fuller `VERDICT_STYLES` sits in a layer above the demo, out of its reach.)"""


class DemoClock:
    """A clock that stands still within a step and jumps forward between steps."""

    def __init__(self, start: datetime = DEMO_START) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, by: timedelta = STEP) -> None:
        self.current += by


@dataclass(frozen=True, slots=True)
class DemoSummary:
    config: Path
    snapshots: Path
    source_ids: tuple[str, ...]
    steps: int
    versions: int
    failed_checks: int


def run_demo(folder: Path, console: Console) -> DemoSummary:
    """Run every step of the demo site into `folder` and print what each pass found."""
    return asyncio.run(_run(load_site(), folder, console))


async def _run(site: DemoSite, folder: Path, console: Console) -> DemoSummary:
    snapshots = folder / "snapshots"
    clock = DemoClock()
    settings = Settings(snapshots=str(snapshots), fetch=FetchSettings(retries=0, timeout_s=10))
    versions = failed = 0
    with (
        DemoServer(site) as server,
        AlertReceiver() as receiver,
        closing(open_store(snapshots)) as store,
    ):
        alerts = DemoAlerts(receiver)
        sources = site.sources(server.base_url)
        config = _write_config(folder / "sources.yaml", sources)
        pages = {page.source_id: page for page in site.pages}
        async with HttpFetcher(settings.fetch, clock=clock) as fetcher:
            pipeline = Pipeline(store=store, fetcher=fetcher, settings=settings, now=clock)
            for step in range(1, site.step_count + 1):
                server.step = step
                console.rule(f"step {step} of {site.step_count} · {clock():%d %b %Y}")
                results = await pipeline.check_all(sources)
                for result in results:
                    _print_result(console, result, pages[result.source.id].steps[step - 1].note)
                alerts.queue(store, results, clock())
                await alerts.deliver(store, sources, console, clock)
                versions += sum(1 for r in results if r.version is not None)
                failed += sum(1 for r in results if r.check.outcome is CheckOutcome.FAILED)
                clock.advance()
        console.rule("history")
        for source in sources:
            console.print(f"[bold]{escape(source.name)}[/] ({source.id})")
            for version in store.versions(source.id):
                captured = f"{version.captured_at:%Y-%m-%d}"
                verdict = _verdict(version.verdict, version.topics)
                summary = escape(version.summary)
                console.print(f"  v{version.number}  {captured}  {verdict}{summary}")
        feed = folder / "feed.atom"
        entries = alerts.write_feed(store, sources, feed)
        console.print(f"feed: {feed} ({entries} entries; open it in any feed reader)")
    ids = tuple(source.id for source in sources)
    return DemoSummary(config, snapshots, ids, site.step_count, versions, failed)


def _write_config(path: Path, sources: Sequence[Source]) -> Path:
    """A sources.yaml for the demo sources, so `status` and `history` can name them later."""
    entries = [
        {
            "id": s.id,
            "vendor": s.vendor,
            "title": s.title,
            "url": s.url,
            "kind": s.kind.value,
            "ignore": list(s.ignore),
            "tags": list(s.tags),
        }
        for s in sources
    ]
    header = "# Written by `watcher demo`: the demo server is gone, so `check` will fail here.\n"
    body = yaml.safe_dump({"snapshots": "snapshots", "sources": entries}, sort_keys=False)
    path.write_text(header + body, encoding="utf-8")
    return path


def _print_result(console: Console, result: CheckResult, note: str) -> None:
    outcome, sid = result.check.outcome, escape(result.source.id)
    scenario = f"[dim](scenario: {escape(note)})[/]"
    if outcome is CheckOutcome.UNCHANGED:
        console.print(f"[green]= {sid}[/] no text change {scenario}")
    elif outcome is CheckOutcome.FIRST_VERSION:
        console.print(f"[cyan]+ {sid}[/] first version stored {scenario}")
    elif outcome is CheckOutcome.FAILED:
        console.print(f"[red]! {sid}[/] check failed: {escape(result.check.detail)}")
    elif result.version is not None and result.diff is not None:
        summary = escape(result.version.summary)
        verdict = _verdict(result.verdict, result.topics)
        console.print(f"[yellow]~ {sid}[/] v{result.version.number}: {verdict}{summary} {scenario}")
        for finding in result.findings:
            label = _verdict(finding.verdict, finding.topics).removesuffix(" · ")
            console.print(f"    {label}: {escape(terminal_safe(finding.explanation))}")
        rendered = render_terminal(result.diff, context=0, color=console.is_terminal)
        if console.is_terminal:  # wrapped lines keep their indent
            console.print(Padding(Text.from_ansi(rendered), (0, 0, 0, 4)))
        else:  # piped: whole lines, never cropped to a width
            console.print(Text("\n".join("    " + line for line in rendered.splitlines())))


def _verdict(verdict: Verdict | None, topics: frozenset[Topic]) -> str:
    """ "weakened (ai_training) · " as rich markup, to go before a summary; empty for none."""
    if verdict is None:
        return ""
    style = _VERDICT_STYLES.get(verdict, "bold")
    names = ", ".join(sorted(topic.value for topic in topics))
    return f"[{style}]{verdict.value}[/]" + (f" ({names})" if names else "") + " · "

"""Reading the store: `watcher status`, `history`, `show`, `reread` and `reindex`."""

from __future__ import annotations

import sys
from contextlib import closing
from datetime import UTC, datetime

import click
from rich.markup import escape
from rich.table import Table

from watcher.cli.common import (
    Paths,
    paths_options,
    plural,
    select_sources,
    source_label,
    stdout_console,
    when,
)
from watcher.cli.findings import render_findings, verdict_markup
from watcher.diff import diff_texts, render_terminal, terminal_safe
from watcher.errors import WatcherError
from watcher.extract import reader_fingerprint
from watcher.pipeline import reread_version
from watcher.records import CheckOutcome, SourceState, Version


@click.command()
@paths_options
def status(paths: Paths) -> None:
    """One line per source: last check, its outcome, versions kept, and broken sources marked.

    With a config and no snapshots yet, it lists the sources as not checked: a way to check a
    new sources.yaml without fetching anything.
    """
    config = paths.optional_config()
    broken_after = config.settings.broken_after if config else 3
    new_config = config is not None and paths.snapshots is None and not paths.has_store(config)
    store = None if new_config else paths.read_store(config)
    try:
        ids = tuple(s.id for s in config.sources) if config else ()
        if store is not None:
            ids += tuple(sid for sid in store.source_ids() if sid not in ids)
        states = [store.state(sid) if store else SourceState(source_id=sid) for sid in ids]
    finally:
        if store is not None:
            store.close()
    table = Table(box=None)
    table.add_column("source", no_wrap=True)
    table.add_column("versions", justify="right")
    table.add_column("last check", no_wrap=True)
    table.add_column("outcome", no_wrap=True)
    table.add_column("document / last failure", ratio=1)
    broken = 0
    for state in states:
        label = escape(source_label(state.source_id, config))
        outcome = state.last_outcome.value if state.last_outcome else "not checked"
        if state.last_outcome is CheckOutcome.FAILED:
            outcome = "[red]failed[/]"
            label = f"{label}\n[red]{escape(state.last_detail)}[/]"
        if state.is_broken(broken_after):
            broken += 1
            outcome = f"[bold red]BROKEN[/] ({state.consecutive_failures}×)"  # noqa: RUF001
        versions = str(state.last_version or 0)
        table.add_row(state.source_id, versions, when(state.last_checked_at), outcome, label)
    console = stdout_console()
    console.print(table)
    console.print(f"{plural(len(states), 'source')}, {broken} broken")


@click.command()
@paths_options
@click.argument("source_id", metavar="SOURCE")
@click.option(
    "--checks",
    "show_checks",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Also list the last N check attempts.",
)
def history(paths: Paths, source_id: str, show_checks: int) -> None:
    """Every version of a source, oldest first, with what changed in each and its verdict."""
    config = paths.optional_config()
    console = stdout_console()
    with closing(paths.read_store(config)) as store:
        versions = store.versions(source_id)
        if not versions and not (show_checks and store.checks(source_id, limit=1)):
            store.version(source_id)  # raises NotFoundError with the store's own message
        console.print(f"[bold]{escape(source_label(source_id, config))}[/] ({source_id})")
        table = Table("version", "captured", "text sha256", "verdict", "what changed", box=None)
        for version in versions:
            mark = " [dim](technical)[/]" if version.technical else ""
            table.add_row(
                f"v{version.number}",
                when(version.captured_at),
                version.text_sha256[:12],
                _verdict_cell(version),
                escape(version.summary) + mark,
            )
        console.print(table)
        if show_checks:
            checks = Table("checked", "outcome", "status", "detail", box=None)
            for item in store.checks(source_id, limit=show_checks):
                checks.add_row(
                    when(item.checked_at),
                    item.outcome.value,
                    str(item.status or ""),
                    escape(item.detail),
                )
            console.print(checks)


def _verdict_cell(version: Version) -> str:
    """The verdict and topics; blank where there is nothing to judge (a first or technical
    version), "not analysed" for a change stored before the analysis existed or when it failed."""
    if version.verdict is not None:
        return verdict_markup(version.verdict, version.topics)
    if version.number == 1 or version.technical:
        return ""
    return "[dim]not analysed[/]"


@click.command()
@paths_options
@click.argument("source_id", metavar="SOURCE")
@click.argument("number", metavar="[VERSION]", type=int, required=False)
@click.option("--raw", is_flag=True, help="Write the raw response body as fetched, nothing else.")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Show the findings and the diff against the version before.",
)
def show(paths: Paths, source_id: str, number: int | None, raw: bool, show_diff: bool) -> None:
    """A version's text (the latest by default) and its evidence: when, where from, hashes,
    and the verdict on what changed."""
    with closing(paths.read_store()) as store:
        version = store.version(source_id, number)
        if raw:
            sys.stdout.buffer.write(store.read_raw(version))
            return
        console = stdout_console()
        console.print(
            f"[bold]{escape(terminal_safe(version.title))}[/]\n"
            f"source {source_id}  version {version.number}  captured {when(version.captured_at)}\n"
            f"url {escape(terminal_safe(version.final_url))}  status {version.status}\n"
            f"text sha256 {version.text_sha256}\nraw sha256  {version.raw_sha256}\n",
            soft_wrap=True,
        )
        if version.technical:
            console.print("technical version: re-read with new settings, not a vendor change")
        elif version.verdict is not None:
            console.print(f"verdict {verdict_markup(version.verdict, version.topics)}\n")
        text = store.read_text(version)
        if show_diff and version.number == 1:
            console.print("[dim](version 1 is the first: nothing to compare it with)[/]")
        if show_diff and version.number > 1:
            analysis = store.analysis(version)
            color = console.is_terminal
            if analysis is not None and analysis.findings:
                sys.stdout.write(render_findings(analysis.findings, color=color) + "\n\n")
            previous = store.read_text(store.version(source_id, version.number - 1))
            sys.stdout.write(render_terminal(diff_texts(previous, text), color=color))
            sys.stdout.write("\n")
        else:
            sys.stdout.write(terminal_safe(text))


@click.command()
@paths_options
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only this source.")
def reread(paths: Paths, source_ids: tuple[str, ...]) -> None:
    """Re-read stored pages after changing select/remove/ignore: technical versions, no alerts.

    Checks do this by themselves when a page next changes; this applies new settings now.
    """
    config = paths.load_config()
    console = stdout_console()
    problems = done = 0
    with closing(paths.read_store(config)) as store:
        for source in select_sources(config, source_ids):
            state = store.state(source.id)
            if state.last_version is None or state.reader == reader_fingerprint(source):
                continue
            done += 1
            latest = store.version(source.id)
            try:
                result = reread_version(store, source, latest, now=datetime.now(UTC))
            except WatcherError as error:
                problems += 1
                console.print(f"[red]! {source.id}[/]: cannot re-read v{latest.number}: {error}")
                continue
            if not result.readable:
                problems += 1
                console.print(
                    f"[red]! {source.id}[/]: the new settings find no text in v{latest.number}; "
                    "check its select/remove (the next check will keep the page it finds as a "
                    "new baseline)"
                )
            elif result.version is None:
                console.print(f"= {source.id}: same text with the new settings")
            else:
                made = result.version
                console.print(f"· {source.id}: v{made.number} {escape(made.summary)}")
    if not done:
        console.print("nothing to re-read: every stored page was read with the current settings")
    if problems:
        sys.exit(1)


@click.command()
@paths_options
def reindex(paths: Paths) -> None:
    """Rebuild the SQLite index from the snapshot files (after a crash, a copy or a restore)."""
    with closing(paths.read_store()) as store:
        count = store.reindex()
    click.echo(f"index rebuilt: {count} versions")

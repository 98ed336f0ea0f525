"""`watcher demo`: the whole pipeline on the bundled demo site, no network needed."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from watcher.cli.common import stdout_console
from watcher.demo.runner import run_demo


@click.command()
@click.option(
    "--snapshots",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to keep the demo's snapshots [default: a new temporary folder].",
)
def demo(snapshots: Path | None) -> None:
    """Replay the demo vendors' page versions through fetch, extract, store and diff."""
    if snapshots is None:
        snapshots = Path(tempfile.mkdtemp(prefix="policy-watcher-demo-"))
    console = stdout_console()
    summary = run_demo(snapshots, console)
    first = summary.source_ids[0]
    console.rule("what next")
    console.print(
        f"{summary.steps} steps, {summary.versions} versions stored, "
        f"{summary.failed_checks} failed checks; snapshots in {snapshots}\n"
        "Try:\n"
        f"  watcher status --snapshots {snapshots}\n"
        f"  watcher history {first} --snapshots {snapshots}\n"
        f"  watcher show {first} 2 --diff --snapshots {snapshots}\n"
        "  watcher check            # your own sources.yaml, against the real vendors",
        soft_wrap=True,
    )

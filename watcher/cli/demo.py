"""`watcher demo`: the whole pipeline on the bundled demo site, no network needed."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from watcher.cli.common import stdout_console
from watcher.demo.runner import run_demo
from watcher.errors import InputError


@click.command()
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to keep the demo's sources.yaml and snapshots [default: a new temporary folder].",
)
def demo(folder: Path | None) -> None:
    """Replay the demo vendors' page versions through fetch, extract, store and diff."""
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="policy-watcher-demo-"))
    elif folder.exists() and any(folder.iterdir()):
        raise InputError(f"{folder}: not empty; the demo needs a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    console = stdout_console()
    summary = run_demo(folder, console)
    first, prog, config = summary.source_ids[0], _program(), summary.config
    console.rule("what next")
    console.print(
        f"{summary.steps} steps, {summary.versions} versions stored, "
        f"{summary.failed_checks} failed checks; snapshots in {summary.snapshots}\n"
        "Try:\n"
        f"  {prog} status --config {config}\n"
        f"  {prog} history {first} --config {config}\n"
        f"  {prog} show {first} 2 --diff --config {config}\n"
        f"  {prog} check            # your own sources.yaml, against the real vendors",
        soft_wrap=True,
    )


def _program() -> str:
    """How to call `watcher` again: its plain name when it is on PATH, else its path."""
    if shutil.which("watcher"):
        return "watcher"
    path = Path(sys.argv[0])
    return os.path.relpath(path) if path.name == "watcher" else "python -m watcher"

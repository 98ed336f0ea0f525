"""`watcher diff OLD NEW`: a word-level diff of two local files, read as pages are read."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from watcher.diff import diff_texts, render_terminal, summarize
from watcher.extract import read_document


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--context",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Unchanged blocks shown around a change.",
)
@click.option("--color/--no-color", default=None, help="Colour output [default: on a terminal].")
def diff(old: Path, new: Path, context: int, color: bool | None) -> None:
    """Compare two documents (.html, .htm, .md, .txt): moved, reworded, added and removed text."""
    text_diff = diff_texts(read_document(old), read_document(new))
    use_color = sys.stdout.isatty() if color is None else color
    if text_diff.is_unchanged:
        click.echo("no text changes")
        return
    click.echo(render_terminal(text_diff, context=context, color=use_color), color=use_color)
    click.echo(summarize(text_diff))

"""`watcher diff OLD NEW`: what changed between two local files and what it means, read as pages
are read."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from watcher.analyze import analyze_texts
from watcher.cli.findings import VERDICT_STYLES, diff_json, render_findings
from watcher.diff import diff_texts, render_terminal, summarize
from watcher.extract import read_document
from watcher.records import Verdict


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: verdict and changes.")
@click.option(
    "--blocks", is_flag=True, help="Also show the block-by-block diff after the findings."
)
@click.option(
    "--context",
    type=click.IntRange(min=0),
    default=None,
    help="Unchanged blocks around a change in the block diff (implies --blocks) [default: 1].",
)
@click.option("--color/--no-color", default=None, help="Colour output [default: on a terminal].")
def diff(
    old: Path, new: Path, as_json: bool, blocks: bool, context: int | None, color: bool | None
) -> None:
    """Compare two documents (.html, .htm, .md, .txt): each changed clause with its verdict
    (weakened, strengthened, clarified, neutral, cosmetic), topics and why; moved, reworded,
    added and removed text marked word by word."""
    old_text, new_text = read_document(old), read_document(new)
    analysis = analyze_texts(old_text, new_text) if old_text != new_text else None
    if as_json:
        if analysis is None:
            click.echo(diff_json(Verdict.UNCHANGED, ()))
        else:
            click.echo(diff_json(analysis.verdict, analysis.findings))
        return
    if analysis is None:
        click.echo("no text changes")
        return
    use_color = sys.stdout.isatty() if color is None else color
    text_diff = diff_texts(old_text, new_text)
    parts = []
    if analysis.findings:
        parts.append(render_findings(analysis.findings, color=use_color))
    if blocks or context is not None or not analysis.findings:
        context = 1 if context is None else context
        parts.append(render_terminal(text_diff, context=context, color=use_color))
    verdict = analysis.verdict.value
    if use_color:
        verdict = f"\x1b[{VERDICT_STYLES[analysis.verdict][1]}m{verdict}\x1b[0m"
    parts.append(f"overall: {verdict} · {summarize(text_diff)}")
    click.echo("\n\n".join(parts), color=use_color)

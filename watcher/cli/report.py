"""How check results read on a terminal: one line per change or failure, a summary per pass."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from watcher.cli.common import stdout_console
from watcher.cli.findings import verdict_markup
from watcher.pipeline import CheckResult
from watcher.publish.dispatch import DispatchReport
from watcher.records import CheckOutcome


def change_line(result: CheckResult, broken_after: int) -> str | None:
    """A rich-markup line for a result worth telling about, or None for a quiet unchanged check."""
    sid = escape(result.source.id)
    lines = []
    if result.reread is not None:
        lines.append(
            f"[blue]· {sid}[/] reading settings changed: stored pages re-read as technical "
            f"version v{result.reread.number} (not a policy change)"
        )
    line = _outcome_line(result, broken_after)
    if line:
        lines.append(line)
    return "\n".join(lines) or None


def _outcome_line(result: CheckResult, broken_after: int) -> str | None:
    check, sid = result.check, escape(result.source.id)
    if check.outcome is CheckOutcome.FIRST_VERSION:
        return f"[cyan]+ {sid}[/] first version stored (v{check.version})"
    if check.outcome is CheckOutcome.NEW_VERSION and result.version is not None:
        verdict = verdict_markup(result.verdict, result.topics)
        label = f" {verdict}" if verdict else ""
        return f"[yellow]~ {sid}[/] v{check.version}{label}: {escape(result.version.summary)}"
    if check.outcome is CheckOutcome.FAILED:
        broken = result.state.is_broken(broken_after)
        mark = "[bold red]BROKEN[/] " if broken else ""
        return f"[red]! {sid}[/] {mark}check failed: {escape(check.detail)}"
    return None


def print_pass_summary(
    results: Sequence[CheckResult], broken_after: int, console: Console | None = None
) -> None:
    """Every change and failure of a pass, then the counts."""
    console = console or stdout_console()
    for result in results:
        line = change_line(result, broken_after)
        if line:
            console.print(line)
    counts = Counter(result.check.outcome for result in results)
    broken = sum(1 for r in results if r.state.is_broken(broken_after))
    parts = [
        f"{len(results)} checked",
        f"{counts[CheckOutcome.NEW_VERSION]} changed",
        f"{counts[CheckOutcome.FIRST_VERSION]} new",
        f"{counts[CheckOutcome.UNCHANGED]} unchanged",
        f"{counts[CheckOutcome.FAILED]} failed",
    ]
    if broken:
        parts.append(f"[bold red]{broken} broken[/]")
    console.print(", ".join(parts))


def alerts_line(report: DispatchReport) -> str:
    """One line on the alerts a pass sent: "alerts: 2 sent, 1 to retry, 0 failed"."""
    parts = [f"{len(report.sent)} sent"]
    if report.retried:
        parts.append(f"{len(report.retried)} to retry (see `watcher alerts`)")
    if report.failed:
        parts.append(f"{len(report.failed)} failed (see `watcher alerts`)")
    return "alerts: " + ", ".join(parts)

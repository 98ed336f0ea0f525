"""`watcher alerts` (the outbox: what is waiting, what failed), `alerts retry`, `alerts send`, and
`watcher test-alert CHANNEL`, which sends a sample alert so a user can check a channel's set-up.

Nothing here prints a secret: deliveries hold a change key and a channel name, and every error
shown was worded by the notifiers without the URL or password it came from.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from contextlib import closing
from datetime import UTC, datetime

import click
from rich.markup import escape
from rich.table import Table

from watcher.cli.common import Paths, paths_options, plural, stdout_console, when
from watcher.config import Config
from watcher.errors import ConfigError, WatcherError
from watcher.pipeline.alerts import deliver_alerts
from watcher.publish import dispatch as dispatch_module
from watcher.publish.dispatch import DispatchReport, build_notifiers
from watcher.publish.notifiers import DeliveryError, MessageContext
from watcher.records import (
    Change,
    Channel,
    DeliveryState,
    Finding,
    Source,
    StoredAnalysis,
    Topic,
    Verdict,
    Version,
)

__all__ = ["alerts", "sample_change", "test_alert"]

_WAITING = (DeliveryState.PENDING, DeliveryState.SENDING, DeliveryState.FAILED)
_STATE_STYLE = {
    DeliveryState.PENDING: "yellow",
    DeliveryState.SENDING: "blue",
    DeliveryState.FAILED: "red",
}


def _merged(ctx: click.Context, paths: Paths) -> Paths:
    """A subcommand's --config/--snapshots, else those given to `watcher alerts` itself."""
    parent = ctx.find_object(Paths)
    if parent is None:
        return paths
    return Paths(
        config=paths.config if paths.config_given else parent.config,
        snapshots=paths.snapshots if paths.snapshots is not None else parent.snapshots,
        config_given=paths.config_given or parent.config_given,
    )


@click.group(invoke_without_command=True)
@paths_options
@click.pass_context
def alerts(ctx: click.Context, paths: Paths) -> None:
    """The alert outbox: deliveries pending, being sent, or failed.

    Each (change, channel) delivery is kept until the channel acknowledged it; failed ones
    stay until `watcher alerts retry`.
    """
    ctx.obj = paths
    if ctx.invoked_subcommand is not None:
        return
    with closing(paths.read_store()) as store:
        deliveries = store.deliveries(_WAITING)
        ever_queued = bool(deliveries) or bool(store.deliveries((DeliveryState.SENT,)))
    console = stdout_console()
    if not deliveries:
        if ever_queued:
            console.print("No alerts waiting: every queued alert was sent.")
        else:
            console.print("No alerts queued." + _no_channels_hint(paths))
        return
    table = Table(box=None)
    for column in ("change", "channel", "state", "attempts", "next attempt"):
        table.add_column(column, no_wrap=True)
    table.add_column("last error", ratio=1)
    for d in deliveries:
        state = f"[{_STATE_STYLE[d.state]}]{d.state.value}[/]"
        digest = " (digest)" if d.digest else ""
        next_at = "—" if d.state is DeliveryState.FAILED else when(d.next_attempt_at)
        table.add_row(
            escape(d.change_key),
            escape(d.channel) + digest,
            state,
            str(d.attempts),
            next_at,
            escape(d.last_error),
        )
    console.print(table)
    failed = sum(1 for d in deliveries if d.state is DeliveryState.FAILED)
    summary = f"{plural(len(deliveries) - failed, 'alert')} waiting, {failed} failed"
    if failed:
        summary += " (`watcher alerts retry` queues failed ones again)"
    console.print(summary)


def _no_channels_hint(paths: Paths) -> str:
    """A hint when the config sends alerts nowhere; nothing if it cannot be read here."""
    try:
        config = paths.optional_config()
    except WatcherError:
        return ""
    if config is None or config.notifications.channels:
        return ""
    return " The config has no channels under notifications, so none will be."


@alerts.command()
@paths_options
@click.pass_context
def retry(ctx: click.Context, paths: Paths) -> None:
    """Queue failed deliveries again, due now, with a fresh count of attempts."""
    with closing(_merged(ctx, paths).read_store()) as store:
        count = store.retry_failed(datetime.now(UTC))
    message = f"{plural(count, 'failed alert')} queued again"
    if count:
        message += "; they go out with the next check or delivery round, or `watcher alerts send`"
    stdout_console().print(message)


@alerts.command()
@paths_options
@click.pass_context
def send(ctx: click.Context, paths: Paths) -> None:
    """Send the alerts that are due now, through the configured channels.

    Exit 0 when every due alert went out, 1 when some were put back for a retry or failed.
    """
    paths = _merged(ctx, paths)
    config = paths.load_config()
    dispatch_log = logging.getLogger(dispatch_module.__name__)
    level = dispatch_log.level
    dispatch_log.setLevel(logging.ERROR)  # each outcome is printed below; no second copy
    try:
        with closing(paths.read_store(config)) as store:
            report = asyncio.run(
                deliver_alerts(store, config.sources, config.notifications, env=os.environ)
            )
    finally:
        dispatch_log.setLevel(level)
    _print_report(report)
    if report.retried or report.failed:
        sys.exit(1)


def _print_report(report: DispatchReport) -> None:
    console = stdout_console()
    for outcome in report.sent:
        console.print(f"[green]✓[/] {escape(outcome.key)} sent")
    for outcome in report.retried:
        again = when(outcome.next_attempt_at)
        console.print(f"[yellow]↻[/] {escape(outcome.key)}: {escape(outcome.error)}; again {again}")
    for outcome in report.failed:
        console.print(f"[red]✗[/] {escape(outcome.key)} failed: {escape(outcome.error)}")
    parts = (
        f"{len(report.sent)} sent",
        f"{len(report.retried)} to retry",
        f"{len(report.failed)} failed",
    )
    console.print(", ".join(parts) if not report.is_empty else "No alerts due.")


def _channel(config: Config, name: str) -> Channel:
    notifications = config.notifications
    channel = notifications.channel(name)
    if channel is None:
        names = ", ".join(repr(c.name) for c in notifications.channels) or "none"
        raise ConfigError(f"{config.path}: no channel {name!r} in notifications (has: {names})")
    return channel


def sample_change(base_url: str, now: datetime) -> Change:
    """A change that is clearly a test: its vendor is Policy Watcher and its title says so."""
    source = Source(
        id="policy-watcher-test",
        vendor="Policy Watcher",
        title="TEST ALERT (no vendor changed anything)",
        url=base_url,
    )
    finding = Finding(
        hunk_index=0,
        verdict=Verdict.WEAKENED,
        topics=frozenset({Topic.AI_TRAINING}),
        explanation="a test of this channel: real alerts look like this one",
        old_text="Sample clause: we will not use your messages to train AI models.",
        new_text="Sample clause: we may use your messages to train AI models.",
    )
    version = Version(
        source_id=source.id,
        number=2,
        captured_at=now,
        text_sha256="0" * 64,
        raw_sha256="0" * 64,
        url=base_url,
        final_url=base_url,
        status=200,
        title=source.title,
        summary="test alert",
        verdict=Verdict.WEAKENED,
        topics=finding.topics,
    )
    analysis = StoredAnalysis(Verdict.WEAKENED, (finding,), analyzer="test-alert")
    return Change(source, version, analysis, previous=1)


@click.command("test-alert")
@paths_options
@click.argument("channel_name", metavar="CHANNEL")
def test_alert(paths: Paths, channel_name: str) -> None:
    """Send a sample alert, marked as a test, through CHANNEL now; exit 1 if it did not go out."""
    config = paths.load_config()
    channel = _channel(config, channel_name)
    notifications = config.notifications
    context = MessageContext(base_url=notifications.base_url, env=os.environ)
    notifier = build_notifiers([channel], context)[channel.name]
    sample = sample_change(notifications.base_url, datetime.now(UTC))
    try:
        asyncio.run(notifier.send([sample]))
    except DeliveryError as error:
        click.secho(
            f"error: the test alert to {channel.name!r} failed: {error}", err=True, fg="red"
        )
        sys.exit(1)
    except Exception as error:  # a notifier's bug: its text may hold the URL, so only the type
        click.secho(
            f"error: the test alert to {channel.name!r} failed: unexpected "
            f"{type(error).__name__} while sending",
            err=True,
            fg="red",
        )
        sys.exit(1)
    stdout_console().print(
        f"[green]✓[/] test alert sent to {escape(channel.name)!r} ({channel.kind})"
    )

"""The demo's alerts and feed: what a newcomer would receive, without sending anything anywhere.

A Slack channel points at `AlertReceiver` on 127.0.0.1; every change the demo finds is queued in
the real outbox and delivered by the real dispatcher, and the demo prints each message as it
arrives. At the end it writes the Atom feed of every change it found.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from watcher.demo.receiver import AlertReceiver
from watcher.diff import terminal_safe
from watcher.pipeline import CheckResult, changes_from_store
from watcher.pipeline.alerts import deliver_alerts, queue_alerts
from watcher.publish.feed import FeedOptions, select_changes, write_feed
from watcher.publish.notifiers import MessageContext
from watcher.records import Channel, Notifications, Route, Source
from watcher.store import Store

__all__ = ["DemoAlerts"]

_SECRET = "DEMO_SLACK_WEBHOOK_URL"


class DemoAlerts:
    """A Slack channel that receives locally, routed every change that moves a commitment."""

    def __init__(self, receiver: AlertReceiver, base_url: str = "http://127.0.0.1:8080") -> None:
        self._receiver = receiver
        self._env = {_SECRET: receiver.url}
        self.notifications = Notifications(
            base_url=base_url,
            channels=(Channel("demo-slack", "slack", secrets=(("url", _SECRET),)),),
            routes=(Route("demo-slack"),),
        )

    def queue(self, store: Store, results: Sequence[CheckResult], now: datetime) -> None:
        for result in results:
            queue_alerts(store, result, self.notifications, now=now)

    async def deliver(
        self,
        store: Store,
        sources: Sequence[Source],
        console: Console,
        now: Callable[[], datetime],
    ) -> None:
        """Send what is due, and print each message the local Slack stand-in received."""
        await deliver_alerts(store, sources, self.notifications, env=self._env, now=now)
        for message in self._receiver.take():
            title = html.unescape(str(message.get("text", "")))
            console.print(f"  [magenta]→ Slack[/] {escape(terminal_safe(title))}")

    def write_feed(self, store: Store, sources: Sequence[Source], path: Path) -> int:
        """The Atom feed of every change found; how many entries it has."""
        changes = changes_from_store(store, sources)
        options = FeedOptions(format="atom", title="Policy Watcher demo")
        context = MessageContext(base_url=self.notifications.base_url)
        path.write_bytes(write_feed(changes, options, context=context))
        return len(select_changes(changes, options))

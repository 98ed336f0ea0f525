"""Teams, Discord, Matrix, Mattermost, Zulip and Rocket.Chat through Apprise, the well-kept library.

Each kind's channel names one secret, `url`: an Apprise URL for that service (`discord://…` or
Discord's own webhook address, `workflows://…` for a Teams workflow, `matrixs://…`, `mmosts://…`,
`zulip://…`, `rockets://…`); kind `apprise` takes any Apprise URL. The URL is checked to be for
the kind's service, so a Slack URL pasted under `teams` fails with a clear error instead of
posting somewhere unexpected. The message is a title and a Markdown body in which every piece of
vendor text is backslash-escaped, so a policy's `<script>`, `@everyone` or `[link](…)` reaches
the chat as the characters it is.

Apprise only says whether a service took the message, not why not: a refusal is retried (with
backoff, up to the dispatcher's limit) unless the URL itself is unusable. Apprise's own logging
can name hosts and, at debug level, whole URLs: the CLI keeps the `apprise` logger quiet.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

import apprise

from watcher.publish.notifiers import DeliveryError, MessageContext, NotifierFactory, register
from watcher.publish.notifiers._common import trim
from watcher.publish.render import change_title, finding_line, shown_findings, topic_phrase
from watcher.records import Change, Channel

__all__ = ["SERVICES", "AppriseNotifier", "apprise_body", "escape_markdown"]

SERVICES: dict[str, tuple[str, frozenset[str]]] = {
    "teams": ("Microsoft Teams", frozenset({"NotifyWorkflows"})),
    "discord": ("Discord", frozenset({"NotifyDiscord"})),
    "matrix": ("Matrix", frozenset({"NotifyMatrix"})),
    "mattermost": ("Mattermost", frozenset({"NotifyMattermost"})),
    "zulip": ("Zulip", frozenset({"NotifyZulip"})),
    "rocketchat": ("Rocket.Chat", frozenset({"NotifyRocketChat"})),
    "apprise": ("the Apprise service", frozenset()),  # any Apprise URL
}
"""Kind -> (the service's name in messages, the Apprise plugin classes its URL may load)."""

QUOTE_CHARS = 300
_MAX_FINDINGS = 3
_MAX_DIGEST_CHANGES = 50
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Every ASCII punctuation character backslash-escaped (CommonMark, and Apprise's
    Markdown-to-HTML, read each as itself), line breaks made spaces."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def _change_markdown(change: Change, link: str) -> list[str]:
    findings = shown_findings(change.analysis)
    topics = topic_phrase(change.topics) or "none"
    lines = [f"**Verdict:** {change.verdict.value} · **Topics:** {escape_markdown(topics)}", ""]
    for finding in findings[:_MAX_FINDINGS]:
        lines.append(f"- {escape_markdown(trim(finding_line(finding), QUOTE_CHARS))}")
        if finding.old_text.strip():
            lines.append(f"  - Was: {escape_markdown(trim(finding.old_text, QUOTE_CHARS))}")
        if finding.new_text.strip():
            lines.append(f"  - Now: {escape_markdown(trim(finding.new_text, QUOTE_CHARS))}")
    if len(findings) > _MAX_FINDINGS:
        lines.append(f"- {len(findings) - _MAX_FINDINGS} more findings on the change's page")
    lines += ["", f"[View the change]({link})"]
    return lines


def apprise_body(changes: Sequence[Change], links: Sequence[str], *, digest: bool) -> str:
    """The Markdown body: one change in full, or a digest's changes one line each."""
    if not digest:
        (change,), (link,) = changes, links
        return "\n".join(_change_markdown(change, link))
    lines = []
    for change, link in list(zip(changes, links, strict=True))[:_MAX_DIGEST_CHANGES]:
        lines.append(f"- [{escape_markdown(change_title(change))}]({link})")
    if len(changes) > _MAX_DIGEST_CHANGES:
        lines.append(f"- {len(changes) - _MAX_DIGEST_CHANGES} more changes in the feed")
    return "\n".join(lines)


def _digest_title(count: int) -> str:
    return f"Policy Watcher: {count} policy change{'' if count == 1 else 's'}"


class AppriseNotifier:
    """Sends through the Apprise plugin that the channel's `url` names."""

    def __init__(self, channel: Channel, context: MessageContext, *, kind: str) -> None:
        self.channel = channel
        self.context = context
        self.kind = kind
        self.service = SERVICES[kind][0]

    async def send(self, changes: Sequence[Change], *, digest: bool = False) -> None:
        url = self.context.secret(self.channel, "url")
        if not url:
            raise DeliveryError(f"channel {self.channel.name!r} has no url", permanent=True)
        pairs = [(change, self.context.link(change)) for change in changes]
        for group in [pairs] if digest else [[pair] for pair in pairs]:
            group_changes = [change for change, _ in group]
            title = _digest_title(len(group)) if digest else change_title(group_changes[0])
            body = apprise_body(group_changes, [link for _, link in group], digest=digest)
            await asyncio.to_thread(self._notify, url, title, body)

    def _notify(self, url: str, title: str, body: str) -> None:
        """Apprise is synchronous: this runs in a worker thread."""
        plugin = apprise.Apprise.instantiate(url)
        allowed = SERVICES[self.kind][1]
        if not plugin or (allowed and type(plugin).__name__ not in allowed):
            raise DeliveryError(
                f"channel {self.channel.name!r}: its url is not a {self.service} address "
                "Apprise understands",
                permanent=True,
            )
        sender = apprise.Apprise()
        sender.add(plugin)
        if not sender.notify(body=body, title=title, body_format=apprise.NotifyFormat.MARKDOWN):
            raise DeliveryError(f"{self.service} did not take the message")


def _factory(kind: str) -> NotifierFactory:
    def make(channel: Channel, context: MessageContext) -> AppriseNotifier:
        return AppriseNotifier(channel, context, kind=kind)

    return make


for _kind in SERVICES:
    register(_kind)(_factory(_kind))

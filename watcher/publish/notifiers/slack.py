"""Slack: changes as Block Kit messages to an incoming webhook (`kind: slack`, secret `url`).

One change a message: a header naming the vendor, the document and what the change did; its
verdict and topics; each shown finding's explanation; the old and new text as quotes trimmed to
~300 characters; a button to the change in the web UI. A digest is one message listing the
changes, each linked. Everything but our own words is vendor text and goes through
`escape_mrkdwn` (Slack's three reserved characters), with `verbatim` on so that no URL, channel
or @-mention inside a policy is turned live; a header is plain text, which Slack never parses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from watcher.publish.notifiers import MessageContext, register
from watcher.publish.notifiers._common import channel_url, json_body, post_json, trim
from watcher.publish.render import change_title, finding_line, shown_findings, topic_phrase
from watcher.records import Change, Channel, Finding

__all__ = ["SlackNotifier", "escape_mrkdwn", "slack_digest", "slack_message"]

QUOTE_CHARS = 300
"""Old and new text are trimmed to this many characters each: a message, not the page."""
_EXPLANATION_CHARS = 280
_MAX_FINDINGS = 3
_MAX_DIGEST_CHANGES = 45  # Slack takes 50 blocks a message
_HEADER_CHARS = 150  # Slack's limit for a header
_SECTION_CHARS = 3000  # Slack's limit for a section's text
_SERVICE = "the Slack webhook"


def escape_mrkdwn(text: str) -> str:
    """Slack's control characters as entities: `&`, `<`, `>` (so `<!channel>` stays text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _mrkdwn(text: str) -> dict[str, Any]:
    if len(text) > _SECTION_CHARS:  # cut, but never inside an entity
        cut = text[: _SECTION_CHARS - 1]
        amp = cut.rfind("&")
        if amp != -1 and ";" not in cut[amp:]:
            cut = cut[:amp]
        text = cut + "…"
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": _mrkdwn(text)}


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": trim(text, _HEADER_CHARS)}}


def _quote(label: str, text: str) -> dict[str, Any]:
    return _section(f"*{label}:*\n>{escape_mrkdwn(trim(text, QUOTE_CHARS))}")


def _finding_quotes(finding: Finding) -> list[dict[str, Any]]:
    old, new = finding.old_text.strip(), finding.new_text.strip()
    blocks = []
    if old:
        blocks.append(_quote("Was" if new else "Removed", old))
    if new:
        blocks.append(_quote("Now" if old else "Added", new))
    return blocks


def slack_message(change: Change, link: str) -> dict[str, Any]:
    """The Block Kit message for one change."""
    findings = shown_findings(change.analysis)
    topics = topic_phrase(change.topics) or "none"
    lines = [f"*Verdict:* {change.verdict.value}    *Topics:* {escape_mrkdwn(topics)}"]
    lines += [
        f"• {escape_mrkdwn(trim(finding_line(f), _EXPLANATION_CHARS))}"
        for f in findings[:_MAX_FINDINGS]
    ]
    blocks = [_header(change_title(change)), _section("\n".join(lines))]
    for finding in findings[:_MAX_FINDINGS]:
        blocks += _finding_quotes(finding)
    context = [f"{change.source.id} · version {change.version.number}"]
    if len(findings) > _MAX_FINDINGS:
        context.append(f"{len(findings) - _MAX_FINDINGS} more findings on the change's page")
    blocks.append({"type": "context", "elements": [_mrkdwn(escape_mrkdwn(" · ".join(context)))]})
    blocks.append(
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "View the change"},
                    "url": link,
                }
            ],
        }
    )
    return {"text": escape_mrkdwn(change_title(change)), "blocks": blocks}


def slack_digest(changes: Sequence[Change], links: Sequence[str]) -> dict[str, Any]:
    """One Block Kit message listing several changes, each linked to its page."""
    title = f"Policy Watcher: {len(changes)} policy change{'' if len(changes) == 1 else 's'}"
    blocks = [_header(title)]
    for change, link in list(zip(changes, links, strict=True))[:_MAX_DIGEST_CHANGES]:
        findings = shown_findings(change.analysis)
        line = f"*<{escape_mrkdwn(link)}|{escape_mrkdwn(change_title(change))}>*"
        if findings:
            line += f"\n{escape_mrkdwn(trim(finding_line(findings[0]), _EXPLANATION_CHARS))}"
        blocks.append(_section(line))
    if len(changes) > _MAX_DIGEST_CHANGES:
        more = f"{len(changes) - _MAX_DIGEST_CHANGES} more changes in the feed"
        blocks.append({"type": "context", "elements": [_mrkdwn(more)]})
    return {"text": escape_mrkdwn(title), "blocks": blocks}


class SlackNotifier:
    """Posts to a Slack incoming webhook; its URL is the channel's `url` (a secret)."""

    def __init__(self, channel: Channel, context: MessageContext) -> None:
        self.channel = channel
        self.context = context

    async def send(self, changes: Sequence[Change], *, digest: bool = False) -> None:
        url = channel_url(self.channel, self.context)
        links = [self.context.link(change) for change in changes]
        if digest:
            messages = [slack_digest(changes, links)]
        else:
            messages = [slack_message(c, link) for c, link in zip(changes, links, strict=True)]
        for message in messages:
            await post_json(url, json_body(message), service=_SERVICE, show_reason=True)


register("slack")(SlackNotifier)

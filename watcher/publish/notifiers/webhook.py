"""A generic JSON webhook (`kind: webhook`, secret `url`, optional secret `secret` for signing).

For receivers of one's own (a ticketing bridge, a SIEM, a script): each message is a POST of

    {"event": "policy_change", "digest": false, "changes": [{"id", "source", "vendor", "title",
     "url", "version", "captured_at", "verdict", "topics", "summary", "link",
     "findings": [{"verdict", "topics", "explanation", "old", "new"}]}]}

one change per message, or all of a digest's in one. `id` ("source/vN") is stable, so a
receiver can drop the one repeat a crash can cause. With a `secret`, the header
`X-Policy-Watcher-Signature: sha256=<hex>` carries the HMAC-SHA256 of the exact body bytes.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

from watcher.publish.notifiers import MessageContext, register
from watcher.publish.notifiers._common import channel_url, json_body, post_json
from watcher.records import Change, Channel, Finding

__all__ = ["SIGNATURE_HEADER", "WebhookNotifier", "sign", "webhook_payload"]

SIGNATURE_HEADER = "X-Policy-Watcher-Signature"
_SERVICE = "the webhook"


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "verdict": finding.verdict.value,
        "topics": sorted(topic.value for topic in finding.topics),
        "explanation": finding.explanation,
        "old": finding.old_text,
        "new": finding.new_text,
    }


def _change(change: Change, link: str) -> dict[str, Any]:
    source, version = change.source, change.version
    return {
        "id": change.key,
        "source": source.id,
        "vendor": source.vendor,
        "title": source.title,
        "url": source.url,
        "version": version.number,
        "captured_at": version.captured_at.isoformat(),
        "verdict": change.verdict.value,
        "topics": sorted(topic.value for topic in change.topics),
        "summary": version.summary,
        "link": link,
        "findings": [_finding(finding) for finding in change.analysis.findings],
    }


def webhook_payload(
    changes: Sequence[Change], links: Sequence[str], *, digest: bool = False
) -> dict[str, Any]:
    """The JSON document posted for these changes (each with its link)."""
    return {
        "event": "policy_change",
        "digest": digest,
        "changes": [_change(c, link) for c, link in zip(changes, links, strict=True)],
    }


def sign(body: bytes, secret: str) -> str:
    """The signature header's value: `sha256=` and the hex HMAC-SHA256 of the body."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class WebhookNotifier:
    """POSTs changes as JSON to the channel's `url`, signed when it has a `secret`."""

    def __init__(self, channel: Channel, context: MessageContext) -> None:
        self.channel = channel
        self.context = context

    async def send(self, changes: Sequence[Change], *, digest: bool = False) -> None:
        url = channel_url(self.channel, self.context)
        secret = self.context.secret(self.channel, "secret")
        for batch in [changes] if digest else [[change] for change in changes]:
            links = [self.context.link(change) for change in batch]
            body = json_body(webhook_payload(batch, links, digest=digest))
            headers = {SIGNATURE_HEADER: sign(body, secret)} if secret else {}
            await post_json(url, body, service=_SERVICE, headers=headers)


register("webhook")(WebhookNotifier)

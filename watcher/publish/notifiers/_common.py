"""What the HTTP notifiers share: their URL, JSON posts whose errors carry no secret, trimming.

A webhook URL is a secret (whoever has it can post to the channel), and httpx puts the URL in
its exception messages (and logs it at INFO: the CLI keeps the `httpx` logger at WARNING); so
no httpx error text ever leaves this module. Each failure becomes a
`DeliveryError` worded here from the status code or the kind of error and the service's name
("HTTP 503 from the Slack webhook"), classified as retryable (network errors, timeouts, 408,
429, 5xx) or permanent (any other refusal), with the receiver's Retry-After when it gave one.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from watcher import __version__
from watcher.publish.notifiers import DeliveryError, MessageContext
from watcher.records import Channel

__all__ = [
    "TIMEOUT",
    "USER_AGENT",
    "channel_url",
    "json_body",
    "post_json",
    "retry_after_s",
    "trim",
]

TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = f"PolicyWatcher/{__version__}"

_MAX_RETRY_AFTER_S = 24 * 3600.0
_SHORT_REASON = re.compile(r"[a-z][a-z0-9_]{0,59}")
"""Slack answers a refusal (4xx) with a short code ("no_service", "invalid_payload"): safe to
show, unlike a longer body, which might echo the URL."""


def channel_url(channel: Channel, context: MessageContext) -> str:
    """The URL messages for `channel` are posted to: its `url`, a secret read from the
    environment; a channel without one can never be sent to (a permanent DeliveryError)."""
    url = context.secret(channel, "url")
    if not url:
        raise DeliveryError(f"channel {channel.name!r} has no url", permanent=True)
    return url


def json_body(message: dict[str, Any]) -> bytes:
    """The bytes posted for `message`: UTF-8 JSON, non-ASCII text kept as it is."""
    return json.dumps(message, ensure_ascii=False).encode("utf-8")


def trim(text: str, limit: int) -> str:
    """`text` on one line (runs of white space made one space), cut at a word to at most
    `limit` characters with "…" when it was longer."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def retry_after_s(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), capped at a day."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER_S)


async def post_json(
    url: str,
    body: bytes,
    *,
    service: str,
    headers: dict[str, str] | None = None,
    show_reason: bool = False,
) -> None:
    """POST `body` (JSON) to `url`; return when the receiver answered 2xx, else DeliveryError.

    `service` names the receiver in messages ("the Slack webhook"); `show_reason` adds a short
    lower-case error code from the response body (Slack's), never anything longer.
    """
    if not url.startswith(("https://", "http://")):
        raise DeliveryError(f"the URL of {service} is not an http(s) URL", permanent=True)
    _check_url(url, service)
    sent = {"Content-Type": "application/json", "User-Agent": USER_AGENT, **(headers or {})}
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as client:
            response = await client.post(url, content=body, headers=sent)
    except httpx.TimeoutException:
        raise DeliveryError(f"timed out waiting for {service}") from None
    except httpx.InvalidURL:
        raise DeliveryError(f"the URL of {service} is not valid", permanent=True) from None
    except httpx.TransportError as error:
        raise DeliveryError(f"cannot reach {service} ({type(error).__name__})") from None
    _check(response, service, show_reason)


def _check_url(url: str, service: str) -> None:
    """A URL that can never work (no host, a port out of range) is a permanent refusal, worded
    without the URL: httpx would raise a bare ValueError for some of them, and retrying is
    useless."""
    try:
        parsed = httpx.URL(url)
        port = parsed.port  # httpx leaves range checks to the connection
    except (httpx.InvalidURL, ValueError, TypeError):
        raise DeliveryError(f"the URL of {service} is not valid", permanent=True) from None
    if not parsed.host or (port is not None and not 0 < port < 65536):
        raise DeliveryError(f"the URL of {service} is not valid", permanent=True)


def _check(response: httpx.Response, service: str, show_reason: bool) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    reason = response.text.strip() if show_reason and status < 500 else ""
    message = f"HTTP {status} from {service}"
    if reason and _SHORT_REASON.fullmatch(reason):
        message += f": {reason}"
    if status == 429:
        wait = retry_after_s(response.headers.get("retry-after"))
        if wait is not None:
            message += f" (retry after {wait:g} s)"
        raise DeliveryError(message, retry_after=wait)
    if status == 408 or status >= 500:
        raise DeliveryError(message)
    if 300 <= status < 400:
        message += " (a redirect: webhooks are not followed to another address)"
    raise DeliveryError(message, permanent=True)

"""Following redirects in the fetcher rather than in httpx, and what a redirect may carry on.

httpx parses every Location it receives, even with `follow_redirects=False`, and raises when it
cannot ("http://[::1" as RemoteProtocolError, "javascript:…" as InvalidURL): a broken redirect
would then read as a network fault and be retried in vain, with the answer's status lost. So
the fetcher marks its requests, and a response hook hands each redirect answer back to it
(`RedirectReached`) before httpx looks at the Location; the fetcher judges it with
`redirect_target`, the same checks as a source URL.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import httpx

from watcher.fetch.request import url_problem

__all__ = [
    "FOLLOWED_BY_FETCHER",
    "RedirectReached",
    "redirect_headers",
    "redirect_target",
    "stop_at_redirects",
]

FOLLOWED_BY_FETCHER = "policy_watcher.follows_redirects"
"""Request extension marking requests whose redirects the fetcher follows itself."""
_CREDENTIAL_HEADERS = ("authorization", "cookie", "proxy-authorization")
_REDIRECT_BODY_BYTES = 64 * 1024


class RedirectReached(Exception):
    """A marked request got a redirect answer; httpx closes `response` and lets this through."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


async def _hand_back_redirects(response: httpx.Response) -> None:
    if response.has_redirect_location and response.request.extensions.get(FOLLOWED_BY_FETCHER):
        await _drain(response)
        raise RedirectReached(response)


async def _drain(response: httpx.Response) -> None:
    """Read a redirect's small body, so that its connection can carry the next request.

    Only a body whose Content-Length is at most `_REDIRECT_BODY_BYTES` is read (raw: nothing to
    inflate); any other is left unread, which closes the connection instead. httpx's own
    redirect handling reads every body whole, however large.
    """
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) <= _REDIRECT_BODY_BYTES:
        async for _ in response.aiter_raw():
            pass


def stop_at_redirects(client: httpx.AsyncClient) -> None:
    """Add the response hook that hands redirects of marked requests back (once per client).

    Requests without the mark, made by whoever else uses the client, are left alone.
    """
    hooks = client.event_hooks
    if _hand_back_redirects not in hooks["response"]:
        client.event_hooks = {**hooks, "response": [*hooks["response"], _hand_back_redirects]}


def redirect_target(current: str, location: str) -> tuple[str, str | None]:
    """The absolute URL a redirect from `current` points at, and why it is unusable (or None).

    An absolute Location is judged as written: Python's urljoin reads "http://" and "http:" as
    relative to a base of the same scheme, browsers (WHATWG URL) as URLs without a host.
    """
    location = location.strip()
    try:
        absolute = bool(urlsplit(location).scheme)
        target = location if absolute else urljoin(current, location)
    except ValueError as exc:
        return location, str(exc)
    return target, url_problem(target)


def redirect_headers(headers: httpx.Headers, current: str, target: str) -> httpx.Headers:
    """`headers` for following a redirect: credentials stay with the host they were meant for.

    A vendor's Authorization or Cookie header must not reach whatever host its Location names,
    nor be sent in clear text after a redirect from https to http.
    """
    old, new = urlsplit(current), urlsplit(target)
    downgrade = old.scheme.lower() == "https" and new.scheme.lower() != "https"
    if old.hostname == new.hostname and not downgrade:
        return headers
    kept = headers.copy()
    for name in _CREDENTIAL_HEADERS:
        kept.pop(name, None)
    return kept

"""What a request may carry: checks on URLs (the source's, a redirect's) and header values.

Bad values come from sources.yaml (a typo, a non-ASCII header) and from servers (a broken
Location, an ETag with stray bytes). Handed to httpx as they are, they raise out of the fetch
(UnicodeEncodeError for `X-Note: café`), or fail late as "network errors" that are retried in
vain (h11 refusing a header, a DNS lookup of "[oops"). Checked here first, each one ends its
fetch at once with a one-line reason instead.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

from watcher.records import Source

__all__ = ["header_problem", "source_problem", "url_problem"]

_SCHEMES = frozenset({"http", "https"})
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""An HTTP header name (RFC 9110 `token`)."""
_FIELD_VALUE = re.compile(r"[\x21-\x7e]([\t\x20-\x7e]*[\x21-\x7e])?")
"""A header value as h11 will send it: visible ASCII, inner spaces and tabs, nothing else."""
_HOST = re.compile(r"[\w.:~-]+")
"""Letters (IDNA names included), digits, `.-_~`, and `:` for bracketed IPv6 literals."""


def source_problem(source: Source) -> str | None:
    """Why `source` cannot be requested at all (its URL or one of its headers), or None."""
    problem = url_problem(source.url)
    if problem is not None:
        return f"cannot fetch this URL: {problem}"
    for name, value in source.headers:
        problem = header_problem(name, value.strip(" \t"))
        if problem is not None:
            return problem
    return None


def url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched ("unsupported scheme 'ftp'"), or None when it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range or not a number
    except ValueError as exc:
        return str(exc)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        return f"unsupported scheme {scheme!r}" if scheme else "not an absolute http(s) URL"
    host = parts.hostname
    if not host:
        return "no host name"
    if not _HOST.fullmatch(host):
        return f"invalid host name {host!r}"
    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        return str(exc)
    return None


def header_problem(name: str, value: str) -> str | None:
    """Why header `name: value` cannot be sent (value as stripped by the caller), or None."""
    if not _TOKEN.fullmatch(name):
        return f"invalid request header name {name!r}"
    if not value.isascii():
        return f"invalid request header {name!r}: value must be ASCII"
    if value and not _FIELD_VALUE.fullmatch(value):
        return f"invalid request header {name!r}: value must not contain control characters"
    return None

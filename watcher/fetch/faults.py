"""What an exception during one HTTP exchange means: its FetchOutcome, a detail, and a retry.

httpx, httpcore, h11 and ssl raise dozens of exception types; a fetch must turn every one of
them into a failing `Fetched` (never let it out of `fetch()`, where it would end the whole
pass) and retry only those that another try could change: timeouts and faults of the
connection, not a request that the client itself refuses to send.
"""

from __future__ import annotations

import contextlib
from typing import NamedTuple

import httpx

from watcher.records import FetchOutcome

__all__ = ["EXCHANGE_ERRORS", "Fault", "fault_url", "judge_fault"]

EXCHANGE_ERRORS: tuple[type[Exception], ...] = (
    httpx.HTTPError,  # every transport, protocol, timeout and decoding error
    httpx.InvalidURL,
    httpx.StreamError,
    OSError,  # ssl.SSLError and socket errors that escape httpcore's mapping
)
"""What one exchange may raise; `judge_fault` knows them all."""

_REFUSED: tuple[type[Exception], ...] = (
    httpx.LocalProtocolError,  # h11 will not send a header or URL
    httpx.UnsupportedProtocol,
    httpx.InvalidURL,
)
_NETWORK_FAULTS: tuple[tuple[type[Exception], str], ...] = (
    (httpx.ConnectError, "connection failed"),
    (httpx.ReadError, "read failed"),
    (httpx.WriteError, "write failed"),
    (httpx.RemoteProtocolError, "protocol error"),
    (httpx.ProxyError, "proxy error"),
)
_DETAIL_CHARS = 200


class Fault(NamedTuple):
    outcome: FetchOutcome
    detail: str
    retryable: bool


def judge_fault(exc: Exception, timeout_s: float) -> Fault:
    """The outcome of an exchange that raised `exc` (one of `EXCHANGE_ERRORS`).

    A refused request is HTTP_ERROR without a status, which `Fetched.is_transient` calls
    permanent, like the fetcher; timeouts and network faults are transient for both.
    """
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return Fault(FetchOutcome.TIMEOUT, f"no complete answer within {timeout_s:g} s", True)
    if isinstance(exc, _REFUSED):
        detail = f"cannot send this request: {_message(exc)}"
        return Fault(FetchOutcome.HTTP_ERROR, detail[:_DETAIL_CHARS], False)
    kind = next((k for cls, k in _NETWORK_FAULTS if isinstance(exc, cls)), "network error")
    return Fault(FetchOutcome.NETWORK_ERROR, f"{kind}: {_message(exc)}"[:_DETAIL_CHARS], True)


def fault_url(exc: Exception, default: str) -> str:
    """The URL `exc` was raised for (a redirect target, maybe), else `default`."""
    if isinstance(exc, httpx.RequestError):
        # httpx raises RuntimeError when no request is attached to the exception.
        with contextlib.suppress(RuntimeError):
            return str(exc.request.url)
    return default


def _message(exc: Exception) -> str:
    """str(exc), or its type's name for the many network errors that have no message."""
    return str(exc) or type(exc).__name__

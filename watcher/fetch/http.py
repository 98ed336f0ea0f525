"""The `http` fetcher: one shared httpx client, polite limits, retries, capped bodies.

Per request it does as little as it can (no client or SSL context per request, no regex over
whole bodies), because a run checks thousands of pages and most of them have not changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import ClassVar, Self
from urllib.parse import urlsplit

import httpx

from watcher.fetch.base import register
from watcher.fetch.body import ACCEPT_ENCODING, BodyDecodeError, BodyTooLarge, read_body
from watcher.fetch.classify import classify_response
from watcher.fetch.lanes import LaneTransport
from watcher.fetch.limits import Limiter, backoff_delay, parse_retry_after
from watcher.fetch.sniff import base_media_type
from watcher.records import Fetched, FetchOutcome, FetchSettings, Source, Validators

__all__ = ["HttpFetcher"]

_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.5"
_ERROR_BODY_BYTES = 256 * 1024
"""Error pages are read only this far: enough to recognise a bot wall, never a download."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


@register
class HttpFetcher:
    """Fetches sources over HTTP(S) with httpx, within the limits of `FetchSettings`.

    - One `httpx.AsyncClient` for the whole run, with `concurrency` one-connection lanes (see
      `watcher.fetch.lanes` for why not httpx's own pool); pass `client` to supply your own
      (tests, proxies), which the fetcher then uses as is and does not close.
    - At most `concurrency` requests in flight, at most `per_host_concurrency` to one host.
    - Conditional GET from `validators`; 304 is NOT_MODIFIED with an empty body.
    - Timeouts, network faults, 429 and 5xx are retried up to `retries` times, after a
      full-jitter exponential backoff or the server's Retry-After; a Retry-After longer than
      `max_retry_after_s` ends the fetch at once (the failure is returned, not waited out).
    - `timeout_s` bounds every socket operation and also each attempt as a whole, so a server
      that trickles bytes cannot hold a slot forever.
    """

    kind: ClassVar[str] = "http"

    def __init__(
        self,
        settings: FetchSettings,
        *,
        client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], datetime] = _utc_now,
        rng: random.Random | None = None,
    ) -> None:
        self._settings = settings
        self._owns_client = client is None
        self._client = client if client is not None else _build_client(settings)
        self._sleep = sleep
        self._clock = clock
        self._rng = rng if rng is not None else random.Random()
        self._limiter = Limiter(settings.concurrency, settings.per_host_concurrency)
        self._base_headers = httpx.Headers(
            {
                "User-Agent": settings.user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": ACCEPT_ENCODING,
            }
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool, if this fetcher created it."""
        if self._owns_client:
            await self._client.aclose()

    async def fetch(self, source: Source, validators: Validators | None = None) -> Fetched:
        """Fetch `source` once, retrying transient failures; never raises for the world's faults.

        `attempts` counts requests made; `elapsed_s` runs from the first request to the end of
        the last one, backoff waits included; `fetched_at` is when the last answer was read.
        """
        headers = self._request_headers(source, validators)
        host = urlsplit(source.url).hostname or ""
        started = 0.0
        attempt = 1
        while True:
            async with self._limiter.slot(host):
                if attempt == 1:  # waiting for the first slot is queueing, not fetching
                    started = time.perf_counter()
                fetched, retryable = await self._attempt(source, headers)
            delay, detail = self._retry_delay(fetched, attempt) if retryable else (None, None)
            if delay is None:
                break
            await self._sleep(delay)
            attempt += 1
        return dataclasses.replace(
            fetched,
            attempts=attempt,
            elapsed_s=time.perf_counter() - started,
            detail=fetched.detail if detail is None else detail,
        )

    def _request_headers(self, source: Source, validators: Validators | None) -> httpx.Headers:
        headers = self._base_headers.copy()
        for name, value in source.headers:
            headers[name] = value
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        return headers

    async def _attempt(self, source: Source, headers: httpx.Headers) -> tuple[Fetched, bool]:
        """One request; returns the result and whether trying again could change it."""
        try:
            async with (
                asyncio.timeout(self._settings.timeout_s),
                self._client.stream(
                    "GET", source.url, headers=headers, follow_redirects=True
                ) as response,
            ):
                return await self._read(source, response)
        except httpx.TooManyRedirects as exc:
            detail = f"more than {self._settings.max_redirects} redirects"
            return self._failure(source, FetchOutcome.TOO_MANY_REDIRECTS, detail, exc), False
        except (httpx.TimeoutException, TimeoutError) as exc:
            detail = f"no complete answer within {self._settings.timeout_s:g} s"
            return self._failure(source, FetchOutcome.TIMEOUT, detail, exc), True
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            detail = f"cannot fetch this URL: {exc}"
            return self._failure(source, FetchOutcome.NETWORK_ERROR, detail, exc), False
        except httpx.TransportError as exc:
            detail = _network_detail(exc)
            return self._failure(source, FetchOutcome.NETWORK_ERROR, detail, exc), True

    async def _read(self, source: Source, response: httpx.Response) -> tuple[Fetched, bool]:
        status = response.status_code
        headers = tuple(response.headers.multi_items())
        is_page = 200 <= status < 300
        limit = self._settings.max_body_bytes if is_page else _ERROR_BODY_BYTES
        declared = base_media_type(response.headers.get("content-type"))
        body = b""
        try:
            if status != 304:
                body = await read_body(response, limit, truncate=not is_page)
        except BodyTooLarge as exc:
            outcome, detail, media_type = FetchOutcome.TOO_LARGE, str(exc), declared
        except BodyDecodeError as exc:
            outcome, detail, media_type = FetchOutcome.NETWORK_ERROR, str(exc), declared
        else:
            outcome, detail, media_type = classify_response(status, headers, body)
        fetched = Fetched(
            source_id=source.id,
            url=source.url,
            final_url=str(response.url),
            status=status,
            headers=headers,
            body=body,
            media_type=media_type,
            fetched_at=self._clock(),
            elapsed_s=0.0,
            outcome=outcome,
            detail=detail,
        )
        return fetched, fetched.is_transient

    def _failure(
        self, source: Source, outcome: FetchOutcome, detail: str, exc: Exception
    ) -> Fetched:
        final_url = source.url
        if isinstance(exc, httpx.RequestError):
            # httpx raises RuntimeError when no request is attached to the exception.
            with contextlib.suppress(RuntimeError):
                final_url = str(exc.request.url)
        return Fetched(
            source_id=source.id,
            url=source.url,
            final_url=final_url,
            status=None,
            headers=(),
            body=b"",
            media_type="",
            fetched_at=self._clock(),
            elapsed_s=0.0,
            outcome=outcome,
            detail=detail,
        )

    def _retry_delay(self, fetched: Fetched, attempt: int) -> tuple[float | None, str | None]:
        """Seconds to wait before attempt `attempt + 1` (None: stop), and a new detail if any."""
        settings = self._settings
        if attempt > settings.retries:
            return None, None
        retry_after = parse_retry_after(fetched.header("retry-after"), self._clock())
        if retry_after is None:
            cap = settings.max_retry_after_s
            return backoff_delay(attempt, settings.backoff_s, cap, self._rng), None
        if retry_after > settings.max_retry_after_s:
            limit = settings.max_retry_after_s
            return (
                None,
                f"{fetched.detail}; Retry-After {retry_after:g} s is over the {limit:g} s limit",
            )
        return retry_after, None


_NETWORK_FAULTS: tuple[tuple[type[httpx.TransportError], str], ...] = (
    (httpx.ConnectError, "connection failed"),
    (httpx.ReadError, "read failed"),
    (httpx.WriteError, "write failed"),
    (httpx.RemoteProtocolError, "protocol error"),
    (httpx.ProxyError, "proxy error"),
)


def _network_detail(exc: httpx.TransportError) -> str:
    """A short reason, e.g. "connection failed: [Errno 111] Connection refused"."""
    kind = next((k for cls, k in _NETWORK_FAULTS if isinstance(exc, cls)), "network error")
    message = str(exc) or type(exc).__name__
    return f"{kind}: {message}"[:200]


def _build_client(settings: FetchSettings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=LaneTransport(settings.concurrency),
        timeout=httpx.Timeout(settings.timeout_s),
        follow_redirects=True,
        max_redirects=settings.max_redirects,
    )

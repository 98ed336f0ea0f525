"""The `http` fetcher: one shared httpx client, polite limits, retries, capped bodies.

Per request it does as little as it can (no client or SSL context per request, no regex over
whole bodies), because a run checks thousands of pages and most of them have not changed.
"""

from __future__ import annotations

import asyncio
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
from watcher.fetch.faults import EXCHANGE_ERRORS, fault_url, judge_fault
from watcher.fetch.lanes import LaneTransport
from watcher.fetch.limits import Limiter, backoff_delay, parse_retry_after
from watcher.fetch.redirects import (
    FOLLOWED_BY_FETCHER,
    RedirectReached,
    redirect_headers,
    redirect_target,
    stop_at_redirects,
)
from watcher.fetch.request import header_problem, source_problem
from watcher.media import base_media_type
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
    - Up to `max_redirects` redirects, followed by the fetcher rather than httpx (see
      `watcher.fetch.redirects`; a supplied client gets a response hook for this, which
      leaves requests that are not the fetcher's alone).
    - A source whose URL or headers cannot be sent, a Location that cannot be followed and
      a body that cannot be decoded each fail the fetch at once with HTTP_ERROR: the same
      request would get the same answer.
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
        stop_at_redirects(self._client)
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

        Nor for a bad source: an unusable URL or header value ends the fetch before any request
        (HTTP_ERROR, no status, `attempts` 0), as no retry could change it.
        `attempts` counts requests made; `elapsed_s` runs from the first request to the end of
        the last one, backoff waits included; `fetched_at` is when the last answer was read.
        """
        problem = source_problem(source)
        if problem is not None:
            refused = self._failure(source, source.url, FetchOutcome.HTTP_ERROR, problem)
            return dataclasses.replace(refused, attempts=0)
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
        """Base headers, the source's own (checked by `source_problem`), and validators.

        A validator the server sent with bytes that cannot be sent back is left out: the GET
        is then unconditional, which costs a body but is never wrong.
        """
        headers = self._base_headers.copy()
        for name, value in source.headers:
            headers[name] = value.strip(" \t")
        if validators is not None:
            for name, sent in (
                ("If-None-Match", validators.etag),
                ("If-Modified-Since", validators.last_modified),
            ):
                stripped = (sent or "").strip(" \t")
                if stripped and header_problem(name, stripped) is None:
                    headers[name] = stripped
        return headers

    async def _attempt(self, source: Source, headers: httpx.Headers) -> tuple[Fetched, bool]:
        """One request and its redirects; the result and whether trying again could change it."""
        try:
            async with asyncio.timeout(self._settings.timeout_s):
                return await self._follow(source, headers)
        except EXCHANGE_ERRORS as exc:
            fault = judge_fault(exc, self._settings.timeout_s)
            url = fault_url(exc, source.url)
            return self._failure(source, url, fault.outcome, fault.detail), fault.retryable

    async def _follow(self, source: Source, headers: httpx.Headers) -> tuple[Fetched, bool]:
        """GET `source`, following up to `max_redirects` redirects, and read the final answer.

        The fetcher follows redirects itself (see `watcher.fetch.redirects`): a Location that
        cannot be followed is the server's answer, kept with its status and not retried.
        """
        url = source.url
        redirects = 0
        while True:
            request = self._client.build_request(
                "GET", url, headers=headers, extensions={FOLLOWED_BY_FETCHER: True}
            )
            try:
                response = await self._client.send(request, stream=True, follow_redirects=False)
            except RedirectReached as reached:
                response = reached.response
            else:
                try:
                    return await self._read(source, response)
                finally:
                    await response.aclose()
            if redirects == self._settings.max_redirects:
                detail = f"more than {redirects} redirects"
                outcome = FetchOutcome.TOO_MANY_REDIRECTS
                return self._answer(source, response, outcome, detail), False
            location = response.headers["location"]
            target, problem = redirect_target(str(response.url), location)
            if problem is not None:
                detail = f"bad redirect Location {location[:100]!r}: {problem}"
                return self._answer(source, response, FetchOutcome.HTTP_ERROR, detail), False
            headers = redirect_headers(headers, url, target)
            url = target
            redirects += 1

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
            # The server sends the same bytes every time, so this is its answer, not a fault to
            # retry. An error page is read only to spot walls: its status says what happened.
            outcome, detail, media_type = classify_response(status, headers, b"")
            if is_page:
                outcome, detail = FetchOutcome.HTTP_ERROR, f"undecodable body: {exc}"
        else:
            outcome, detail, media_type = classify_response(status, headers, body)
        fetched = self._answer(source, response, outcome, detail)
        fetched = dataclasses.replace(fetched, body=body, media_type=media_type)
        return fetched, fetched.is_transient

    def _answer(
        self, source: Source, response: httpx.Response, outcome: FetchOutcome, detail: str
    ) -> Fetched:
        """The record of a `response` (its body not kept) that ended the fetch as `outcome`."""
        return Fetched(
            source_id=source.id,
            url=source.url,
            final_url=str(response.url),
            status=response.status_code,
            headers=tuple(response.headers.multi_items()),
            body=b"",
            media_type=base_media_type(response.headers.get("content-type")),
            fetched_at=self._clock(),
            elapsed_s=0.0,
            outcome=outcome,
            detail=detail,
        )

    def _failure(self, source: Source, url: str, outcome: FetchOutcome, detail: str) -> Fetched:
        """The record of a fetch that got no answer from `url`."""
        return Fetched(
            source_id=source.id,
            url=source.url,
            final_url=url,
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


def _build_client(settings: FetchSettings) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=LaneTransport(settings.concurrency),
        timeout=httpx.Timeout(settings.timeout_s),
        follow_redirects=False,  # HttpFetcher follows redirects itself
    )

"""A connection pool made of single-connection httpx transports ("lanes"), for throughput.

httpcore's pool re-examines every connection for every request it assigns, and for each
connection counts the idle ones again (O(n²) per request, each step a `poll` syscall). At the
benchmark's 32 connections to one host that costs ~1.2 ms per request and caps a 2-core
machine at ~550 pages/s; with one connection per pool the same work takes microseconds, so
32 lanes of one connection fetch the same pages at ~2,000/s (20 KB pages, local server).

Each request takes the idle lane that last talked to the same origin (keeping keep-alive
connections warm), else a lane that was never used, else the idle lane released longest ago.
The fetcher's Limiter keeps requests in flight at or below the number of lanes, so a lane is
normally free; if none is, the least-loaded lane queues the request in its own small pool.
"""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import httpx

__all__ = ["LaneTransport"]


@dataclass(slots=True)
class _Lane:
    transport: httpx.AsyncHTTPTransport
    origin: tuple[bytes, bytes, int | None] | None = None
    busy: int = 0
    released: int = 0


class LaneTransport(httpx.AsyncBaseTransport):
    """An httpx transport that spreads requests over `lanes` one-connection transports."""

    def __init__(self, lanes: int, *, verify: ssl.SSLContext | bool = True) -> None:
        if lanes < 1:
            raise ValueError(f"a lane transport needs at least one lane (got {lanes})")
        # One SSL context for all lanes: building one loads the CA bundle (~50 ms).
        context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify)
        one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        self._lanes = [
            _Lane(httpx.AsyncHTTPTransport(verify=context, limits=one)) for _ in range(lanes)
        ]
        self._releases = 0

    @property
    def in_flight(self) -> int:
        """Requests whose response has not been closed yet (0 when the fetcher is idle)."""
        return sum(lane.busy for lane in self._lanes)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        lane = self._pick((url.raw_scheme, url.raw_host, url.port))
        lane.busy += 1
        try:
            response = await lane.transport.handle_async_request(request)
        except BaseException:
            self._release(lane)
            raise
        if not isinstance(response.stream, httpx.AsyncByteStream):
            self._release(lane)
            raise TypeError("an async transport returned a sync response stream")
        response.stream = _ReleasingStream(response.stream, lambda: self._release(lane))
        return response

    async def aclose(self) -> None:
        for lane in self._lanes:
            await lane.transport.aclose()

    def _pick(self, origin: tuple[bytes, bytes, int | None]) -> _Lane:
        idle = [lane for lane in self._lanes if not lane.busy]
        for lane in idle:
            if lane.origin == origin:
                return lane
        if not idle:
            lane = min(self._lanes, key=lambda lane: lane.busy)
        else:
            fresh = next((lane for lane in idle if lane.origin is None), None)
            lane = fresh or min(idle, key=lambda lane: lane.released)
        lane.origin = origin
        return lane

    def _release(self, lane: _Lane) -> None:
        lane.busy -= 1
        self._releases += 1
        lane.released = self._releases


class _ReleasingStream(httpx.AsyncByteStream):
    """The lane's response body; closing it (httpx always does) frees the lane."""

    def __init__(self, stream: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:  # free the lane once, however often aclose is called
                release()

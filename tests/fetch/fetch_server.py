"""A real HTTP/1.1 keep-alive server on 127.0.0.1 for the fetch tests, plus small test helpers.

Each test declares its routes (`server.route("/p", Reply(...))`); the server records every
request and how many it was serving at once, so limits can be checked from the server's side.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from watcher.fetch import HttpFetcher
from watcher.records import Fetched, FetchSettings, Source, Validators

HTML = "text/html; charset=utf-8"
FIXED_NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Reply:
    """What the server answers; `chunks` > 0 streams the body chunked, without Content-Length."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", HTML),)
    delay_s: float = 0.0
    chunks: int = 0


@dataclass(frozen=True)
class Seen:
    """One request as the server received it (header names lower-cased)."""

    path: str
    headers: dict[str, str]
    client_port: int = 0


Responder = Reply | Callable[[Seen], Reply]


@dataclass
class _Route:
    replies: list[Responder]
    served: int = 0


@dataclass
class LocalServer:
    """Routes, a request log and an in-flight high-water mark, shared with the handler threads."""

    httpd: ThreadingHTTPServer = field(init=False)
    requests: list[Seen] = field(default_factory=list)
    max_in_flight: int = 0
    _in_flight: int = 0
    _routes: dict[str, _Route] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()  # joins the handler threads
        if self._thread is not None:
            self._thread.join()

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, *replies: Responder) -> None:
        """Serve `replies` in order to successive requests for `path`; the last one repeats."""
        self._routes[path] = _Route(list(replies))

    def _enter(self, seen: Seen) -> Reply:
        with self._lock:
            self.requests.append(seen)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            route = self._routes.get(seen.path)
            if route is None:
                responder: Responder = Reply(404, b"<html><title>Not found</title></html>")
            else:
                responder = route.replies[min(route.served, len(route.replies) - 1)]
                route.served += 1
        return responder(seen) if callable(responder) else responder

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    owner: LocalServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-answer (size caps, timeouts) are expected here, not errors."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # a safety net: no handler thread outlives a forgotten client for long
    server: _Server

    def do_GET(self) -> None:
        owner = self.server.owner
        headers = {k.lower(): v for k, v in self.headers.items()}
        seen = Seen(self.path, headers, self.client_address[1])
        reply = owner._enter(seen)
        try:
            if reply.delay_s:
                owner._stopping.wait(reply.delay_s)
        finally:
            # Counted out before answering, so a client reusing this connection right after the
            # answer can never be seen as one request too many.
            owner._leave()
        try:
            self._answer(reply)
        except OSError:
            self.close_connection = True

    def _answer(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.status in (204, 304):
            self.end_headers()
        elif reply.chunks:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            size = max(1, -(-len(reply.body) // reply.chunks))
            for start in range(0, len(reply.body), size):
                piece = reply.body[start : start + size]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class SleepRecorder:
    """Stands in for asyncio.sleep: remembers the delays asked for and returns at once."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_source(url: str, headers: tuple[tuple[str, str], ...] = ()) -> Source:
    return Source(id="acme-privacy", vendor="Acme", title="Privacy", url=url, headers=headers)


def fetch(
    url: str,
    settings: FetchSettings | None = None,
    *,
    validators: Validators | None = None,
    sleep: SleepRecorder | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> Fetched:
    """One fetch of `url` with a fresh fetcher, fixed clock, seeded jitter and a fake sleep."""

    async def run() -> Fetched:
        fetcher = HttpFetcher(
            settings or FetchSettings(),
            sleep=sleep or SleepRecorder(),
            clock=lambda: FIXED_NOW,
            rng=random.Random(7),
        )
        async with fetcher:
            return await fetcher.fetch(make_source(url, headers), validators)

    return asyncio.run(run())


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class RawServer:
    """A TCP server on 127.0.0.1 that answers every request with the same raw bytes, then hangs
    up: for answers no well-behaved HTTP server can be made to send (garbage, short bodies)."""

    def __init__(self, payload: bytes) -> None:
        self._payload = payload
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.connections = 0

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping.set()
        self._thread.join()
        self._sock.close()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}{path}"

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with conn, contextlib.suppress(OSError):  # a client hanging up is not our concern
                conn.settimeout(5)
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    request += chunk
                conn.sendall(self._payload)

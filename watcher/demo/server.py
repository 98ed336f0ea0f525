"""A local HTTP server for the demo site, showing every page as it was at one chosen version step.

It behaves like a well-mannered vendor site, so the demo exercises the real fetch path: HTML
with a charset, a strong ETag per body, 304 answers to a matching If-None-Match, and 404 for
anything else. It runs on a daemon thread and writes nothing to stderr, so the demo's own output
stays readable.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socket import socket
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

from watcher.demo.site import DemoSite

__all__ = ["DemoServer"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Response:
    """What the server answers to one request."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True, slots=True)
class _Body:
    content: bytes
    etag: str


class DemoServer:
    """Serves `site` on `host:port` (port 0: any free one) from construction until `close()`."""

    def __init__(self, site: DemoSite, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.site = site
        self._step = 1
        self._closed = False
        self._bodies = _load_bodies(site)
        self._httpd = _QuietServer((host, port), self._handler_class())
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"demo-server-{self._httpd.server_address[1]}",
            daemon=True,
        )
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def step(self) -> int:
        """The version step every page serves now, 1..site.step_count."""
        return self._step

    @step.setter
    def step(self, value: int) -> None:
        if not 1 <= value <= self.site.step_count:
            raise ValueError(f"demo step must be 1..{self.site.step_count}, not {value}")
        self._step = value

    def _respond(self, method: str, target: str, if_none_match: str | None = None) -> _Response:
        """The answer to one GET or HEAD of `target` (a request path, query allowed)."""
        body = self._bodies.get((urlsplit(target).path, self._step))
        if body is None:
            return _Response(
                HTTPStatus.NOT_FOUND,
                (("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "10")),
                b"not found\n" if method == "GET" else b"",
            )
        headers: tuple[tuple[str, str], ...] = (("ETag", body.etag), ("Cache-Control", "no-cache"))
        if if_none_match is not None and _etag_matches(if_none_match, body.etag):
            return _Response(HTTPStatus.NOT_MODIFIED, headers, b"")
        headers += (
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(body.content))),
        )
        return _Response(HTTPStatus.OK, headers, body.content if method == "GET" else b"")

    def close(self) -> None:
        """Stop serving and release the socket; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 10

            def do_GET(self) -> None:
                self._answer("GET")

            def do_HEAD(self) -> None:
                self._answer("HEAD")

            def _answer(self, method: str) -> None:
                response = server._respond(method, self.path, self.headers.get("If-None-Match"))
                self.send_response(response.status)
                for name, value in response.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(response.body)

            def log_message(self, format: str, *args: Any) -> None:
                _log.debug("demo server: " + format, *args)

        return Handler


class _QuietServer(ThreadingHTTPServer):
    """A client hanging up mid-answer is routine here; note it in the log, not on stderr."""

    daemon_threads = True

    def handle_error(self, request: socket | tuple[bytes, socket], client_address: Any) -> None:
        _log.debug("demo server: error answering %s", client_address, exc_info=True)


def _load_bodies(site: DemoSite) -> dict[tuple[str, int], _Body]:
    """Every page's bytes at every step, read once, so a request never touches the disk."""
    by_file: dict[str, _Body] = {}
    bodies: dict[tuple[str, int], _Body] = {}
    for page in site.pages:
        for step in page.steps:
            if step.file not in by_file:
                content = site.body(page, step.number)
                etag = '"' + hashlib.sha256(content).hexdigest() + '"'
                by_file[step.file] = _Body(content, etag)
            bodies[page.path, step.number] = by_file[step.file]
    return bodies


def _etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 weak comparison, as If-None-Match requires: `W/` prefixes do not matter."""
    candidates = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return any(tag in ("*", etag) for tag in candidates)

"""A real HTTP receiver on 127.0.0.1 for the alert tests: records every POST, answers as scripted.

`replies` is a queue of answers, one taken per request (200 "ok" when it is empty), so a test
can script "429 with Retry-After, then 500, then 200". `stop()` closes the port (a receiver
that is down: connections are refused) and `start()` opens it again on the same port.
`with Receiver() as receiver:` starts it and stops it at the end.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"ok"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    """Names lower-cased."""
    body: bytes
    status: int
    """What the receiver answered: only a 2xx is an acknowledgement."""

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def acknowledged(self) -> bool:
        return 200 <= self.status < 300


class Receiver:
    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self._port}{path}"

    @property
    def acknowledged(self) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.acknowledged]

    def __enter__(self) -> Receiver:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", self._port), self._handler())
        server.daemon_threads = True
        self._port = int(server.server_address[1])
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join()
            self._server = None

    def _answer(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        with self._lock:
            reply = self.replies.popleft() if self.replies else Reply()
            self.received.append(Received(path, headers, body, reply.status))
        return reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                reply = receiver._answer(self.path, headers, body)
                self.send_response(reply.status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

"""A local stand-in for a Slack incoming webhook, so the demo shows the alerts it would send.

It accepts JSON posts on 127.0.0.1, answers 200 "ok" as Slack does, and keeps what it received
so the demo can print each alert's text. Nothing leaves the machine.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

__all__ = ["AlertReceiver"]


class AlertReceiver:
    """Receives webhook posts at `url` from construction until `close()`."""

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.received: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/services/demo"

    def take(self) -> list[dict[str, Any]]:
        """What arrived since the last call, oldest first."""
        with self._lock:
            taken, self.received = self.received, []
        return taken

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    payload = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    payload = {}
                with receiver._lock:
                    receiver.received.append(payload if isinstance(payload, dict) else {})
                body = b"ok"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return  # the demo's output stays readable

        return Handler

"""The benchmark's page server: a bare asyncio HTTP/1.1 keep-alive server, run as its own process.

It must never be the bottleneck of a pipeline benchmark, so it is written on `asyncio.Protocol`
with no framework and answers from bodies rendered ahead of time, one generation at a time.

    python bench/server.py --pages 1000 --port 0 [--etag]

prints the bound port as stdout's first line, then serves on 127.0.0.1 until SIGTERM/SIGINT:

    GET  /p/<i>              page i at the current generation (200, or 304 on a matching
                             If-None-Match while ETags are on)
    POST /_generation/<g>    render generation g of every page (cached) and switch to it
    POST /_etag/<on|off>     send ETags and honour If-None-Match, or not
    GET  /_stats             JSON counters: generation, etag, requests, ok, not_modified
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import signal
import sys
from dataclasses import dataclass, field

from pages import build_page, render_page

__all__ = ["Site", "main", "serve"]

_MAX_HEAD = 64 * 1024
_REASONS = {
    200: "OK",
    304: "Not Modified",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
}


@dataclass(frozen=True, slots=True)
class _Body:
    data: bytes
    etag: str


@dataclass(slots=True)
class Site:
    """Every page's body at each generation asked for so far, and what the server counted."""

    pages: int
    etag: bool = False
    generation: int = 1
    requests: int = 0
    ok: int = 0
    not_modified: int = 0
    _bodies: dict[int, tuple[_Body, ...]] = field(default_factory=dict)

    def switch(self, generation: int) -> None:
        """Make `generation` current, rendering it first if it has not been asked for before."""
        if generation not in self._bodies:
            self._bodies[generation] = tuple(
                _body(render_page(build_page(index, generation))) for index in range(self.pages)
            )
        self.generation = generation

    def page(self, index: int) -> _Body | None:
        bodies = self._bodies[self.generation]
        return bodies[index] if 0 <= index < len(bodies) else None

    def stats(self) -> bytes:
        counters = {
            "generation": self.generation,
            "etag": self.etag,
            "requests": self.requests,
            "ok": self.ok,
            "not_modified": self.not_modified,
        }
        return json.dumps(counters).encode()


def _body(text: str) -> _Body:
    data = text.encode()
    return _Body(data, '"' + hashlib.sha256(data).hexdigest()[:32] + '"')


def _etag_matches(header: str, etag: str) -> bool:
    candidates = (tag.strip().removeprefix("W/") for tag in header.split(","))
    return any(tag in ("*", etag) for tag in candidates)


class _HttpProtocol(asyncio.Protocol):
    """One client connection; parses pipelined requests out of a byte buffer."""

    def __init__(self, site: Site, open_transports: set[asyncio.Transport]) -> None:
        self._site = site
        self._open = open_transports
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._open.add(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._transport is not None:
            self._open.discard(self._transport)
        self._transport = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while self._transport is not None:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buffer) > _MAX_HEAD:
                    self._reply(400, b"request head too large\n", close=True)
                return
            lines = bytes(self._buffer[:end]).decode("latin-1").split("\r\n")
            headers = dict(_split_header(line) for line in lines[1:])
            length_field = headers.get("content-length", "0")
            if not length_field.isdigit():
                self._reply(400, b"bad content-length\n", close=True)
                return
            length = int(length_field)
            if len(self._buffer) < end + 4 + length:
                return
            del self._buffer[: end + 4 + length]
            self._handle(lines[0], headers)

    def _handle(self, request_line: str, headers: dict[str, str]) -> None:
        parts = request_line.split(" ")
        if len(parts) != 3:
            self._reply(400, b"bad request line\n", close=True)
            return
        method, target, version = parts
        target = target.partition("?")[0]
        close = version != "HTTP/1.1" or headers.get("connection", "").lower() == "close"
        self._site.requests += 1
        if method == "GET" and target.startswith("/p/"):
            self._get_page(target.removeprefix("/p/"), headers, close)
        elif method == "GET" and target == "/_stats":
            self._reply(200, self._site.stats(), close, content_type="application/json")
        elif method == "POST" and target.startswith("/_generation/"):
            self._set_generation(target.removeprefix("/_generation/"), close)
        elif method == "POST" and target in ("/_etag/on", "/_etag/off"):
            self._site.etag = target.endswith("/on")
            self._reply(200, f"etag {target.rsplit('/', 1)[1]}\n".encode(), close)
        elif target.startswith(("/p/", "/_")):
            self._reply(405, b"method not allowed\n", close)
        else:
            self._reply(404, b"not found\n", close)

    def _get_page(self, index: str, headers: dict[str, str], close: bool) -> None:
        body = self._site.page(int(index)) if index.isdigit() else None
        if body is None:
            self._reply(404, b"no such page\n", close)
            return
        if not self._site.etag:
            self._site.ok += 1
            self._reply(200, body.data, close, content_type="text/html; charset=utf-8")
        elif _etag_matches(headers.get("if-none-match", ""), body.etag):
            self._site.not_modified += 1
            self._reply(304, b"", close, etag=body.etag)
        else:
            self._site.ok += 1
            self._reply(200, body.data, close, "text/html; charset=utf-8", body.etag)

    def _set_generation(self, generation: str, close: bool) -> None:
        if not generation.isdigit() or int(generation) < 1:
            self._reply(400, b"generation must be a whole number >= 1\n", close)
            return
        self._site.switch(int(generation))
        self._reply(200, f"generation {generation}\n".encode(), close)

    def _reply(
        self,
        status: int,
        body: bytes,
        close: bool = False,
        content_type: str = "text/plain; charset=utf-8",
        etag: str | None = None,
    ) -> None:
        if self._transport is None:
            return
        head = [f"HTTP/1.1 {status} {_REASONS[status]}"]
        if status != 304:
            head += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
        if etag is not None:
            head.append(f"ETag: {etag}")
        if close:
            head.append("Connection: close")
        self._transport.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        if body:
            self._transport.write(body)
        if close:
            self._transport.close()
            self._open.discard(self._transport)
            self._transport = None


def _split_header(line: str) -> tuple[str, str]:
    name, _, value = line.partition(":")
    return name.strip().lower(), value.strip()


async def serve(site: Site, port: int) -> None:
    """Serve `site` on 127.0.0.1:`port` (0 picks a free one) until SIGTERM or SIGINT."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    open_transports: set[asyncio.Transport] = set()
    server = await loop.create_server(
        lambda: _HttpProtocol(site, open_transports), "127.0.0.1", port, backlog=1024
    )
    async with server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await stop.wait()
        for transport in list(open_transports):
            transport.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000, help="how many pages (default 1000)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free one)")
    parser.add_argument("--etag", action="store_true", help="send ETags, answer 304 on a match")
    parser.add_argument("--generation", type=int, default=1, help="generation to start at")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.generation < 1:
        parser.error("--pages and --generation must be at least 1")
    site = Site(pages=args.pages, etag=args.etag)
    site.switch(args.generation)
    asyncio.run(serve(site, args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Reading a response body within the size cap, undoing Content-Encoding without bomb risk.

The cap applies to the *decoded* bytes. httpx's own decoders inflate each network chunk in one
go, so a 64 KB chunk of a gzip bomb can become ~64 MB in memory before anyone can count it;
here zlib is told the most it may produce (`max_length`), so memory never exceeds the cap.
"""

from __future__ import annotations

import zlib

import httpx

__all__ = ["ACCEPT_ENCODING", "BodyDecodeError", "BodyTooLarge", "BoundedDecoder", "read_body"]

ACCEPT_ENCODING = "gzip, deflate"
"""What we advertise: exactly the encodings `BoundedDecoder` can undo (never br or zstd)."""


class BodyTooLarge(Exception):
    """The body (after decoding) would be bigger than the cap; the message says by what."""


class BodyDecodeError(Exception):
    """The body claims an encoding it does not have, or one we do not support."""


class _Inflater:
    """One zlib stage (gzip or deflate) that never returns more than its budget allows."""

    __slots__ = ("_fallback_to_raw", "_zlib")

    def __init__(self, encoding: str) -> None:
        # "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate.
        self._fallback_to_raw = encoding == "deflate"
        wbits = zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits)

    def inflate(self, data: bytes, budget: int) -> bytes:
        """Inflate `data`; raises BodyTooLarge as soon as the output would exceed `budget`."""
        try:
            out = self._zlib.decompress(data, budget + 1)
        except zlib.error as exc:
            if not self._fallback_to_raw:
                raise BodyDecodeError(f"corrupt compressed body: {exc}") from None
            self._fallback_to_raw = False
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.inflate(data, budget)
        if data:
            self._fallback_to_raw = False
        if len(out) > budget:
            raise BodyTooLarge
        return out

    def flush(self, budget: int) -> bytes:
        # After a decompress() that stayed under max_length nothing is pending, so this is tiny.
        out = self._zlib.flush()
        if len(out) > budget:
            raise BodyTooLarge
        return out


class BoundedDecoder:
    """Undo a Content-Encoding chain while counting decoded bytes against `limit`.

    Supports identity, gzip (x-gzip) and deflate, in any chain ("gzip, deflate" is undone right
    to left). No single inflate step may produce more than what is left of the cap, so neither
    an inner nor an outer bomb can allocate more than `limit` bytes at once.
    """

    __slots__ = ("_limit", "_size", "_stages")

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        for coding in codings:
            if coding not in ("gzip", "x-gzip", "deflate"):
                raise BodyDecodeError(f"unsupported Content-Encoding {coding!r}")
        self._stages = [_Inflater(c) for c in reversed(codings)]
        self._limit = limit
        self._size = 0

    @property
    def is_identity(self) -> bool:
        """True when the body was sent as is (no Content-Encoding to undo)."""
        return not self._stages

    def decode(self, chunk: bytes) -> bytes:
        for stage in self._stages:
            chunk = stage.inflate(chunk, self._limit - self._size)
        return self._count(chunk)

    def flush(self) -> bytes:
        out = b""
        for stage in self._stages:
            budget = self._limit - self._size
            out = stage.inflate(out, budget) + stage.flush(budget)
        return self._count(out)

    def _count(self, chunk: bytes) -> bytes:
        self._size += len(chunk)
        if self._size > self._limit:
            raise BodyTooLarge
        return chunk


async def read_body(response: httpx.Response, limit: int, *, truncate: bool = False) -> bytes:
    """The decoded body of a streamed `response`, refusing to hold more than `limit` bytes.

    Raises BodyTooLarge (its message is a one-line reason) as soon as Content-Length or the
    decoded bytes pass the cap, leaving the rest unread on the wire; BodyDecodeError for a body
    that cannot be decoded. With `truncate`, passing the cap instead returns the chunks that
    fitted whole (for error pages, which are read only to recognise bot walls).
    """
    if response.is_stream_consumed:
        # Already read into memory by httpx (httpx.MockTransport does this): nothing to bound.
        body = response.content
        if len(body) > limit and not truncate:
            raise BodyTooLarge(f"body is larger than the {limit:,} byte limit")
        return body[:limit]
    declared = response.headers.get("content-length")
    if not truncate and declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"Content-Length {int(declared):,} is over the {limit:,} byte limit")
    encoding = response.headers.get("content-encoding", "")
    decoder = BoundedDecoder(encoding, limit)
    parts: list[bytes] = []
    try:
        async for raw in response.aiter_raw():
            parts.append(decoder.decode(raw))
        parts.append(decoder.flush())
    except BodyTooLarge:
        if truncate:
            return b"".join(parts)
        if decoder.is_identity:
            raise BodyTooLarge(f"body is larger than the {limit:,} byte limit") from None
        raise BodyTooLarge(f"body decodes to more than the {limit:,} byte limit") from None
    return b"".join(parts)

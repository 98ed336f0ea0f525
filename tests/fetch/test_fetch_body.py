"""Bounded decoding of response bodies: the cap applies to decoded bytes, bombs never inflate."""

from __future__ import annotations

import asyncio
import gzip
import zlib

import httpx
import pytest

from watcher.fetch.body import BodyDecodeError, BodyTooLarge, BoundedDecoder, read_body

TEXT = b"<p>Customer data is not used to train models.</p>" * 200


def _decode_in_chunks(decoder: BoundedDecoder, data: bytes, size: int = 1000) -> bytes:
    out = [decoder.decode(data[i : i + size]) for i in range(0, len(data), size)]
    return b"".join(out) + decoder.flush()


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("", TEXT),
        ("identity", TEXT),
        ("gzip", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", _raw_deflate(TEXT)),  # what some servers send as "deflate"
        ("deflate, gzip", gzip.compress(zlib.compress(TEXT))),
        ("GZIP ", gzip.compress(TEXT)),
    ],
)
def test_decodes_supported_encodings(encoding: str, encoded: bytes) -> None:
    assert _decode_in_chunks(BoundedDecoder(encoding, len(TEXT)), encoded) == TEXT


def test_one_byte_over_the_cap_is_too_large() -> None:
    with pytest.raises(BodyTooLarge):
        _decode_in_chunks(BoundedDecoder("gzip", len(TEXT) - 1), gzip.compress(TEXT))
    with pytest.raises(BodyTooLarge):
        _decode_in_chunks(BoundedDecoder("", len(TEXT) - 1), TEXT)


def test_bomb_is_stopped_without_inflating_it() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)
    decoder = BoundedDecoder("gzip", 100_000)
    produced: list[int] = []

    with pytest.raises(BodyTooLarge):
        for start in range(0, len(bomb), 65536):
            produced.append(len(decoder.decode(bomb[start : start + 65536])))

    assert sum(produced) <= 100_000  # never handed out (or held) more than the cap


def test_nested_bomb_is_stopped() -> None:
    bomb = gzip.compress(gzip.compress(b"\0" * 20_000_000))

    with pytest.raises(BodyTooLarge):
        _decode_in_chunks(BoundedDecoder("gzip, gzip", 100_000), bomb)


def test_corrupt_and_unsupported_encodings_are_decode_errors() -> None:
    with pytest.raises(BodyDecodeError, match="corrupt compressed body"):
        _decode_in_chunks(BoundedDecoder("gzip", 10_000), b"this is not gzip at all")
    with pytest.raises(BodyDecodeError, match="unsupported Content-Encoding 'br'"):
        BoundedDecoder("br", 10_000)


def _mock_response(body: bytes, headers: dict[str, str]) -> bytes:
    """read_body over an httpx.MockTransport answer, which httpx has already read into memory."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers=headers)

    async def run() -> bytes:
        async with (
            httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client,
            client.stream("GET", "https://vendor.example/") as response,
        ):
            return await read_body(response, 1000)

    return asyncio.run(run())


def test_pre_read_responses_are_capped_too() -> None:
    assert _mock_response(b"x" * 1000, {}) == b"x" * 1000
    with pytest.raises(BodyTooLarge, match="larger than the 1,000 byte limit"):
        _mock_response(b"x" * 1001, {})

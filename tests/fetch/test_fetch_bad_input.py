"""Bad input from sources.yaml or from servers ends one fetch with a clear detail: never an
exception out of `fetch()`, and no retry when another try would get the same answer."""

from __future__ import annotations

import asyncio
import gzip
import random
import ssl

import httpx
import pytest
from fetch_server import (
    FIXED_NOW,
    HTML,
    LocalServer,
    RawServer,
    Reply,
    Seen,
    SleepRecorder,
    fetch,
    make_source,
)

from watcher.fetch import HttpFetcher
from watcher.records import Fetched, FetchOutcome, FetchSettings, Validators

PAGE = b"<!doctype html><html><title>Privacy</title><p>We keep data.</p></html>"
RETRY_TWICE = FetchSettings(retries=2)


def assert_not_retried(fetched: Fetched, sleep: SleepRecorder, attempts: int = 1) -> None:
    assert (fetched.attempts, sleep.calls) == (attempts, [])
    assert not fetched.is_transient  # the record agrees with the fetcher


@pytest.mark.parametrize(
    ("encoding", "body", "detail"),
    [
        ("br", PAGE, "undecodable body: unsupported Content-Encoding 'br'"),
        ("zstd", PAGE, "undecodable body: unsupported Content-Encoding 'zstd'"),
        ("gzip", b"not gzip at all", "undecodable body: corrupt compressed body: "),
        ("gzip", gzip.compress(PAGE)[:10] + b"\xff" * 40, "undecodable body: corrupt compressed"),
    ],
)
def test_undecodable_page_is_an_http_error_tried_once(
    server: LocalServer, encoding: str, body: bytes, detail: str
) -> None:
    server.route(
        "/p", Reply(body=body, headers=(("Content-Type", HTML), ("Content-Encoding", encoding)))
    )
    sleep = SleepRecorder()

    fetched = fetch(server.url("/p"), RETRY_TWICE, sleep=sleep)

    assert fetched.outcome is FetchOutcome.HTTP_ERROR
    assert fetched.detail.startswith(detail)
    assert (fetched.status, fetched.body, fetched.media_type) == (200, b"", "text/html")
    assert_not_retried(fetched, sleep)
    assert len(server.requests) == 1


def test_undecodable_error_page_keeps_its_status_and_its_retries(server: LocalServer) -> None:
    headers = (("Content-Type", HTML), ("Content-Encoding", "br"))
    server.route("/p", Reply(503, b"down", headers=headers), Reply(body=PAGE))
    sleep = SleepRecorder()

    failed = fetch(server.url("/p"), FetchSettings(retries=0), sleep=sleep)
    recovered = fetch(server.url("/p"), RETRY_TWICE, sleep=sleep)

    assert (failed.outcome, failed.detail) == (
        FetchOutcome.HTTP_ERROR,
        "HTTP 503 Service Unavailable",
    )
    assert failed.is_transient
    assert (recovered.outcome, recovered.attempts) == (FetchOutcome.OK, 1)


@pytest.mark.parametrize(
    ("name", "value", "detail"),
    [
        ("X-Note", "café", "invalid request header 'X-Note': value must be ASCII"),
        ("X-Note", "a\r\nInjected: 1", "invalid request header 'X-Note': value must not contain"),
        ("X-Note", "a\x00b", "invalid request header 'X-Note': value must not contain"),
        ("X Note", "a", "invalid request header name 'X Note'"),
        ("", "a", "invalid request header name ''"),
        ("Nöte", "a", "invalid request header name 'Nöte'"),
    ],
)
def test_bad_source_header_fails_the_fetch_without_a_request(
    server: LocalServer, name: str, value: str, detail: str
) -> None:
    sleep = SleepRecorder()

    fetched = fetch(server.url("/p"), RETRY_TWICE, sleep=sleep, headers=((name, value),))

    assert fetched.outcome is FetchOutcome.HTTP_ERROR
    assert fetched.detail.startswith(detail)
    assert (fetched.status, fetched.final_url, fetched.fetched_at) == (
        None,
        server.url("/p"),
        FIXED_NOW,
    )
    assert_not_retried(fetched, sleep, attempts=0)
    assert server.requests == []


def test_header_values_are_sent_without_surrounding_spaces(server: LocalServer) -> None:
    server.route("/p", Reply(body=PAGE))

    fetched = fetch(server.url("/p"), headers=(("X-Note", "  padded\t"), ("X-Empty", "")))

    assert fetched.outcome is FetchOutcome.OK
    assert server.requests[0].headers["x-note"] == "padded"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[invalid/privacy", "Invalid IPv6 URL"),
        ("ftp://vendor.example/terms.txt", "unsupported scheme 'ftp'"),
        ("vendor.example/privacy", "not an absolute http(s) URL"),
        ("", "not an absolute http(s) URL"),
        ("http:///privacy", "no host name"),
        ("http://127.0.0.1:99999/", "Port out of range 0-65535"),
        ("http://127.0.0.1:port/", "Port could not be cast to integer value as 'port'"),
        ("http://vendor example/", "invalid host name 'vendor example'"),
        ("http://vendor.example/\x00", "Invalid non-printable ASCII character in URL"),
    ],
)
def test_bad_source_url_fails_the_fetch_without_a_request(url: str, problem: str) -> None:
    sleep = SleepRecorder()

    fetched = fetch(url, RETRY_TWICE, sleep=sleep)

    assert fetched.outcome is FetchOutcome.HTTP_ERROR
    assert fetched.detail.startswith(f"cannot fetch this URL: {problem}")
    assert fetched.status is None
    assert_not_retried(fetched, sleep, attempts=0)


def test_validators_that_cannot_be_sent_back_are_left_out(server: LocalServer) -> None:
    stamp = "Wed, 21 Oct 2025 07:28:00 GMT"

    def answer(seen: Seen) -> Reply:
        if "if-none-match" in seen.headers or "if-modified-since" in seen.headers:
            return Reply(304)
        # http.server sends header values as Latin-1: the client reads back '"vé"'.
        return Reply(body=PAGE, headers=(("Content-Type", HTML), ("ETag", '"vé"')))

    server.route("/p", answer)

    first = fetch(server.url("/p"))
    second = fetch(server.url("/p"), validators=Validators(etag=first.header("etag")))
    third = fetch(
        server.url("/p"), validators=Validators(etag=first.header("etag"), last_modified=stamp)
    )

    assert first.header("etag") == '"vé"'
    assert (second.outcome, second.body) == (FetchOutcome.OK, PAGE)  # unconditional, not a crash
    assert third.outcome is FetchOutcome.NOT_MODIFIED
    assert "if-none-match" not in server.requests[2].headers
    assert server.requests[2].headers["if-modified-since"] == stamp


def test_tls_to_a_plain_http_server_is_a_network_error(server: LocalServer) -> None:
    fetched = fetch(server.url("/p").replace("http:", "https:"), FetchSettings(retries=0))

    assert fetched.outcome is FetchOutcome.NETWORK_ERROR
    assert fetched.detail.startswith("connection failed: [SSL")


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        (b"HELLO\r\n\r\n", "protocol error: "),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", "protocol error: "),
        (b"HTTP/1.1 200 OK\r\nBad Header\r\n\r\n", "protocol error: "),
        (b"", "protocol error: "),
    ],
)
def test_broken_http_answers_are_network_errors_and_retried(payload: bytes, detail: str) -> None:
    sleep = SleepRecorder()

    with RawServer(payload) as raw:
        fetched = fetch(raw.url("/p"), FetchSettings(retries=1), sleep=sleep)

    assert fetched.outcome is FetchOutcome.NETWORK_ERROR and fetched.is_transient
    assert fetched.detail.startswith(detail)
    assert fetched.attempts == raw.connections == 2


def _fetch_raising(exc: Exception) -> tuple[Fetched, SleepRecorder]:
    """Fetch through a transport that raises `exc`, as httpx's lower layers may."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    sleep = SleepRecorder()

    async def run() -> Fetched:
        async with (
            httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client,
            HttpFetcher(RETRY_TWICE, client=client, sleep=sleep, rng=random.Random(1)) as fetcher,
        ):
            return await fetcher.fetch(make_source("https://vendor.example/privacy"))

    return asyncio.run(run()), sleep


@pytest.mark.parametrize(
    ("exc", "outcome", "detail", "attempts"),
    [
        (ssl.SSLError(1, "[SSL] bad record mac"), FetchOutcome.NETWORK_ERROR, "network error: ", 3),
        (ConnectionResetError(104, "reset"), FetchOutcome.NETWORK_ERROR, "network error: ", 3),
        (OSError(), FetchOutcome.NETWORK_ERROR, "network error: OSError", 3),
        (httpx.ReadError(""), FetchOutcome.NETWORK_ERROR, "read failed: ReadError", 3),
        (httpx.StreamClosed(), FetchOutcome.NETWORK_ERROR, "network error: Attempted", 3),
        (httpx.DecodingError("bad"), FetchOutcome.NETWORK_ERROR, "network error: bad", 3),
        (httpx.PoolTimeout("pool"), FetchOutcome.TIMEOUT, "no complete answer within", 3),
        (httpx.LocalProtocolError("Illegal header"), FetchOutcome.HTTP_ERROR, "cannot send", 1),
        (httpx.UnsupportedProtocol("no"), FetchOutcome.HTTP_ERROR, "cannot send this request", 1),
        (httpx.InvalidURL("bad url"), FetchOutcome.HTTP_ERROR, "cannot send this request", 1),
    ],
)
def test_any_exchange_error_becomes_a_failing_fetch(
    exc: Exception, outcome: FetchOutcome, detail: str, attempts: int
) -> None:
    fetched, sleep = _fetch_raising(exc)

    assert (fetched.outcome, fetched.attempts) == (outcome, attempts)
    assert fetched.detail.startswith(detail)
    assert fetched.is_transient is (attempts > 1)
    assert len(sleep.calls) == attempts - 1

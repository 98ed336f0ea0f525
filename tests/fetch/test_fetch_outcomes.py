"""Every FetchOutcome, produced by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import zlib

from fetch_server import (
    FIXED_NOW,
    HTML,
    LocalServer,
    Reply,
    Seen,
    SleepRecorder,
    closed_port,
    fetch,
)

from watcher.records import FetchOutcome, FetchSettings, Validators

PAGE = b"<!doctype html><html><head><title>Privacy</title></head><body><p>We keep data.</p></body>"


def test_ok_returns_body_headers_and_metadata(server: LocalServer) -> None:
    server.route("/privacy", Reply(body=PAGE, headers=(("Content-Type", HTML), ("X-Thing", "A"))))

    fetched = fetch(server.url("/privacy"))

    assert fetched.outcome is FetchOutcome.OK and fetched.is_success
    assert (fetched.status, fetched.body, fetched.detail) == (200, PAGE, "")
    assert fetched.media_type == "text/html"
    assert ("x-thing", "A") in fetched.headers
    assert all(name == name.lower() for name, _ in fetched.headers)
    assert fetched.header("Content-Type") == HTML
    assert fetched.url == fetched.final_url == server.url("/privacy")
    assert fetched.fetched_at == FIXED_NOW
    assert fetched.attempts == 1
    assert fetched.elapsed_s >= 0.0


def test_redirects_are_followed_and_final_url_recorded(server: LocalServer) -> None:
    server.route("/old", Reply(301, headers=(("Location", "/mid"),)))
    server.route("/mid", Reply(302, headers=(("Location", server.url("/new")),)))
    server.route("/new", Reply(body=PAGE))

    fetched = fetch(server.url("/old"))

    assert fetched.outcome is FetchOutcome.OK
    assert fetched.url == server.url("/old")
    assert fetched.final_url == server.url("/new")
    assert [seen.path for seen in server.requests] == ["/old", "/mid", "/new"]


def test_redirect_loop_is_too_many_redirects(server: LocalServer) -> None:
    server.route("/loop", Reply(302, headers=(("Location", "/loop"),)))

    fetched = fetch(server.url("/loop"), FetchSettings(max_redirects=3))

    assert fetched.outcome is FetchOutcome.TOO_MANY_REDIRECTS
    assert fetched.detail == "more than 3 redirects"
    assert len(server.requests) == 4
    assert fetched.attempts == 1  # a loop is not transient


def test_not_modified_with_etag(server: LocalServer) -> None:
    def answer(seen: Seen) -> Reply:
        if seen.headers.get("if-none-match") == '"v1"':
            return Reply(304, headers=(("ETag", '"v1"'),))
        return Reply(body=PAGE, headers=(("Content-Type", HTML), ("ETag", '"v1"')))

    server.route("/p", answer)

    first = fetch(server.url("/p"))
    second = fetch(server.url("/p"), validators=Validators(etag=first.header("etag")))

    assert first.outcome is FetchOutcome.OK and first.body == PAGE
    assert "if-none-match" not in server.requests[0].headers
    assert second.outcome is FetchOutcome.NOT_MODIFIED and second.is_success
    assert (second.status, second.body) == (304, b"")


def test_not_modified_with_last_modified(server: LocalServer) -> None:
    stamp = "Wed, 21 Oct 2025 07:28:00 GMT"

    def answer(seen: Seen) -> Reply:
        if seen.headers.get("if-modified-since") == stamp:
            return Reply(304)
        return Reply(body=PAGE, headers=(("Content-Type", HTML), ("Last-Modified", stamp)))

    server.route("/p", answer)

    first = fetch(server.url("/p"))
    second = fetch(
        server.url("/p"), validators=Validators(last_modified=first.header("last-modified"))
    )

    assert first.outcome is FetchOutcome.OK
    assert second.outcome is FetchOutcome.NOT_MODIFIED and second.body == b""


def test_404_is_an_http_error_and_not_retried(server: LocalServer) -> None:
    sleep = SleepRecorder()

    fetched = fetch(server.url("/missing"), sleep=sleep)

    assert fetched.outcome is FetchOutcome.HTTP_ERROR
    assert fetched.detail == "HTTP 404 Not Found"
    assert fetched.status == 404 and not fetched.is_transient
    assert (fetched.attempts, sleep.calls) == (1, [])


def test_slow_server_is_a_timeout_and_retried(server: LocalServer) -> None:
    server.route("/slow", Reply(body=PAGE, delay_s=5.0))
    sleep = SleepRecorder()

    fetched = fetch(server.url("/slow"), FetchSettings(timeout_s=0.2, retries=1), sleep=sleep)

    assert fetched.outcome is FetchOutcome.TIMEOUT and fetched.is_transient
    assert fetched.status is None and fetched.body == b""
    assert "0.2 s" in fetched.detail
    assert fetched.attempts == 2 and len(sleep.calls) == 1


def test_closed_port_is_a_network_error_after_retries() -> None:
    sleep = SleepRecorder()

    fetched = fetch(f"http://127.0.0.1:{closed_port()}/", FetchSettings(retries=2), sleep=sleep)

    assert fetched.outcome is FetchOutcome.NETWORK_ERROR and fetched.is_transient
    assert fetched.detail.startswith("connection failed")
    assert fetched.attempts == 3 and len(sleep.calls) == 2


def test_too_large_by_content_length_reads_nothing(server: LocalServer) -> None:
    server.route("/big", Reply(body=b"<p>" + b"x" * 5000))

    fetched = fetch(server.url("/big"), FetchSettings(max_body_bytes=1000))

    assert fetched.outcome is FetchOutcome.TOO_LARGE
    assert fetched.detail == "Content-Length 5,003 is over the 1,000 byte limit"
    assert fetched.body == b""


def test_too_large_while_streaming_without_content_length(server: LocalServer) -> None:
    server.route("/stream", Reply(body=b"<p>" + b"x" * 50_000, chunks=25))

    fetched = fetch(server.url("/stream"), FetchSettings(max_body_bytes=10_000))

    assert fetched.header("content-length") is None
    assert fetched.outcome is FetchOutcome.TOO_LARGE
    assert fetched.detail == "body is larger than the 10,000 byte limit"


def test_gzip_bomb_is_too_large_after_decoding(server: LocalServer) -> None:
    bomb = gzip.compress(b"<p>" + b"\0" * 20_000_000)
    server.route(
        "/bomb", Reply(body=bomb, headers=(("Content-Type", HTML), ("Content-Encoding", "gzip")))
    )

    fetched = fetch(server.url("/bomb"), FetchSettings(max_body_bytes=1_000_000))

    assert len(bomb) < 1_000_000  # the declared (compressed) size passes the up-front check
    assert fetched.outcome is FetchOutcome.TOO_LARGE
    assert fetched.detail == "body decodes to more than the 1,000,000 byte limit"


def test_compressed_pages_are_decoded(server: LocalServer) -> None:
    server.route(
        "/gz",
        Reply(
            body=gzip.compress(PAGE), headers=(("Content-Type", HTML), ("Content-Encoding", "gzip"))
        ),
    )
    server.route(
        "/deflate",
        Reply(
            body=zlib.compress(PAGE),
            headers=(("Content-Type", HTML), ("Content-Encoding", "deflate")),
        ),
    )

    for path in ("/gz", "/deflate"):
        fetched = fetch(server.url(path))
        assert (fetched.outcome, fetched.body) == (FetchOutcome.OK, PAGE), path
    assert "gzip" in server.requests[0].headers["accept-encoding"]

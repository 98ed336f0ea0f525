"""Redirects, followed by the fetcher itself: bad Locations, credentials, kept connections."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fetch_server import LocalServer, Reply, SleepRecorder, fetch, make_source

from watcher.fetch import HttpFetcher
from watcher.records import Fetched, FetchOutcome, FetchSettings

PAGE = b"<!doctype html><html><title>Privacy</title><p>We keep data.</p></html>"
RETRY_TWICE = FetchSettings(retries=2)


@pytest.mark.parametrize(
    ("location", "problem"),
    [
        ("http://[invalid", "Invalid IPv6 URL"),
        ("http://[::1/", "Invalid IPv6 URL"),
        ("https://vendor.example:99999999/", "Port out of range 0-65535"),
        ("http://vendor example/", "invalid host name 'vendor example'"),
        ("http://%zz/", "invalid host name '%zz'"),
        ("http://", "no host name"),
        ("http:", "no host name"),
        ("http://:80/", "no host name"),
        ("ftp://files.example/terms.txt", "unsupported scheme 'ftp'"),
        ("javascript:alert(1)", "unsupported scheme 'javascript'"),
    ],
)
def test_bad_redirect_location_is_an_http_error_tried_once(
    server: LocalServer, location: str, problem: str
) -> None:
    server.route("/moved", Reply(302, headers=(("Location", location),)))
    sleep = SleepRecorder()

    fetched = fetch(server.url("/moved"), RETRY_TWICE, sleep=sleep)

    assert fetched.outcome is FetchOutcome.HTTP_ERROR
    assert fetched.detail == f"bad redirect Location {location!r}: {problem}"
    assert (fetched.status, fetched.header("location")) == (302, location)
    assert fetched.final_url == server.url("/moved")
    assert (fetched.attempts, sleep.calls, fetched.is_transient) == (1, [], False)
    assert len(server.requests) == 1  # nothing else was asked for, not even a DNS name


def test_relative_and_absolute_redirects_are_followed(server: LocalServer) -> None:
    server.route("/a/old", Reply(301, headers=(("Location", " ../new?x=1 "),)))
    server.route("/new?x=1", Reply(307, headers=(("Location", server.url("/final")),)))
    server.route("/final", Reply(body=PAGE))

    fetched = fetch(server.url("/a/old"))

    assert (fetched.outcome, fetched.final_url) == (FetchOutcome.OK, server.url("/final"))
    assert [seen.path for seen in server.requests] == ["/a/old", "/new?x=1", "/final"]


def test_credentials_do_not_follow_a_redirect_to_another_host(server: LocalServer) -> None:
    server.route("/same", Reply(302, headers=(("Location", "/other"),)))
    server.route("/other", Reply(302, headers=(("Location", server.url("/away", "localhost")),)))
    server.route("/away", Reply(body=PAGE))
    secrets = (("Authorization", "Bearer s3cret"), ("Cookie", "consent=yes"), ("X-Note", "kept"))

    fetched = fetch(server.url("/same"), headers=secrets)

    assert fetched.outcome is FetchOutcome.OK
    first, same_host, other_host = (seen.headers for seen in server.requests)
    assert first["authorization"] == same_host["authorization"] == "Bearer s3cret"
    assert same_host["cookie"] == "consent=yes"
    assert "authorization" not in other_host and "cookie" not in other_host
    assert other_host["x-note"] == "kept"


def test_redirect_answers_keep_their_connection(server: LocalServer) -> None:
    server.route("/old", Reply(301, b"<a href=/new>Moved</a>", headers=(("Location", "/new"),)))
    server.route("/new", Reply(body=PAGE))

    fetched = fetch(server.url("/old"))

    assert fetched.outcome is FetchOutcome.OK
    assert server.requests[0].client_port == server.requests[1].client_port


def test_a_supplied_clients_own_requests_still_follow_redirects(server: LocalServer) -> None:
    server.route("/old", Reply(302, headers=(("Location", "/new"),)))
    server.route("/new", Reply(body=PAGE))

    async def run() -> tuple[Fetched, httpx.Response]:
        async with httpx.AsyncClient() as client:
            async with HttpFetcher(FetchSettings(), client=client) as fetcher:
                fetched = await fetcher.fetch(make_source(server.url("/old")))
            return fetched, await client.get(server.url("/old"), follow_redirects=True)

    fetched, own = asyncio.run(run())

    assert fetched.outcome is FetchOutcome.OK
    assert (own.status_code, own.content, len(own.history)) == (200, PAGE, 1)

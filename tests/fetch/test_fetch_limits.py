"""Concurrency limits seen from the server's side, request headers, and the fetcher's lifecycle."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fetch_server import LocalServer, Reply, SleepRecorder, fetch, make_source

from watcher.fetch import HttpFetcher
from watcher.fetch.limits import Limiter
from watcher.records import Fetched, FetchOutcome, FetchSettings, Source

PAGE = b"<!doctype html><html><title>AI</title><p>We train models.</p></html>"


def _fetch_all(settings: FetchSettings, sources: list[Source]) -> list[Fetched]:
    """Fetch concurrently through a client whose own pool would allow 100 connections, so only
    the fetcher's limiter can hold the server's count down."""

    async def run() -> list[Fetched]:
        pool = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        async with (
            httpx.AsyncClient(limits=pool) as client,
            HttpFetcher(settings, client=client, sleep=SleepRecorder()) as fetcher,
        ):
            return await asyncio.gather(*(fetcher.fetch(s) for s in sources))

    return asyncio.run(run())


def test_per_host_limit_is_respected(server: LocalServer) -> None:
    for i in range(8):
        server.route(f"/p{i}", Reply(body=PAGE, delay_s=0.05))
    sources = [make_source(server.url(f"/p{i}")) for i in range(8)]

    results = _fetch_all(FetchSettings(concurrency=16, per_host_concurrency=2), sources)

    assert {r.outcome for r in results} == {FetchOutcome.OK}
    assert server.max_in_flight == 2


def test_global_limit_spans_hosts(server: LocalServer) -> None:
    for i in range(8):
        server.route(f"/p{i}", Reply(body=PAGE, delay_s=0.05))
    sources = [
        make_source(server.url(f"/p{i}", host="127.0.0.1" if i % 2 else "localhost"))
        for i in range(8)
    ]

    results = _fetch_all(FetchSettings(concurrency=3, per_host_concurrency=2), sources)

    assert {r.outcome for r in results} == {FetchOutcome.OK}
    assert server.max_in_flight == 3


def test_user_agent_and_source_headers_are_sent(server: LocalServer) -> None:
    server.route("/p", Reply(body=PAGE))
    settings = FetchSettings(user_agent="PolicyWatcherTest/9.9")
    extra = (("X-Api-Key", "k-123"), ("accept-language", "de-CH"))

    fetch(server.url("/p"), settings, headers=extra)

    seen = server.requests[0].headers
    assert seen["user-agent"] == "PolicyWatcherTest/9.9"
    assert seen["x-api-key"] == "k-123"
    assert seen["accept-language"] == "de-CH"
    assert seen["accept"].startswith("text/html")
    assert seen["accept-encoding"] == "gzip, deflate"


def test_source_header_overrides_a_default_instead_of_duplicating_it(server: LocalServer) -> None:
    server.route("/p", Reply(body=PAGE))

    fetch(server.url("/p"), headers=(("user-agent", "Custom/1"),))

    assert server.requests[0].headers["user-agent"] == "Custom/1"


def test_injected_client_is_used_and_left_open() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})

    async def run() -> tuple[Fetched, bool]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            async with HttpFetcher(FetchSettings(), client=client) as fetcher:
                fetched = await fetcher.fetch(make_source("https://acme.example/privacy"))
            return fetched, client.is_closed

    fetched, closed_after_fetcher = asyncio.run(run())

    assert fetched.outcome is FetchOutcome.OK and fetched.body == PAGE
    assert not closed_after_fetcher


def test_limiter_rejects_nonsense_limits() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Limiter(0, 2)

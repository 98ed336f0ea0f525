"""The lane transport: keep-alive per origin, and every lane freed whatever happens."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fetch_server import LocalServer, Reply, SleepRecorder, make_source

from watcher.fetch import HttpFetcher
from watcher.fetch.lanes import LaneTransport
from watcher.records import FetchOutcome, FetchSettings

PAGE = b"<!doctype html><html><title>Terms</title><p>Terms.</p></html>"


def _run(settings: FetchSettings, lanes: int, urls: list[str]) -> tuple[list[FetchOutcome], int]:
    """Fetch `urls` one after the other; the outcomes and the lanes still busy afterwards."""

    async def run() -> tuple[list[FetchOutcome], int]:
        transport = LaneTransport(lanes)
        async with (
            httpx.AsyncClient(transport=transport) as client,
            HttpFetcher(settings, client=client, sleep=SleepRecorder()) as fetcher,
        ):
            outcomes = [(await fetcher.fetch(make_source(url))).outcome for url in urls]
            return outcomes, transport.in_flight

    return asyncio.run(run())


def test_each_origin_keeps_its_connection(server: LocalServer) -> None:
    server.route("/p", Reply(body=PAGE))
    hosts = ["127.0.0.1", "localhost", "localhost", "127.0.0.1", "127.0.0.1", "localhost"]

    outcomes, _ = _run(FetchSettings(concurrency=2), 2, [server.url("/p", h) for h in hosts])

    assert outcomes == [FetchOutcome.OK] * 6
    seen = list(zip(server.requests, hosts, strict=True))
    ports = {host: {s.client_port for s, h in seen if h == host} for host in hosts}
    assert len(ports["127.0.0.1"]) == len(ports["localhost"]) == 1  # one connection each
    assert ports["127.0.0.1"] != ports["localhost"]


def test_lanes_are_freed_after_failures(server: LocalServer) -> None:
    server.route("/slow", Reply(body=PAGE, delay_s=5.0))
    server.route("/big", Reply(body=b"<p>" + b"x" * 50_000, chunks=10))
    server.route("/ok", Reply(body=PAGE))
    settings = FetchSettings(concurrency=1, timeout_s=0.2, retries=0, max_body_bytes=1000)

    outcomes, in_flight = _run(settings, 1, [server.url(p) for p in ("/slow", "/big", "/ok")])

    assert outcomes == [FetchOutcome.TIMEOUT, FetchOutcome.TOO_LARGE, FetchOutcome.OK]
    assert in_flight == 0


def test_lane_count_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least one lane"):
        LaneTransport(0)

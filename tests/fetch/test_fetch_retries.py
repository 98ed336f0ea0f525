"""Retries of transient failures: backoff with jitter, Retry-After, and the Retry-After cap."""

from __future__ import annotations

import random
from datetime import timedelta
from email.utils import format_datetime

from fetch_server import FIXED_NOW, LocalServer, Reply, SleepRecorder, fetch

from watcher.fetch.limits import backoff_delay, parse_retry_after
from watcher.records import FetchOutcome, FetchSettings

PAGE = b"<!doctype html><html><title>Terms</title><p>Terms of service.</p></html>"
UNAVAILABLE = Reply(503, b"<html><title>Service Unavailable</title>down</html>")


def test_503_is_retried_then_succeeds(server: LocalServer) -> None:
    server.route("/p", UNAVAILABLE, Reply(body=PAGE))
    sleep = SleepRecorder()

    fetched = fetch(server.url("/p"), FetchSettings(retries=2, backoff_s=1.0), sleep=sleep)

    assert fetched.outcome is FetchOutcome.OK and fetched.body == PAGE
    assert fetched.attempts == 2 and len(server.requests) == 2
    assert len(sleep.calls) == 1 and 0.0 <= sleep.calls[0] <= 1.0


def test_retries_stop_after_the_configured_number(server: LocalServer) -> None:
    server.route("/p", UNAVAILABLE)
    sleep = SleepRecorder()

    fetched = fetch(server.url("/p"), FetchSettings(retries=3, backoff_s=2.0), sleep=sleep)

    assert fetched.outcome is FetchOutcome.HTTP_ERROR and fetched.is_transient
    assert fetched.detail == "HTTP 503 Service Unavailable"
    assert fetched.attempts == 4 and len(server.requests) == 4
    ceilings = [2.0, 4.0, 8.0]  # exponential, each draw anywhere below its ceiling
    assert all(0.0 <= d <= c for d, c in zip(sleep.calls, ceilings, strict=True))


def test_429_retry_after_seconds_is_honoured(server: LocalServer) -> None:
    server.route("/p", Reply(429, headers=(("Retry-After", "7"),)), Reply(body=PAGE))
    sleep = SleepRecorder()

    fetched = fetch(server.url("/p"), sleep=sleep)

    assert fetched.outcome is FetchOutcome.OK
    assert sleep.calls == [7.0] and fetched.attempts == 2


def test_retry_after_http_date_is_honoured(server: LocalServer) -> None:
    when = format_datetime(FIXED_NOW + timedelta(seconds=30), usegmt=True)
    server.route("/p", Reply(503, headers=(("Retry-After", when),)), Reply(body=PAGE))
    sleep = SleepRecorder()

    fetched = fetch(server.url("/p"), sleep=sleep)

    assert fetched.outcome is FetchOutcome.OK
    assert sleep.calls == [30.0]


def test_retry_after_over_the_cap_gives_up_without_waiting(server: LocalServer) -> None:
    server.route("/p", Reply(429, headers=(("Retry-After", "3600"),)), Reply(body=PAGE))
    sleep = SleepRecorder()

    fetched = fetch(server.url("/p"), FetchSettings(max_retry_after_s=60), sleep=sleep)

    assert fetched.outcome is FetchOutcome.HTTP_ERROR and fetched.status == 429
    assert fetched.detail == (
        "HTTP 429 Too Many Requests; Retry-After 3600 s is over the 60 s limit"
    )
    assert sleep.calls == [] and fetched.attempts == 1


def test_no_retries_when_disabled(server: LocalServer) -> None:
    server.route("/p", UNAVAILABLE, Reply(body=PAGE))
    sleep = SleepRecorder()

    fetched = fetch(server.url("/p"), FetchSettings(retries=0), sleep=sleep)

    assert fetched.outcome is FetchOutcome.HTTP_ERROR
    assert (fetched.attempts, sleep.calls) == (1, [])


def test_backoff_is_full_jitter_under_an_exponential_ceiling() -> None:
    rng = random.Random(1)
    draws = [backoff_delay(3, 0.5, 100.0, rng) for _ in range(200)]

    assert all(0.0 <= d <= 2.0 for d in draws)
    assert max(draws) > 1.5 and min(draws) < 0.5  # spread over the range, not fixed
    assert backoff_delay(30, 1.0, 120.0, rng) <= 120.0


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("120", FIXED_NOW) == 120.0
    assert parse_retry_after(" 0 ", FIXED_NOW) == 0.0
    past = format_datetime(FIXED_NOW - timedelta(hours=1), usegmt=True)
    assert parse_retry_after(past, FIXED_NOW) == 0.0
    assert parse_retry_after("soon", FIXED_NOW) is None
    assert parse_retry_after("-5", FIXED_NOW) is None
    assert parse_retry_after(None, FIXED_NOW) is None

"""Fixtures for the fetch tests: a live local HTTP server per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fetch_server import LocalServer


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.start()
    try:
        yield local
    finally:
        local.close()

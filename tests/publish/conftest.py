"""Fixtures for the publish tests: a real receiver on 127.0.0.1 and a real, empty store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from receiver import Receiver

from watcher.store import Store, open_store


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """Listening for the whole test; a test may `stop()` it to play a receiver that is down."""
    with Receiver() as running:
        yield running


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with closing(open_store(tmp_path / "snapshots")) as opened:
        yield opened

"""Fixtures for the store tests: a real FileStore over a snapshots folder in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from watcher.store.files import FileStore


@pytest.fixture
def snapshots(tmp_path: Path) -> Path:
    return tmp_path / "snapshots"


@pytest.fixture
def store(snapshots: Path) -> Iterator[FileStore]:
    with FileStore(snapshots) as opened:
        yield opened

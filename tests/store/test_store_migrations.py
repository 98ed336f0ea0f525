"""Schema migrations: applied once, in order, recorded; later ones just append."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from store_inputs import T0, make_inputs

from watcher.errors import StoreError
from watcher.store.files import FileStore
from watcher.store.migrations import MIGRATIONS, Migration, applied_migrations, migrate

RELEASED = {m.number: m.name for m in MIGRATIONS}
NEXT = len(MIGRATIONS) + 1
LATER = Migration(
    NEXT,
    "annotations",
    (
        "CREATE TABLE annotations (source_id TEXT NOT NULL, version INTEGER NOT NULL, note TEXT)",
        "CREATE INDEX annotations_version ON annotations (source_id, version)",
    ),
)


@pytest.fixture
def index(snapshots: Path) -> Iterator[sqlite3.Connection]:
    """A raw connection to an index made by the store, holding one version."""
    with FileStore(snapshots) as store:
        store.add_version(*make_inputs(), captured_at=T0)
    with closing(sqlite3.connect(snapshots / "index.sqlite", isolation_level=None)) as conn:
        yield conn


def test_new_index_has_the_initial_schema_in_wal_mode(index: sqlite3.Connection) -> None:
    assert applied_migrations(index) == RELEASED
    tables = {name for (name,) in index.execute("SELECT name FROM sqlite_master")}
    assert {"sources", "source_state", "checks", "versions", "checks_source_checked_at"} <= tables
    assert "findings" in tables
    assert index.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_migrating_again_applies_nothing(index: sqlite3.Connection) -> None:
    assert migrate(index) == ()
    assert applied_migrations(index) == RELEASED


def test_an_appended_migration_upgrades_an_existing_index(index: sqlite3.Connection) -> None:
    assert migrate(index, (*MIGRATIONS, LATER)) == (f"{NEXT:04d}_annotations",)

    assert applied_migrations(index) == {**RELEASED, NEXT: "annotations"}
    assert index.execute("SELECT count(*) FROM versions").fetchone() == (1,)
    index.execute("INSERT INTO annotations VALUES ('acme-privacy', 1, 'seen')")


def test_a_failing_migration_leaves_no_trace(index: sqlite3.Connection) -> None:
    broken = Migration(NEXT, "broken", ("CREATE TABLE half (x)", "INSERT INTO missing VALUES (1)"))

    with pytest.raises(sqlite3.OperationalError, match="no such table: missing"):
        migrate(index, (*MIGRATIONS, broken))

    assert applied_migrations(index) == RELEASED
    assert index.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchall() == []


def test_an_index_from_a_newer_version_is_refused(
    index: sqlite3.Connection, snapshots: Path
) -> None:
    migrate(index, (*MIGRATIONS, LATER))

    with pytest.raises(StoreError, match=rf"index.sqlite: .*migration {NEXT:04d}, newer than"):
        FileStore(snapshots)


def test_migrations_must_be_numbered_in_order(index: sqlite3.Connection) -> None:
    with pytest.raises(ValueError, match="numbered 1, 2, 3"):
        migrate(index, (*MIGRATIONS, Migration(NEXT + 1, "gap", ())))


def test_released_migrations_are_never_edited() -> None:
    """An index written by any release must upgrade in place: change the schema with a new step."""
    released = {
        1: "initial",
        2: "version_reader",
        3: "findings",
        4: "outbox",
        5: "alerts_queued",
    }
    assert {m.number: m.name for m in MIGRATIONS}.items() >= released.items()
    digests = {
        m.number: hashlib.sha256("\n".join(m.statements).encode()).hexdigest()[:12]
        for m in MIGRATIONS
    }
    assert digests[1] == "9e978d6edf49"
    assert digests[2] == "2cc478fda63a"
    assert digests[3] == "7504d74c4760"
    assert digests[4] == "cac6b76f4b0f"
    assert digests[5] == "4462ab9c5ed1"

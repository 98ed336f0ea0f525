"""Which stored changes are still owed their alerts: marked when stored, cleared with the
outbox rows in one transaction, kept across a reindex, never set on versions from before 0005."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from store_inputs import T0, make_inputs

from watcher.records import Delivery, StoredAnalysis, Verdict
from watcher.store.files import FileStore
from watcher.store.migrations import MIGRATIONS, migrate

WEAKENED = StoredAnalysis(Verdict.WEAKENED, (), "test")


def _two_versions(store: FileStore, *, technical: bool = False) -> None:
    store.add_version(*make_inputs(), captured_at=T0)
    second = make_inputs(text="# Privacy\n\nWe may train models on your messages.")
    later = T0 + timedelta(hours=1)
    analysis = None if technical else WEAKENED
    store.add_version(*second, captured_at=later, technical=technical, analysis=analysis)


def test_an_analysed_change_is_owed_its_alerts_until_enqueue_names_it(snapshots: Path) -> None:
    with FileStore(snapshots) as store:
        _two_versions(store)
        assert [v.number for v in store.unqueued_versions()] == [2]

        added = store.enqueue(
            [Delivery("acme-privacy/v2", "team")], now=T0, version=("acme-privacy", 2)
        )

        assert added == 1 and store.unqueued_versions() == ()


def test_a_change_no_route_takes_is_marked_with_no_rows(snapshots: Path) -> None:
    with FileStore(snapshots) as store:
        _two_versions(store)
        assert store.enqueue((), now=T0, version=("acme-privacy", 2)) == 0
        assert store.unqueued_versions() == () and store.deliveries() == ()


def test_first_and_technical_versions_are_never_owed_alerts(snapshots: Path) -> None:
    with FileStore(snapshots) as store:
        _two_versions(store, technical=True)
        assert store.unqueued_versions() == ()


def test_a_reindex_keeps_what_is_still_owed(snapshots: Path) -> None:
    with FileStore(snapshots) as store:
        _two_versions(store)
        assert store.reindex() == 2
        assert [v.number for v in store.unqueued_versions()] == [2]


def test_versions_stored_before_the_migration_are_never_swept(snapshots: Path) -> None:
    snapshots.mkdir()
    with closing(sqlite3.connect(snapshots / "index.sqlite", isolation_level=None)) as conn:
        migrate(conn, MIGRATIONS[:4])
        conn.execute(
            "INSERT INTO versions (source_id, number, captured_at, text_sha256, raw_sha256, url,"
            " final_url, status, verdict) VALUES ('acme-privacy', 2, ?, ?, ?, 'u', 'u', 200,"
            " 'weakened')",
            (T0.isoformat(), "0" * 64, "0" * 64),
        )

    with FileStore(snapshots) as store:
        assert len(store.versions("acme-privacy")) == 1
        assert store.unqueued_versions() == ()

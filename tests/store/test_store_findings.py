"""The analysis kept with a version: in its evidence `.json`, in the index, rebuilt from files."""

from __future__ import annotations

import json
import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from store_inputs import T0, make_inputs

from watcher.records import (
    Check,
    CheckOutcome,
    FetchOutcome,
    Finding,
    StoredAnalysis,
    Topic,
    Verdict,
    Version,
)
from watcher.store.files import FileStore
from watcher.store.migrations import MIGRATIONS, applied_migrations, migrate
from watcher.store.rows import to_iso

OLD = "We will not use your messages to train AI models."
NEW = "We may use your messages to train AI models."
ANALYSIS = StoredAnalysis(
    Verdict.WEAKENED,
    (
        Finding(
            hunk_index=1,
            verdict=Verdict.WEAKENED,
            topics=frozenset({Topic.CONSENT_OPTOUT, Topic.AI_TRAINING}),
            explanation="prohibition → permission: 'will not use' became 'may use'",
            old_text=OLD,
            new_text=NEW,
        ),
        Finding(3, Verdict.COSMETIC, frozenset(), "only the date changed", "May 1", "June 2"),
    ),
    analyzer="7",
)


def _two_versions(store: FileStore, analysis: StoredAnalysis | None = ANALYSIS) -> Version:
    store.add_version(*make_inputs(text=OLD), captured_at=T0)
    return store.add_version(*make_inputs(text=NEW), captured_at=T0, after=1, analysis=analysis)


def test_a_analysis_is_kept_with_its_version_and_read_back(store: FileStore) -> None:
    version = _two_versions(store)

    assert version.verdict is Verdict.WEAKENED
    assert version.topics == {Topic.AI_TRAINING, Topic.CONSENT_OPTOUT}
    assert store.version("acme-privacy", 2) == version
    assert store.versions("acme-privacy")[1].verdict is Verdict.WEAKENED
    assert store.analysis(version) == ANALYSIS


def test_a_version_without_a_analysis_has_no_verdict(store: FileStore, snapshots: Path) -> None:
    version = _two_versions(store, analysis=None)
    first = store.version("acme-privacy", 1)

    assert (first.verdict, version.verdict) == (None, None)
    assert (first.topics, version.topics) == (frozenset(), frozenset())
    assert store.analysis(version) is None
    assert "analysis" not in json.loads((snapshots / "acme-privacy" / "0002.json").read_text())


def test_an_empty_analysis_is_still_a_analysis(store: FileStore) -> None:
    version = _two_versions(store, StoredAnalysis(Verdict.UNCHANGED, (), "7"))

    assert version.verdict is Verdict.UNCHANGED
    assert store.analysis(version) == StoredAnalysis(Verdict.UNCHANGED, (), "7")


def test_the_evidence_json_carries_the_analysis(store: FileStore, snapshots: Path) -> None:
    _two_versions(store)

    data = json.loads((snapshots / "acme-privacy" / "0002.json").read_text("utf-8"))
    assert data["analysis"] == {
        "analyzer": "7",
        "verdict": "weakened",
        "findings": [
            {
                "verdict": "weakened",
                "topics": ["ai_training", "consent_optout"],
                "explanation": "prohibition → permission: 'will not use' became 'may use'",
                "old": OLD,
                "new": NEW,
                "hunk": 1,
            },
            {
                "verdict": "cosmetic",
                "topics": [],
                "explanation": "only the date changed",
                "old": "May 1",
                "new": "June 2",
                "hunk": 3,
            },
        ],
    }
    assert list(data["analysis"]["findings"][0]) == [
        "verdict",
        "topics",
        "explanation",
        "old",
        "new",
        "hunk",
    ]


def test_reindex_rebuilds_the_findings_from_the_files(snapshots: Path) -> None:
    with FileStore(snapshots) as first:
        version = _two_versions(first)
        before = first.versions("acme-privacy")
    (snapshots / "index.sqlite").unlink()

    with FileStore(snapshots) as second:
        assert second.versions("acme-privacy") == before
        assert second.analysis(version) == ANALYSIS
        assert second.reindex() == 2  # twice over the same files: no duplicate findings
        assert second.analysis(version) == ANALYSIS
    with closing(sqlite3.connect(snapshots / "index.sqlite")) as conn:
        assert conn.execute("SELECT count(*) FROM findings").fetchone() == (2,)


def test_an_unreadable_analysis_keeps_the_version_without_it(
    store: FileStore, snapshots: Path, caplog: pytest.LogCaptureFixture
) -> None:
    version = _two_versions(store)
    marker = snapshots / "acme-privacy" / "0002.json"
    data = json.loads(marker.read_text("utf-8"))
    data["analysis"]["findings"][0]["verdict"] = "catastrophic"
    marker.write_text(json.dumps(data), "utf-8")
    caplog.set_level(logging.WARNING)

    assert store.reindex() == 2

    kept = store.version("acme-privacy", 2)
    assert kept.text_sha256 == version.text_sha256
    assert kept.verdict is None and store.analysis(kept) is None
    assert "0002.json: unreadable analysis" in caplog.text


def test_a_version_found_only_on_disk_is_adopted_with_its_findings(snapshots: Path) -> None:
    with FileStore(snapshots) as first:
        version = _two_versions(first)
    # as if the process died after renaming 0002.json but before the index commit
    with closing(sqlite3.connect(snapshots / "index.sqlite")) as conn, conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("DELETE FROM versions WHERE number = 2")
        assert conn.execute("SELECT count(*) FROM findings").fetchone() == (0,)

    with FileStore(snapshots) as second:
        second.add_version(*make_inputs(text="third"), captured_at=T0)
        assert second.analysis(second.version("acme-privacy", 2)) == ANALYSIS
        assert second.version("acme-privacy", 2) == version


def _index_at_migration_0002(snapshots: Path, version: Version) -> None:
    """Replace the index with one as Policy Watcher wrote it before findings existed."""
    index = snapshots / "index.sqlite"
    for path in snapshots.glob("index.sqlite*"):
        path.unlink()
    with closing(sqlite3.connect(index, isolation_level=None)) as conn:
        migrate(conn, MIGRATIONS[:2])
        v = version
        conn.execute(
            "INSERT INTO versions (source_id, number, captured_at, text_sha256, raw_sha256, url, "
            "final_url, status, title, technical, summary, reader) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                *(v.source_id, v.number, to_iso(v.captured_at), v.text_sha256, v.raw_sha256),
                *(v.url, v.final_url, v.status, v.title, 0, v.summary, v.reader),
            ),
        )
        conn.execute(
            "INSERT INTO checks (source_id, checked_at, outcome, fetch_outcome, version) "
            "VALUES (?, ?, 'first_version', 'ok', 1)",
            (v.source_id, to_iso(T0)),
        )
        conn.execute(
            "INSERT INTO source_state (source_id, last_version, last_text_sha256, "
            "last_raw_sha256) VALUES (?, 1, ?, ?)",
            (v.source_id, v.text_sha256, v.raw_sha256),
        )


def test_migration_0003_upgrades_an_index_from_before_findings(snapshots: Path) -> None:
    with FileStore(snapshots) as first:  # files as the old version wrote them: no analysis
        old = first.add_version(*make_inputs(text=OLD), captured_at=T0)
    _index_at_migration_0002(snapshots, old)

    with FileStore(snapshots) as store:
        with closing(sqlite3.connect(snapshots / "index.sqlite")) as conn:
            applied = applied_migrations(conn).items()
            assert applied >= {1: "initial", 2: "version_reader", 3: "findings"}.items()
        assert store.versions("acme-privacy") == (old,)
        assert store.analysis(old) is None
        assert [c.outcome for c in store.checks("acme-privacy")] == [CheckOutcome.FIRST_VERSION]
        new = store.add_version(*make_inputs(text=NEW), captured_at=T0, after=1, analysis=ANALYSIS)
        assert store.analysis(new) == ANALYSIS
        store.record_check(
            Check("acme-privacy", T0, CheckOutcome.NEW_VERSION, FetchOutcome.OK, version=2)
        )
        assert store.state("acme-privacy").last_version == 2
        assert [v.verdict for v in store.versions("acme-privacy")] == [None, Verdict.WEAKENED]

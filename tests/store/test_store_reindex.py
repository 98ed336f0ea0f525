"""Rebuilding the index from the files: lost or corrupt index, bad evidence, files ahead of it."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from store_inputs import T0, make_inputs

from watcher.records import Check, CheckOutcome, FetchOutcome, Version
from watcher.store.files import FileStore


def _fill(store: FileStore) -> tuple[Version, ...]:
    """Five versions over two sources, with summaries and a technical one, plus some checks."""
    added = []
    for n in range(3):
        fetched, document = make_inputs(text=f"acme text {n}", fetched_at=T0 + timedelta(hours=n))
        added.append(
            store.add_version(
                fetched, document, captured_at=fetched.fetched_at, summary=f"change {n}"
            )
        )
    for n in range(2):
        added.append(
            store.add_version(
                *make_inputs("northwind-terms", f"northwind {n}"),
                captured_at=T0 + timedelta(days=1, microseconds=n),
                technical=n == 1,
            )
        )
    raw = added[2].raw_sha256
    store.record_check(
        Check("acme-privacy", T0, CheckOutcome.NEW_VERSION, FetchOutcome.OK, 200, "", 0.1, 3, raw)
    )
    store.record_check(Check("acme-privacy", T0, CheckOutcome.FAILED, FetchOutcome.TIMEOUT))
    return tuple(added)


def test_deleted_index_is_rebuilt_with_identical_versions(snapshots: Path) -> None:
    with FileStore(snapshots) as first:
        added = _fill(first)
        before = {sid: first.versions(sid) for sid in first.source_ids()}
        state_before = first.state("northwind-terms")
    (snapshots / "index.sqlite").unlink()

    with FileStore(snapshots) as second:  # a fresh index over existing files rebuilds itself
        after = {sid: second.versions(sid) for sid in second.source_ids()}
        assert after == before
        assert second.reindex() == len(added) == 5
        assert {sid: second.versions(sid) for sid in second.source_ids()} == before
        state = second.state("northwind-terms")
        assert (state.last_version, state.last_text_sha256, state.last_raw_sha256) == (
            2,
            added[-1].text_sha256,
            added[-1].raw_sha256,
        )
        assert state_before.last_version == 2  # add_version points the state at the version
        assert second.checks("acme-privacy") == ()  # the check log lived only in the old index
        assert second.add_version(*make_inputs(text="acme text 3"), captured_at=T0).number == 4


def test_reindex_keeps_the_check_log_and_failure_count(store: FileStore) -> None:
    _fill(store)
    checks = store.checks("acme-privacy")
    state = store.state("acme-privacy")

    assert store.reindex() == 5

    assert store.checks("acme-privacy") == checks
    assert store.state("acme-privacy") == state
    assert len(checks) == 2


def test_reindex_forgets_versions_whose_files_are_gone(store: FileStore, snapshots: Path) -> None:
    _fill(store)
    for path in (snapshots / "northwind-terms").iterdir():
        path.unlink()

    assert store.reindex() == 3

    assert store.versions("northwind-terms") == ()
    assert store.state("acme-privacy").last_version == 3


def test_corrupt_index_is_moved_aside_and_rebuilt(
    snapshots: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with FileStore(snapshots) as first:
        added = _fill(first)
    index = snapshots / "index.sqlite"
    index.write_bytes(b"this is not an SQLite database" * 100)

    with FileStore(snapshots, now=lambda: T0) as second:
        assert second.versions("acme-privacy") == added[:3]

    aside = snapshots / "index.sqlite.corrupt-20240301T120000000000Z"
    assert aside.read_bytes() == b"this is not an SQLite database" * 100
    assert "moved it to index.sqlite.corrupt-20240301T120000000000Z" in caplog.text


def test_index_with_damaged_pages_is_moved_aside_on_reindex(snapshots: Path) -> None:
    with FileStore(snapshots) as first:
        first.add_version(*make_inputs(), captured_at=T0)
        for n in range(2000):  # enough rows that the check log spans many pages
            first.record_check(
                Check("acme-privacy", T0, CheckOutcome.FAILED, FetchOutcome.TIMEOUT, detail=f"{n}")
            )
    index = snapshots / "index.sqlite"
    size = index.stat().st_size
    with index.open("r+b") as file:  # damage the last pages; the schema pages stay intact
        file.seek(size - 10 * 4096)
        file.write(b"\xde\xad" * 4096 * 5)

    with FileStore(snapshots, now=lambda: T0) as second:
        assert second.reindex() == 1
        assert second.checks("acme-privacy") == ()
        assert second.version("acme-privacy").number == 1
    assert (snapshots / "index.sqlite.corrupt-20240301T120000000000Z").is_file()


def test_bad_evidence_is_reported_skipped_and_left_in_place(
    store: FileStore, snapshots: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _fill(store)
    folder = snapshots / "acme-privacy"
    (folder / "0002.md").write_text("We sell your data.", "utf-8")
    (folder / "0003.json").write_text("{not json", "utf-8")
    caplog.set_level(logging.WARNING)

    assert store.reindex() == 3

    assert [v.number for v in store.versions("acme-privacy")] == [1]
    assert "0002.md: content does not match its recorded sha256" in caplog.text
    assert "0003.json: unreadable evidence" in caplog.text
    assert (folder / "0002.md").read_text("utf-8") == "We sell your data."
    assert (folder / "0003.json").read_text("utf-8") == "{not json"
    # numbers held by evidence on disk are never reused, so nothing is overwritten
    assert store.add_version(*make_inputs(text="new"), captured_at=T0).number == 4
    assert (folder / "0003.json").read_text("utf-8") == "{not json"


def test_evidence_naming_another_version_is_skipped(
    store: FileStore, snapshots: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store.add_version(*make_inputs(), captured_at=T0)
    marker = snapshots / "acme-privacy" / "0001.json"
    data = json.loads(marker.read_text("utf-8"))
    marker.write_text(json.dumps({**data, "number": 5}), "utf-8")

    assert store.reindex() == 0
    assert "names 'acme-privacy' version 5" in caplog.text


def test_reindex_removes_leftovers_of_interrupted_writes(store: FileStore, snapshots: Path) -> None:
    store.add_version(*make_inputs(), captured_at=T0)
    folder = snapshots / "acme-privacy"
    (folder / "0002.md").write_text("half written", "utf-8")
    (folder / ".0002.raw.gz.k3j4.tmp").write_bytes(b"partial")
    (folder / "notes.txt").write_text("not ours", "utf-8")

    assert store.reindex() == 1

    assert sorted(os.listdir(folder)) == ["0001.json", "0001.md", "0001.raw.gz", "notes.txt"]


def test_versions_committed_to_files_but_not_to_the_index_are_adopted(snapshots: Path) -> None:
    with FileStore(snapshots) as first:
        kept = first.add_version(*make_inputs(text="one"), captured_at=T0)
        lost = first.add_version(*make_inputs(text="two"), captured_at=T0)
    # as if the process died after renaming 0002.json but before the index commit
    with closing(sqlite3.connect(snapshots / "index.sqlite")) as conn, conn:
        conn.execute("DELETE FROM versions WHERE number = 2")

    with FileStore(snapshots) as second:
        assert second.versions("acme-privacy") == (kept,)  # readers see the index
        third = second.add_version(*make_inputs(text="three"), captured_at=T0)
        assert third.number == 3
        assert second.versions("acme-privacy") == (kept, lost, third)

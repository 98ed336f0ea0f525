"""Adding and reading versions: evidence files, numbering, lookups and their error messages."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from store_inputs import T0, make_inputs

from watcher.errors import NotFoundError, StoreError
from watcher.records import Source, SourceState
from watcher.store import Store, open_store
from watcher.store.files import FileStore


def test_file_store_satisfies_the_store_protocol(store: FileStore, snapshots: Path) -> None:
    assert isinstance(store, Store)
    opened = open_store(snapshots)
    try:
        assert isinstance(opened, FileStore)
    finally:
        opened.close()


def test_round_trip_keeps_text_raw_body_and_evidence(store: FileStore, snapshots: Path) -> None:
    text = "# Privacy\n\nWe analyse messages “to develop AI/ML models”.\n"
    fetched, document = make_inputs(text=text, body=b"<html>\x00\xffbinary-ish</html>")

    version = store.add_version(fetched, document, captured_at=T0, summary="first version")

    assert version.number == 1
    assert (version.url, version.final_url, version.status) == (
        fetched.url,
        fetched.final_url,
        200,
    )
    assert (version.title, version.summary, version.technical) == (
        "Privacy Policy",
        "first version",
        False,
    )
    assert store.read_text(version) == text
    assert store.read_raw(version) == fetched.body
    folder = snapshots / "acme-privacy"
    assert sorted(p.name for p in folder.iterdir()) == ["0001.json", "0001.md", "0001.raw.gz"]
    assert (folder / "0001.md").read_bytes() == text.encode("utf-8")
    assert gzip.decompress((folder / "0001.raw.gz").read_bytes()) == fetched.body
    evidence = json.loads((folder / "0001.json").read_text("utf-8"))
    assert evidence["headers"] == [["content-type", "text/html; charset=utf-8"], ["etag", '"v1"']]
    assert evidence["raw_sha256"] == hashlib.sha256(fetched.body).hexdigest()
    assert evidence["text_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert evidence["captured_at"] == "2024-03-01T12:00:00+00:00"
    assert evidence["fetched_at"] == "2024-03-01T12:00:00+00:00"
    assert evidence["extractor_version"] == "test-1"
    assert evidence["media_type"] == "text/html"
    assert evidence["format_version"] == 1
    assert (evidence["source_id"], evidence["number"], evidence["elapsed_s"]) == (
        "acme-privacy",
        1,
        0.25,
    )


def test_versions_are_numbered_per_source_from_one(store: FileStore) -> None:
    numbers = [
        store.add_version(*make_inputs(sid, f"text {sid} {i}"), captured_at=T0).number
        for i in range(3)
        for sid in ("acme-privacy", "northwind-terms")
    ]

    assert numbers == [1, 1, 2, 2, 3, 3]
    assert [v.number for v in store.versions("acme-privacy")] == [1, 2, 3]
    assert store.version("acme-privacy").number == 3
    assert store.read_text(store.version("northwind-terms", 2)) == "text northwind-terms 1"
    assert store.source_ids() == ("acme-privacy", "northwind-terms")


def test_numbering_continues_after_reopening(snapshots: Path) -> None:
    with FileStore(snapshots) as first:
        first.add_version(*make_inputs(text="one"), captured_at=T0)
    with FileStore(snapshots) as second:
        version = second.add_version(*make_inputs(text="two"), captured_at=T0, technical=True)
        assert (version.number, version.technical) == (2, True)
        assert second.versions("acme-privacy")[1] == version


def test_timestamps_come_back_as_aware_utc(store: FileStore) -> None:
    paris = timezone(timedelta(hours=2))
    captured = datetime(2024, 3, 1, 14, 0, 0, 123456, tzinfo=paris)

    added = store.add_version(*make_inputs(), captured_at=captured)
    stored = store.version("acme-privacy", 1)

    assert stored == added
    assert stored.captured_at == captured
    assert stored.captured_at.utcoffset() == timedelta(0)
    assert stored.captured_at.hour == 12


def test_missing_versions_and_sources_are_named(store: FileStore) -> None:
    for i in range(4):
        store.add_version(*make_inputs(text=f"text {i}"), captured_at=T0)
    store.sync_sources([Source("quiet", "Quiet Co", "Terms", "https://quiet.example/terms")])

    message = r"^no version 7 of 'acme-privacy' \(it has 1–4\)$"  # noqa: RUF001
    with pytest.raises(NotFoundError, match=message):
        store.version("acme-privacy", 7)
    with pytest.raises(NotFoundError, match=r"^unknown source 'x'$"):
        store.version("x")
    with pytest.raises(NotFoundError, match=r"^'quiet' has no versions yet$"):
        store.version("quiet")
    assert store.versions("x") == ()


def test_unknown_source_has_a_blank_state(store: FileStore) -> None:
    assert store.state("new-source") == SourceState(source_id="new-source")
    assert store.checks("new-source") == ()


@pytest.mark.parametrize(
    "bad_id", ["", "../escape", "a/b", ".hidden", "-dash", "index.sqlite", "x" * 200, "a\x00b"]
)
def test_unsafe_source_ids_are_rejected(store: FileStore, snapshots: Path, bad_id: str) -> None:
    with pytest.raises(StoreError, match="cannot be a folder name"):
        store.add_version(*make_inputs(bad_id), captured_at=T0)
    assert sorted(p.name for p in snapshots.iterdir() if p.is_dir()) == []


def test_records_that_disagree_are_refused(store: FileStore) -> None:
    fetched, document = make_inputs()
    _, other_doc = make_inputs(text="something else")
    other_fetched, _ = make_inputs("northwind-terms")

    with pytest.raises(StoreError, match="text_sha256"):
        store.add_version(fetched, replace(document, text="edited after hashing"), captured_at=T0)
    with pytest.raises(StoreError, match="raw_sha256"):
        store.add_version(fetched, other_doc, captured_at=T0)
    with pytest.raises(StoreError, match="different sources"):
        store.add_version(other_fetched, document, captured_at=T0)
    assert store.versions("acme-privacy") == ()


def test_opening_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "snapshots"
    with FileStore(target) as opened:
        assert opened.source_ids() == ()
    assert (target / "index.sqlite").is_file()


def test_opening_a_file_names_it(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "snapshots"
    not_a_folder.write_text("oops")
    with pytest.raises(StoreError, match=r"snapshots: is a file, not a folder"):
        FileStore(not_a_folder)


def test_tampered_text_is_detected_on_read(store: FileStore, snapshots: Path) -> None:
    version = store.add_version(*make_inputs(text="We never sell your data."), captured_at=T0)
    md = snapshots / "acme-privacy" / "0001.md"
    md.write_text("We sell your data.", "utf-8")

    with pytest.raises(StoreError, match=r"0001\.md: content does not match its recorded sha256"):
        store.read_text(version)
    assert store.read_raw(version)  # the untouched raw body still reads


def test_damaged_or_missing_raw_is_detected(store: FileStore, snapshots: Path) -> None:
    version = store.add_version(*make_inputs(), captured_at=T0)
    raw = snapshots / "acme-privacy" / "0001.raw.gz"
    raw.write_bytes(raw.read_bytes()[:-8])
    with pytest.raises(StoreError, match=r"0001\.raw\.gz: damaged gzip data"):
        store.read_raw(version)
    raw.unlink()
    with pytest.raises(StoreError, match=r"0001\.raw\.gz: missing"):
        store.read_raw(version)


def test_two_stores_on_one_folder_never_share_a_number(snapshots: Path) -> None:
    with FileStore(snapshots) as first, FileStore(snapshots) as second:
        numbers = [
            writer.add_version(*make_inputs(text=f"text {i}"), captured_at=T0).number
            for i, writer in enumerate([first, second, second, first])
        ]
        assert numbers == [1, 2, 3, 4]
        assert first.versions("acme-privacy") == second.versions("acme-privacy")

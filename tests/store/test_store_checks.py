"""The check log and per-source state: what each kind of check does to what is remembered."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from store_inputs import T0, make_inputs

from watcher.errors import NotFoundError, StoreError
from watcher.records import (
    Check,
    CheckOutcome,
    DocumentKind,
    FetchOutcome,
    Source,
    SourceState,
    Validators,
)
from watcher.store.files import FileStore

FIRST, NEW, SAME, FAILED = (
    CheckOutcome.FIRST_VERSION,
    CheckOutcome.NEW_VERSION,
    CheckOutcome.UNCHANGED,
    CheckOutcome.FAILED,
)
OK, NOT_MODIFIED, HTTP_ERROR, TIMEOUT = (
    FetchOutcome.OK,
    FetchOutcome.NOT_MODIFIED,
    FetchOutcome.HTTP_ERROR,
    FetchOutcome.TIMEOUT,
)

# (outcome, fetch outcome, raw sha, etag, last-modified, version)
#   -> (failures, last raw sha, etag, last-modified, last version)
STEPS = [
    ((FIRST, OK, "raw1", '"e1"', "Mon", 1), (0, "raw1", '"e1"', "Mon", 1)),
    ((FAILED, HTTP_ERROR, None, None, None, None), (1, "raw1", '"e1"', "Mon", 1)),
    # a lost extraction is failed even though a body came back: nothing of it is kept
    ((FAILED, OK, "broken", '"e9"', "Sun", None), (2, "raw1", '"e1"', "Mon", 1)),
    ((FAILED, TIMEOUT, None, None, None, None), (3, "raw1", '"e1"', "Mon", 1)),
    # a 304 without validators keeps the previous ones
    ((SAME, NOT_MODIFIED, None, None, None, None), (0, "raw1", '"e1"', "Mon", 1)),
    # a 304 with a new etag only replaces the etag
    ((SAME, NOT_MODIFIED, None, '"e2"', None, None), (0, "raw1", '"e2"', "Mon", 1)),
    # a 200 says what the validators are now, including that there is no etag any more
    ((SAME, OK, "raw2", None, "Tue", None), (0, "raw2", None, "Tue", 1)),
    ((NEW, OK, "raw3", '"e3"', None, 2), (0, "raw3", '"e3"', None, 2)),
    ((FAILED, HTTP_ERROR, None, None, None, None), (1, "raw3", '"e3"', None, 2)),
]


def test_record_check_folds_each_kind_of_check_into_the_state(store: FileStore) -> None:
    texts = {
        n: store.add_version(*make_inputs(text=f"text {n}"), captured_at=T0).text_sha256
        for n in (1, 2)
    }
    for step, ((outcome, fetch_outcome, raw, etag, modified, version), expected) in enumerate(
        STEPS
    ):
        check = Check(
            source_id="acme-privacy",
            checked_at=T0 + timedelta(minutes=step),
            outcome=outcome,
            fetch_outcome=fetch_outcome,
            status=200,
            detail=f"step {step}",
            version=version,
            raw_sha256=raw,
            etag=etag,
            last_modified=modified,
        )
        failures, last_raw, last_etag, last_modified, last_version = expected

        state = store.record_check(check)

        assert state == SourceState(
            source_id="acme-privacy",
            last_raw_sha256=last_raw,
            last_text_sha256=texts[last_version],
            last_version=last_version,
            validators=Validators(etag=last_etag, last_modified=last_modified),
            consecutive_failures=failures,
            last_checked_at=check.checked_at,
            last_outcome=outcome,
            last_detail=f"step {step}",
        ), f"step {step}"
        assert store.state("acme-privacy") == state


def test_first_check_of_a_new_source_creates_its_state(store: FileStore) -> None:
    failed = store.record_check(Check("new", T0, FAILED, TIMEOUT, detail="timed out"))
    assert (failed.consecutive_failures, failed.last_raw_sha256, failed.validators) == (
        1,
        None,
        Validators(),
    )
    assert failed.is_broken(1)
    assert store.source_ids() == ("new",)


def test_check_log_is_newest_first_and_limited(store: FileStore) -> None:
    checks = [
        Check("acme-privacy", T0 + timedelta(seconds=i), SAME, OK, 200, f"#{i}", 0.5, None, "r")
        for i in range(5)
    ]
    tie = replace(checks[-1], detail="same time, logged later")
    for check in [*checks, tie]:
        store.record_check(check)
    store.record_check(Check("other", T0, FAILED, TIMEOUT))

    logged = store.checks("acme-privacy", limit=3)

    assert logged == (tie, checks[4], checks[3])
    assert len(store.checks("acme-privacy")) == 6


def test_check_log_keeps_no_validators(store: FileStore) -> None:
    check = Check("acme-privacy", T0, SAME, OK, 200, raw_sha256="r", etag='"e"', last_modified="x")
    store.record_check(check)
    assert store.checks("acme-privacy") == (replace(check, etag=None, last_modified=None),)


def test_a_check_naming_an_unknown_version_is_refused_and_not_logged(store: FileStore) -> None:
    with pytest.raises(NotFoundError, match="names version 3"):
        store.record_check(Check("acme-privacy", T0, NEW, OK, 200, version=3))
    assert store.checks("acme-privacy") == ()
    assert store.state("acme-privacy") == SourceState("acme-privacy")


def test_unsafe_source_id_is_refused(store: FileStore) -> None:
    with pytest.raises(StoreError, match="cannot be a folder name"):
        store.record_check(Check("../x", T0, FAILED, TIMEOUT))


def test_state_and_log_survive_reopening(snapshots: Path) -> None:
    with FileStore(snapshots) as first:
        first.record_check(Check("acme-privacy", T0, FAILED, TIMEOUT, detail="slow"))
        first.record_check(Check("acme-privacy", T0, FAILED, TIMEOUT, detail="slower"))
    with FileStore(snapshots) as second:
        assert second.state("acme-privacy").consecutive_failures == 2
        assert [c.detail for c in second.checks("acme-privacy")] == ["slower", "slow"]


def test_sync_sources_updates_details_and_keeps_first_seen(snapshots: Path) -> None:
    moments = iter([T0, T0 + timedelta(days=1)])
    source = Source("acme-privacy", "Acme", "Privacy", "https://acme.example/p")
    with FileStore(snapshots, now=lambda: next(moments)) as opened:
        opened.sync_sources([source])
        opened.sync_sources(
            [replace(source, title="Privacy Principles", kind=DocumentKind.AI_POLICY)]
        )

    with closing(sqlite3.connect(snapshots / "index.sqlite")) as conn:
        rows = conn.execute(
            "SELECT id, vendor, title, url, kind, first_seen FROM sources"
        ).fetchall()
    assert rows == [
        (
            "acme-privacy",
            "Acme",
            "Privacy Principles",
            "https://acme.example/p",
            "ai_policy",
            "2024-03-01T12:00:00+00:00",
        )
    ]

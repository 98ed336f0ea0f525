"""Where versions and checks live: one small interface, so another back end can replace the files.

The default back end (`FileStore`) keeps every version as plain files under
`snapshots/<source-id>/` (readable Markdown, gzipped raw response, JSON evidence) and an SQLite
index beside them that can be rebuilt from the files at any time. A PostgreSQL back end for
several workers only has to satisfy `Store`.

Every back end keeps these promises: datetimes come back timezone-aware in UTC; a lookup of
something the store does not have raises `NotFoundError` with a one-line message naming it; any
other storage failure (an unusable folder, evidence whose hash no longer matches) raises
`StoreError` naming the file or source.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from watcher.records import (
    Check,
    Delivery,
    DeliveryState,
    Document,
    Fetched,
    Source,
    SourceState,
    StoredAnalysis,
    Version,
)


@runtime_checkable
class Store(Protocol):
    """The whole storage contract used by the pipeline, the CLI and (later) the web UI."""

    def sync_sources(self, sources: Sequence[Source]) -> None:
        """Record the configured sources (id, vendor, title, url, kind); never deletes history.

        A source id must be usable as a folder name (letters, digits, `.`, `_`, `-`).
        """

    def state(self, source_id: str) -> SourceState:
        """What is remembered of a source between checks (a blank state for a new source)."""

    def record_check(self, check: Check) -> SourceState:
        """Log one check attempt and update the source's state; returns the new state.

        In one transaction: a FAILED check adds one to `consecutive_failures` and keeps the last
        hashes and validators; any other check resets the count to 0, keeps its `raw_sha256`
        when given, and takes its validators (after a 304, only those it has). A check naming a
        `version` (which must already be stored) moves `last_version` and `last_text_sha256`.
        """

    def add_version(
        self,
        fetched: Fetched,
        document: Document,
        *,
        captured_at: datetime,
        summary: str = "",
        technical: bool = False,
        after: int | None = None,
        analysis: StoredAnalysis | None = None,
    ) -> Version:
        """Keep a new distinct version atomically: all of its files, or none of them.

        `analysis` is the analysis of the version against the one before (None: not analysed,
        as for a first or technical version). It is kept with the version's evidence, so a
        rebuilt index has it too, and sets the version's `verdict` and `topics`.

        `after` is the number of the version the caller compared against (0: none yet); if
        another version was stored since, ConflictError and nothing is written.

        Its number is the source's last number + 1. `document.text_sha256` and `raw_sha256`
        must be the sha256 of the UTF-8 text and of `fetched.body` (StoreError otherwise): they
        are what every later read is checked against.
        """

    def note_reader(self, version: Version, reader: str) -> None:
        """Remember that `version`, still the latest, reads the same with `reader` (so a
        source's new reading settings are tried on its stored page once, not every check)."""

    def versions(self, source_id: str) -> tuple[Version, ...]:
        """Every version of a source, oldest first (empty for an unknown source)."""

    def version(self, source_id: str, number: int | None = None) -> Version:
        """One version (the latest when number is None); NotFoundError if there is none."""

    def analysis(self, version: Version) -> StoredAnalysis | None:
        """The analysis stored with a version (its findings), or None if it was not analysed;
        NotFoundError if the store does not have the version."""

    def read_text(self, version: Version) -> str:
        """The version's text; StoreError if what is stored no longer has its sha256."""

    def read_raw(self, version: Version) -> bytes:
        """The raw response body as fetched; StoreError if it no longer has its sha256."""

    def read_fetched(self, version: Version) -> Fetched:
        """The fetch a version was made from (body, headers, URLs, times), to read it again."""

    def checks(self, source_id: str, limit: int = 50) -> tuple[Check, ...]:
        """The most recent check attempts of a source, newest first."""

    def source_ids(self) -> tuple[str, ...]:
        """Every source that has state or versions in the store."""

    def reindex(self) -> int:
        """Rebuild the index from the files; returns how many versions were found.

        The check log, failure counts and the alert outbox are kept when the old index is
        readable.
        """

    # The alert outbox (`watcher.publish.outbox.Outbox`, which the store satisfies by shape):
    # one row per (change, channel) delivery, pending -> sending -> sent, or failed.

    def enqueue(
        self,
        deliveries: Sequence[Delivery],
        *,
        now: datetime,
        version: tuple[str, int] | None = None,
    ) -> int:
        """Queue deliveries not already queued (same key, any state); how many were new. With
        `version` (source id, number), mark that change's alerts queued in the same
        transaction (even with no deliveries)."""

    def unqueued_versions(self) -> tuple[Version, ...]:
        """Changes stored whose alerts were never queued (a crash between `add_version` and
        `enqueue`). A non-technical version stored with an analysis starts here; versions
        stored before schema 0005, technical and first versions never do."""

    def due(
        self, now: datetime, *, limit: int | None = 100, channel: str | None = None
    ) -> tuple[Delivery, ...]:
        """Pending deliveries whose time has come, and `sending` ones whose claim ran out: at
        most `limit` per channel (None: all), of every channel or only `channel`."""

    def note_waiting(self, channel: str, error: str) -> int:
        """Set the last error of a channel's pending deliveries, counting no attempt."""

    def claim(self, key: str, now: datetime) -> Delivery | None:
        """Take a due delivery for sending (attempts + 1, committed); None if it is not due,
        already held by another sender, sent, failed or unknown."""

    def mark_sent(self, key: str, at: datetime) -> None: ...

    def mark_retry(self, key: str, error: str, next_attempt_at: datetime) -> None: ...

    def mark_failed(self, key: str, error: str) -> None: ...

    def deliveries(self, states: Sequence[DeliveryState] = ()) -> tuple[Delivery, ...]:
        """Deliveries in these states (all when none are given), oldest first."""

    def retry_failed(self, now: datetime) -> int:
        """Failed deliveries back to pending, due now; how many."""

    def close(self) -> None: ...


def open_store(snapshots: str | Path) -> Store:
    """Open (creating if needed) the store in a snapshots folder."""
    from watcher.store.files import FileStore

    return FileStore(Path(snapshots))


__all__ = ["Store", "open_store"]

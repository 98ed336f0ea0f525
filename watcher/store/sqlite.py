"""The SQLite index beside the snapshot files: sources, per-source state, the check log, versions.

The index is a cache of the files for versions (it can be rebuilt from them) and the only home of
the check log and the per-source state. One connection in autocommit mode; every write is an
explicit BEGIN IMMEDIATE transaction, which doubles as the lock that keeps two processes from
numbering versions of the same folder at once. WAL with synchronous=NORMAL: a commit costs no
fsync, so logging ~1,000 checks a second is cheap; a power cut can lose the last commits but
never corrupts the file.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from watcher.errors import NotFoundError, StoreError
from watcher.records import (
    Check,
    CheckOutcome,
    FetchOutcome,
    Source,
    SourceState,
    StoredAnalysis,
    Verdict,
    Version,
)
from watcher.store.migrations import migrate
from watcher.store.rows import (
    CHECK_COLUMNS,
    STATE_COLUMNS,
    VERSION_COLUMNS,
    check_from_row,
    finding_from_row,
    finding_rows,
    state_from_row,
    to_iso,
    version_from_row,
    version_row,
)
from watcher.store.statements import (
    INSERT_CHECK,
    INSERT_FINDING,
    INSERT_VERSION,
    POINT_STATE,
    REBUILD_FROM_VERSIONS,
    SELECT_ANALYSIS,
    SELECT_FINDINGS,
    UPSERT_STATE,
)

__all__ = ["CorruptIndexError", "Entry", "Index", "move_aside"]

_MARK_UNQUEUED = "UPDATE versions SET alerts_queued = 0 WHERE source_id = ? AND number = ?"
_CORRUPT_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})

Entry = tuple[Version, StoredAnalysis | None]
"""A version with its analysis, as both are written to the index."""


class CorruptIndexError(StoreError):
    """index.sqlite is not a readable SQLite database (it can be moved aside and rebuilt)."""


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a broken index (and its WAL files, which belong to it) out of the way."""
    target = path.with_name(f"{path.name}.corrupt-{now.astimezone(UTC):%Y%m%dT%H%M%S%fZ}")
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    os.replace(path, target)
    return target


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting for a moment if another process holds the lock.

    Changing the journal mode ignores SQLite's busy timeout, so two processes opening a new
    index at once would otherwise fail with "database is locked".
    """
    for delay in (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0):
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(delay)
    conn.execute("PRAGMA journal_mode=WAL")


class Index:
    """Typed access to index.sqlite; every sqlite3 error leaves as a StoreError naming the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(f"{path}: cannot open the index: {error}") from error
        try:
            with self._errors():
                _enable_wal(self._conn)
                self._conn.execute("PRAGMA synchronous=NORMAL")
                self._conn.execute("PRAGMA foreign_keys=ON")
                try:
                    migrate(self._conn)
                except StoreError as error:
                    raise StoreError(f"{path}: {error}") from error
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            code = getattr(error, "sqlite_errorcode", 0) & 0xFF
            kind = CorruptIndexError if code in _CORRUPT_CODES else StoreError
            raise kind(f"{self.path}: {error}") from error

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the write lock (BEGIN IMMEDIATE) for the block; commit, or roll back on error."""
        with self._errors():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._conn.in_transaction:  # some errors already rolled back
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _all(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[Any]:
        with self._errors():
            return self._conn.execute(sql, params).fetchall()

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[Any]:
        """Run one statement, returning its rows: for the index's other tables (the outbox)."""
        return self._all(sql, params)

    def is_readable(self) -> bool:
        """Whether the whole file passes SQLite's own structural check."""
        try:
            return self._all("PRAGMA quick_check") == [("ok",)]
        except CorruptIndexError:
            return False

    def sync_sources(self, sources: Iterable[Source], now: datetime) -> None:
        rows = [(s.id, s.vendor, s.title, s.url, s.kind.value, to_iso(now)) for s in sources]
        with self.transaction():
            self._conn.executemany(
                "INSERT INTO sources (id, vendor, title, url, kind, first_seen) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET vendor = excluded.vendor, "
                "title = excluded.title, url = excluded.url, kind = excluded.kind",
                rows,
            )

    def state(self, source_id: str) -> SourceState:
        rows = self._all(
            f"SELECT {STATE_COLUMNS} FROM source_state WHERE source_id = ?", (source_id,)
        )
        return state_from_row(rows[0]) if rows else SourceState(source_id=source_id)

    def record_check(self, check: Check) -> SourceState:
        params = {
            "source_id": check.source_id,
            "checked_at": to_iso(check.checked_at),
            "outcome": check.outcome.value,
            "fetch_outcome": check.fetch_outcome.value,
            "status": check.status,
            "detail": check.detail,
            "elapsed_s": check.elapsed_s,
            "version": check.version,
            "raw_sha256": check.raw_sha256,
            "etag": check.etag,
            "last_modified": check.last_modified,
            "failed": check.outcome is CheckOutcome.FAILED,
            "not_modified": check.fetch_outcome is FetchOutcome.NOT_MODIFIED,
        }
        with self.transaction():
            self._conn.execute(INSERT_CHECK, params)
            state = state_from_row(self._conn.execute(UPSERT_STATE, params).fetchone())
            if check.version is not None and state.last_text_sha256 is None:
                raise NotFoundError(
                    f"check of {check.source_id!r} names version {check.version}, "
                    "which the store does not have"
                )
        return state

    def last_number(self, source_id: str) -> int:
        """The highest version number indexed for a source (0 when it has none)."""
        rows = self._all("SELECT max(number) FROM versions WHERE source_id = ?", (source_id,))
        return int(rows[0][0] or 0)

    def numbers(self, source_id: str) -> frozenset[int]:
        rows = self._all("SELECT number FROM versions WHERE source_id = ?", (source_id,))
        return frozenset(number for (number,) in rows)

    def insert_versions(self, entries: Iterable[Entry], *, alerts_queued: bool = True) -> None:
        """Add version rows and their findings; call inside `transaction()`.

        `alerts_queued=False` marks them as changes whose alerts are still to be queued (see
        `unqueued_versions`); versions found on disk or rebuilt from the files count as done.
        """
        with self._errors():
            for version, analysis in entries:
                self._conn.execute(INSERT_VERSION, version_row(version, analysis))
                if analysis is not None and analysis.findings:
                    self._conn.executemany(INSERT_FINDING, finding_rows(version, analysis))
                if not alerts_queued:
                    self._conn.execute(_MARK_UNQUEUED, (version.source_id, version.number))

    def mark_alerts_queued(self, source_id: str, number: int) -> None:
        """Note that a version's alerts are in the outbox; call inside `transaction()`."""
        with self._errors():
            self._conn.execute(
                "UPDATE versions SET alerts_queued = 1 WHERE source_id = ? AND number = ?",
                (source_id, number),
            )

    def unqueued_versions(self) -> tuple[Version, ...]:
        """Versions stored whose alerts were never queued (a crash came in between), oldest
        first within each source."""
        rows = self._all(
            f"SELECT {VERSION_COLUMNS} FROM versions WHERE alerts_queued = 0 "
            "ORDER BY source_id, number"
        )
        return tuple(version_from_row(row) for row in rows)

    def point_state_at(self, version: Version) -> None:
        """Make a just-inserted version the source's latest in its state; in `transaction()`."""
        with self._errors():
            v = version
            row = (v.source_id, v.number, v.text_sha256, v.raw_sha256, v.reader)
            self._conn.execute(POINT_STATE, row)

    def note_reader(self, source_id: str, number: int, reader: str) -> None:
        """Record that version `number`, if still the latest, reads the same with `reader`."""
        with self.transaction():
            self._conn.execute(
                "UPDATE source_state SET reader = ? WHERE source_id = ? AND last_version = ?",
                (reader, source_id, number),
            )

    def versions(self, source_id: str) -> tuple[Version, ...]:
        rows = self._all(
            f"SELECT {VERSION_COLUMNS} FROM versions WHERE source_id = ? ORDER BY number",
            (source_id,),
        )
        return tuple(version_from_row(row) for row in rows)

    def version(self, source_id: str, number: int | None) -> Version:
        if number is None:
            sql = f"SELECT {VERSION_COLUMNS} FROM versions WHERE source_id = ? "
            rows = self._all(sql + "ORDER BY number DESC LIMIT 1", (source_id,))
        else:
            sql = f"SELECT {VERSION_COLUMNS} FROM versions WHERE source_id = ? AND number = ?"
            rows = self._all(sql, (source_id, number))
        if rows:
            return version_from_row(rows[0])
        raise NotFoundError(self._missing(source_id, number))

    def analysis(self, version: Version) -> StoredAnalysis | None:
        """The stored analysis of a version, or None if it was not analysed."""
        key = (version.source_id, version.number)
        rows = self._all(SELECT_ANALYSIS, key)
        if not rows:
            raise NotFoundError(self._missing(*key))
        verdict, analyzer = rows[0]
        if verdict is None:
            return None
        findings = tuple(finding_from_row(row) for row in self._all(SELECT_FINDINGS, key))
        return StoredAnalysis(Verdict(verdict), findings, analyzer)

    def _missing(self, source_id: str, number: int | None) -> str:
        low, high = self._all(
            "SELECT min(number), max(number) FROM versions WHERE source_id = ?", (source_id,)
        )[0]
        if high is not None:
            span = f"{low}" if low == high else f"{low}–{high}"  # noqa: RUF001
            return f"no version {number} of {source_id!r} (it has {span})"
        known = self._all(
            "SELECT 1 FROM sources WHERE id = ? UNION SELECT 1 FROM source_state "
            "WHERE source_id = ?",
            (source_id, source_id),
        )
        return f"{source_id!r} has no versions yet" if known else f"unknown source {source_id!r}"

    def checks(self, source_id: str, limit: int) -> tuple[Check, ...]:
        rows = self._all(
            f"SELECT {CHECK_COLUMNS} FROM checks WHERE source_id = ? "
            "ORDER BY checked_at DESC, id DESC LIMIT ?",
            (source_id, limit),
        )
        return tuple(check_from_row(row) for row in rows)

    def source_ids(self) -> tuple[str, ...]:
        rows = self._all(
            "SELECT source_id FROM source_state UNION SELECT source_id FROM versions ORDER BY 1"
        )
        return tuple(source_id for (source_id,) in rows)

    def replace_versions(self, entries: Iterable[Entry]) -> None:
        """Make `entries` the whole versions table and bring the rest in line; in `transaction()`.

        Each source's state points at its latest version again; a source whose versions are gone
        loses its last hashes too, so its next check stores a version instead of "unchanged".
        """
        with self._errors():
            unqueued = self._conn.execute(
                "SELECT source_id, number FROM versions WHERE alerts_queued = 0"
            ).fetchall()
            self._conn.execute("DELETE FROM versions")  # and their findings (ON DELETE CASCADE)
            self.insert_versions(entries)
            self._conn.executemany(_MARK_UNQUEUED, unqueued)  # still owed their alerts
            for statement in REBUILD_FROM_VERSIONS:
                self._conn.execute(statement)

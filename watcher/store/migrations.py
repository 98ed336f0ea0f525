"""The SQLite index's schema history: numbered, named migrations applied in order, never edited.

A migration, once released, is frozen: a later schema change (like 0004, the alert outbox) is a
new `Migration` appended to `MIGRATIONS`, so an index written by any earlier version upgrades in
place. Applied migrations are recorded in the `migrations` table (the sqlite-utils habit), each in
its own transaction together with its record, so a crash leaves the index at a clean step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from watcher.errors import StoreError

__all__ = ["MIGRATIONS", "Migration", "applied_migrations", "migrate"]


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step; `statements` run in order inside one transaction."""

    number: int
    name: str
    statements: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.number:04d}_{self.name}"


_INITIAL = Migration(
    1,
    "initial",
    (
        """
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            vendor TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'other',
            first_seen TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE source_state (
            source_id TEXT PRIMARY KEY,
            last_raw_sha256 TEXT,
            last_text_sha256 TEXT,
            last_version INTEGER,
            etag TEXT,
            last_modified TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_checked_at TEXT,
            last_outcome TEXT,
            last_detail TEXT NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE checks (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL,
            checked_at TEXT NOT NULL,
            outcome TEXT NOT NULL,
            fetch_outcome TEXT NOT NULL,
            status INTEGER,
            detail TEXT NOT NULL DEFAULT '',
            elapsed_s REAL NOT NULL DEFAULT 0,
            version INTEGER,
            raw_sha256 TEXT
        )
        """,
        "CREATE INDEX checks_source_checked_at ON checks (source_id, checked_at)",
        """
        CREATE TABLE versions (
            source_id TEXT NOT NULL,
            number INTEGER NOT NULL CHECK (number >= 1),
            captured_at TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL,
            url TEXT NOT NULL,
            final_url TEXT NOT NULL,
            status INTEGER,
            title TEXT NOT NULL DEFAULT '',
            technical INTEGER NOT NULL DEFAULT 0,
            summary TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (source_id, number)
        ) WITHOUT ROWID
        """,
    ),
)

_READER = Migration(
    2,
    "version_reader",
    (
        "ALTER TABLE versions ADD COLUMN reader TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE source_state ADD COLUMN reader TEXT NOT NULL DEFAULT ''",
    ),
)

_FINDINGS = Migration(
    3,
    "findings",
    (
        # NULL verdict: not analysed (a first or technical version, or one stored before 0003).
        "ALTER TABLE versions ADD COLUMN verdict TEXT",
        "ALTER TABLE versions ADD COLUMN topics TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE versions ADD COLUMN analyzer TEXT NOT NULL DEFAULT ''",
        """
        CREATE TABLE findings (
            source_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            position INTEGER NOT NULL,
            hunk_index INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            topics TEXT NOT NULL DEFAULT '[]',
            explanation TEXT NOT NULL DEFAULT '',
            old_text TEXT NOT NULL DEFAULT '',
            new_text TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (source_id, version, position),
            FOREIGN KEY (source_id, version) REFERENCES versions (source_id, number)
                ON DELETE CASCADE
        ) WITHOUT ROWID
        """,
    ),
)

_OUTBOX = Migration(
    4,
    "outbox",
    (
        # One row per (change, channel) delivery. No foreign key to versions: the outbox is not
        # derivable from the files, so rebuilding the versions must leave it alone. Secrets are
        # never stored, only the change key and the channel's name.
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            change_key TEXT NOT NULL,
            channel TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
            digest INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT NOT NULL DEFAULT '',
            sent_at TEXT,
            enqueued_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX outbox_due ON outbox (state, next_attempt_at)",
    ),
)

_ALERTS_QUEUED = Migration(
    5,
    "alerts_queued",
    (
        # 0: a change stored whose alerts are not in the outbox yet (a crash came in between);
        # the next `watcher check` or `watcher run` queues them. Versions stored before this
        # migration count as done, so adding it never sends alerts for old changes.
        "ALTER TABLE versions ADD COLUMN alerts_queued INTEGER NOT NULL DEFAULT 1",
        "CREATE INDEX versions_unqueued ON versions (alerts_queued) WHERE alerts_queued = 0",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (_INITIAL, _READER, _FINDINGS, _OUTBOX, _ALERTS_QUEUED)
"""Every migration in order; append only."""

_TRACKING = """
CREATE TABLE IF NOT EXISTS migrations (
    number INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


def applied_migrations(conn: sqlite3.Connection) -> dict[int, str]:
    """Number -> name of every migration recorded in the index."""
    return dict(conn.execute("SELECT number, name FROM migrations ORDER BY number").fetchall())


def migrate(
    conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS
) -> tuple[str, ...]:
    """Apply the pending migrations in order; returns the labels of those applied now.

    `conn` must be in autocommit mode (`isolation_level=None`): each step takes the write lock
    with BEGIN IMMEDIATE and re-reads what is applied, so two processes opening the same index
    at once apply each step exactly once.
    """
    _check_sequence(migrations)
    conn.execute(_TRACKING)
    known = {m.number for m in migrations}
    newer = sorted(set(applied_migrations(conn)) - known)
    if newer:
        raise StoreError(
            f"the index has schema migration {newer[-1]:04d}, newer than this Policy Watcher "
            f"knows (up to {max(known):04d}); upgrade Policy Watcher"
        )
    applied: list[str] = []
    for migration in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if migration.number not in applied_migrations(conn):
                for statement in migration.statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO migrations (number, name, applied_at) VALUES (?, ?, ?)",
                    (migration.number, migration.name, datetime.now(UTC).isoformat()),
                )
                applied.append(migration.label)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return tuple(applied)


def _check_sequence(migrations: Sequence[Migration]) -> None:
    numbers = [m.number for m in migrations]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"migrations must be numbered 1, 2, 3… in order, got {numbers}")

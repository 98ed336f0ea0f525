"""The SQL the index runs, kept apart from the code that runs it so both stay readable."""

from __future__ import annotations

from watcher.store.rows import CHECK_COLUMNS, FINDING_COLUMNS, STATE_COLUMNS, VERSION_COLUMNS

__all__ = [
    "INSERT_CHECK",
    "INSERT_FINDING",
    "INSERT_VERSION",
    "POINT_STATE",
    "REBUILD_FROM_VERSIONS",
    "SELECT_ANALYSIS",
    "SELECT_FINDINGS",
    "UPSERT_STATE",
]

_VERSION_VALUES = ", ".join("?" * (VERSION_COLUMNS.count(",") + 2))
INSERT_VERSION = f"INSERT INTO versions ({VERSION_COLUMNS}, analyzer) VALUES ({_VERSION_VALUES})"
INSERT_FINDING = f"""
INSERT INTO findings (source_id, version, position, {FINDING_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)
"""
SELECT_ANALYSIS = "SELECT verdict, analyzer FROM versions WHERE source_id = ? AND number = ?"
SELECT_FINDINGS = f"""
SELECT {FINDING_COLUMNS} FROM findings WHERE source_id = ? AND version = ? ORDER BY position
"""
INSERT_CHECK = f"""
INSERT INTO checks ({CHECK_COLUMNS})
VALUES (:source_id, :checked_at, :outcome, :fetch_outcome, :status, :detail, :elapsed_s,
        :version, :raw_sha256)
"""
# One statement computes the new state from the old row, so a check costs two statements.
UPSERT_STATE = f"""
INSERT INTO source_state AS s ({STATE_COLUMNS})
VALUES (
    :source_id,
    CASE WHEN :failed THEN NULL ELSE :raw_sha256 END,
    (SELECT text_sha256 FROM versions WHERE source_id = :source_id AND number = :version),
    :version,
    CASE WHEN :failed THEN NULL ELSE :etag END,
    CASE WHEN :failed THEN NULL ELSE :last_modified END,
    :failed, :checked_at, :outcome, :detail, ''
)
ON CONFLICT (source_id) DO UPDATE SET
    consecutive_failures = CASE WHEN :failed THEN s.consecutive_failures + 1 ELSE 0 END,
    last_raw_sha256 = coalesce(excluded.last_raw_sha256, s.last_raw_sha256),
    last_version = coalesce(:version, s.last_version),
    last_text_sha256 = CASE WHEN :version IS NULL THEN s.last_text_sha256
                            ELSE excluded.last_text_sha256 END,
    etag = CASE WHEN :failed THEN s.etag
                WHEN :not_modified THEN coalesce(:etag, s.etag) ELSE :etag END,
    last_modified = CASE WHEN :failed THEN s.last_modified
                         WHEN :not_modified THEN coalesce(:last_modified, s.last_modified)
                         ELSE :last_modified END,
    last_checked_at = excluded.last_checked_at,
    last_outcome = excluded.last_outcome,
    last_detail = excluded.last_detail
RETURNING {STATE_COLUMNS}
"""

POINT_STATE = """
INSERT INTO source_state (source_id, last_version, last_text_sha256, last_raw_sha256, reader)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (source_id) DO UPDATE SET last_version = excluded.last_version,
    last_text_sha256 = excluded.last_text_sha256, last_raw_sha256 = excluded.last_raw_sha256,
    reader = excluded.reader
"""

_LATEST = "number = (SELECT max(number) FROM versions WHERE source_id = v.source_id)"
REBUILD_FROM_VERSIONS = (
    """
    UPDATE source_state SET last_version = NULL, last_text_sha256 = NULL, last_raw_sha256 = NULL
    WHERE source_id NOT IN (SELECT source_id FROM versions)
    """,
    f"""
    INSERT INTO source_state (source_id, last_raw_sha256, last_text_sha256, last_version, reader)
    SELECT source_id, raw_sha256, text_sha256, number, reader FROM versions AS v WHERE {_LATEST}
    ON CONFLICT (source_id) DO UPDATE SET last_raw_sha256 = excluded.last_raw_sha256,
        last_text_sha256 = excluded.last_text_sha256, last_version = excluded.last_version,
        reader = excluded.reader
    """,
    f"""
    INSERT INTO sources (id, title, url, first_seen)
    SELECT source_id, title, url, (SELECT min(captured_at) FROM versions
                                   WHERE source_id = v.source_id)
    FROM versions AS v WHERE {_LATEST}
    ON CONFLICT (id) DO NOTHING
    """,
)

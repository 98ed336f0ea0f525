"""How records map onto index rows, and the one timestamp format of the index and the evidence.

Timestamps are stored as ISO 8601 strings in UTC, which sort as text in time order, and come back
as timezone-aware UTC datetimes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from watcher.records import (
    Check,
    CheckOutcome,
    FetchOutcome,
    Finding,
    SourceState,
    StoredAnalysis,
    Topic,
    Validators,
    Verdict,
    Version,
)

__all__ = [
    "CHECK_COLUMNS",
    "FINDING_COLUMNS",
    "STATE_COLUMNS",
    "VERSION_COLUMNS",
    "check_from_row",
    "finding_from_row",
    "finding_rows",
    "from_iso",
    "state_from_row",
    "to_iso",
    "topics_from_json",
    "topics_json",
    "version_from_row",
    "version_row",
]

VERSION_COLUMNS = (
    "source_id, number, captured_at, text_sha256, raw_sha256, url, final_url, status, title, "
    "technical, summary, reader, verdict, topics"
)
"""Read back as a `Version`; rows are written with one more column, `analyzer` (`version_row`)."""
FINDING_COLUMNS = "hunk_index, verdict, topics, explanation, old_text, new_text"
STATE_COLUMNS = (
    "source_id, last_raw_sha256, last_text_sha256, last_version, etag, last_modified, "
    "consecutive_failures, last_checked_at, last_outcome, last_detail, reader"
)
CHECK_COLUMNS = (
    "source_id, checked_at, outcome, fetch_outcome, status, detail, elapsed_s, version, raw_sha256"
)
"""Check columns follow the `Check` fields, so a row maps onto the record positionally."""


def to_iso(moment: datetime) -> str:
    """ISO 8601 in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC).isoformat()
    return moment.astimezone(UTC).isoformat()


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def topics_json(topics: Iterable[Topic]) -> str:
    """Topics as a sorted JSON array, so SQLite's json functions can filter on them."""
    return json.dumps(sorted(topic.value for topic in topics))


def topics_from_json(text: str) -> frozenset[Topic]:
    return frozenset(Topic(value) for value in json.loads(text))


def version_row(v: Version, analysis: StoredAnalysis | None = None) -> tuple[Any, ...]:
    """The values for VERSION_COLUMNS followed by the analyzer's version ('' if not analysed)."""
    captured_at = to_iso(v.captured_at)
    verdict = None if v.verdict is None else v.verdict.value
    analyzer = analysis.analyzer if analysis is not None else ""
    return (
        *(v.source_id, v.number, captured_at, v.text_sha256, v.raw_sha256, v.url, v.final_url),
        *(v.status, v.title, int(v.technical), v.summary, v.reader),
        *(verdict, topics_json(v.topics), analyzer),
    )


def finding_rows(v: Version, analysis: StoredAnalysis) -> list[tuple[Any, ...]]:
    """The findings table rows of a version: its key, each finding's position, FINDING_COLUMNS."""
    return [
        (
            *(v.source_id, v.number, position, f.hunk_index, f.verdict.value),
            *(topics_json(f.topics), f.explanation, f.old_text, f.new_text),
        )
        for position, f in enumerate(analysis.findings)
    ]


def finding_from_row(row: Sequence[Any]) -> Finding:
    hunk_index, verdict, topics, explanation, old_text, new_text = row
    return Finding(
        hunk_index=hunk_index,
        verdict=Verdict(verdict),
        topics=topics_from_json(topics),
        explanation=explanation,
        old_text=old_text,
        new_text=new_text,
    )


def version_from_row(row: Sequence[Any]) -> Version:
    source_id, number, captured_at, text_sha256, raw_sha256, url, final_url, status = row[:8]
    return Version(
        source_id=source_id,
        number=number,
        captured_at=from_iso(captured_at),
        text_sha256=text_sha256,
        raw_sha256=raw_sha256,
        url=url,
        final_url=final_url,
        status=status,
        title=row[8],
        technical=bool(row[9]),
        summary=row[10],
        reader=row[11],
        verdict=None if row[12] is None else Verdict(row[12]),
        topics=topics_from_json(row[13]),
    )


def check_from_row(row: Sequence[Any]) -> Check:
    return Check(row[0], from_iso(row[1]), CheckOutcome(row[2]), FetchOutcome(row[3]), *row[4:])


def state_from_row(row: Sequence[Any]) -> SourceState:
    source_id, last_raw, last_text, last_version, etag, last_modified = row[:6]
    failures, checked_at, outcome, detail, reader = row[6:]
    return SourceState(
        source_id=source_id,
        last_raw_sha256=last_raw,
        last_text_sha256=last_text,
        last_version=last_version,
        validators=Validators(etag=etag, last_modified=last_modified),
        consecutive_failures=failures,
        last_checked_at=None if checked_at is None else from_iso(checked_at),
        last_outcome=None if outcome is None else CheckOutcome(outcome),
        last_detail=detail,
        reader=reader,
    )

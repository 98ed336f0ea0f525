"""What a check produced, and how a fetch becomes a logged `Check`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from watcher.records import (
    Check,
    CheckOutcome,
    Fetched,
    FetchOutcome,
    Finding,
    Source,
    SourceState,
    StoredAnalysis,
    TextDiff,
    Topic,
    Verdict,
    Version,
)

__all__ = ["MIN_TEXT_CHARS", "CheckResult", "failed_fetch", "make_check"]

MIN_TEXT_CHARS = 40
"""Below this, an extraction found no real text (an empty shell, a JavaScript-only page)."""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What one check did: the logged check, and the new version with its diff if there is one."""

    source: Source
    check: Check
    state: SourceState
    version: Version | None = None
    previous: Version | None = None
    diff: TextDiff | None = None
    reread: Version | None = None
    """A technical version made first because the source's reading settings changed."""
    analysis: StoredAnalysis | None = None
    """The analysis of the new version against `previous`, as stored with it (None for a first
    or technical version, or if the analysis failed)."""

    @property
    def verdict(self) -> Verdict | None:
        return self.analysis.verdict if self.analysis else None

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.analysis.findings if self.analysis else ()

    @property
    def topics(self) -> frozenset[Topic]:
        return self.analysis.topics if self.analysis else frozenset()

    @property
    def is_change(self) -> bool:
        """A new version by the vendor that follows an earlier one.

        Neither a first version nor a technical one (a re-read with new settings) is a change.
        """
        return self.version is not None and self.previous is not None and not self.version.technical


def make_check(
    source: Source,
    fetched: Fetched,
    outcome: CheckOutcome,
    *,
    checked_at: datetime,
    detail: str = "",
    version: int | None = None,
    raw_sha256: str | None = None,
) -> Check:
    """The log entry for a check; validators are kept only from successful fetches."""
    succeeded = outcome is not CheckOutcome.FAILED
    return Check(
        source_id=source.id,
        checked_at=checked_at,
        outcome=outcome,
        fetch_outcome=fetched.outcome,
        status=fetched.status,
        detail=detail,
        elapsed_s=fetched.elapsed_s,
        version=version,
        raw_sha256=raw_sha256,
        etag=fetched.header("etag") if succeeded else None,
        last_modified=fetched.header("last-modified") if succeeded else None,
    )


def failed_fetch(source: Source, detail: str, at: datetime) -> Fetched:
    """A stand-in for a fetch that raised instead of returning its failure (a bug, not the web)."""
    return Fetched(
        source_id=source.id,
        url=source.url,
        final_url=source.url,
        status=None,
        headers=(),
        body=b"",
        media_type="",
        fetched_at=at,
        elapsed_s=0.0,
        outcome=FetchOutcome.NETWORK_ERROR,
        detail=detail,
    )

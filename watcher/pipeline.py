"""One check of one source, end to end: fetch → extract → store → diff. The only place stages meet.

The rules that protect the user live here: a failed fetch, a bot wall or an extraction that
lost most of the text is logged as a failed check and never becomes a version, so no
"policy deleted" alert can come from a flaky page; a raw body byte-identical to the last one
skips extraction entirely, which keeps the "nothing changed" pass cheap.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from watcher.diff import diff_texts, summarize
from watcher.errors import WatcherError
from watcher.extract import extract
from watcher.fetch import Fetcher
from watcher.records import (
    Check,
    CheckOutcome,
    Document,
    Fetched,
    FetchOutcome,
    Settings,
    Source,
    SourceState,
    TextDiff,
    Version,
)
from watcher.store import Store

__all__ = ["CheckResult", "Pipeline", "reread_version"]

log = logging.getLogger(__name__)

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

    @property
    def is_change(self) -> bool:
        """A new version that follows an earlier one (a first version is not a change)."""
        return self.version is not None and self.previous is not None


def _utcnow() -> datetime:
    return datetime.now(UTC)


def reread_version(
    store: Store, source: Source, version: Version, *, now: datetime
) -> Version | None:
    """Read a stored version's body again with the source's current settings.

    Changing `select`, `remove` or `ignore` (or upgrading the extractor) changes the text without
    the vendor changing anything, so the re-read text is kept as a *technical* version, which
    never alerts, and later checks compare against it. None when the text comes out the same, or
    when the new settings find almost no text in it (the next check then fails visibly).
    """
    fetched = store.read_fetched(version)
    document = extract(fetched, source)
    if document.text_sha256 == version.text_sha256 or len(document.text) < MIN_TEXT_CHARS:
        return None
    diff = diff_texts(store.read_text(version), document.text)
    summary = f"re-read with new settings: {summarize(diff)}"
    return store.add_version(fetched, document, captured_at=now, summary=summary, technical=True)


class Pipeline:
    """Checks sources against a store with one fetcher; `now` is injected so runs are replayable."""

    def __init__(
        self,
        *,
        store: Store,
        fetcher: Fetcher,
        settings: Settings,
        now: Callable[[], datetime] = _utcnow,
    ) -> None:
        self._store = store
        self._fetcher = fetcher
        self._settings = settings
        self._now = now

    async def check_all(
        self,
        sources: Sequence[Source],
        *,
        on_result: Callable[[CheckResult], None] | None = None,
    ) -> tuple[CheckResult, ...]:
        """Check every source concurrently (the fetcher sets the limits); results in input order."""
        self._store.sync_sources(sources)
        tasks = [asyncio.ensure_future(self.check_source(source)) for source in sources]
        if on_result is not None:
            for task in asyncio.as_completed(tasks):
                on_result(await task)
        return tuple(await asyncio.gather(*tasks))

    async def check_source(self, source: Source) -> CheckResult:
        """Check one source; an unexpected error is a failed check: one page never stops a run."""
        state = self._store.state(source.id)
        validators = state.validators if state.last_version is not None else None
        fetched = await self._fetcher.fetch(source, validators)
        try:
            return self._handle(source, state, fetched)
        except WatcherError as error:  # a body the extractor cannot read: a failed check
            return self._fail(source, fetched, str(error))
        except Exception as error:  # a bug or hostile input must not end the whole pass
            log.exception("checking %s failed unexpectedly", source.id)
            return self._fail(source, fetched, f"internal error: {type(error).__name__}: {error}")

    def _handle(self, source: Source, state: SourceState, fetched: Fetched) -> CheckResult:
        if not fetched.is_success:
            return self._fail(source, fetched, fetched.detail or fetched.outcome.value)
        if fetched.outcome is FetchOutcome.NOT_MODIFIED:
            return self._unchanged(source, fetched, state.last_raw_sha256)
        raw_sha256 = hashlib.sha256(fetched.body).hexdigest()
        if state.last_version is not None and raw_sha256 == state.last_raw_sha256:
            return self._unchanged(source, fetched, raw_sha256)
        document = extract(fetched, source)
        if len(document.text.strip()) < MIN_TEXT_CHARS:
            return self._fail(source, fetched, "extraction found almost no text", raw_sha256)
        if state.last_version is None:
            return self._new_version(source, fetched, document, None, None)
        previous = self._store.version(source.id, state.last_version)
        reread: Version | None = None
        if previous.reader != document.reader:  # the settings changed: compare like with like
            reread = reread_version(self._store, source, previous, now=self._now())
            previous = reread or previous
        if document.text_sha256 == previous.text_sha256:
            return self._unchanged(source, fetched, raw_sha256, reread)
        return self._new_version(source, fetched, document, previous, reread)

    def _new_version(
        self,
        source: Source,
        fetched: Fetched,
        document: Document,
        previous: Version | None,
        reread: Version | None,
    ) -> CheckResult:
        diff: TextDiff | None = None
        summary = "first version"
        if previous is not None:
            old_text = self._store.read_text(previous)
            ratio = len(document.text) / max(len(old_text), 1)
            if ratio < self._settings.min_text_ratio:
                detail = (
                    f"extraction lost most of the text ({ratio:.0%} of version "
                    f"{previous.number}); not stored as a version"
                )
                return self._fail(source, fetched, detail, document.raw_sha256)
            diff = diff_texts(old_text, document.text)
            summary = summarize(diff)
        version = self._store.add_version(
            fetched, document, captured_at=fetched.fetched_at, summary=summary
        )
        outcome = CheckOutcome.NEW_VERSION if previous else CheckOutcome.FIRST_VERSION
        check = self._check(
            source, fetched, outcome, version=version.number, raw_sha256=document.raw_sha256
        )
        new_state = self._store.record_check(check)
        return CheckResult(source, check, new_state, version, previous, diff, reread)

    def _unchanged(
        self,
        source: Source,
        fetched: Fetched,
        raw_sha256: str | None,
        reread: Version | None = None,
    ) -> CheckResult:
        check = self._check(source, fetched, CheckOutcome.UNCHANGED, raw_sha256=raw_sha256)
        return CheckResult(source, check, self._store.record_check(check), reread=reread)

    def _fail(
        self, source: Source, fetched: Fetched, detail: str, raw_sha256: str | None = None
    ) -> CheckResult:
        check = self._check(
            source, fetched, CheckOutcome.FAILED, detail=detail, raw_sha256=raw_sha256
        )
        state = self._store.record_check(check)
        if state.consecutive_failures == self._settings.broken_after:
            log.warning(
                "%s is broken: %d checks in a row failed (last: %s)",
                source.id,
                state.consecutive_failures,
                detail,
            )
        return CheckResult(source, check, state)

    def _check(
        self,
        source: Source,
        fetched: Fetched,
        outcome: CheckOutcome,
        *,
        detail: str = "",
        version: int | None = None,
        raw_sha256: str | None = None,
    ) -> Check:
        succeeded = outcome is not CheckOutcome.FAILED
        return Check(
            source_id=source.id,
            checked_at=self._now(),
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

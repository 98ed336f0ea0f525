"""`Pipeline`: check sources against a store with one fetcher, one source at a time per source."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from datetime import UTC, datetime

from watcher.analyze import ANALYZER_VERSION, analyze_diff, overall_verdict
from watcher.diff import diff_texts, summarize
from watcher.errors import ConflictError, WatcherError
from watcher.extract import extract
from watcher.fetch import Fetcher
from watcher.pipeline.reread import Reread, keep_reread, reread_document
from watcher.pipeline.results import MIN_TEXT_CHARS, CheckResult, failed_fetch, make_check
from watcher.records import (
    CheckOutcome,
    Document,
    Fetched,
    FetchOutcome,
    Settings,
    Source,
    SourceState,
    StoredAnalysis,
    TextDiff,
    Version,
)
from watcher.store import Store

__all__ = ["Pipeline"]

log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _compare(source_id: str, old: str, new: str) -> tuple[TextDiff, StoredAnalysis | None]:
    """Diff two texts and judge what the changes mean; no I/O, so it runs in a worker thread.

    An analysis that raises is logged and the version is kept without one, rather than the check
    failing: the page is still evidence, and a version without a verdict can be judged later.
    """
    diff = diff_texts(old, new)
    try:
        findings = analyze_diff(diff)
    except Exception:
        log.exception("%s: the analysis failed; the version is kept without a verdict", source_id)
        return diff, None
    verdict = overall_verdict(finding.verdict for finding in findings)
    return diff, StoredAnalysis(verdict, findings, str(ANALYZER_VERSION))


class Pipeline:
    """Checks sources; `now` is injected so runs are replayable.

    Extraction, diffing and analysis run in worker threads, so one huge page never stalls the
    fetches of the others; everything that touches the store stays on the event loop's thread.
    Checks of the same source are serialised, and a version stored meanwhile by another process
    is noticed when storing (`ConflictError`) and compared against instead of duplicated.
    """

    def __init__(
        self,
        *,
        store: Store,
        fetcher: Fetcher,
        settings: Settings,
        now: Callable[[], datetime] = _utcnow,
        workers: Executor | None = None,
    ) -> None:
        """`workers`, when given, runs diffing and analysis (pure CPU work on two texts) in
        that executor, such as a process pool, instead of a thread of this process."""
        self._store = store
        self._workers = workers
        self._fetcher = fetcher
        self._settings = settings
        self._now = now
        self._locks: dict[str, asyncio.Lock] = {}

    async def _compare(
        self, source_id: str, old: str, new: str
    ) -> tuple[TextDiff, StoredAnalysis | None]:
        if self._workers is None:
            return await asyncio.to_thread(_compare, source_id, old, new)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._workers, _compare, source_id, old, new)

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
        async with self._locks.setdefault(source.id, asyncio.Lock()):
            state = self._store.state(source.id)
            fetched = await self._fetch(source, state)
            try:
                try:
                    return await self._handle(source, state, fetched)
                except ConflictError:  # another process stored a version: compare with it
                    return await self._handle(source, self._store.state(source.id), fetched)
            except WatcherError as error:  # a body the extractor cannot read, a lost race
                return self._fail(source, fetched, str(error))
            except Exception as error:  # a bug or hostile input must not end the whole pass
                log.exception("checking %s failed unexpectedly", source.id)
                detail = f"internal error: {type(error).__name__}: {error}"
                return self._fail(source, fetched, detail)

    async def _fetch(self, source: Source, state: SourceState) -> Fetched:
        validators = state.validators if state.last_version is not None else None
        try:
            return await self._fetcher.fetch(source, validators)
        except Exception as error:  # fetchers return failures; raising is a bug, not the web
            log.exception("fetching %s failed unexpectedly", source.id)
            detail = f"internal error: {type(error).__name__}: {error}"
            return failed_fetch(source, detail, self._now())

    async def _handle(self, source: Source, state: SourceState, fetched: Fetched) -> CheckResult:
        if not fetched.is_success:
            return self._fail(source, fetched, fetched.detail or fetched.outcome.value)
        if fetched.outcome is FetchOutcome.NOT_MODIFIED:
            return self._unchanged(source, fetched, state.last_raw_sha256)
        raw_sha256 = hashlib.sha256(fetched.body).hexdigest()
        if state.last_version is not None and raw_sha256 == state.last_raw_sha256:
            return self._unchanged(source, fetched, raw_sha256)
        document = await asyncio.to_thread(extract, fetched, source)
        if len(document.text.strip()) < MIN_TEXT_CHARS:
            detail = (
                "extraction found almost no text (a page built by JavaScript, or a select "
                "that matches nothing?)"
            )
            return self._fail(source, fetched, detail, raw_sha256)
        if state.last_version is None:
            return await self._new_version(source, fetched, document, None, None)
        previous = self._store.version(source.id, state.last_version)
        reread: Version | None = None
        if state.reader != document.reader:  # the settings changed: compare like with like
            result = await self._reread(source, previous)
            if not result.readable:
                return self._baseline(source, fetched, document, previous)
            reread = result.version
            previous = reread or previous
        if document.text_sha256 == previous.text_sha256:
            return self._unchanged(source, fetched, raw_sha256, reread)
        return await self._new_version(source, fetched, document, previous, reread)

    async def _reread(self, source: Source, previous: Version) -> Reread:
        """The latest stored page read with the source's current settings (see reread.py)."""
        try:
            fetched = self._store.read_fetched(previous)
            document = await asyncio.to_thread(reread_document, fetched, source)
            if document is None:
                return Reread(readable=False)
            diff = None
            if document.text_sha256 != previous.text_sha256:
                old_text = self._store.read_text(previous)
                diff = await asyncio.to_thread(diff_texts, old_text, document.text)
        except WatcherError as error:  # damaged evidence must not block the source for good
            log.warning("%s: cannot re-read version %d: %s", source.id, previous.number, error)
            return Reread(readable=False)
        return keep_reread(self._store, previous, fetched, document, diff, now=self._now())

    def _baseline(
        self, source: Source, fetched: Fetched, document: Document, previous: Version
    ) -> CheckResult:
        """New settings that cannot read the stored page: start again from this page, quietly."""
        summary = (
            f"new reading settings: version {previous.number} cannot be read with them, "
            "so this page is the new baseline"
        )
        return self._keep(source, fetched, document, previous, summary=summary, technical=True)

    async def _new_version(
        self,
        source: Source,
        fetched: Fetched,
        document: Document,
        previous: Version | None,
        reread: Version | None,
    ) -> CheckResult:
        diff = analysis = None
        summary = "first version"
        if previous is not None:
            old_text = self._store.read_text(previous)
            ratio = len(document.text) / max(len(old_text), 1)
            if ratio < self._settings.min_text_ratio:
                detail = (
                    f"extraction lost most of the text ({ratio:.0%} of version "
                    f"{previous.number}), so it was not stored; if the page really shrank, "
                    f"run `watcher accept {source.id}`"
                )
                return self._fail(source, fetched, detail, document.raw_sha256)
            diff, analysis = await self._compare(source.id, old_text, document.text)
            summary = summarize(diff)
        return self._keep(
            source,
            fetched,
            document,
            previous,
            summary=summary,
            diff=diff,
            reread=reread,
            analysis=analysis,
        )

    def _keep(
        self,
        source: Source,
        fetched: Fetched,
        document: Document,
        previous: Version | None,
        *,
        summary: str,
        technical: bool = False,
        diff: TextDiff | None = None,
        reread: Version | None = None,
        analysis: StoredAnalysis | None = None,
    ) -> CheckResult:
        """Store the fetched page as the next version (with its analysis, if it has one) and log
        the check that made it."""
        version = self._store.add_version(
            fetched,
            document,
            captured_at=fetched.fetched_at,
            summary=summary,
            technical=technical,
            after=previous.number if previous else 0,
            analysis=analysis,
        )
        outcome = CheckOutcome.NEW_VERSION if previous else CheckOutcome.FIRST_VERSION
        check = make_check(
            source,
            fetched,
            outcome,
            checked_at=self._now(),
            version=version.number,
            raw_sha256=document.raw_sha256,
        )
        new_state = self._store.record_check(check)
        return CheckResult(source, check, new_state, version, previous, diff, reread, analysis)

    def _unchanged(
        self,
        source: Source,
        fetched: Fetched,
        raw_sha256: str | None,
        reread: Version | None = None,
    ) -> CheckResult:
        outcome = CheckOutcome.UNCHANGED
        check = make_check(source, fetched, outcome, checked_at=self._now(), raw_sha256=raw_sha256)
        return CheckResult(source, check, self._store.record_check(check), reread=reread)

    def _fail(
        self, source: Source, fetched: Fetched, detail: str, raw_sha256: str | None = None
    ) -> CheckResult:
        check = make_check(
            source,
            fetched,
            CheckOutcome.FAILED,
            checked_at=self._now(),
            detail=detail,
            raw_sha256=raw_sha256,
        )
        state = self._store.record_check(check)
        if state.consecutive_failures == self._settings.broken_after:
            log.info(
                "%s is broken: %d checks in a row failed (last: %s)",
                source.id,
                state.consecutive_failures,
                detail,
            )
        return CheckResult(source, check, state)

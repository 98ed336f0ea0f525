"""Checks that overlap never store the same text twice, and a raising fetcher is a failed check."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import ClassVar

from localsite import LocalSite

from watcher.fetch import HttpFetcher
from watcher.pipeline import CheckResult, Pipeline
from watcher.records import CheckOutcome, Fetched, FetchSettings, Settings, Source, Validators
from watcher.store import open_store

PAGE = (
    "<main><h1>Privacy</h1><p>We do not sell your data, and we do not use it to train "
    "generative AI models.</p></main>"
)
SETTINGS = Settings(fetch=FetchSettings(retries=0))


def acme(site: LocalSite) -> Source:
    return Source(id="acme", vendor="Acme", title="Privacy", url=site.url("/p"))


def assert_one_version_stored(results: Sequence[CheckResult], snapshots: Path) -> None:
    """One check stored the page; the other, overlapping it, found it unchanged."""
    outcomes = sorted(r.check.outcome for r in results)
    assert outcomes == [CheckOutcome.FIRST_VERSION, CheckOutcome.UNCHANGED]
    with closing(open_store(snapshots)) as store:
        assert len(store.versions("acme")) == 1


def test_the_same_source_twice_in_one_pass_stores_one_version(
    local_site: LocalSite, tmp_path: Path
) -> None:
    local_site.set_html("/p", PAGE)
    source = acme(local_site)

    async def go() -> Sequence[CheckResult]:
        with closing(open_store(tmp_path)) as store:
            async with HttpFetcher(SETTINGS.fetch) as fetcher:
                pipeline = Pipeline(store=store, fetcher=fetcher, settings=SETTINGS)
                return await pipeline.check_all([source, source])

    assert_one_version_stored(asyncio.run(go()), tmp_path)


def test_two_processes_racing_on_one_folder_store_one_version(
    local_site: LocalSite, tmp_path: Path
) -> None:
    """Two stores on one folder stand for two `watcher` processes (a `run` and a cron `check`)."""
    local_site.set_html("/p", PAGE)
    source = acme(local_site)

    async def go() -> Sequence[CheckResult]:
        with closing(open_store(tmp_path)) as one, closing(open_store(tmp_path)) as two:
            async with HttpFetcher(SETTINGS.fetch) as fetcher:
                first = Pipeline(store=one, fetcher=fetcher, settings=SETTINGS)
                second = Pipeline(store=two, fetcher=fetcher, settings=SETTINGS)
                return await asyncio.gather(first.check_source(source), second.check_source(source))

    assert_one_version_stored(asyncio.run(go()), tmp_path)


class ExplodingFetcher:
    kind: ClassVar[str] = "exploding"

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings

    async def fetch(self, source: Source, validators: Validators | None = None) -> Fetched:
        raise UnicodeEncodeError("ascii", "café", 3, 4, "ordinal not in range(128)")

    async def aclose(self) -> None:
        return None


def test_a_fetcher_that_raises_is_a_failed_check_and_the_pass_goes_on(tmp_path: Path) -> None:
    sources = [Source(id=f"s{i}", vendor="V", title="T", url="http://127.0.0.1:9/") for i in (1, 2)]

    async def go() -> Sequence[CheckResult]:
        with closing(open_store(tmp_path)) as store:
            fetcher = ExplodingFetcher(SETTINGS.fetch)
            return await Pipeline(store=store, fetcher=fetcher, settings=SETTINGS).check_all(
                sources
            )

    results = asyncio.run(go())
    assert [r.check.outcome for r in results] == [CheckOutcome.FAILED, CheckOutcome.FAILED]
    assert all("internal error: UnicodeEncodeError" in r.check.detail for r in results)

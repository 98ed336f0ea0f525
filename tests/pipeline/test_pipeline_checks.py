"""The pipeline end to end against a real local HTTP server and a real snapshots folder."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from localsite import LocalSite, Page
from pipeline_site import CLAUSES, check, make_source, policy

from watcher.fetch import HttpFetcher
from watcher.pipeline import CheckResult, Pipeline
from watcher.records import CheckOutcome, FetchOutcome, FetchSettings, Settings
from watcher.store import Store


def test_first_check_stores_a_version_and_the_evidence(local_site: LocalSite, store: Store) -> None:
    local_site.set_html("/privacy", policy())
    result = check(store, make_source(local_site))

    assert result.check.outcome is CheckOutcome.FIRST_VERSION
    assert result.version is not None and result.version.number == 1
    text = store.read_text(result.version)
    assert "We do not use Customer Data to train generative AI models." in text
    assert "Home" not in text  # navigation is not policy text
    assert store.read_raw(result.version) == policy().encode()


def test_unchanged_page_is_a_logged_check_not_a_version(
    local_site: LocalSite, store: Store
) -> None:
    local_site.set_html("/privacy", policy())
    source = make_source(local_site)
    check(store, source)
    result = check(store, source)

    assert result.check.outcome is CheckOutcome.UNCHANGED
    assert result.version is None
    assert len(store.versions(source.id)) == 1
    assert [c.outcome for c in store.checks(source.id)] == [
        CheckOutcome.UNCHANGED,
        CheckOutcome.FIRST_VERSION,
    ]


@pytest.mark.parametrize(
    "noise",
    [
        {"nav": "Home | Pricing | Blog"},
        {"banner": "<div id='onetrust-consent-sdk'>We use cookies. Accept?</div>"},
        {"banner": "<script>window.token = 'a81f9c';</script>"},
    ],
    ids=["navigation", "cookie-banner", "script-token"],
)
def test_markup_only_changes_make_no_version(
    local_site: LocalSite, store: Store, noise: dict[str, str]
) -> None:
    source = make_source(local_site)
    local_site.set_html("/privacy", policy())
    check(store, source)
    local_site.set_html("/privacy", policy(**noise))
    result = check(store, source)

    assert result.check.outcome is CheckOutcome.UNCHANGED
    assert len(store.versions(source.id)) == 1


def test_a_reworded_clause_is_a_new_version_with_its_diff(
    local_site: LocalSite, store: Store
) -> None:
    source = make_source(local_site)
    local_site.set_html("/privacy", policy())
    check(store, source)
    changed = [c.replace("do not use", "may use") for c in CLAUSES]
    local_site.set_html("/privacy", policy(changed))
    result = check(store, source)

    assert result.check.outcome is CheckOutcome.NEW_VERSION
    assert result.is_change and result.diff is not None
    assert result.version is not None and result.version.number == 2
    assert result.version.summary == "1 changed"
    assert [h.op.value for h in result.diff.changes] == ["replace"]


@pytest.mark.parametrize(
    ("page", "fetch_outcome"),
    [
        (Page(b"<h1>Service Unavailable</h1>", status=503), FetchOutcome.HTTP_ERROR),
        (Page(b"<h1>Not Found</h1>", status=404), FetchOutcome.HTTP_ERROR),
        (
            Page(
                b"<html><head><title>Just a moment...</title></head><body>"
                b"<div id='cf-chl-widget'>Checking your browser</div></body></html>",
                status=403,
                headers={"cf-mitigated": "challenge"},
            ),
            FetchOutcome.BLOCKED,
        ),
        (Page(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png"), FetchOutcome.NOT_HTML),
    ],
    ids=["503", "404", "bot-challenge", "image"],
)
def test_failed_checks_never_become_versions(
    local_site: LocalSite, store: Store, page: Page, fetch_outcome: FetchOutcome
) -> None:
    source = make_source(local_site)
    local_site.set_html("/privacy", policy())
    first = check(store, source)
    local_site.pages["/privacy"] = page
    result = check(store, source)

    assert result.check.outcome is CheckOutcome.FAILED
    assert result.check.fetch_outcome is fetch_outcome
    assert result.version is None
    assert store.versions(source.id) == (first.version,)


def test_an_extraction_that_lost_most_of_the_text_is_a_failed_check(
    local_site: LocalSite, store: Store
) -> None:
    source = make_source(local_site)
    local_site.set_html("/privacy", policy(CLAUSES * 5))
    check(store, source)
    local_site.set_html("/privacy", policy(CLAUSES[:1]))
    result = check(store, source)

    assert result.check.outcome is CheckOutcome.FAILED
    assert "lost most of the text" in result.check.detail
    assert len(store.versions(source.id)) == 1


def test_three_failures_in_a_row_mark_the_source_broken_and_a_success_heals_it(
    local_site: LocalSite, store: Store
) -> None:
    source = make_source(local_site)
    local_site.pages["/privacy"] = Page(b"down", status=500)
    states = [check(store, source).state for _ in range(3)]
    assert [s.is_broken(3) for s in states] == [False, False, True]

    local_site.set_html("/privacy", policy())
    healed = check(store, source)
    assert healed.check.outcome is CheckOutcome.FIRST_VERSION
    assert not healed.state.is_broken(3)


def test_conditional_get_sends_the_validators_and_counts_304_as_unchanged(
    local_site: LocalSite, store: Store
) -> None:
    source = make_source(local_site)
    local_site.set_html("/privacy", policy(), headers={"ETag": '"v1"'})
    check(store, source)
    result = check(store, source)

    assert local_site.requests[-1][1].get("if-none-match") == '"v1"'
    assert result.check.fetch_outcome is FetchOutcome.NOT_MODIFIED
    assert result.check.outcome is CheckOutcome.UNCHANGED


def test_identical_raw_body_skips_extraction(
    local_site: LocalSite, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_source(local_site)
    local_site.set_html("/privacy", policy())
    check(store, source)

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("extract must not run on a byte-identical body")

    monkeypatch.setattr("watcher.pipeline.check.extract", fail)
    assert check(store, source).check.outcome is CheckOutcome.UNCHANGED


def test_an_unexpected_error_is_a_failed_check_not_a_crash(
    local_site: LocalSite, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_source(local_site)
    local_site.set_html("/privacy", policy())

    def explode(*args: object, **kwargs: object) -> None:
        raise ValueError("parser fell over")

    monkeypatch.setattr("watcher.pipeline.check.extract", explode)
    result = check(store, source)
    assert result.check.outcome is CheckOutcome.FAILED
    assert "parser fell over" in result.check.detail


def test_check_times_come_from_the_injected_clock(local_site: LocalSite, store: Store) -> None:
    moment = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    local_site.set_html("/privacy", policy())

    async def go() -> CheckResult:
        settings = Settings(fetch=FetchSettings(retries=0))
        async with HttpFetcher(settings.fetch, clock=lambda: moment) as fetcher:
            pipeline = Pipeline(store=store, fetcher=fetcher, settings=settings, now=lambda: moment)
            return await pipeline.check_source(make_source(local_site))

    result = asyncio.run(go())
    assert result.check.checked_at == moment
    assert result.version is not None and result.version.captured_at == moment

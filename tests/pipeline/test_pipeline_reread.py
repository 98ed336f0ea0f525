"""Changing how a source is read is not a policy change: stored pages are re-read first."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from localsite import LocalSite

from watcher.cli import main
from watcher.fetch import HttpFetcher
from watcher.pipeline import CheckResult, Pipeline
from watcher.pipeline import check as pipeline_check
from watcher.records import CheckOutcome, Document, Fetched, FetchSettings, Settings, Source
from watcher.store import Store

CLAUSES = (
    "We do not use Customer Data to train generative AI models.",
    "We keep messages for as long as your workspace exists, then delete them within 30 days.",
    "Subprocessors act only on our written instructions and under contract.",
)


def page(
    clauses: tuple[str, ...], *, stamp: str = "Last updated: 1 May 2024", extra: str = ""
) -> str:
    body = "".join(f"<p class='clause'>{c}</p>" for c in clauses)
    return (
        f"<html><body><main><h1>Privacy</h1><p>{stamp}</p>{body}"
        f"<div class='related'>{extra}</div></main></body></html>"
    )


def check(store: Store, source: Source) -> CheckResult:
    async def go() -> CheckResult:
        settings = Settings(fetch=FetchSettings(retries=0))
        async with HttpFetcher(settings.fetch) as fetcher:
            return await Pipeline(store=store, fetcher=fetcher, settings=settings).check_source(
                source
            )

    return asyncio.run(go())


def test_a_new_ignore_pattern_makes_a_technical_version_not_a_change(
    local_site: LocalSite, store: Store
) -> None:
    source = Source(id="acme", vendor="Acme", title="Privacy", url=local_site.url("/p"))
    local_site.set_html("/p", page(CLAUSES))
    check(store, source)

    # The user silences the date line; the vendor meanwhile only bumps the date.
    quieter = dataclasses.replace(source, ignore=("^Last updated:.*",))
    local_site.set_html("/p", page(CLAUSES, stamp="Last updated: 9 June 2024"))
    result = check(store, quieter)

    assert result.check.outcome is CheckOutcome.UNCHANGED
    assert not result.is_change
    assert result.reread is not None and result.reread.technical
    assert result.reread.summary.startswith("re-read with new settings: 1 removed")
    assert [v.technical for v in store.versions("acme")] == [False, True]


def test_a_narrower_select_then_a_real_change_diffs_only_the_real_change(
    local_site: LocalSite, store: Store
) -> None:
    source = Source(id="acme", vendor="Acme", title="Privacy", url=local_site.url("/p"))
    local_site.set_html("/p", page(CLAUSES, extra="Related: our blog"))
    check(store, source)

    narrower = dataclasses.replace(source, select=("p.clause",))
    changed = (CLAUSES[0].replace("do not use", "may use"), *CLAUSES[1:])
    local_site.set_html("/p", page(changed, extra="Related: our podcast"))
    result = check(store, narrower)

    assert result.reread is not None and result.reread.number == 2
    assert result.check.outcome is CheckOutcome.NEW_VERSION
    assert result.previous == result.reread
    assert result.diff is not None
    assert [(h.old_text, h.new_text) for h in result.diff.changes] == [(CLAUSES[0], changed[0])]


def test_the_same_settings_never_reread(local_site: LocalSite, store: Store) -> None:
    source = Source(id="acme", vendor="Acme", title="Privacy", url=local_site.url("/p"))
    local_site.set_html("/p", page(CLAUSES))
    check(store, source)
    local_site.set_html("/p", page((*CLAUSES[:2], "Subprocessors may act on their own.")))
    result = check(store, source)
    assert result.reread is None
    assert result.check.outcome is CheckOutcome.NEW_VERSION


def test_watcher_reread_applies_new_settings_at_once(local_site: LocalSite, tmp_path: Path) -> None:
    local_site.set_html("/p", page(CLAUSES, extra="Related: our blog"))
    config = tmp_path / "sources.yaml"
    entry = f"  - id: acme\n    vendor: Acme\n    title: Privacy\n    url: {local_site.url('/p')}\n"
    config.write_text("sources:\n" + entry)
    runner = CliRunner()
    assert runner.invoke(main, ["check", "--config", str(config)]).exit_code == 0

    config.write_text("sources:\n" + entry + "    remove: ['.related']\n")
    result = runner.invoke(main, ["reread", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "acme: v2 re-read with new settings: 1 removed" in result.output
    again = runner.invoke(main, ["reread", "--config", str(config)])
    assert again.output.startswith("nothing to re-read")  # v2 was read with these settings


def test_settings_that_cannot_read_the_stored_page_start_a_quiet_baseline(
    local_site: LocalSite, store: Store
) -> None:
    source = Source(id="acme", vendor="Acme", title="Privacy", url=local_site.url("/p"))
    local_site.set_html("/p", "<main><div id='old'>" + page(CLAUSES) + "</div></main>")
    check(store, source)

    # The vendor moved the same policy into #new; the user follows with `select: "#new"`.
    local_site.set_html("/p", "<main><div id='new'>" + page(CLAUSES) + "</div></main>")
    result = check(store, dataclasses.replace(source, select=("#new",)))

    assert result.version is not None and result.version.technical
    assert "new baseline" in result.version.summary
    assert not result.is_change


def test_a_damaged_stored_page_does_not_block_the_source(
    local_site: LocalSite, store: Store, tmp_path: Path
) -> None:
    source = Source(id="acme", vendor="Acme", title="Privacy", url=local_site.url("/p"))
    local_site.set_html("/p", page(CLAUSES))
    check(store, source)
    (tmp_path / "snapshots" / "acme" / "0001.raw.gz").write_bytes(b"not gzip")

    local_site.set_html("/p", page(CLAUSES, stamp="Last updated: 2 May 2024"))
    result = check(store, dataclasses.replace(source, ignore=("^Last updated:.*",)))

    assert result.check.outcome is CheckOutcome.NEW_VERSION
    assert result.version is not None and result.version.technical
    assert not result.is_change


def test_the_same_text_under_new_settings_is_reread_only_once(
    local_site: LocalSite, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Source(id="acme", vendor="Acme", title="Privacy", url=local_site.url("/p"))
    local_site.set_html("/p", page(CLAUSES))
    check(store, source)
    rereads: list[str] = []
    real = pipeline_check.reread_document

    def counting(fetched: Fetched, source: Source) -> Document | None:
        rereads.append(source.id)
        return real(fetched, source)

    monkeypatch.setattr(pipeline_check, "reread_document", counting)
    harmless = dataclasses.replace(source, remove=(".related",))  # nothing there to remove
    for token in ("a1", "b2", "c3"):  # the bytes change every time, the text never does
        local_site.set_html("/p", page(CLAUSES) + f"<!-- csrf {token} -->")
        assert check(store, harmless).check.outcome is CheckOutcome.UNCHANGED
    assert rereads == ["acme"]


def test_watcher_reread_says_when_new_settings_find_nothing(
    local_site: LocalSite, tmp_path: Path
) -> None:
    local_site.set_html("/p", page(CLAUSES))
    config = tmp_path / "sources.yaml"
    entry = f"  - id: acme\n    vendor: Acme\n    title: Privacy\n    url: {local_site.url('/p')}\n"
    config.write_text("sources:\n" + entry)
    runner = CliRunner()
    runner.invoke(main, ["check", "--config", str(config)])

    config.write_text("sources:\n" + entry + "    select: ['#nowhere']\n")
    result = runner.invoke(main, ["reread", "--config", str(config)])
    assert result.exit_code == 1
    assert "the new settings find no text in v1" in result.output

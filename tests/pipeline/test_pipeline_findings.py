"""Each new version by the vendor is judged against the one before, and the analysis is kept."""

from __future__ import annotations

import dataclasses

import pytest
from localsite import LocalSite
from pipeline_site import CLAUSES, check, make_source, policy

from watcher.analyze import ANALYZER_VERSION, analyze_diff
from watcher.diff import diff_texts
from watcher.pipeline import POOL_THRESHOLD, analysis_pool
from watcher.pipeline import check as pipeline_check
from watcher.records import CheckOutcome, Finding, TextDiff, Topic, Verdict
from watcher.store import Store

PROMISE = "We will not use your messages to train AI models."
PERMISSION = "We may use your messages to train AI models."


def test_a_first_version_has_no_analysis(local_site: LocalSite, store: Store) -> None:
    local_site.set_html("/privacy", policy())
    result = check(store, make_source(local_site))

    assert result.check.outcome is CheckOutcome.FIRST_VERSION
    assert (result.analysis, result.verdict, result.findings) == (None, None, ())
    assert result.version is not None and result.version.verdict is None
    assert store.analysis(result.version) is None


def test_a_weakened_promise_is_judged_and_stored_with_the_version(
    local_site: LocalSite, store: Store
) -> None:
    source = make_source(local_site)
    local_site.set_html("/privacy", policy([*CLAUSES, PROMISE]))
    check(store, source)
    local_site.set_html("/privacy", policy([*CLAUSES, PERMISSION]))
    result = check(store, source)

    assert result.is_change and result.version is not None
    assert result.verdict is Verdict.WEAKENED
    assert Topic.AI_TRAINING in result.topics
    assert any(f.old_text == PROMISE and f.new_text == PERMISSION for f in result.findings)
    assert result.analysis is not None and result.analysis.analyzer == str(ANALYZER_VERSION)
    assert result.version.verdict is Verdict.WEAKENED
    assert result.version.topics == result.topics
    assert store.analysis(result.version) == result.analysis
    assert store.version(source.id).verdict is Verdict.WEAKENED


def test_a_technical_version_is_never_judged(local_site: LocalSite, store: Store) -> None:
    source = make_source(local_site)
    local_site.set_html("/privacy", policy())
    check(store, source)

    narrower = dataclasses.replace(source, ignore=("^We collect the account.*",))
    local_site.set_html("/privacy", policy([*CLAUSES[1:], PERMISSION]))
    result = check(store, narrower)

    assert result.reread is not None and result.reread.technical
    assert result.reread.verdict is None and store.analysis(result.reread) is None
    assert result.verdict is not None  # the vendor's own change after it is judged


def test_a_failing_analysis_still_keeps_the_version(
    local_site: LocalSite, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(diff: TextDiff) -> tuple[Finding, ...]:
        raise RuntimeError("analyzer bug")

    monkeypatch.setattr(pipeline_check, "analyze_diff", broken)
    source = make_source(local_site)
    local_site.set_html("/privacy", policy([*CLAUSES, PROMISE]))
    check(store, source)
    local_site.set_html("/privacy", policy([*CLAUSES, PERMISSION]))
    result = check(store, source)

    assert result.check.outcome is CheckOutcome.NEW_VERSION
    assert result.version is not None and result.version.number == 2
    assert result.verdict is None and store.analysis(result.version) is None


def test_worker_processes_judge_a_change_as_the_checking_process_does(
    local_site: LocalSite, store: Store
) -> None:
    """A long watch list analyses in spawned worker processes; what comes back is the same."""
    source = make_source(local_site)
    local_site.set_html("/privacy", policy([*CLAUSES, PROMISE]))
    check(store, source)
    local_site.set_html("/privacy", policy([*CLAUSES, PERMISSION]))
    pool = analysis_pool(1, workers=1)
    assert pool is not None
    try:
        result = check(store, source, workers=pool)
    finally:
        pool.shutdown()

    assert result.verdict is Verdict.WEAKENED and result.version is not None
    before, after = store.versions(source.id)[-2:]
    expected = analyze_diff(diff_texts(store.read_text(before), store.read_text(after)))
    assert result.findings == expected
    assert store.analysis(result.version) == result.analysis


def test_a_short_watch_list_needs_no_worker_processes() -> None:
    assert analysis_pool(POOL_THRESHOLD - 1) is None

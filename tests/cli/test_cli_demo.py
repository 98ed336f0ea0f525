"""`watcher demo` replays the bundled site through the real pipeline and exits 0."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
from click.testing import CliRunner

from watcher.cli import main
from watcher.demo.site import load_site
from watcher.records import Verdict
from watcher.store import open_store


def test_demo_runs_every_step_and_keeps_a_history_per_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    site = load_site()
    assert f"step {site.step_count} of {site.step_count}" in result.output
    assert "what next" in result.output
    assert "0 failed checks" in result.output
    status = CliRunner().invoke(main, ["status", "--config", str(tmp_path / "sources.yaml")])
    assert status.exit_code == 0, status.output
    assert "Acme Chat" in status.output and "acme-privacy" in status.output
    assert f"{len(site.pages)} sources, 0 broken" in status.output
    store = open_store(tmp_path / "snapshots")
    try:
        for page in site.pages:
            assert page.source_id in result.output
            versions = store.versions(page.source_id)
            # every page has meaningful steps (new versions) and cosmetic ones (none)
            assert 2 <= len(versions) < site.step_count, page.source_id
            # every change by the vendor is judged, and the demo says how
            for version in versions[1:]:
                analysis = store.analysis(version)
                assert analysis is not None and version.verdict is analysis.verdict
                label = f"~ {page.source_id} v{version.number}: {version.verdict.value}"
                assert label in result.output
                for finding in analysis.findings:
                    assert f": {finding.explanation}" in result.output
    finally:
        store.close()


def test_demo_verdicts_match_each_scenario(tmp_path: Path) -> None:
    """Each demo step says what a careful reader would call the change; the analyser agrees."""
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    verdicts = {v.value for v in Verdict}
    judged = [
        (match["source"], match["verdict"], match["expected"])
        for match in CHANGE_LINE.finditer(result.output)
        if match["expected"] in verdicts
    ]
    assert len(judged) >= 10
    wrong = [case for case in judged if case[1] != case[2]]
    assert not wrong, wrong


CHANGE_LINE = re.compile(
    r"^~ (?P<source>\S+) v\d+: (?P<verdict>\w+) .*\(scenario: (?P<expected>\w+)", re.MULTILINE
)


def test_demo_sends_its_alerts_locally_and_writes_its_feed(tmp_path: Path) -> None:
    """A newcomer sees the whole loop: each change that moves a commitment reaches the local
    Slack stand-in once, and the feed of them all parses."""
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    alerting = {"weakened", "strengthened", "clarified"}
    changes = [m for m in CHANGE_LINE.finditer(result.output) if m["verdict"] in alerting]
    sent = [line for line in result.output.splitlines() if line.strip().startswith("→ Slack")]
    assert len(sent) == len(changes) >= 10
    parsed = feedparser.parse((tmp_path / "feed.atom").read_bytes())
    assert not parsed.bozo
    assert len(parsed.entries) == len(changes)

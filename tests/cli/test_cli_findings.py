"""Verdicts and findings as the commands show them: check, history, show --diff and diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_site import KEPT, PERMISSION, PROMISE, page, watcher
from click.testing import Result
from localsite import LocalSite

from watcher.analyze import analyze_texts
from watcher.diff import render_words
from watcher.pipeline import check as pipeline_check
from watcher.records import Finding, TextDiff


def write_config(tmp_path: Path, site: LocalSite) -> Path:
    config = tmp_path / "sources.yaml"
    config.write_text(
        "snapshots: snaps\nfetch: {retries: 0}\nsources:\n"
        f"  - {{id: acme-privacy, vendor: Acme, title: Privacy, url: '{site.url('/p')}'}}\n"
    )
    return config


def weaken(site: LocalSite, tmp_path: Path, *, json_output: bool = False) -> tuple[Path, Result]:
    """Check the promise, then check it turned into a permission; the second check's result."""
    config = write_config(tmp_path, site)
    site.set_html("/p", page(KEPT, PROMISE))
    assert watcher("check", "--config", config, "--no-progress").exit_code == 0
    site.set_html("/p", page(KEPT, PERMISSION))
    extra = ("--json",) if json_output else ("--no-progress",)
    return config, watcher("check", "--config", config, *extra)


def write_pair(tmp_path: Path, old: str, new: str) -> tuple[Path, Path]:
    paths = tmp_path / "old.md", tmp_path / "new.md"
    for path, text in zip(paths, (old, new), strict=True):
        path.write_text(f"# Privacy\n\n{KEPT}\n\n{text}\n", "utf-8")
    return paths


def test_check_json_carries_the_verdict_and_topics(local_site: LocalSite, tmp_path: Path) -> None:
    _, result = weaken(local_site, tmp_path, json_output=True)

    (line,) = result.output.splitlines()
    change = json.loads(line)
    assert list(change) == ["source", "url", "verdict", "topics", "version", "summary"]
    assert change["verdict"] == "weakened"
    assert "ai_training" in change["topics"]
    assert change["topics"] == sorted(change["topics"])


def test_check_shows_the_verdict_next_to_the_change(local_site: LocalSite, tmp_path: Path) -> None:
    _, result = weaken(local_site, tmp_path)

    assert "~ acme-privacy v2 weakened (" in result.output
    assert "ai_training" in result.output


def test_history_lists_each_versions_verdict(local_site: LocalSite, tmp_path: Path) -> None:
    config, _ = weaken(local_site, tmp_path)

    history = watcher("history", "acme-privacy", "--config", config)

    assert history.exit_code == 0
    assert "verdict" in history.output
    rows = {line.split()[0]: line for line in history.output.splitlines() if line.strip()}
    v1, v2 = rows["v1"], rows["v2"]
    assert "weakened" not in v1 and "first version" in v1
    assert "weakened" in v2 and "ai_training" in v2


def test_show_diff_lists_the_findings(local_site: LocalSite, tmp_path: Path) -> None:
    config, _ = weaken(local_site, tmp_path)

    shown = watcher("show", "acme-privacy", "2", "--diff", "--config", config)

    assert shown.exit_code == 0
    assert "verdict weakened" in shown.output
    for finding in analyze_texts(PROMISE, PERMISSION).findings:
        assert finding.explanation in shown.output
        assert render_words(finding.old_text, finding.new_text, color=False) in shown.output
    assert "{+may+}" in shown.output
    assert "~ changed" in shown.output  # the block diff follows the findings


def test_diff_json_is_one_object_of_the_documented_shape(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, PROMISE, PERMISSION)

    result = watcher("diff", old, new, "--json")

    assert result.exit_code == 0
    assert result.output.count("\n") == 1  # exactly one JSON object, on one line
    data = json.loads(result.output)
    assert list(data) == ["verdict", "changes"]
    assert data["verdict"] == "weakened"
    assert data["changes"], "a weakened promise is at least one change"
    for change in data["changes"]:
        assert list(change) == ["verdict", "topics", "old", "new", "explanation"]
        assert change["topics"] == sorted(change["topics"])
    assert {"verdict": "weakened", "old": PROMISE, "new": PERMISSION}.items() <= next(
        c for c in data["changes"] if c["verdict"] == "weakened"
    ).items()


def test_diff_json_of_equal_texts_is_unchanged(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, PROMISE, PROMISE)

    result = watcher("diff", old, new, "--json")

    assert result.output == '{"verdict": "unchanged", "changes": []}\n'


def test_diff_json_matches_the_analysis(tmp_path: Path) -> None:
    """The JSON is the analysis of the two texts as read, nothing lost or added on the way."""
    old_text = "We keep logs for 30 days.\n\nYou can opt out in settings."
    new_text = "We keep logs for 90 days.\n\nYou can opt out by emailing support."
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text(old_text, "utf-8")
    new.write_text(new_text, "utf-8")

    data = json.loads(watcher("diff", old, new, "--json").output)

    analysis = analyze_texts(old_text, new_text)
    assert data["verdict"] == analysis.verdict.value
    assert [(c["verdict"], c["old"], c["new"], c["explanation"]) for c in data["changes"]] == [
        (f.verdict.value, f.old_text, f.new_text, f.explanation) for f in analysis.findings
    ]


def test_diff_json_of_a_page_not_in_english_says_it_is_not_analysed(tmp_path: Path) -> None:
    old, new = tmp_path / "alt.html", tmp_path / "neu.html"
    old.write_text(
        page("Wir verwenden Ihre Nachrichten nicht, um KI-Modelle zu trainieren."), "utf-8"
    )
    new.write_text(page("Wir dürfen Ihre Nachrichten verwenden, um KI-Modelle zu trainieren."))

    data = json.loads(watcher("diff", old, new, "--json").output)

    analysis = analyze_texts(
        "# Privacy\n\nWir verwenden Ihre Nachrichten nicht, um KI-Modelle zu trainieren.",
        "# Privacy\n\nWir dürfen Ihre Nachrichten verwenden, um KI-Modelle zu trainieren.",
    )
    assert analysis.language == "de"
    assert data["changes"]
    assert [c["explanation"] for c in data["changes"]] == [f.explanation for f in analysis.findings]
    assert "ü" in json.dumps(data, ensure_ascii=False)  # text kept as it is, not mangled


def test_diff_json_escapes_characters_that_could_reorder_a_terminal_line(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, PROMISE, "We may use your messages \u202eto train AI models.")

    result = watcher("diff", old, new, "--json")

    assert "\u202e" not in result.output and "\\u202e" in result.output
    assert any("\u202e" in c["new"] for c in json.loads(result.output)["changes"])


def test_diff_shows_each_finding_with_its_words_marked(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, PROMISE, PERMISSION)

    result = watcher("diff", old, new, "--no-color")

    assert result.exit_code == 0
    assert "weakened (" in result.output
    for finding in analyze_texts(PROMISE, PERMISSION).findings:
        assert finding.explanation in result.output
        assert render_words(finding.old_text, finding.new_text, color=False) in result.output
    assert "{+may+}" in result.output
    assert "~ changed" not in result.output  # the block diff only when asked for
    assert result.output.rstrip().endswith("overall: weakened · 1 changed")


def test_diff_blocks_adds_the_block_diff(tmp_path: Path) -> None:
    old, new = write_pair(tmp_path, PROMISE, PERMISSION)

    blocks = watcher("diff", old, new, "--no-color", "--blocks")
    context = watcher("diff", old, new, "--no-color", "--context", "0")

    assert "weakened (" in blocks.output
    assert "~ changed (block 3 → 3" in blocks.output
    assert "  # Privacy" in blocks.output  # one block of context by default
    assert "~ changed (block 3 → 3" in context.output  # --context implies --blocks
    assert "  # Privacy" not in context.output


def test_a_change_the_analysis_failed_on_is_reported_without_a_verdict(
    local_site: LocalSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(diff: TextDiff) -> tuple[Finding, ...]:
        raise RuntimeError("analyzer bug")

    monkeypatch.setattr(pipeline_check, "analyze_diff", broken)
    config, result = weaken(local_site, tmp_path, json_output=True)

    change = json.loads(result.output)
    assert (change["verdict"], change["topics"], change["version"]) == (None, [], 2)
    history = watcher("history", "acme-privacy", "--config", config).output
    assert "not analysed" in history

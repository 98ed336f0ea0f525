"""The `watcher` commands as a user runs them, against a local site and a real snapshots folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from localsite import LocalSite, Page

from watcher.cli import main

PAGE = (
    "<html><head><title>Acme privacy</title></head><body><main><h1>Privacy</h1>"
    "<p>We never sell your personal data to advertisers or data brokers.</p>"
    "<p>We do not use Customer Data to train generative AI models.</p></main></body></html>"
)


def write_config(tmp_path: Path, site: LocalSite) -> Path:
    config = tmp_path / "sources.yaml"
    config.write_text(
        "snapshots: snaps\n"
        "fetch: {retries: 0}\n"
        "sources:\n"
        "  - id: acme-privacy\n"
        "    vendor: Acme\n"
        "    title: Privacy principles\n"
        f"    url: {site.url('/privacy')}\n"
        "    kind: privacy_policy\n"
    )
    return config


def watcher(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_check_json_prints_one_line_per_change(local_site: LocalSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, local_site)
    local_site.set_html("/privacy", PAGE)
    first = watcher("check", "--config", config, "--json")
    assert first.exit_code == 0
    assert first.output == ""  # a first version is not a change

    local_site.set_html("/privacy", PAGE.replace("do not use", "may use"))
    second = watcher("check", "--config", config, "--json")
    assert second.exit_code == 0
    (line,) = second.output.splitlines()
    change = json.loads(line)
    assert change["source"] == "acme-privacy"
    assert change["url"] == local_site.url("/privacy")
    assert change["version"] == 2
    assert change["summary"] == "1 changed"
    assert set(change) == {"source", "url", "verdict", "topics", "version", "summary"}
    assert (tmp_path / "snaps" / "acme-privacy" / "0002.md").exists()


def test_check_without_json_reports_changes_and_counts(
    local_site: LocalSite, tmp_path: Path
) -> None:
    config = write_config(tmp_path, local_site)
    local_site.set_html("/privacy", PAGE)
    result = watcher("check", "--config", config, "--no-progress")
    assert result.exit_code == 0
    assert "acme-privacy first version stored (v1)" in result.output
    assert "1 checked, 0 changed, 1 new, 0 unchanged, 0 failed" in result.output


def test_a_bad_config_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text(
        "sources:\n  - id: acme\n    vendor: Acme\n    title: T\n"
        "    url: https://example.com/\n    interval: 6x\n"
    )
    result = CliRunner().invoke(main, ["check", "--config", str(config)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {config}:6:")
    assert "6x" in result.output
    assert "Traceback" not in result.output


def test_status_marks_a_source_broken_after_three_failures(
    local_site: LocalSite, tmp_path: Path
) -> None:
    config = write_config(tmp_path, local_site)
    local_site.pages["/privacy"] = Page(b"oops", status=503)
    for _ in range(3):
        assert watcher("check", "--config", config).exit_code == 0
    result = watcher("status", "--config", config)
    assert result.exit_code == 0
    assert "BROKEN" in result.output
    assert "1 source, 1 broken" in result.output


def test_history_show_and_reindex(local_site: LocalSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, local_site)
    local_site.set_html("/privacy", PAGE)
    watcher("check", "--config", config)
    local_site.set_html("/privacy", PAGE.replace("never sell", "do not sell"))
    watcher("check", "--config", config)

    history = watcher("history", "acme-privacy", "--config", config)
    assert history.exit_code == 0
    assert "v1" in history.output and "v2" in history.output and "1 changed" in history.output

    shown = watcher("show", "acme-privacy", "1", "--config", config)
    assert "We never sell your personal data" in shown.output
    assert "raw sha256" in shown.output
    raw = CliRunner().invoke(main, ["show", "acme-privacy", "2", "--raw", "--config", str(config)])
    assert raw.stdout_bytes == PAGE.replace("never sell", "do not sell").encode()

    (tmp_path / "snaps" / "index.sqlite").unlink()
    rebuilt = watcher("reindex", "--config", config)
    assert rebuilt.output.strip() == "index rebuilt: 2 versions"
    assert "v2" in watcher("history", "acme-privacy", "--config", config).output


def test_show_an_unknown_version_is_a_clear_error(local_site: LocalSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, local_site)
    local_site.set_html("/privacy", PAGE)
    watcher("check", "--config", config)
    result = CliRunner().invoke(main, ["show", "acme-privacy", "7", "--config", str(config)])
    assert result.exit_code == 2
    assert "error:" in result.output and "7" in result.output


def test_unknown_source_suggests_the_close_one(local_site: LocalSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, local_site)
    result = CliRunner().invoke(main, ["check", "--config", str(config), "--source", "acme-privcy"])
    assert result.exit_code == 2
    assert "acme-privacy" in result.output


def test_diff_of_two_files_shows_the_moved_words(tmp_path: Path) -> None:
    old, new = tmp_path / "old.html", tmp_path / "new.md"
    old.write_text(PAGE)
    new.write_text(
        "# Privacy\n\nWe never sell your personal data to advertisers or data brokers.\n\n"
        "We may use Customer Data to train generative AI models.\n"
    )
    result = watcher("diff", old, new, "--no-color")
    assert result.exit_code == 0
    assert "[-do not-]{+may+}" in result.output.replace(" ", "") or "may" in result.output
    assert "1 changed" in result.output


@pytest.mark.parametrize("name", ["policy.docx", "missing.html"])
def test_diff_of_an_unreadable_file_names_it(tmp_path: Path, name: str) -> None:
    good = tmp_path / "a.txt"
    good.write_text("hello there")
    if name.endswith(".docx"):
        (tmp_path / name).write_bytes(b"PK\x03\x04")
    result = CliRunner().invoke(main, ["diff", str(good), str(tmp_path / name)])
    assert result.exit_code == 2
    assert name in result.output


def test_reading_commands_do_not_create_a_snapshots_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    for command in (["status"], ["history", "acme"], ["show", "acme"], ["reindex"]):
        result = CliRunner().invoke(main, [*command, "--snapshots", str(missing)])
        assert result.exit_code == 2, command
        assert "no snapshots folder here yet" in result.output
    assert not missing.exists()


def test_a_page_that_really_shrank_is_kept_once_accepted(
    local_site: LocalSite, tmp_path: Path
) -> None:
    config = write_config(tmp_path, local_site)
    clauses = "".join(f"<p>Clause {i}: we keep your files safe and private.</p>" for i in range(20))
    local_site.set_html("/privacy", f"<main><h1>Privacy</h1>{clauses}</main>")
    watcher("check", "--config", config)
    local_site.set_html("/privacy", PAGE)

    failed = watcher("check", "--config", config)
    assert "lost most of the text" in failed.output
    assert "watcher accept acme-privacy" in failed.output

    accepted = watcher("accept", "acme-privacy", "--config", config)
    assert accepted.exit_code == 0
    assert "acme-privacy v2" in accepted.output
    assert (tmp_path / "snaps" / "acme-privacy" / "0002.md").read_text().startswith("# Privacy")


def test_naming_a_source_twice_checks_it_once(local_site: LocalSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, local_site)
    local_site.set_html("/privacy", PAGE)
    args = ("check", "--config", config, "--source", "acme-privacy", "--source", "acme-privacy")
    result = watcher(*args)
    assert "1 checked" in result.output
    assert len(local_site.requests) == 1


def test_the_demo_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "not empty" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_status_lists_a_new_config_without_fetching(local_site: LocalSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, local_site)
    result = watcher("status", "--config", config)
    assert result.exit_code == 0
    assert "not checked" in result.output and "1 source, 0 broken" in result.output
    assert not (tmp_path / "snaps").exists()
    assert local_site.requests == []


def test_diff_keeps_its_colours_when_asked_for_through_a_pipe(tmp_path: Path) -> None:
    old, new = tmp_path / "a.md", tmp_path / "b.md"
    old.write_text("# Privacy\n\nWe never sell your data.\n")
    new.write_text("# Privacy\n\nWe never sell or rent your data.\n")
    result = watcher("diff", old, new, "--color")
    assert "\x1b[" in result.output and "or rent" in result.output
    plain = watcher("diff", old, new, "--no-color", "--context", "0")
    assert "{+or rent+}" in plain.output
    assert "# Privacy" not in plain.output  # no context asked for: the heading is collapsed

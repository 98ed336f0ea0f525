"""`watcher feed` as a user runs it: real checks of a local site, then a feed of what they found."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from cli_site import KEPT, page, watcher, weaken_promise, write_config
from click.testing import CliRunner
from localsite import LocalSite

from watcher.cli import main

SCRIPTED = "We may use your messages &lt;script&gt;alert(1)&lt;/script&gt; to train AI models."
"""The permission, with a script tag written as text in it."""


@pytest.fixture
def config(tmp_path: Path, local_site: LocalSite) -> Path:
    """Acme Chat's privacy principles, checked twice: an AI-training promise became a
    permission (with a script tag, as text, in the new sentence); Acme Docs' terms, unchanged."""
    docs = f"{{id: acme-docs, vendor: Acme Docs, title: Terms, url: '{local_site.url('/d')}'}}"
    path = write_config(tmp_path, local_site, f"  - {docs}\n")
    local_site.set_html("/d", page(KEPT))
    weaken_promise(path, local_site, SCRIPTED)
    return path


def test_feed_writes_an_atom_file_of_the_stored_changes(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "public" / "feed.atom"
    result = watcher("feed", "--config", config, "--out", out, "--base-url", "https://w.example")

    assert result.exit_code == 0, result.output
    assert result.output == f"{out}: 1 entry (atom)\n"
    data = out.read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    (entry,) = parsed.entries
    assert entry.title == "Acme Chat Privacy principles: AI-training commitment weakened"
    assert entry.id == "tag:policy-watcher,2024:acme-chat/v2"
    assert entry.link == "https://w.example/changes/acme-chat/2"
    assert b"<script" not in data
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry.content[0].value
    assert [p.name for p in out.parent.iterdir()] == ["feed.atom"]  # no temp file left behind

    again = watcher("feed", "--config", config, "--out", out, "--base-url", "https://w.example")
    assert again.exit_code == 0
    assert out.read_bytes() == data


def test_feed_to_stdout_as_rss_filtered(config: Path) -> None:
    rss = watcher("feed", "--config", config, "--out", "-", "--format", "rss")
    assert rss.exit_code == 0
    parsed = feedparser.parse(rss.stdout_bytes)
    assert not parsed.bozo and parsed.version == "rss20"
    assert [e.id for e in parsed.entries] == ["tag:policy-watcher,2024:acme-chat/v2"]

    for narrowing in (
        ["--verdict", "strengthened"],
        ["--topic", "retention_deletion"],
        ["--source", "acme-docs"],
    ):
        result = watcher("feed", "--config", config, "--out", "-", *narrowing)
        assert result.exit_code == 0
        assert feedparser.parse(result.stdout_bytes).entries == [], narrowing
    both = ["--verdict", "WEAKENED", "--verdict", "clarified", "--topic", "ai_training"]
    result = watcher("feed", "--config", config, "--out", "-", "--source", "acme-chat", *both)
    assert len(feedparser.parse(result.stdout_bytes).entries) == 1


@pytest.mark.parametrize(
    ("option", "value", "valid"),
    [
        ("--verdict", "worse", "'weakened', 'strengthened', 'clarified', 'neutral'"),
        ("--verdict", "cosmetic", "'weakened', 'strengthened', 'clarified', 'neutral'"),
        ("--topic", "training", "'ai_training', 'consent_optout'"),
    ],
)
def test_a_bad_verdict_or_topic_lists_the_valid_ones(
    config: Path, tmp_path: Path, option: str, value: str, valid: str
) -> None:
    out = tmp_path / "feed.xml"
    result = CliRunner().invoke(
        main, ["feed", "--config", str(config), "--out", str(out), option, value]
    )

    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output
    assert valid in result.output
    assert not out.exists()


def test_an_unknown_source_or_base_url_is_a_clear_error(config: Path, tmp_path: Path) -> None:
    out = tmp_path / "feed.xml"
    unknown = watcher("feed", "--config", config, "--out", out, "--source", "acme-chta")
    assert unknown.exit_code == 2
    assert "unknown source id 'acme-chta' (did you mean 'acme-chat'" in unknown.output
    bad_url = watcher("feed", "--config", config, "--out", out, "--base-url", "javascript:x")
    assert bad_url.exit_code == 2 and "--base-url" in bad_url.output
    assert not out.exists()


def test_links_point_where_the_config_says_the_web_ui_is(config: Path) -> None:
    config.write_text(config.read_text() + "notifications: {base_url: 'https://ui.example/pw'}\n")
    result = watcher("feed", "--config", config, "--out", "-")
    (entry,) = feedparser.parse(result.stdout_bytes).entries
    assert entry.link == "https://ui.example/pw/changes/acme-chat/2"

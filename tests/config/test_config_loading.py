"""What a valid sources.yaml turns into: settings, defaults merged into sources, paths resolved."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from watcher.config import Config, load_config
from watcher.errors import ConfigError
from watcher.records import DocumentKind, FetchSettings, Settings, Source

ONE_SOURCE = """
sources:
  - id: acme-terms
    vendor: Acme
    title: Terms
    url: https://acme.example/terms
"""


def write(folder: Path, text: str, name: str = "sources.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path: Path, text: str) -> Config:
    return load_config(write(tmp_path, text))


def test_a_minimal_source_gets_record_defaults(tmp_path: Path) -> None:
    config = load(tmp_path, ONE_SOURCE)
    assert config.sources == (
        Source(id="acme-terms", vendor="Acme", title="Terms", url="https://acme.example/terms"),
    )
    assert config.settings == Settings(snapshots=str(tmp_path / "snapshots"))


def test_every_source_key_is_read(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
        sources:
          - id: slack-privacy-principles
            vendor: Slack
            title: Privacy principles
            url: https://slack.com/trust/data-management/privacy-principles
            kind: ai_policy
            interval: 1h30m
            select: ["main article", "#content"]
            remove: [".related", "aside"]
            ignore: ['Last updated: .*']
            tags: [chat, ai]
            headers: {Cookie: "consent=yes", DNT: 1}
        """,
    )
    assert config.sources[0] == Source(
        id="slack-privacy-principles",
        vendor="Slack",
        title="Privacy principles",
        url="https://slack.com/trust/data-management/privacy-principles",
        kind=DocumentKind.AI_POLICY,
        interval_s=5400.0,
        select=("main article", "#content"),
        remove=(".related", "aside"),
        ignore=("Last updated: .*",),
        tags=("chat", "ai"),
        headers=(("Cookie", "consent=yes"), ("DNT", "1")),
    )


def test_a_single_selector_or_pattern_may_be_written_without_a_list(tmp_path: Path) -> None:
    source = load(tmp_path, ONE_SOURCE + "    select: main\n    ignore: 'v[0-9]+'\n").sources[0]
    assert (source.select, source.ignore) == (("main",), ("v[0-9]+",))


DEFAULTS = """
defaults:
  interval: 12h
  select: main
  headers: {Accept-Language: en, X-Team: privacy}
  remove: [".cookie-banner", aside]
  ignore: ['Updated .*']
  tags: [watched]
sources:
  - id: plain
    vendor: Acme
    title: Terms
    url: https://acme.example/terms
  - id: own
    vendor: Acme
    title: Privacy
    url: https://acme.example/privacy
    interval: 6h
    select: article
    headers: {accept-language: de, Cookie: "a=b"}
    remove: [aside, .related]
    ignore: ['Printed .*']
    tags: [ai, watched]
"""


@pytest.mark.parametrize(
    ("source_id", "field", "expected"),
    [
        ("plain", "interval_s", 43_200.0),
        ("plain", "select", ("main",)),
        ("plain", "remove", (".cookie-banner", "aside")),
        ("plain", "ignore", ("Updated .*",)),
        ("plain", "tags", ("watched",)),
        ("plain", "headers", (("Accept-Language", "en"), ("X-Team", "privacy"))),
        # a source's own interval and select replace the defaults ...
        ("own", "interval_s", 21_600.0),
        ("own", "select", ("article",)),
        # ... lists are merged, defaults first, without repeats ...
        ("own", "remove", (".cookie-banner", "aside", ".related")),
        ("own", "ignore", ("Updated .*", "Printed .*")),
        ("own", "tags", ("watched", "ai")),
        # ... and headers merge by name, ignoring case, the source's own value winning.
        (
            "own",
            "headers",
            (("X-Team", "privacy"), ("accept-language", "de"), ("Cookie", "a=b")),
        ),
    ],
)
def test_defaults_are_applied_and_merged(
    tmp_path: Path, source_id: str, field: str, expected: object
) -> None:
    source = load(tmp_path, DEFAULTS).source(source_id)
    assert getattr(source, field) == expected


def test_fetch_settings_and_run_settings_are_read(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
        fetch:
          timeout: 45s
          max_body: 2MB
          max_redirects: 3
          concurrency: 4
          per_host_concurrency: 1
          retries: 0
          backoff: 2s
          max_retry_after: 5m
          user_agent: Tester/1.0
        broken_after: 5
        min_text_ratio: 0.25
        sources: []
        """,
    )
    assert config.settings.fetch == FetchSettings(
        timeout_s=45.0,
        max_body_bytes=2 * 1024 * 1024,
        max_redirects=3,
        concurrency=4,
        per_host_concurrency=1,
        retries=0,
        backoff_s=2.0,
        max_retry_after_s=300.0,
        user_agent="Tester/1.0",
    )
    assert (config.settings.broken_after, config.settings.min_text_ratio) == (5, 0.25)
    assert config.sources == ()


@pytest.mark.parametrize("text", ["sources: []\n", "sources:\n", "fetch:\ndefaults:\nsources:\n"])
def test_empty_sections_mean_nothing_configured(tmp_path: Path, text: str) -> None:
    config = load(tmp_path, text)
    assert config.sources == ()
    assert config.settings.fetch == FetchSettings()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (None, "conf/snapshots"),
        ("snaps", "conf/snaps"),
        ("data/snaps", "conf/data/snaps"),
        ("../snaps", "snaps"),
    ],
)
def test_relative_snapshots_folder_is_resolved_next_to_the_config_file(
    tmp_path: Path, written: str | None, expected: str
) -> None:
    (tmp_path / "conf").mkdir()
    text = "sources: []\n" + (f"snapshots: {written}\n" if written else "")
    config = load_config(write(tmp_path / "conf", text))
    assert config.settings.snapshots == str(tmp_path / expected)


def test_absolute_snapshots_folder_is_kept(tmp_path: Path) -> None:
    config = load(tmp_path, f"snapshots: {tmp_path / 'elsewhere'}\nsources: []\n")
    assert config.settings.snapshots == str(tmp_path / "elsewhere")


def test_snapshots_follow_the_file_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "conf").mkdir()
    write(tmp_path / "conf", "sources: []\n")
    monkeypatch.chdir(tmp_path)
    config = load_config("conf/sources.yaml")
    assert config.path == Path("conf/sources.yaml")
    assert os.path.isabs(config.settings.snapshots)
    assert config.settings.snapshots == str(tmp_path / "conf" / "snapshots")


def test_source_lookup_by_id(tmp_path: Path) -> None:
    config = load(tmp_path, DEFAULTS)
    assert config.source("own").title == "Privacy"


@pytest.mark.parametrize(
    ("asked", "hint"),
    [
        ("pain", " (did you mean 'plain'?)"),
        ("zzz", ""),
    ],
)
def test_unknown_source_id_is_a_config_error_with_close_matches(
    tmp_path: Path, asked: str, hint: str
) -> None:
    path = write(tmp_path, DEFAULTS)
    with pytest.raises(ConfigError) as raised:
        load_config(path).source(asked)
    assert str(raised.value) == f"{path}: unknown source id '{asked}'{hint}"

"""The sources.yaml shipped at the top of the repository loads and covers what it promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from watcher.config import Config, load_config
from watcher.records import DocumentKind

SHIPPED = Path(__file__).resolve().parents[2] / "sources.yaml"


@pytest.fixture(scope="module")
def shipped() -> Config:
    return load_config(SHIPPED)


def test_shipped_file_has_enough_sources_and_vendors(shipped: Config) -> None:
    assert len(shipped.sources) >= 22
    assert len({source.vendor for source in shipped.sources}) >= 12


def test_shipped_ids_are_unique(shipped: Config) -> None:
    counts = Counter(source.id for source in shipped.sources)
    assert [source_id for source_id, n in counts.items() if n > 1] == []


def test_shipped_urls_are_distinct_https_pages(shipped: Config) -> None:
    urls = [source.url for source in shipped.sources]
    assert len(set(urls)) == len(urls)
    assert all(urlsplit(url).scheme == "https" for url in urls)


def test_shipped_intervals_are_between_6h_and_24h(shipped: Config) -> None:
    assert {source.interval_s for source in shipped.sources} <= {6 * 3600.0, 12 * 3600.0, 86400.0}


def test_shipped_sources_are_classified(shipped: Config) -> None:
    kinds = Counter(source.kind for source in shipped.sources)
    assert DocumentKind.OTHER not in kinds
    assert kinds[DocumentKind.AI_POLICY] >= 5
    assert kinds[DocumentKind.PRIVACY_POLICY] >= 10
    assert kinds[DocumentKind.TERMS] >= 5


def test_shipped_file_watches_the_page_that_started_it(shipped: Config) -> None:
    source = shipped.source("slack-privacy-principles")
    assert source.url == "https://slack.com/trust/data-management/privacy-principles"
    assert source.vendor == "Slack"


def test_shipped_defaults_reach_every_source(shipped: Config) -> None:
    for source in shipped.sources:
        assert "#onetrust-consent-sdk" in source.remove, source.id
        assert source.tags, source.id
        assert ("Accept-Language", "en-US,en;q=0.8") in source.headers, source.id


def test_shipped_snapshots_folder_is_next_to_the_file(shipped: Config) -> None:
    assert shipped.settings.snapshots == str(SHIPPED.parent / "snapshots")

"""Shared fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from localsite import LocalSite


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    site = LocalSite()
    site.start()
    try:
        yield site
    finally:
        site.close()

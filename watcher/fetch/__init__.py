"""The fetch stage: Source -> Fetched, whatever the world answers.

Fetchers are plugins, one module per kind, registered in `FETCHERS` by kind name (the key a
source will name in sources.yaml). Built in: `http` (httpx). Every expected failure — a timeout,
a 503, a bot wall, a PDF, a gzip bomb — comes back as a `Fetched` with a failing `outcome`;
see `watcher.fetch.classify` for how answers are judged and `watcher.fetch.limits` for the
concurrency and retry manners shared by all kinds.
"""

from __future__ import annotations

from watcher.fetch.base import FETCHERS, Fetcher, register
from watcher.fetch.http import HttpFetcher

__all__ = ["FETCHERS", "Fetcher", "HttpFetcher", "register"]

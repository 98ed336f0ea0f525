"""A policy page, its source and one check of it, shared by the pipeline tests."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor

from localsite import LocalSite

from watcher.fetch import HttpFetcher
from watcher.pipeline import CheckResult, Pipeline
from watcher.records import FetchSettings, Settings, Source
from watcher.store import Store

CLAUSES = [
    "We collect the account details you give us when you sign up for the service.",
    "We do not use Customer Data to train generative AI models.",
    "You can delete your workspace at any time from the administration settings.",
    "We share data with subprocessors only under written contracts that protect it.",
]


def policy(clauses: list[str] = CLAUSES, *, nav: str = "Home", banner: str = "") -> str:
    body = "".join(f"<p>{clause}</p>" for clause in clauses)
    return (
        "<!doctype html><html><head><title>Acme privacy</title></head><body>"
        f"<nav><a href='/'>{nav}</a></nav>{banner}"
        f"<main><h1>Privacy principles</h1>{body}</main><footer>© Acme</footer></body></html>"
    )


def make_source(site: LocalSite, path: str = "/privacy") -> Source:
    return Source(id="acme-privacy", vendor="Acme", title="Privacy principles", url=site.url(path))


def check(store: Store, source: Source, workers: Executor | None = None) -> CheckResult:
    async def go() -> CheckResult:
        settings = Settings(fetch=FetchSettings(retries=0, timeout_s=5))
        async with HttpFetcher(settings.fetch) as fetcher:
            pipeline = Pipeline(store=store, fetcher=fetcher, settings=settings, workers=workers)
            return (await pipeline.check_all([source]))[0]

    return asyncio.run(go())

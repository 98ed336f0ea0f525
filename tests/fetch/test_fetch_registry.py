"""The fetcher plugin registry: one `@register` line adds a kind."""

from __future__ import annotations

import asyncio
from typing import ClassVar

import pytest

import watcher.fetch
from watcher.fetch import FETCHERS, HttpFetcher, base, register
from watcher.records import Fetched, FetchSettings, Source, Validators


class _EchoFetcher:
    kind: ClassVar[str] = "echo"

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings

    async def fetch(self, source: Source, validators: Validators | None = None) -> Fetched:
        raise NotImplementedError

    async def aclose(self) -> None:
        pass


def test_built_in_kinds_are_registered() -> None:
    assert FETCHERS["http"] is HttpFetcher
    assert HttpFetcher.kind == "http"
    assert set(watcher.fetch.__all__) == {"FETCHERS", "Fetcher", "HttpFetcher", "register"}


def test_register_adds_a_kind_and_refuses_a_second_class_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(base, "FETCHERS", {})

    assert register(_EchoFetcher) is _EchoFetcher
    assert list(base.FETCHERS.items()) == [("echo", _EchoFetcher)]
    assert register(_EchoFetcher) is _EchoFetcher  # re-registering the same class is harmless

    class _Other(_EchoFetcher):
        pass

    with pytest.raises(ValueError, match="'echo' is already registered"):
        register(_Other)


def test_registry_builds_fetchers_from_settings() -> None:
    fetcher = FETCHERS["http"](FetchSettings())

    assert isinstance(fetcher, HttpFetcher)
    asyncio.run(fetcher.aclose())

"""The Fetcher plugin contract and the registry of fetcher kinds (kind string = config key).

A separate module from the package `__init__` so that plugin modules can import `register`
while the package imports them to fill `FETCHERS`, without an import cycle.
"""

from __future__ import annotations

from typing import ClassVar, Protocol, TypeVar

from watcher.records import Fetched, FetchSettings, Source, Validators

__all__ = ["FETCHERS", "Fetcher", "register"]


class Fetcher(Protocol):
    """Turns a Source into a Fetched record; every failure of the world is a Fetched, not raised.

    Implementations share one connection pool (or browser) across all sources of a run, so they
    are built once per run and closed with `aclose` (or used as an async context manager).
    """

    kind: ClassVar[str]

    def __init__(self, settings: FetchSettings) -> None: ...

    async def fetch(self, source: Source, validators: Validators | None = None) -> Fetched: ...

    async def aclose(self) -> None: ...


FETCHERS: dict[str, type[Fetcher]] = {}
"""Every fetcher kind, filled by the `@register` lines of the plugin modules."""

_F = TypeVar("_F", bound=Fetcher)


def register(cls: type[_F]) -> type[_F]:
    """Class decorator adding a fetcher to FETCHERS under its `kind`; one line per plugin."""
    if cls.kind in FETCHERS and FETCHERS[cls.kind] is not cls:
        raise ValueError(f"fetcher kind {cls.kind!r} is already registered")
    FETCHERS[cls.kind] = cls
    return cls

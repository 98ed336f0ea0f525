"""A real snapshots folder with vendors' versions and their stored analyses, for the feed tests.

Versions go in through `Store.add_version`, as the pipeline keeps them, so the feed tests read
changes back with `changes_from_store` exactly as `watcher feed` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from alert_inputs import T0
from store.store_inputs import make_inputs

from watcher.records import Source, StoredAnalysis, Version
from watcher.store import Store


@dataclass
class History:
    """Keeps versions of sources one after the other, an hour apart."""

    store: Store
    clock: datetime = T0
    texts: dict[str, int] = field(default_factory=dict)

    def keep(
        self,
        source: Source,
        result: StoredAnalysis | None = None,
        *,
        technical: bool = False,
        text: str | None = None,
    ) -> Version:
        """A new version of `source`: its first, or a change judged by `result`."""
        self.clock += timedelta(hours=1)
        serial = self.texts[source.id] = self.texts.get(source.id, 0) + 1
        text = text or f"# {source.title}\n\nVersion {serial} of the text."
        fetched, document = make_inputs(source.id, text, fetched_at=self.clock)
        return self.store.add_version(
            fetched, document, captured_at=self.clock, technical=technical, analysis=result
        )

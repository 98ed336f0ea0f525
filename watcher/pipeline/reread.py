"""Re-reading a stored page with a source's current settings: technical versions, never alerts."""

from __future__ import annotations

from datetime import datetime

from watcher.diff import diff_texts, summarize
from watcher.extract import extract
from watcher.pipeline.results import MIN_TEXT_CHARS
from watcher.records import Source, Version
from watcher.store import Store

__all__ = ["reread_version"]


def reread_version(
    store: Store, source: Source, version: Version, *, now: datetime
) -> Version | None:
    """Read a stored version's body again with the source's current settings.

    Changing `select`, `remove` or `ignore` (or upgrading the extractor) changes the text without
    the vendor changing anything, so the re-read text is kept as a *technical* version, which
    never alerts, and later checks compare against it. None when the text comes out the same, or
    when the new settings find almost no text in it (the next check then fails visibly).
    """
    fetched = store.read_fetched(version)
    document = extract(fetched, source)
    if document.text_sha256 == version.text_sha256 or len(document.text) < MIN_TEXT_CHARS:
        return None
    diff = diff_texts(store.read_text(version), document.text)
    summary = f"re-read with new settings: {summarize(diff)}"
    return store.add_version(
        fetched, document, captured_at=now, summary=summary, technical=True, after=version.number
    )

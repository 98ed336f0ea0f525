"""Re-reading a stored page with a source's current settings: technical versions, never alerts.

Changing `select`, `remove` or `ignore` (or upgrading the extractor) changes the text without
the vendor changing anything, so before a check compares a page read with new settings, the
latest stored page is read again with them. A different text is kept as a *technical*
version, which never alerts, and becomes what later checks compare against; the same text is
remembered (`Store.note_reader`) so the re-read happens once, not on every check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from watcher.diff import diff_texts, summarize
from watcher.extract import extract
from watcher.pipeline.results import MIN_TEXT_CHARS
from watcher.records import Document, Fetched, Source, TextDiff, Version
from watcher.store import Store

__all__ = ["Reread", "keep_reread", "reread_document", "reread_version"]


@dataclass(frozen=True, slots=True)
class Reread:
    """What reading a stored version again gave."""

    readable: bool
    """False when the new settings find (almost) no text in the stored page: nothing to compare."""
    version: Version | None = None
    """The technical version made, when the text came out different."""


def reread_document(fetched: Fetched, source: Source) -> Document | None:
    """The stored fetch read with the source's current settings; None if that finds no text.

    Pure, so the pipeline runs it in a worker thread.
    """
    document = extract(fetched, source)
    return document if len(document.text.strip()) >= MIN_TEXT_CHARS else None


def keep_reread(
    store: Store,
    version: Version,
    fetched: Fetched,
    document: Document,
    diff: TextDiff | None,
    *,
    now: datetime,
) -> Reread:
    """Store a re-read text as a technical version, or note that it reads the same."""
    if diff is None or document.text_sha256 == version.text_sha256:
        store.note_reader(version, document.reader)
        return Reread(readable=True)
    summary = f"re-read with new settings: {summarize(diff)}"
    made = store.add_version(
        fetched, document, captured_at=now, summary=summary, technical=True, after=version.number
    )
    return Reread(readable=True, version=made)


def reread_version(store: Store, source: Source, version: Version, *, now: datetime) -> Reread:
    """Read a stored version again with the source's current settings (`watcher reread`)."""
    fetched = store.read_fetched(version)
    document = reread_document(fetched, source)
    if document is None:
        return Reread(readable=False)
    diff = None
    if document.text_sha256 != version.text_sha256:
        diff = diff_texts(store.read_text(version), document.text)
    return keep_reread(store, version, fetched, document, diff, now=now)

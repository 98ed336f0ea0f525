"""The changes kept in the store, as `Change` records for the feed and the web UI to publish.

A change is a vendor's new version judged against the one before: a source's first version has
nothing to be judged against, a technical version (a re-read with new settings) is not the
vendor's doing, and a version stored before the analysis existed (or whose analysis failed) has
no verdict, so none of them is a change. Only configured sources are read: the store may still
hold the history of a source the config has since dropped, and a feed speaks for the watch list.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from watcher.records import Change, Source, Verdict, Version
from watcher.store import Store

__all__ = ["changes_from_store"]


def changes_from_store(
    store: Store,
    sources: Iterable[Source],
    *,
    since: datetime | None = None,
    verdicts: Collection[Verdict] | None = None,
) -> tuple[Change, ...]:
    """Every change of these sources, newest first (ties in a stable order: by source id, then
    version number, both descending).

    `since` keeps the changes captured at or after it. `verdicts`, when given, keeps only
    changes with one of these verdicts; it is checked against the verdict the index keeps with
    each version, so the findings of a change that cannot match are never read. That keeps a
    feed of thousands of versions at one cheap query per source plus two per change it shows.
    """
    changes: list[Change] = []
    for source in dict((s.id, s) for s in sources).values():
        previous: Version | None = None
        for version in store.versions(source.id):
            if previous is not None and _is_candidate(version, since, verdicts):
                analysis = store.analysis(version)
                if analysis is not None:
                    changes.append(Change(source, version, analysis, previous=previous.number))
            previous = version
    changes.sort(key=lambda c: (c.version.captured_at, c.source.id, c.version.number))
    changes.reverse()
    return tuple(changes)


def _is_candidate(
    version: Version, since: datetime | None, verdicts: Collection[Verdict] | None
) -> bool:
    """A vendor's analysed version inside the asked window, before its findings are read."""
    if version.technical or version.verdict is None:
        return False
    if since is not None and version.captured_at < since:
        return False
    return verdicts is None or version.verdict in verdicts

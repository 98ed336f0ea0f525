"""Atom 1.0 and RSS 2.0 feeds of changes, written with feedgen, filtered by verdict, topic, source.

A feed is regenerated from the store whenever it is asked for, so it must come out the same
each time: entry ids are tag URIs built on `Change.key`, every date is the capture time of a
version, and the feed's own `updated` is its newest entry's, never "now". Regenerating with
nothing new gives identical bytes, so readers see nothing new.

What makes an entry: a change whose verdict moves a commitment (weakened, strengthened,
clarified) by default; neutral ones only when asked for; cosmetic ones never. Vendor text is
escaped twice over: the HTML body escapes it (`render.change_html`) and the XML writer escapes
that. Titles and summaries are plain text: marked so in Atom, escaped as HTML in RSS, whose
readers take them for HTML. Characters XML cannot carry at all are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Literal

from feedgen.feed import FeedEntry, FeedGenerator

from watcher import __version__
from watcher.publish.notifiers import MessageContext
from watcher.publish.render import (
    TOPIC_NOUNS,
    change_html,
    change_summary,
    change_title,
    topic_phrase,
)
from watcher.records import ALERT_VERDICTS, VERDICT_ORDER, Change, Topic, Verdict

__all__ = [
    "FEED_VERDICTS",
    "TAG",
    "FeedFormat",
    "FeedOptions",
    "entry_id",
    "select_changes",
    "write_feed",
]

FeedFormat = Literal["atom", "rss"]

TAG = "tag:policy-watcher,2024:"
"""The start of every id we mint (RFC 4151 tag URIs): ours, stable, and not a URL to fetch."""

FEED_VERDICTS: tuple[Verdict, ...] = (
    Verdict.WEAKENED,
    Verdict.STRENGTHENED,
    Verdict.CLARIFIED,
    Verdict.NEUTRAL,
)
"""The verdicts a feed can be asked for; cosmetic changes never make entries."""

EMPTY_FEED_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)
"""The `updated` of a feed with no entries: fixed, so an empty feed also regenerates the same."""

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """Which changes a feed shows and what it calls itself. Empty filters match everything."""

    format: FeedFormat = "atom"
    verdicts: frozenset[Verdict] = frozenset()
    """Empty: weakened, strengthened and clarified. Cosmetic is never shown, whatever is asked."""
    topics: frozenset[Topic] = frozenset()
    """A change matches when any of its topics is one of these."""
    sources: frozenset[str] = frozenset()
    """Source ids; empty: every source."""
    include_neutral: bool = False
    """Add neutral changes (reworded, same commitments) to the asked verdicts."""
    limit: int | None = None
    """At most this many entries, the newest; None: all."""
    title: str = ""
    """Empty: "Policy Watcher", followed by the filters."""
    feed_id: str = ""
    """Empty: a tag URI made from the filters, so each filtered feed has an id of its own."""
    self_url: str = ""
    """Where the feed itself is served, when it is (`watcher serve`); a file has none."""

    @property
    def shown_verdicts(self) -> frozenset[Verdict]:
        asked = self.verdicts or ALERT_VERDICTS
        if self.include_neutral:
            asked |= {Verdict.NEUTRAL}
        return asked & frozenset(FEED_VERDICTS)


def select_changes(changes: Iterable[Change], options: FeedOptions) -> tuple[Change, ...]:
    """The changes the feed shows, in the order given (newest first, from the store)."""
    verdicts = options.shown_verdicts
    chosen = [
        change
        for change in changes
        if change.verdict in verdicts
        and (not options.topics or change.topics & options.topics)
        and (not options.sources or change.source.id in options.sources)
    ]
    return tuple(chosen if options.limit is None else chosen[: options.limit])


def entry_id(change: Change) -> str:
    """The entry's id, the same every time the feed is written: `tag:…:{source}/v{number}`."""
    return f"{TAG}{change.key}"


def write_feed(
    changes: Iterable[Change],
    options: FeedOptions | None = None,
    *,
    context: MessageContext | None = None,
) -> bytes:
    """The feed as UTF-8 XML: one entry per change `options` selects, in the order given.

    Give the changes newest first (as `changes_from_store` does): feed readers list entries in
    document order. Entry links point at the web UI through `context.link`.
    """
    options = options or FeedOptions()
    context = context or MessageContext()
    shown = select_changes(changes, options)
    generator = _feed(options, context, shown)
    for change in shown:
        generator.add_entry(_entry(change, context, options.format), order="append")
    if options.format == "rss":
        return bytes(generator.rss_str(pretty=True))
    return bytes(generator.atom_str(pretty=True))


def _feed(
    options: FeedOptions, context: MessageContext, shown: tuple[Change, ...]
) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(_xml(options.feed_id or _default_id(options)))
    generator.title(_text(options.title or _default_title(options), options.format))
    generator.description(_xml(_description(options)))
    generator.author({"name": "Policy Watcher"})
    generator.generator("Policy Watcher", version=__version__)
    generator.link(href=_xml(context.base_url.rstrip("/") + "/"), rel="alternate")
    if options.self_url:
        generator.link(href=_xml(options.self_url), rel="self")
    newest = max((_utc(change.version.captured_at) for change in shown), default=None)
    generator.updated(newest or EMPTY_FEED_UPDATED)
    return generator


def _entry(change: Change, context: MessageContext, feed_format: FeedFormat) -> FeedEntry:
    entry = FeedEntry()
    entry.id(entry_id(change))
    entry.title(_text(change_title(change), feed_format))
    entry.link(href=_xml(context.link(change)), rel="alternate")
    entry.description(_text(change_summary(change), feed_format), isSummary=True)
    entry.content(_xml(change_html(change, context.link(change))), type="html")
    captured = _utc(change.version.captured_at)
    entry.updated(captured)
    entry.published(captured)
    entry.category(
        [{"term": change.verdict.value, "scheme": f"{TAG}verdict"}]
        + [
            {"term": topic.value, "scheme": f"{TAG}topic", "label": TOPIC_NOUNS[topic]}
            for topic in sorted(change.topics)
        ]
    )
    return entry


def _default_id(options: FeedOptions) -> str:
    """`tag:…:feed`, with the filters as a query: `feed?source=a,b&verdict=weakened&topic=…`."""
    query = []
    if options.sources:
        query.append("source=" + ",".join(sorted(options.sources)))
    if options.shown_verdicts != ALERT_VERDICTS:
        query.append("verdict=" + ",".join(v for v in VERDICT_ORDER if v in options.shown_verdicts))
    if options.topics:
        query.append("topic=" + ",".join(sorted(options.topics)))
    return f"{TAG}feed" + ("?" + "&".join(query) if query else "")


def _default_title(options: FeedOptions) -> str:
    """ "Policy Watcher: acme-privacy · weakened · AI training"; just the name unfiltered."""
    parts = []
    if options.sources:
        parts.append(", ".join(sorted(options.sources)))
    if options.shown_verdicts != ALERT_VERDICTS:
        parts.append(", ".join(v.value for v in VERDICT_ORDER if v in options.shown_verdicts))
    if options.topics:
        parts.append(topic_phrase(options.topics))
    return "Policy Watcher" + (": " + " · ".join(parts) if parts else "")


def _description(options: FeedOptions) -> str:
    verdicts = ", ".join(v.value for v in VERDICT_ORDER if v in options.shown_verdicts)
    return (
        "Changes to vendors' privacy, terms and AI pages, judged by what they do to your data "
        f"({verdicts})."
    )


def _utc(moment: datetime) -> datetime:
    """Feeds need zone-aware times; the store hands back UTC, and a naive one is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _text(text: str, feed_format: FeedFormat) -> str:
    """Plain text for a title or summary. Atom marks it as text; RSS readers take titles and
    descriptions for HTML, so there it is escaped (line breaks kept as <br>): a vendor's
    `<script>` must reach the reader as those characters, never as an element."""
    if feed_format == "atom":
        return _xml(text)
    return "<br>".join(escape(line, quote=False) for line in _xml(text).splitlines())


def _xml(text: str) -> str:
    """Drop what XML 1.0 cannot carry at all (NUL, most C0 controls, lone surrogates)."""
    return _NOT_XML.sub("", text)

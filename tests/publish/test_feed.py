"""Atom and RSS feeds of stored changes: what readers parse, stable when regenerated, filtered."""

from __future__ import annotations

import calendar
from datetime import timedelta

import feedparser
import pytest
from alert_inputs import CHAT, DOCS, T0, analysis, finding
from feed_changes import History

from watcher.pipeline import changes_from_store
from watcher.publish.feed import EMPTY_FEED_UPDATED, FeedFormat, FeedOptions, write_feed
from watcher.publish.notifiers import MessageContext
from watcher.records import Change, Topic, Verdict
from watcher.store import Store

CONTEXT = MessageContext(base_url="https://watch.example/ui/")
FORMATS: tuple[FeedFormat, ...] = ("atom", "rss")

WEAKENED_AI = analysis(finding(Verdict.WEAKENED, Topic.AI_TRAINING))
STRENGTHENED_SHARING = analysis(finding(Verdict.STRENGTHENED, Topic.THIRD_PARTY_SHARING))
CLARIFIED_RETENTION = analysis(finding(Verdict.CLARIFIED, Topic.RETENTION_DELETION))
NEUTRAL = analysis(finding(Verdict.NEUTRAL, Topic.CONSENT_OPTOUT, explanation="reworded"))
COSMETIC = analysis(finding(Verdict.COSMETIC, explanation="only the date changed"))


@pytest.fixture
def changes(store: Store) -> tuple[Change, ...]:
    """Chat: v2 weakened (AI training), v3 cosmetic, v4 neutral; Docs: v2 strengthened
    (sharing), v3 clarified (retention)."""
    history = History(store)
    history.keep(CHAT)
    history.keep(DOCS)
    history.keep(CHAT, WEAKENED_AI)  # T0 + 3h
    history.keep(DOCS, STRENGTHENED_SHARING)  # T0 + 4h
    history.keep(CHAT, COSMETIC)
    history.keep(DOCS, CLARIFIED_RETENTION)  # T0 + 6h
    history.keep(CHAT, NEUTRAL)  # T0 + 7h
    return changes_from_store(store, [CHAT, DOCS])


def parse(data: bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def ids(data: bytes) -> list[str]:
    return [entry.id for entry in parse(data).entries]


@pytest.mark.parametrize("feed_format", FORMATS)
def test_both_formats_parse_cleanly_with_every_entry_field(
    changes: tuple[Change, ...], feed_format: FeedFormat
) -> None:
    parsed = parse(write_feed(changes, FeedOptions(format=feed_format), context=CONTEXT))

    assert parsed.version == ("atom10" if feed_format == "atom" else "rss20")
    assert [e.title for e in parsed.entries] == [
        "Acme Docs AI terms: data-retention commitment clarified",
        "Acme Docs AI terms: third-party sharing commitment strengthened",
        "Acme Chat Privacy principles: AI-training commitment weakened",
    ]
    weakened = parsed.entries[2]
    assert weakened.id == "tag:policy-watcher,2024:acme-chat-privacy/v2"
    assert weakened.link == "https://watch.example/ui/changes/acme-chat-privacy/2"
    assert weakened.summary == (
        "weakened (AI training): prohibition → permission: 'will not use' became 'may use'"
    )
    content = weakened.content[0]
    assert content.type == "text/html"
    assert "<strong>weakened</strong> · AI training" in content.value
    assert "<del>We will not use your messages to train AI models.</del>" in content.value
    assert "<ins>We may use your messages to train AI models.</ins>" in content.value
    assert calendar.timegm(weakened.published_parsed) == (T0 + timedelta(hours=3)).timestamp()
    assert {tag.term for tag in weakened.tags} >= {"weakened"}
    newest = (T0 + timedelta(hours=6)).timestamp()
    assert calendar.timegm(parsed.entries[0].published_parsed) == newest
    if feed_format == "atom":  # RSS items have only a pubDate
        assert calendar.timegm(parsed.entries[0].updated_parsed) == newest
    feed_updated = parsed.feed.updated_parsed
    assert calendar.timegm(feed_updated) == newest  # the newest entry's, not "now"
    assert parsed.feed.link == "https://watch.example/ui/"


@pytest.mark.parametrize("feed_format", FORMATS)
def test_regenerating_gives_identical_bytes_and_ids_survive_new_changes(
    store: Store, changes: tuple[Change, ...], feed_format: FeedFormat
) -> None:
    options = FeedOptions(format=feed_format)
    first = write_feed(changes, options, context=CONTEXT)
    again = write_feed(changes_from_store(store, [CHAT, DOCS]), options, context=CONTEXT)
    assert again == first

    History(store, clock=T0 + timedelta(hours=8)).keep(CHAT, WEAKENED_AI)
    later = write_feed(changes_from_store(store, [CHAT, DOCS]), options, context=CONTEXT)
    assert ids(later) == ["tag:policy-watcher,2024:acme-chat-privacy/v5", *ids(first)]
    assert later != first


def test_default_shows_what_moved_a_commitment_never_cosmetic(changes: tuple[Change, ...]) -> None:
    default = ids(write_feed(changes))
    assert [i.rsplit(":", 1)[1] for i in default] == [
        "acme-docs-ai/v3",
        "acme-docs-ai/v2",
        "acme-chat-privacy/v2",
    ]
    everything = FeedOptions(verdicts=frozenset(Verdict), include_neutral=True)
    shown = ids(write_feed(changes, everything))
    assert "tag:policy-watcher,2024:acme-chat-privacy/v3" not in shown  # cosmetic, even if asked
    assert len(shown) == 4


def test_neutral_changes_only_when_asked(changes: tuple[Change, ...]) -> None:
    neutral_id = "tag:policy-watcher,2024:acme-chat-privacy/v4"
    assert ids(write_feed(changes, FeedOptions(verdicts=frozenset({Verdict.NEUTRAL})))) == [
        neutral_id
    ]
    with_neutral = parse(write_feed(changes, FeedOptions(include_neutral=True)))
    assert with_neutral.entries[0].id == neutral_id
    assert with_neutral.entries[0].title == (
        "Acme Chat Privacy principles: consent text reworded (neutral)"
    )
    assert len(with_neutral.entries) == 4


def test_verdict_topic_and_source_filters(changes: tuple[Change, ...]) -> None:
    def keys(**filters: frozenset[Verdict] | frozenset[Topic] | frozenset[str]) -> list[str]:
        options = FeedOptions(**filters)  # type: ignore[arg-type]
        return [
            i.removeprefix("tag:policy-watcher,2024:") for i in ids(write_feed(changes, options))
        ]

    weakened = frozenset({Verdict.WEAKENED})
    assert keys(verdicts=weakened) == ["acme-chat-privacy/v2"]
    assert keys(topics=frozenset({Topic.AI_TRAINING})) == ["acme-chat-privacy/v2"]
    assert keys(verdicts=weakened, topics=frozenset({Topic.THIRD_PARTY_SHARING})) == []
    any_topic = frozenset({Topic.AI_TRAINING, Topic.RETENTION_DELETION})
    assert keys(topics=any_topic) == ["acme-docs-ai/v3", "acme-chat-privacy/v2"]
    assert keys(sources=frozenset({DOCS.id})) == ["acme-docs-ai/v3", "acme-docs-ai/v2"]


def test_a_topic_filter_matches_any_topic_of_a_change(store: Store) -> None:
    history = History(store)
    history.keep(CHAT)
    both = finding(Verdict.WEAKENED, Topic.AI_TRAINING, Topic.CONSENT_OPTOUT)
    history.keep(CHAT, analysis(both))
    changes = changes_from_store(store, [CHAT])

    for topic in (Topic.AI_TRAINING, Topic.CONSENT_OPTOUT):
        assert len(parse(write_feed(changes, FeedOptions(topics=frozenset({topic})))).entries) == 1
    assert parse(write_feed(changes, FeedOptions(topics=frozenset({Topic.OTHER})))).entries == []


def test_each_filtered_feed_has_its_own_id_and_title(changes: tuple[Change, ...]) -> None:
    plain = parse(write_feed(changes)).feed
    assert (plain.id, plain.title) == ("tag:policy-watcher,2024:feed", "Policy Watcher")
    options = FeedOptions(
        verdicts=frozenset({Verdict.WEAKENED}),
        topics=frozenset({Topic.AI_TRAINING, Topic.CONSENT_OPTOUT}),
        sources=frozenset({CHAT.id}),
    )
    narrow = parse(write_feed(changes, options)).feed
    assert narrow.id == (
        "tag:policy-watcher,2024:feed?source=acme-chat-privacy&verdict=weakened"
        "&topic=ai_training,consent_optout"
    )
    assert narrow.title == "Policy Watcher: acme-chat-privacy · weakened · AI training and consent"
    named = FeedOptions(title="Ours", feed_id="tag:example.org,2024:ours")
    given = parse(write_feed(changes, named)).feed
    assert (given.title, given.id) == ("Ours", "tag:example.org,2024:ours")


def test_limit_keeps_the_newest(changes: tuple[Change, ...]) -> None:
    assert ids(write_feed(changes, FeedOptions(limit=1))) == [
        "tag:policy-watcher,2024:acme-docs-ai/v3"
    ]


@pytest.mark.parametrize("feed_format", FORMATS)
def test_an_empty_feed_is_valid_and_stable(feed_format: FeedFormat) -> None:
    data = write_feed((), FeedOptions(format=feed_format))
    parsed = parse(data)
    assert parsed.entries == []
    assert calendar.timegm(parsed.feed.updated_parsed) == EMPTY_FEED_UPDATED.timestamp()
    assert write_feed((), FeedOptions(format=feed_format)) == data


def test_a_self_link_when_the_feed_is_served(changes: tuple[Change, ...]) -> None:
    options = FeedOptions(self_url="https://watch.example/feeds/all.atom")
    links = parse(write_feed(changes, options)).feed.links
    assert {"rel": "self", "href": "https://watch.example/feeds/all.atom"}.items() <= next(
        link for link in links if link.rel == "self"
    ).items()

"""Vendor text is hostile: in a feed it arrives as characters to read, never as markup to run."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import feedparser
import pytest
from alert_inputs import CHAT, analysis, finding
from feed_changes import History

from watcher.pipeline import changes_from_store
from watcher.publish.feed import FeedFormat, FeedOptions, write_feed
from watcher.records import Change, Source, Topic, Verdict
from watcher.store import Store

SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"We may use your messages {SCRIPT} to train ]]> models.\r\nBcc: x@y\x00\x1b[31m"
OUR_TAGS = {"p", "strong", "a", "ol", "li", "del", "ins", "blockquote", "br"}


class _Html(HTMLParser):
    """Which elements an HTML fragment really has, and its text as a reader would show it."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def changes(store: Store) -> tuple[Change, ...]:
    history = History(store)
    history.keep(CHAT)
    explanation = f"prohibition → permission: 'will not use' became '{SCRIPT} ]]>\r\nBcc: x@y'"
    history.keep(
        CHAT,
        analysis(
            finding(Verdict.WEAKENED, Topic.AI_TRAINING, explanation=explanation, new=HOSTILE)
        ),
    )
    return changes_from_store(store, [CHAT])


@pytest.mark.parametrize("feed_format", ["atom", "rss"])
def test_script_cdata_end_and_header_newlines_come_out_as_text(
    changes: tuple[Change, ...], feed_format: FeedFormat
) -> None:
    data = write_feed(changes, FeedOptions(format=feed_format))
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")

    raw = data.decode("utf-8")
    assert not re.search(r"<script", raw, re.I)  # no element, escaped or in CDATA
    assert "]]>" not in raw and "<![CDATA[" not in raw
    assert "\x00" not in raw and "\x1b" not in raw  # what XML cannot carry is dropped

    (entry,) = parsed.entries
    content = _Html(entry.content[0].value)
    assert content.tags <= OUR_TAGS  # only the tags we write; no vendor markup survives
    shown = "".join(content.text)
    assert SCRIPT in shown and "to train ]]> models." in shown
    assert "Bcc: x@y[31m" in shown
    summary = entry.summary if feed_format == "atom" else unescape(entry.summary)
    assert SCRIPT in summary and "]]>" in summary and "Bcc: x@y" in summary
    if feed_format == "rss":  # RSS readers take descriptions for HTML
        assert _Html(entry.summary).tags <= {"br"}


def test_a_hostile_source_name_is_text_in_titles(store: Store) -> None:
    odd = Source(
        id="odd",
        vendor="Odd <b>Corp</b>",
        title="Terms & <i>AI</i>",
        url="https://odd.example/?a=1&b=<x>",
    )
    history = History(store)
    history.keep(odd)
    history.keep(odd, analysis(finding(Verdict.WEAKENED, Topic.AI_TRAINING)))
    changes = changes_from_store(store, [odd])

    atom = feedparser.parse(write_feed(changes))
    assert (
        atom.entries[0].title
        == "Odd <b>Corp</b> Terms & <i>AI</i>: AI-training commitment weakened"
    )
    rss = feedparser.parse(write_feed(changes, FeedOptions(format="rss")))
    assert unescape(rss.entries[0].title) == atom.entries[0].title
    assert _Html(atom.entries[0].content[0].value).tags <= OUR_TAGS
    assert b"<b>" not in write_feed(changes) and b"<b>" not in write_feed(
        changes, FeedOptions(format="rss")
    )

"""`changes_from_store`: the vendor's analysed changes of the configured sources, newest first."""

from __future__ import annotations

from datetime import timedelta

from alert_inputs import CHAT, DOCS, T0, analysis, finding
from feed_changes import History

from watcher.pipeline import changes_from_store
from watcher.records import Source, Topic, Verdict
from watcher.store import Store

WEAKENED = analysis(finding(Verdict.WEAKENED, Topic.AI_TRAINING))
CLARIFIED = analysis(finding(Verdict.CLARIFIED, Topic.RETENTION_DELETION))
COSMETIC = analysis(finding(Verdict.COSMETIC, explanation="only the date changed"))


def test_every_analysed_change_after_the_first_version_newest_first(store: Store) -> None:
    history = History(store)
    history.keep(CHAT)
    history.keep(DOCS)
    history.keep(CHAT, WEAKENED)
    history.keep(DOCS, CLARIFIED)
    history.keep(CHAT, COSMETIC)

    changes = changes_from_store(store, [CHAT, DOCS])

    assert [c.key for c in changes] == [
        "acme-chat-privacy/v3",
        "acme-docs-ai/v2",
        "acme-chat-privacy/v2",
    ]
    assert [c.verdict for c in changes] == [Verdict.COSMETIC, Verdict.CLARIFIED, Verdict.WEAKENED]
    newest = changes[0]
    assert newest.source == CHAT and newest.previous == 2
    assert newest.analysis == COSMETIC
    assert newest.version == store.version(CHAT.id, 3)
    assert newest.version.captured_at.utcoffset() == timedelta(0)


def test_technical_and_unanalysed_versions_are_not_changes(store: Store) -> None:
    history = History(store)
    history.keep(CHAT)
    history.keep(CHAT, technical=True)  # a re-read with new settings
    history.keep(CHAT, WEAKENED)  # judged against the technical version
    history.keep(CHAT, None)  # stored before the analysis existed

    (change,) = changes_from_store(store, [CHAT])

    assert change.version.number == 3
    assert change.previous == 2


def test_only_configured_sources_are_read(store: Store) -> None:
    history = History(store)
    for source in (CHAT, DOCS):
        history.keep(source)
        history.keep(source, WEAKENED)
    renamed = Source(id=CHAT.id, vendor="Acme", title="Principles", url=CHAT.url)

    changes = changes_from_store(store, [renamed, renamed])

    assert [c.key for c in changes] == ["acme-chat-privacy/v2"]
    assert changes[0].source is renamed  # the config's wording, not the store's
    assert changes_from_store(store, [Source("never-checked", "X", "Y", "https://x.example")]) == ()


def test_since_and_verdicts_narrow_the_changes(store: Store) -> None:
    history = History(store)
    history.keep(CHAT)
    history.keep(CHAT, WEAKENED)  # T0 + 2h
    history.keep(CHAT, CLARIFIED)  # T0 + 3h
    history.keep(CHAT, COSMETIC)  # T0 + 4h

    since = changes_from_store(store, [CHAT], since=T0 + timedelta(hours=3))
    assert [c.version.number for c in since] == [4, 3]
    alerting = changes_from_store(store, [CHAT], verdicts={Verdict.WEAKENED, Verdict.CLARIFIED})
    assert [c.version.number for c in alerting] == [3, 2]


def test_a_long_history_is_read_in_one_pass(store: Store) -> None:
    """One pass over a long history; the verdict filter skips the findings of the rest."""
    history = History(store)
    history.keep(CHAT)
    for number in range(2, 402):
        history.keep(CHAT, WEAKENED if number % 100 == 0 else COSMETIC)

    weakened = changes_from_store(store, [CHAT], verdicts={Verdict.WEAKENED})
    everything = changes_from_store(store, [CHAT])

    assert [c.version.number for c in weakened] == [400, 300, 200, 100]
    assert len(everything) == 400

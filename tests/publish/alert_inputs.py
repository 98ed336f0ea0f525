"""Changes, channels and a message context for the alert tests (records only, no store)."""

from __future__ import annotations

from datetime import UTC, datetime

from watcher.publish.notifiers import MessageContext
from watcher.records import (
    Change,
    Channel,
    Finding,
    Source,
    StoredAnalysis,
    Topic,
    Verdict,
    Version,
)

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
BASE_URL = "https://watcher.example"
SECRET_PATH = "/services/T0001/B0001/s3cretT0ken"
"""The secret part of a webhook URL: it must never show in an error, a log or the outbox."""

CHAT = Source(
    id="acme-chat-privacy",
    vendor="Acme Chat",
    title="Privacy principles",
    url="https://acme-chat.example/privacy",
)

PROMISE = "We will not use your messages to train AI models."
PERMISSION = "We may use your messages to train AI models."
BECAME = "prohibition → permission: 'will not use' became 'may use'"
HOSTILE = "<script>alert(1)</script> & <!channel> ]]> a > b\r\nBcc: victim@example.com"


def change(
    number: int = 2,
    source: Source = CHAT,
    *,
    old: str = PROMISE,
    new: str = PERMISSION,
    explanation: str = BECAME,
    verdict: Verdict = Verdict.WEAKENED,
    topics: frozenset[Topic] = frozenset({Topic.AI_TRAINING}),
    findings: int = 1,
) -> Change:
    finding = Finding(0, verdict, topics, explanation, old, new)
    version = Version(
        source_id=source.id,
        number=number,
        captured_at=T0,
        text_sha256="0" * 64,
        raw_sha256="1" * 64,
        url=source.url,
        final_url=source.url,
        status=200,
        title=source.title,
        summary="1 changed",
        verdict=verdict,
        topics=topics,
    )
    analysis = StoredAnalysis(verdict, (finding,) * findings, analyzer="test")
    return Change(source, version, analysis, previous=number - 1)


def channel(name: str = "slack", kind: str = "slack", **options: str) -> Channel:
    """A channel whose `url` is a secret read from the environment variable ALERT_URL."""
    return Channel(name, kind, options=tuple(options.items()), secrets=(("url", "ALERT_URL"),))


def context(url: str, **env: str) -> MessageContext:
    return MessageContext(base_url=BASE_URL, env={"ALERT_URL": url, **env})

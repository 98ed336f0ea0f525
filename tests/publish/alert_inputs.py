"""Vendors' changes as records for the publish tests (no store), with channels and a context.

`judged_change` builds a change from the findings a test names; `change` is the common case,
Acme Chat's AI-training promise that became a permission, with knobs for what a test varies.
(`feed_changes.History` keeps versions in a real store instead, for the feed tests.)
"""

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
DOCS = Source(
    id="acme-docs-ai", vendor="Acme Docs", title="AI terms", url="https://docs.example/ai"
)

PROMISE = "We will not use your messages to train AI models."
PERMISSION = "We may use your messages to train AI models."
BECAME = "prohibition → permission: 'will not use' became 'may use'"
HOSTILE = "<script>alert(1)</script> & <!channel> ]]> a > b\r\nBcc: victim@example.com"


def finding(
    verdict: Verdict,
    *topics: Topic,
    explanation: str = BECAME,
    old: str = PROMISE,
    new: str = PERMISSION,
) -> Finding:
    return Finding(0, verdict, frozenset(topics), explanation, old, new)


def analysis(*findings: Finding) -> StoredAnalysis:
    """The analysis of these findings, its verdict the most important of theirs."""
    order = list(Verdict)
    verdict = min((f.verdict for f in findings), key=order.index, default=Verdict.NEUTRAL)
    return StoredAnalysis(verdict, findings, analyzer="test")


def judged_change(
    *findings: Finding, source: Source = CHAT, number: int = 2, technical: bool = False
) -> Change:
    """Version `number` of `source` (captured at T0), judged against the one before by these
    findings."""
    judged = analysis(*findings)
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
        technical=technical,
        summary="1 changed",
        verdict=judged.verdict,
        topics=judged.topics,
    )
    return Change(source, version, judged, previous=number - 1)


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
    """A change with `findings` copies of one finding: by default the promise not to train AI
    models on messages that became a permission (weakened, AI training)."""
    one = finding(verdict, *topics, explanation=explanation, old=old, new=new)
    return judged_change(*(one,) * findings, source=source, number=number)


def channel(name: str = "slack", kind: str = "slack", **options: str) -> Channel:
    """A channel whose `url` is a secret read from the environment variable ALERT_URL."""
    return Channel(name, kind, options=tuple(options.items()), secrets=(("url", "ALERT_URL"),))


def context(url: str, **env: str) -> MessageContext:
    return MessageContext(base_url=BASE_URL, env={"ALERT_URL": url, **env})

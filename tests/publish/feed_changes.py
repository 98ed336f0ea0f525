"""A real snapshots folder with vendors' versions and their stored analyses, for the feed tests.

Versions go in through `Store.add_version`, as the pipeline keeps them, so the feed tests read
changes back with `changes_from_store` exactly as `watcher feed` does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from watcher.records import (
    Document,
    Fetched,
    FetchOutcome,
    Finding,
    Source,
    StoredAnalysis,
    Topic,
    Verdict,
    Version,
)
from watcher.store import Store

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

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
        fetched, document = _inputs(source.id, text, self.clock)
        return self.store.add_version(
            fetched, document, captured_at=self.clock, technical=technical, analysis=result
        )


def _inputs(source_id: str, text: str, at: datetime) -> tuple[Fetched, Document]:
    raw = f"<html><body><main>{text}</main></body></html>".encode()
    fetched = Fetched(
        source_id=source_id,
        url=f"https://{source_id}.example/",
        final_url=f"https://{source_id}.example/",
        status=200,
        headers=(("content-type", "text/html; charset=utf-8"),),
        body=raw,
        media_type="text/html",
        fetched_at=at,
        elapsed_s=0.1,
        outcome=FetchOutcome.OK,
    )
    document = Document(
        source_id=source_id,
        text=text,
        title=source_id,
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        extractor_version="test",
    )
    return fetched, document

"""Record inputs for the store tests, built directly as fetch and extract would hand them over."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from watcher.records import Document, Fetched, FetchOutcome

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def make_inputs(
    source_id: str = "acme-privacy",
    text: str = "# Privacy\n\nWe do not train models on your messages.",
    body: bytes | None = None,
    *,
    fetched_at: datetime = T0,
) -> tuple[Fetched, Document]:
    """A Fetched and the Document extracted from it, with the hashes extract would compute."""
    raw = body if body is not None else f"<html><body><p>{text}</p></body></html>".encode()
    fetched = Fetched(
        source_id=source_id,
        url=f"https://{source_id}.example/policy",
        final_url=f"https://www.{source_id}.example/policy",
        status=200,
        headers=(("content-type", "text/html; charset=utf-8"), ("etag", '"v1"')),
        body=raw,
        media_type="text/html",
        fetched_at=fetched_at,
        elapsed_s=0.25,
        outcome=FetchOutcome.OK,
    )
    document = Document(
        source_id=source_id,
        text=text,
        title="Privacy Policy",
        text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        extractor_version="test-1",
    )
    return fetched, document

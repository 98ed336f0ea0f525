"""The extract stage: a fetched body becomes a Document of normalised, hashable text.

`extract` is pure (no I/O, no clock, no config reads): the same Fetched, Source and
EXTRACTOR_VERSION always give the same Document, which is what lets the pipeline re-extract
stored raw bodies when a source's select/remove/ignore settings or the extractor change.
The body's media type decides the reader: HTML (and XHTML) is parsed, text/plain and
text/markdown are only normalised; an unlabelled body is sniffed.
"""

from __future__ import annotations

import hashlib
import json

from watcher.errors import ConfigError, InputError
from watcher.extract.charset import charset_from_content_type, decode_text
from watcher.extract.files import read_document
from watcher.extract.html import extract_html
from watcher.extract.markdown import normalize_markdown
from watcher.extract.normalize import (
    EXTRACTOR_VERSION,
    MAX_TEXT_CHARS,
    first_heading,
    normalize_text,
    text_sha256,
)
from watcher.media import sniff_media_type
from watcher.records import Document, Fetched, Source

__all__ = [
    "EXTRACTOR_VERSION",
    "MAX_TEXT_CHARS",
    "extract",
    "extract_html",
    "normalize_markdown",
    "normalize_text",
    "read_document",
    "reader_fingerprint",
    "text_sha256",
]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
_PLAIN_TYPES = frozenset({"text/plain"})
_KNOWN_TYPES = _HTML_TYPES | _MARKDOWN_TYPES | _PLAIN_TYPES | {"application/pdf"}


def reader_fingerprint(source: Source) -> str:
    """A short hash of everything that decides how a body becomes text, besides the body.

    Two reads with the same fingerprint give the same text for the same bytes; a different one
    (a new `select`, `remove` or `ignore`, or a new extractor) may not, so the pipeline re-reads
    stored bodies instead of reporting the difference as the vendor's change.
    """
    settings = [EXTRACTOR_VERSION, list(source.select), list(source.remove), list(source.ignore)]
    encoded = json.dumps(settings, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:16]


def extract(fetched: Fetched, source: Source) -> Document:
    """Read a successful fetch into a Document.

    Raises ConfigError for a source whose selector or ignore pattern is invalid, and InputError
    for a body that has no text to read (a PDF, an image) or a hostile one (its text would be
    over MAX_TEXT_CHARS); both name the source.
    """
    content_type = fetched.header("content-type")
    charset = charset_from_content_type(content_type)
    media_type = (fetched.media_type or content_type or "").split(";")[0].strip().lower()
    try:
        title, text = _read(fetched.body, media_type, charset, source)
    except (ConfigError, InputError) as exc:
        raise type(exc)(f"source {source.id!r}: {exc}") from None
    return Document(
        source_id=source.id,
        text=text,
        title=title,
        text_sha256=text_sha256(text),
        raw_sha256=hashlib.sha256(fetched.body).hexdigest(),
        extractor_version=EXTRACTOR_VERSION,
        reader=reader_fingerprint(source),
    )


def _read(body: bytes, media_type: str, charset: str | None, source: Source) -> tuple[str, str]:
    """(title, text); errors do not name the source yet."""
    kind = media_type if media_type in _KNOWN_TYPES else sniff_media_type(media_type, body)
    if kind in _HTML_TYPES:
        return extract_html(
            body,
            select=source.select,
            remove=source.remove,
            ignore=source.ignore,
            base_encoding=charset,
        )
    if kind == "application/pdf":
        raise InputError("PDF support is not available yet")
    if kind not in _MARKDOWN_TYPES | _PLAIN_TYPES:
        raise InputError(f"cannot read text from a {media_type!r} body")
    text = decode_text(body, charset)
    if kind in _MARKDOWN_TYPES:
        text = normalize_markdown(text, source.ignore)
        return first_heading(text.splitlines()), text
    return "", normalize_text(text, source.ignore)

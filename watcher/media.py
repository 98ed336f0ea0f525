"""Which media type a body really has, and whether Policy Watcher can read it (fetch and extract).

Servers mislabel pages: policy HTML served as application/octet-stream, a PDF served as
text/html after a CMS migration. Binary signatures are unambiguous, so they always win over the
declared Content-Type; HTML markup is only sniffed when the declared type is missing, generic or
text/plain, the cases where browsers would sniff too (WHATWG MIME Sniffing, section 7).
"""

from __future__ import annotations

__all__ = [
    "ACCEPTED_MEDIA_TYPES",
    "base_media_type",
    "not_readable_reason",
    "sniff_media_type",
]

ACCEPTED_MEDIA_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "text/markdown"}
)
"""Media types the extract stage reads; anything else is a NOT_HTML fetch."""

_GENERIC_TYPES = frozenset(
    {
        "",
        "application/octet-stream",
        "binary/octet-stream",
        "application/binary",
        "application/unknown",
        "application/x-unknown",
        "unknown/unknown",
        "application/force-download",
        "application/download",
        "*/*",
    }
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b\x08", "application/gzip"),
    (b"%!PS-Adobe-", "application/postscript"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (b"{\\rtf", "application/rtf"),
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
    (b"OggS\x00", "application/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
)

# WHATWG "identifying a resource with an unknown MIME type": tags that open HTML documents.
_HTML_STARTS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<h1",
    b"<div",
    b"<font",
    b"<table",
    b"<a",
    b"<style",
    b"<title",
    b"<b",
    b"<br",
    b"<p",
    b"<meta",
    b"<link",
)
_TAG_ENDS = frozenset(b" \t\n\r\f>")
# WHATWG "binary data bytes": control characters that never occur in text.
_BINARY_BYTES = frozenset({*range(0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)})
_SNIFF_BYTES = 1445


def base_media_type(content_type: str | None) -> str:
    """`text/html; charset=utf-8` -> `text/html` (lower-cased, "" when absent)."""
    if not content_type:
        return ""
    return content_type.partition(";")[0].strip().lower()


def sniff_media_type(content_type: str | None, body: bytes) -> str:
    """The media type to act on: a binary signature, else the declared type, else sniffed."""
    head = body[:_SNIFF_BYTES]
    for signature, media_type in _SIGNATURES:
        if head.startswith(signature):
            return media_type
    if head[8:12] == b"WEBP" and head.startswith(b"RIFF"):
        return "image/webp"
    if head[4:8] == b"ftyp":
        return "video/mp4"
    declared = base_media_type(content_type)
    if declared not in _GENERIC_TYPES and declared != "text/plain":
        return declared
    markup = _sniff_markup(head)
    if markup is not None:
        return markup
    if declared == "text/plain" or (head and not _BINARY_BYTES.intersection(head)):
        return "text/plain"
    return declared or "application/octet-stream"


def not_readable_reason(media_type: str) -> str | None:
    """Why the extract stage cannot read `media_type` (the NOT_HTML detail), or None if it can."""
    if media_type in ACCEPTED_MEDIA_TYPES:
        return None
    if media_type == "application/pdf":
        return "PDF documents are not supported yet"
    return f"not an HTML or text document ({media_type or 'unknown type'})"


def _sniff_markup(head: bytes) -> str | None:
    """text/html, application/xhtml+xml or application/xml from how the body opens, else None."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\n\r\f").lower()
    if text.startswith(b"<?xml"):
        return "application/xhtml+xml" if b"<html" in text else "application/xml"
    if text.startswith(b"<!--"):
        return "text/html"
    for start in _HTML_STARTS:
        end = len(start)
        if text.startswith(start) and len(text) > end and text[end] in _TAG_ENDS:
            return "text/html"
    return None

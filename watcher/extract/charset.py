"""Turning response bytes into text: which charset to believe, and never failing on bad bytes.

Order of trust follows browsers (WHATWG "encoding sniffing", simplified): a byte-order mark, then
the HTTP Content-Type charset, then a `<meta charset>` / `http-equiv` declaration near the top,
then UTF-8. A body that claims (or defaults to) UTF-8 but is not valid UTF-8 is nearly always
Windows-1252 mislabelled by a CMS, so it is decoded as cp1252 unless it is mostly real UTF-8 with a
few broken bytes. Labels that browsers treat as windows-1252 (latin-1, ascii) are read as cp1252 so
that curly quotes typed in Word survive.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["charset_from_content_type", "decode_html", "decode_text", "meta_charset"]

_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta\b[^<>]*?charset\s*+=\s*+["']?\s*+([\w.:-]++)""",
    re.IGNORECASE,
)
"""`[^<>]` rather than `[^>]`: a scan from each `<meta` then stops at the next tag, so a page of
thousands of unclosed `<meta` costs one pass, not one pass per tag."""
_META_SCAN_BYTES = 8192
"""Vendors put megabytes of inline script before <meta>; the declaration is normally first."""

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_AS_WINDOWS_1252 = frozenset({"ascii", "iso8859-1", "latin-1", "cp1252"})


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = _CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


def meta_charset(body: bytes) -> str | None:
    """The charset an HTML document declares for itself in its first few kilobytes."""
    match = _META_CHARSET.search(body, 0, _META_SCAN_BYTES)
    return match.group(1).decode("ascii") if match else None


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Decode an HTML body; `declared` is the HTTP charset, which beats the document's <meta>."""
    codec = _codec(declared)
    if codec is None:
        codec = _codec(meta_charset(body))
        if codec is not None and codec.startswith("utf-16"):
            codec = "utf-8"  # a document cannot declare UTF-16 from inside itself (WHATWG)
    return _decode(body, codec)


def decode_text(body: bytes, declared: str | None = None) -> str:
    """Decode a text/plain or text/markdown body (no in-document declaration to consult)."""
    return _decode(body, _codec(declared))


def _decode(body: bytes, codec: str | None) -> str:
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(bom_codec, "replace")
    if codec is not None and codec != "utf-8":
        return body.decode(codec, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_broken_utf8(body)


def _decode_broken_utf8(body: bytes) -> str:
    """UTF-8 with a few damaged bytes stays UTF-8; anything else is cp1252 with a wrong label."""
    as_utf8 = body.decode("utf-8", "replace")
    bad = as_utf8.count("\ufffd") - body.count("\ufffd".encode())
    if len(_UTF8_MULTIBYTE.findall(body)) > bad:
        return as_utf8
    return body.decode("cp1252", "replace")


def _codec(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
        b"x".decode(name, "replace")  # refuses base64, zlib, idna: not text encodings for us
    except (LookupError, UnicodeError):
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 else name

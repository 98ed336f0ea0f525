"""Reading a local document for `watcher diff OLD NEW`: the file's type decides the reader.

The only extract code that touches the file system; it turns every way a file can be unusable
into one InputError line that names the file, so the CLI can print it and exit.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from watcher.errors import InputError
from watcher.extract.html import extract_html
from watcher.extract.markdown import normalize_markdown
from watcher.extract.normalize import normalize_text

__all__ = ["SUPPORTED_SUFFIXES", "read_document"]

SUPPORTED_SUFFIXES = (".html", ".htm", ".md", ".txt")
_USE = "use .html, .htm, .md or .txt"
_BINARY_SNIFF_BYTES = 8192


def read_document(path: str | Path) -> str:
    """The normalised text of a .html/.htm (extracted), .md or .txt (normalised) file."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        raise InputError(f"{path}: PDF support is not available yet ({_USE})")
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "(no extension)"
        raise InputError(f"{path}: unsupported file type {kind} ({_USE})")
    data = _read_bytes(path)
    if data.lstrip().startswith(b"%PDF-"):
        raise InputError(f"{path}: this is a PDF file, and PDF support is not available yet")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES] and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        raise InputError(f"{path}: binary data, not a {suffix} text file")
    is_html = suffix in (".html", ".htm")
    text = "" if is_html else _decode_utf8(path, data)
    try:
        if is_html:
            return extract_html(data)[1]
        return normalize_markdown(text) if suffix == ".md" else normalize_text(text)
    except InputError as exc:  # a hostile document: say which file
        raise InputError(f"{path}: {exc}") from None


def _read_bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from None


def _decode_utf8(path: str | Path, data: bytes) -> str:
    """Text files must be UTF-8 (or UTF-16 with a BOM): guessing could silently garble a diff."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            data, encoding = data[len(bom) :], codec
            break
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not valid {encoding.upper()} text (byte 0x{data[exc.start]:02x} at offset"
            f" {exc.start}); save it as UTF-8"
        ) from None

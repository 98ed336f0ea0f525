"""Which charset is believed, and that no byte sequence makes extraction fail."""

from __future__ import annotations

import codecs
import random

import pytest

from watcher.extract import extract_html
from watcher.extract.charset import charset_from_content_type, decode_text

WORDS = "café “quoted” \u2013 naïve €5"  # cp1252-only punctuation: curly quotes, en dash
CP1252 = WORDS.encode("cp1252")
UTF8 = WORDS.encode("utf-8")


def page(body: bytes, head: bytes = b"") -> bytes:
    return b"<html><head>" + head + b"</head><body><p>" + body + b"</p></body></html>"


def text_of(html: bytes, header_charset: str | None = None) -> str:
    return extract_html(html, base_encoding=header_charset)[1]


@pytest.mark.parametrize(
    ("html", "header_charset"),
    [
        pytest.param(page(UTF8), None, id="undeclared-utf8"),
        pytest.param(page(CP1252), "windows-1252", id="header-cp1252"),
        pytest.param(page(CP1252), "ISO-8859-1", id="header-latin1-read-as-cp1252"),
        pytest.param(page(CP1252, b'<meta charset="windows-1252">'), None, id="meta-charset"),
        pytest.param(
            page(
                CP1252, b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
            ),
            None,
            id="meta-http-equiv",
        ),
        pytest.param(page(UTF8, b"<meta charset='iso-8859-1'>"), "utf-8", id="header-beats-meta"),
        pytest.param(page(CP1252), "utf-8", id="mislabelled-cp1252-in-header"),
        pytest.param(
            page(CP1252, b'<meta charset="utf-8">'), None, id="mislabelled-cp1252-in-meta"
        ),
        pytest.param(page(CP1252), None, id="undeclared-cp1252"),
        pytest.param(
            codecs.BOM_UTF8 + page(UTF8, b'<meta charset="iso-8859-1">'), None, id="bom-beats-meta"
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + page(UTF8).decode().encode("utf-16-le"), None, id="utf16-bom"
        ),
        pytest.param(page(UTF8), "no-such-charset", id="unknown-label-ignored"),
        pytest.param(page(UTF8), "base64", id="non-text-codec-label-ignored"),
        pytest.param(page(UTF8), "idna", id="codec-without-replace-ignored"),
        pytest.param(
            b'<?xml version="1.0" encoding="utf-8"?>' + page(UTF8), None, id="xml-declaration"
        ),
    ],
)
def test_charset_is_honoured(html: bytes, header_charset: str | None) -> None:
    assert text_of(html, header_charset) == WORDS + "\n"


def test_xml_declaration_in_str_input() -> None:
    html = '<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>é</p></body></html>'
    assert extract_html(html)[1] == "é\n"


def test_mostly_utf8_with_a_broken_byte_stays_utf8() -> None:
    broken = page(UTF8 + b" and a stray \xff byte")
    assert text_of(broken) == WORDS + " and a stray \ufffd byte\n"


def test_declared_charset_other_than_utf8_is_used() -> None:
    assert text_of(page("Łódź".encode("iso-8859-2")), "iso-8859-2") == "Łódź\n"


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_never_raise(seed: int) -> None:
    rng = random.Random(seed)
    noise = bytes(rng.randrange(256) for _ in range(2000))
    for charset in (None, "utf-8", "shift_jis", "utf-16"):
        _, text = extract_html(page(noise), base_encoding=charset)
        assert text == "" or text.endswith("\n")


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [
        ("text/html; charset=UTF-8", "UTF-8"),
        ('text/html; charset="iso-8859-1"', "iso-8859-1"),
        ("text/html;charset=windows-1252;foo=bar", "windows-1252"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_from_content_type(content_type: str | None, charset: str | None) -> None:
    assert charset_from_content_type(content_type) == charset


def test_plain_text_decoding_follows_the_same_rules() -> None:
    assert decode_text(CP1252, "utf-8") == WORDS
    assert decode_text(CP1252, "latin-1") == WORDS
    assert decode_text(codecs.BOM_UTF8 + UTF8) == WORDS

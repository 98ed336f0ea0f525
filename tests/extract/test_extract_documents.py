"""extract() on fetched bodies of each media type, titles, and read_document() (watcher diff)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from watcher.errors import ConfigError, InputError
from watcher.extract import (
    EXTRACTOR_VERSION,
    extract,
    extract_html,
    normalize_markdown,
    read_document,
    text_sha256,
)
from watcher.records import Fetched, FetchOutcome, Source

SOURCE = Source(id="acme-privacy", vendor="Acme", title="Privacy", url="https://acme.test/p")


def fetched(body: bytes, media_type: str, content_type: str | None = None) -> Fetched:
    headers = (("content-type", content_type),) if content_type else ()
    return Fetched(
        source_id=SOURCE.id,
        url=SOURCE.url,
        final_url=SOURCE.url,
        status=200,
        headers=headers,
        body=body,
        media_type=media_type,
        fetched_at=datetime(2024, 5, 1, tzinfo=UTC),
        elapsed_s=0.1,
        outcome=FetchOutcome.OK,
    )


def test_extract_html_document_fields() -> None:
    body = b"<title>Acme  Privacy</title><main><h1>Privacy</h1><p>We keep logs.</p></main>"
    document = extract(fetched(body, "text/html", "text/html; charset=utf-8"), SOURCE)
    assert document.source_id == SOURCE.id
    assert document.title == "Acme Privacy"
    assert document.text == "# Privacy\n\nWe keep logs.\n"
    assert document.text_sha256 == text_sha256(document.text)
    assert document.raw_sha256 == hashlib.sha256(body).hexdigest()
    assert document.extractor_version == EXTRACTOR_VERSION


def test_extract_uses_source_settings_and_header_charset() -> None:
    source = Source(
        id="s", vendor="V", title="T", url="https://v.test/", select=("#terms",),
        remove=(".promo",), ignore=(r"Updated \d+",),
    )  # fmt: skip
    body = (
        "<p>Outside</p><div id='terms'><p>Updated 2024</p><p>Café terms.</p>"
        "<p class='promo'>Buy!</p></div>"
    ).encode("cp1252")
    document = extract(fetched(body, "text/html", "text/html; charset=windows-1252"), source)
    assert document.text == "Café terms.\n"


def test_extract_plain_text_is_normalised_not_parsed() -> None:
    body = b"Terms of Service\r\n\r\nWe may <b>change</b>   these\r\nterms.\r\n\r\n\r\n"
    document = extract(fetched(body, "text/plain", "text/plain; charset=utf-8"), SOURCE)
    assert document.text == "Terms of Service\n\nWe may <b>change</b> these terms.\n"
    assert document.title == ""
    assert document.text_sha256 == text_sha256(document.text)


def test_extract_markdown_body() -> None:
    body = b"# AI Policy\n\nWe **never** train on [your data](https://x.test/?utm=1).\n"
    document = extract(fetched(body, "text/markdown"), SOURCE)
    assert document.text == "# AI Policy\n\nWe never train on your data.\n"
    assert document.title == "AI Policy"


@pytest.mark.parametrize(
    ("body", "media_type", "expected"),
    [
        (b"  <!doctype html><p>Sniffed</p>", "", "Sniffed\n"),
        (b"<p>Octet</p>", "application/octet-stream", "Octet\n"),
        (b"Plain words", "", "Plain words\n"),
        (b"<p>XHTML</p>", "application/xhtml+xml", "XHTML\n"),
    ],
)
def test_extract_sniffs_unlabelled_bodies(body: bytes, media_type: str, expected: str) -> None:
    assert extract(fetched(body, media_type), SOURCE).text == expected


@pytest.mark.parametrize(
    ("body", "media_type", "message"),
    [
        (b"%PDF-1.7 ...", "application/pdf", "PDF support is not available yet"),
        (b"%PDF-1.7 ...", "", "PDF support is not available yet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "cannot read text from a 'image/png' body"),
    ],
)
def test_extract_refuses_bodies_without_text(body: bytes, media_type: str, message: str) -> None:
    with pytest.raises(InputError, match="source 'acme-privacy': " + message):
        extract(fetched(body, media_type), SOURCE)


def test_extract_names_the_source_of_a_bad_setting() -> None:
    source = Source(id="bad", vendor="V", title="T", url="https://v.test/", select=("div[",))
    with pytest.raises(ConfigError, match=r"^source 'bad': invalid CSS selector 'div\['"):
        extract(fetched(b"<p>x</p>", "text/html"), source)


def test_extract_is_deterministic() -> None:
    item = fetched(b"<title>T</title><p>Same</p>", "text/html")
    assert extract(item, SOURCE) == extract(item, SOURCE)


@pytest.mark.parametrize(
    ("html", "title"),
    [
        ("<title>\n  Privacy &amp;\n Terms </title><h1>Heading</h1>", "Privacy & Terms"),
        ("<h1>First  heading</h1><h1>Second</h1>", "First heading"),
        ("<title> </title><main><h1>From h1</h1></main>", "From h1"),
        ("<svg><title>Logo</title></svg><h1>Real</h1>", "Real"),
        ("<p>No title at all</p>", ""),
    ],
)
def test_title(html: str, title: str) -> None:
    assert extract_html(html)[0] == title


HTML_PAGE = "<html><body><nav>Menu</nav><h1>Policy</h1><p>We   keep logs.</p></body></html>"
EXPECTED = "# Policy\n\nWe keep logs.\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("old.html", HTML_PAGE.encode()),
        ("old.htm", HTML_PAGE.encode("utf-16")),
        ("OLD.HTML", HTML_PAGE.encode()),
        ("old.md", b"Policy\n======\n\nWe *keep*\nlogs.\n"),
        ("old.txt", b"\xef\xbb\xbf# Policy\r\n\r\nWe keep\r\n   logs.   \r\n"),
    ],
)
def test_read_document(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert read_document(path) == EXPECTED
    assert read_document(str(path)) == EXPECTED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.docx", b"PK", "notes.docx: unsupported file type '.docx' (use .html, .htm, .md"),
        ("README", b"x", "README: unsupported file type (no extension)"),
        ("policy.pdf", b"%PDF-1.4", "policy.pdf: PDF support is not available yet"),
        ("policy.html", b"%PDF-1.4\n%\xe2\xe3", "policy.html: this is a PDF file"),
        ("policy.txt", b"caf\xe9", "policy.txt: not valid UTF-8 text (byte 0xe9 at offset 3)"),
        ("policy.htm", b"PK\x03\x04\x00\x00binary", "policy.htm: binary data, not a .htm"),
    ],
)
def test_read_document_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_document(path)
    assert str(raised.value).startswith(f"{path.parent}/") and message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_read_document_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"gone\.html: no such file"):
        read_document(tmp_path / "gone.html")
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(InputError, match=r"folder\.md: is a directory"):
        read_document(folder)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Title\n=====\n\nSub\n---\n", "# Title\n\n## Sub\n"),
        ("## Closed heading ##\n", "## Closed heading\n"),
        ("* one\n+ two\n  - nested\n", "- one\n\n- two\n\n  - nested\n"),
        ("3. three\n4) four\n", "1. three\n\n1. four\n"),
        ("A [link](https://x.test \"t\") and ![img](a.png) and [ref][1].\n\n[1]: https://x\n",
         "A link and and ref.\n"),
        ("**bold** __strong__ *em* _em_ ~~gone~~ `code` snake_case_name 2*3*4\n",
         "bold strong em em gone code snake_case_name 2*3*4\n"),
        ("| a |b|\n|---|:-:|\n|1| 2 |\n", "| a | b |\n\n| 1 | 2 |\n"),
        ("para\n\n---\n\nnext <!-- hidden -->\n", "para\n\nnext\n"),
        ("```\ncode line\n```\n", "code line\n"),
        ("Escaped \\*stars\\* and <span>tags</span>\n", "Escaped *stars* and tags\n"),
        ("> quoted\n> more\n>\n> - item\n", "> quoted more\n\n> - item\n"),
    ],
)  # fmt: skip
def test_normalize_markdown(markdown: str, expected: str) -> None:
    assert normalize_markdown(markdown) == expected

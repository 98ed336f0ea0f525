"""Hostile pages: indentation stops growing with depth, the text is capped, nothing is truncated."""

from __future__ import annotations

import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from watcher.errors import InputError
from watcher.extract import MAX_TEXT_CHARS, extract, extract_html, read_document
from watcher.extract.blocks import to_blocks
from watcher.records import Fetched, FetchOutcome, Source

SOURCE = Source(id="hostile", vendor="Evil", title="Terms", url="https://evil.test/terms")
TOO_LONG = f"extracted text is over {MAX_TEXT_CHARS:,} characters (a hostile or broken page)"


def fetched(body: bytes, media_type: str = "text/html") -> Fetched:
    return Fetched(
        source_id=SOURCE.id,
        url=SOURCE.url,
        final_url=SOURCE.url,
        status=200,
        headers=(),
        body=body,
        media_type=media_type,
        fetched_at=datetime(2024, 5, 1, tzinfo=UTC),
        elapsed_s=0.1,
        outcome=FetchOutcome.OK,
    )


def nested_lists(depth: int) -> str:
    return "<ul><li>x" * depth + "</li></ul>" * depth


def indented_items(depths: range) -> list[str]:
    return ["  " * (min(depth, 6) - 1) + "- x" for depth in depths]


def test_list_indentation_stops_at_six_levels() -> None:
    text = extract_html(f"<body>{nested_lists(9)}</body>")[1]
    assert text.split("\n\n") == [
        "- x",
        "  - x",
        "    - x",
        "      - x",
        "        - x",
        "          - x",
        "          - x",  # levels 7 to 9 read as the sixth
        "          - x",
        "          - x\n",
    ]


def test_paragraph_in_a_deep_item_is_indented_as_the_sixth_level() -> None:
    page = "<body>" + "<ul><li>x" * 8 + "<p>more</p>" + "</li></ul>" * 8 + "</body>"
    assert extract_html(page)[1].split("\n\n")[-1] == " " * 12 + "more\n"


def test_quote_marks_stop_at_six_levels() -> None:
    page = "<body>" + "<blockquote>" * 9 + "<p>said</p>" + "</blockquote>" * 9 + "</body>"
    assert extract_html(page)[1] == "> " * 6 + "said\n"


def test_text_grows_with_the_page_not_with_its_depth() -> None:
    """The reviewer's page in small: nesting 1,000 deep once cost 1 M characters per 19 KB."""
    page = f"<body>{nested_lists(1000) * 4}</body>"
    text = extract_html(page)[1]
    assert text == "\n\n".join(indented_items(range(1, 1001)) * 4) + "\n"
    assert len(text) < len(page)


def test_text_over_the_cap_fails_the_check_naming_the_source() -> None:
    # Six lists and six quotes deep, every 4-byte <p> costs 27 characters: 1 MB of page would
    # be 6.75 M characters of text.
    cell = "<p>x" * (MAX_TEXT_CHARS // 26)
    page = "<body>" + "<blockquote><ul><li>" * 6 + cell + "</body>"
    with pytest.raises(InputError) as raised:
        extract(fetched(page.encode()), SOURCE)
    assert str(raised.value) == f"source 'hostile': {TOO_LONG}"


def test_text_of_exactly_the_cap_is_kept() -> None:
    document = extract(fetched(b"a" * (MAX_TEXT_CHARS - 1), "text/plain"), SOURCE)
    assert len(document.text) == MAX_TEXT_CHARS  # with its final newline


def test_plain_text_over_the_cap_fails_too() -> None:
    with pytest.raises(InputError) as raised:
        extract(fetched(b"a" * MAX_TEXT_CHARS, "text/plain"), SOURCE)
    assert str(raised.value) == f"source 'hostile': {TOO_LONG}"


def test_a_document_file_over_the_cap_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_text("a" * MAX_TEXT_CHARS, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_document(path)
    assert str(raised.value) == f"{path}: {TOO_LONG}"


def test_the_cap_is_checked_while_blocks_are_made() -> None:
    """Memory stays bounded: the walk stops at the cap instead of building everything first."""
    root = etree.fromstring("<div>" + ("<p>" + "y" * 99) * 20_000 + "</div>", etree.HTMLParser())
    assert len("\n\n".join(to_blocks([root]))) > 2_000_000  # what the whole walk makes
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="over 10,000 characters"):
            to_blocks([root], max_chars=10_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200_000


def test_libxml2_depth_limit_is_a_failed_check_not_a_truncated_text() -> None:
    """Past 2,048 levels libxml2 stops reading; the rest of the policy must not look deleted."""
    page = b"<body><p>Start.</p>" + b"<div>" * 2100 + b"deep" + b"</div>" * 2100 + b"<p>End.</p>"
    with pytest.raises(InputError) as raised:
        extract(fetched(page), SOURCE)
    assert str(raised.value) == (
        "source 'hostile': the HTML parser stopped part-way (Excessive depth in document: 2048):"
        " a hostile or broken page"
    )


def test_nesting_below_the_libxml2_limit_is_read_whole() -> None:
    page = b"<body><p>Start.</p>" + b"<div>" * 2000 + b"deep" + b"</div>" * 2000 + b"<p>End.</p>"
    assert extract_html(page)[1] == "Start.\n\ndeep\n\nEnd.\n"

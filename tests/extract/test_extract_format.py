"""HTML structure becomes the normalised Markdown-like block format."""

from __future__ import annotations

import pytest

from watcher.extract import extract_html, normalize_text


def text_of(body: str) -> str:
    return extract_html(f"<html><body>{body}</body></html>")[1]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("<h1>Title</h1><p>Intro.</p>", "# Title\n\nIntro.\n", id="heading+paragraph"),
        pytest.param(
            "".join(f"<h{n}>Level {n}</h{n}>" for n in range(1, 7)),
            "\n\n".join(f"{'#' * n} Level {n}" for n in range(1, 7)) + "\n",
            id="all-heading-levels",
        ),
        pytest.param(
            "<p>One\n   long\tparagraph\n</p>", "One long paragraph\n", id="paragraph-one-line"
        ),
        pytest.param("<ul><li>Alpha</li><li>Beta</li></ul>", "- Alpha\n\n- Beta\n", id="ul"),
        pytest.param(
            '<ol start="4"><li>First</li><li>Second</li></ol>',
            "1. First\n\n1. Second\n",
            id="ol-numbers-not-kept",
        ),
        pytest.param(
            "<ul><li>Parent<ul><li>Child<ol><li>Grandchild</li></ol></li></ul></li><li>Next</li></ul>",
            "- Parent\n\n  - Child\n\n    1. Grandchild\n\n- Next\n",
            id="nested-lists",
        ),
        pytest.param(
            "<ul><li><p>Item para</p><p>More of the item</p></li></ul>",
            "- Item para\n\n  More of the item\n",
            id="multi-paragraph-item",
        ),
        pytest.param(
            "<table><thead><tr><th>Name</th><th>Purpose</th></tr></thead>"
            "<tbody><tr><td>AWS</td><td>Hosting <b>and</b><br>storage</td></tr>"
            "<tr><td></td><td>Only second</td></tr><tr><td> </td><td></td></tr></tbody></table>",
            "| Name | Purpose |\n\n| AWS | Hosting and storage |\n\n| | Only second |\n",
            id="data-table",
        ),
        pytest.param(
            "<table><tr><td><p>Cell one</p><p>cell two</p></td></tr></table>",
            "| Cell one cell two |\n",
            id="blocks-in-cell-are-inline",
        ),
        pytest.param(
            "<table role='presentation'><tr><td><h2>Section</h2><p>Body text.</p></td></tr>"
            "</table>",
            "## Section\n\nBody text.\n",
            id="layout-table-walked-as-blocks",
        ),
        pytest.param(
            "<table><tr><td><table><tr><td>inner</td></tr></table><p>outer</p></td></tr></table>",
            "| inner |\n\nouter\n",
            id="nested-table-means-layout",
        ),
        pytest.param(
            "<blockquote><p>Quoted one</p><p>Quoted two</p></blockquote>",
            "> Quoted one\n\n> Quoted two\n",
            id="blockquote",
        ),
        pytest.param(
            "<dl><dt>Personal data</dt><dd>Any information about you.</dd></dl>",
            "Personal data\n\nAny information about you.\n",
            id="definition-list-as-paragraphs",
        ),
        pytest.param(
            '<p>See <a href="https://x.test/p?utm_source=mail">our policy</a> for <em>more</em>'
            ' <strong>details</strong>.<img src="a.png" alt="diagram"></p>',
            "See our policy for more details.\n",
            id="links-emphasis-images",
        ),
        pytest.param(
            "<p>Acme Inc.<br>1 Main St<br/>Springfield</p>",
            "Acme Inc. 1 Main St Springfield\n",
            id="single-br-is-space",
        ),
        pytest.param(
            "<p>First para<br><br>Second para<br> <br><br>Third</p>",
            "First para\n\nSecond para\n\nThird\n",
            id="double-br-is-paragraph-break",
        ),
        pytest.param(
            "<div>Loose text<div>Inner block</div>trailing text</div>",
            "Loose text\n\nInner block\n\ntrailing text\n",
            id="div-text-runs",
        ),
        pytest.param(
            "<h2>Heading <div>with block</div> inside</h2>",
            "## Heading with block inside\n",
            id="blocks-in-heading-are-inline",
        ),
        pytest.param("<p>a<span>b</span>c</p>", "abc\n", id="inline-no-space-added"),
        pytest.param(
            "<ul><li><h3>Sub</h3>text</li></ul>", "- ### Sub\n\n  text\n", id="heading-in-item"
        ),
        pytest.param(
            "<blockquote><ul><li>quoted item</li></ul></blockquote>",
            "> - quoted item\n",
            id="list-in-quote",
        ),
        pytest.param("<p> </p><div><span></span></div>", "", id="empty-elements-no-blocks"),
        pytest.param("", "", id="empty-body"),
    ],
)
def test_structure_becomes_blocks(body: str, expected: str) -> None:
    assert text_of(body) == expected


def test_text_ends_with_one_newline_and_blocks_are_separated_by_one_blank_line() -> None:
    text = text_of("<p>a</p>\n\n\n<div>\n\n</div><p>b</p>\n\n")
    assert text == "a\n\nb\n"
    assert "\n\n\n" not in text
    assert not any(line != line.rstrip() for line in text.splitlines())


def test_normalize_text_is_idempotent_on_extracted_text() -> None:
    text = text_of(
        "<h1>T</h1><p>p</p><ul><li>a<ul><li>b</li></ul><p>more</p></li></ul>"
        "<ol><li>one</li></ol><table><tr><td>x</td><td></td></tr></table>"
        "<blockquote><ul><li>q</li></ul></blockquote>"
    )
    assert normalize_text(text) == text


@pytest.mark.parametrize(
    "page",
    [
        b"",
        b"   ",
        b"<!-- only a comment -->",
        b"<html><head><title>x</title></head></html>",
        b"\x00\x01\x02\xff\xfe garbage",
        b"<" * 1000,
    ],
    ids=["empty", "blank", "comment", "head-only", "binary", "angle-brackets"],
)
def test_hostile_or_empty_input_never_raises(page: bytes) -> None:
    title, text = extract_html(page)
    assert isinstance(title, str)
    assert text == "" or text.endswith("\n")


def test_deeply_nested_page_keeps_its_text() -> None:
    """Generated pages can nest past libxml2's default 256 levels; the walk has no depth limit."""
    page = b"<html><body>" + b"<div>" * 1000 + b"<p>deep</p>" + b"</div>" * 1000
    assert extract_html(page)[1] == "deep\n"


def test_control_characters_are_dropped() -> None:
    assert text_of("<p>a\x01b\x7fc\u0085d</p>") == "abcd\n"

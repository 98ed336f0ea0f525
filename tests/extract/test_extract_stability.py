"""Same words in different markup give the same text and hash; `ignore` patterns delete churn."""

from __future__ import annotations

import pytest

from watcher.errors import ConfigError
from watcher.extract import extract_html, normalize_text, text_sha256

BASE = (
    "<html><head><title>Privacy</title></head><body><main>"
    '<h1 class="title" id="top">Privacy Policy</h1>'
    "<p>We don't sell your data &amp; never will, café owners included.</p>"
    "<ul><li>Email address</li><li>Usage data</li></ul>"
    "<table><tr><td>AWS</td><td>Hosting</td></tr></table>"
    "</main></body></html>"
)
EXPECTED = (
    "# Privacy Policy\n\n"
    "We don't sell your data & never will, café owners included.\n\n"
    "- Email address\n\n- Usage data\n\n| AWS | Hosting |\n"
)

VARIANTS = {
    "whitespace-and-indentation": """<html>
  <head>  <title>Privacy</title> </head>
  <body>
    <main>
      <h1 id="top" class="title">
          Privacy   Policy
      </h1>
      <p>
        We don't   sell your data
        &amp; never will,
        café owners included.
      </p>
      <ul>
        <li>  Email address </li>
        <li>Usage data</li>
      </ul>
      <table>
        <tr> <td> AWS </td>  <td>Hosting</td> </tr>
      </table>
    </main>
  </body>
</html>""",
    "entities": BASE.replace("don't", "don&#39;t")
    .replace("café", "caf&eacute;")
    .replace("Usage data", "Usage&#x20;data")
    .replace("Email", "&#69;mail"),
    "apos-entity": BASE.replace("don't", "don&apos;t"),
    "literal-ampersand": BASE.replace("&amp;", "&"),
    "attribute-order-and-quotes": BASE.replace(
        '<h1 class="title" id="top">', "<h1 id='top' class=title>"
    ),
    "tag-case": BASE.replace("<h1", "<H1")
    .replace("</h1>", "</H1>")
    .replace("<p>", "<P>")
    .replace("<ul><li>", "<UL><Li>"),
    "crlf": BASE.replace("<p>", "\r\n<p>\r\n").replace(" never", "\r\nnever"),
    "nbsp": BASE.replace("your data", "your&nbsp;data").replace("Usage data", "Usage\u00a0data"),
    "unicode-spaces": BASE.replace("sell your", "sell\u2009your").replace(
        "never will", "never\u202fwill"
    ),
    "zero-width-and-soft-hyphen": BASE.replace("Privacy Policy", "Pri\u00advacy\u200b Policy")
    .replace("Hosting", "Host&shy;ing")
    .replace("Email", "E\ufeffmail"),
    "decomposed-unicode-nfd": BASE.replace("café", "cafe\u0301"),
    "trailing-spaces": BASE.replace("</p>", "   </p>").replace("</li>", " \t</li>"),
    "wrapper-divs-and-spans": BASE.replace("<h1", "<div class='wrap'><div><h1")
    .replace("</h1>", "</h1></div></div>")
    .replace("<p>We", "<div><p><span>We</span><span>")
    .replace("</p>", "</span></p></div>"),
    "inline-markup": BASE.replace("sell", "<strong>sell</strong>").replace(
        "your data", '<a href="/data?utm_source=x&amp;utm_medium=y">your data</a>'
    ),
    "empty-elements": BASE.replace("<ul>", "<p></p><div> </div><span></span><ul><li></li>"),
    "comments": BASE.replace("<p>", "<!-- build 1234 --><p>").replace("data", "da<!--x-->ta", 1),
    "implicit-end-tags": BASE.replace("</li>", "").replace("</p>", "").replace("</td>", ""),
    "div-instead-of-p": BASE.replace("<p>", "<div>").replace("</p>", "</div>"),
    "scripts-and-images-added": BASE.replace(
        "<ul>", "<script>track({id: 42})</script><img src='x.png' alt='A diagram'><ul>"
    ),
    "no-doctype-vs-doctype": "<!DOCTYPE html>\n" + BASE,
}


def test_base_extracts_as_expected() -> None:
    assert extract_html(BASE)[1] == EXPECTED


@pytest.mark.parametrize("variant", list(VARIANTS.values()), ids=list(VARIANTS))
def test_markup_variants_give_identical_text_and_hash(variant: str) -> None:
    text = extract_html(variant)[1]
    assert text == EXPECTED
    assert text_sha256(text) == text_sha256(EXPECTED)


def test_bytes_and_str_input_agree() -> None:
    assert extract_html(BASE.encode("utf-8")) == extract_html(BASE)


@pytest.mark.parametrize(
    ("changed", "why"),
    [
        (BASE.replace("don't", "don\u2019t"), "curly quote is a different character"),
        (BASE.replace("never will", "never shall"), "a word changed"),
        (BASE.replace("<p>", "<h2>").replace("</p>", "</h2>"), "a paragraph became a heading"),
    ],
)
def test_real_changes_change_the_hash(changed: str, why: str) -> None:
    assert text_sha256(extract_html(changed)[1]) != text_sha256(EXPECTED), why


def test_text_sha256_is_sha256_of_utf8() -> None:
    assert text_sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert text_sha256("é") != text_sha256("e\u0301")


UPDATED_PAGE = (
    "<main><h1>Terms</h1><p>Last updated: March 3, 2024</p>"
    "<p>Clause one. Page generated in 34 ms.</p><ul><li>Version 12.4</li></ul></main>"
)


FULL = (
    "# Terms\n\nLast updated: March 3, 2024\n\nClause one. Page generated in 34 ms.\n\n"
    "- Version 12.4\n"
)


@pytest.mark.parametrize(
    ("ignore", "expected"),
    [
        pytest.param((), FULL, id="nothing-ignored"),
        pytest.param(
            (r"Last updated: .*",),
            "# Terms\n\nClause one. Page generated in 34 ms.\n\n- Version 12.4\n",
            id="block-emptied-is-dropped",
        ),
        pytest.param(
            (r"Page generated in \d+ ms\.", r"^Version [\d.]+$"),
            "# Terms\n\nLast updated: March 3, 2024\n\nClause one.\n",
            id="part-of-block-and-anchored-list-item",
        ),
        pytest.param(
            (r"^Terms$",), FULL.removeprefix("# Terms\n\n"), id="anchor-sees-heading-text"
        ),
    ],
)
def test_ignore_patterns(ignore: tuple[str, ...], expected: str) -> None:
    assert extract_html(UPDATED_PAGE, ignore=ignore)[1] == expected


def test_ignored_date_change_keeps_the_hash() -> None:
    other_day = UPDATED_PAGE.replace("March 3, 2024", "April 9, 2024")
    pattern = (r"Last updated: .*",)
    assert extract_html(UPDATED_PAGE)[1] != extract_html(other_day)[1]
    assert extract_html(UPDATED_PAGE, ignore=pattern) == extract_html(other_day, ignore=pattern)


def test_ignore_applies_to_plain_text_too() -> None:
    assert normalize_text("Title\n\nLast updated: today\n", ignore=("Last updated: .*",)) == (
        "Title\n"
    )


def test_invalid_ignore_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"invalid ignore pattern '\(unclosed'"):
        extract_html("<p>x</p>", ignore=("(unclosed",))

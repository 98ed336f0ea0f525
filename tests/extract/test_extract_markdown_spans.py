"""Markdown inline spans, as read by the linear-time patterns: what they keep and what they drop."""

from __future__ import annotations

import pytest

from watcher.extract import normalize_markdown


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        pytest.param("a <br/> b <br /> c", "a b c", id="self-closing-tags"),
        pytest.param("[a](https://x.test/a_(b)) x", "a x", id="parentheses-in-url"),
        pytest.param("See [![badge](b.svg) docs](https://x).", "See docs.", id="image-in-link"),
        pytest.param("[a [b](u)", "[a b", id="bracket-before-link-is-text"),
        pytest.param("**a **b**", "**a b", id="strong-pairs-the-inner-opener"),
        pytest.param("**a**b**c**", "abc", id="strong-twice"),
        pytest.param("*a *b c*", "*a b c", id="em-pairs-the-inner-opener"),
        pytest.param("*foo**bar*", "foo**bar", id="em-around-a-double-star"),
        pytest.param("*a * b*", "a * b", id="em-around-a-lone-star"),
        pytest.param("_foo_bar_", "foo_bar", id="em-around-snake-case"),
        pytest.param("2*3*4 and a*b*c", "2*3*4 and a*b*c", id="intraword-stars-stay"),
        pytest.param("x \\*y\\* z", "x *y* z", id="escaped-stars"),
        pytest.param("~~a~~~", "a~", id="strikethrough"),
        pytest.param("``code with ` tick``", "code with ` tick", id="code-span-with-backtick"),
        pytest.param("``a`", "``a`", id="unequal-backtick-runs-are-text"),
        pytest.param("<!-- one -->kept<!-- two\nlines --> too", "kept too", id="comments"),
        pytest.param("before <!-- never closed", "before <!-- never closed", id="open-comment"),
        pytest.param("# Title #  ", "# Title", id="closing-hashes"),
        pytest.param("# a # b #", "# a # b", id="only-the-closing-hashes"),
        pytest.param("Setext  \n===", "# Setext", id="setext-heading"),
    ],
)
def test_inline_spans(markdown: str, expected: str) -> None:
    assert normalize_markdown(markdown) == expected + "\n"

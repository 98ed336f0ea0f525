"""A selector the config accepts works at extraction; one extraction refuses, the config refuses.

Both stages translate with cssselect's HTMLTranslator and run the result in lxml, but they are
separate modules (a stage never imports a sibling), so this holds them to the same answer.
"""

from __future__ import annotations

import pytest

from watcher.config.values import check_header_value, check_selector
from watcher.errors import ConfigError
from watcher.extract import extract_html

PAGE = "<html><body><main><h1>Terms</h1><p class='a'>One.</p><p lang='en'>Two.</p></main></body>"

ACCEPTED = [
    "main",
    "main, article > p",
    "p.a",
    "#terms",
    "[data-x='1']",
    "*|p",
    "[*|lang]",
    "p:first-child",
    "p:nth-of-type(2n+1)",
    "p:not(.a)",
    ":is(h1, p)",
    "main:has(> h1)",
    "p:lang(en)",
    "p:contains('Two')",
    ":root > body",
    "input:checked",
    "button:disabled",
]

REFUSED = [
    "div[",
    "p::before",
    "p:first-line",
    "p::attr(href)",
    "p:unknown",
    "*:first-of-type",
    "svg|title",
    "[xlink|href]",
]


@pytest.mark.parametrize("selector", ACCEPTED)
def test_an_accepted_selector_runs_at_extraction(selector: str) -> None:
    assert check_selector(selector) == selector
    extract_html(PAGE, select=[selector], remove=[selector])


@pytest.mark.parametrize("selector", REFUSED)
def test_a_selector_extraction_refuses_is_refused_by_the_config(selector: str) -> None:
    with pytest.raises(ConfigError, match="invalid CSS selector"):
        extract_html(PAGE, select=[selector])
    with pytest.raises(ValueError, match=r"selector|pseudo-element"):
        check_selector(selector)


@pytest.mark.parametrize(
    "selector",
    ["a:hover", "a:active", "a:focus", "a:visited", "a:link", ":target", "p:not(a:hover)"],
)
def test_browser_state_pseudo_classes_are_refused(selector: str) -> None:
    """Extraction would run them, as "never matches" (or, for :link, any a[href])."""
    extract_html(PAGE, select=[selector])
    with pytest.raises(ValueError, match="depends on a browser's user or history"):
        check_selector(selector)


def test_header_value_loses_surrounding_whitespace() -> None:
    """HTTP ignores it, and h11 refuses to send it."""
    assert check_header_value("  en-GB,en;q=0.8\t") == "en-GB,en;q=0.8"

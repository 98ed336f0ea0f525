"""What is left out by default, which part of the page is read, and per-source select/remove."""

from __future__ import annotations

import pytest

from watcher.errors import ConfigError
from watcher.extract import extract_html

ONETRUST = """
<div id="onetrust-consent-sdk"><div class="onetrust-pc-dark-filter ot-hide ot-fade-in"></div>
<div id="onetrust-banner-sdk" class="otFlat" role="region" aria-label="Cookie banner">
<div role="dialog" aria-label="Privacy"><div class="ot-sdk-container"><div class="ot-sdk-row">
<div id="onetrust-policy"><h2 id="onetrust-policy-title">We value your privacy</h2>
<div id="onetrust-policy-text">We use cookies to enhance your browsing experience.
<a class="ot-cookie-policy-link" href="/cookies">Cookie Policy</a></div></div>
<div id="onetrust-button-group"><button id="onetrust-accept-btn-handler">Accept All</button>
</div></div></div></div></div></div>
"""
COOKIEBOT = """
<div id="CybotCookiebotDialog" name="CybotCookiebotDialog" role="dialog" aria-modal="true"
 class="CybotEdge CybotCookiebotDialogActive"><div class="CybotCookiebotDialogContentWrapper">
<div id="CybotCookiebotDialogBody"><h2 id="CybotCookiebotDialogBodyContentTitle">
This website uses cookies</h2><div id="CybotCookiebotDialogBodyContentText">
We use cookies to personalise content and ads.</div></div></div></div>
"""
COOKIE_CONSENT_JS = (
    '<div role="dialog" aria-label="cookieconsent" class="cc-window cc-banner cc-type-info">'
    '<span id="cookieconsent:desc" class="cc-message">This website uses cookies.</span></div>'
)
GENERIC_BANNER = '<div class="site-cookie-banner"><p>Cookies help us. OK?</p></div>'
POLICY = "<h1>Privacy Policy</h1><p>We collect your email address.</p>"
POLICY_TEXT = "# Privacy Policy\n\nWe collect your email address.\n"
BOTH = "Privacy text\n\nTerms text\n\nNote\n"


def body_text(body: str, select: tuple[str, ...] = (), remove: tuple[str, ...] = ()) -> str:
    page = f"<html><head><title>T</title></head><body>{body}</body></html>"
    return extract_html(page, select=select, remove=remove)[1]


@pytest.mark.parametrize(
    "chrome",
    [
        pytest.param("<script>var tracking = 'x';</script>", id="script"),
        pytest.param("<style>p { color: red }</style>", id="style"),
        pytest.param("<noscript>Please enable JavaScript</noscript>", id="noscript"),
        pytest.param("<template><p>later</p></template>", id="template"),
        pytest.param("<svg><title>Logo</title><text>Acme</text></svg>", id="svg"),
        pytest.param('<iframe src="/x">frame fallback</iframe>', id="iframe"),
        pytest.param("<nav><ul><li><a href='/'>Home</a></li></ul></nav>", id="nav"),
        pytest.param("<header><a href='/'>Acme</a> Products Pricing</header>", id="page-header"),
        pytest.param("<footer>&copy; 2024 Acme. All rights reserved.</footer>", id="page-footer"),
        pytest.param(
            "<form action='/search'><label>Search</label><input name=q><button>Go</button></form>",
            id="form",
        ),
        pytest.param("<button>Print this page</button>", id="button"),
        pytest.param("<select><option>English</option><option>Deutsch</option></select>", id="sel"),
        pytest.param("<div hidden><p>Old version of the policy</p></div>", id="hidden"),
        pytest.param('<span aria-hidden="true">Icon text</span>', id="aria-hidden"),
        pytest.param("<dialog><p>Subscribe!</p></dialog>", id="closed-dialog"),
        pytest.param(ONETRUST, id="onetrust"),
        pytest.param(COOKIEBOT, id="cookiebot"),
        pytest.param(COOKIE_CONSENT_JS, id="cookieconsent-js"),
        pytest.param(GENERIC_BANNER, id="generic-cookie-banner"),
    ],
)
def test_default_removals_leave_only_the_policy(chrome: str) -> None:
    assert body_text(chrome + POLICY + chrome) == POLICY_TEXT


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "<article><header><h1>Privacy Policy</h1><p>Effective 1 May</p></header></article>",
            "# Privacy Policy\n\nEffective 1 May\n",
            id="article-header-is-content",
        ),
        pytest.param(
            "<section><p>Text</p><footer>Questions? privacy@acme.test</footer></section>",
            "Text\n\nQuestions? privacy@acme.test\n",
            id="section-footer-is-content",
        ),
        pytest.param(
            "<aside><h2>Key points</h2><p>We never sell data.</p></aside>",
            "## Key points\n\nWe never sell data.\n",
            id="plain-aside-kept",
        ),
        pytest.param(
            '<div hidden="until-found"><p>Collapsed accordion clause</p></div>',
            "Collapsed accordion clause\n",
            id="hidden-until-found-kept",
        ),
        pytest.param(
            '<form id="aspnetForm"><h1>Terms</h1><p>Clause one.</p><input type="hidden"></form>',
            "# Terms\n\nClause one.\n",
            id="page-wrapping-form-kept",
        ),
        pytest.param(
            '<section id="cookie-notice"><h2>Cookie notice</h2><p>We use cookies.</p></section>',
            "## Cookie notice\n\nWe use cookies.\n",
            id="policy-section-named-cookie-notice-kept",
        ),
        pytest.param(
            '<div class="cookie-consent-details">' + "<p>" + "Long clause. " * 150 + "</p></div>",
            ("Long clause. " * 150).strip() + "\n",
            id="long-cookie-named-content-kept",
        ),
        pytest.param(
            '<div id="ot-sdk-cookie-policy"><table><tr><td>_ga</td><td>2 years</td></tr>'
            "</table></div>",
            "| _ga | 2 years |\n",
            id="onetrust-cookie-list-in-policy-kept",
        ),
        pytest.param(
            "<dialog open><p>Important notice</p></dialog>", "Important notice\n", id="open-dialog"
        ),
    ],
)
def test_content_that_looks_like_chrome_is_kept(content: str, expected: str) -> None:
    assert body_text(content) == expected


def test_main_is_preferred_over_body() -> None:
    page = (
        "<p>Sidebar promo</p><main class='cookie-page'><p>Policy text</p></main><p>More promo</p>"
    )
    assert body_text(page) == "Policy text\n"


def test_role_main_counts_as_main() -> None:
    assert body_text("<div>Promo</div><div role='main'><p>Policy</p></div>") == "Policy\n"


def test_banner_inside_main_is_removed() -> None:
    assert body_text(f"<main>{ONETRUST}{POLICY}</main>") == POLICY_TEXT


@pytest.mark.parametrize(
    ("select", "remove", "expected"),
    [
        pytest.param(("#terms",), (), "Terms text\n\nNote\n", id="select-one"),
        pytest.param(("#terms", "#privacy"), (), BOTH, id="union-in-document-order"),
        pytest.param(("div", "#terms"), (), BOTH, id="nested-not-twice"),
        pytest.param(("#terms, #privacy",), (), BOTH, id="selector-list"),
        pytest.param(("#missing",), (), "", id="select-nothing"),
        pytest.param((), (".promo",), "Main text\n", id="remove-in-main"),
        pytest.param(("#terms",), (".note",), "Terms text\n", id="remove-before-select"),
        pytest.param(("nav",), (), "Site nav\n", id="selected-element-not-removed-by-default"),
        pytest.param(("footer p",), (), "Legal footer line\n", id="select-inside-removed-chrome"),
    ],
)
def test_select_and_remove(select: tuple[str, ...], remove: tuple[str, ...], expected: str) -> None:
    page = (
        "<nav>Site nav</nav>"
        "<div><div id='privacy'>Privacy text</div><div id='terms'>Terms text"
        "<p class='note'>Note</p></div></div>"
        "<main><p>Main text</p><p class='promo'>Try our app</p></main>"
        "<footer><p>Legal footer line</p></footer>"
    )
    assert body_text(page, select=select, remove=remove) == expected


def test_text_after_a_removed_element_is_kept() -> None:
    assert body_text("<p>Before <span class='x'>gone</span> after</p>", remove=(".x",)) == (
        "Before after\n"
    )
    assert body_text("<p><script>x</script>first<script>y</script> second</p>") == (
        "first second\n"
    )


@pytest.mark.parametrize("selector", ["div[", "p:unknown-pseudo", "!!"])
def test_invalid_selector_is_a_config_error(selector: str) -> None:
    with pytest.raises(ConfigError, match="invalid CSS selector"):
        body_text("<p>x</p>", select=(selector,))
    with pytest.raises(ConfigError, match="invalid CSS selector"):
        body_text("<p>x</p>", remove=(selector,))

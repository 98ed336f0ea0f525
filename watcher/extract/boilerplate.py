"""What is never policy text: page chrome, scripts, hidden elements and cookie-consent banners.

Two kinds of rules, both cautious because dropping a real clause is worse than keeping a menu:

* Structural ones: script, style, embedded media, form controls, `nav`, `hidden` (but not
  `hidden="until-found"`, which is collapsed yet searchable accordion content) and
  `aria-hidden="true"`. `header`/`footer` go only when they are page-level (the ARIA
  banner/contentinfo rule): an `<article>`'s header holds the policy's own title and its
  "last updated" line. `<form>` goes unless it holds headings or
  paragraphs (ASP.NET WebForms wraps whole pages in one). `<aside>` stays: vendors put "key
  points" summaries there.
* Consent banners: the known containers of OneTrust, Cookiebot, TrustArc, Osano, Didomi,
  Usercentrics, Quantcast, iubenda, Cookie Consent and common WordPress plugins go always; other
  ids/classes that look like a cookie banner go only when small and not a landmark, so a policy's
  own "Cookie notice" section (or a `<main class="cookie-…">`) survives.

Only the part of the page being extracted is cleaned, and tag rules use lxml's C-level tag filter
(`iter(*tags)`); a compiled XPath with many `self::` tests was measured 20 times slower.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import etree

__all__ = ["drop", "remove_boilerplate"]

# fmt: off
_TAGS = (
    "head", "script", "style", "noscript", "template", "svg", "iframe", "frame", "frameset",
    "object", "embed", "canvas", "video", "audio", "nav", "button", "input", "select",
    "textarea", "datalist",
)
_SECTIONING = frozenset({"article", "aside", "main", "nav", "section"})
_CONTENT = ("h1", "h2", "h3", "h4", "h5", "h6", "p")

_CONSENT_IDS = frozenset({
    "onetrust-consent-sdk", "onetrust-banner-sdk", "onetrust-pc-sdk", "CybotCookiebotDialog",
    "CybotCookiebotDialogBodyUnderlay", "truste-consent-track", "consent_blackbar", "teconsent",
    "usercentrics-root", "usercentrics-cmp-ui", "didomi-host", "didomi-notice",
    "qc-cmp2-container", "cmpbox", "iubenda-cs-banner", "cookiescript_injected",
    "cookie-law-info-bar", "cmplz-cookiebanner-container", "BorlabsCookieBox",
    "moove_gdpr_cookie_info_bar", "ccc",
})
_CONSENT_CLASSES = frozenset({
    "cc-window", "cc-banner", "cc-revoke", "osano-cm-window", "osano-cm-dialog",
    "osano-cm-widget", "truste_box_overlay", "truste_overlay", "optanon-alert-box-wrapper",
    "cky-consent-container", "cmplz-cookiebanner",
})
# fmt: on
_CONSENT_HINT = re.compile(
    r"c(?:ookie|onsent|ybot|ky-|c-|cc|mpbox|mplz)|gdpr|onetrust|truste|osano|didomi"
    r"|usercentrics|qc-cmp|iubenda|optanon|borlabs"
)
"""A cheap first look at the lower-cased id + class; only elements it hits get the exact checks.
(Case-sensitive on lower-cased text: an IGNORECASE alternation costs ten times as much.)"""
_LOOKS_LIKE_CONSENT = re.compile(
    r"cookie[-_]?(?:banner|consent|notice|bar|popup|law|wall|message|alert|dialog|modal)"
    r"|consent[-_]?(?:banner|bar|popup|dialog|modal|manager|notice)"
    r"|gdpr[-_]?(?:banner|consent|cookie|notice|popup)"
)
_LANDMARKS = frozenset({"html", "body", "main", "article", "section"})
_MAX_BANNER_CHARS = 1500


def remove_boilerplate(roots: Iterable[etree._Element]) -> None:
    """Remove chrome and consent banners inside each root, in place (never a root itself)."""
    for root in roots:
        drop(el for el in _boilerplate(root) if el is not root)


def _boilerplate(root: etree._Element) -> Iterator[etree._Element]:
    yield from root.iter(*_TAGS)
    for el in root.iter("header", "footer"):
        if not any(a.tag in _SECTIONING or a.get("role") == "main" for a in el.iterancestors()):
            yield el  # page-level: the ARIA banner / contentinfo landmark
    for el in root.iter("form"):
        if next(el.iter(*_CONTENT), None) is None:
            yield el
    for el in root.iter("dialog"):
        if el.get("open") is None:
            yield el
    for el in root.iter():
        keys = el.keys()
        if keys and _is_hidden_or_banner(el, keys):
            yield el


def _is_hidden_or_banner(el: etree._Element, keys: list[str]) -> bool:
    if "hidden" in keys and (el.get("hidden") or "").strip().lower() != "until-found":
        return True
    if "aria-hidden" in keys and (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    ident = el.get("id") or ""
    classes = el.get("class") or ""
    if not (ident or classes):
        return False
    label = f"{ident} {classes}".lower()
    if not _CONSENT_HINT.search(label):
        return False
    if ident in _CONSENT_IDS or not _CONSENT_CLASSES.isdisjoint(classes.split()):
        return True
    return _is_generic_banner(el, label)


def _is_generic_banner(el: etree._Element, label: str) -> bool:
    """Looks like a cookie banner (`label` is the lower-cased id and class), is small enough to be
    one, and is not a landmark."""
    if el.tag in _LANDMARKS or el.get("role") == "main" or not _LOOKS_LIKE_CONSENT.search(label):
        return False
    if next(el.iterdescendants("main", "article"), None) is not None:
        return False
    return len("".join(el.itertext())) <= _MAX_BANNER_CHARS


def drop(elements: Iterable[etree._Element]) -> None:
    """Detach elements from the tree, keeping the text that follows each (lxml moves it too).

    Any order gives the same text: a tail always lands right after whatever precedes it.
    """
    for el in dict.fromkeys(elements):
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:
            previous = el.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)

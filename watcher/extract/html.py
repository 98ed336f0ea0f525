"""HTML to normalised text: decoding, parsing, choosing the policy's part of the page, its title.

Speed matters here more than anywhere else in the pipeline (a full pass must keep up with well
over 100 changed pages a second on two cores), so this uses lxml's libxml2 HTML parser directly
rather than BeautifulSoup: on a 20 KB markup-heavy page, building the BeautifulSoup tree alone
took 5 ms, five times this whole extraction (1 ms; 0.35 ms on a lighter page). It uses
`lxml.etree.HTMLParser` rather than `lxml.html`, whose per-element Python class (HtmlElement)
made the same walk a third slower and buys nothing here. Selectors are CSS, translated to XPath
by cssselect and compiled once per process. bench/extract_timing.py measures all this.

Order of work: per-source `remove` over the whole page; then the part to read: per-source
`select` (the union of the matches, in document order), or else the page's `<main>` (or
role="main"), or else `<body>`; then the default boilerplate removal inside that part.

Nesting: libxml2 stops parsing at 256 levels of nested elements, or 2,048 with `huge_tree`, and
keeps what it had read, logging a fatal error but not raising. `huge_tree` is on (real pages
with unclosed tags pass 256; the walk is iterative and the body size capped, so depth costs
nothing), and a parse that hit the limit is an InputError: a truncated policy stored as a
version would be reported as the vendor deleting the rest of it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

import cssselect
from lxml import etree

from watcher.errors import ConfigError, InputError
from watcher.extract.blocks import to_blocks
from watcher.extract.boilerplate import drop, remove_boilerplate
from watcher.extract.charset import decode_html
from watcher.extract.normalize import collapse, first_heading, join_blocks

__all__ = ["extract_html"]


def extract_html(
    html: bytes | str,
    *,
    select: Sequence[str] = (),
    remove: Sequence[str] = (),
    ignore: Sequence[str] = (),
    base_encoding: str | None = None,
) -> tuple[str, str]:
    """(title, text) of an HTML page; `base_encoding` is the charset the HTTP headers gave.

    Never fails on malformed markup or bad bytes; an invalid selector or ignore pattern is a
    ConfigError; a page nested too deep to parse whole, or whose text would be over
    `MAX_TEXT_CHARS`, is an InputError.
    """
    root = _parse(html, base_encoding)
    if root is None:
        return "", join_blocks((), ignore)
    title = _title(root)
    if remove:
        drop(_css(tuple(remove))(root))
    roots = _outermost(_css(tuple(select))(root)) if select else [_main(root)]
    remove_boilerplate(roots)
    blocks = to_blocks(roots)
    title = title or unicodedata.normalize("NFC", first_heading(blocks))
    return title, join_blocks(blocks, ignore)


def _parse(html: bytes | str, base_encoding: str | None) -> etree._Element | None:
    text = decode_html(html, base_encoding) if isinstance(html, bytes) else html
    # Bytes with an explicit encoding: a str would be refused if it had an XML declaration,
    # and the encoding given here overrides any contradicting <meta> inside the document.
    data = text.encode("utf-8", "replace")
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        collect_ids=False,
        default_doctype=False,
        huge_tree=True,  # 2,048 levels instead of 256 (see the module docstring)
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.LxmlError:  # "Document is empty" and the like: nothing to extract
        return None
    for error in parser.error_log.filter_from_fatals():  # libxml2 stopped reading here
        reason = error.message.partition(" use XML_PARSE_HUGE")[0].rstrip(" ,")
        raise InputError(f"the HTML parser stopped part-way ({reason}): a hostile or broken page")
    return root


@functools.lru_cache(maxsize=512)
def _css(selectors: tuple[str, ...]) -> etree.XPath:
    """One compiled XPath for the union of CSS selectors (document order, no duplicates).

    `watcher.config` checks selectors the same way (same translator and settings), so a source
    that loaded never gets a ConfigError here.
    """
    translator = cssselect.HTMLTranslator()
    paths = []
    for selector in selectors:
        try:
            path = translator.css_to_xpath(selector)
            etree.XPath(path)(etree.Element("html"))  # an unknown namespace fails only when run
        except (cssselect.SelectorError, etree.XPathError) as exc:
            raise ConfigError(f"invalid CSS selector {selector!r}: {exc}") from None
        paths.append(path)
    return etree.XPath(" | ".join(paths))


def _outermost(elements: Sequence[etree._Element]) -> list[etree._Element]:
    """Matches in document order, without those inside another match (no text twice)."""
    chosen = set(elements)
    return [el for el in elements if not any(a in chosen for a in el.iterancestors())]


@functools.lru_cache(maxsize=1)
def _role_main() -> etree.XPath:
    return etree.XPath("(//*[@role = 'main'])[1]")


def _main(root: etree._Element) -> etree._Element:
    """The page's <main> (or role="main"), else <body>: what a reader would call the page."""
    main = next((m for m in root.iter("main") if m.get("hidden") is None), None)
    if main is None:
        found = _role_main()(root)
        main = found[0] if found else root.find("body")
    return root if main is None else main


def _title(root: etree._Element) -> str:
    """The page's <title> (the fallback, the text's first `# ` heading, is the caller's)."""
    element = root.find("head/title")
    if element is None:  # a <title> the parser left in <body>, but not an SVG's
        element = next(
            (t for t in root.iter("title") if not any(a.tag == "svg" for a in t.iterancestors())),
            None,
        )
    if element is None or not element.text:
        return ""
    return unicodedata.normalize("NFC", collapse(element.text))

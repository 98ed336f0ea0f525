"""The value types of sources.yaml: durations, sizes, slugs, URLs, selectors, patterns, headers.

Each checker takes what YAML produced and either returns the clean value or raises ValueError with
a message that reads after the key's name ("interval '6x' is not a duration"), so the schema can
stay declarative and every message stays on one line.

A selector is checked the way the extract stage will use it, so that a file that loads never
fails every check later: translated to XPath by cssselect's HTMLTranslator (default settings, as
in `watcher.extract.html`), compiled and run by lxml. On top of that, selectors that cannot mean
anything on a fetched page are refused: pseudo-elements (`p::before`, which cssselect cannot
translate) and pseudo-classes about a browser's user or history (`a:hover`, `:visited`), which
translate to "never matches" or to something other than what the writer meant.
"""

from __future__ import annotations

import difflib
import math
import re
from urllib.parse import urlsplit

import cssselect
from cssselect.parser import Pseudo
from cssselect.xpath import XPathExpr
from lxml import etree

from watcher.records import DocumentKind

__all__ = [
    "as_list",
    "check_header_name",
    "check_header_value",
    "check_pattern",
    "check_selector",
    "check_slug",
    "check_text",
    "check_url",
    "duration",
    "kind",
    "parse_duration",
    "parse_size",
    "quote",
    "size",
]

_DURATION = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?[wdhms]\s*)+")
_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)([wdhms])")
_UNITS = "wdhms"
_UNIT_SECONDS = (7 * 86400.0, 86400.0, 3600.0, 60.0, 1.0)

_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([kmg]i?b|b)?", re.IGNORECASE)
_SIZE_FACTORS = (("b", 1), ("k", 1024), ("m", 1024**2), ("g", 1024**3))

_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_MAX_QUOTED = 60

# fmt: off
_BROWSER_STATES = frozenset({
    "active", "any-link", "focus", "focus-visible", "focus-within", "hover", "link",
    "local-link", "target", "target-within", "visited",
})
# fmt: on


def quote(value: object) -> str:
    """Show a config value inside a one-line message, however long or odd it is."""
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():
        text = "".join(char if char.isprintable() else _escape(char) for char in text)
    if len(text) > _MAX_QUOTED:
        text = text[: _MAX_QUOTED - 1] + "…"
    return f"'{text}'"


def _escape(char: str) -> str:
    """A control or invisible character as its escape, so the message stays one visible line."""
    return char.encode("unicode_escape").decode("ascii")


def parse_duration(text: str) -> float:
    """Seconds in a duration such as "90s", "15m", "6h", "1d", "2w" or "1h30m".

    Units go from largest to smallest, each at most once, so "30m1h" is refused as a likely typo;
    a bare number is refused too, because "30" could mean seconds or minutes.
    """
    compact = text.strip()
    if not _DURATION.fullmatch(compact):
        raise ValueError(f"{quote(text)} is not a duration")
    total = 0.0
    last_unit = -1
    for number, unit in _DURATION_PART.findall(compact):
        index = _UNITS.index(unit)
        if index <= last_unit:
            raise ValueError(f"{quote(text)} is not a duration")
        last_unit = index
        total += float(number) * _UNIT_SECONDS[index]
    if not math.isfinite(total):
        raise ValueError(f"{quote(text)} is too long a duration")
    return total


def parse_size(text: str) -> int:
    """Bytes in a size such as "512KB", "10MB", "1GiB" or "4096"; units are powers of 1024."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{quote(text)} is not a size")
    number, unit = match.groups()
    factor = dict(_SIZE_FACTORS)[(unit or "b")[0].lower()]
    size = float(number) * factor
    if not math.isfinite(size):
        raise ValueError(f"{quote(text)} is too large a size")
    return int(size)


def duration(value: object) -> float:
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            f"{quote(value)} is not a duration (add a unit: {value}s, {value}m, {value}h)"
        )
    raise ValueError(f"{quote(value)} is not a duration")


def size(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return parse_size(value)
    raise ValueError(f"{quote(value)} is not a size")


def kind(value: object) -> DocumentKind:
    names = [member.value for member in DocumentKind]
    if isinstance(value, str) and value in names:
        return DocumentKind(value)
    close = difflib.get_close_matches(str(value), names, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise ValueError(f"{quote(value)} is not one of {', '.join(names)}{hint}")


def as_list(value: object) -> object:
    """Let a single string stand for a one-item list, as in `select: main`."""
    return [value] if isinstance(value, str) else value


def check_text(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("should not be empty")
    return stripped


def check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"{quote(value)} is not a slug (lowercase letters, digits, '.', '_' and '-',"
            " starting with a letter or digit)"
        )
    return value


def check_url(value: str) -> str:
    url = value.strip()
    if not url or any(char.isspace() for char in url):
        raise ValueError(f"{quote(value)} is not a URL")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{quote(value)} is not an http(s) URL")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError:
        raise ValueError(f"{quote(value)} has an invalid port") from None
    if not parts.hostname:
        raise ValueError(f"{quote(value)} has no host")
    return url


def check_selector(value: str) -> str:
    if not value.strip():
        raise ValueError("should not be an empty selector")
    try:
        selectors = cssselect.parse(value)
    except cssselect.SelectorError as error:
        raise ValueError(f"{quote(value)} is not a valid CSS selector: {error}") from None
    for selector in selectors:
        pseudo = selector.pseudo_element
        if pseudo is not None:
            name = pseudo if isinstance(pseudo, str) else pseudo.name
            raise ValueError(
                f"{quote(value)} selects the pseudo-element ::{name}, which is not an element"
                " of the page"
            )
    try:
        xpath = etree.XPath(_PageTranslator().css_to_xpath(value))
        xpath(etree.Element("html"))  # an unknown namespace prefix only fails when run
    except _BrowserState as error:
        raise ValueError(
            f"{quote(value)} uses :{error}, which depends on a browser's user or history;"
            " a fetched page never has it"
        ) from None
    except (cssselect.SelectorError, etree.XPathError) as error:
        raise ValueError(f"{quote(value)} is not a supported CSS selector: {error}") from None
    return value


class _BrowserState(cssselect.ExpressionError):
    """A pseudo-class that a browser sets as its user acts (the error's text is its name)."""


class _PageTranslator(cssselect.HTMLTranslator):
    """The extract stage's translator, refusing pseudo-classes about a browser's state."""

    def xpath_pseudo(self, pseudo: Pseudo) -> XPathExpr:
        if pseudo.ident.lower() in _BROWSER_STATES:
            raise _BrowserState(pseudo.ident.lower())
        return super().xpath_pseudo(pseudo)


def check_pattern(value: str) -> str:
    if not value:
        raise ValueError("should not be an empty pattern")
    try:
        re.compile(value)
    except re.error as error:
        raise ValueError(f"{quote(value)} is not a valid regex: {error}") from None
    return value


def check_header_name(value: str) -> str:
    if not _TOKEN.fullmatch(value):
        raise ValueError(f"{quote(value)} is not a valid header name")
    return value


def check_header_value(value: str) -> str:
    """HTTP header values are sent as ASCII (httpx encodes them so), without control characters."""
    if any(char in value for char in "\r\n\0"):
        raise ValueError(f"value {quote(value)} contains a line break or NUL")
    for char in value:
        if not ("\x20" <= char <= "\x7e" or char == "\t"):
            kind = "a non-ASCII" if char >= "\x80" else "a control"
            raise ValueError(
                f"value {quote(value)} contains {kind} character {quote(char)};"
                " header values must be ASCII"
            )
    return value.strip(" \t")

"""Judging complete answers: bot walls against real pages, media types, HTTP errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from watcher.fetch.classify import classify_response, detect_block, status_detail
from watcher.media import not_readable_reason, sniff_media_type
from watcher.records import FetchOutcome, Headers

PAGES = Path(__file__).parent / "pages"
HTML: Headers = (("content-type", "text/html; charset=utf-8"),)


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "status", "vendor"),
    [
        ("cloudflare_challenge.html", 403, "Cloudflare"),
        ("cloudflare_challenge.html", 503, "Cloudflare"),
        ("cloudflare_block.html", 403, "Cloudflare"),
        ("akamai_denied.html", 200, "Akamai"),
        ("akamai_denied.html", 403, "Akamai"),
        ("imperva.html", 200, "Imperva"),
        ("datadome.html", 403, "DataDome"),
        ("perimeterx.html", 403, "PerimeterX"),
        ("sucuri.html", 403, "Sucuri"),
    ],
)
def test_vendor_walls_are_blocked(name: str, status: int, vendor: str) -> None:
    result = classify_response(status, HTML, page(name))

    assert result.outcome is FetchOutcome.BLOCKED
    assert result.detail.startswith(f"blocked by {vendor}")
    assert result.detail.endswith(f"(HTTP {status})")


def test_generic_captcha_page_is_blocked_even_with_200() -> None:
    result = classify_response(200, HTML, page("generic_captcha.html"))

    assert result.outcome is FetchOutcome.BLOCKED
    assert '"Are you a robot?"' in result.detail


def test_challenge_headers_block_whatever_the_body() -> None:
    cloudflare = (*HTML, ("cf-mitigated", "challenge"))
    aws = (*HTML, ("x-amzn-waf-action", "challenge"))
    body = b"<html><body>" + b"<p>text</p>" * 5000 + b"</body></html>"

    assert detect_block(403, cloudflare, body) == "blocked by Cloudflare (HTTP 403)"
    assert detect_block(202, aws, b"") == "blocked by AWS WAF (HTTP 202)"


def test_vendor_is_taken_from_headers_when_the_page_does_not_say() -> None:
    headers = (*HTML, ("server", "AkamaiGHost"))
    body = b"<html><head><title>Access denied</title></head><body>No.</body></html>"

    assert detect_block(200, headers, body) == 'blocked by Akamai: "Access denied" (HTTP 200)'


def test_long_policy_mentioning_captcha_and_access_denied_is_ok() -> None:
    body = page("policy_mentions_captcha.html")
    assert b"captcha-delivery.com" in body and b"Access denied" in body  # the traps are there

    result = classify_response(200, HTML, body)

    assert result == (FetchOutcome.OK, "", "text/html")


def test_cdn_outage_page_is_a_retryable_http_error_not_a_wall() -> None:
    result = classify_response(522, HTML, page("cloudflare_522.html"))

    assert result.outcome is FetchOutcome.HTTP_ERROR
    assert result.detail == "HTTP 522"


def test_plain_403_and_503_are_http_errors() -> None:
    forbidden = b"<html><head><title>403 Forbidden</title></head><body>nginx</body></html>"
    unavailable = b"<html><head><title>Service Unavailable</title></head></html>"

    assert classify_response(403, HTML, forbidden).detail == "HTTP 403 Forbidden"
    assert classify_response(503, HTML, unavailable).outcome is FetchOutcome.HTTP_ERROR


def test_akamai_style_reference_on_403_is_blocked_but_not_on_503() -> None:
    body = b"<html><body>An error occurred. Reference #97.1c2d3e4f.1718000000.abc</body></html>"

    assert detect_block(403, HTML, body) == "blocked by Akamai (HTTP 403)"
    assert detect_block(503, HTML, body) is None


def test_redirect_without_location_is_an_http_error() -> None:
    result = classify_response(302, HTML, b"")

    assert (result.outcome, result.detail) == (FetchOutcome.HTTP_ERROR, "HTTP 302 Found")


def test_not_modified_and_empty_bodies() -> None:
    assert classify_response(304, HTML, b"").outcome is FetchOutcome.NOT_MODIFIED
    assert classify_response(200, HTML, b"") == (FetchOutcome.NOT_HTML, "empty body", "text/html")


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=UTF-8", b"<p>hi", "text/html"),
        ("TEXT/HTML", b"<p>hi", "text/html"),
        ("application/octet-stream", b"\xef\xbb\xbf  <!DOCTYPE html><html>", "text/html"),
        (None, b"<html lang=en><p>x", "text/html"),
        ("text/plain", b"<!doctype html>\n<html>", "text/html"),
        ("text/plain", b"Plain terms.", "text/plain"),
        (None, b"Plain terms, no type.", "text/plain"),
        (None, b"\x00\x01\x02binary", "application/octet-stream"),
        (
            "application/octet-stream",
            b'<?xml version="1.0"?><html xmlns="x">',
            "application/xhtml+xml",
        ),
        ("application/octet-stream", b"<?xml version='1.0'?><rss>", "application/xml"),
        ("text/html", b"%PDF-1.7\n%\xe2\xe3", "application/pdf"),
        ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (None, b"PK\x03\x04\x14\x00", "application/zip"),
        ("application/json", b'{"a": 1}', "application/json"),
        ("text/markdown; charset=utf-8", b"# Terms", "text/markdown"),
        ("text/html", b"<htmlish", "text/html"),
    ],
)
def test_sniff_media_type(content_type: str | None, body: bytes, expected: str) -> None:
    assert sniff_media_type(content_type, body) == expected


def test_readable_types_and_reasons() -> None:
    for media_type in ("text/html", "application/xhtml+xml", "text/plain", "text/markdown"):
        assert not_readable_reason(media_type) is None
    assert not_readable_reason("application/pdf") == "PDF documents are not supported yet"
    assert not_readable_reason("image/png") == "not an HTML or text document (image/png)"


def test_pdf_served_as_html_is_not_html() -> None:
    result = classify_response(200, HTML, b"%PDF-1.4 ...")

    assert result == (
        FetchOutcome.NOT_HTML,
        "PDF documents are not supported yet",
        "application/pdf",
    )


def test_status_detail() -> None:
    assert status_detail(503) == "HTTP 503 Service Unavailable"
    assert status_detail(599) == "HTTP 599"

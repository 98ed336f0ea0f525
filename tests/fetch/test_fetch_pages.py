"""Bot walls and non-HTML bodies, served by a real local server and fetched end to end."""

from __future__ import annotations

from pathlib import Path

from fetch_server import HTML, LocalServer, Reply, SleepRecorder, fetch

from watcher.records import FetchOutcome

PAGES = Path(__file__).parent / "pages"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def test_cloudflare_challenge_403_is_blocked_and_not_retried(server: LocalServer) -> None:
    body = (PAGES / "cloudflare_challenge.html").read_bytes()
    headers = (("Content-Type", HTML), ("Server", "cloudflare"), ("cf-mitigated", "challenge"))
    server.route("/privacy", Reply(403, body, headers))
    sleep = SleepRecorder()

    fetched = fetch(server.url("/privacy"), sleep=sleep)

    assert fetched.outcome is FetchOutcome.BLOCKED and not fetched.is_transient
    assert fetched.detail == 'blocked by Cloudflare: "Just a moment..." (HTTP 403)'
    assert fetched.status == 403
    assert (fetched.attempts, sleep.calls) == (1, [])


def test_cloudflare_challenge_503_is_blocked_without_retrying(server: LocalServer) -> None:
    body = (PAGES / "cloudflare_challenge.html").read_bytes()
    server.route("/privacy", Reply(503, body))

    fetched = fetch(server.url("/privacy"))

    assert fetched.outcome is FetchOutcome.BLOCKED
    assert fetched.attempts == 1 and len(server.requests) == 1


def test_akamai_access_denied_with_200_is_blocked(server: LocalServer) -> None:
    server.route("/terms", Reply(200, (PAGES / "akamai_denied.html").read_bytes()))

    fetched = fetch(server.url("/terms"))

    assert fetched.outcome is FetchOutcome.BLOCKED and not fetched.is_success
    assert fetched.detail == 'blocked by Akamai: "Access Denied" (HTTP 200)'


def test_long_policy_mentioning_captcha_is_ok(server: LocalServer) -> None:
    body = (PAGES / "policy_mentions_captcha.html").read_bytes()
    server.route("/privacy", Reply(200, body))

    fetched = fetch(server.url("/privacy"))

    assert fetched.outcome is FetchOutcome.OK and fetched.body == body


def test_png_is_not_html(server: LocalServer) -> None:
    server.route("/logo", Reply(body=PNG, headers=(("Content-Type", "image/png"),)))

    fetched = fetch(server.url("/logo"))

    assert fetched.outcome is FetchOutcome.NOT_HTML
    assert fetched.media_type == "image/png"
    assert fetched.detail == "not an HTML or text document (image/png)"


def test_pdf_is_not_html_yet_and_keeps_its_body(server: LocalServer) -> None:
    pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
    server.route("/dpa.pdf", Reply(body=pdf, headers=(("Content-Type", "application/pdf"),)))

    fetched = fetch(server.url("/dpa.pdf"))

    assert fetched.outcome is FetchOutcome.NOT_HTML
    assert fetched.detail == "PDF documents are not supported yet"
    assert (fetched.media_type, fetched.body) == ("application/pdf", pdf)


def test_html_served_as_octet_stream_is_sniffed_as_html(server: LocalServer) -> None:
    body = b"<!DOCTYPE html><html><head><title>Terms</title></head><body>Terms.</body></html>"
    server.route(
        "/terms", Reply(body=body, headers=(("Content-Type", "application/octet-stream"),))
    )

    fetched = fetch(server.url("/terms"))

    assert fetched.outcome is FetchOutcome.OK
    assert fetched.media_type == "text/html"
    assert fetched.header("content-type") == "application/octet-stream"

"""The benchmark page server, run as the separate process the benchmark starts."""

from __future__ import annotations

import difflib
import re
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

SERVER = Path(__file__).resolve().parents[2] / "bench" / "server.py"
PAGES = 5

StartServer = Callable[..., str]


@pytest.fixture
def start_server() -> Iterator[StartServer]:
    """Start `bench/server.py --pages 5` with extra args; returns its base URL."""
    processes: list[subprocess.Popen[str]] = []

    def start(*args: str) -> str:
        process = subprocess.Popen(
            [sys.executable, str(SERVER), "--pages", str(PAGES), "--port", "0", *args],
            stdout=subprocess.PIPE,
            text=True,
        )
        processes.append(process)
        assert process.stdout is not None
        port = int(process.stdout.readline())
        return f"http://127.0.0.1:{port}"

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
        assert process.stdout is not None
        process.stdout.close()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


def _pages(client: httpx.Client, base: str) -> list[str]:
    return [client.get(f"{base}/p/{index}").text for index in range(PAGES)]


def _article_lines(page: str) -> list[str]:
    match = re.search(r"<article>(.*)</article>", page, re.S)
    assert match is not None
    return match.group(1).strip().splitlines()


def test_page_is_a_20kb_html_policy(start_server: StartServer, client: httpx.Client) -> None:
    response = client.get(f"{start_server()}/p/0")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert int(response.headers["content-length"]) == len(response.content)
    assert 10_000 < len(response.content) < 30_000
    assert "etag" not in response.headers
    text = response.text
    assert text.startswith("<!DOCTYPE html>")
    for part in ("<title>", "<style>", "<script>", "<nav", "cookie-banner", "<main", "<footer"):
        assert part in text
    blocks = [line for line in _article_lines(text) if re.match(r"<(h2|h3|p|ul)>", line)]
    assert 40 <= len(blocks) <= 60


def test_pages_are_deterministic_across_restarts(
    start_server: StartServer, client: httpx.Client
) -> None:
    first = _pages(client, start_server())
    again = _pages(client, start_server())
    assert first == again
    assert len(set(first)) == PAGES


def test_generation_switch_rewrites_a_few_blocks_of_every_page(
    start_server: StartServer, client: httpx.Client
) -> None:
    base = start_server()
    before = _pages(client, base)
    assert client.post(f"{base}/_generation/2").status_code == 200
    after = _pages(client, base)
    for old, new in zip(before, after, strict=True):
        assert old != new
        matcher = difflib.SequenceMatcher(a=_article_lines(old), b=_article_lines(new))
        edits = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        assert 1 <= len(edits) <= 10
        assert matcher.ratio() > 0.8
    assert client.post(f"{base}/_generation/1").status_code == 200
    assert _pages(client, base) == before
    assert client.get(f"{base}/_stats").json()["generation"] == 1


def test_etag_answers_304_only_on_a_match(start_server: StartServer, client: httpx.Client) -> None:
    base = start_server("--etag")
    response = client.get(f"{base}/p/1")
    etag = response.headers["etag"]
    assert etag.startswith('"')

    same = client.get(f"{base}/p/1", headers={"If-None-Match": etag})
    assert (same.status_code, same.content, same.headers["etag"]) == (304, b"", etag)
    other = client.get(f"{base}/p/1", headers={"If-None-Match": '"stale"'})
    assert (other.status_code, other.content) == (200, response.content)

    client.post(f"{base}/_generation/2")
    changed = client.get(f"{base}/p/1", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag

    client.post(f"{base}/_etag/off")
    plain = client.get(f"{base}/p/1", headers={"If-None-Match": changed.headers["etag"]})
    assert plain.status_code == 200
    assert "etag" not in plain.headers
    stats = client.get(f"{base}/_stats").json()
    assert (stats["etag"], stats["not_modified"], stats["ok"]) == (False, 1, 4)


@pytest.mark.parametrize("path", ["/nope", f"/p/{PAGES}", "/p/abc", "/p/"])
def test_unknown_path_is_404(start_server: StartServer, client: httpx.Client, path: str) -> None:
    assert client.get(start_server() + path).status_code == 404


def test_bad_generation_is_400(start_server: StartServer, client: httpx.Client) -> None:
    base = start_server()
    assert client.post(f"{base}/_generation/0").status_code == 400
    assert client.post(f"{base}/_generation/x").status_code == 400


def test_pipelined_requests_on_one_connection(start_server: StartServer) -> None:
    port = int(start_server().rsplit(":", 1)[1])
    request = b"GET /p/%d HTTP/1.1\r\nHost: bench\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request % 2 + request % 3 + b"GET /p/4 HTTP/1.1\r\nConnection: close\r\n\r\n")
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert received.count(b"HTTP/1.1 200 OK\r\n") == 3
    assert received.count(b"</html>") == 3


def test_sigterm_stops_the_server_cleanly() -> None:
    process = subprocess.Popen(
        [sys.executable, str(SERVER), "--pages", "1", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    with process.stdout:
        assert int(process.stdout.readline()) > 0
        process.terminate()
        assert process.wait(timeout=10) == 0

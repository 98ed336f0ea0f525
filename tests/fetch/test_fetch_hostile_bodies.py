"""Hostile bodies are classified in linear time, and the visible-text measure still reads pages.

The timing test runs the classifier in a child process with a timeout, so a regression shows
as a killed child naming the shape it hung on, never as a flaky wall-clock assertion.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from watcher.fetch.classify import classify_response, detect_block
from watcher.records import FetchOutcome, Headers

HTML: Headers = (("content-type", "text/html; charset=utf-8"),)
ROOT = Path(__file__).resolve().parents[2]

_CHILD = textwrap.dedent(
    """
    import sys
    from watcher.fetch.classify import classify_response

    WALL = b"<title>Just a moment...</title>"
    HTML = (("content-type", "text/html"),)

    def shapes(n):
        yield "unclosed script", WALL + b"<script>" * (n // 8)
        yield "unclosed style", WALL + b"<style>" * (n // 7)
        yield "unclosed comments", WALL + b"<!--" * (n // 4)
        yield "near-miss closers", WALL + b"<script>" + b"</scrip" * (n // 7)
        yield "many < without >", WALL + b"<" * n
        yield "many <a without >", WALL + b"<a " * (n // 3)
        yield "long open attribute", WALL + b'<a href="' + b"x" * n
        yield "long closed attribute", WALL + b'<div title="' + b"x" * n + b'">Wait</div>'
        yield "entity without ;", WALL + b"&" + b"a" * n
        yield "many &#", WALL + b"&#" * (n // 2)
        yield "many <title", b"<title" * (n // 6)
        yield "unclosed title", b"<title>" + b"x" * n

    # Just under the 256 KB cap, where the whole body is measured; then 1 MB, over it.
    for n in (250_000, 1_000_000):
        for name, body in shapes(n):
            for status in (200, 403):
                print(n, status, name, flush=True, end=" = ")
                print(classify_response(status, HTML, body).outcome.value, flush=True)
    """
)


def test_pathological_bodies_are_classified_in_linear_time() -> None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,  # linear: ~0.2 s in all; the quadratic regexes took 18 s per shape
            check=True,
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        pytest.fail(f"classification hung on: {output.splitlines()[-1:]}")

    results = dict(line.split(" = ") for line in done.stdout.splitlines())
    assert len(results) == 2 * 2 * 12
    # Unclosed invisible spans hide the rest, as in a browser: a small wall, blocked.
    for name in ("unclosed script", "unclosed style", "unclosed comments", "near-miss closers"):
        assert results[f"250000 403 {name}"] == "blocked", name
    # 250 KB of `<` is text a browser shows: far too much for a wall.
    assert results["250000 403 many < without >"] == "http_error"
    # Over the cap nothing is measured: a long 403 is a plain HTTP error.
    assert {v for k, v in results.items() if k.startswith("1000000 403")} == {"http_error"}


def _wall(middle: bytes) -> bytes:
    return b"<html><head><title>Just a moment...</title>" + middle + b"</html>"


def test_a_wall_with_a_big_inline_script_is_still_a_wall() -> None:
    script = b"<script>" + b"var x = '<p>not text</p>';\n" * 8_000 + b"</script >"

    assert len(script) > 200_000
    assert detect_block(403, HTML, _wall(script + b"<p>Checking your browser.</p>")) is not None


def test_a_policy_behind_long_inline_scripts_is_measured_whole() -> None:
    """Its first 16 KB show no text at all; only a whole-body measure sees it is a page."""
    scripts = b"<script>" + b"x" * 20_000 + b"</script>"
    policy = b"".join(b"<p>Clause %d: we keep your data for 30 days.</p>" % i for i in range(100))

    assert classify_response(200, HTML, _wall(scripts + policy)).outcome is FetchOutcome.OK


@pytest.mark.parametrize(
    ("hidden", "blocked"),
    [
        (b"<!-- " + b"comment " * 1000 + b"-->", True),
        (b"<style>" + b"p{}" * 1000 + b"</STYLE>", True),
        (b"<noscript>" + b"Enable JS " * 1000, True),  # unclosed: hides the rest
        (b"<p>" + b"&nbsp; &#8203; " * 1000 + b"</p>", True),  # entities and spaces are not text
        (b"<p>" + b"visible " * 1000 + b"</p>", False),
    ],
)
def test_only_visible_text_counts_towards_a_small_page(hidden: bytes, blocked: bool) -> None:
    assert (detect_block(403, HTML, _wall(hidden)) is not None) is blocked

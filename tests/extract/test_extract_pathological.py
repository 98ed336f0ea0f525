"""Inputs built to make regexes backtrack finish in linear time (each in a child with a timeout).

A super-linear pattern takes tens of seconds to minutes on these 100 KB lines; linear ones take
milliseconds. A child process is the only way to stop a regex that runs away (the `re` engine
holds the GIL), and the timeout is many times what a linear run needs, so the test does not
measure speed, it catches runaways.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import watcher

LINE = 100_000
TIMEOUT_S = 5.0
ROOT = Path(watcher.__file__).resolve().parents[1]

_CHILD = """
import sys
from watcher.errors import InputError
from watcher.extract import extract_html, normalize_markdown

text = sys.stdin.buffer.read().decode("utf-8")
try:
    normalize_markdown(text) if sys.argv[1] == "markdown" else extract_html(text)
except InputError:
    pass  # refusing a hostile document is a fine answer too
"""

MARKDOWN_LINES = {
    "strong without closers": "**a " * (LINE // 4),
    "underscore strong without closers": "__a " * (LINE // 4),
    "emphasis without closers": "*a " * (LINE // 3),
    "underscore emphasis without closers": "_a " * (LINE // 3),
    "strikethrough without closers": "~~a " * (LINE // 4),
    "backticks": "`" * LINE,
    "code spans of many lengths": "".join("`" * n + "a" for n in range(1, 440)),
    "open brackets": "[" * LINE,
    "links without closing parenthesis": "[a](" * (LINE // 4),
    "images without closers": "![" * (LINE // 2),
    "comments without closers": "<!--" * (LINE // 4),
    "autolinks without closers": "<http:" * (LINE // 6),
    "tags without closers": "<a " * (LINE // 3),
    "heading with spaces inside": "# " + " " * LINE + "x",
    "heading with hashes inside": "# " + "a #" * (LINE // 3) + "x",
    "long line without underline": "a " * (LINE // 2),
    "thematic break gone wrong": "- " * (LINE // 2) + "x",
    "table rule gone wrong": "|" + "-|" * (LINE // 2) + "x",
}
ONE_MB_BODY = "\n".join(MARKDOWN_LINES.values())
ONE_MB_BODY = (ONE_MB_BODY + "\n\n") * (1_000_000 // len(ONE_MB_BODY) + 1)

CASES = [
    *(pytest.param("markdown", text, id=name) for name, text in MARKDOWN_LINES.items()),
    pytest.param("markdown", ONE_MB_BODY, id="1 MB markdown body of all of these"),
    pytest.param("html", "<meta " * (8192 // 6) + "<p>x</p>" * 1000, id="meta tags no closers"),
    pytest.param("html", "<p>" + "<b>" * (LINE // 3), id="unclosed inline tags"),
]


@pytest.mark.parametrize(("reader", "text"), CASES)
def test_pathological_input_finishes(reader: str, text: str) -> None:
    try:
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, reader],
            input=text.encode("utf-8"),
            capture_output=True,
            cwd=ROOT,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        child = None
    if child is None:
        pytest.fail(f"still running after {TIMEOUT_S} s: a pattern is super-linear")
    assert child.returncode == 0, child.stderr.decode()

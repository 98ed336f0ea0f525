"""Milliseconds per page for `watcher.extract` on ~20 KB policy-like pages (timing, not a test).

Two pages: the benchmark's own generated page (bench/pages.py: long paragraphs, light markup) and
a markup-heavy one shaped like a modern vendor site (utility classes on every element, nested
wrappers, inline links and emphasis, a table, a OneTrust banner, JSON-LD and scripts).

    .venv/bin/python bench/extract_timing.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import build_page, render_page

from watcher.extract import extract, extract_html
from watcher.records import Fetched, FetchOutcome, Source


def heavy_page(paragraphs: int = 30) -> str:
    """A markup-heavy page: most bytes are tags and attributes, as on real vendor sites."""
    cls = 'class="mt-4 text-base leading-7 text-slate-700 dark:text-slate-300"'
    sections = []
    for i in range(paragraphs):
        sections.append(
            f'<section id="s{i}" class="scroll-mt-24"><div class="prose max-w-none">'
            f'<h2 class="text-2xl font-semibold">{i + 1}. How we use <em>your</em> data</h2>'
            f"<p {cls}>We <strong>may</strong> use <a href='/x?utm_source=p{i}' "
            f"class='underline'>information</a> you provide to operate&nbsp;the service, "
            f"<span class='whitespace-nowrap'>including</span> content &amp; files.</p>"
            f'<ul class="list-disc pl-6"><li {cls}><span>Account data</span></li>'
            f"<li {cls}><span>Usage data</span> and <a href='#'>logs</a></li></ul>"
            f"</div></section>"
        )
    table = "".join(
        f"<tr class='border-b'><td class='p-2'>Vendor {i}</td><td class='p-2'>Hosting</td>"
        f"<td class='p-2'>US</td></tr>"
        for i in range(15)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Privacy Policy</title>'
        '<script type="application/ld+json">{"@type":"WebPage","name":"Privacy"}</script>'
        "<style>body{font-family:sans-serif}</style></head><body>"
        '<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk"><p>We use cookies.</p>'
        "<button>Accept</button></div></div>"
        '<header class="sticky top-0"><nav><ul>'
        + "".join(f"<li><a href='/p{i}'>Item {i}</a></li>" for i in range(12))
        + "</ul></nav></header><main id='content'><article><h1>Privacy Policy</h1>"
        + "".join(sections)
        + f"<table><thead><tr><th>Name</th><th>Purpose</th><th>Region</th></tr></thead>"
        f"<tbody>{table}</tbody></table></article></main>"
        "<footer><p>&copy; 2024 Example</p></footer><script>var x = 1;</script></body></html>"
    )


def _time(label: str, body: bytes, repeat: int) -> None:
    source = Source(id="bench", vendor="Bench", title="Privacy", url="https://example.com/")
    fetched = Fetched(
        source_id="bench",
        url=source.url,
        final_url=source.url,
        status=200,
        headers=(("content-type", "text/html; charset=utf-8"),),
        body=body,
        media_type="text/html",
        fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
        elapsed_s=0.0,
        outcome=FetchOutcome.OK,
    )
    for _ in range(50):
        extract(fetched, source)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            document = extract(fetched, source)
        best = min(best, (time.perf_counter() - start) / repeat)
    _, text = extract_html(body)
    print(
        f"{label:10s} {len(body) / 1024:5.1f} KB html -> {len(text) / 1024:5.1f} KB text, "
        f"{len(document.text.split(chr(10) + chr(10)))} blocks: {best * 1000:.3f} ms/page"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    _time("bench page", render_page(build_page(3)).encode(), args.repeat)
    _time("heavy page", heavy_page().encode(), args.repeat)


if __name__ == "__main__":
    main()

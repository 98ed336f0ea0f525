"""The bundled demo site: its manifest, its server, and the story its page versions tell."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import lxml.html
import pytest

from watcher.demo.server import DemoServer
from watcher.demo.site import DemoPage, DemoSite, load_site
from watcher.errors import ConfigError
from watcher.records import DocumentKind, Source


@pytest.fixture(scope="module")
def site() -> DemoSite:
    return load_site()


@pytest.fixture
def server(site: DemoSite) -> Iterator[DemoServer]:
    with DemoServer(site) as running:
        yield running


def get(
    server: DemoServer, path: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    host, port = server.base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def main_blocks(html: bytes, ignore: tuple[str, ...]) -> list[str]:
    """The readable blocks of <main>, whitespace-collapsed, minus lines the source ignores."""
    main = lxml.html.fromstring(html).find(".//main")
    assert main is not None
    for noise in main.xpath(".//script | .//style | .//noscript"):
        noise.drop_tree()
    blocks = []
    for element in main.iter("h1", "h2", "h3", "p", "li"):
        text = " ".join(element.text_content().split())
        for pattern in ignore:  # as the extractor applies them: each match deleted per block
            text = re.sub(pattern, "", text).strip()
        if text:
            blocks.append(text)
    return blocks


# --- manifest ---------------------------------------------------------------------------------


def test_site_is_package_data() -> None:
    root = files("watcher.demo") / "site"
    assert (root / "site.yaml").is_file()
    assert (root / "acme" / "privacy" / "v1.html").is_file()


def test_manifest_has_three_vendors_with_two_pages_and_five_steps(site: DemoSite) -> None:
    vendors = {page.vendor for page in site.pages}
    assert len(vendors) >= 3
    for vendor in vendors:
        kinds = {page.kind for page in site.pages if page.vendor == vendor}
        assert kinds == {DocumentKind.PRIVACY_POLICY, DocumentKind.AI_MARKETING}, vendor
    assert site.step_count >= 5
    for page in site.pages:
        assert [step.number for step in page.steps] == list(range(1, site.step_count + 1))
        assert all(step.note for step in page.steps)


def test_every_referenced_file_is_a_full_html_page(site: DemoSite) -> None:
    for page in site.pages:
        for step in page.steps:
            body = site.body(page, step.number)
            assert 3_000 < len(body) < 12_000, step.file
            tree = lxml.html.fromstring(body)
            assert body.startswith(b"<!DOCTYPE html>"), step.file
            assert tree.findtext(".//title"), step.file
            for path in (
                ".//head/style",
                ".//head/script",
                ".//header//nav",
                ".//main//h1",
                ".//footer",
                ".//div[@id='onetrust-consent-sdk']",
            ):
                assert tree.find(path) is not None, (step.file, path)


def test_sources_are_records_pointing_at_the_server(site: DemoSite) -> None:
    sources = site.sources("http://127.0.0.1:8123/")
    assert len(sources) == len(site.pages)
    assert len({source.id for source in sources}) == len(sources)
    acme = next(s for s in sources if s.id == "acme-privacy")
    assert isinstance(acme, Source)
    assert acme.url == "http://127.0.0.1:8123/acme/privacy"
    assert acme.kind is DocumentKind.PRIVACY_POLICY
    assert acme.interval_s == 6 * 3600
    assert acme.tags == ("acme-chat", "demo")
    assert acme.ignore == ("^Last updated:.*",)
    assert acme.select == ()  # the extractor removes page chrome by itself


def write_site(tmp_path: Path, page_yaml: str, files_: tuple[str, ...] = ("a/v1.html",)) -> Path:
    for name in files_:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    (tmp_path / "site.yaml").write_text("pages:\n" + page_yaml, encoding="utf-8")
    return tmp_path


PAGE = """  - source: a-privacy
    vendor: A
    title: Privacy
    kind: {kind}
    path: /a
    {extra}
    steps:
      - {{file: {file}, note: baseline}}
"""


@pytest.mark.parametrize(
    ("kind", "file", "extra", "message"),
    [
        ("privacy_policy", "a/v9.html", "", "'a-privacy': step 1: no file 'a/v9.html'"),
        ("privacy_policy", "../v1.html", "", "step 1: file '../v1.html' must be a plain"),
        ("policy", "a/v1.html", "", "pages.0.kind: Input should be"),
        ("privacy_policy", "a/v1.html", "colour: red", "pages.0.colour: Extra inputs"),
        ("privacy_policy", "a/v1.html", "ignore: ['(']", "'a-privacy': bad ignore pattern '('"),
    ],
)
def test_bad_manifest_is_one_line_naming_the_problem(
    tmp_path: Path, kind: str, file: str, extra: str, message: str
) -> None:
    root = write_site(tmp_path, PAGE.format(kind=kind, file=file, extra=extra))
    with pytest.raises(ConfigError, match=re.escape(message)) as raised:
        load_site(root)
    assert "\n" not in str(raised.value)
    assert str(root / "site.yaml") in str(raised.value)


def test_pages_must_have_the_same_number_of_steps(tmp_path: Path) -> None:
    one = PAGE.format(kind="ai_marketing", file="a/v1.html", extra="")
    two = (
        one.replace("a-privacy", "b-ai").replace("/a\n", "/b\n")
        + "      - {file: a/v1.html, note: same}\n"
    )
    with pytest.raises(ConfigError, match="'b-ai' has 2 steps, page 'a-privacy' has 1"):
        load_site(write_site(tmp_path, one + two))


# --- server -----------------------------------------------------------------------------------


def test_server_serves_each_steps_bytes_with_an_etag(site: DemoSite, server: DemoServer) -> None:
    page = site.page("acme-privacy")
    seen = set()
    for step in range(1, site.step_count + 1):
        server.step = step
        status, headers, body = get(server, page.path)
        assert status == 200
        assert body == site.body(page, step)
        assert headers["content-type"] == "text/html; charset=utf-8"
        seen.add(headers["etag"])
        assert get(server, page.path + "?utm_source=demo")[2] == body
        status, head_headers, head_body = get(server, page.path, method="HEAD")
        assert (status, head_body, head_headers["etag"]) == (200, b"", headers["etag"])
        assert head_headers["content-length"] == str(len(body))
    assert len(seen) == len({step.file for step in page.steps})


def test_matching_etag_gets_304_and_a_stale_one_gets_the_page(
    site: DemoSite, server: DemoServer
) -> None:
    page = site.page("northwind-privacy")
    etag = get(server, page.path)[1]["etag"]
    status, headers, body = get(server, page.path, {"If-None-Match": f'"other", W/{etag}'})
    assert (status, headers["etag"], body) == (304, etag, b"")
    server.step = 3
    status, headers, body = get(server, page.path, {"If-None-Match": etag})
    assert status == 200
    assert headers["etag"] != etag
    assert body == site.body(page, 3)


def test_unknown_path_is_404(server: DemoServer) -> None:
    assert get(server, "/nowhere")[0] == 404
    assert get(server, "/acme/privacy/")[0] == 404


def test_step_outside_the_site_is_refused(site: DemoSite, server: DemoServer) -> None:
    for bad in (0, site.step_count + 1):
        with pytest.raises(ValueError, match="demo step must be"):
            server.step = bad
    assert server.step == 1


def test_server_writes_nothing_to_stderr(site: DemoSite, capfd: pytest.CaptureFixture[str]) -> None:
    with DemoServer(site) as running:
        get(running, "/acme/ai")
        get(running, "/missing")
    running.close()
    assert capfd.readouterr().err == ""


# --- the story --------------------------------------------------------------------------------


def story(site: DemoSite, page: DemoPage) -> Iterator[tuple[int, str]]:
    """Each step after the first as "same", "noise" (bytes differ, main text does not) or "text"."""
    for step in page.steps[1:]:
        before = site.body(page, step.number - 1)
        after = site.body(page, step.number)
        if before == after:
            yield step.number, "same"
        elif main_blocks(before, page.ignore) == main_blocks(after, page.ignore):
            yield step.number, "noise"
        else:
            yield step.number, "text"


@pytest.mark.parametrize("source_id", [page.source_id for page in load_site().pages])
def test_each_page_has_noise_only_and_meaningful_steps(site: DemoSite, source_id: str) -> None:
    page = site.page(source_id)
    kinds = dict(story(site, page))
    assert "noise" in kinds.values()
    assert "text" in kinds.values()
    for number, kind in kinds.items():
        note = page.step(number).note
        expected = (
            "noise"
            if note.startswith("cosmetic")
            else "same"
            if note.startswith("unchanged")
            else "text"
        )
        assert kind == expected, f"{source_id} step {number}: {note!r} but the page shows {kind}"


def test_noise_steps_vary_what_is_outside_main(site: DemoSite) -> None:
    """Together the cosmetic steps change the date, nav, promo, cookie banner, scripts, markup."""
    changed: set[str] = set()
    probes = {
        "nav": ".//header//nav",
        "promo": ".//div[@class='promo-banner']",
        "cookie": ".//div[@id='onetrust-consent-sdk']",
        "script": ".//head/script",
    }
    for page in site.pages:
        for number, kind in story(site, page):
            if kind != "noise":
                continue
            old = lxml.html.fromstring(site.body(page, number - 1))
            new = lxml.html.fromstring(site.body(page, number))
            for name, path in probes.items():
                if lxml.html.tostring(old.find(path)) != lxml.html.tostring(new.find(path)):
                    changed.add(name)
            same_text = main_blocks(site.body(page, number - 1), ()) == main_blocks(
                site.body(page, number), ()
            )
            changed.add("markup" if same_text else "date")
    assert changed == {"nav", "promo", "cookie", "script", "date", "markup"}

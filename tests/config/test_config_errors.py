"""Every kind of bad sources.yaml gives one line per problem: `path:line: context: problem`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from watcher.config import load_config
from watcher.config.problems import Problem, summarize
from watcher.errors import ConfigError

GOOD = """\
  - id: acme-terms
    vendor: Acme
    title: Terms
    url: https://acme.example/terms
"""


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    assert "\n" not in message
    return message


def error_for(tmp_path: Path, text: str) -> str:
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return error_of(path).replace(str(path), "sources.yaml")


CASES = [
    (
        "bad duration",
        """\
        sources:
          - id: slack-privacy
            vendor: Slack
            title: Privacy
            url: https://slack.example/privacy
            interval: 6x
        """,
        "sources.yaml:6: source 'slack-privacy': interval '6x' is not a duration",
    ),
    (
        "duration without a unit",
        "fetch:\n  timeout: 30\nsources: []\n",
        "sources.yaml:2: fetch: timeout '30' is not a duration (add a unit: 30s, 30m, 30h)",
    ),
    (
        "zero interval",
        "defaults:\n  interval: 0s\nsources: []\n",
        "sources.yaml:2: defaults: interval should be greater than 0",
    ),
    (
        "unknown source key",
        """\
        sources:
          - id: acme-terms
            vendor: Acme
            title: Terms
            url: https://acme.example/terms
            intervall: 6h
        """,
        "sources.yaml:6: source 'acme-terms': unknown key 'intervall' (did you mean 'interval'?)",
    ),
    (
        "misspelt required key is not also reported missing",
        """\
        sources:
          - id: acme-terms
            vendor: Acme
            title: Terms
            urll: https://acme.example/terms
        """,
        "sources.yaml:5: source 'acme-terms': unknown key 'urll' (did you mean 'url'?)",
    ),
    (
        "unknown top-level key",
        "snapshot: snaps\nsources: []\n",
        "sources.yaml:1: unknown key 'snapshot' (did you mean 'snapshots'?)",
    ),
    (
        "unknown fetch key, no close match",
        "fetch:\n  proxy: http://proxy.example\nsources: []\n",
        "sources.yaml:2: fetch: unknown key 'proxy'",
    ),
    (
        "source-only key in defaults",
        "defaults:\n  kind: terms\nsources: []\n",
        "sources.yaml:2: defaults: unknown key 'kind'",
    ),
    (
        "duplicate source id",
        "sources:\n" + GOOD + GOOD,
        "sources.yaml:6: duplicate source id 'acme-terms' (first at line 2)",
    ),
    (
        "duplicate key in one mapping",
        "sources:\n" + GOOD + "    interval: 6h\n    interval: 12h\n",
        "sources.yaml:7: source 'acme-terms': duplicate key 'interval' (first at line 6)",
    ),
    (
        "missing required key points at the source",
        "sources:\n" + GOOD + "  - id: acme-privacy\n    vendor: Acme\n    title: Privacy\n",
        "sources.yaml:6: source 'acme-privacy': missing required key 'url'",
    ),
    (
        "source without an id is named by position",
        "sources:\n" + GOOD + "  - vendor: Acme\n    title: Privacy\n    url: https://a.example/\n",
        "sources.yaml:6: source #2: missing required key 'id'",
    ),
    (
        "missing sources list",
        "snapshots: snaps\n",
        "sources.yaml:1: missing required key 'sources'",
    ),
    (
        "url is not http(s)",
        "sources:\n  - {id: a, vendor: A, title: T, url: 'ftp://acme.example/terms'}\n",
        "sources.yaml:2: source 'a': url 'ftp://acme.example/terms' is not an http(s) URL",
    ),
    (
        "url has no host",
        "sources:\n  - {id: a, vendor: A, title: T, url: 'https:///terms'}\n",
        "sources.yaml:2: source 'a': url 'https:///terms' has no host",
    ),
    (
        "url is relative",
        "sources:\n  - {id: a, vendor: A, title: T, url: /terms}\n",
        "sources.yaml:2: source 'a': url '/terms' is not an http(s) URL",
    ),
    (
        "url has a bad port",
        "sources:\n  - {id: a, vendor: A, title: T, url: 'https://a.example:99999/'}\n",
        "sources.yaml:2: source 'a': url 'https://a.example:99999/' has an invalid port",
    ),
    (
        "id is not a slug",
        "sources:\n  - {id: Acme Terms, vendor: A, title: T, url: 'https://a.example/'}\n",
        "sources.yaml:2: source 'Acme Terms': id 'Acme Terms' is not a slug (lowercase letters,"
        " digits, '.', '_' and '-', starting with a letter or digit)",
    ),
    (
        "empty vendor",
        "sources:\n  - {id: a, vendor: ' ', title: T, url: 'https://a.example/'}\n",
        "sources.yaml:2: source 'a': vendor should not be empty",
    ),
    (
        "unknown kind",
        "sources:\n" + GOOD + "    kind: privacy\n",
        "sources.yaml:6: source 'acme-terms': kind 'privacy' is not one of privacy_policy, terms,"
        " ai_policy, ai_marketing, subprocessors, other (did you mean 'privacy_policy'?)",
    ),
    (
        "invalid CSS selector, pointing at the list item",
        "sources:\n" + GOOD + "    remove:\n      - aside\n      - 'div['\n",
        "sources.yaml:8: source 'acme-terms': remove 'div[' is not a valid CSS selector:"
        " Expected ident or '*', got <EOF at 4>",
    ),
    (
        "invalid regex",
        "sources:\n" + GOOD + "    ignore: ['Updated (']\n",
        "sources.yaml:6: source 'acme-terms': ignore 'Updated (' is not a valid regex:"
        " missing ), unterminated subpattern at position 8",
    ),
    (
        "invalid header name",
        "sources:\n" + GOOD + "    headers:\n      Bad Name: x\n",
        "sources.yaml:7: source 'acme-terms': headers 'Bad Name' is not a valid header name",
    ),
    (
        "selector with a pseudo-element",
        "sources:\n" + GOOD + "    select: 'p::before'\n",
        "sources.yaml:6: source 'acme-terms': select 'p::before' selects the pseudo-element"
        " ::before, which is not an element of the page",
    ),
    (
        "selector with a legacy one-colon pseudo-element",
        "defaults:\n  remove: ['nav', 'p:first-line']\nsources: []\n",
        "sources.yaml:2: defaults: remove 'p:first-line' selects the pseudo-element ::first-line,"
        " which is not an element of the page",
    ),
    (
        "selector with a browser-state pseudo-class",
        "sources:\n" + GOOD + "    remove:\n      - 'a:hover'\n",
        "sources.yaml:7: source 'acme-terms': remove 'a:hover' uses :hover, which depends on a"
        " browser's user or history; a fetched page never has it",
    ),
    (
        "browser-state pseudo-class inside :not()",
        "sources:\n" + GOOD + "    select: 'main :not(a:VISITED)'\n",
        "sources.yaml:6: source 'acme-terms': select 'main :not(a:VISITED)' uses :visited, which"
        " depends on a browser's user or history; a fetched page never has it",
    ),
    (
        "selector cssselect cannot translate",
        "sources:\n" + GOOD + "    select: 'p:first-letter-of-page'\n",
        "sources.yaml:6: source 'acme-terms': select 'p:first-letter-of-page' is not a supported"
        " CSS selector: The pseudo-class :first-letter-of-page is unknown",
    ),
    (
        "selector with a namespace prefix fails only when run",
        "sources:\n" + GOOD + "    select: 'svg|title'\n",
        "sources.yaml:6: source 'acme-terms': select 'svg|title' is not a supported CSS"
        " selector: Undefined namespace prefix",
    ),
    (
        "non-ASCII header value",
        "sources:\n" + GOOD + "    headers: {X-Note: café}\n",
        "sources.yaml:6: source 'acme-terms': headers value 'café' contains a non-ASCII"
        " character 'é'; header values must be ASCII",
    ),
    (
        "header value with a control character",
        'defaults:\n  headers:\n    X-Note: "a\\x01b"\nsources: []\n',
        "sources.yaml:3: defaults: headers value 'a\\x01b' contains a control character"
        " '\\x01'; header values must be ASCII",
    ),
    (
        "non-ASCII user agent",
        "fetch:\n  user_agent: PolicyBot/1.0 (+zoë@example.org)\nsources: []\n",
        "sources.yaml:2: fetch: user_agent value 'PolicyBot/1.0 (+zoë@example.org)' contains"
        " a non-ASCII character 'ë'; header values must be ASCII",
    ),
    (
        "header value with a line break",
        "sources:\n" + GOOD + '    headers: {X-A: "a\\r\\nX-B: b"}\n',
        "sources.yaml:6: source 'acme-terms': headers value 'a\\r\\nX-B: b'"
        " contains a line break or NUL",
    ),
    (
        "wrong type for a list",
        "sources:\n" + GOOD + "    tags: {ai: yes}\n",
        "sources.yaml:6: source 'acme-terms': tags should be a list, not a mapping",
    ),
    (
        "wrong type for a number",
        "broken_after: often\nsources: []\n",
        "sources.yaml:1: broken_after should be a whole number, not 'often'",
    ),
    (
        "number out of range",
        "fetch:\n  retries: -1\nsources: []\n",
        "sources.yaml:2: fetch: retries should be greater than or equal to 0",
    ),
    (
        "bad size",
        "fetch:\n  max_body: 10XB\nsources: []\n",
        "sources.yaml:2: fetch: max_body '10XB' is not a size",
    ),
    (
        "a source that is not a mapping",
        "sources:\n  - acme-terms\n",
        "sources.yaml:2: source #1: should be a mapping, not 'acme-terms'",
    ),
    (
        "sources is not a list",
        "sources: acme-terms\n",
        "sources.yaml:1: sources should be a list, not 'acme-terms'",
    ),
    (
        "YAML syntax error",
        "sources:\n  - id: a\n   vendor: x\n",
        "sources.yaml:3: invalid YAML: expected <block end>, but found '<block mapping start>'"
        " (while parsing a block collection at line 2)",
    ),
    (
        "unterminated quote",
        "sources:\n  - id: 'acme\n",
        "sources.yaml:3: invalid YAML: found unexpected end of stream"
        " (while scanning a quoted scalar at line 2)",
    ),
    (
        "tab indentation",
        "sources:\n\t- id: a\n",
        "sources.yaml:2: invalid YAML: found character '\\t' that cannot start any token",
    ),
    (
        "two documents",
        "sources: []\n---\nsources: []\n",
        "sources.yaml:2: invalid YAML: but found another document"
        " (expected a single document in the stream at line 1)",
    ),
    (
        "empty file",
        "",
        "sources.yaml:1: the file is empty; expected a mapping with a 'sources' list",
    ),
    (
        "only comments",
        "# nothing here\n",
        "sources.yaml:1: the file is empty; expected a mapping with a 'sources' list",
    ),
    (
        "a list instead of a mapping",
        "\n- id: acme-terms\n",
        "sources.yaml:2: expected a mapping with a 'sources' list, found a list",
    ),
    (
        "a plain string",
        "sources\n",
        "sources.yaml:1: expected a mapping with a 'sources' list, found a single value 'sources'",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_config_gives_one_line_with_file_and_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert error_for(tmp_path, text) == expected


def test_every_problem_is_reported_one_per_line_in_file_order(tmp_path: Path) -> None:
    text = """\
        broken_after: 0
        fetch:
          timeout: 30
        sources:
          - id: acme-terms
            vendor: Acme
            title: Terms
            url: https://acme.example/terms
            kind: tos
            remove: [nav, 'a:hover']
            headers: {X-Note: café}
            interval: soon
          - id: acme-terms
            vendor: Acme
            title: Privacy
            url: ftp://acme.example/privacy
        """
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value).replace(str(path), "sources.yaml").splitlines() == [
        "sources.yaml:1: broken_after should be greater than or equal to 1",
        "sources.yaml:3: fetch: timeout '30' is not a duration (add a unit: 30s, 30m, 30h)",
        "sources.yaml:9: source 'acme-terms': kind 'tos' is not one of privacy_policy, terms,"
        " ai_policy, ai_marketing, subprocessors, other",
        "sources.yaml:10: source 'acme-terms': remove 'a:hover' uses :hover, which depends on a"
        " browser's user or history; a fetched page never has it",
        "sources.yaml:11: source 'acme-terms': headers value 'café' contains a non-ASCII"
        " character 'é'; header values must be ASCII",
        "sources.yaml:12: source 'acme-terms': interval 'soon' is not a duration",
        "sources.yaml:13: duplicate source id 'acme-terms' (first at line 5)",
        "sources.yaml:16: source 'acme-terms': url 'ftp://acme.example/privacy' is not an"
        " http(s) URL",
    ]


def test_a_problem_without_a_line_comes_first() -> None:
    problems = [
        Problem(line=4, context=None, message="later"),
        Problem(line=None, context="fetch", message="somewhere"),
        Problem(line=2, context="source 'a'", message="earlier"),
    ]
    assert summarize("s.yaml", problems) == (
        "s.yaml: fetch: somewhere\ns.yaml:2: source 'a': earlier\ns.yaml:4: later"
    )


def test_missing_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert error_of(path).startswith(f"{path}: file not found (name another with --config")


def test_folder_instead_of_file_says_so(tmp_path: Path) -> None:
    assert error_of(tmp_path) == f"{tmp_path}: is a folder, not a sources.yaml file"


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_bytes(b"sources: []\n# caf\xe9\n")
    assert error_of(path) == f"{path}:2: not UTF-8 text"


def test_control_character_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources: []\n# \x01\n", encoding="utf-8")
    assert error_of(path) == f"{path}:2: invalid YAML: character #x0001 is not allowed"


def test_error_uses_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sources.yaml").write_text("sources:\n  - nope\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert error_of(Path("sources.yaml")).startswith("sources.yaml:2: source #1:")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_bytes(b"\xef\xbb\xbfsources: []\n")
    assert load_config(path).sources == ()

"""Turning everything wrong with a sources.yaml into `path:line: context: problem` lines.

Pydantic reports problems by location (`("sources", 3, "interval")`); here each becomes a sentence
a person can act on and is given the line it came from. All of them are reported, one per line in
file order, so that one run shows everything to fix; a single problem stays a single line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from watcher.config.lines import DuplicateKey, Loc, line_of
from watcher.config.schema import CHANNEL_MODELS, keys_at
from watcher.config.values import check_slug, quote

__all__ = [
    "Problem",
    "duplicate_ids",
    "duplicate_keys",
    "from_validation",
    "summarize",
    "unknown_references",
]

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


@dataclass(frozen=True, slots=True)
class Problem:
    line: int | None
    context: str | None
    message: str


def summarize(path: str, problems: Sequence[Problem]) -> str:
    """The report: every problem on its own line, by line number (unknown lines first)."""
    ordered = sorted(dict.fromkeys(problems), key=lambda problem: problem.line or 0)
    return "\n".join(_describe_problem(path, problem) for problem in ordered)


def _describe_problem(path: str, problem: Problem) -> str:
    where = f"{path}:{problem.line}" if problem.line is not None else path
    context = f" {problem.context}:" if problem.context else ""
    return f"{where}:{context} {problem.message}"


def from_validation(error: ValidationError, data: Any, lines: Mapping[Loc, int]) -> list[Problem]:
    details = error.errors(include_url=False)
    unknown = {
        (d["loc"][:-1], str(d["loc"][-1])) for d in details if d["type"] == "extra_forbidden"
    }
    refused = {d["loc"] for d in details if d["type"] == "value_error"}
    problems = []
    for detail in details:
        if detail["type"] == "missing" and _is_misspelt(detail["loc"], unknown):
            continue  # "unknown key 'urll' (did you mean 'url'?)" already says it
        if detail["type"] == "missing" and _written_instead(detail["loc"], refused):
            continue  # "password is a secret … name that with password_env" already says it
        loc = _in_file(detail["loc"])
        at = loc[:-1] if detail["type"] == "missing" else loc
        if detail["type"] == "union_tag_invalid":
            at = (*loc, "kind")
        problems.append(Problem(line_of(lines, at), _context(loc, data), _message(detail, loc)))
    return problems


def _in_file(loc: Loc) -> Loc:
    """The location as written in the file: pydantic adds a channel's kind after its name."""
    if len(loc) > 3 and loc[:2] == ("notifications", "channels") and loc[3] in CHANNEL_MODELS:
        return (*loc[:3], *loc[4:])
    return loc


def duplicate_keys(duplicates: Iterable[DuplicateKey], data: Any) -> list[Problem]:
    return [
        Problem(
            dup.line,
            _context(dup.loc, data),
            f"duplicate key {quote(dup.loc[-1])} (first at line {dup.first_line})",
        )
        for dup in duplicates
    ]


def duplicate_ids(data: Any, lines: Mapping[Loc, int]) -> list[Problem]:
    """Ids must be unique: the store and the CLI address sources by id alone."""
    sources = data.get("sources") if isinstance(data, dict) else None
    first: dict[str, int | None] = {}
    problems = []
    for index, source in enumerate(sources if isinstance(sources, list) else ()):
        source_id = source.get("id") if isinstance(source, dict) else None
        if not isinstance(source_id, str):
            continue
        line = line_of(lines, ("sources", index, "id"))
        if source_id in first:
            message = f"duplicate source id {quote(source_id)} (first at line {first[source_id]})"
            problems.append(Problem(line, None, message))
        else:
            first[source_id] = line
    return problems


def unknown_references(data: Any, lines: Mapping[Loc, int]) -> list[Problem]:
    """Each route must name a channel defined in the file, and sources that exist in it; each
    channel must have a route."""
    notifications = data.get("notifications") if isinstance(data, dict) else None
    if not isinstance(notifications, dict):
        return []
    channels = notifications.get("channels") or {}
    routes = notifications.get("routes")
    sources = data.get("sources")
    source_ids = [
        source["id"]
        for source in (sources if isinstance(sources, list) else ())
        if isinstance(source, dict) and isinstance(source.get("id"), str)
    ]
    problems = []
    for index, route in enumerate(routes if isinstance(routes, list) else ()):
        if not isinstance(route, dict):
            continue
        context = _context(("notifications", "routes", index), data)
        found = _missing(route, "channel", list(channels) if isinstance(channels, dict) else None)
        found += _missing(route, "sources", source_ids)
        problems += [
            Problem(line_of(lines, ("notifications", "routes", index, *at)), context, message)
            for at, message in found
        ]
    if problems:  # a route that names no channel was most likely meant for the unrouted one
        return problems
    return _unrouted(channels, routes, lines)


def _unrouted(channels: Any, routes: Any, lines: Mapping[Loc, int]) -> list[Problem]:
    """A channel no route names would silently receive nothing: say so, at the channel."""
    if not isinstance(channels, dict):
        return []
    listed = [route for route in (routes if isinstance(routes, list) else ())]
    routed = {route.get("channel") for route in listed if isinstance(route, dict)}
    if any(not isinstance(name, str) for name in routed) or len(routed) < len(listed):
        return []  # a route without a usable channel: that is the problem to report
    return [
        Problem(
            line_of(lines, ("notifications", "channels", name)),
            None,
            f"channel {quote(name)} has no route: add `- channel: {name}` under "
            "notifications.routes",
        )
        for name in channels
        if isinstance(name, str) and name not in routed and _is_slug(name)
    ]


def _is_slug(name: str) -> bool:
    """Whether a channel name is valid; a name that is not is reported as such, and only so."""
    try:
        check_slug(name)
    except ValueError:
        return False
    return True


def _missing(route: dict[Any, Any], key: str, known: list[str] | None) -> list[tuple[Loc, str]]:
    """The names under `key` (one, or a list) that are not in `known`, with where they are."""
    if known is None:  # channels is not a mapping: reported as a type problem
        return []
    value = route.get(key)
    named: list[tuple[Loc, object]] = [((key,), value)]
    if isinstance(value, list):
        named = [((key, position), item) for position, item in enumerate(value)]
    where = {
        "channel": "defined in notifications.channels",
        "sources": "the id of a source in this file",
    }[key]
    return [
        (at, f"{key} {quote(name)} is not {where}{_hint(name, known)}")
        for at, name in named
        if isinstance(name, str) and name not in known
    ]


def _hint(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1)
    return f" (did you mean {quote(close[0])}?)" if close else ""


def _written_instead(loc: Loc, refused: set[Loc]) -> bool:
    """A missing `X_env` key whose secret X was written into the file instead."""
    key = str(loc[-1])
    return key.endswith("_env") and (*loc[:-1], key.removesuffix("_env")) in refused


def _is_misspelt(loc: Loc, unknown: set[tuple[Loc, str]]) -> bool:
    return any(
        parent == loc[:-1] and difflib.get_close_matches(key, [str(loc[-1])])
        for parent, key in unknown
    )


def _scope(loc: Loc) -> int:
    """How many leading parts of `loc` name the context: a channel or a route (3), a source (2),
    a section (1) or none."""
    if len(loc) >= 3 and loc[0] == "notifications" and loc[1] in ("channels", "routes"):
        return 3
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        return 2
    if len(loc) >= 2 and loc[0] in ("fetch", "defaults", "notifications"):
        return 1
    return 0


def _context(loc: Loc, data: Any) -> str | None:
    """Who the problem belongs to: a source (by id if it has a usable one), a channel, a route
    or a section."""
    scope = _scope(loc)
    if scope == 1:
        return str(loc[0])
    if scope == 3:
        return f"channel {quote(loc[2])}" if loc[1] == "channels" else f"route #{int(loc[2]) + 1}"
    index = loc[1] if scope == 2 else None
    if not isinstance(index, int):
        return None
    try:
        source_id = data["sources"][index]["id"]
    except (KeyError, IndexError, TypeError):
        source_id = None
    return f"source {quote(source_id)}" if isinstance(source_id, str) else f"source #{index + 1}"


def _label(loc: Loc) -> str | None:
    """The key the problem is about, within its context (`interval`, not `sources.3.interval`)."""
    rest = loc[_scope(loc) :]
    if not rest:
        return None
    return "name" if rest[0] == "[key]" else str(rest[0])  # a mapping's key: a channel's name


def _message(detail: ErrorDetails, loc: Loc) -> str:
    """What is wrong, said of the key at `loc` (the location as written in the file)."""
    kind = detail["type"]
    label = _label(loc)
    if kind == "union_tag_invalid":
        tag = detail.get("ctx", {}).get("tag", "")
        names = list(CHANNEL_MODELS)
        close = difflib.get_close_matches(str(tag), names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"kind {quote(tag)} is not one of {', '.join(names)}{hint}"
    if kind == "union_tag_not_found":
        return "missing required key 'kind'"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = difflib.get_close_matches(key, keys_at(detail["loc"][:-1]), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown key {quote(key)}{hint}"
    if kind == "invalid_key":
        return f"key {quote(detail['input'])} should be text"
    if kind == "missing":
        return f"missing required key {quote(loc[-1])}"
    if kind == "value_error":
        text = str(detail.get("ctx", {}).get("error", detail["msg"]))
    elif kind in _EXPECTED:
        text = f"should be {_EXPECTED[kind]}, not {_describe(detail['input'])}"
    else:
        text = detail["msg"].removeprefix("Input ")
        text = text[0].lower() + text[1:]
    return f"{label} {text}" if label else text


def _describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quote(value)

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
from watcher.config.schema import keys_at
from watcher.config.values import quote

__all__ = ["Problem", "duplicate_ids", "duplicate_keys", "from_validation", "summarize"]

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
    problems = []
    for detail in details:
        loc = detail["loc"]
        if detail["type"] == "missing" and _is_misspelt(loc, unknown):
            continue  # "unknown key 'urll' (did you mean 'url'?)" already says it
        at = loc[:-1] if detail["type"] == "missing" else loc
        problems.append(Problem(line_of(lines, at), _context(loc, data), _message(detail)))
    return problems


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


def _is_misspelt(loc: Loc, unknown: set[tuple[Loc, str]]) -> bool:
    return any(
        parent == loc[:-1] and difflib.get_close_matches(key, [str(loc[-1])])
        for parent, key in unknown
    )


def _scope(loc: Loc) -> int:
    """How many leading parts of `loc` name the context: a source (2), a section (1) or none."""
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        return 2
    if len(loc) >= 2 and loc[0] in ("fetch", "defaults"):
        return 1
    return 0


def _context(loc: Loc, data: Any) -> str | None:
    """Who the problem belongs to: a source (by id if it has a usable one) or a section."""
    scope = _scope(loc)
    if scope == 1:
        return str(loc[0])
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
    return str(rest[0]) if rest else None


def _message(detail: ErrorDetails) -> str:
    kind, loc = detail["type"], detail["loc"]
    label = _label(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = difflib.get_close_matches(key, keys_at(loc[:-1]), n=1)
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

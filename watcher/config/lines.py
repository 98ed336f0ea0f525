"""Reading sources.yaml with PyYAML while remembering the line of every key and list item.

PyYAML's plain `safe_load` forgets where values came from; composing the node tree first keeps
the marks, so a problem found later (by pydantic, or a duplicate id) can still name its line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["DuplicateKey", "Loc", "Parsed", "YamlProblem", "line_of", "parse_yaml"]

Loc = tuple[str | int, ...]
"""Where a value sits: keys and list indexes from the top of the file, as in pydantic errors."""

_MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlProblem(Exception):
    """The text is not the YAML document we need; `line` is 1-based, or None when unknown."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    loc: Loc
    line: int
    first_line: int


@dataclass(frozen=True, slots=True)
class Parsed:
    data: Any
    lines: Mapping[Loc, int]
    duplicates: tuple[DuplicateKey, ...]


def parse_yaml(text: str) -> Parsed:
    """Parse one YAML document; raises YamlProblem for syntax errors and an empty file."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(1, "the file is empty; expected a mapping with a 'sources' list")
        lines: dict[Loc, int] = {}
        duplicates = tuple(_walk(node, (), lines, set()))
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise YamlProblem(*_describe(error)) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        message = f"invalid YAML: character #x{error.character:04x} is not allowed"
        raise YamlProblem(line, message) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, f"invalid YAML: {_one_line(str(error))}") from None
    finally:
        if loader is not None:
            loader.dispose()
    return Parsed(data=data, lines=lines, duplicates=duplicates)


def line_of(lines: Mapping[Loc, int], loc: Loc) -> int | None:
    """The line of `loc`, or of its nearest enclosing value (a missing key points at its parent)."""
    key = tuple(part if isinstance(part, int) else str(part) for part in loc)
    while True:
        if key in lines:
            return lines[key]
        if not key:
            return None
        key = key[:-1]


def _walk(node: Node, loc: Loc, lines: dict[Loc, int], seen: set[int]) -> Iterator[DuplicateKey]:
    lines.setdefault(loc, node.start_mark.line + 1)
    if id(node) in seen:  # an alias: already walked, and possibly recursive
        return
    seen.add(id(node))
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*loc, index), lines, seen)
    elif isinstance(node, MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, ScalarNode):
                continue
            key, line = str(key_node.value), key_node.start_mark.line + 1
            if key in first:
                yield DuplicateKey(loc=(*loc, key), line=line, first_line=first[key])
                continue
            first[key] = line
            lines[(*loc, key)] = line
            yield from _walk(value_node, (*loc, key), lines, seen)


def _describe(error: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "unreadable"
    message = f"invalid YAML: {problem}"
    if error.context and error.problem and error.context_mark:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    return (mark.line + 1 if mark else None), _one_line(message)


def _one_line(text: str) -> str:
    return " ".join(text.split())

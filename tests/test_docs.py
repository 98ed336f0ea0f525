"""The README is part of the product: its examples must work and it must name every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

from watcher.cli import main
from watcher.config import load_config
from watcher.records import DocumentKind, Topic, Verdict

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_sources_yaml_example_loads(tmp_path: Path) -> None:
    text = README.read_text()
    example = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "sources:" in b)
    path = tmp_path / "sources.yaml"
    path.write_text(example)
    config = load_config(path)
    assert config.sources[0].id == "slack-privacy-principles"
    assert config.sources[0].interval_s == 6 * 3600


def test_the_readme_names_every_command_and_kind() -> None:
    text = README.read_text()
    for command in main.commands:
        assert f"`watcher {command}" in text, command
    for kind in DocumentKind:
        assert kind.value in text, kind
    assert "make demo" in text and "make test" in text


def test_the_readme_names_every_verdict_and_topic() -> None:
    text = README.read_text()
    for value in (*Verdict, *Topic):
        assert f"`{value.value}`" in text, value


def test_the_readme_diff_json_example_has_the_documented_shape() -> None:
    (example,) = re.findall(r"```json\n(.*?)```", README.read_text(), re.S)
    data = json.loads(example)
    assert list(data) == ["verdict", "changes"]
    assert all(
        list(c) == ["verdict", "topics", "old", "new", "explanation"] for c in data["changes"]
    )
    assert {data["verdict"], *(c["verdict"] for c in data["changes"])} <= {v.value for v in Verdict}

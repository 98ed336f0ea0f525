"""Bounded-cost opcodes: SequenceMatcher's own when cheap, and valid alignments past its budget."""

from __future__ import annotations

import random
from collections.abc import Sequence
from difflib import SequenceMatcher

import pytest

from watcher.diff import sequence
from watcher.diff.sequence import Opcode, matcher_opcodes, opcodes


def check_opcodes(old: Sequence[str], new: Sequence[str], codes: list[Opcode]) -> None:
    """Codes tile both sequences in order; equal ones match, tags fit their sizes, no repeats."""
    old_at = new_at = 0
    previous = ""
    for tag, i1, i2, j1, j2 in codes:
        assert (i1, j1) == (old_at, new_at)
        assert (i1, j1) != (i2, j2)
        if tag == "equal":
            assert old[i1:i2] == new[j1:j2]
        else:
            assert tag == {(True, True): "replace", (True, False): "delete"}.get(
                (i1 < i2, j1 < j2), "insert"
            )
        assert not previous or (previous == "equal") != (tag == "equal"), "kinds alternate"
        previous = tag
        old_at, new_at = i2, j2
    assert (old_at, new_at) == (len(old), len(new))


def edited(units: list[str], rng: random.Random, edits: int) -> list[str]:
    new = list(units)
    for _ in range(edits):
        at = rng.randrange(len(new) + 1)
        kind = rng.randrange(3)
        if kind == 0 and at < len(new):
            del new[at]
        elif kind == 1 and at < len(new):
            new[at] = f"edit{rng.randrange(1000)}"
        else:
            new.insert(at, f"new{rng.randrange(1000)}")
    return new


@pytest.mark.parametrize("seed", range(30))
def test_cheap_input_gets_sequence_matchers_own_opcodes(seed: int) -> None:
    rng = random.Random(seed)
    old = [rng.choice("abcdefg") for _ in range(rng.randrange(0, 200))]
    new = edited(old, rng, rng.randrange(10)) if old else list("xyz")
    expected = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    assert opcodes(old, new) == expected
    assert matcher_opcodes(old, new) == expected


def test_matcher_opcodes_gives_up_past_the_work_budget() -> None:
    table = ["Yes", "No"] * 2000  # every "Yes" meets 2000 others: 8 million pairs
    assert matcher_opcodes(table, table[1:]) is None
    check_opcodes(table, table[1:], opcodes(table, table[1:]))


# Budgets shrunk so that small inputs take each step past SequenceMatcher.
STEPS = {
    "lcs": {"_MATCHER_WORK": 0},
    "anchors": {"_MATCHER_WORK": 0, "_LCS_CELLS": 0},
    "anchors, shallow": {"_MATCHER_WORK": 0, "_LCS_CELLS": 0, "_MAX_DEPTH": 1},
    "levenshtein": {"_MATCHER_WORK": 0, "_LCS_CELLS": 0, "_MAX_DEPTH": 0},
    "diagonal shares": {"_MATCHER_WORK": 0, "_LCS_CELLS": 0, "_MAX_DEPTH": 0, "_EDIT_CELLS": 50},
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("seed", range(15))
def test_every_step_past_the_budget_gives_valid_opcodes(
    step: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in STEPS[step].items():
        monkeypatch.setattr(sequence, name, value)
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(rng.choice([3, 30, 3000]))]
    old = [rng.choice(vocabulary) for _ in range(rng.randrange(0, 300))]
    new = edited(old, rng, rng.randrange(20))
    check_opcodes(old, new, opcodes(old, new))


@pytest.mark.parametrize("step", ["lcs", "anchors", "levenshtein"])
def test_steps_past_the_budget_find_a_few_edits_exactly(
    step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in STEPS[step].items():
        monkeypatch.setattr(sequence, name, value)
    old = [f"clause {i}" for i in range(1000)]
    new = [*old[:100], "inserted", *old[100:500], "changed", *old[501:900], *old[901:]]
    assert [code for code in opcodes(old, new) if code[0] != "equal"] == [
        ("insert", 100, 100, 100, 101),
        ("replace", 500, 501, 501, 502),
        ("delete", 900, 901, 901, 901),
    ]


def test_long_low_variety_middle_is_aligned_share_by_share(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in STEPS["diagonal shares"].items():
        monkeypatch.setattr(sequence, name, value)
    monkeypatch.setattr(sequence, "_EDIT_CELLS", 100 * 100)  # ten shares of 100 x 100
    old = ["Yes", "No"] * 500
    new = list(old)
    for flipped in (3, 550, 996):
        new[flipped] = "Maybe"
    assert [code for code in opcodes(old, new) if code[0] != "equal"] == [
        ("replace", at, at + 1, at, at + 1) for at in (3, 550, 996)
    ]

"""Huge blocks and long runs stay fast and exact: word diff, alignment, sentences, rendering.

A page laid out with bare <br> line breaks is one block of tens of thousands of words; before
the bounded aligner, a word diff of 40,000 words ran for over ten minutes. Each case runs in a
child process (huge_diff_cases.py) under a timeout, so a quadratic path fails the test instead
of hanging the run; the assertions are about output, never about time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from huge_diff_cases import EDITS

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("huge_diff_cases.py")
TIMEOUT = 10  # each case takes under a second; each took from 10 s to over 10 min before


def run_case(name: str) -> dict[str, object]:
    try:
        done = subprocess.run(
            [sys.executable, str(CHILD), name],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name} did not finish within {TIMEOUT} s: a quadratic path is back")
    observed: dict[str, object] = json.loads(done.stdout)
    return observed


@pytest.mark.parametrize("case", ["words_few_edits", "words_few_edits_no_punctuation"])
def test_word_diff_of_a_huge_block_finds_exactly_the_edited_words(case: str) -> None:
    observed = run_case(case)
    assert observed["rebuilds_old"] is True
    assert observed["rebuilds_new"] is True
    assert observed["inserted"] == ["Start", *EDITS, "end."]
    assert observed["deleted"] == observed["replaced"]


@pytest.mark.parametrize("case", ["words_rewritten", "words_comb"])
def test_word_diff_of_huge_rewritten_blocks_rebuilds_both_texts(case: str) -> None:
    observed = run_case(case)
    assert observed["rebuilds_old"] is True
    assert observed["rebuilds_new"] is True


def test_long_comb_of_small_changes_folds_into_one_change() -> None:
    # "a0 x a1 x …" to "b0 x b1 x …": each shared "x" folds into the changes around it.
    assert run_case("words_comb")["ops"] == 3  # delete, insert, the final " x"


def test_long_table_with_every_other_row_changed() -> None:
    assert run_case("blocks_alternating") == {"summary": "20000 changed"}


def test_align_sentences_of_a_block_with_every_other_sentence_changed() -> None:
    assert run_case("sentences_alternating") == {"ops": ["equal", "replace"], "hunks": 40_000}


def test_render_terminal_of_one_enormous_replaced_block_marks_only_the_edits() -> None:
    observed = run_case("render_huge_block")
    assert observed["summary"] == "1 changed"
    assert observed["inserted"] == ["Start", *EDITS, "end."]
    assert observed["deleted"] == ["personal", "of", "may", "of", "data", "we", "securing"]
    assert observed["markdown_inserted"] == ["Start", *EDITS]  # "end\." is escaped


def test_render_of_a_change_holding_a_long_whitespace_run() -> None:
    observed = run_case("render_whitespace_run")
    assert observed["plain"] == (
        "~ changed (block 1 → 1, 76% similar)\n  keep this [-x<spaces>y-]{+z+} and keep that"
    )
    assert str(observed["markdown"]).endswith("> keep this ~~x<spaces>y~~**z** and keep that\n")


def test_split_sentences_of_long_runs_of_marks_and_spaces() -> None:
    assert run_case("sentence_marks") == {
        "dots": True,
        "closers": True,
        "indented": ["Write to us at a.", "We answer."],
    }

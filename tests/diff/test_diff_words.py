"""Word-level diff of one replaced block."""

from __future__ import annotations

import itertools
import random

import pytest

from watcher.diff import WordOp, word_diff


@pytest.mark.parametrize(
    ("old", "new", "ops"),
    [
        ("", "", ()),
        ("Same text.", "Same text.", (("equal", "Same text."),)),
        ("", "New.", (("insert", "New."),)),
        ("Old.", "", (("delete", "Old."),)),
        (
            "We collect your data.",
            "We may collect your data.",
            (("equal", "We "), ("insert", "may "), ("equal", "collect your data.")),
        ),
        (
            "We will not sell your data.",
            "We may sell your data.",
            (
                ("equal", "We "),
                ("delete", "will not "),
                ("insert", "may "),
                ("equal", "sell your data."),
            ),
        ),
        (
            "We keep logs",
            "We keep logs forever",
            (("equal", "We keep logs"), ("insert", " forever")),
        ),
        (
            "Opt-out by email.",
            "Opt-in by email.",
            (("delete", "Opt-out "), ("insert", "Opt-in "), ("equal", "by email.")),
        ),
        (
            "Kept for 3.5 years.",
            "Kept for 2.5 years.",
            (("equal", "Kept for "), ("delete", "3.5 "), ("insert", "2.5 "), ("equal", "years.")),
        ),
        (
            "Data, files.",
            "Data; files.",
            (("equal", "Data"), ("delete", ", "), ("insert", "; "), ("equal", "files.")),
        ),
        (
            # A short shared word between two larger changes folds into one change.
            "Customers share the records with partners.",
            "Admins delete the logs of everyone.",
            (
                ("delete", "Customers share the records with partners"),
                ("insert", "Admins delete the logs of everyone"),
                ("equal", "."),
            ),
        ),
    ],
)
def test_word_diff(old: str, new: str, ops: tuple[WordOp, ...]) -> None:
    assert word_diff(old, new) == ops


def test_whitespace_only_change_is_kept_apart_from_words() -> None:
    assert word_diff("a  b c", "a b c") == (
        ("equal", "a"),
        ("delete", "  "),
        ("insert", " "),
        ("equal", "b c"),
    )


@pytest.mark.parametrize("seed", range(40))
def test_word_diff_rebuilds_both_texts(seed: int) -> None:
    rng = random.Random(seed)
    vocabulary = ["we", "may", "not", "share", "data", ",", ".", "  ", "opt-out", "3.5", "\u2019s"]

    def text() -> str:
        return "".join(rng.choice(vocabulary) + rng.choice(["", " ", "\n"]) for _ in range(20))

    old, new = text(), text()
    ops = word_diff(old, new)
    assert "".join(t for op, t in ops if op != "insert") == old
    assert "".join(t for op, t in ops if op != "delete") == new
    assert all(piece for _, piece in ops)
    kinds = [op for op, _ in ops]
    assert all(a != b for a, b in itertools.pairwise(kinds)), "runs are merged"
    assert all((a, b) != ("insert", "delete") for a, b in itertools.pairwise(kinds)), (
        "a change lists its deletion first"
    )

"""Huge diff inputs, run one per child process by test_diff_huge_inputs.py under a timeout.

Each case prints one JSON object of what it observed; the test asserts on it. Run by hand with
`python tests/diff/huge_diff_cases.py CASE`.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Callable

from watcher.diff import (
    align_sentences,
    diff_texts,
    render_markdown,
    render_terminal,
    split_sentences,
    summarize,
    word_diff,
)

Observed = dict[str, object]

WORDS = 40_000
_VOCABULARY = (
    *("we", "may", "share", "your", "personal", "data", "with", "our", "partners", "and"),
    *("affiliates", "for", "the", "purposes", "of", "providing", "improving", "and"),
    *("securing", "services", "the", "and", "of", "to", "you"),
)
EDITS = ("NEVER", "ALWAYS", "SOMETIMES", "RARELY", "OFTEN")


def prose(words: int, *, seed: int = 1, sentences: bool = True) -> str:
    """`words` words from a small vocabulary (few unique words), a full stop every 17."""
    rng = random.Random(seed)
    mark = "." if sentences else ""
    return " ".join(rng.choice(_VOCABULARY) + (mark if i % 17 == 16 else "") for i in range(words))


def edited(text: str) -> tuple[str, list[str]]:
    """`text` with its first and last words and five words spread through it replaced."""
    words = text.split(" ")
    at = [0, *(len(words) * k // 6 for k in range(1, 6)), len(words) - 1]
    replaced = [words[i] for i in at]
    for i, new in zip(at, ("Start", *EDITS, "end."), strict=True):
        words[i] = new
    return " ".join(words), replaced


def _observe_word_diff(old: str, new: str) -> Observed:
    ops = word_diff(old, new)
    return {
        "rebuilds_old": "".join(t for op, t in ops if op != "insert") == old,
        "rebuilds_new": "".join(t for op, t in ops if op != "delete") == new,
        "deleted": [t.strip() for op, t in ops if op == "delete"],
        "inserted": [t.strip() for op, t in ops if op == "insert"],
        "ops": len(ops),
    }


def words_few_edits() -> Observed:
    old = prose(WORDS)
    new, replaced = edited(old)
    return {**_observe_word_diff(old, new), "replaced": replaced}


def words_few_edits_no_punctuation() -> Observed:
    old = prose(WORDS, sentences=False)
    new, replaced = edited(old)
    return {**_observe_word_diff(old, new), "replaced": replaced}


def words_rewritten() -> Observed:
    observed = _observe_word_diff(prose(WORDS), prose(WORDS, seed=2))
    return {k: observed[k] for k in ("rebuilds_old", "rebuilds_new")}


def words_comb() -> Observed:
    """Every other word changed: a long comb of small changes folds into one change."""
    pairs = WORDS // 2
    old = " ".join(f"a{i} x" for i in range(pairs))
    new = " ".join(f"b{i} x" for i in range(pairs))
    observed = _observe_word_diff(old, new)
    return {k: observed[k] for k in ("rebuilds_old", "rebuilds_new", "ops")}


def blocks_alternating() -> Observed:
    """A long table in which every other row changed: SequenceMatcher's worst case."""
    rows = 40_000
    old = "\n".join(f"Row {i} yes" for i in range(rows))
    new = "\n".join(f"Row {i} {'no' if i % 2 else 'yes'}" for i in range(rows))
    return {"summary": summarize(diff_texts(old, new))}


def sentences_alternating() -> Observed:
    count = 40_000
    old = " ".join(f"Clause {i} applies." for i in range(count))
    new = " ".join(f"Clause {i} {'holds' if i % 2 else 'applies'}." for i in range(count))
    hunks = align_sentences(old, new)
    return {"ops": sorted({hunk.op.value for hunk in hunks}), "hunks": len(hunks)}


def render_huge_block() -> Observed:
    """One enormous replaced block, as a page laid out with bare <br> line breaks makes."""
    block = prose(WORDS)
    new_block, _ = edited(block)
    diff = diff_texts(f"Intro\n{block}\nOutro", f"Intro\n{new_block}\nOutro")
    plain = render_terminal(diff, color=False)
    markdown = render_markdown(diff)
    return {
        "summary": summarize(diff),
        "inserted": re.findall(r"\{\+(.*?)\+\}", plain),
        "deleted": re.findall(r"\[-(.*?)-\]", plain),
        "markdown_inserted": re.findall(r"\*\*(\w+)\*\*", markdown),
    }


def render_whitespace_run() -> Observed:
    """A change holding a long run of whitespace (hostile or badly extracted text)."""
    old = "keep this x" + " " * 100_000 + "y and keep that"
    diff = diff_texts(old, "keep this z and keep that")
    return {
        "plain": render_terminal(diff, color=False).replace(" " * 100_000, "<spaces>"),
        "markdown": render_markdown(diff).replace(" " * 100_000, "<spaces>"),
    }


def sentence_marks() -> Observed:
    """Long runs of the characters the sentence splitter's patterns repeat."""
    dots = "a" + "." * 100_000 + "b"
    closers = "a" + "\u2026" * 100_000 + ")" * 100_000 + "b"
    indented = " " * 200_000 + "Write to us at a. We answer."
    return {
        "dots": split_sentences(dots) == (dots,),
        "closers": split_sentences(closers) == (closers,),
        "indented": list(split_sentences(indented)),
    }


CASES: dict[str, Callable[[], Observed]] = {
    case.__name__: case
    for case in (
        words_few_edits,
        words_few_edits_no_punctuation,
        words_rewritten,
        words_comb,
        blocks_alternating,
        sentences_alternating,
        render_huge_block,
        render_whitespace_run,
        sentence_marks,
    )
}

if __name__ == "__main__":
    print(json.dumps(CASES[sys.argv[1]]()))

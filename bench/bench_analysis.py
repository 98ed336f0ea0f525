"""The analysis benchmark: how fast changed clauses are judged.

    .venv/bin/python bench/bench_analysis.py [--repeat 20] [--json]

Two figures, each against its target:

    100 KB pair      a ~100 KB policy and a copy with 20 clauses changed (modality swapped,
                     hedges and exceptions added, clauses removed, added and reworded); the time
                     `analyze_texts` takes, diff included (target ≤ 200 ms, median of runs)
    clause pairs/s   single-clause old/new pairs (a modal swapped, a hedge added), each diffed
                     first and then analysed by `analyze_diff` (target ≥ 2,000 pairs per
                     second); the rate through `analyze_texts`, diff and language detection
                     included, is printed beside it

Every timing starts with the analyser's memo caches empty, as for a page seen the first time.

The texts are built deterministically from `bench/pages.py`, so runs compare. A finding count
that does not cover the 20 changes exits 1; a missed speed target is only reported.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import build_page

from watcher.analyze import analyze_diff, analyze_texts, clear_caches
from watcher.diff import diff_texts

PAIR_TARGET_MS = 200.0
CLAUSES_TARGET = 2000.0
CHANGES = 20

# Edits a vendor makes to one clause; each is applied to a sentence of the right shape.
_EDITS = (
    (" do not ", " may "),
    (" will only ", " will "),
    (" may ", " will not "),
    (" will ", " generally will "),
)


def policy_blocks(size: int) -> list[str]:
    """About `size` characters of policy text, one block per line, from the bench pages."""
    blocks: list[str] = []
    total, index = 0, 0
    while total < size:
        for block in build_page(index).blocks:
            text = " ".join(block.parts) if block.kind == "p" else None
            lines = [text] if text else [f"- {part}" for part in block.parts]
            if block.kind.startswith("h"):
                lines = ["## " + block.parts[0]]
            for line in lines:
                blocks.append(line)
                total += len(line) + 1
        index += 1
    return blocks


def changed_copy(blocks: list[str], rng: random.Random) -> tuple[list[str], int]:
    """A copy with `CHANGES` clauses edited, added or removed; how many edits were made."""
    new = list(blocks)
    candidates = [n for n, text in enumerate(new) if not text.startswith("#")]
    made = 0
    for at in rng.sample(candidates, len(candidates)):
        if made == CHANGES:
            break
        text = new[at]
        kind = made % 5
        if kind == 3:
            new[at] = text.rstrip(".") + ", except where permitted by law."
        elif kind == 4:
            new[at] = text + " We may also use this information to train our AI models."
        else:
            old, replacement = next(((a, b) for a, b in _EDITS if a in text), (None, None))
            if old is None or replacement is None:
                continue
            new[at] = text.replace(old, replacement, 1)
        made += 1
    return new, made


def time_pair(old: str, new: str, repeat: int) -> dict[str, float]:
    diff_ms, analyse_ms, total_ms = [], [], []
    for _ in range(repeat):
        clear_caches()
        started = time.perf_counter()
        diff = diff_texts(old, new)
        diffed = time.perf_counter()
        analyze_diff(diff)
        done = time.perf_counter()
        diff_ms.append((diffed - started) * 1000)
        analyse_ms.append((done - diffed) * 1000)
        total_ms.append((done - started) * 1000)
    return {
        "diff_ms": statistics.median(diff_ms),
        "analyse_ms": statistics.median(analyse_ms),
        "total_ms": statistics.median(total_ms),
    }


def clause_pairs(count: int, rng: random.Random) -> list[tuple[str, str]]:
    sentences = [
        text.lstrip("- ")
        for text in policy_blocks(200_000)
        if not text.startswith("#") and text.count(".") == 1
    ]
    pairs = []
    for sentence in rng.sample(sentences, min(count, len(sentences))):
        old, replacement = next(((a, b) for a, b in _EDITS if a in sentence), (" ", "  "))
        pairs.append((sentence, sentence.replace(old, replacement, 1)))
    return pairs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=2000, help="clause pairs to time")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random("bench-analysis")
    blocks = policy_blocks(100_000)
    new_blocks, made = changed_copy(blocks, rng)
    old, new = "\n".join(blocks), "\n".join(new_blocks)
    findings = analyze_texts(old, new).findings
    pair = time_pair(old, new, args.repeat)
    pairs = clause_pairs(args.pairs, rng)
    diffs = [diff_texts(a, b) for a, b in pairs]
    analyze_texts("We may sell your data.", "We do not sell your data.")  # load lazy imports
    clear_caches()
    started = time.perf_counter()
    for diff in diffs:
        analyze_diff(diff)
    per_second = len(pairs) / (time.perf_counter() - started)
    clear_caches()
    started = time.perf_counter()
    for a, b in pairs:
        analyze_texts(a, b)
    end_to_end = len(pairs) / (time.perf_counter() - started)
    figures = {
        "old_kb": round(len(old.encode()) / 1024, 1),
        "changes": made,
        "findings": len(findings),
        **{key: round(value, 1) for key, value in pair.items()},
        "clause_pairs_per_s": round(per_second),
        "clause_pairs_end_to_end_per_s": round(end_to_end),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        meets = "meets" if pair["total_ms"] <= PAIR_TARGET_MS else "MISSES"
        print(
            f"100 KB pair      {figures['old_kb']} KB, {made} changes, {len(findings)} findings: "
            f"{pair['total_ms']:.1f} ms (diff {pair['diff_ms']:.1f} + analysis "
            f"{pair['analyse_ms']:.1f}) — {meets} target ≤ {PAIR_TARGET_MS:.0f} ms"
        )
        meets = "meets" if per_second >= CLAUSES_TARGET else "MISSES"
        print(
            f"clause pairs/s   {per_second:,.0f} over {len(pairs)} pairs — {meets} target "
            f"≥ {CLAUSES_TARGET:,.0f}/s ({end_to_end:,.0f}/s with diff and language detection)"
        )
    return 0 if len(findings) >= made else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

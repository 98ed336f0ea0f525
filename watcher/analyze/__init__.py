"""The analysis stage: what each changed clause does to the user's protection, and why.

`analyze_diff(diff)` turns the diff stage's aligned hunks into `Finding`s, one per changed clause
(a reworded pair, an added or a removed clause), each with a verdict, its topics and a one-line
explanation that quotes the phrase that moved. `analyze_texts(old, new)` does the same for two
raw passages (it diffs them first) and is what `watcher diff` and the evaluation use.
The analysis is offline, deterministic and explainable: every verdict comes from a named rule.
"""

from __future__ import annotations

from watcher.analyze.report import (
    ANALYZER_VERSION,
    Analysis,
    analyze_diff,
    analyze_texts,
    clear_caches,
    overall_verdict,
)

__all__ = [
    "ANALYZER_VERSION",
    "Analysis",
    "analyze_diff",
    "analyze_texts",
    "clear_caches",
    "overall_verdict",
]

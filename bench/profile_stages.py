"""Where a profiled benchmark pass spent its time, grouped by pipeline stage.

cProfile's own tables list functions; the question the benchmark asks is which *stage* to make
faster. Python functions are assigned to a stage by the file they live in (watcher/fetch →
fetch, httpx/httpcore → http client, …); C functions and stdlib helpers (zlib, json, os.fsync,
sqlite3) have no stage of their own, so their time is split among their callers' stages in
proportion to the calls. Waiting in epoll is shown apart: it is time the process had nothing to
do, i.e. the server or the network was the bottleneck.
"""

from __future__ import annotations

import cProfile
import pstats
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

__all__ = ["stage_times", "write_report"]

_Func = tuple[str, int, str]
_STAGES = (
    (re.compile(r"/watcher/fetch/"), "fetch"),
    (re.compile(r"/watcher/extract/|/(bs4|lxml|soupsieve|cssselect)/"), "extract"),
    (re.compile(r"/watcher/diff/|/rapidfuzz/"), "diff"),
    (re.compile(r"/watcher/store/"), "store"),
    (re.compile(r"/watcher/pipeline"), "pipeline"),
    (re.compile(r"/(httpx|httpcore|h11|anyio|sniffio|idna|certifi)/"), "http client"),
    (re.compile(r"/asyncio/|/selectors\.py"), "event loop"),
)
_OS_CALLS = re.compile(r"posix\.|io\.open|method '(write|read|close)' of '_io")


def _own_stage(func: _Func) -> str | None:
    filename, _, name = func
    if filename == "~":
        if "poll' of 'select." in name or "epoll" in name:
            return "idle (waiting in epoll)"
        return None
    return next((stage for pattern, stage in _STAGES if pattern.search(filename)), None)


def _leaf_label(func: _Func, stage: str) -> str:
    """Split a stage's C-level time into the parts a fix would target (SQLite, OS calls)."""
    name = func[2]
    if func[0] != "~":
        return stage
    if "sqlite3" in name:
        return f"{stage}: sqlite"
    if _OS_CALLS.search(name):
        return f"{stage}: os calls (open/fsync/mkdir/rename)"
    return stage


def stage_times(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Seconds of self time per stage, most first; they sum to the profile's total."""
    table: dict[_Func, Any] = stats.stats  # type: ignore[attr-defined]
    memo: dict[_Func, dict[str, float]] = {}

    def shares(func: _Func, seen: frozenset[_Func]) -> dict[str, float]:
        if func in memo:
            return memo[func]
        own = _own_stage(func)
        if own is not None:
            return {own: 1.0}
        callers: dict[_Func, tuple[int, int, float, float]] = table.get(func, (0,) * 5)[4]
        weights = {c: v[3] or v[1] for c, v in callers.items() if c not in seen}
        total = sum(weights.values())
        if not total:
            return {"other": 1.0}
        mixed: defaultdict[str, float] = defaultdict(float)
        for caller, weight in weights.items():
            for stage, share in shares(caller, seen | {func}).items():
                mixed[stage] += share * weight / total
        memo[func] = dict(mixed)
        return memo[func]

    times: defaultdict[str, float] = defaultdict(float)
    for func, (_, _, self_time, _, _) in table.items():
        for stage, share in shares(func, frozenset()).items():
            times[_leaf_label(func, stage)] += self_time * share
    return sorted(times.items(), key=lambda item: -item[1])


def write_report(profiler: cProfile.Profile, stem: Path) -> list[tuple[str, float]]:
    """Write `stem.pstats` (for snakeviz/pstats) and `stem.txt`; returns the stage times."""
    profiler.dump_stats(stem.with_suffix(".pstats"))
    stats = pstats.Stats(profiler)
    times = stage_times(stats)
    total = sum(seconds for _, seconds in times) or 1.0
    with stem.with_suffix(".txt").open("w") as out:
        out.write(f"self time by stage (total {total:.2f} s)\n")
        for stage, seconds in times:
            out.write(f"  {stage:<52} {seconds:7.2f} s {100 * seconds / total:5.1f} %\n")
        for order in ("cumulative", "tottime"):
            out.write(f"\n== top functions by {order} time\n")
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(40)
    return times

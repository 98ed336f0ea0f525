"""A process pool for the CPU-bound half of a check: diffing and analysing two texts.

Fetching and storing wait on the network and the disk; diffing and judging a changed page is
pure Python work that holds the GIL for milliseconds. One process runs a few hundred changed
pages a second through extraction and storage, but analysis alone costs about as much again, so
a large watch list gets worker processes for it and a small one does not pay their start-up.
Workers are started with "spawn": forking a process that runs threads can copy a held lock.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor

from watcher.analyze import analyze_texts

__all__ = ["POOL_THRESHOLD", "analysis_pool"]

POOL_THRESHOLD = 50
"""From this many sources on, `watcher check` and `watcher run` analyse in worker processes."""


def analysis_pool(sources: int, *, workers: int | None = None) -> Executor | None:
    """A started pool of analysis workers for a watch list this long, or None for a short one.

    The workers import the analyser and judge one sentence before the first page arrives, so
    the first changed page does not wait for them to start.
    """
    if sources < POOL_THRESHOLD and workers is None:
        return None
    count = workers or max(1, min(4, (os.cpu_count() or 2) - 1))
    pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(count):
        pool.submit(analyze_texts, "We may sell your data.", "We do not sell your data.")
    return pool

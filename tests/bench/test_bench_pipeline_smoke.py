"""The benchmark itself still runs end to end and checks what it claims (a tiny run, no timings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_pipeline.py"


def test_small_bench_run_is_correct(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(BENCH), "--pages", "4", "--json", "--workdir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["correct"] is True
    assert report["problems"] == []
    counts = {p["name"]: (p["pages"], p["new_versions"], p["failed"]) for p in report["passes"]}
    assert counts == {
        "first sight": (4, 4, 0),
        "unchanged, full body": (4, 0, 0),
        "unchanged, ETag primed": (4, 0, 0),
        "unchanged, 304": (4, 0, 0),
        "every page changed": (4, 4, 0),
    }
    assert [p["not_modified"] for p in report["passes"]] == [0, 0, 0, 4, 0]
    assert report["fetch_settings"]["concurrency"] == 32
    assert report["peak_rss_mb"] > 0
    assert list(tmp_path.iterdir()) == []  # the temporary snapshots folder is removed

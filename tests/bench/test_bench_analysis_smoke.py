"""The analysis benchmark runs end to end and finds every change it makes (no timings asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_analysis.py"


def test_analysis_bench_reports_its_figures() -> None:
    run = subprocess.run(
        [sys.executable, str(BENCH), "--repeat", "1", "--pairs", "50", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["changes"] == 20
    assert figures["findings"] >= 20
    assert figures["old_kb"] >= 95
    assert figures["clause_pairs_per_s"] > 0

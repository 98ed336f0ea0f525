"""The analyser's scores on labelled case sets never fall below the floors the product promises.

Each set is graded exactly as `make eval` grades it: `bench/eval_analysis.py` writes predictions
and the shared scorer (`../shared/eval/score.py`) prints the figures; its last line is parsed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "bench" / "eval_analysis.py"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
DEV_CASES = ROOT.parent / "shared" / "eval" / "dev" / "cases.jsonl"
OWN_CASES = Path(__file__).with_name("own_cases.jsonl")

needs_scorer = pytest.mark.skipif(
    not SCORER.exists(),
    reason="the shared scorer (../shared/eval/score.py) is not beside the checkout",
)


def score(cases: Path) -> dict[str, float]:
    """The scorer's machine-readable last line for `cases`, as numbers."""
    run = subprocess.run(
        [sys.executable, str(EVAL), str(cases)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    return {key: float(value) for key, value in (pair.split("=") for pair in last.split())}


def assert_floors(figures: dict[str, float]) -> None:
    """The floors issue 3 set: macro-F1, weakened recall and the false-alert rate."""
    assert figures["macro_f1"] >= 0.90, figures
    assert figures["weakened_recall"] >= 0.95, figures
    assert figures["false_alert_rate"] <= 0.03, figures


@needs_scorer
@pytest.mark.skipif(not DEV_CASES.exists(), reason="the shared dev set is not beside the checkout")
def test_dev_set_floors() -> None:
    assert_floors(score(DEV_CASES))


@needs_scorer
def test_own_cases_floors() -> None:
    """Cases written for this project in real vendors' legal style, not the dev set's."""
    assert_floors(score(OWN_CASES))


@needs_scorer
def test_reconstructed_vendor_wording_floors() -> None:
    """Cases reconstructed from real vendors' published wording (Zoom, Slack, Adobe, OpenAI…),
    written blind to the analyser; its first, untuned score is in the issue notes."""
    assert_floors(score(Path(__file__).with_name("blind_cases.jsonl")))


@needs_scorer
def test_second_reconstructed_set_floors() -> None:
    """80 more cases from 46 other vendors (TikTok, Telegram, Proton, 23andMe…), also written
    blind to the analyser; its first, untuned score is in the issue notes."""
    assert_floors(score(Path(__file__).with_name("blind2_cases.jsonl")))


@needs_scorer
def test_long_passage_set_does_not_regress() -> None:
    """60 long passages (DPAs, AI terms) where one clause changes among unchanged ones, written
    blind to the analyser. A product-description edit still raises an alert here (false
    alerts 0.05), so this guards the level reached rather than the product's floors."""
    figures = score(Path(__file__).with_name("blind3_cases.jsonl"))
    assert figures["macro_f1"] >= 0.90, figures
    assert figures["weakened_recall"] >= 0.95, figures
    assert figures["false_alert_rate"] <= 0.10, figures


@needs_scorer
def test_big_vendor_wording_set_does_not_regress() -> None:
    """50 passages reconstructed from the best-known AI-training texts (Zoom, Slack, Adobe,
    Google, Microsoft, OpenAI, Anthropic, Meta, LinkedIn…), written blind to the analyser. One
    weakened case (a privacy setting removed) is still missed, so this guards the level reached."""
    figures = score(Path(__file__).with_name("blind4_cases.jsonl"))
    assert figures["macro_f1"] >= 0.90, figures
    assert figures["weakened_recall"] >= 0.90, figures
    assert figures["false_alert_rate"] <= 0.03, figures

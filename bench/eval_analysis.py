"""Run the analyser over a labelled case file and grade it with the shared scorer.

    python bench/eval_analysis.py [CASES] [--errors]

CASES defaults to ../shared/eval/dev/cases.jsonl; the scorer is ../shared/eval/score.py.
Predictions are written next to nothing: a temporary file handed to the scorer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from watcher.analyze import analyze_texts

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
DEFAULT_CASES = SHARED / "dev" / "cases.jsonl"


def predict(cases: Path) -> list[dict[str, object]]:
    """One prediction per case, in the scorer's format."""
    out = []
    for line in cases.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        analysis = analyze_texts(case["old"], case["new"])
        topics = sorted(t.value for t in analysis.topics)
        out.append({"id": case["id"], "verdict": analysis.verdict.value, "topics": topics})
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    cases = Path(args[0]) if args else DEFAULT_CASES
    if not cases.exists():
        print(f"error: {cases}: no such case file", file=sys.stderr)
        return 2
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for prediction in predict(cases):
            handle.write(json.dumps(prediction) + "\n")
    flags = [a for a in argv if a.startswith("--")]
    command = [sys.executable, str(SHARED / "score.py"), str(cases), handle.name, *flags]
    try:
        return subprocess.run(command, check=False).returncode
    finally:
        Path(handle.name).unlink()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

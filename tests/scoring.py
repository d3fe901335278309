"""The shared scorer (`../shared/eval/score.py`) run on the engine's output, for acceptance tests.

The scorer is called as the evaluators call it, and its headline (its last line) is read back.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from planwatch.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "eval" / "score.py"
EXTRACT_HEADLINE = re.compile(
    r"strict F1 (?P<f1>[\d.]+).*other recall (?P<other>[\d.]+|nan).*grounded (?P<ok>\d+)/(?P<checked>\d+)"
)
STATUS_HEADLINE = re.compile(r"status: (?P<right>\d+)/(?P<total>\d+) verdicts right")


def run_cli(args: list[str], out: Path | None = None) -> str:
    """`planwatch …` in this process; its standard output, also written to `out` when given."""
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    if out is not None:
        out.write_text(result.stdout, encoding="utf-8")
    return result.stdout


def extract_jsonl(paths, out: Path) -> None:
    run_cli(["extract", *map(str, paths), "--format", "jsonl"], out)


def _headline(what: str, gold: Path, pred: Path, docs: Path | None = None) -> str:
    cmd = [sys.executable, str(SCORE), what, "--gold", str(gold), "--pred", str(pred)]
    if docs:
        cmd += ["--docs", str(docs)]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]


def score(gold: Path, pred: Path, docs: Path | None = None) -> dict:
    """The scorer's extraction headline: strict F1, other recall, grounded quotes."""
    last = _headline("extract", gold, pred, docs)
    m = EXTRACT_HEADLINE.search(last + (" | grounded 0/0" if "grounded" not in last else ""))
    assert m, last
    return {"f1": float(m["f1"]), "other": float(m["other"]), "ok": int(m["ok"]), "checked": int(m["checked"])}


def score_status(gold: Path, pred: Path) -> tuple[int, int]:
    """The scorer's verdict headline: (right, total)."""
    last = _headline("status", gold, pred)
    m = STATUS_HEADLINE.search(last)
    assert m, last
    return int(m["right"]), int(m["total"])


def concatenated(paths, out: Path) -> Path:
    """The JSONL files `paths` as one file `out`."""
    out.write_text("".join(Path(p).read_text(encoding="utf-8") for p in paths), encoding="utf-8")
    return out

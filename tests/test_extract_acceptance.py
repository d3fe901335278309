"""Acceptance of the extraction engine: the scorer's figures on the seed reports and the examples."""

import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from planwatch.cli import app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
SCORE = SHARED / "eval" / "score.py"
HEADLINE = re.compile(
    r"strict F1 (?P<f1>[\d.]+).*other recall (?P<other>[\d.]+|nan).*grounded (?P<ok>\d+)/(?P<checked>\d+)"
)


def extract_jsonl(paths, out: Path) -> None:
    result = CliRunner().invoke(app, ["extract", *map(str, paths), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    out.write_text(result.stdout, encoding="utf-8")


def score(gold: Path, pred: Path, docs: Path | None = None) -> dict:
    cmd = [sys.executable, str(SCORE), "extract", "--gold", str(gold), "--pred", str(pred)]
    if docs:
        cmd += ["--docs", str(docs)]
    last = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    m = HEADLINE.search(last + (" | grounded 0/0" if "grounded" not in last else ""))
    assert m, last
    return {"f1": float(m["f1"]), "other": float(m["other"]), "ok": int(m["ok"]), "checked": int(m["checked"])}


def test_seed_reports_strict_f1_and_grounding(tmp_path):
    out = tmp_path / "out.jsonl"
    extract_jsonl(SEEDS, out)
    s = score(SHARED / "gold" / "seeds.jsonl", out, SHARED / "seeds")
    assert s["f1"] >= 0.97
    assert s["checked"] > 1000 and s["ok"] == s["checked"]
    other = score(SHARED / "gold" / "seeds_other.jsonl", out)
    assert other["other"] >= 0.85


def test_example_reports_match_their_golden_figures(tmp_path):
    out = tmp_path / "out.jsonl"
    docs = sorted((ROOT / "examples").glob("*.txt"))
    extract_jsonl(docs, out)
    s = score(ROOT / "examples" / "expected.jsonl", out, ROOT / "examples")
    assert s["f1"] >= 0.97
    assert s["ok"] == s["checked"]

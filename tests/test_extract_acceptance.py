"""Acceptance of the extraction engine: the scorer's figures on the seed reports and the examples."""

from scoring import ROOT, SHARED, extract_jsonl, score

SEEDS = sorted((SHARED / "seeds").glob("*.txt"))


def test_seed_reports_strict_f1_and_grounding(tmp_path):
    out = tmp_path / "out.jsonl"
    extract_jsonl(SEEDS, out)
    s = score(SHARED / "gold" / "seeds.jsonl", out, SHARED / "seeds")
    assert s["f1"] == 1.0, s  # every figure of the seeds, nothing more: a grammar change must not move them
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

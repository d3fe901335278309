"""Verdicts: golden cases (`cases/verdicts.toml`), the API's shape, and the gold verdicts of the seeds."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from figure_records import (GOLD, SHARED, gold_available, gold_records, ingest_seeds, load_cases, make_records,
                            read_jsonl, run_cli, seeds_available)

from planwatch.assess import Ledger, Verdict, verdicts
from planwatch.assess.ledger import REASONS, Key
from planwatch.assess.rows import format_decimal

CASES = load_cases("verdicts.toml")
STEP_FIELDS = {"value", "op", "unit", "doc", "quote", "kind", "figure_id", "indicator", "published", "status",
               "gap", "current"}


def run_case(case: dict) -> Verdict:
    defaults = {k: case[k] for k in ("indicator", "measure") if k in case}
    defaults.setdefault("measure", "growth")
    defaults["year"] = case.get("year", 2030)
    records = make_records(CASES["docs"], case["figures"], defaults)
    key = Key(case.get("region", "甲市"), defaults["year"], case["indicator"], defaults["measure"])
    found = {v.key: v for v in verdicts(records, tolerance=case.get("tolerance", 0))}
    assert key in found, f"no verdict on {key}; verdicts on {list(found)}"
    return found[key]


@pytest.mark.parametrize("case", CASES["case"], ids=[c["name"] for c in CASES["case"]])
def test_golden_case(case: dict) -> None:
    verdict = run_case(case)
    expect = case["expect"]
    assert verdict.status == expect["status"]
    if "provisional" in expect:
        assert verdict.provisional is expect["provisional"]
    if "gap" in expect:
        assert verdict.gap == Decimal(expect["gap"])
    if "result" in expect:
        assert verdict.result is not None and verdict.result.value == Decimal(expect["result"])
    if "history" in expect:
        assert len(verdict.history) == expect["history"]
    if "current_doc" in expect:
        assert verdict.result is not None and verdict.result.doc == expect["current_doc"]
        assert [s.entry.doc for s in verdict.history if s.current] == [expect["current_doc"]]
    if "alternatives" in expect:
        assert [f"{format_decimal(s.entry.value)}: {REASONS[s.why_not]}" for s in verdict.alternatives] == \
            expect["alternatives"]


def test_every_status_is_covered_by_a_case() -> None:
    statuses = {c["expect"]["status"] for c in CASES["case"]}
    assert statuses == {"met", "missed", "not_reported", "pending"}
    assert any(c["expect"].get("provisional") for c in CASES["case"])


def test_row_fields_and_json() -> None:
    case = next(c for c in CASES["case"] if c["name"].startswith("a final figure supersedes a preliminary one;"))
    row = run_case(case).to_dict()
    assert list(row) == ["region", "year", "indicator", "measure", "status", "provisional", "gap", "target",
                         "result", "history", "alternatives"]
    for side in ("target", "result"):
        assert {"value", "op", "unit", "doc", "quote"} <= set(row[side])
    assert row["gap"] == 0.2 and row["result"]["value"] == 8.2 and row["target"]["op"] == "approx"
    assert [h["kind"] for h in row["history"]] == ["estimate", "actual"]
    assert [h["current"] for h in row["history"]] == [False, True]
    assert [h["status"] for h in row["history"]] == ["missed", "met"]
    assert set(row["history"][0]) == STEP_FIELDS
    assert [(a["value"], a["why_not"]) for a in row["alternatives"]] == [(7.5, "a final figure over a 预计 estimate")]
    json.dumps(row, ensure_ascii=False)


def test_sync_row_names_its_basis_and_joint_row_its_parts() -> None:
    case = next(c for c in CASES["case"] if c["name"].startswith("joint income in step with growth: missed"))
    row = run_case(case).to_dict()
    assert row["target"]["basis"]["value"] == 7.5
    assert set(row["result"]["parts"]) == {"urban_income", "rural_income"}


def test_rows_export() -> None:
    rows = verdicts(make_records(CASES["docs"], CASES["case"][0]["figures"],
                                 {"indicator": "gdp", "measure": "growth", "year": 2030}))
    assert len(rows) == 1
    frame = rows.to_dataframe()
    assert frame.loc[0, "status"] == "met" and frame.loc[0, "target_value"] == 8
    assert rows.to_csv().splitlines()[0].startswith("region,year,indicator,measure,status,provisional,gap,")
    assert json.loads(rows.to_jsonl())["result"]["value"] == 8.7


def test_ledger_is_reusable() -> None:
    ledger = Ledger(make_records(CASES["docs"], CASES["case"][0]["figures"],
                                 {"indicator": "gdp", "measure": "growth", "year": 2030}))
    assert verdicts(ledger)[0].status == verdicts(ledger.records)[0].status == "met"


@pytest.mark.skipif(not gold_available(), reason="../shared/gold is not beside the checkout")
def test_gold_figures_give_the_gold_verdicts() -> None:
    """With perfect extraction, every gold verdict of the seeds is right."""
    got = {tuple(v.key): v for v in verdicts(gold_records())}
    wrong = []
    for g in read_jsonl(GOLD / "status.jsonl"):
        v = got.get((g["region"], g["year"], g["indicator"], g["measure"]))
        if v is None or v.status != g["status"]:
            wrong.append((g, v and v.status))
    assert not wrong
    # the 预计 verdicts of the 2022 execution report are provisional, the final ones are not
    assert got[("包头市", 2022, "gdp", "growth")].provisional
    assert not got[("包头市", 2022, "unemployment_rate", "level")].provisional


@pytest.mark.skipif(not seeds_available(), reason="../shared/seeds is not beside the checkout")
def test_seeds_end_to_end_scorecard_scores_21_of_21(db_url: str, tmp_path) -> None:
    """Acceptance: ingest the seeds, `planwatch scorecard --format jsonl`, score.py status gives 21/21."""
    import subprocess
    import sys

    ingest_seeds(db_url)
    pred = tmp_path / "s.jsonl"
    pred.write_text(run_cli("scorecard", "--db", db_url, "--format", "jsonl"), encoding="utf-8")
    scored = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "status", "--gold",
                             str(GOLD / "status.jsonl"), "--pred", str(pred)], capture_output=True, text=True,
                            check=True).stdout
    gold = read_jsonl(GOLD / "status.jsonl")
    assert scored.splitlines()[-1].startswith(f"status: {len(gold)}/{len(gold)} verdicts right"), scored
    rows = read_jsonl(pred)
    assert all(list(r) == ["region", "year", "indicator", "measure", "status", "provisional", "gap", "target",
                           "result", "history", "alternatives"] for r in rows)
    table = run_cli("scorecard", "--db", db_url, "--region", "包头市", "--year", "2022")
    assert "missed" in table and "not_reported" in table
    # a narrowed query (one region, one year) judges exactly as the whole database does
    for region, year in {(r["region"], r["year"]) for r in rows}:
        narrowed = [json.loads(line) for line in run_cli("scorecard", "--db", db_url, "--region", region,
                                                         "--year", str(year), "--format", "jsonl").splitlines()]
        assert narrowed == [r for r in rows if r["region"] == region and r["year"] == year]


def test_cli_errors_are_one_line(tmp_path) -> None:
    from typer.testing import CliRunner

    from planwatch.cli import app

    missing = CliRunner().invoke(app, ["scorecard", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no database at" in missing.output
    assert not (tmp_path / "none.db").exists()
    bad = CliRunner().invoke(app, ["scorecard", "--db", str(tmp_path / "none.db"), "--tolerance", "much"])
    assert bad.exit_code == 2 and "--tolerance 'much' is not a number" in bad.output

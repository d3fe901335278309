"""Acceptance on real provincial reports (`../shared/corpus/provinces`, gold in `../shared/gold`).

The eight reports with gold figures (the 2025 and 2026 work reports of 河南, 浙江, 福建, 贵州) are scored by
the shared scorer; the whole folder, ingested, must give each of the 25 provinces the 2025 GDP growth its
2026 report states — an annual result, never a five-year change (较“十三五”末增长33.6%) or average.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from planwatch import store
from planwatch.assess import scorecard
from planwatch.assess.ledger import Ledger
from planwatch.ingest import ingest
from planwatch.store.db import dispose_engines
from scoring import ROOT, SHARED, concatenated, extract_jsonl, run_cli, score, score_status

PROVINCES = SHARED / "corpus" / "provinces"
GOLD = SHARED / "gold"
GOLD_PROVINCES = ("河南省", "浙江省", "福建省", "贵州省")
GOLD_DOCS = [PROVINCES / f"{year}_{p}_政府工作报告.{'docx' if year == 2025 else 'txt'}"
             for year in (2025, 2026) for p in GOLD_PROVINCES]
GDP_2025 = {region: Decimal(str(v)) for region, v in tomllib.loads(
    (ROOT / "tests" / "cases" / "province_gdp_2025.toml").read_text(encoding="utf-8"))["gdp_growth"].items()}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory):
    """The provinces folder ingested into a new SQLite database: its URL."""
    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'corpus.db'}"
    result = ingest([PROVINCES], db=url, jobs=2)
    assert result.ok and result.count("stored") == 50, [o.reason for o in result.failed]
    yield url
    dispose_engines()


def test_the_gold_reports_strict_f1(tmp_path):
    out = tmp_path / "corpus.jsonl"
    extract_jsonl(GOLD_DOCS, out)
    gold = concatenated(sorted(GOLD.glob("corpus_[!s]*.jsonl")), tmp_path / "gold.jsonl")
    s = score(gold, out, PROVINCES)
    assert s["f1"] >= 0.98, s  # 0.991 when written
    assert s["ok"] == s["checked"]


def test_the_verdicts_on_the_gold_provinces(books, tmp_path):
    out = tmp_path / "status.jsonl"
    run_cli(["scorecard", "--db", books, "--format", "jsonl"], out)
    gold = concatenated(sorted(GOLD.glob("corpus_status_*.jsonl")), tmp_path / "gold.jsonl")
    right, total = score_status(gold, out)
    assert right >= 39 and total == 41  # 41 when written


def test_each_province_has_its_stated_2025_gdp_growth_as_an_annual_result(books):
    records = store.figures(books, indicator="gdp", year=2025)
    stated = [r for r in records if r.figure.measure == "growth" and r.figure.kind != "target"
              and r.plan_year == 2026]
    by_region: dict[str, set[Decimal]] = {}
    for r in stated:
        assert r.figure.period is None, r.figure
        by_region.setdefault(r.figure.region, set()).add(r.figure.value)
    assert by_region == {region: {value} for region, value in GDP_2025.items()}


def test_the_scorecard_judges_each_province_by_that_result(books):
    ledger = Ledger(store.figures(books, indicator=["gdp"]), reviews=store.reviews(books))
    results = {v.region: v.result for v in scorecard(ledger, year=2025, indicator="gdp") if v.measure == "growth"}
    assert {region: r.value if r else None for region, r in results.items()} == GDP_2025

"""Annex tables (主要预期目标安排): golden cases (`cases/annex.toml`), formats, and 九原区's own table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from figure_records import (gold_available, gold_records, ingest_seeds, load_cases, make_records, run_cli,
                            seeds_available)

from planwatch.assess.annex import Annex, annex
from planwatch.assess.wording import phrase

CASES = load_cases("annex.toml")


def rows_of(table: Annex) -> list[list[str]]:
    return [[row.indicator, row.measure, *row.cells] for row in table.rows]


def build(case: dict) -> Annex:
    records = make_records(CASES["docs"], case["figures"], {"measure": "growth"})
    return annex(records, case["region"], case["year"], complete=case.get("complete", False))


@pytest.mark.parametrize("case", CASES["case"], ids=[c["name"] for c in CASES["case"]])
def test_golden_case(case: dict) -> None:
    table = build(case)
    assert rows_of(table) == case["rows"]
    assert table.unit == case.get("unit")
    for indicator, status in case.get("status", {}).items():
        assert next(r for r in table.rows if r.indicator == indicator).status == status
    if "names" in case:
        assert [r.name for r in table.rows] == case["names"]


def test_header_carries_the_common_unit_and_the_years() -> None:
    table = build(next(c for c in CASES["case"] if c.get("unit") == "%"))
    assert table.header() == ["指标名称", "2030年计划目标(%)", "2030年完成情况(%)", "2031年预期目标(%)"]
    mixed = build(CASES["case"][0])
    assert mixed.header()[1] == "2030年计划目标"


@pytest.mark.parametrize(("op", "value", "unit", "expected"), [
    ("approx", "9", None, "9左右"),
    ("ge", "20.0", None, "20以上"),
    ("le", "3.9", None, "3.9以内"),
    ("gt", "1200", "亿元", ">1200亿元"),
    ("lt", "0", "%", "<0%"),
    ("eq", "3.54", None, "3.54"),
    ("sync", None, None, "与经济增长同步"),
    ("approx", "-3", "%", "-3%左右"),
    ("qualitative", None, None, "完成上级下达的目标任务"),
])
def test_wording(op: str, value: str | None, unit: str | None, expected: str) -> None:
    from decimal import Decimal

    assert phrase(None if value is None else Decimal(value), op, unit) == expected


@pytest.mark.parametrize(("op", "value", "expected"), [
    ("approx", "-3", "下降3%左右"), ("ge", "-2.5", "下降2.5%以上"), ("eq", "-1.1", "下降1.1%"),
    ("le", "0", "0%以内"), ("approx", "6", "6%左右"),
])
def test_falls_read_as_falls(op: str, value: str, expected: str) -> None:
    from decimal import Decimal

    assert phrase(Decimal(value), op, "%", fall=True) == expected


def test_formats(tmp_path: Path) -> None:
    table = build(CASES["case"][0])
    markdown = table.to_markdown().splitlines()
    assert markdown[0] == "**甲市 2031年经济社会发展主要预期目标安排**"
    assert markdown[4] == "| 地区生产总值 | 7%左右 | 6.8%左右(预计) | 6.5%左右 |"
    parsed = list(csv.reader(io.StringIO(table.to_csv())))
    assert parsed[0] == table.header() and parsed[1:] == table.table()
    frame = table.to_dataframe()
    assert list(frame.columns) == table.header() and len(frame) == 4
    from openpyxl import load_workbook

    out = tmp_path / "annex.xlsx"
    table.to_xlsx(out)
    sheet = load_workbook(out).active
    values = [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0] == table.header() and values[1:] == table.table()
    d = table.to_dict()
    assert d["rows"][0]["previous_result"] == "6.8%左右(预计)"
    assert d["rows"][0]["figures"]["previous_result"]["kind"] == "estimate"


@pytest.mark.skipif(not gold_available(), reason="../shared/gold is not beside the checkout")
def test_seed_annex_from_gold_figures() -> None:
    """With perfect extraction, the annex reproduces the government's own table, all 8 rows × 3 cells."""
    seed = CASES["seed"]
    table = annex(gold_records(), seed["region"], seed["year"])
    assert rows_of(table) == seed["rows"]
    assert table.unit == seed["unit"]


@pytest.mark.skipif(not seeds_available(), reason="../shared/seeds is not beside the checkout")
def test_seed_annex_end_to_end(db_url: str, tmp_path: Path) -> None:
    """Acceptance: after ingesting the seeds, `planwatch annex --region 九原区 --year 2024` reproduces the
    district's own table (8 rows × 3 value columns), here read back from the CSV output."""
    seed = CASES["seed"]
    ingest_seeds(db_url)
    text = run_cli("annex", "--db", db_url, "--region", seed["region"], "--year", str(seed["year"]),
                   "--format", "csv")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0][1:] == ["2023年计划目标(%)", "2023年完成情况(%)", "2024年预期目标(%)"]
    assert [row[1:] for row in parsed[1:]] == [row[2:] for row in seed["rows"]]
    shown = run_cli("annex", "--db", db_url, "--region", seed["region"], "--year", str(seed["year"]))
    assert "9左右" in shown and "与经济增长同步" in shown
    run_cli("annex", "--db", db_url, "--region", seed["region"], "--year", str(seed["year"]),
            "--format", "xlsx", "--out", str(tmp_path / "annex.xlsx"))
    assert (tmp_path / "annex.xlsx").stat().st_size > 0

"""Targets across levels (层层加码): golden cases (`cases/compare.toml`) and the seeds' 2024 targets."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from figure_records import (gold_available, gold_records, ingest_seeds, load_cases, make_records, run_cli,
                            seeds_available)

from planwatch.assess import Comparison, Rows, compare
from planwatch.assess.rows import format_decimal

CASES = load_cases("compare.toml")
ACCEPTANCE = ("gdp", "fai", "industrial_va", "retail_sales", "budget_revenue", "unemployment_rate")


def as_rows(found: list[Comparison]) -> list[list[str]]:
    return [[c.region, c.indicator, c.measure, c.parent or "",
             format_decimal(c.parent_target.value) if c.parent_target else "", format_decimal(c.escalation)]
            for c in found]


def build(case: dict, **options: object) -> list[Comparison]:
    records = make_records(CASES["docs"], case["figures"], {"measure": "growth", "year": case["year"]})
    parents = case.get("parents", {})
    return compare(records, case["year"], parent_of=parents.get, **options)


@pytest.mark.parametrize("case", CASES["case"], ids=[c["name"] for c in CASES["case"]])
def test_golden_case(case: dict) -> None:
    found = build(case)
    assert as_rows(found) == case["rows"]
    if "escalates" in case:
        by_key = {(c.region, c.indicator): c for c in found}
        assert [[r, i, by_key[r, i].stricter, by_key[r, i].escalates] for r, i, _, _ in case["escalates"]] \
            == case["escalates"]


def test_filters_and_fields() -> None:
    case = CASES["case"][0]
    only_gdp = build(case, indicator="gdp")
    assert [c.region for c in only_gdp] == ["某省", "甲市", "乙县"]
    county = build(case, indicator="gdp", region="乙县")
    assert len(county) == 1 and county[0].escalation == Decimal(1)
    row = json.loads(Rows(county).to_jsonl())
    assert list(row) == ["region", "parent", "year", "indicator", "measure", "target", "parent_target",
                         "escalation", "stricter", "escalates"]
    assert row["escalation"] == 1 and row["target"]["op"] == "ge" and row["parent_target"]["value"] == 6
    assert {"value", "op", "unit", "doc", "quote"} <= set(row["target"])


@pytest.mark.skipif(not gold_available(), reason="../shared/gold is not beside the checkout")
def test_seed_district_under_its_city_from_gold_figures() -> None:
    """With perfect extraction: 2024 targets of the district equal its city's for the six indicators."""
    found = compare(gold_records(), 2024, parent_of=lambda name: None)
    district = {c.indicator: c for c in found if c.parent == "包头市" and c.measure in ("growth", "level")}
    for indicator in ACCEPTANCE:
        assert district[indicator].region == "九原区"
        assert district[indicator].escalation == 0, indicator


@pytest.mark.skipif(not seeds_available(), reason="../shared/seeds is not beside the checkout")
def test_seed_compare_end_to_end(db_url: str) -> None:
    """Acceptance: after ingesting the seeds, `planwatch compare --year 2024` puts 九原区 under 包头市 with
    escalation 0 for the six indicators."""
    ingest_seeds(db_url)
    rows = [json.loads(line) for line in run_cli("compare", "--db", db_url, "--year", "2024",
                                                   "--format", "jsonl").splitlines()]
    district = {r["indicator"]: r for r in rows if r["region"] == "九原区"}
    for indicator in ACCEPTANCE:
        assert district[indicator]["parent"] == "包头市"
        assert district[indicator]["escalation"] == 0, district[indicator]
        assert district[indicator]["parent_target"]["doc"] != district[indicator]["target"]["doc"]


def test_parent_from_the_gazetteer_when_documents_do_not_say() -> None:
    docs = {"city": {"region": "宁波市", "plan_year": 2030}, "district": {"region": "鄞州区", "plan_year": 2030}}
    records = make_records(docs, [
        {"doc": "city", "kind": "target", "indicator": "gdp", "year": 2030, "value": "5.5", "op": "approx"},
        {"doc": "district", "kind": "target", "indicator": "gdp", "year": 2030, "value": "6", "op": "approx"},
    ], {"measure": "growth"})
    found = {c.region: c for c in compare(records, 2030)}
    assert found["鄞州区"].parent == "宁波市" and found["鄞州区"].escalation == Decimal("0.5")
    assert found["宁波市"].parent == "浙江省" and found["宁波市"].parent_target is None

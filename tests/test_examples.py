"""The example reports and their golden figures (`examples/expected.jsonl`) agree with each other."""

from __future__ import annotations

import json
import zipfile
from importlib.util import find_spec
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CATALOG_IDS = {
    "gdp", "industrial_va", "fai", "retail_sales", "budget_revenue", "urban_income", "rural_income",
    "resident_income", "new_urban_jobs", "unemployment_rate", "surveyed_unemployment_rate", "cpi",
    "grain_output", "energy_intensity", "rd_intensity", "foreign_trade", "fdi", "domestic_capital", "emissions",
}
INVENTED_PLACES = ["澜泽市", "澜泽", "禾麓区", "禾麓", "澜泽市禾麓区"]


def load_expected() -> list[dict]:
    lines = (EXAMPLES / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_every_document_exists_and_has_figures():
    docs = {row["doc"] for row in load_expected()}
    on_disk = {p.name for p in EXAMPLES.glob("*.txt")}
    assert docs == on_disk
    for name in docs:
        assert 4000 <= len(read_example(name)) <= 9000, name


def test_every_quote_is_an_exact_substring_at_its_offsets():
    for row in load_expected():
        text = read_example(row["doc"])
        assert row["quote"] in text, row
        assert text[row["start"]:row["end"]] == row["quote"], row


def test_rows_follow_the_gold_schema():
    for row in load_expected():
        assert row["indicator"] in CATALOG_IDS, row
        assert row["kind"] in {"target", "actual", "estimate"}, row
        assert row["measure"] in {"growth", "level", "change_pp"}, row
        assert row["op"] in {"approx", "ge", "gt", "le", "lt", "eq", "sync", "qualitative"}, row
        if row["op"] in {"sync", "qualitative"}:
            assert row["value"] is None and row["unit"] is None, row
        else:
            assert isinstance(row["value"], (int, float)) and row["unit"], row
        if row["measure"] == "growth" and row["op"] != "sync":
            assert row["unit"] == "%", row
        assert row["region"] in {"澜泽市", "禾麓区"}, row


def test_the_examples_cover_the_catalog():
    rows = load_expected()
    assert {r["indicator"] for r in rows} == CATALOG_IDS
    kinds_by_doc = {(r["doc"], r["kind"]) for r in rows}
    assert len({doc for doc, kind in kinds_by_doc if kind == "estimate"}) >= 1
    assert any(r.get("source") == "table" for r in rows)
    assert any(r.get("restated") for r in rows)


def _gazetteer_text() -> str:
    spec = find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("jionlp is not installed")
    path = Path(list(spec.submodule_search_locations)[0]) / "dictionary" / "china_location.zip"
    with zipfile.ZipFile(path) as archive:
        return archive.read(archive.namelist()[0]).decode("utf-8")


def test_invented_places_are_unknown_to_the_gazetteer():
    gazetteer = _gazetteer_text()
    assert "九原区" in gazetteer  # the check can fail: a real district is found
    for name in INVENTED_PLACES:
        assert name not in gazetteer, name
    regions = {row["region"] for row in load_expected()}
    assert all(region not in gazetteer for region in regions)


def test_district_title_names_its_city():
    text = read_example("澜泽市禾麓区_2024年国民经济和社会发展计划.txt")
    assert text.lstrip().startswith("澜泽市禾麓区")

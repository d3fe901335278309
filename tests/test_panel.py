"""The panel (`planwatch panel`, `/api/panel`, `planwatch.panel`): the scorecard's verdicts laid flat as a
research dataset, long and wide, in CSV, Parquet, Stata and XLSX, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pandas
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import planwatch
from planwatch.assess import scorecard
from planwatch.assess.ledgers import scorecard_ledger
from planwatch.assess.panel import LABELS
from planwatch.cli import app as cli
from planwatch.dataset import DatasetError, panel_records
from planwatch.ingest import ingest
from planwatch.store.db import dispose_engines
from planwatch.web import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
SOURCES = sorted(SEEDS.glob("*.txt")) + sorted((ROOT / "examples").glob("*.txt"))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def books(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed reports and the examples, ingested once per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('panel') / 'books.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database()
    assert ingest(SOURCES, db=url, jobs=2).ok
    yield url
    dispose_engines()


def _run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output


def test_panel_rows_are_the_scorecards_verdicts(books: str) -> None:
    rows = panel_records(books)
    verdicts = {v.key: v for v in scorecard(scorecard_ledger(books))}
    judged = {(r.region, r.year, r.indicator, r.measure): r for r in rows if r.verdict is not None}
    assert judged.keys() == verdicts.keys()
    for key, row in judged.items():
        v = verdicts[key]
        assert (row.verdict, row.gap, row.provisional, row.target, row.target_op, row.target_quote) == \
            (v.status, v.gap, v.provisional, v.target.value, v.target.op, v.target.quote), key
        assert row.result_quote == (v.result.quote if v.result else None), key
    # a key with a result and no target is a row too, with an empty verdict
    assert any(r.verdict is None and r.result is not None and r.target is None for r in rows)


def test_rows_know_their_region_and_provenance(books: str) -> None:
    rows = panel_records(books, indicator="gdp")
    district = next(r for r in rows if r.region == "九原区" and r.verdict is not None)
    assert (district.level, district.parent, district.region_code) == ("county", "包头市", "150207")
    assert district.target_sha256 and len(district.target_sha256) == 64
    assert district.engine_version
    assert {r.indicator for r in rows} == {"gdp"}


def test_filters_by_level_and_years(books: str) -> None:
    cities = panel_records(books, level="city", from_year=2024, to_year=2024)
    assert cities and {(r.level, r.year) for r in cities} == {("city", 2024)}
    with pytest.raises(DatasetError, match="unknown level"):
        panel_records(books, level="township")
    with pytest.raises(DatasetError, match="after"):
        panel_records(books, from_year=2025, to_year=2024)


def test_a_range_target_gives_both_bounds(books: str) -> None:
    ranges = [r for r in panel_records(books) if r.target_op in ("ge", "le")
              and r.target_low is not None and r.target_high is not None]
    for r in ranges:
        assert r.target_low <= r.target_high
        assert r.target in (r.target_low, r.target_high)


def test_wide_and_long_agree(books: str) -> None:
    long = planwatch.panel(books)
    wide = planwatch.panel(books, wide=True)
    assert len(wide) == len(long.groupby(["region", "year"]))
    indexed = wide.set_index(["region", "year"])
    for row in long.itertuples():
        stem = f"{row.indicator}_{row.measure}"
        cell = indexed.loc[(row.region, row.year)]
        assert _same(cell[f"{stem}_target"], row.target) and _same(cell[f"{stem}_verdict"], row.verdict)
        assert _same(cell[f"{stem}_result"], row.result), (row.region, row.year, stem)


def _same(a: object, b: object) -> bool:
    """Equal, or both missing (pandas turns None into NaN)."""
    return bool(pandas.isna(a) and pandas.isna(b)) if pandas.isna(a) or pandas.isna(b) else a == b


def test_stata_file_keeps_the_chinese_labels_and_short_names(books: str, tmp_path: Path) -> None:
    out = tmp_path / "panel.dta"
    _run("panel", "--db", books, "--format", "dta", "--out", str(out))
    frame = pandas.read_stata(out)
    long = planwatch.panel(books)
    assert len(frame) == len(long)
    with pandas.io.stata.StataReader(out) as reader:
        labels = reader.variable_labels()
    assert labels["target"] == LABELS["target"] and "目标值" in labels["target"]
    assert set(frame["indicator_name"]) >= {"地区生产总值"}
    judged = frame[frame["verdict"] != ""]
    assert set(judged["verdict"]) <= {"met", "missed", "not_reported", "pending"}
    wide = tmp_path / "wide.dta"
    _run("panel", "--db", books, "--format", "dta", "--wide", "--out", str(wide))
    with pandas.io.stata.StataReader(wide) as reader:
        names = list(reader.variable_labels())
    assert all(len(name) <= 32 for name in names)
    assert "gdp_growth_target" in names


def test_csv_has_a_bom_and_parquet_exact_decimals(books: str, tmp_path: Path) -> None:
    csv, parquet = tmp_path / "p.csv", tmp_path / "p.parquet"
    _run("panel", "--db", books, "--format", "csv", "--out", str(csv))
    _run("panel", "--db", books, "--format", "parquet", "--out", str(parquet), "--indicator", "gdp")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbfregion_code,")
    table = pq.read_table(parquet)
    assert str(table.schema.field("target").type).startswith("decimal128")
    values = {v for v in table.column("result").to_pylist() if v is not None}
    assert values and all(isinstance(v, Decimal) for v in values)


def test_api_panel_is_the_python_panel(books: str) -> None:
    client = TestClient(create_app(books))
    got = client.get("/api/panel", params={"indicator": "gdp", "from": 2023}).json()["rows"]
    rows = panel_records(books, indicator="gdp", from_year=2023)
    assert [(r["region"], r["year"], r["measure"], r["verdict"]) for r in got] == \
        [(r.region, r.year, r.measure, r.verdict) for r in rows]
    assert client.get("/api/panel", params={"level": "township"}).status_code == 400
    assert client.get("/api/panel", params={"wide": True, "format": "csv"}).text.lstrip("\ufeff") \
        .startswith("region_code,region,level,parent,year,")

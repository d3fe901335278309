"""Exports: figures, documents and verdicts in four formats, values exact."""

from __future__ import annotations

import csv
import json
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from planwatch.cli import app
from planwatch.export import ExportError, export, rows
from planwatch.models import Document, DocumentFacts, Figure
from planwatch.store.db import get_engine, writer
from planwatch.store.write import store_document

VALUES = ["16.4", "0.10", "61040", "-3", "3.9"]


@pytest.fixture
def books(db_url):
    doc = Document(text="x" * 100, name="a.txt", sha256="a" * 64,
                   facts=DocumentFacts(region="九原区", doc_type="plan_execution", plan_year=2024, review_year=2023))
    figures = [Figure(indicator="gdp", label="地区生产总值", measure="growth", value=Decimal(v), unit="%", op="eq",
                      kind="target", year=2024, region="九原区", quote=f"q{i}", start=i, end=i + 2)
               for i, v in enumerate(VALUES)]
    with Session(writer(get_engine(db_url))) as session, session.begin():
        store_document(session, doc, figures, engine_version="t")
    return db_url


def test_csv_keeps_the_digits(books, tmp_path):
    out = tmp_path / "f.csv"
    assert export("figures", "csv", out, books) == 5
    with out.open(encoding="utf-8-sig") as f:
        got = list(csv.DictReader(f))
    assert [r["value"] for r in got] == VALUES
    assert got[0]["label"] == "地区生产总值" and got[0]["doc_region"] == "九原区" and got[0]["restated"] == "false"


def test_jsonl_numbers_as_extract_writes_them(books, tmp_path):
    out = tmp_path / "f.jsonl"
    export("figures", "jsonl", out, books)
    got = [json.loads(line, parse_float=Decimal) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["value"] for r in got] == [Decimal("16.4"), Decimal("0.1"), 61040, -3, Decimal("3.9")]
    assert got[0]["quote"] == "q0" and got[0]["published"] is None


def test_parquet_stores_decimals(books, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "f.parquet"
    export("figures", "parquet", out, books)
    table = pq.read_table(out)
    assert pa.types.is_decimal(table.schema.field("value").type)
    assert table.column("value").to_pylist() == [Decimal(v) for v in VALUES]


def test_xlsx_has_a_header_and_number_cells(books, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "f.xlsx"
    export("figures", "xlsx", out, books)
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    values = [row[header.index("value")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [Decimal(str(v)) for v in values] == [Decimal(v) for v in VALUES]


def test_documents_export(books, tmp_path):
    out = tmp_path / "d.csv"
    assert export("documents", "csv", out, books) == 1
    [row] = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert (row["name"], row["region"], row["figure_count"], row["plan_year"]) == ("a.txt", "九原区", "5", "2024")
    assert "text" not in row


def test_filters_and_errors(books, tmp_path):
    assert len(rows("figures", books, region="九原区", year=2024)) == 5
    assert rows("figures", books, year=2023) == []
    with pytest.raises(ExportError, match="choose one of"):
        export("figures", "docx", tmp_path / "x", books)
    with pytest.raises(ExportError, match="cannot export 'targets'"):
        export("targets", "csv", tmp_path / "x", books)


def test_verdicts_export_uses_the_scorecard(books, tmp_path):
    out = tmp_path / "v.jsonl"
    export("verdicts", "jsonl", out, books, region="九原区", year=2024)
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert got and {r["region"] for r in got} == {"九原区"} and {r["status"] for r in got} == {"pending"}


def test_cli_export(books, tmp_path):
    out = tmp_path / "f.parquet"
    result = CliRunner().invoke(app, ["export", "--what", "figures", "--format", "parquet", "--out", str(out),
                                      "--db", books])
    assert result.exit_code == 0 and out.exists()
    assert "wrote 5 figures" in result.output
    refused = CliRunner().invoke(app, ["export", "--format", "xlsx", "--db", books])
    assert refused.exit_code == 1 and "xlsx cannot go to standard output" in refused.output

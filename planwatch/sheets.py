"""Rows written out as CSV or XLSX, one row at a time: the one writer of the command line's exports,
the books' tables and the web's downloads.

- Time is linear in rows and memory flat: rows may be any iterable (a query read in chunks); nothing is
  kept but the current row.
- Numbers stay numbers: a `Decimal` is written as its digits (CSV "0.10", never 0.1000000001) and as a
  number cell in XLSX; booleans are `true`/`false` in CSV and boolean cells in XLSX.
- Text never starts a formula. A CSV text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
  return gets a leading `'` (OWASP's advice), unless it is a plain number such as "-2" or "+5%"; in XLSX
  text is an inline string, which a spreadsheet never evaluates.

XLSX is written here as SpreadsheetML straight into a zip stream: openpyxl's write-only mode was measured
at about 8,000 rows/s for a figure row of 26 cells on the project's machines (a 100 000-row download took
over 10 s); this writer is several times faster (`benchmarks/export_speed.py` prints both).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import IO, Any
from html import escape  # for XML with quote=False (xml.sax.saxutils would import urllib, http and ssl)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
XLSX_MAX_CELL_CHARS = 32767  # what a spreadsheet cell holds
_EXACT_DIGITS = 40  # a Decimal written out digit by digit up to this magnitude, else in exponent form


def columns_of(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every key of `rows`, in the order they first appear."""
    return list(dict.fromkeys(k for row in rows for k in row))


def safe_text(text: str) -> str:
    """`text` as a CSV cell that no spreadsheet reads as a formula."""
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def decimal_text(value: Decimal) -> str:
    """A decimal's own digits without exponent ("0.10", "1200"); exponent form when it is absurdly large
    or small (a million digits is no way to write 1E+999999)."""
    if value.is_finite() and abs(value.adjusted()) <= _EXACT_DIGITS:
        return format(value, "f")
    return str(value)


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: numbers as digits, `true`/`false`, dates in ISO form, lists and dicts as
    JSON, text made safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple)):
        return safe_text(json.dumps(value, ensure_ascii=False, default=str))
    return safe_text(str(value))


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: IO[str]) -> int:
    """A header and one line per row (keys not in `columns` are left out); the number of rows."""
    writer = csv.writer(out)  # lines end in CRLF (RFC 4180): a CR inside a cell is then quoted
    writer.writerow([safe_text(c) for c in columns])
    n = 0
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
        n += 1
    return n


def write_csv_table(header: Sequence[str], body: Iterable[Sequence[Any]], out: IO[str]) -> None:
    """A table given as lists of cells (the annex), each cell written as `csv_cell` writes it."""
    writer = csv.writer(out)  # lines end in CRLF (RFC 4180): a CR inside a cell is then quoted
    writer.writerow([csv_cell(c) for c in header])
    writer.writerows([csv_cell(c) for c in cells] for cells in body)


# ---- XLSX -------------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_END = "</sheetData></worksheet>"
_ROWS_PER_WRITE = 500


def _text_cell(text: str) -> str:
    text = _XML_ILLEGAL.sub("", text)[:XLSX_MAX_CELL_CHARS]
    kept = escape(text, quote=False).replace("\r", "&#13;")  # a bare CR would be read back as a line feed
    return f'<c t="inlineStr"><is><t xml:space="preserve">{kept}</t></is></c>'


def xlsx_cell(value: Any) -> str:
    """A value as a cell of the sheet: numbers and booleans typed, everything else an inline string."""
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, Decimal):
        if value.is_finite() and abs(value.adjusted()) < 300:
            return f"<c><v>{decimal_text(value)}</v></c>"
        return _text_cell(str(value))
    if isinstance(value, int):
        return f"<c><v>{value}</v></c>" if abs(value) < 10 ** 15 else _text_cell(str(value))
    if isinstance(value, float):
        return f"<c><v>{value!r}</v></c>" if math.isfinite(value) else _text_cell(str(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return _text_cell(value.isoformat())
    if isinstance(value, (dict, list, tuple)):
        return _text_cell(json.dumps(value, ensure_ascii=False, default=str))
    return _text_cell(str(value))


def sheet_name(title: str) -> str:
    """A name a spreadsheet accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", _XML_ILLEGAL.sub("", title))[:31].strip("'") or "data"


def write_xlsx(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: IO[bytes] | str,
               title: str = "data") -> int:
    """One sheet named `title`: a header row, then one row per row; the number of rows."""
    n = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        name = escape(sheet_name(title), quote=False).replace('"', "&quot;")
        book.writestr("xl/workbook.xml", _WORKBOOK.format(name=name))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.encode())
            chunk = ['<row r="1">' + "".join(_text_cell(str(c)) for c in columns) + "</row>"]
            for row in rows:
                n += 1
                chunk.append(f'<row r="{n + 1}">' + "".join(xlsx_cell(row.get(c)) for c in columns) + "</row>")
                if len(chunk) >= _ROWS_PER_WRITE:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + _SHEET_END).encode())
    return n

"""Exports of the books: figures, verdicts or documents as CSV, XLSX, Parquet or JSON lines.

Values stay exact: a `Decimal` is written as its digits in CSV ("16.4", never 16.399999…), as a JSON number
in JSON lines (as `planwatch extract` writes them), as a number cell in XLSX, and as a Parquet decimal
column whose scale fits every value. CSV is UTF-8 with a byte-order mark, so that Excel reads the Chinese.
CSV and XLSX are written by `planwatch.sheets`, as every table of the books and the web is: no text cell
starts a formula.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from planwatch import sheets
from planwatch.models import decimal_to_number
from planwatch.store import documents, figures, reviews
from planwatch.store.db import SessionOrDb

WHAT = ("figures", "verdicts", "documents")
FORMATS = ("csv", "xlsx", "parquet", "jsonl")


class ExportError(Exception):
    pass


def rows(what: str, session_or_db: SessionOrDb = None, *, region: str | None = None, year: int | None = None,
         indicator: str | None = None) -> list[dict[str, Any]]:
    """The flat rows of an export, values as Python objects (`Decimal`, `date`, …)."""
    if what == "figures":
        return figures(session_or_db, region=region, year=year, indicator=indicator).to_records()
    if what == "documents":
        return documents(session_or_db, region=region, year=year).to_records()
    if what == "verdicts":
        return _verdict_rows(session_or_db, region=region, year=year, indicator=indicator)
    raise ExportError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")


def _verdict_rows(session_or_db: SessionOrDb, *, region: str | None, year: int | None,
                  indicator: str | None) -> list[dict[str, Any]]:
    try:
        from planwatch.assess import Ledger, scorecard
        from planwatch.engine.catalog import catalog
    except ImportError:  # the books are another module; the store works without them
        raise ExportError("verdicts cannot be exported: planwatch.assess.scorecard is not available") from None
    # verdicts read only the catalog's indicators, and a region's only its own figures (its GDP for sync
    # targets, its later reports): the rest of the database stays where it is
    records = figures(session_or_db, region=region, indicator=list(catalog()))
    ledger = Ledger(records, reviews=reviews(session_or_db, region=region))
    return scorecard(ledger, region=region, year=year, indicator=indicator).to_records()


def write(records: Sequence[dict[str, Any]], fmt: str, out: str | Path) -> None:
    """Write flat rows to `out` ("-" is standard output, for csv and jsonl) in `fmt`."""
    writers = {"csv": _write_csv, "jsonl": _write_jsonl, "xlsx": _write_xlsx, "parquet": _write_parquet}
    if fmt not in writers:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if str(out) == "-" and fmt in ("xlsx", "parquet"):
        raise ExportError(f"{fmt} cannot go to standard output: give --out FILE")
    writers[fmt](list(records), str(out))


def export(what: str, fmt: str, out: str | Path, session_or_db: SessionOrDb = None, **filters: Any) -> int:
    """Export `what` to `out` in `fmt`; the number of rows written."""
    records = rows(what, session_or_db, **filters)
    write(records, fmt, out)
    return len(records)


def _open(out: str, encoding: str = "utf-8") -> Any:
    if out == "-":
        return open(sys.stdout.fileno(), "w", encoding=encoding, closefd=False, newline="")
    return open(out, "w", encoding=encoding, newline="")


def _write_csv(records: list[dict[str, Any]], out: str) -> None:
    with _open(out, encoding="utf-8" if out == "-" else "utf-8-sig") as f:
        sheets.write_csv(records, sheets.columns_of(records), f)


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_to_number(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _write_jsonl(records: list[dict[str, Any]], out: str) -> None:
    with _open(out) as f:
        for r in records:
            f.write(json.dumps({k: _json_value(v) for k, v in r.items()}, ensure_ascii=False) + "\n")


def _write_xlsx(records: list[dict[str, Any]], out: str) -> None:
    sheets.write_xlsx(records, sheets.columns_of(records), out, title="planwatch")


def _write_parquet(records: list[dict[str, Any]], out: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = sheets.columns_of(records)
    arrays = {c: _arrow_column([r.get(c) for r in records]) for c in columns}
    pq.write_table(pa.table(arrays) if columns else pa.table({}), out)


def _arrow_column(values: list[Any]) -> Any:
    """An Arrow array; decimals as decimal128 with the largest scale among them (exact), else as text."""
    import pyarrow as pa

    if any(isinstance(v, Decimal) for v in values):
        shapes = [v.as_tuple() for v in values if v is not None]
        scale = max(max(-t.exponent, 0) for t in shapes)
        whole = max(max(len(t.digits) + t.exponent, 1) for t in shapes)  # digits before the point
        if whole + scale <= 38:
            return pa.array(values, type=pa.decimal128(whole + scale, scale))
        return pa.array([None if v is None else format(v, "f") for v in values], type=pa.string())
    if any(isinstance(v, (dict, list)) for v in values):
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False) for v in values])
    return pa.array(values)

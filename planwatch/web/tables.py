"""Lists as the API hands them out: pages (`page`, `per_page`, totals, next links) and CSV/XLSX downloads."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, Response

from planwatch.assess.rows import flatten, format_decimal
from planwatch.models import decimal_to_number
from planwatch.web.headers import localized

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("json", "csv", "xlsx")


@dataclasses.dataclass(slots=True)
class Page:
    """Which slice of a list a request asks for: 1-based `page`, `per_page` rows (None: all of them)."""

    page: int = 1
    per_page: int | None = DEFAULT_PER_PAGE

    @classmethod
    def of(cls, page: int | None, per_page: int | None, default: int | None = DEFAULT_PER_PAGE) -> Page:
        if page is not None and page < 1:
            raise HTTPException(400, "page starts at 1")
        if per_page is not None and not 1 <= per_page <= MAX_PER_PAGE:
            raise HTTPException(400, f"per_page must be between 1 and {MAX_PER_PAGE}")
        return cls(page or 1, per_page if per_page is not None else default)

    @property
    def offset(self) -> int:
        return 0 if self.per_page is None else (self.page - 1) * self.per_page

    def pages(self, total: int) -> int:
        return 1 if self.per_page is None else max(1, math.ceil(total / self.per_page))

    def slice(self, rows: Sequence[Any]) -> list[Any]:
        return list(rows) if self.per_page is None else list(rows[self.offset:self.offset + self.per_page])

    def links(self, request: Request, total: int) -> dict[str, Any]:
        """The envelope's fields: total, page, per_page, pages, next and previous URLs (None at the ends)."""
        from planwatch.web.render import url_with

        pages = self.pages(total)
        return {
            "total": total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": pages,
            "next": url_with(request, page=self.page + 1) if self.page < pages else None,
            "previous": url_with(request, page=self.page - 1) if self.page > 1 else None,
        }


def jsonable(value: Any) -> Any:
    """Values as JSON: Decimals as numbers, dates as ISO text, dataclasses as dicts."""
    if isinstance(value, Decimal):
        return decimal_to_number(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    return value


def json_response(data: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(jsonable(data), status_code=status_code)


def _columns(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None) -> list[str]:
    return list(columns) if columns else list(dict.fromkeys(k for r in rows for k in r))


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    records = [flatten(r) for r in rows]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_columns(records, columns), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in r.items()} for r in records)
    return out.getvalue()


def to_xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, title: str = "data") -> bytes:
    """One sheet: a header row, then the rows. Text stays text (a cell starting with "=" is no formula)."""
    from openpyxl import Workbook

    records = [flatten(r) for r in rows]
    names = _columns(records, columns)
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "data"
    sheet.append(names)
    for record in records:
        sheet.append([None] * len(names))
        for column, name in enumerate(names, start=1):
            value = _cell(record.get(name))
            if isinstance(value, Decimal):
                value = str(value)
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever a document's text starts with
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(rows: Sequence[dict[str, Any]], fmt: str, name: str,
             columns: Sequence[str] | None = None, lang: str = "en") -> Response:
    """A CSV or XLSX file of `rows`, offered as `name.csv` / `name.xlsx`; in Chinese (`lang` "zh") its
    headers are Chinese and a CSV starts with a byte-order mark, which Excel needs to read UTF-8."""
    rows, columns = localized(rows, columns, lang)
    if fmt == "csv":
        bom = "\ufeff" if lang == "zh" else ""
        return Response(bom + to_csv(rows, columns), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": _attachment(f"{name}.csv")})
    if fmt == "xlsx":
        return Response(to_xlsx(rows, columns, title=name), media_type=XLSX_TYPE,
                        headers={"Content-Disposition": _attachment(f"{name}.xlsx")})
    raise HTTPException(400, f"format must be one of {', '.join(FORMATS)}")


def _attachment(filename: str) -> str:
    """A Content-Disposition naming the file in ASCII and, for Chinese names, RFC 5987 UTF-8."""
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"

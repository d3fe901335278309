"""Lists as the API hands them out: pages (`page`, `per_page`, totals, next links) and CSV/XLSX downloads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import math
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from planwatch import sheets
from planwatch.assess.rows import flatten
from planwatch.models import decimal_to_number
from planwatch.web.headers import column_name

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 1000
FORMATS = ("json", "csv", "xlsx")
MAX_DOWNLOADS_AT_ONCE = 2
DOWNLOAD_WAIT = 20.0  # seconds a download waits for its turn
SPOOL_BYTES = 8 * 1024 * 1024  # a download's file stays in memory up to this size, then goes to disk
STREAM_CHUNK = 256 * 1024
_building = threading.BoundedSemaphore(MAX_DOWNLOADS_AT_ONCE)


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


def download(rows: Iterable[dict[str, Any]], fmt: str, name: str, lang: str = "en") -> Response:
    """A CSV or XLSX file of `rows` (nested rows flattened), offered as `name.csv` / `name.xlsx`; in Chinese
    (`lang` "zh") its headers are Chinese and a CSV starts with a byte-order mark, which Excel needs to
    read UTF-8.

    The file is written by `planwatch.sheets` into a temporary file (kept in memory while small) and
    streamed from there: time is linear in rows and memory flat whatever their number. A list's columns are
    every key of its rows; an iterator's are the keys of its first row (rows of one query). At most
    MAX_DOWNLOADS_AT_ONCE files are built at a time, so that downloads cannot starve the pages; the next
    waits up to DOWNLOAD_WAIT seconds, then gets 503."""
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(400, f"format must be one of {', '.join(FORMATS)}")
    def row(r: dict[str, Any]) -> dict[str, Any]:
        flat = flatten(r)
        return {column_name(k, lang): v for k, v in flat.items()} if lang == "zh" else flat

    records: Iterable[dict[str, Any]]
    if isinstance(rows, Sequence):
        records = [row(r) for r in rows]
        columns = sheets.columns_of(records)
    else:
        flat = (row(r) for r in rows)
        first = next(flat, None)
        columns = list(first) if first is not None else []
        records = itertools.chain([first] if first is not None else [], flat)
    if not _building.acquire(timeout=DOWNLOAD_WAIT):
        raise HTTPException(503, "too many downloads are being prepared: try again in a minute",
                            headers={"Retry-After": "30"})
    try:
        file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
        if fmt == "csv":
            text = io.TextIOWrapper(file, encoding="utf-8-sig" if lang == "zh" else "utf-8", newline="")
            sheets.write_csv(records, columns, text)
            text.flush()
            text.detach()
        else:
            sheets.write_xlsx(records, columns, file, title=name)
    finally:
        _building.release()
    file.seek(0)
    media_type = "text/csv; charset=utf-8" if fmt == "csv" else sheets.XLSX_TYPE
    return StreamingResponse(_chunks(file), media_type=media_type,
                             headers={"Content-Disposition": _attachment(f"{name}.{fmt}")})


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    with file:
        while chunk := file.read(STREAM_CHUNK):
            yield chunk


def _attachment(filename: str) -> str:
    """A Content-Disposition naming the file in ASCII and, for Chinese names, RFC 5987 UTF-8."""
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"

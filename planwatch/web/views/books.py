"""The books' judgments as the command line gives them: `/api/scorecard` (exactly the rows of
`planwatch scorecard --format jsonl`, same function and loader) and `/api/compare`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, Response

from planwatch.assess import compare, scorecard
from planwatch.assess.ledgers import compare_ledger, scorecard_ledger
from planwatch.web.deps import database, refreshing_headers, whole_books
from planwatch.web.i18n import language_of
from planwatch.web.pages.lists import current_documents
from planwatch.web.tables import Page, download, json_response

router = APIRouter()
WHOLE_BOOKS_DOCUMENTS = 1000  # past this many documents, a scorecard of every region and year is refused


def _tolerance(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise HTTPException(400, f"tolerance {text!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise HTTPException(400, "tolerance must be a number ≥ 0")
    return value


@router.get("/api/scorecard", tags=["books"])
def api_scorecard(request: Request, region: Optional[str] = None, year: Optional[int] = None,
                  indicator: Optional[str] = None, tolerance: str = "0",
                  page: Optional[int] = None, per_page: Optional[int] = Query(None, description="default: every row"),
                  format: str = Query("json", description="json, jsonl (the CLI's lines), csv or xlsx")) -> Response:
    """One verdict per target (met / missed / not_reported / pending; provisional on 预计 figures): the
    rows `planwatch scorecard --format jsonl` prints, for `region` and `year` (each optional; one of them
    is needed past WHOLE_BOOKS_DOCUMENTS documents: the whole books are `planwatch scorecard`'s)."""
    if region is None and year is None and current_documents(database(request)) > WHOLE_BOOKS_DOCUMENTS:
        raise HTTPException(400, f"the books hold more than {WHOLE_BOOKS_DOCUMENTS} documents: give region= or "
                                 "year= (every verdict of every year: planwatch scorecard)")
    ledger = scorecard_ledger(database(request), region, year)
    rows = scorecard(ledger, region=region, year=year, indicator=indicator, tolerance=_tolerance(tolerance))
    if format == "jsonl":
        return PlainTextResponse(rows.to_jsonl(), media_type="application/x-ndjson; charset=utf-8")
    if format != "json":
        return download(rows.to_records(), format, "scorecard", lang=language_of(request))
    paging = Page.of(page, per_page, default=None)
    return json_response({"rows": paging.slice(rows.to_dicts()), **paging.links(request, len(rows))})


@router.get("/api/compare", tags=["books"])
def api_compare(request: Request, year: int, indicator: Optional[str] = None,
                page: Optional[int] = None, per_page: Optional[int] = Query(None, description="default: every row"),
                format: str = Query("json", description="json, jsonl, csv or xlsx")) -> Response:
    """Each government's target of `year` beside its parent's, with the escalation (层层加码: child −
    parent), as `planwatch compare`."""
    rows = compare(compare_ledger(database(request), year), year, indicator=indicator)
    if format == "jsonl":
        return PlainTextResponse(rows.to_jsonl(), media_type="application/x-ndjson; charset=utf-8")
    if format != "json":
        return download(rows.to_records(), format, f"compare_{year}", lang=language_of(request))
    paging = Page.of(page, per_page, default=None)
    return json_response({"rows": paging.slice(rows.to_dicts()), **paging.links(request, len(rows))})


@router.get("/api/panel", tags=["books"])
def api_panel(request: Request, level: Optional[str] = Query(None, description="province, city or county"),
              indicator: Optional[list[str]] = Query(None, description="catalog indicators (repeatable)"),
              from_year: Optional[int] = Query(None, alias="from"), to_year: Optional[int] = Query(None, alias="to"),
              wide: bool = Query(False, description="one row per region × year, columns per indicator"),
              page: Optional[int] = None, per_page: Optional[int] = Query(None, description="default: every row"),
              format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """Targets, results and verdicts as a research panel, the rows of `planwatch panel` (one per region ×
    year × indicator × measure, or per region × year when `wide`)."""
    from planwatch.assess.panel import widen
    from planwatch.dataset import DatasetError, check_filters, select_rows

    try:
        check_filters(level, from_year, to_year)
    except DatasetError as error:
        raise HTTPException(400, str(error)) from None
    # the panel of the whole books, computed in the background once per state of the books, then filtered
    every = whole_books(request, "panel")
    rows = select_rows(every.value, level=level, indicator=indicator, from_year=from_year, to_year=to_year)
    records = widen(rows) if wide else [r.to_dict() for r in rows]
    if format != "json":
        response = download(records, format, "panel")
    else:
        paging = Page.of(page, per_page, default=None)
        response = json_response({"rows": paging.slice(records), **paging.links(request, len(records))})
    response.headers.update(refreshing_headers(every.refreshing))
    return response

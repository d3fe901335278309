"""What looks wrong in the books (`/check`, `/api/check`): the findings of `planwatch check`, same function
and loader, filterable by region, year and kind."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from planwatch.assess.check import KINDS, Finding
from planwatch.assess.ledgers import check_books
from planwatch.web.deps import database, refreshing_headers, whole_books
from planwatch.web.i18n import language_of, translator
from planwatch.web.render import render
from planwatch.web.tables import Page, download, json_response

router = APIRouter()


def _known_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise HTTPException(400, f"kind must be one of {', '.join(KINDS)}")


def _findings(request: Request, region: str | None, year: int | None, kind: str | None) -> tuple[list[Finding], bool]:
    """The findings, and whether they are those of an earlier state of the books (`BooksAnswers`)."""
    _known_kind(kind)
    db = database(request)
    refreshing = False
    if region is None:  # the whole books: computed in the background, once per state of the books
        answer = whole_books(request, "check")
        found, refreshing = [f for f in answer.value if year is None or f.year == year], answer.refreshing
    else:
        found = list(check_books(db, region, year))
    return [f for f in found if kind is None or f.kind == kind], refreshing


@router.get("/check", include_in_schema=False)
def check_page(request: Request, region: Optional[str] = None, year: Optional[int] = None,
               kind: Optional[str] = None, page: Optional[int] = None, per_page: Optional[int] = None) -> Response:
    _known_kind(kind)
    findings, refreshing = _findings(request, region, year, None)
    counts = {k: n for k in KINDS if (n := sum(f.kind == k for f in findings))}
    shown = [f for f in findings if kind is None or f.kind == kind]
    paging = Page.of(page, per_page)
    t = translator(language_of(request))
    response = render(request, "check.html", {
        "findings": paging.slice(shown), "counts": counts, "kind": kind, "region": region, "year": year,
        "paging": paging.links(request, len(shown)), "check_label": lambda k: t(f"check_{k}"),
        "refreshing": refreshing})
    response.headers.update(refreshing_headers(refreshing))
    return response


@router.get("/api/check", tags=["books"])
def api_check(request: Request, region: Optional[str] = None, year: Optional[int] = None,
              kind: Optional[str] = Query(None, description=", ".join(KINDS)),
              page: Optional[int] = None, per_page: Optional[int] = Query(None, description="default: every row"),
              format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """What looks wrong in the books, as `planwatch check --format jsonl` gives it: unplaced documents,
    conflicting values, implausible results, targets without a result in a report on their year."""
    findings, refreshing = _findings(request, region, year, kind)
    rows = [f.to_dict() for f in findings]
    if format != "json":
        response = download(rows, format, "check", lang=language_of(request))
    else:
        paging = Page.of(page, per_page, default=None)
        response = json_response({"rows": paging.slice(rows), **paging.links(request, len(rows))})
    response.headers.update(refreshing_headers(refreshing))
    return response

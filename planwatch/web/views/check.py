"""What looks wrong in the books (`/check`, `/api/check`): the findings of `planwatch check`, same function
and loader, filterable by region, year and kind."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from planwatch.assess.check import KINDS, Finding
from planwatch.assess.ledgers import check_books
from planwatch.web.deps import database
from planwatch.web.i18n import language_of, translator
from planwatch.web.render import render
from planwatch.web.tables import Page, download, json_response

router = APIRouter()


def _known_kind(kind: str | None) -> None:
    if kind is not None and kind not in KINDS:
        raise HTTPException(400, f"kind must be one of {', '.join(KINDS)}")


def _findings(request: Request, region: str | None, year: int | None, kind: str | None) -> list[Finding]:
    _known_kind(kind)
    db = database(request)
    if region is None:  # the whole books: computed once while they do not change
        found = request.app.state.books_cache.get(db, ("check",), lambda: list(check_books(db)))
        found = [f for f in found if year is None or f.year == year]
    else:
        found = list(check_books(db, region, year))
    return [f for f in found if kind is None or f.kind == kind]


@router.get("/check", include_in_schema=False)
def check_page(request: Request, region: Optional[str] = None, year: Optional[int] = None,
               kind: Optional[str] = None, page: Optional[int] = None, per_page: Optional[int] = None) -> Response:
    _known_kind(kind)
    findings = _findings(request, region, year, None)
    counts = {k: n for k in KINDS if (n := sum(f.kind == k for f in findings))}
    shown = [f for f in findings if kind is None or f.kind == kind]
    paging = Page.of(page, per_page)
    t = translator(language_of(request))
    return render(request, "check.html", {"findings": paging.slice(shown), "counts": counts, "kind": kind,
                                          "region": region, "year": year, "paging": paging.links(request, len(shown)),
                                          "check_label": lambda k: t(f"check_{k}")})


@router.get("/api/check", tags=["books"])
def api_check(request: Request, region: Optional[str] = None, year: Optional[int] = None,
              kind: Optional[str] = Query(None, description=", ".join(KINDS)),
              page: Optional[int] = None, per_page: Optional[int] = Query(None, description="default: every row"),
              format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """What looks wrong in the books, as `planwatch check --format jsonl` gives it: unplaced documents,
    conflicting values, implausible results, targets without a result in a report on their year."""
    rows = [f.to_dict() for f in _findings(request, region, year, kind)]
    if format != "json":
        return download(rows, format, "check", lang=language_of(request))
    paging = Page.of(page, per_page, default=None)
    return json_response({"rows": paging.slice(rows), **paging.links(request, len(rows))})

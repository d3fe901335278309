"""`/`: every government with its verdict counts per year, a chart, filters by level and year.
`/api/regions`: the same rows as JSON (or CSV / XLSX with `format=`)."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from planwatch.assess import STATUSES
from planwatch.web import charts
from planwatch.web.explain import status_key
from planwatch.web.pages import overview as books
from planwatch.web.pages.regions import years_in_database
from planwatch.web.deps import check_level, database
from planwatch.web.i18n import language_of, translator
from planwatch.web.render import render
from planwatch.web.tables import Page, download, json_response

router = APIRouter()
OVERVIEW_PER_PAGE = 25


def _overview(request: Request, level: str | None, year: int | None, page: Page):  # type: ignore[no-untyped-def]
    db = database(request)
    cache = request.app.state.books_cache
    regions = books.regions(db, check_level(level), cache)
    summaries = books.overview(db, page.slice(regions), year, cache)
    return regions, summaries


@router.get("/", include_in_schema=False)
def overview_page(request: Request, level: Optional[str] = None, year: Optional[int] = None,
                  page: Optional[int] = None, per_page: Optional[int] = None) -> Response:
    paging = Page.of(page, per_page, default=OVERVIEW_PER_PAGE)
    regions, summaries = _overview(request, level, year, paging)
    t = translator(language_of(request))
    labels = {s: t(f"status_{s}") for s in charts.STATUS_ORDER}
    totals = {year: {status_key(status, year): n for status, n in tally.items()}
              for year, tally in books.totals_by_year(summaries).items()}
    chart = charts.verdict_bars(totals, labels, t("chart_counts") + t("shown_regions"))
    years = sorted({y for s in summaries for y in s.counts})
    return render(request, "overview.html", {
        "summaries": summaries, "chart": chart, "years": years, "all_years": years_in_database(database(request)),
        "level": level or "", "year": year, "paging": paging.links(request, len(regions)),
        "statuses": STATUSES})


@router.get("/api/regions", tags=["regions"])
def api_regions(request: Request, level: Optional[str] = Query(None, description="province, city or county"),
                year: Optional[int] = Query(None, description="Only the verdicts on targets of this year"),
                page: Optional[int] = None, per_page: Optional[int] = None,
                format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """Every government in the database with its verdict counts per year (met / missed / not_reported /
    pending, and how many are provisional), a page at a time."""
    paging = Page.of(page, per_page, default=OVERVIEW_PER_PAGE) if format == "json" else Page(1, None)
    regions, summaries = _overview(request, level, year, paging)
    if format != "json":
        rows = [{"name": s.name, "code": s.code, "level": s.level, "parent": s.parent, "documents": s.documents,
                 "year": y, **{k: tally.get(k, 0) for k in (*STATUSES, "provisional")}}
                for s in summaries for y, tally in (s.counts.items() or [(None, {})])]
        return download(rows, format, "regions", lang=language_of(request))
    return json_response({"rows": [s.to_dict() for s in summaries], **paging.links(request, len(regions))})

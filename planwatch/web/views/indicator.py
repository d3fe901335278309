"""`/indicator/{id}?year=Y`: one indicator across governments and levels in a year: targets, results,
escalation from parent to child, a chart. `/api/indicator/{id}` is its data."""

from __future__ import annotations

from collections import Counter
from typing import Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from planwatch.engine.catalog import catalog
from planwatch.assess.wording import entry_phrase
from planwatch.web import charts
from planwatch.web.pages.indicator import indicator_rows, indicator_years
from planwatch.web.deps import database, not_found
from planwatch.web.i18n import indicator_label, language_of, translator
from planwatch.web.render import render
from planwatch.web.tables import download, json_response

router = APIRouter()


def _year(request: Request, indicator: str, year: int | None) -> tuple[int | None, list[int]]:
    years = indicator_years(database(request), indicator)
    return (year if year is not None else (years[0] if years else None)), years


@router.get("/indicator/{indicator}", include_in_schema=False)
def indicator_page(request: Request, indicator: str, year: Optional[int] = None) -> Response:
    if indicator not in catalog():
        raise not_found(request, indicator)
    year, years = _year(request, indicator, year)
    rows = indicator_rows(database(request), indicator, year) if year is not None else []
    lang = language_of(request)
    t = translator(lang)
    measures = Counter(r.measure for r in rows if r.target.value is not None and r.target.op not in ("sync", "qualitative"))
    chart = None
    if measures:
        measure = measures.most_common(1)[0][0]
        bars = [charts.RegionValue(r.region, r.target.value, entry_phrase(r.target, r.measure),
                                   f"level-{r.level or 'unknown'}")
                for r in rows if r.measure == measure and r.target.value is not None
                and r.target.op not in ("sync", "qualitative")]
        units = {r.target.unit for r in rows if r.measure == measure}
        legend = [(f"level-{lv}", t(f"level_{lv}")) for lv in ("province", "city", "county", "unknown")
                  if any(r.level == lv or (lv == "unknown" and not r.level) for r in rows)]
        chart = charts.region_bars(bars, t("chart_targets_by_region") + (f"({units.pop()})" if len(units) == 1 and
                                                                         None not in units else ""), legend)
    return render(request, "indicator.html", {
        "indicator": indicator, "name": indicator_label(indicator, lang), "year": year, "years": years,
        "rows": rows, "chart": chart, "entry_phrase": entry_phrase})


@router.get("/api/indicator/{indicator}", tags=["books"])
def api_indicator(request: Request, indicator: str, year: Optional[int] = Query(None, description="default: the latest year with a target"),
                  format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """One indicator in one year: every government's target beside its parent's target (escalation =
    child − parent, 层层加码), its result and verdict."""
    if indicator not in catalog():
        raise not_found(request, indicator)
    year, years = _year(request, indicator, year)
    rows = [r.to_dict() for r in indicator_rows(database(request), indicator, year)] if year is not None else []
    if format != "json":
        return download(rows, format, f"{indicator}_{year}")
    entry = catalog()[indicator]
    return json_response({"indicator": indicator, "name": entry.name, "en": entry.en, "year": year,
                          "years": years, "rows": rows})

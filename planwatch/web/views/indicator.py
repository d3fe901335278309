"""Indicators across governments.

- `/indicators`: every catalog indicator with how many governments and years have it.
- `/indicator/{id}?year=Y`: its median target and result over the years, and a table of every
  government's target, result and verdict in a year (sortable; filters by level, parent and verdict,
  with counts); `/api/indicator/{id}` is that table's data.
- `/compare?year=Y&indicator=I`: 层层加码, each government beside its parent, value and comparator.
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from planwatch.assess.rows import format_decimal
from planwatch.assess.units import convert, effective_unit
from planwatch.assess.wording import difference_phrase, entry_phrase
from planwatch.engine.catalog import catalog
from planwatch.web import charts
from planwatch.web.deps import check_level, database, not_found
from planwatch.web.explain import status_key
from planwatch.web.i18n import Translate, chart_title, indicator_label, language_of, translator
from planwatch.web.pages import indicator as books
from planwatch.web.pages.indicator import LevelRow
from planwatch.web.render import render
from planwatch.web.tables import Page, download, json_response

router = APIRouter()
TABLE_PER_PAGE = 50
STATUS_FILTERS = ("met", "missed", "not_reported", "pending", "none")


def _known(request: Request, indicator: str) -> None:
    if indicator not in catalog():
        raise not_found(request, indicator)


def _year(request: Request, indicator: str, year: int | None) -> tuple[int | None, list[int]]:
    years = books.indicator_years(database(request), indicator)
    return (year if year is not None else (years[0] if years else None)), years


def _table(request: Request, indicator: str, year: int | None, level: str | None, parent: str | None,
           status: str | None, sort: str, desc: bool) -> tuple[list[LevelRow], list[LevelRow], books.Facets]:
    """(every row of the year, the rows the filters keep in the order asked, their facets)."""
    if status not in (None, "", *STATUS_FILTERS):
        raise HTTPException(400, f"status must be one of {', '.join(STATUS_FILTERS)}")
    if sort not in books.SORTS:
        raise HTTPException(400, f"sort must be one of {', '.join(books.SORTS)}")
    rows = books.indicator_rows(database(request), indicator, year) if year is not None else []
    kept, facets = books.filter_rows(rows, level=check_level(level), parent=parent or None, status=status or None)
    return rows, books.sort_rows(kept, sort, desc), facets


def _index(request: Request) -> list[books.IndicatorCount]:
    """`indicator_index`, kept while the books do not change (it groups every catalog figure)."""
    db = database(request)
    return request.app.state.books_cache.get(db, ("indicators",), lambda: books.indicator_index(db))


@router.get("/indicators", include_in_schema=False)
def indicators_page(request: Request) -> Response:
    return render(request, "indicators.html", {"counts": _index(request)})


@router.get("/api/indicators", tags=["books"])
def api_indicators(request: Request) -> Response:
    """Every catalog indicator with how many governments and years have a figure of it."""
    return json_response({"rows": [{"indicator": c.indicator, "name": catalog()[c.indicator].name,
                                    "en": catalog()[c.indicator].en, "governments": c.governments, "years": c.years,
                                    "first": c.first, "last": c.last, "url": f"/indicator/{c.indicator}"}
                                   for c in _index(request)]})


@router.get("/indicator/{indicator}", include_in_schema=False)
def indicator_page(request: Request, indicator: str, year: Optional[int] = None, level: Optional[str] = None,
                   parent: Optional[str] = None, status: Optional[str] = None, sort: str = "tree",
                   desc: bool = False, page: Optional[int] = None) -> Response:
    _known(request, indicator)
    db = database(request)
    year, years = _year(request, indicator, year)
    rows, kept, facets = _table(request, indicator, year, level, parent, status, sort, desc)
    paging = Page.of(page, TABLE_PER_PAGE)
    shown = paging.slice(kept)
    lang = language_of(request)
    t = translator(lang)
    wanted_level = check_level(level)
    trend = request.app.state.books_cache.get(db, ("trend", indicator, wanted_level),
                                              lambda: books.indicator_trend(db, indicator, wanted_level))
    return render(request, "indicator.html", {
        "indicator": indicator, "name": indicator_label(indicator, lang), "year": year, "years": years,
        "rows": shown, "total": len(rows), "kept": len(kept), "facets": facets,
        "filters": {"level": level or "", "parent": parent or "", "status": status or ""},
        "sort": sort, "desc": desc, "sorts": books.SORTS, "paging": paging.links(request, len(kept)),
        "trend_chart": _trend_chart(trend, t, lang) if trend else None,
        "chart": _bars(shown, t, lang, indicator), "entry_phrase": entry_phrase,
        "year_status_label": lambda status: t(f"status_{status_key(status, year)}"),
        "escalation_text": lambda row: escalation_text(row, t)})


def escalation_text(row: LevelRow, t: Translate) -> str:
    """+1个百分点, and the comparator's change when it binds more or less (左右→以上)."""
    text = difference_phrase(row.escalation, row.target.unit, row.measure) if row.escalation else ""
    if row.stricter and row.parent_target is not None:
        change = t("comparator_change", parent=t(f"op_{row.parent_target.op}"), child=t(f"op_{row.target.op}"))
        text = f"{text} {change}".strip()
    return text


def _trend_chart(trend: books.IndicatorTrend, t: Translate, lang: str) -> charts.Chart:
    targets = [charts.SeriesPoint(y.year, y.target, t("median_of", value=format_decimal(y.target), n=y.governments))
               for y in trend.years if y.target is not None]
    results = [charts.SeriesPoint(y.year, y.result, t("median_of", value=format_decimal(y.result), n=y.results))
               for y in trend.years if y.result is not None]
    return charts.target_result_lines(targets, results,
                                      t("trend_title") + chart_title(trend.indicator, trend.measure, trend.unit, lang),
                                      (t("median_target"), t("median_result")), unit=trend.unit, measure=trend.measure)


def _bars(rows: list[LevelRow], t: Translate, lang: str, indicator: str) -> charts.Chart | None:
    """The targets of the rows shown, of their most common measure, in the unit most of them are written
    in: a target in a unit that does not convert, or that is no number, is said and left out."""
    def numeric(r: LevelRow) -> bool:
        return r.target.value is not None and r.target.op not in ("sync", "qualitative")

    if not any(numeric(r) for r in rows):
        return None
    measure = Counter(r.measure for r in rows if numeric(r)).most_common(1)[0][0]
    unit = Counter(effective_unit(r.target.unit, measure) for r in rows
                   if numeric(r) and r.measure == measure).most_common(1)[0][0]
    bars, left_out = [], []
    for r in rows:
        value = convert(r.target.value, effective_unit(r.target.unit, measure), unit) \
            if numeric(r) and r.measure == measure else None  # type: ignore[arg-type]
        if value is None:
            left_out.append(r.region)
            continue
        bars.append(charts.RegionValue(r.region, value, entry_phrase(r.target, r.measure),
                                       f"level-{r.level or 'unknown'}", r.target.figure_id))
    legend = [(f"level-{lv}", t(f"level_{lv}")) for lv in ("province", "city", "county", "unknown")
              if any((r.level or "unknown") == lv for r in rows)]
    chart = charts.region_bars(bars, t("chart_targets_by_region") + chart_title(indicator, measure, unit, lang),
                               legend, unit=unit, measure=measure)
    if left_out:
        chart.note = t("chart_left_out", n=len(left_out))
    return chart


@router.get("/api/indicator/{indicator}", tags=["books"])
def api_indicator(request: Request, indicator: str,
                  year: Optional[int] = Query(None, description="default: the latest year with a target"),
                  level: Optional[str] = Query(None, description="province, city, county or unknown"),
                  parent: Optional[str] = None,
                  status: Optional[str] = Query(None, description="met, missed, not_reported, pending or none"),
                  sort: str = Query("tree", description="tree (parents before children), " + ", ".join(books.SORTS[1:])),
                  desc: bool = False,
                  format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """One indicator in one year: every government's target beside its parent's target (escalation =
    child − parent, 层层加码), its result and verdict; `facets` count the rows each filter value keeps."""
    _known(request, indicator)
    year, years = _year(request, indicator, year)
    _, kept, facets = _table(request, indicator, year, level, parent, status, sort, desc)
    rows = [r.to_dict() for r in kept]
    if format != "json":
        return download(rows, format, f"{indicator}_{year}", lang=language_of(request))
    entry = catalog()[indicator]
    return json_response({"indicator": indicator, "name": entry.name, "en": entry.en, "year": year,
                          "years": years, "facets": facets, "rows": rows})


@router.get("/compare", include_in_schema=False)
def compare_page(request: Request, year: Optional[int] = None, indicator: str = "gdp",
                 level: Optional[str] = None, parent: Optional[str] = None, escalating: bool = False,
                 page: Optional[int] = None) -> Response:
    _known(request, indicator)
    year, years = _year(request, indicator, year)
    rows = books.indicator_rows(database(request), indicator, year) if year is not None else []
    paired, facets = books.filter_rows([r for r in rows if r.parent_target is not None], level=check_level(level),
                                       parent=parent or None)
    tally = Counter("up" if r.escalates else ("none" if r.escalates is None else "down") for r in paired)
    listed = [r for r in paired if r.escalates] if escalating else paired
    paging = Page.of(page, TABLE_PER_PAGE)
    return render(request, "compare.html", {
        "indicator": indicator, "name": indicator_label(indicator, language_of(request)), "year": year,
        "years": years, "rows": paging.slice(listed), "paging": paging.links(request, len(listed)),
        "tally": tally, "paired": len(paired), "facets": facets, "escalating": escalating,
        "filters": {"level": level or "", "parent": parent or ""},
        "indicators": list(catalog()), "entry_phrase": entry_phrase,
        "escalation_text": lambda row: escalation_text(row, translator(language_of(request)))})

"""`/region/{name}`: a government's annex table for each year (cells link to their sentences), a chart per
indicator of targets against results, its parent and children. `/api/region/{name}` and `/api/annex`."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, Response

from planwatch.assess import Verdict, annex
from planwatch.assess.ledgers import annex_ledger
from planwatch.assess.wording import entry_phrase
from planwatch.web import charts
from planwatch.web.pages.lists import document_dict
from planwatch.web.pages.region import RegionView, indicator_series, region_view
from planwatch.web.deps import database, not_found
from planwatch.web.i18n import chart_title, language_of, translator
from planwatch.web.render import render
from planwatch.sheets import XLSX_TYPE
from planwatch.web.tables import _attachment, json_response

router = APIRouter()


def _annex_dict(view: RegionView, table: Any) -> dict[str, Any]:
    out = table.to_dict()
    for row, cells in zip(table.rows, out["rows"]):
        cells["links"] = {"previous_target": view.link(row.previous_target),
                          "previous_result": view.link(row.previous_result),
                          "target": view.link(row.target)}
    return out


def _region_json(view: RegionView) -> dict[str, Any]:
    return {
        "name": view.name,
        "code": view.record.code if view.record else None,
        "level": view.record.level if view.record else None,
        "parent": view.parent,
        "children": [c.name for c in view.children],
        "gazetteer_children": view.gazetteer_children,
        "documents": [document_dict(d) for d in view.documents],
        "annex": [_annex_dict(view, t) for t in view.annexes],
        "scorecard": [v.to_dict() for v in view.verdicts],
        "series": [s for s in indicator_series(view.verdicts)],
    }


@router.get("/region/{name}", include_in_schema=False)
def region_page(request: Request, name: str, year: Optional[int] = None, status: Optional[str] = None) -> Response:
    view = region_view(database(request), name)
    if view is None:
        raise not_found(request, name)
    lang = language_of(request)
    t = translator(lang)
    series = indicator_series(view.verdicts)
    measures = Counter(s.indicator for s in series)
    series_charts = [
        (s, charts.target_result_lines(
            [charts.SeriesPoint(p.year, p.value, p.text, p.figure_id) for p in s.targets],
            [charts.SeriesPoint(p.year, p.value, p.text, p.figure_id, p.bound is not None) for p in s.results],
            chart_title(s.indicator, s.measure, s.unit, lang, ambiguous=measures[s.indicator] > 1),
            (t("chart_target"), t("chart_result")), unit=s.unit, measure=s.measure, bound_label=t("chart_bound")))
        for s in series]

    def keep(v: Verdict, skip: str) -> bool:
        return (skip == "year" or year is None or v.year == year) and (skip == "status" or not status or v.status == status)

    facets = {"year": dict(sorted(Counter(v.year for v in view.verdicts if keep(v, "year")).items(), reverse=True)),
              "status": dict(Counter(v.status for v in view.verdicts if keep(v, "status")))}
    return render(request, "region.html", {"view": view, "series_charts": series_charts, "facets": facets,
                                           "filters": {"year": year or "", "status": status or ""},
                                           "scorecard": [v for v in view.verdicts if keep(v, "")],
                                           "entry_phrase": entry_phrase})


@router.get("/api/region/{name}", tags=["regions"])
def api_region(request: Request, name: str) -> Response:
    """A government: parent, children, documents, annex tables of every year (with links to the
    sentences), every verdict, and the series of targets and results per indicator."""
    view = region_view(database(request), name)
    if view is None:
        raise not_found(request, name)
    return json_response(_region_json(view))


@router.get("/api/annex", tags=["books"])
def api_annex(request: Request, region: str, year: int,
              format: str = Query("json", description="json, csv, xlsx or markdown"),
              complete: bool = Query(False, description="every indicator with a target, even when the "
                                                        "government's own table has fewer")) -> Response:
    """The annex table 主要预期目标安排 of a government and plan year (as `planwatch annex`)."""
    table = annex(annex_ledger(database(request), region, year), region, year, complete=complete)
    if not table.rows:
        raise not_found(request, f"{region} {year}")
    name = f"{region}_{year}_annex"
    if format == "csv":
        bom = "\ufeff" if language_of(request) == "zh" else ""  # Excel reads UTF-8 only after one
        return Response(bom + table.to_csv(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": _attachment(f"{name}.csv")})
    if format == "xlsx":
        out = io.BytesIO()
        table.to_xlsx(out)
        return Response(out.getvalue(), media_type=XLSX_TYPE,
                        headers={"Content-Disposition": _attachment(f"{name}.xlsx")})
    if format == "markdown":
        return PlainTextResponse(table.to_markdown())
    if format != "json":
        raise HTTPException(400, "format must be json, csv, xlsx or markdown")
    return json_response(table.to_dict())

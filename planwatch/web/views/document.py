"""`/doc/{id}`: the full text with every figure highlighted by kind, a detail panel (fields, verdict, the
linked figure: target ↔ result), the correction form, the list of figures with filters, and the
document's versions with what changed since the previous one.
`/api/doc/{id}`, `/api/doc/{id}/figures`, `/api/figure/{id}`, `/api/documents` and `/documents`."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from planwatch import store
from planwatch.assess import STATUSES
from planwatch.assess.wording import figure_phrase
from planwatch.engine.catalog import catalog, position
from planwatch.corrections import FIELDS
from planwatch.models import KINDS, MEASURES, OPS, FigureRecord
from planwatch.web.explain import explain
from planwatch.web.pages.document import FigureView, figure_views
from planwatch.web.pages import lists
from planwatch.web.deps import check_level, database, not_found
from planwatch.web.highlight import highlight
from planwatch.web.i18n import Translate, language_of, translator
from planwatch.web.render import render, url_with
from planwatch.web.tables import MAX_PER_PAGE, Page, download, json_response, jsonable

router = APIRouter()
# The words the figure panel's script writes (app.js), beside kinds, statuses, comparators and measures.
PANEL_WORDS = ("provisional", "linked_result", "linked_target")


TEXT_WINDOW = 60_000  # characters of a document's text on one page (the longest report fits in one)
FIGURES_PER_PAGE = 200  # rows of the page's list of figures


def text_windows(text: str, size: int = TEXT_WINDOW) -> list[tuple[int, int]]:
    """(start, end) of the parts a text is shown in: about `size` characters each, cut after a line
    where one ends in the part's last fifth."""
    windows, start = [], 0
    while start < len(text) or not windows:
        end = min(len(text), start + size)
        if end < len(text):
            newline = text.rfind("\n", start + size * 4 // 5, end)
            end = newline + 1 if newline >= 0 else end
        windows.append((start, end))
        start = end
    return windows


def _document(request: Request, doc_id: int) -> Any:
    document = store.get_document(database(request), doc_id)
    if document is None:
        raise not_found(request, f"document {doc_id}")
    return document


def _shifted(record: FigureRecord, offset: int) -> FigureRecord:
    f = record.figure
    return dataclasses.replace(record, figure=dataclasses.replace(f, start=f.start - offset, end=f.end - offset))


def _filtered(views: list[FigureView], kind: str | None, indicator: str | None, catalog_only: bool,
              status: str | None = None, skip: str = "") -> list[FigureView]:
    """The figures the filters keep (but `skip`, to count a facet under the other filters)."""
    return [v for v in views
            if (skip == "kind" or not kind or v.record.figure.kind == kind)
            and (not indicator or v.record.figure.indicator == indicator)
            and (not catalog_only or v.record.figure.indicator in catalog())
            and (skip == "status" or not status or _status(v) == status)]


def _status(view: FigureView) -> str:
    return view.verdict.status if view.verdict is not None else "none"


def _facets(views: list[FigureView], kind: str | None, indicator: str | None, catalog_only: bool,
            status: str | None) -> dict[str, dict[str, int]]:
    """How many figures each kind and each verdict keeps, the other filters applied."""
    return {"kind": dict(Counter(v.record.figure.kind for v in
                                 _filtered(views, kind, indicator, catalog_only, status, skip="kind"))),
            "status": dict(Counter(_status(v) for v in
                                   _filtered(views, kind, indicator, catalog_only, status, skip="status")))}


def _document_and_figures(request: Request, doc_id: int) -> tuple[Any, list[FigureView]]:
    """The document and every figure of it with its verdict: at most `MAX_FIGURES` (the load limit),
    so that what a page costs is bounded whatever was uploaded."""
    db = database(request)
    document = _document(request, doc_id)
    return document, figure_views(db, store.figures(db, doc_id=doc_id))


MAX_CHANGES_SHOWN = 50


def _versions(db: Any, doc_id: int) -> dict[str, Any]:
    """The document's versions and what changed since the one it superseded, as pages and the API show
    them (values as phrases: 9%左右)."""
    versions = store.versions(db, doc_id)
    previous, changes = store.changes_from_previous(db, doc_id)
    return {
        "versions": [{"id": v.id, "n": n, "ingested_at": v.ingested_at, "figure_count": v.figure_count,
                      "current": v.current, "superseded_by": v.superseded_by, "url": f"/doc/{v.id}"}
                     for n, v in enumerate(versions, 1)],
        "previous": previous,
        "changes": [{"what": c.what, "indicator": c.figure.figure.indicator, "measure": c.figure.figure.measure,
                     "kind": c.figure.figure.kind, "year": c.figure.figure.year, "label": c.figure.figure.label,
                     "before": figure_phrase(c.old.figure) if c.old else None,
                     "after": figure_phrase(c.new.figure) if c.new else None,
                     "before_quote": c.old.figure.quote if c.old else None,
                     "after_quote": c.new.figure.quote if c.new else None,
                     "old_id": c.old.id if c.old else None, "new_id": c.new.id if c.new else None}
                    for c in changes],
    }


@router.get("/doc/{doc_id}", include_in_schema=False)
def document_page(request: Request, doc_id: int, kind: Optional[str] = None, indicator: Optional[str] = None,
                  catalog_only: bool = Query(False, alias="catalog"), status: Optional[str] = None,
                  figure: Optional[int] = None, part: Optional[int] = None, page: Optional[int] = None) -> Response:
    """The text a part at a time (TEXT_WINDOW characters, with the figures quoted there) and the list of
    figures a page at a time, with facets by kind and verdict."""
    document, views = _document_and_figures(request, doc_id)
    text = document.text or ""
    windows = text_windows(text)
    selected = next((v for v in views if v.record.id == figure), None)
    if part is None:
        part = next((n for n, (_, end) in enumerate(windows, 1) if selected and selected.record.figure.start < end), 1)
    if not 1 <= part <= len(windows):
        raise HTTPException(400, f"part must be between 1 and {len(windows)}")
    start, end = windows[part - 1]
    shown = [v for v in views if start <= v.record.figure.start < end]
    matching = _filtered(views, kind, indicator, catalog_only, status)
    paging = Page.of(page, None, default=FIGURES_PER_PAGE)
    listed = paging.slice(matching)
    parts = {"page": part, "pages": len(windows),
             "previous": url_with(request, part=part - 1, figure=None) if part > 1 else None,
             "next": url_with(request, part=part + 1, figure=None) if part < len(windows) else None}
    indicators = sorted({v.record.figure.indicator for v in views}, key=lambda i: (position(i), i))
    t = translator(language_of(request))
    words = {key: t(key) for key in PANEL_WORDS} | {"lang": language_of(request), "gap": t("gap_col")} \
        | {f"kind_{k}": t(f"kind_{k}") for k in KINDS} | {f"status_{s}": t(f"status_{s}") for s in STATUSES} \
        | {f"op_{op}": t(f"op_{op}") for op in OPS} | {f"measure_{m}": t(f"measure_{m}") for m in MEASURES}
    panelled = {v.record.id: v for v in (*shown, *listed, *([selected] if selected else []))}
    return render(request, "document.html", {
        "document": document, "nodes": highlight(text[start:end], [_shifted(v.record, start) for v in shown]),
        "listed": listed, "paging": paging.links(request, len(matching)), "parts": parts, "figure_total": len(views),
        "facets": _facets(views, kind, indicator, catalog_only, status), "status": status or "",
        "figure_data": jsonable({i: _panel(v, t) for i, v in panelled.items()}), "selected": selected,
        "kinds": KINDS, "kind": kind or "", "indicator": indicator or "", "catalog_only": catalog_only,
        "indicators": indicators, "fields": list(FIELDS), "words": words, **_versions(database(request), doc_id),
        "max_changes": MAX_CHANGES_SHOWN})


def _panel(view: FigureView, t: Translate) -> dict[str, Any]:
    """What the figure panel's script shows of a figure: its data, and its verdict in words."""
    data = view.to_dict()
    if view.verdict is not None:
        why = explain(view.verdict, t)
        data["verdict"].update(word=t(f"status_{why.status}"), gap_text=why.gap, rule=why.rule,
                               provisional_note=why.provisional)
    return data


@router.get("/api/doc/{doc_id}", tags=["documents"])
def api_document(request: Request, doc_id: int) -> Response:
    """A document: its facts and full text (figures at `/api/doc/{id}/figures`), whether it is the current
    version of its source, its versions, and what changed since the version it superseded."""
    document = store.get_document(database(request), doc_id)
    if document is None:
        raise not_found(request, f"document {doc_id}")
    return json_response({**lists.document_dict(document, with_text=True),
                          "figures": f"/api/doc/{doc_id}/figures", **_versions(database(request), doc_id)})


@router.get("/api/doc/{doc_id}/figures", tags=["documents"])
def api_document_figures(request: Request, doc_id: int, kind: Optional[str] = None,
                         indicator: Optional[str] = None, catalog_only: bool = Query(False, alias="catalog"),
                         status: Optional[str] = Query(None, description="met, missed, not_reported, pending or none"),
                         page: Optional[int] = None, per_page: Optional[int] = None,
                         format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """A document's figures in document order, each with the verdict on its target and the linked figure
    (a target's result, a result's target), a page at a time (at most 1000 rows); filters: kind, indicator,
    catalog (catalog indicators only), status (of the verdict on the figure's key; none: no verdict)."""
    _, views = _document_and_figures(request, doc_id)
    rows = [v.to_dict() for v in _filtered(views, kind, indicator, catalog_only, status)]
    if format != "json":
        return download(rows, format, f"document_{doc_id}_figures", lang=language_of(request))
    paging = Page.of(page, per_page, default=MAX_PER_PAGE)
    return json_response({"rows": paging.slice(rows), **paging.links(request, len(rows)),
                          "facets": _facets(views, kind, indicator, catalog_only, status)})


@router.get("/api/figure/{figure_id}", tags=["figures"])
def api_figure(request: Request, figure_id: int) -> Response:
    """One figure with its verdict and linked figure."""
    db = database(request)
    record = store.get_figure(db, figure_id)
    if record is None:
        raise not_found(request, f"figure {figure_id}")
    return json_response(figure_views(db, [record])[0].to_dict())


@router.get("/api/figures", tags=["figures"])
def api_figures(request: Request, region: Optional[str] = None, year: Optional[int] = None,
                indicator: Optional[str] = None, kind: Optional[str] = None, doc_id: Optional[int] = None,
                catalog_only: bool = Query(False, alias="catalog"),
                page: Optional[int] = None, per_page: Optional[int] = None,
                format: str = Query("json", description="json, csv or xlsx (every matching figure)")) -> Response:
    """Stored figures (corrections applied) in document order, a page at a time: those of the current
    versions of the documents, or of the document `doc_id` (an old version too; each figure says
    `current`); `region` is the figure's own region, else its document's; `year` the year the figure
    refers to."""
    db = database(request)
    filters: dict[str, Any] = dict(region=region, year=year, indicator=indicator, kind=kind, doc_id=doc_id,
                                   catalog_only=catalog_only)
    if format != "json":
        return download((lists.figure_dict(r) for r in lists.each_figure(db, **filters)), format, "figures",
                        lang=language_of(request))
    paging = Page.of(page, per_page)
    total, records = lists.figure_page(db, **filters, offset=paging.offset, limit=paging.per_page)
    return json_response({"rows": [lists.figure_dict(r) for r in records], **paging.links(request, total)})




def _document_filters(region: str | None, level: str | None, year: int | None, doc_type: str | None,
                      plan_year: int | None, superseded: bool, sort: str) -> lists.DocumentFilters:
    if sort not in lists.DOCUMENT_SORTS:
        raise HTTPException(400, f"sort must be one of {', '.join(lists.DOCUMENT_SORTS)}")
    return lists.DocumentFilters(region or None, check_level(level), year, doc_type or None, plan_year, superseded)


@router.get("/documents", include_in_schema=False)
def documents_page(request: Request, region: Optional[str] = None, level: Optional[str] = None,
                   year: Optional[int] = None, doc_type: Optional[str] = None, plan_year: Optional[int] = None,
                   superseded: bool = False, sort: str = "stored", desc: bool = False, page: Optional[int] = None,
                   per_page: Optional[int] = None) -> Response:
    db = database(request)
    filters = _document_filters(region, level, year, doc_type, plan_year, superseded, sort)
    paging = Page.of(page, per_page)
    total, documents = lists.document_page(db, filters, sort=sort, descending=desc, offset=paging.offset,
                                           limit=paging.per_page)
    facets = request.app.state.books_cache.get(db, ("document-facets", filters),
                                               lambda: lists.document_facets(db, filters))
    return render(request, "documents.html", {"documents": documents, "paging": paging.links(request, total),
                                              "filters": filters, "facets": facets, "sort": sort, "desc": desc})


@router.get("/api/documents", tags=["documents"])
def api_documents(request: Request, region: Optional[str] = None,
                  level: Optional[str] = Query(None, description="province, city, county or unknown"),
                  year: Optional[int] = None, doc_type: Optional[str] = None, plan_year: Optional[int] = None,
                  superseded: bool = False,
                  sort: str = Query("stored", description="stored, published, year or region"), desc: bool = False,
                  page: Optional[int] = None, per_page: Optional[int] = None,
                  format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """Stored documents (without their texts): the current version of each source, and with
    `superseded=true` the older versions too (each says `current` and `superseded_by`); `year` matches the
    year reviewed or planned; `facets` count the documents each value of level, year and type keeps (the
    other filters applied)."""
    db = database(request)
    filters = _document_filters(region, level, year, doc_type, plan_year, superseded, sort)
    if format != "json":
        _, documents = lists.document_page(db, filters, sort=sort, descending=desc, limit=None)
        return download([lists.document_dict(d) for d in documents], format, "documents", lang=language_of(request))
    paging = Page.of(page, per_page)
    total, documents = lists.document_page(db, filters, sort=sort, descending=desc, offset=paging.offset,
                                           limit=paging.per_page)
    return json_response({"rows": [lists.document_dict(d) for d in documents], **paging.links(request, total),
                          "facets": lists.document_facets(db, filters)})

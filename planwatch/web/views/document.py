"""`/doc/{id}`: the full text with every figure highlighted by kind, a detail panel (fields, verdict, the
linked figure: target ↔ result), the correction form, and the list of figures with filters.
`/api/doc/{id}`, `/api/doc/{id}/figures`, `/api/figure/{id}`, `/api/documents` and `/documents`."""

from __future__ import annotations

import dataclasses
from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from planwatch import store
from planwatch.corrections import FIELDS
from planwatch.models import KINDS, FigureRecord
from planwatch.web import data
from planwatch.web.deps import database, not_found
from planwatch.web.highlight import highlight
from planwatch.web.render import render, url_with
from planwatch.web.tables import MAX_PER_PAGE, Page, download, json_response, jsonable

router = APIRouter()


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


@router.get("/doc/{doc_id}", include_in_schema=False)
def document_page(request: Request, doc_id: int, kind: Optional[str] = None, indicator: Optional[str] = None,
                  catalog_only: bool = Query(False, alias="catalog"), figure: Optional[int] = None,
                  part: Optional[int] = None, page: Optional[int] = None) -> Response:
    """The text a part at a time (TEXT_WINDOW characters, with the figures quoted there) and the list of
    figures a page at a time: what a page costs does not grow with the document."""
    db = database(request)
    document = _document(request, doc_id)
    text = document.text or ""
    windows = text_windows(text)
    chosen = store.get_figure(db, figure) if figure is not None else None
    chosen = chosen if chosen is not None and chosen.doc_id == doc_id else None
    if part is None:
        part = next((n for n, (_, end) in enumerate(windows, 1) if chosen and chosen.figure.start < end), 1)
    if not 1 <= part <= len(windows):
        raise HTTPException(400, f"part must be between 1 and {len(windows)}")
    start, end = windows[part - 1]
    shown = data.window_figures(db, doc_id, start, end)
    paging = Page.of(page, None, default=FIGURES_PER_PAGE)
    total, listed = data.figure_page(db, doc_id=doc_id, kind=kind or None, indicator=indicator or None,
                                     catalog_only=catalog_only, offset=paging.offset, limit=FIGURES_PER_PAGE)
    records = {r.id: r for r in (*shown, *listed, *([chosen] if chosen else []))}
    views = {v.record.id: v for v in data.figure_views(db, list(records.values()))}
    parts = {"page": part, "pages": len(windows),
             "previous": url_with(request, part=part - 1, figure=None) if part > 1 else None,
             "next": url_with(request, part=part + 1, figure=None) if part < len(windows) else None}
    return render(request, "document.html", {
        "document": document, "nodes": highlight(text[start:end], [_shifted(r, start) for r in shown]),
        "listed": [views[r.id] for r in listed], "paging": paging.links(request, total), "parts": parts,
        "figure_data": jsonable({i: v.to_dict() for i, v in views.items()}),
        "selected": views.get(chosen.id) if chosen else None,
        "kinds": KINDS, "kind": kind or "", "indicator": indicator or "", "catalog_only": catalog_only,
        "indicators": data.document_indicators(db, doc_id), "fields": list(FIELDS)})


@router.get("/api/doc/{doc_id}", tags=["documents"])
def api_document(request: Request, doc_id: int) -> Response:
    """A document: its facts and full text (figures at `/api/doc/{id}/figures`)."""
    document = store.get_document(database(request), doc_id)
    if document is None:
        raise not_found(request, f"document {doc_id}")
    return json_response({**data.document_dict(document, with_text=True),
                          "figures": f"/api/doc/{doc_id}/figures"})


@router.get("/api/doc/{doc_id}/figures", tags=["documents"])
def api_document_figures(request: Request, doc_id: int, kind: Optional[str] = None,
                         indicator: Optional[str] = None, catalog_only: bool = Query(False, alias="catalog"),
                         page: Optional[int] = None, per_page: Optional[int] = None,
                         format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """A document's figures in document order, each with the verdict on its target and the linked figure
    (a target's result, a result's target), a page at a time (at most 1000 rows); filters: kind,
    indicator, catalog (catalog indicators only)."""
    db = database(request)
    _document(request, doc_id)
    filters: dict[str, Any] = dict(doc_id=doc_id, kind=kind, indicator=indicator, catalog_only=catalog_only)
    if format != "json":
        return download([v.to_dict() for v in data.figure_views(db, list(data.each_figure(db, **filters)))],
                        format, f"document_{doc_id}_figures")
    paging = Page.of(page, per_page, default=MAX_PER_PAGE)
    total, records = data.figure_page(db, **filters, offset=paging.offset, limit=paging.per_page or MAX_PER_PAGE)
    return json_response({"rows": [v.to_dict() for v in data.figure_views(db, records)],
                          **paging.links(request, total)})


@router.get("/api/figure/{figure_id}", tags=["figures"])
def api_figure(request: Request, figure_id: int) -> Response:
    """One figure with its verdict and linked figure."""
    db = database(request)
    record = store.get_figure(db, figure_id)
    if record is None:
        raise not_found(request, f"figure {figure_id}")
    return json_response(data.figure_views(db, [record])[0].to_dict())


@router.get("/api/figures", tags=["figures"])
def api_figures(request: Request, region: Optional[str] = None, year: Optional[int] = None,
                indicator: Optional[str] = None, kind: Optional[str] = None, doc_id: Optional[int] = None,
                catalog_only: bool = Query(False, alias="catalog"),
                page: Optional[int] = None, per_page: Optional[int] = None,
                format: str = Query("json", description="json, csv or xlsx (every matching figure)")) -> Response:
    """Stored figures (corrections applied) in document order, a page at a time: `region` is the figure's
    own region, else its document's; `year` the year the figure refers to."""
    db = database(request)
    filters: dict[str, Any] = dict(region=region, year=year, indicator=indicator, kind=kind, doc_id=doc_id,
                                   catalog_only=catalog_only)
    if format != "json":
        return download((data.figure_dict(r) for r in data.each_figure(db, **filters)), format, "figures")
    paging = Page.of(page, per_page)
    total, records = data.figure_page(db, **filters, offset=paging.offset, limit=paging.per_page)
    return json_response({"rows": [data.figure_dict(r) for r in records], **paging.links(request, total)})




@router.get("/documents", include_in_schema=False)
def documents_page(request: Request, region: Optional[str] = None, year: Optional[int] = None,
                   doc_type: Optional[str] = None, page: Optional[int] = None,
                   per_page: Optional[int] = None) -> Response:
    paging = Page.of(page, per_page)
    total, documents = data.document_page(database(request), region=region, year=year, doc_type=doc_type,
                                          offset=paging.offset, limit=paging.per_page)
    return render(request, "documents.html", {"documents": documents, "paging": paging.links(request, total),
                                              "region": region or "", "year": year})


@router.get("/api/documents", tags=["documents"])
def api_documents(request: Request, region: Optional[str] = None, year: Optional[int] = None,
                  doc_type: Optional[str] = None, page: Optional[int] = None, per_page: Optional[int] = None,
                  format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """Stored documents (without their texts) in the order they were stored; `year` matches the year
    reviewed or planned."""
    db = database(request)
    if format != "json":
        _, documents = data.document_page(db, region=region, year=year, doc_type=doc_type, limit=None)
        return download([data.document_dict(d) for d in documents], format, "documents")
    paging = Page.of(page, per_page)
    total, documents = data.document_page(db, region=region, year=year, doc_type=doc_type,
                                          offset=paging.offset, limit=paging.per_page)
    return json_response({"rows": [data.document_dict(d) for d in documents], **paging.links(request, total)})

"""`/doc/{id}`: the full text with every figure highlighted by kind, a detail panel (fields, verdict, the
linked figure: target ↔ result), the correction form, and the list of figures with filters.
`/api/doc/{id}`, `/api/doc/{id}/figures`, `/api/figure/{id}`, `/api/documents` and `/documents`."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from planwatch import store
from planwatch.engine.catalog import catalog
from planwatch.corrections import FIELDS
from planwatch.models import KINDS
from planwatch.web.pages.document import FigureView, figure_views
from planwatch.web.pages import lists
from planwatch.web.deps import database, not_found
from planwatch.web.highlight import highlight
from planwatch.web.render import render
from planwatch.web.tables import Page, download, json_response, jsonable

router = APIRouter()


def _filtered(views: list[FigureView], kind: str | None, indicator: str | None,
              catalog_only: bool) -> list[FigureView]:
    return [v for v in views
            if (not kind or v.record.figure.kind == kind)
            and (not indicator or v.record.figure.indicator == indicator)
            and (not catalog_only or v.record.figure.indicator in catalog())]


def _document_and_figures(request: Request, doc_id: int) -> tuple[Any, list[FigureView]]:
    db = database(request)
    document = store.get_document(db, doc_id)
    if document is None:
        raise not_found(request, f"document {doc_id}")
    return document, figure_views(db, store.figures(db, doc_id=doc_id))


@router.get("/doc/{doc_id}", include_in_schema=False)
def document_page(request: Request, doc_id: int, kind: Optional[str] = None, indicator: Optional[str] = None,
                  catalog_only: bool = Query(False, alias="catalog"), figure: Optional[int] = None) -> Response:
    document, views = _document_and_figures(request, doc_id)
    selected = next((v for v in views if v.record.id == figure), None)
    indicators = sorted({v.record.figure.indicator for v in views},
                        key=lambda i: (i not in catalog(), list(catalog()).index(i) if i in catalog() else 0, i))
    return render(request, "document.html", {
        "document": document, "nodes": highlight(document.text or "", [v.record for v in views]),
        "views": views, "listed": _filtered(views, kind, indicator, catalog_only),
        "figure_data": jsonable({v.record.id: v.to_dict() for v in views}), "selected": selected,
        "kinds": KINDS, "kind": kind or "", "indicator": indicator or "", "catalog_only": catalog_only,
        "indicators": indicators, "fields": list(FIELDS)})


@router.get("/api/doc/{doc_id}", tags=["documents"])
def api_document(request: Request, doc_id: int) -> Response:
    """A document: its facts and full text (figures at `/api/doc/{id}/figures`)."""
    document = store.get_document(database(request), doc_id)
    if document is None:
        raise not_found(request, f"document {doc_id}")
    return json_response({**lists.document_dict(document, with_text=True),
                          "figures": f"/api/doc/{doc_id}/figures"})


@router.get("/api/doc/{doc_id}/figures", tags=["documents"])
def api_document_figures(request: Request, doc_id: int, kind: Optional[str] = None,
                         indicator: Optional[str] = None, catalog_only: bool = Query(False, alias="catalog"),
                         page: Optional[int] = None, per_page: Optional[int] = None,
                         format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """A document's figures in document order, each with the verdict on its target and the linked figure
    (a target's result, a result's target); filters: kind, indicator, catalog (catalog indicators only)."""
    _, views = _document_and_figures(request, doc_id)
    rows = [v.to_dict() for v in _filtered(views, kind, indicator, catalog_only)]
    if format != "json":
        return download(rows, format, f"document_{doc_id}_figures")
    paging = Page.of(page, per_page, default=None)
    return json_response({"rows": paging.slice(rows), **paging.links(request, len(rows))})


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
    """Stored figures (corrections applied) in document order, a page at a time: `region` is the figure's
    own region, else its document's; `year` the year the figure refers to."""
    db = database(request)
    filters: dict[str, Any] = dict(region=region, year=year, indicator=indicator, kind=kind, doc_id=doc_id,
                                   catalog_only=catalog_only)
    if format != "json":
        _, records = lists.figure_page(db, **filters, limit=None)
        return download([lists.figure_dict(r) for r in records], format, "figures")
    paging = Page.of(page, per_page)
    total, records = lists.figure_page(db, **filters, offset=paging.offset, limit=paging.per_page)
    return json_response({"rows": [lists.figure_dict(r) for r in records], **paging.links(request, total)})




@router.get("/documents", include_in_schema=False)
def documents_page(request: Request, region: Optional[str] = None, year: Optional[int] = None,
                   doc_type: Optional[str] = None, page: Optional[int] = None,
                   per_page: Optional[int] = None) -> Response:
    paging = Page.of(page, per_page)
    total, documents = lists.document_page(database(request), region=region, year=year, doc_type=doc_type,
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
        _, documents = lists.document_page(db, region=region, year=year, doc_type=doc_type, limit=None)
        return download([lists.document_dict(d) for d in documents], format, "documents")
    paging = Page.of(page, per_page)
    total, documents = lists.document_page(db, region=region, year=year, doc_type=doc_type,
                                          offset=paging.offset, limit=paging.per_page)
    return json_response({"rows": [lists.document_dict(d) for d in documents], **paging.links(request, total)})

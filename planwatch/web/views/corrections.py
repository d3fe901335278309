"""Correcting a figure (the form on the document page, `POST /api/figure/{id}/corrections`) and the
corrections log (`/corrections`, `/api/corrections`). Both go through `planwatch.corrections.correct`:
one transaction, every change logged with who, when and why."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from planwatch import corrections as books
from planwatch import store
from planwatch.web import auth
from planwatch.web.deps import database, not_found
from planwatch.web.i18n import language_of
from planwatch.web.render import render
from planwatch.web.tables import Page, download, json_response

router = APIRouter()


def _log(request: Request) -> list[dict[str, Any]]:
    rows = []
    for c in reversed(books.corrections(database(request))):  # newest first
        row = {"id": c.id, "at": c.at, "author": c.author, "why": c.why, "field": c.field, "old": c.old,
               "new": c.new, "figure_id": c.figure_id, "doc_name": c.doc_name, "quote": c.quote,
               "doc_sha256": c.doc_sha256, "figure_key": c.figure_key, "url": None}
        rows.append(row)
    ids = {r["figure_id"] for r in rows if r["figure_id"] is not None}
    doc_of = {i: f.doc_id for i in ids if (f := store.get_figure(database(request), i)) is not None} if ids else {}
    for row in rows:
        if row["figure_id"] in doc_of:
            row["url"] = f"/doc/{doc_of[row['figure_id']]}#f{row['figure_id']}"
    return rows


@router.get("/corrections", include_in_schema=False)
def corrections_page(request: Request, page: Optional[int] = None, per_page: Optional[int] = None) -> Response:
    paging = Page.of(page, per_page)
    rows = _log(request)
    return render(request, "corrections.html", {"rows": paging.slice(rows),
                                                "paging": paging.links(request, len(rows))})


@router.get("/api/corrections", tags=["writing"])
def api_corrections(request: Request, page: Optional[int] = None, per_page: Optional[int] = None,
                    format: str = Query("json", description="json, csv or xlsx")) -> Response:
    """The corrections log, newest first, each with the figure it applies to now."""
    rows = _log(request)
    if format != "json":
        return download(rows, format, "corrections", lang=language_of(request))
    paging = Page.of(page, per_page)
    return json_response({"rows": paging.slice(rows), **paging.links(request, len(rows))})


def _correct(request: Request, figure_id: int, changes: dict[str, str | None], why: str,
             author: str) -> list[books.Correction]:
    try:
        return books.correct(database(request), figure_id, changes, why=why, author=author)
    except LookupError:
        raise not_found(request, f"figure {figure_id}") from None
    except ValueError as err:
        raise HTTPException(400, str(err)) from None


@router.post("/correct", include_in_schema=False)
async def correct_form(request: Request) -> Response:
    auth.form_writer(request)
    form = await request.form(max_files=0, max_fields=10)
    author = auth.check_form_write(request, str(form.get(auth.CSRF_FIELD) or ""))
    figure_text = str(form.get("figure_id") or "")
    if not figure_text.isdigit():
        raise HTTPException(400, "which figure? (figure_id)")
    figure_id = int(figure_text)
    field = str(form.get("field") or "")
    value = str(form.get("value") or "").strip()
    _correct(request, figure_id, {field: value}, str(form.get("why") or ""), author)
    record = store.get_figure(database(request), figure_id)
    doc_id = record.doc_id if record else 0
    return RedirectResponse(f"/doc/{doc_id}?figure={figure_id}&corrected=1#f{figure_id}", status_code=303)


class CorrectionRequest(BaseModel):
    changes: dict[str, Optional[str]] = Field(description='fields and their new values, e.g. {"value": "6.5"}; '
                                                          'an empty value clears a field that may be empty')
    why: str = Field(description="the reason, required")
    author: Optional[str] = Field(None, description="who corrects (default: api)")


@router.post("/api/figure/{figure_id}/corrections", tags=["writing"],
             dependencies=[Depends(auth.require_api_writer)])
def api_correct(request: Request, figure_id: int, body: CorrectionRequest) -> Response:
    """Correct fields of a figure; every change is logged. Needs `Authorization: Bearer <PLANWATCH_TOKEN>`."""
    done = _correct(request, figure_id, body.changes, body.why, (body.author or "api").strip()[:100] or "api")
    return json_response({"corrections": [c for c in done]}, status_code=201)

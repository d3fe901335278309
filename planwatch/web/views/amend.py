"""Amending a stored document: its region override changed (`POST /doc/{id}/region`, `POST
/api/doc/{id}/region`) and the document deleted (`POST /doc/{id}/delete`, `DELETE /api/doc/{id}`). Both
go through `planwatch.amend`: one transaction, logged in the corrections log with who, when and why."""

from __future__ import annotations

from typing import Any, Callable, Optional

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from planwatch import amend
from planwatch.ingest import Outcome
from planwatch.web import auth
from planwatch.web.deps import database, not_found
from planwatch.web.tables import json_response

router = APIRouter()


async def _run(request: Request, doc_id: int, work: Callable[[], Any]) -> Any:
    try:
        return await run_in_threadpool(work)
    except LookupError:
        raise not_found(request, f"document {doc_id}") from None
    except ValueError as err:
        raise HTTPException(400, str(err)) from None


async def _set_region(request: Request, doc_id: int, region: str | None, why: str, author: str) -> Outcome:
    outcome = await _run(request, doc_id, lambda: amend.set_region(doc_id, region or None, why=why, author=author,
                                                                   db=database(request)))
    if outcome.status == "failed":
        raise HTTPException(422, f"document {doc_id} could not be read again: {outcome.reason}")
    return outcome


@router.post("/doc/{doc_id}/region", include_in_schema=False)
async def region_form(request: Request, doc_id: int) -> Response:
    auth.form_writer(request)
    form = await request.form(max_files=0, max_fields=10)
    author = auth.check_form_write(request, str(form.get(auth.CSRF_FIELD) or ""))
    await _set_region(request, doc_id, str(form.get("region") or "").strip(), str(form.get("why") or ""), author)
    return RedirectResponse(f"/doc/{doc_id}", status_code=303)


@router.post("/doc/{doc_id}/delete", include_in_schema=False)
async def delete_form(request: Request, doc_id: int) -> Response:
    auth.form_writer(request)
    form = await request.form(max_files=0, max_fields=10)
    author = auth.check_form_write(request, str(form.get(auth.CSRF_FIELD) or ""))
    why = str(form.get("why") or "")
    gone = await _run(request, doc_id, lambda: amend.delete(doc_id, why=why, author=author, db=database(request)))
    return RedirectResponse(f"/doc/{gone.restored[0]}" if gone.restored else "/documents", status_code=303)


class RegionChange(BaseModel):
    region: Optional[str] = Field(description="a region of the gazetteer (包头市九原区, 九原区); null: the "
                                              "document's own words decide")
    why: str = Field(description="the reason, required")
    author: Optional[str] = Field(None, description="who changes it (default: api)")


class Deletion(BaseModel):
    why: str = Field(description="the reason, required")
    author: Optional[str] = Field(None, description="who deletes it (default: api)")


@router.post("/api/doc/{doc_id}/region", tags=["writing"], dependencies=[Depends(auth.require_api_writer)])
async def api_region(request: Request, doc_id: int, body: RegionChange) -> Response:
    """Change the region a document was given at upload (or drop it: `null`); the document is extracted
    again with it and the change logged. 400 for a region the gazetteer does not know (with close
    matches). Needs `Authorization: Bearer <PLANWATCH_TOKEN>`."""
    outcome = await _set_region(request, doc_id, body.region, body.why, body.author or "api")
    return json_response({"doc_id": doc_id, "region": body.region, "figures": outcome.figures})


@router.delete("/api/doc/{doc_id}", tags=["writing"], dependencies=[Depends(auth.require_api_writer)])
async def api_delete(request: Request, doc_id: int, body: Deletion) -> Response:
    """Delete a document and its figures; logged. The current version of a source deleted, the version
    before it is current again (`restored`). Needs `Authorization: Bearer <PLANWATCH_TOKEN>`."""
    gone = await _run(request, doc_id, lambda: amend.delete(doc_id, why=body.why, author=body.author or "api",
                                                            db=database(request)))
    return json_response({"deleted": gone.doc_id, "name": gone.name, "restored": gone.restored})

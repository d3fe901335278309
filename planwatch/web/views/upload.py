"""Uploading documents: `/upload` (a form, for a logged-in session) and `POST /api/upload` (bearer token).

Each file is saved under its own name in a temporary folder and ingested by `planwatch.ingest.ingest`
(each document whole or not at all, the same content stored once); the answer says what became of each:
stored, unchanged or failed, with the reason."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from planwatch.web import auth
from planwatch.web.deps import database
from planwatch.web.render import render
from planwatch.web.tables import json_response

router = APIRouter()

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # one request, every file together
MAX_FILES = 50
_CHUNK = 1024 * 1024


def safe_filename(name: str | None) -> str:
    """The file's own name, without folders or control characters (it names the document)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:200] or "document"


def _check_size(request: Request) -> None:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB per upload")


async def _form(request: Request) -> Any:
    _check_size(request)
    return await request.form(max_files=MAX_FILES, max_fields=20)


def _year(text: Any) -> int | None:
    text = str(text or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1949 <= int(text) <= 2100:
        raise HTTPException(400, f"year {text!r} is not a year")
    return int(text)


async def ingest_uploads(request: Request, files: list[UploadFile], region: str | None,
                         year: int | None) -> list[dict[str, Any]]:
    """Ingest the uploaded files; one outcome per file (name, status, reason, doc_id, figures)."""
    from planwatch.ingest import ingest
    from planwatch.validation import region_name

    if not files:
        raise HTTPException(400, "no file uploaded (form field: files)")
    try:
        region = region_name(region) if region else None
    except ValueError as err:
        raise HTTPException(400, f"region: {err}") from None
    with tempfile.TemporaryDirectory(prefix="planwatch-upload-") as folder:
        paths: dict[str, str] = {}
        total = 0
        for n, upload in enumerate(files):
            name = safe_filename(upload.filename)
            path = Path(folder) / str(n) / name
            path.parent.mkdir()
            with path.open("wb") as out:
                while chunk := await upload.read(_CHUNK):
                    total += len(chunk)
                    if total > MAX_UPLOAD_BYTES:
                        raise HTTPException(413, f"at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB per upload")
                    out.write(chunk)
            paths[str(path)] = name
        report = await run_in_threadpool(ingest, list(paths), db=database(request), region=region or None,
                                         year=year, jobs=1, shown=paths)
    return [{"file": paths.get(o.source, Path(o.source).name), "status": o.status, "reason": o.reason,
             "doc_id": o.doc_id, "figures": o.figures, "url": f"/doc/{o.doc_id}" if o.doc_id else None}
            for o in report.outcomes]


def _files(form: Any) -> list[UploadFile]:
    return [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]


@router.get("/upload", include_in_schema=False)
def upload_page(request: Request) -> Response:
    return render(request, "upload.html", {"outcomes": None})


@router.post("/upload", include_in_schema=False)
async def upload_form(request: Request) -> Response:
    auth.form_writer(request)
    form = await _form(request)
    auth.check_form_write(request, str(form.get(auth.CSRF_FIELD) or ""))
    outcomes = await ingest_uploads(request, _files(form), str(form.get("region") or "").strip() or None,
                                    _year(form.get("year")))
    return render(request, "upload.html", {"outcomes": outcomes})


@router.post("/api/upload", tags=["writing"], dependencies=[Depends(auth.require_api_writer)])
async def api_upload(request: Request) -> Response:
    """Ingest documents (multipart field `files`, optional `region` and `year` overrides). Needs
    `Authorization: Bearer <PLANWATCH_TOKEN>`. One outcome per file: stored / unchanged / failed."""
    form = await _form(request)
    outcomes = await ingest_uploads(request, _files(form), str(form.get("region") or "").strip() or None,
                                    _year(form.get("year")))
    return json_response({"outcomes": outcomes})

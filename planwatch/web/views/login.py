"""`/login` and `/logout`: a browser session for writing, opened with the server's token."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from planwatch.web import auth
from planwatch.web.i18n import language_of, translator
from planwatch.web.render import render

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (no //host, no scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login")
async def login(request: Request) -> Response:
    t = translator(language_of(request))
    if not auth.configured_token(request):
        raise HTTPException(403, t("no_token_configured"))
    form = await request.form(max_files=0, max_fields=10)
    if not auth.csrf_ok(request, str(form.get(auth.CSRF_FIELD) or "")):
        raise HTTPException(403, "the form's CSRF token is missing or wrong: reload the page and try again")
    name = str(form.get("name") or "").strip()[:100]
    target = safe_next(str(form.get("next") or "/"))
    if not auth.token_matches(request, str(form.get("token") or "")) or not name:
        return render(request, "login.html", {"next": target, "error": t("login_failed")}, status_code=401)
    auth.log_in(request, name)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    if not auth.csrf_ok(request, str(form.get(auth.CSRF_FIELD) or "")):
        raise HTTPException(403, "the form's CSRF token is missing or wrong")
    auth.log_out(request)
    return RedirectResponse("/", status_code=303)

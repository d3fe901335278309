"""`/login` and `/logout`: a browser session for writing, opened with the server's token."""

from __future__ import annotations

import math
import re

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
    return _login_form(request, safe_next(next), None, 200)


def _login_form(request: Request, target: str, error: str | None, status_code: int) -> Response:
    """The login form, with its own CSRF token (the session cookie is not touched before logging in)."""
    token = auth.login_csrf(request)
    response = render(request, "login.html", {"next": target, "error": error, "login_csrf": token},
                      status_code=status_code)
    if auth.configured_token(request):
        auth.set_login_cookie(response, token)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    t = translator(language_of(request))
    if not auth.configured_token(request):
        raise HTTPException(403, t("no_token_configured"))
    throttle, address = request.app.state.login_throttle, auth.client_address(request)
    wait = throttle.wait(address)
    if wait > 0:
        raise HTTPException(429, f"too many wrong tokens: try again in {math.ceil(wait)} s",
                            headers={"Retry-After": str(math.ceil(wait))})
    form = await request.form(max_files=0, max_fields=10)
    if not auth.login_csrf_ok(request, str(form.get(auth.CSRF_FIELD) or "")):
        raise HTTPException(403, "the form's CSRF token is missing or wrong: reload the page and try again")
    name = re.sub(r"[\x00-\x1f\x7f]", "", str(form.get("name") or "")).strip()[:100]
    target = safe_next(str(form.get("next") or "/"))
    if not auth.token_matches(request, str(form.get("token") or "")):
        throttle.failed(address)
        return _login_form(request, target, t("login_failed"), 401)
    if not name:
        return _login_form(request, target, t("login_failed"), 401)
    throttle.succeeded(address)
    auth.log_in(request, name)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=5)
    if not auth.csrf_ok(request, str(form.get(auth.CSRF_FIELD) or "")):
        raise HTTPException(403, "the form's CSRF token is missing or wrong")
    auth.log_out(request)
    return RedirectResponse("/", status_code=303)

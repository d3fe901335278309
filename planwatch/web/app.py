"""The web application: `create_app(db_url, token=None)` gives the FastAPI app that `planwatch serve` runs.

Pages are rendered on the server (Jinja2, autoescaped) and every page's data is also JSON under /api.
Security: a strict Content-Security-Policy (`default-src 'self'`: no inline script, no CDN), nosniff,
no framing; writing needs the token (see `auth.py`).
"""

from __future__ import annotations

import asyncio
import gzip
import secrets
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware

from planwatch.web import auth
from planwatch.web.i18n import LANG_COOKIE, LANGUAGES, language_of, translator

SESSION_COOKIE = "planwatch_session"
GZIP_MINIMUM = 2000  # bytes of a response worth compressing
GZIP_LEVEL = 6  # of a kept page (compressed once): level 9 takes twice as long for 2% less

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")
# Swagger UI sets style attributes in the markup it builds: /docs alone may use inline styles (not scripts).
DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def create_app(db_url: str | None = None, token: str | None = None) -> FastAPI:
    """The app over the database `db_url` (default: $PLANWATCH_DB, else planwatch.db here).

    With `token`, API writes need `Authorization: Bearer <token>` and browser writes a login with it;
    without one the server is read-only."""
    from planwatch.pool import in_worker_process
    from planwatch.store import get_engine, resolve_url
    from planwatch.web import deps, search
    from planwatch.web.pages.cache import BooksAnswers, BooksCache, PageCache, books_state
    from planwatch.web.views import (amend, api_docs, books, check, corrections, document, indicator, login, overview,
                                     region, upload)

    url = resolve_url(db_url)
    get_engine(url)  # opens (and migrates) the database now: a bad URL fails at start, not at first request
    app = FastAPI(title="planwatch", version=_version(),
                  description="The books of Chinese governments' annual development plans: targets, results, "
                              "verdicts, annex tables and comparisons across levels. Every page of the site has "
                              "its data here as JSON; lists take `page` and `per_page`, tables `format=csv|xlsx`.",
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None)
    app.state.db_url = url
    app.state.token = token or None
    app.state.books_cache = BooksCache()
    app.state.books_answers = BooksAnswers(offload=in_worker_process)
    deps.warm_up(app.state.books_answers, url)  # on large books, the checks and the panel before anyone asks
    app.state.page_cache = PageCache()
    app.state.sessions = auth.Sessions()
    app.state.login_throttle = auth.LoginThrottle()

    @app.middleware("http")
    async def kept_pages(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """A page or an API answer for an anonymous reader, kept while the books do not change: a page asked
        for again (or by many at once: they wait for the first) costs a lookup. For a reader that takes
        gzip it is kept compressed (once, not at every request: a document page is a megabyte)."""
        if request.method != "GET" or request.cookies.get(SESSION_COOKIE) or "authorization" in request.headers:
            return await call_next(request)
        pages = app.state.page_cache
        # the pages of an answer being refreshed (`BooksAnswers`) go once it is there
        pages.check((await run_in_threadpool(books_state, app.state.db_url), app.state.books_answers.generation))
        gzipped = "gzip" in request.headers.get("accept-encoding", "")
        key = (request.url.path, request.url.query, language_of(request), gzipped)
        lock = pages.locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                kept = pages.get(key)
                if kept is None:
                    response = await call_next(request)
                    length = response.headers.get("content-length")
                    if (response.status_code != 200 or length is None or int(length) > pages.max_bytes // 8
                            or request.scope.get("session") or "set-cookie" in response.headers):
                        return response
                    body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
                    headers = response.raw_headers
                    if gzipped and len(body) >= GZIP_MINIMUM:  # compressed once, not at every request
                        body = await run_in_threadpool(gzip.compress, body, GZIP_LEVEL)
                        headers = [(k, v) for k, v in headers if k != b"content-length"] + [
                            (b"content-length", str(len(body)).encode()), (b"content-encoding", b"gzip"),
                            (b"vary", b"Accept-Encoding")]
                    kept = (response.status_code, headers, body)
                    pages.put(key, *kept)
        finally:  # those waiting hold the lock already; later requests find the page, or compute it
            if pages.locks.get(key) is lock:
                del pages.locks[key]
        status, headers, body = kept
        response = Response(body, status_code=status)
        response.raw_headers = list(headers)  # as computed, repeated headers included
        return response

    @app.middleware("http")
    async def refuse_nul(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        """A NUL character in the path or the query is no one's search term (and PostgreSQL refuses it)."""
        if "\x00" in request.url.path or any("\x00" in k + v for k, v in request.query_params.multi_items()):
            return await _http_error(request, HTTPException(400, "the request contains a NUL character (%00)"))
        return await call_next(request)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        docs = request.url.path == "/docs"
        response.headers["Content-Security-Policy"] = DOCS_CONTENT_SECURITY_POLICY if docs else CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        wanted = request.query_params.get("lang")
        if wanted in LANGUAGES and request.cookies.get(LANG_COOKIE) != wanted:
            response.set_cookie(LANG_COOKIE, wanted, max_age=365 * 24 * 3600, samesite="strict")
        return response

    # added after: runs before the header middleware sees the request, so pages can read request.session
    app.add_middleware(SessionMiddleware, secret_key=secrets.token_urlsafe(32), session_cookie=SESSION_COOKIE,
                       max_age=auth.SESSION_SECONDS, same_site="strict", https_only=False)

    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM)  # document pages are large and compress well
    app.mount("/static/swagger-ui", StaticFiles(directory=_swagger_ui_path()), name="swagger-ui")
    app.mount("/static", StaticFiles(packages=[("planwatch.web", "static")]), name="static")
    for module in (overview, region, document, indicator, books, check, corrections, upload, login, api_docs, amend):
        app.include_router(module.router)
    app.include_router(search.router)

    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    return app


def _version() -> str:
    from planwatch.version import __version__

    return __version__


def _swagger_ui_path() -> str:
    from swagger_ui_bundle import swagger_ui_path

    return swagger_ui_path


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.startswith("/openapi") \
        or "application/json" in request.headers.get("accept", "")


async def _http_error(request: Request, error: HTTPException) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
    from planwatch.web.render import render

    t = translator(language_of(request))
    response = render(request, "error.html", {"status": error.status_code, "message": str(error.detail),
                                              "title": t("error_title")}, status_code=error.status_code)
    response.headers.update(error.headers or {})  # Retry-After, WWW-Authenticate
    return response


async def _validation_error(request: Request, error: RequestValidationError) -> Response:
    problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in error.errors()]
    if _wants_json(request):
        return JSONResponse({"detail": problems}, status_code=422)
    from planwatch.web.render import render

    message = "; ".join(f"{'.'.join(map(str, p['loc']))}: {p['msg']}" for p in problems)
    return render(request, "error.html", {"status": 422, "message": message,
                                          "title": translator(language_of(request))("error_title")},
                  status_code=422)

"""Who may write: the API by `Authorization: Bearer <PLANWATCH_TOKEN>`, the browser by a login session.

- No token configured: the server is read-only; every write answers 403.
- API writes: the bearer token, compared in constant time; 401 without it or with a wrong one.
- Browser forms: `/login` with the token puts the user's name in the signed session cookie (Starlette's
  SessionMiddleware: itsdangerous-signed, SameSite=Strict, a random secret per server process). Each
  session holds a CSRF token; every form carries it in a hidden field and every POST is checked against
  it (a form from another site can neither read it nor, with SameSite=Strict, send the cookie).
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request

CSRF_FIELD = "csrf_token"


def configured_token(request: Request) -> str | None:
    return request.app.state.token


def token_matches(request: Request, candidate: str | None) -> bool:
    token = configured_token(request)
    if not token or not candidate:
        return False
    return hmac.compare_digest(candidate.encode("utf-8"), token.encode("utf-8"))


def require_api_writer(request: Request) -> None:
    """A FastAPI dependency of API writes: 403 on a read-only server, 401 without the bearer token."""
    if not configured_token(request):
        raise HTTPException(403, "this server is read-only: start it with PLANWATCH_TOKEN set to allow writes")
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token_matches(request, credentials.strip()):
        raise HTTPException(401, "writing needs the header Authorization: Bearer <PLANWATCH_TOKEN>",
                            headers={"WWW-Authenticate": "Bearer"})


def csrf_token(request: Request) -> str:
    """This session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.session.get("csrf")
    return bool(expected and submitted) and hmac.compare_digest(str(submitted).encode(), expected.encode())


def session_user(request: Request) -> str | None:
    """The name of the logged-in user, when the server accepts writes and this session logged in."""
    if not configured_token(request):
        return None
    return request.session.get("user")


def log_in(request: Request, name: str) -> None:
    """Start a writing session: the user's name, and a new CSRF token (a token seen before login dies)."""
    request.session.clear()
    request.session["user"] = name
    request.session["csrf"] = secrets.token_urlsafe(32)


def log_out(request: Request) -> None:
    request.session.clear()


def form_writer(request: Request) -> str:
    """The logged-in author allowed to write through a form, or an HTTPException: 403 read-only,
    401 not logged in. Checked before a form's body is read."""
    if not configured_token(request):
        raise HTTPException(403, "read-only server")
    user = session_user(request)
    if not user:
        raise HTTPException(401, "log in first")
    return user


def check_form_write(request: Request, submitted_csrf: str | None) -> str:
    """The author of a form write, or an HTTPException: 403 read-only, 401 not logged in, 403 bad
    CSRF token."""
    user = form_writer(request)
    if not csrf_ok(request, submitted_csrf):
        raise HTTPException(403, "the form's CSRF token is missing or wrong: reload the page and try again")
    return user

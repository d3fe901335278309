"""Who may write: the API by `Authorization: Bearer <PLANWATCH_TOKEN>`, the browser by a login session.

- No token configured: the server is read-only; every write answers 403.
- API writes: the bearer token, compared in constant time; 401 without it or with a wrong one.
- Browser forms: `/login` with the token opens a session held by the server (`Sessions`): the signed
  cookie (Starlette's SessionMiddleware: SameSite=Strict, HttpOnly, a random secret per server process)
  carries only its random id. The session holds the user's name and a CSRF token that every form carries
  in a hidden field and every POST is checked against. Logging out ends the session on the server: the
  old cookie and token are worth nothing afterwards. Anonymous visits never write the session cookie, so
  a link from another site (which a Strict cookie does not follow) cannot replace a logged-in one.
- The login form has its own CSRF token in a cookie of its own (`LOGIN_COOKIE`, double submit), and
  `/login` slows a guesser down: after FREE_TRIES wrong tokens from one address, each further try waits
  twice as long as the one before (`LoginThrottle`), up to MAX_LOCK seconds.
"""

from __future__ import annotations

import dataclasses
import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from fastapi import HTTPException, Request
from fastapi.responses import Response

CSRF_FIELD = "csrf_token"
LOGIN_COOKIE = "planwatch_login"
SESSION_SECONDS = 8 * 3600
MAX_SESSIONS = 10_000
FREE_TRIES = 5
MAX_LOCK = 15 * 60.0
MAX_TRACKED_ADDRESSES = 10_000


@dataclasses.dataclass(slots=True)
class Session:
    user: str
    csrf: str
    expires: float


class Sessions:
    """The open writing sessions of this server, by random id; they end at logout or after
    SESSION_SECONDS (the oldest go first when there are MAX_SESSIONS)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._open: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def open(self, user: str) -> str:
        sid = secrets.token_urlsafe(32)
        with self._lock:
            self._open[sid] = Session(user, secrets.token_urlsafe(32), self.clock() + SESSION_SECONDS)
            while len(self._open) > MAX_SESSIONS:
                self._open.popitem(last=False)
        return sid

    def get(self, sid: object) -> Session | None:
        if not isinstance(sid, str):
            return None
        with self._lock:
            session = self._open.get(sid)
            if session is not None and session.expires <= self.clock():
                del self._open[sid]
                return None
            return session

    def close(self, sid: object) -> None:
        with self._lock:
            self._open.pop(sid, None)  # type: ignore[arg-type]


class LoginThrottle:
    """Wrong tokens per client address: after FREE_TRIES, the address must wait 1, 2, 4 … seconds (at most
    MAX_LOCK) before its next try is even looked at. A right token clears its record."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # address → (failures, locked until)
        self._lock = threading.Lock()

    def wait(self, address: str) -> float:
        """Seconds `address` must still wait before trying again (0: it may try now)."""
        with self._lock:
            _, until = self._failures.get(address, (0, 0.0))
        return max(0.0, until - self.clock())

    def failed(self, address: str) -> None:
        with self._lock:
            failures = self._failures.pop(address, (0, 0.0))[0] + 1
            lock = 0.0 if failures < FREE_TRIES else min(MAX_LOCK, 2.0 ** (failures - FREE_TRIES))
            self._failures[address] = (failures, self.clock() + lock)
            while len(self._failures) > MAX_TRACKED_ADDRESSES:
                self._failures.popitem(last=False)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


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


def _session(request: Request) -> Session | None:
    return request.app.state.sessions.get(request.session.get("sid"))


def csrf_token(request: Request) -> str:
    """The CSRF token of this request's writing session ("" without one: anonymous pages have no form)."""
    session = _session(request)
    return session.csrf if session else ""


def csrf_ok(request: Request, submitted: str | None) -> bool:
    session = _session(request)
    return bool(session and submitted) and hmac.compare_digest(str(submitted).encode(), session.csrf.encode())


def session_user(request: Request) -> str | None:
    """The name of the logged-in user, when the server accepts writes and this session logged in."""
    if not configured_token(request):
        return None
    session = _session(request)
    return session.user if session else None


def log_in(request: Request, name: str) -> None:
    """Start a writing session: a new id (a session seen before login dies) with its own CSRF token."""
    log_out(request)
    request.session["sid"] = request.app.state.sessions.open(name)


def log_out(request: Request) -> None:
    """End the session on the server and drop the cookie."""
    request.app.state.sessions.close(request.session.get("sid"))
    request.session.clear()


def login_csrf(request: Request) -> str:
    """The login form's CSRF token: the one in its cookie, or a new one (`set_login_cookie` sends it)."""
    return request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)


def set_login_cookie(response: Response, token: str) -> None:
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/login", httponly=True, samesite="strict")


def login_csrf_ok(request: Request, submitted: str | None) -> bool:
    expected = request.cookies.get(LOGIN_COOKIE)
    return bool(expected and submitted) and hmac.compare_digest(str(submitted).encode(), expected.encode())


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


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

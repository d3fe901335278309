"""Small things every view needs from the request: the database, the language, a 404."""

from __future__ import annotations

from fastapi import HTTPException, Request

from planwatch.web.i18n import language_of, translator


def database(request: Request) -> str:
    """The URL of the database this server reads (set by `create_app`)."""
    return request.app.state.db_url


def not_found(request: Request, what: str) -> HTTPException:
    return HTTPException(404, translator(language_of(request))("not_found", what=what))


def check_level(level: str | None) -> str | None:
    if level in (None, ""):
        return None
    if level not in ("province", "city", "county", "unknown"):
        raise HTTPException(400, "level must be province, city, county or unknown")
    return level

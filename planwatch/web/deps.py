"""Small things every view needs from the request: the database, the language, a 404, the answers over the
whole books."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request

from planwatch.web.i18n import language_of, translator
from planwatch.web.pages.cache import Answer, BeingComputed, BooksAnswers, books_state

# What says that an answer is that of an earlier state of the books, a newer one being computed: the
# header, and no keeping of it by browsers and proxies (the server's page cache drops it once the newer
# one is there).
REFRESHING_HEADER = "X-Planwatch-Refreshing"


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


def _check(db: str) -> list[Any]:
    from planwatch.assess.ledgers import check_books

    return list(check_books(db))


def _panel(db: str) -> list[Any]:
    from planwatch.dataset import every_row

    return every_row(db)


# The answers over the whole books that pages filter (`BooksAnswers`): the checks and the panel.
WHOLE_BOOKS: dict[str, Callable[[str], list[Any]]] = {"check": _check, "panel": _panel}


def whole_books(request: Request, name: str) -> Answer[list[Any]]:
    """The answer `name` of `WHOLE_BOOKS` (`BooksAnswers`): a 503 with Retry-After while the first one is
    being computed."""
    db = database(request)
    try:
        return request.app.state.books_answers.get(db, name, functools.partial(WHOLE_BOOKS[name], db))
    except BeingComputed as busy:
        raise HTTPException(503, translator(language_of(request))("books_being_computed", seconds=busy.retry_after),
                            headers={"Retry-After": str(busy.retry_after)}) from None


def warm_up(answers: BooksAnswers, db: str) -> None:
    """Start computing every answer of `WHOLE_BOOKS` when readers would wait for them (large books)."""
    if books_state(db)[0] > answers.inline_documents:
        for name, compute in WHOLE_BOOKS.items():
            answers.refresh(db, name, functools.partial(compute, db))


def refreshing_headers(refreshing: bool) -> dict[str, str]:
    """The headers of an answer of an earlier state of the books (none for a current one)."""
    return {REFRESHING_HEADER: "1", "Cache-Control": "no-store"} if refreshing else {}

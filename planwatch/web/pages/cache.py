"""Answers kept while the books do not change: `BooksCache` for what pages compute over many regions (the
overview, the indicator index, the checks, the panel), `PageCache` for whole pages and API answers served
to anonymous readers. Both are dropped when a document or a correction is added or deleted, a version
superseded or documents extracted again by another engine (`books_state`: a few indexed counts), and each
answer `ttl` seconds after it was computed whatever happens."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select

from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.schema import CorrectionRow, DocumentRow

T = TypeVar("T")


def books_state(db: SessionOrDb) -> tuple[Any, ...]:
    """What changes whenever the books do: the documents (how many, the newest, how many superseded, the
    engines that extracted them) and the corrections (how many, the newest)."""
    superseded = select(func.count()).select_from(DocumentRow).where(DocumentRow.superseded_by.is_not(None))
    parts = [select(func.count()).select_from(DocumentRow), select(func.max(DocumentRow.id)), superseded,
             select(func.min(DocumentRow.engine_version)), select(func.max(DocumentRow.engine_version)),
             select(func.count()).select_from(CorrectionRow), select(func.max(CorrectionRow.id))]
    with session_scope(db) as session:  # each through an index: the documents' rows hold their texts
        return tuple(session.execute(select(*(part.scalar_subquery() for part in parts))).one())


class BooksCache:
    """Answers by key, each kept while the books do not change and for `ttl` seconds after it was computed
    (an answer that took minutes is not thrown away a moment later); at most `size` of them."""

    def __init__(self, ttl: float = 300.0, size: int = 5000) -> None:
        self.ttl, self.size = ttl, size
        self._state: tuple[Any, ...] | None = None
        self._kept: dict[Hashable, tuple[float, Any]] = {}

    def _check(self, db: SessionOrDb) -> None:
        state = books_state(db)
        if state != self._state:
            self._state = state
            self._kept.clear()

    def _fresh(self, key: Hashable) -> bool:
        kept = self._kept.get(key)
        return kept is not None and time.monotonic() - kept[0] <= self.ttl

    def get(self, db: SessionOrDb, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept answer for `key`, else `compute()`'s (then kept)."""
        self._check(db)
        if not self._fresh(key):
            value = compute()
            self._make_room(1)
            self._kept[key] = (time.monotonic(), value)
        return self._kept[key][1]

    def many(self, db: SessionOrDb, keys: Sequence[Hashable],
             compute: Callable[[list[Hashable]], dict[Hashable, T]], default: T) -> dict[Hashable, T]:
        """The answers for `keys`, the missing ones computed together by `compute(missing)` (a key it
        leaves out gets `default`)."""
        self._check(db)
        missing = [k for k in keys if not self._fresh(k)]
        if missing:
            found = compute(missing)
            self._make_room(len(missing))
            now = time.monotonic()
            for key in missing:
                self._kept[key] = (now, found.get(key, default))
        return {key: self._kept[key][1] for key in keys}

    def _make_room(self, n: int) -> None:
        if len(self._kept) + n > self.size:
            self._kept.clear()


class PageCache:
    """Responses (their status, headers and body) by key, at most `max_bytes` of bodies, the least recently
    used dropped first; all dropped when `books_state` changes, each `ttl` seconds after it was kept."""

    def __init__(self, max_bytes: int = 64 * 2**20, ttl: float = 300.0) -> None:
        self.max_bytes, self.ttl = max_bytes, ttl
        self._kept: OrderedDict[Hashable, tuple[float, int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self._bytes = 0
        self._state: tuple[Any, ...] | None = None
        self.locks: dict[Hashable, asyncio.Lock] = {}

    def check(self, state: tuple[Any, ...]) -> None:
        if state != self._state:
            self._state = state
            self._kept.clear()
            self._bytes = 0

    def get(self, key: Hashable) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        found = self._kept.get(key)
        if found is None:
            return None
        if time.monotonic() - found[0] > self.ttl:
            self._drop(key)
            return None
        self._kept.move_to_end(key)
        return found[1:]

    def put(self, key: Hashable, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if len(body) > self.max_bytes // 8:
            return
        if key in self._kept:
            self._drop(key)
        self._kept[key] = (time.monotonic(), status, headers, body)
        self._bytes += len(body)
        while self._bytes > self.max_bytes:
            self._drop(next(iter(self._kept)))

    def _drop(self, key: Hashable) -> None:
        self._bytes -= len(self._kept.pop(key)[3])

"""Answers kept while the books do not change, for pages that summarise many regions (the overview, the
indicator index): dropped when a document or a correction is added or deleted or a version superseded
(checked with two cheap queries) and after `ttl` seconds whatever happens (a reprocess changes figures
without adding either)."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select

from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.schema import CorrectionRow, DocumentRow

T = TypeVar("T")


class BooksCache:
    def __init__(self, ttl: float = 300.0, size: int = 5000) -> None:
        self.ttl, self.size = ttl, size
        self._state: tuple[Any, ...] | None = None
        self._since = 0.0
        self._kept: dict[Hashable, Any] = {}

    def _check(self, db: SessionOrDb) -> None:
        with session_scope(db) as session:
            state = (tuple(session.execute(select(func.count(), func.max(DocumentRow.id),
                                                  func.count(DocumentRow.superseded_by))).one()),
                     tuple(session.execute(select(func.count(), func.max(CorrectionRow.id))).one()))
        now = time.monotonic()
        if state != self._state or now - self._since > self.ttl:
            self._state, self._since = state, now
            self._kept.clear()

    def get(self, db: SessionOrDb, key: Hashable, compute: Callable[[], T]) -> T:
        """The kept answer for `key`, else `compute()`'s (then kept)."""
        self._check(db)
        if key not in self._kept:
            self._make_room(1)
            self._kept[key] = compute()
        return self._kept[key]

    def many(self, db: SessionOrDb, keys: Sequence[Hashable],
             compute: Callable[[list[Hashable]], dict[Hashable, T]], default: T) -> dict[Hashable, T]:
        """The answers for `keys`, the missing ones computed together by `compute(missing)` (a key it
        leaves out gets `default`)."""
        self._check(db)
        missing = [k for k in keys if k not in self._kept]
        if missing:
            found = compute(missing)
            self._make_room(len(missing))
            for key in missing:
                self._kept[key] = found.get(key, default)
        return {key: self._kept[key] for key in keys}

    def _make_room(self, n: int) -> None:
        if len(self._kept) + n > self.size:
            self._kept.clear()

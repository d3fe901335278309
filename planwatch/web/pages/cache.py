"""Answers kept while the books do not change: `BooksCache` for what pages compute over many regions (the
overview, the indicator index, the trends), `PageCache` for whole pages and API answers served to
anonymous readers. Both are dropped when a document or a correction is added or deleted, a version
superseded or documents extracted again by another engine (`books_state`: a few indexed counts), and each
answer `ttl` seconds after it was computed whatever happens. `BooksAnswers` keeps the answers over the
whole books (the checks, the panel), which take minutes on a large database: computed in the background,
never by the request that finds them missing or out of date."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Generic, TypeVar

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


class BeingComputed(Exception):
    """An answer over the whole books that is being computed in the background: ask again in
    `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"being computed; ask again in {retry_after} s")
        self.retry_after = retry_after


@dataclasses.dataclass(frozen=True, slots=True)
class Answer(Generic[T]):
    """An answer over the whole books; `refreshing`: computed for an earlier state of them, while the answer
    for the current state is being computed."""

    value: T
    refreshing: bool = False


class BooksAnswers:
    """Answers over the whole books by key, computed in one background thread, one at a time.

    Why in the background rather than faster or in the request: on 10,000 documents the checks and the
    panel read every catalog figure and judge every target (tens of seconds, whatever is indexed), and
    the books change with every ingest. The first reader after a change would pay that, holding a server
    thread, and readers arriving meanwhile would compute it again beside him. So a request never computes
    them: it gets the last answer computed (`Answer.refreshing` while the current one is being computed)
    or, before there was any, `BeingComputed` (the page answers 503 with Retry-After); a change of the
    books (`books_state`) or `ttl` seconds (for what the state does not see: a reprocess by the same
    engine; long, as each computation takes a core for half a minute) starts one computation in the
    background thread, queued at most once per key. Small books (at most `inline_documents` documents)
    are computed in the request, as before: it takes a moment, and the answer is current at once.
    `offload(compute)`, when given, runs the background thread's computations
    (`planwatch.pool.in_worker_process`: in another process, so that they do not hold the server's GIL
    while it serves pages).
    """

    def __init__(self, inline_documents: int = 1000, ttl: float = 1800.0, retry_after: int = 10,
                 offload: Callable[[Callable[[], Any]], Any] | None = None) -> None:
        self.inline_documents, self.ttl, self.retry_after = inline_documents, ttl, retry_after
        self.offload = offload
        self._kept: dict[Hashable, tuple[tuple[Any, ...], float, Any]] = {}  # key → (state, when, answer)
        self._queued: dict[Hashable, threading.Event] = {}  # set once computed
        self._queue: queue.SimpleQueue[tuple[SessionOrDb, Hashable, Callable[[], Any]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self.generation = 0  # answers computed in the background so far: pages kept with older ones go

    def get(self, db: SessionOrDb, key: Hashable, compute: Callable[[], T]) -> Answer[T]:
        """The answer for `key` (see the class); `BeingComputed` when there is none yet."""
        state = books_state(db)
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and kept[0] == state and time.monotonic() - kept[1] <= self.ttl:
            return Answer(kept[2])
        if state[0] <= self.inline_documents:
            value = compute()
            with self._lock:
                self._kept[key] = (state, time.monotonic(), value)
            return Answer(value)
        self.refresh(db, key, compute)
        if kept is None:
            raise BeingComputed(self.retry_after)
        return Answer(kept[2], refreshing=kept[0] != state)  # merely old: computed again, silently

    def refresh(self, db: SessionOrDb, key: Hashable, compute: Callable[[], Any]) -> threading.Event:
        """Compute `key`'s answer in the background thread, unless it is queued already; set once done."""
        with self._lock:
            done = self._queued.get(key)
            if done is None:
                done = self._queued[key] = threading.Event()
                self._queue.put((db, key, compute))
                if self._worker is None:  # a daemon: a server stopped does not wait for an answer
                    self._worker = threading.Thread(target=self._work, name="planwatch-books", daemon=True)
                    self._worker.start()
            return done

    def _work(self) -> None:
        while True:
            db, key, compute = self._queue.get()
            try:
                state = books_state(db)  # before: a change while computing leaves the answer out of date
                value = self.offload(compute) if self.offload else compute()
                with self._lock:
                    self._kept[key] = (state, time.monotonic(), value)
                    self.generation += 1
            except Exception:  # noqa: BLE001 - the next request tries again; the server goes on
                logging.getLogger(__name__).exception("computing %r over the whole books failed", key)
            finally:
                with self._lock:
                    self._queued.pop(key).set()

    def wait(self) -> None:
        """Until the answers queued now are computed."""
        with self._lock:
            queued = list(self._queued.values())
        for done in queued:
            done.wait()

"""A document's versions, and what changed from one to the next.

The documents read from one source (a file's path, a URL) are its versions (`documents.source_key`); the
current one counts in the books, the others are history. `changes` compares the figures of two versions:
a figure is the same when its indicator, measure, kind, year and quote are (`write.figure_idents`); of the
rest, one that keeps its indicator, measure, kind, year and label but not its value or wording is changed,
the others were added or removed.

    for version in versions(db, doc_id): ...                   # oldest first
    for change in changes_from_previous(db, doc_id): ...       # Change(what="changed", old=…, new=…)
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from planwatch.models import FigureRecord
from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.queries import documents_by_id, figures
from planwatch.store.records import Results, StoredDocument
from planwatch.store.schema import DocumentRow
from planwatch.store.write import figure_idents


@dataclasses.dataclass(slots=True)
class Change:
    """One difference between two versions: `what` is added, removed or changed."""

    what: str
    old: FigureRecord | None
    new: FigureRecord | None

    @property
    def figure(self) -> FigureRecord:
        return self.new if self.new is not None else self.old  # type: ignore[return-value]


def versions(session_or_db: SessionOrDb, doc_id: int) -> Results[StoredDocument]:
    """Every version of the document's source, in the order they were stored (the document alone when
    it has no source, or no such document: empty)."""
    with session_scope(session_or_db) as session:
        key = session.execute(select(DocumentRow.source_key).where(DocumentRow.id == doc_id)).first()
        if key is None:
            return Results()
        if key[0] is None:
            return documents_by_id(session, [doc_id])
        ids = session.execute(select(DocumentRow.id).where(DocumentRow.source_key == key[0])
                              .order_by(DocumentRow.id)).scalars().all()
        return documents_by_id(session, list(ids))


def previous_version(session_or_db: SessionOrDb, doc_id: int) -> int | None:
    """The version this document superseded (the latest it replaced), if any."""
    with session_scope(session_or_db) as session:
        return session.execute(select(DocumentRow.id).where(DocumentRow.superseded_by == doc_id)
                               .order_by(DocumentRow.superseded_at.desc(), DocumentRow.id.desc())
                               .limit(1)).scalar()


def changes(old: Sequence[FigureRecord], new: Sequence[FigureRecord]) -> list[Change]:
    """What differs from the figures `old` to `new` (see the module docstring), in the new version's
    order, removed figures last."""
    old_by_ident = dict(zip(figure_idents([r.figure for r in old]), old))
    new_idents = figure_idents([r.figure for r in new])
    gone = [r for ident, r in old_by_ident.items() if ident not in set(new_idents)]
    came = [r for ident, r in zip(new_idents, new) if ident not in old_by_ident]
    waiting: dict[tuple[Any, ...], list[FigureRecord]] = defaultdict(list)
    for record in gone:
        waiting[_slot(record)].append(record)
    found: list[Change] = []
    for record in came:
        same_slot = waiting.get(_slot(record))
        found.append(Change("changed", same_slot.pop(0), record) if same_slot else Change("added", None, record))
    found += [Change("removed", record, None) for records in waiting.values() for record in records]
    return found


def changes_from_previous(session_or_db: SessionOrDb, doc_id: int) -> tuple[int | None, list[Change]]:
    """(the version this document superseded, what changed from it); (None, []) for a first version."""
    previous = previous_version(session_or_db, doc_id)
    if previous is None:
        return None, []
    return previous, changes(figures(session_or_db, doc_id=previous), figures(session_or_db, doc_id=doc_id))


def _slot(record: FigureRecord) -> tuple[Any, ...]:
    f = record.figure
    return (f.indicator, f.measure, f.kind, f.year, f.label)

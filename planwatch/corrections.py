"""Corrections: an analyst's override of a figure's field, with who, when and why.

A correction is keyed by the document's content (sha256) and the figure's extraction key
(`start:end:indicator:measure`, see `planwatch.store.write.figure_keys`), not by the figure's row id, so
it survives `planwatch reprocess` and a document deleted and ingested again: whenever a document's
figures are written, its corrections are re-applied in the order they were made.

When a new version of a document supersedes the one corrected, each correction is carried over (copied,
keyed to the new content, `carried_from` naming the original) when the new version has the same figure —
the same indicator, measure, kind, year and quote as extracted (`store.write.figure_idents`) — and is
reported as orphaned when it has not. Figures of a superseded version cannot be corrected.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from planwatch.store.db import SessionOrDb, engine_of, session_scope, writer
from planwatch.store.records import Results
from planwatch.store.schema import CorrectionRow, DocumentRow, FigureRow
from planwatch.validation import FIELDS, parse_field, plain_text, reason  # noqa: F401 - FIELDS is this module's API too


def as_text(value: Any) -> str | None:
    """How a field's value is written in the log: 16.4, true, 2024; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclasses.dataclass(slots=True)
class Correction:
    """One line of the corrections log."""

    id: int
    at: dt.datetime
    author: str
    why: str
    field: str
    old: str | None
    new: str | None
    doc_sha256: str
    figure_key: str
    figure_id: int | None  # the figure it applies to now; None when no figure has that key any more
    doc_name: str | None
    quote: str | None
    current: bool = True  # its document is the current version (not superseded)
    carried_from: int | None = None  # the correction it was carried over from, into a new version


def correct(session_or_db: SessionOrDb, figure_id: int, changes: Mapping[str, str | None], *, why: str,
            author: str | None = None) -> list[Correction]:
    """Override fields of a stored figure (`{"value": "6.5"}`); every change is logged. One transaction."""
    why = reason(why)
    if not changes:
        raise ValueError("nothing to correct: give FIELD=VALUE")
    parsed = {field: parse_field(field, text) for field, text in changes.items()}
    author = _author(author)
    now = dt.datetime.now(dt.timezone.utc)
    with Session(writer(engine_of(session_or_db))) as session, session.begin():
        row = session.get(FigureRow, figure_id)
        if row is None:
            raise LookupError(f"no figure with id {figure_id}")
        sha, name, newer = session.execute(select(DocumentRow.sha256, DocumentRow.name, DocumentRow.superseded_by)
                                           .where(DocumentRow.id == row.doc_id)).one()
        if newer is not None:
            raise ValueError(f"figure {figure_id} belongs to a superseded version of {name} (document "
                             f"{row.doc_id}); correct the current version, document {_current_of(session, newer)}")
        ids = []
        for field, new in parsed.items():
            old = getattr(row, field)
            if old == new:
                raise ValueError(f"{field} of figure {figure_id} is already {as_text(new)}")
            entry = CorrectionRow(doc_sha256=sha, figure_key=row.key, figure_id=figure_id, field=field,
                                  old=as_text(old), new=as_text(new), author=author, why=why, at=now)
            session.add(entry)
            setattr(row, field, new)
            session.flush()
            ids.append(entry.id)
    return [c for c in corrections(session_or_db) if c.id in ids]


DOCUMENT_KEY = ""  # the figure key of a change to a document itself: its region, its deletion


def log_document_change(session: Session, doc_sha256: str, field: str, old: str | None, new: str | None, *,
                        why: str, author: str | None = None) -> None:
    """Log a change to a document itself (its region override, its deletion) beside the corrections of
    its figures, in the caller's transaction."""
    session.add(CorrectionRow(doc_sha256=doc_sha256, figure_key=DOCUMENT_KEY, figure_id=None, field=field, old=old,
                              new=new, author=_author(author), why=reason(why),
                              at=dt.datetime.now(dt.timezone.utc)))


def _author(author: str | None) -> str:
    try:
        return plain_text(author, 100) if author else _os_user()
    except ValueError as err:
        raise ValueError(f"author {err}") from None


def apply_corrections(session: Session, doc_id: int) -> int:
    """Re-apply the stored corrections of a document's content to its figures (in the caller's
    transaction); the number applied."""
    sha = select(DocumentRow.sha256).where(DocumentRow.id == doc_id).scalar_subquery()
    entries = session.execute(select(CorrectionRow).where(CorrectionRow.doc_sha256 == sha)
                              .order_by(CorrectionRow.at, CorrectionRow.id)).scalars().all()
    if not entries:
        return 0
    ids = dict(session.execute(select(FigureRow.key, FigureRow.id).where(FigureRow.doc_id == doc_id)).all())
    applied = 0
    for entry in entries:
        figure_id = ids.get(entry.figure_key)
        if figure_id is None:
            continue
        try:
            value = parse_field(entry.field, entry.new)
        except ValueError:  # logged before values were checked (1e999999): kept in the log, not applied
            continue
        session.execute(update(FigureRow).where(FigureRow.id == figure_id).values({entry.field: value}))
        applied += 1
    return applied


def _current_of(session: Session, doc_id: int) -> int:
    """The current version of the document `doc_id` was superseded by (following later versions)."""
    seen = set()
    while doc_id not in seen:
        seen.add(doc_id)
        newer = session.execute(select(DocumentRow.superseded_by).where(DocumentRow.id == doc_id)).scalar()
        if newer is None:
            return doc_id
        doc_id = newer
    return doc_id


def _idents(session: Session, doc_id: int) -> dict[str, str]:
    """figure key → ident of a document's figures (computed from the rows for figures stored before
    idents were)."""
    from planwatch.models import Figure
    from planwatch.store.write import FIGURE_FIELDS, figure_idents

    rows = session.execute(select(FigureRow).where(FigureRow.doc_id == doc_id)
                           .order_by(FigureRow.position)).scalars().all()
    if all(r.ident for r in rows):
        return {r.key: r.ident for r in rows}
    computed = figure_idents([Figure(**{name: getattr(r, name) for name in FIGURE_FIELDS}) for r in rows])
    return {r.key: r.ident or ident for r, ident in zip(rows, computed)}


def carry_corrections(session: Session, old_id: int, new_id: int) -> tuple[int, list[str]]:
    """Copy the corrections of document `old_id` to the same figures of its new version `new_id` (in the
    caller's transaction, before `apply_corrections`): (how many were carried, the orphaned ones
    described). A correction the new version already has (an earlier version current again) is not
    copied twice."""
    old_sha, new_sha = (session.execute(select(DocumentRow.sha256).where(DocumentRow.id == i)).scalar_one()
                        for i in (old_id, new_id))
    entries = session.execute(select(CorrectionRow).where(CorrectionRow.doc_sha256 == old_sha)
                              .order_by(CorrectionRow.at, CorrectionRow.id)).scalars().all()
    if not entries:
        return 0, []
    old_idents = _idents(session, old_id)
    new_keys = {ident: key for key, ident in _idents(session, new_id).items()}
    new_ids = dict(session.execute(select(FigureRow.key, FigureRow.id).where(FigureRow.doc_id == new_id)).all())
    quotes = dict(session.execute(select(FigureRow.key, FigureRow.quote).where(FigureRow.doc_id == old_id)).all())
    had = set(session.execute(select(func.coalesce(CorrectionRow.carried_from, CorrectionRow.id))
                              .where(CorrectionRow.doc_sha256 == new_sha)).scalars())
    carried, orphaned = 0, []
    for entry in entries:
        origin = entry.carried_from or entry.id
        if origin in had:
            continue
        key = new_keys.get(old_idents.get(entry.figure_key, ""))
        if key is None:
            orphaned.append(f"correction {entry.id} ({entry.field} {entry.old} → {entry.new} of "
                            f"“{quotes.get(entry.figure_key, '?')}”, by {entry.author}): the new version has "
                            "no such figure")
            continue
        session.add(CorrectionRow(doc_sha256=new_sha, figure_key=key, figure_id=new_ids.get(key), field=entry.field,
                                  old=entry.old, new=entry.new, author=entry.author, why=entry.why, at=entry.at,
                                  carried_from=origin))
        carried += 1
    session.flush()
    return carried, orphaned


def corrections(session_or_db: SessionOrDb = None) -> Results[Correction]:
    """The corrections log, oldest first, each with the figure it applies to now."""
    query = (select(CorrectionRow, FigureRow.id, DocumentRow.name, FigureRow.quote, DocumentRow.superseded_by)
             .outerjoin(DocumentRow, DocumentRow.sha256 == CorrectionRow.doc_sha256)
             .outerjoin(FigureRow, (FigureRow.doc_id == DocumentRow.id) & (FigureRow.key == CorrectionRow.figure_key))
             .order_by(CorrectionRow.at, CorrectionRow.id))
    with session_scope(session_or_db) as session:
        return Results(Correction(id=c.id, at=c.at, author=c.author, why=c.why, field=c.field, old=c.old,
                                  new=c.new, doc_sha256=c.doc_sha256, figure_key=c.figure_key,
                                  figure_id=figure_id, doc_name=name, quote=quote, current=newer is None,
                                  carried_from=c.carried_from)
                       for c, figure_id, name, quote, newer in session.execute(query).all())


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "unknown"

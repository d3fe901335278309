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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planwatch.store.db import SessionOrDb, engine_of, session_scope, writer
from planwatch.store.queries import figures, figures_by_id, get_figure
from planwatch.store.records import Results
from planwatch.store.schema import CorrectionRow, DocumentRow
from planwatch.store.write import driver_query, identities, keys_of, pin_identities, set_fields
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
        record = get_figure(session, figure_id)
        if record is None:
            raise LookupError(f"no figure with id {figure_id}")
        sha = session.execute(select(DocumentRow.sha256).where(DocumentRow.id == record.doc_id)).scalar_one()
        if not record.current:
            newer = session.execute(select(DocumentRow.superseded_by)
                                    .where(DocumentRow.id == record.doc_id)).scalar_one()
            raise ValueError(f"figure {figure_id} belongs to a superseded version of {record.doc_name} (document "
                             f"{record.doc_id}); correct the current version, document {_current_of(session, newer)}")
        key = next(k for i, k, _ in identities(session, record.doc_id) if i == figure_id)
        entries = []
        for field, new in parsed.items():
            old = getattr(record.figure, field)
            if old == new:
                raise ValueError(f"{field} of figure {figure_id} is already {as_text(new)}")
            entries.append(CorrectionRow(doc_sha256=sha, figure_key=key, figure_id=figure_id, field=field,
                                         old=as_text(old), new=as_text(new), author=author, why=why, at=now))
        pin_identities(session, record.doc_id)
        session.add_all(entries)
        set_fields(session, figure_id, parsed)
        session.flush()
        ids = [entry.id for entry in entries]
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
    if driver_query(session, "SELECT 1 FROM corrections WHERE doc_sha256 = (SELECT sha256 FROM documents WHERE id = ?) "
                    "LIMIT 1", (doc_id,)).first() is None:
        return 0  # what nearly every document ingested has: asked of the driver, a tenth of the query below
    sha = select(DocumentRow.sha256).where(DocumentRow.id == doc_id).scalar_subquery()
    entries = session.execute(select(CorrectionRow).where(CorrectionRow.doc_sha256 == sha)
                              .order_by(CorrectionRow.at, CorrectionRow.id)).scalars().all()
    if not entries:
        return 0
    pin_identities(session, doc_id)
    ids = keys_of(session, doc_id)
    applied = 0
    for entry in entries:
        figure_id = ids.get(entry.figure_key)
        if figure_id is None:
            continue
        try:
            value = parse_field(entry.field, entry.new)
        except ValueError:  # logged before values were checked (1e999999): kept in the log, not applied
            continue
        set_fields(session, figure_id, {entry.field: value})
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
    old = identities(session, old_id)
    old_idents = {key: ident for _, key, ident in old}
    new = identities(session, new_id)
    new_keys = {ident: key for _, key, ident in new}
    new_ids = {key: figure_id for figure_id, key, _ in new}
    old_quotes = {r.id: r.figure.quote for r in figures(session, doc_id=old_id)}
    quotes = {key: old_quotes.get(figure_id) for figure_id, key, _ in old}
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
    with session_scope(session_or_db) as session:
        entries = session.execute(select(CorrectionRow).order_by(CorrectionRow.at, CorrectionRow.id)).scalars().all()
        shas = sorted({c.doc_sha256 for c in entries})
        docs = {sha: (doc_id, name, newer) for sha, doc_id, name, newer in session.execute(
            select(DocumentRow.sha256, DocumentRow.id, DocumentRow.name, DocumentRow.superseded_by)
            .where(DocumentRow.sha256.in_(shas)))} if shas else {}
        figure_of = {sha: keys_of(session, doc[0]) for sha, doc in docs.items()}
        wanted = sorted({i for c in entries if (i := figure_of.get(c.doc_sha256, {}).get(c.figure_key))})
        quotes = {r.id: r.figure.quote for i in range(0, len(wanted), 500)
                  for r in figures_by_id(session, wanted[i:i + 500])}
        found = []
        for c in entries:
            doc_id, name, newer = docs.get(c.doc_sha256, (None, None, None))
            figure_id = figure_of.get(c.doc_sha256, {}).get(c.figure_key)
            found.append(Correction(id=c.id, at=c.at, author=c.author, why=c.why, field=c.field, old=c.old,
                                    new=c.new, doc_sha256=c.doc_sha256, figure_key=c.figure_key,
                                    figure_id=figure_id, doc_name=name, quote=quotes.get(figure_id),
                                    current=newer is None, carried_from=c.carried_from))
        return Results(found)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        return "unknown"

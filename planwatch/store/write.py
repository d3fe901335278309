"""Writing the books: a document with its figures, all in the caller's transaction.

`store_document` raises `IntegrityError` when the same content (sha256) is already stored — possibly by
another process a moment ago; the caller rolls back and counts the document as unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from planwatch.models import Document, DocumentFacts, Figure
from planwatch.store.schema import DocumentRow, FigureRow, RegionRow

FIGURE_FIELDS = tuple(f.name for f in dataclasses.fields(Figure))
FACT_FIELDS = tuple(f.name for f in dataclasses.fields(DocumentFacts))


def figure_keys(figures: Sequence[Figure]) -> list[str]:
    """Keys that name each figure across re-extractions: `start:end:indicator:measure`, with `#n` for the
    n-th repeat of the same key in one document (the two bounds of a range can share a span)."""
    seen: Counter[str] = Counter()
    keys = []
    for f in figures:
        base = f"{f.start}:{f.end}:{f.indicator}:{f.measure}"
        keys.append(base if not seen[base] else f"{base}#{seen[base]}")
        seen[base] += 1
    return keys


def _facts_columns(facts: DocumentFacts) -> dict[str, Any]:
    return {name: getattr(facts, name) for name in FACT_FIELDS}


def _insert_figures(session: Session, doc_id: int, figures: Sequence[Figure]) -> None:
    if not figures:
        return
    rows = []
    for position, (figure, key) in enumerate(zip(figures, figure_keys(figures))):
        row = {name: getattr(figure, name) for name in FIGURE_FIELDS}
        row.update(doc_id=doc_id, position=position, key=key)
        rows.append(row)
    # a Core executemany on the table: the ORM's bulk path costs several times more per row
    session.execute(FigureRow.__table__.insert(), rows)


def store_document(session: Session, document: Document, figures: Sequence[Figure], *, engine_version: str,
                   overrides: dict[str, Any] | None = None) -> int:
    """Insert a document, its region and its figures (with any stored corrections re-applied); its id."""
    from planwatch.corrections import apply_corrections

    values = dict(sha256=document.sha256, name=document.name, source=document.source or "",
                  format=document.format, encoding=document.encoding, text=document.text,
                  meta=dict(document.meta), overrides=dict(overrides or {}),
                  ingested_at=dt.datetime.now(dt.timezone.utc), engine_version=engine_version,
                  **_facts_columns(document.facts))
    doc_id = session.execute(insert(DocumentRow).values(**values).returning(DocumentRow.id)).scalar_one()
    upsert_region(session, document.facts)
    _insert_figures(session, doc_id, figures)
    apply_corrections(session, doc_id)
    return doc_id


def replace_figures(session: Session, doc_id: int, facts: DocumentFacts, figures: Sequence[Figure], *,
                    engine_version: str) -> None:
    """A document's new extraction: its facts updated, its figures replaced, corrections re-applied."""
    from planwatch.corrections import apply_corrections

    session.execute(update(DocumentRow).where(DocumentRow.id == doc_id)
                    .values(engine_version=engine_version, **_facts_columns(facts)))
    upsert_region(session, facts)
    session.execute(delete(FigureRow).where(FigureRow.doc_id == doc_id))
    _insert_figures(session, doc_id, figures)
    apply_corrections(session, doc_id)


def region_key(name: str, code: str | None, parent: str | None) -> str:
    return code or f"{parent or ''}/{name}"


def upsert_region(session: Session, facts: DocumentFacts) -> None:
    """Record the document's region once (by code, else by parent and name); never fails on a race."""
    if not facts.region:
        return
    known = _gazetteer_entry(facts.region_code)
    values = dict(key=region_key(facts.region, facts.region_code, facts.parent), name=facts.region,
                  code=facts.region_code, level=facts.level or (known and known.level),
                  parent_code=known.parent_code if known else _derived_parent_code(facts.region_code),
                  parent_name=facts.parent or (known and known.parent_name))
    insert_fn = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert_fn(RegionRow).values(**values).on_conflict_do_nothing(index_elements=["key"]))


def _gazetteer_entry(code: str | None) -> Any:
    """The gazetteer's entry for a GB/T 2260 code (`planwatch.engine.regions`), when it can be had."""
    if not code:
        return None
    try:
        from planwatch.engine.regions import get_gazetteer

        return get_gazetteer().by_code(code)
    except (ImportError, OSError):
        return None


def _derived_parent_code(code: str | None) -> str | None:
    """The parent's code read off the region's own: a county's city is its first four digits + 00, a
    city's province its first two + 0000 (no gazetteer at hand)."""
    if not code or len(code) != 6 or not code.isdigit():
        return None
    if code[4:] != "00":
        return code[:4] + "00"
    if code[2:4] != "00":
        return code[:2] + "0000"
    return None


def delete_document(session: Session, doc_id: int) -> tuple[str, str] | None:
    """Delete a document with its figures (and its region when no other document has it), in the caller's
    transaction; its (sha256, name), or None when there is no such document."""
    found = session.execute(select(DocumentRow.sha256, DocumentRow.name).where(DocumentRow.id == doc_id)).first()
    if found is None:
        return None
    session.execute(delete(FigureRow).where(FigureRow.doc_id == doc_id))
    session.execute(delete(DocumentRow).where(DocumentRow.id == doc_id))
    prune_regions(session)
    return found[0], found[1]


def prune_regions(session: Session) -> None:
    """Delete the regions that no stored document has any more (after a deletion or a region changed)."""
    doc_key = func.coalesce(DocumentRow.region_code,
                            func.coalesce(DocumentRow.parent, "") + "/" + DocumentRow.region)  # region_key()
    session.execute(delete(RegionRow).where(RegionRow.key.not_in(
        select(doc_key).where(DocumentRow.region.is_not(None)))))

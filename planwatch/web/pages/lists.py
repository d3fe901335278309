"""The long lists, a page at a time: figures (`/api/figures`) and documents (`/documents`); the database
filters, counts and slices, so a page costs the same at 10 000 documents. Both read the current versions
of the documents (the books), unless a document is asked for or old versions are."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import defer

from planwatch.assess.wording import figure_phrase
from planwatch.engine.catalog import catalog
from planwatch.models import DocumentFacts, Figure, FigureRecord
from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.queries import (
    CURRENT,
    DOC_COLUMNS,
    FIGURE_COLUMNS,
    in_region,
    indicator_matches,
    with_figure_phrases,
    with_quotes,
)
from planwatch.store.records import StoredDocument
from planwatch.store.schema import DocumentRow, FigureRow
from planwatch.store.write import FACT_FIELDS, FIGURE_FIELDS


def _figure_conditions(region: str | None, year: int | None, indicator: str | None, kind: str | None,
                       doc_id: int | None, catalog_only: bool) -> list[Any]:
    # figures of superseded documents left out without a join (there are few superseded documents)
    superseded = select(DocumentRow.id).where(DocumentRow.superseded_by.is_not(None))
    conditions = [] if doc_id is not None else [FigureRow.doc_id.not_in(superseded)]
    if region is not None:
        conditions.append(in_region(region))
    if indicator is not None:
        conditions.append(indicator_matches(indicator))
    for column, wanted in ((FigureRow.year, year), (FigureRow.kind, kind), (FigureRow.doc_id, doc_id)):
        if wanted is not None:
            conditions.append(column == wanted)
    if catalog_only:
        conditions.append(FigureRow.indicator.in_(list(catalog())))
    return conditions


def _figure_records(conditions: list[Any]) -> Any:
    return (with_figure_phrases(select(FigureRow.id, FigureRow.doc_id, *FIGURE_COLUMNS, *DOC_COLUMNS, CURRENT)
                                .join(DocumentRow, DocumentRow.id == FigureRow.doc_id))
            .where(*conditions).order_by(FigureRow.doc_id, FigureRow.position))


def _figure_record(row: Any) -> FigureRecord:
    n = len(FIGURE_FIELDS)
    return FigureRecord(row[0], Figure(*row[2:2 + n]), row[1], *row[2 + n:-1], bool(row[-1]))


def figure_page(db: SessionOrDb, *, region: str | None = None, year: int | None = None,
                indicator: str | None = None, kind: str | None = None, doc_id: int | None = None,
                catalog_only: bool = False, offset: int = 0, limit: int = 50) -> tuple[int, list[FigureRecord]]:
    """(how many figures match, one page of them) in document order; the filters mean what they mean in
    `store.figures` (current versions only, unless a document is asked for). The database counts and
    slices: a page costs the same at 10 000 documents."""
    conditions = _figure_conditions(region, year, indicator, kind, doc_id, catalog_only)
    counted = select(func.count()).select_from(FigureRow).where(*conditions)
    if region is not None:  # the document's region is asked for: only then is the join needed to count
        counted = counted.join(DocumentRow, DocumentRow.id == FigureRow.doc_id)
    with session_scope(db) as session:
        total = session.execute(counted).scalar_one()
        rows = [tuple(row) for row in session.execute(_figure_records(conditions).offset(offset).limit(limit))]
        rows = with_quotes(session.connection(), rows)
    return total, [_figure_record(row) for row in rows]


def each_figure(db: SessionOrDb, *, region: str | None = None, year: int | None = None,
                indicator: str | None = None, kind: str | None = None, doc_id: int | None = None,
                catalog_only: bool = False, chunk: int = 2000) -> Iterator[FigureRecord]:
    """Every figure that matches (as `figure_page` filters), in document order, read `chunk` rows at a
    time: a download of every figure keeps no more than that in memory."""
    query = _figure_records(_figure_conditions(region, year, indicator, kind, doc_id, catalog_only))
    with session_scope(db) as session:
        for part in session.execute(query.execution_options(yield_per=chunk)).partitions():
            for row in with_quotes(session.connection(), [tuple(row) for row in part]):
                yield _figure_record(row)


def figure_dict(record: FigureRecord) -> dict[str, Any]:
    """A figure as the API lists it: its fields, its document, and where it stands."""
    f = record.figure
    return {"id": record.id, **{k: getattr(f, k) for k in FIGURE_FIELDS}, "text": figure_phrase(f),
            "doc_id": record.doc_id, "doc_name": record.doc_name, "doc_region": record.region,
            "current": record.current, "url": f"/doc/{record.doc_id}#f{record.id}"}


DOCUMENT_SORTS = {"stored": DocumentRow.id, "published": DocumentRow.published, "year": DocumentRow.plan_year,
                  "region": DocumentRow.region}
DOCUMENT_FACETS = {"level": DocumentRow.level, "plan_year": DocumentRow.plan_year, "doc_type": DocumentRow.doc_type}


@dataclasses.dataclass(frozen=True, slots=True)
class DocumentFilters:
    """What a list of documents is narrowed to; `year` matches the year reviewed or planned, `plan_year`
    the year planned only (the facet); the current versions only, unless `superseded`."""

    region: str | None = None
    level: str | None = None
    year: int | None = None
    doc_type: str | None = None
    plan_year: int | None = None  # the year planned only
    superseded: bool = False  # older versions too

    def conditions(self, skip: str = "") -> list[Any]:
        found: list[Any] = [] if self.superseded else [CURRENT]
        if self.region and skip != "region":
            found.append(DocumentRow.region == self.region)
        if self.level and skip != "level":
            found.append(DocumentRow.level.is_(None) if self.level == "unknown" else DocumentRow.level == self.level)
        if self.year is not None and skip != "year":
            found.append(or_(DocumentRow.plan_year == self.year, DocumentRow.review_year == self.year))
        if self.plan_year is not None and skip != "plan_year":
            found.append(DocumentRow.plan_year == self.plan_year)
        if self.doc_type and skip != "doc_type":
            found.append(DocumentRow.doc_type == self.doc_type)
        return found


def document_page(db: SessionOrDb, filters: DocumentFilters = DocumentFilters(), *, sort: str = "stored",
                  descending: bool = False, offset: int = 0,
                  limit: int | None = 50) -> tuple[int, list[StoredDocument]]:
    """(how many documents match, one page of them, without their texts), in the order `sort` names
    (`DOCUMENT_SORTS`; documents without that value last)."""
    conditions = filters.conditions()
    column = DOCUMENT_SORTS[sort]
    order = [column.is_(None), column.desc() if descending else column.asc(), DocumentRow.id]
    count = select(func.count()).where(FigureRow.doc_id == DocumentRow.id).scalar_subquery()
    query = (select(DocumentRow, count).options(defer(DocumentRow.text)).where(*conditions)
             .order_by(*order).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    with session_scope(db) as session:
        total = session.execute(select(func.count()).select_from(DocumentRow).where(*conditions)).scalar_one()
        rows = session.execute(query).all()
        return total, [_stored(row, n) for row, n in rows]


def document_facets(db: SessionOrDb, filters: DocumentFilters) -> dict[str, dict[Any, int]]:
    """For each facet (level, year planned, type), how many documents each value keeps with the other
    filters applied, most first (one grouped query per facet)."""
    found: dict[str, dict[Any, int]] = {}
    with session_scope(db) as session:
        for name, column in DOCUMENT_FACETS.items():
            rows = session.execute(select(column, func.count()).where(*filters.conditions(skip=name))
                                   .group_by(column).order_by(func.count().desc())).all()
            found[name] = {("unknown" if value is None and name == "level" else value): n
                           for value, n in rows if value is not None or name == "level"}
    return found


def current_documents(db: SessionOrDb) -> int:
    """How many current documents the books hold."""
    with session_scope(db) as session:
        return session.execute(select(func.count()).select_from(DocumentRow).where(CURRENT)).scalar_one()


def _stored(row: DocumentRow, figure_count: int) -> StoredDocument:
    facts = DocumentFacts(**{name: getattr(row, name) for name in FACT_FIELDS})
    return StoredDocument(id=row.id, sha256=row.sha256, name=row.name, source=row.source, format=row.format,
                          encoding=row.encoding, facts=facts, ingested_at=row.ingested_at,
                          engine_version=row.engine_version, figure_count=figure_count,
                          meta=dict(row.meta or {}), overrides=dict(row.overrides or {}),
                          superseded_by=row.superseded_by, superseded_at=row.superseded_at,
                          source_key=row.source_key)


def document_dict(document: StoredDocument, with_text: bool = False) -> dict[str, Any]:
    data = {"id": document.id, "name": document.name, "sha256": document.sha256, "source": document.source,
            "format": document.format, "encoding": document.encoding, **dataclasses.asdict(document.facts),
            "ingested_at": document.ingested_at, "engine_version": document.engine_version,
            "figure_count": document.figure_count, "current": document.current,
            "superseded_by": document.superseded_by, "superseded_at": document.superseded_at,
            "url": f"/doc/{document.id}"}
    if with_text:
        data["text"] = document.text
    return data

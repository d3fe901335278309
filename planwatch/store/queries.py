"""The query API of the books: figures, documents and regions as records (see README.md here)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, Select, and_, case, func, null, or_, select
from sqlalchemy.orm import aliased, defer

from planwatch.models import DocumentFacts, Figure, FigureRecord
from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.records import FigureList, RegionRecord, Results, StoredDocument
from planwatch.store.schema import OTHER, DocumentRow, FigureRow, PhraseRow, RegionRow
from planwatch.store.write import FACT_FIELDS

# A figure's own region as stored (`write.stored_region`), and the region the books read: its own, else
# its document's.
OWN_REGION = case((FigureRow.region.is_(None), DocumentRow.region), (FigureRow.region == "", null()),
                  else_=FigureRow.region)
BOOKS_REGION = case((func.coalesce(FigureRow.region, "") == "", DocumentRow.region), else_=FigureRow.region)
LABEL = aliased(PhraseRow, name="label_phrase")
SECTION = aliased(PhraseRow, name="section_phrase")
# A figure's fields as stored, in the order of Figure's fields: its quote NULL where it is the document's
# text[start:end] (`figure_records` reads it there), its document's name where it names none other.
FIGURE_COLUMNS = [FigureRow.indicator, LABEL.text, FigureRow.measure, FigureRow.value, FigureRow.unit, FigureRow.op,
                  FigureRow.kind, FigureRow.year, OWN_REGION, FigureRow.quote, FigureRow.start, FigureRow.end,
                  FigureRow.qualifier, FigureRow.source, FigureRow.restated, FigureRow.range,
                  func.coalesce(FigureRow.doc, DocumentRow.name), SECTION.text, FigureRow.period]
_QUOTE = 2 + 9  # where the quote is in a row of (id, doc_id, *FIGURE_COLUMNS)
DOC_COLUMNS = [DocumentRow.name, DocumentRow.doc_type, DocumentRow.published, DocumentRow.region,
               DocumentRow.region_code, DocumentRow.parent, DocumentRow.review_year, DocumentRow.plan_year,
               DocumentRow.ingested_at]  # in the order of FigureRecord's fields after doc_id
CURRENT = DocumentRow.superseded_by.is_(None)  # a document that no newer version of its source replaced
_CHUNK = 500  # ids per IN (...) list


def with_figure_phrases(query: Select[Any]) -> Select[Any]:
    """`query` (of figures joined with their documents) joined with the phrases `FIGURE_COLUMNS` read."""
    return (query.join(LABEL, LABEL.id == FigureRow.label_id)
            .outerjoin(SECTION, SECTION.id == FigureRow.section_id))


def with_quotes(conn: Connection, rows: list[tuple[Any, ...]], at: int = _QUOTE) -> list[tuple[Any, ...]]:
    """Rows of (id, doc_id, …) whose element `at` is a quote, NULL ones read from their documents' texts
    (each text once)."""
    doc_ids = sorted({row[1] for row in rows if row[at] is None})
    if not doc_ids:
        return rows
    texts: dict[int, str] = {}
    for i in range(0, len(doc_ids), _CHUNK):
        texts.update(conn.execute(select(DocumentRow.id, DocumentRow.text)
                                  .where(DocumentRow.id.in_(doc_ids[i:i + _CHUNK]))).all())
    start, end = at + 1, at + 2
    return [row if row[at] is not None
            else (*row[:at], texts[row[1]][row[start]:row[end]], *row[at + 1:]) for row in rows]


def figure_records(conn: Connection, *queries: Select[Any]) -> FigureList:
    """FigureRecords of queries of `figure_query()`, (id, doc_id, *FIGURE_COLUMNS); of several, in document
    order. Documents are read once each, not per row."""
    if len(queries) == 1:
        rows = [tuple(row) for row in conn.execute(queries[0])]  # plain tuples slice cheaper than Rows
    else:
        rows = sorted((tuple(row) for query in queries for row in conn.execute(query.add_columns(FigureRow.position))),
                      key=lambda row: (row[1], row[-1]))
        rows = [row[:-1] for row in rows]
    rows = with_quotes(conn, rows)
    doc_ids = sorted({row[1] for row in rows})
    docs: dict[int, tuple[Any, ...]] = {}
    for i in range(0, len(doc_ids), _CHUNK):
        chunk = doc_ids[i:i + _CHUNK]
        for doc in conn.execute(select(DocumentRow.id, *DOC_COLUMNS, CURRENT).where(DocumentRow.id.in_(chunk))):
            docs[doc[0]] = (*doc[1:-1], bool(doc[-1]))
    return Results(FigureRecord(row[0], Figure(*row[2:]), row[1], *docs[row[1]]) for row in rows)


def figure_query() -> Select[Any]:
    return with_figure_phrases(select(FigureRow.id, FigureRow.doc_id, *FIGURE_COLUMNS)
                               .join(DocumentRow, DocumentRow.id == FigureRow.doc_id))


def _matching(column: Any, wanted: Any) -> Any:
    """`column == wanted`, or `column IN wanted` for a list, tuple or set."""
    if isinstance(wanted, (list, tuple, set, frozenset)):
        return column.in_(list(wanted))
    return column == wanted


def indicator_matches(wanted: str | Collection[str]) -> Any:
    """A figure's indicator is `wanted` (or one of them); `other` is stored as NULL."""
    words = [wanted] if isinstance(wanted, str) else list(wanted)
    catalog = [w for w in words if w != OTHER]
    if len(catalog) == len(words):
        return _matching(FigureRow.indicator, wanted)
    return or_(FigureRow.indicator.is_(None), FigureRow.indicator.in_(catalog))


def in_region(wanted: str | Collection[str]) -> Any:
    """The figure's region in the books (its own, else its document's) is `wanted` (or one of them)."""
    return or_(_matching(FigureRow.region, wanted),
               and_(func.coalesce(FigureRow.region, "") == "", _matching(DocumentRow.region, wanted)))


def figures(session_or_db: SessionOrDb = None, *, region: str | Collection[str] | None = None,
            year: int | Collection[int] | None = None, indicator: str | Collection[str] | None = None,
            kind: str | None = None, doc_id: int | None = None, measure: str | None = None,
            region_code: str | None = None, superseded: bool = False) -> FigureList:
    """Stored figures (corrections applied), in document order: those of the current versions of the
    documents, the books' figures; with `superseded`, or asked for by `doc_id`, those of older versions too.

    `region` is the figure's own region, else its document's (as the books read it); `year` the year the
    figure refers to; `region`, `year` and `indicator` also take a list. `region_code` filters on the
    document's gazetteer code.
    """
    query = figure_query()
    if not superseded and doc_id is None:
        query = query.where(CURRENT)
    if indicator is not None:
        query = query.where(indicator_matches(indicator))
    for column, wanted in ((FigureRow.year, year), (FigureRow.kind, kind),
                           (FigureRow.doc_id, doc_id), (FigureRow.measure, measure),
                           (DocumentRow.region_code, region_code)):
        if wanted is not None:
            query = query.where(_matching(column, wanted))
    with session_scope(session_or_db) as session:
        conn = session.connection()
        if region is None:
            return figure_records(conn, query.order_by(FigureRow.doc_id, FigureRow.position))
        return figure_records(conn, *region_queries(conn, query, region))


def region_queries(conn: Connection, query: Select[Any], region: str | Collection[str]) -> list[Select[Any]]:
    """`query` narrowed to the figures of `region` in the books, as two queries that each have an index:
    the figures that name the region (the partial region index), and those of its documents that name
    none of their own (its documents' ids first, then their figures through the (doc_id, start) index,
    which the planner is told to take: a list of catalog indicators would otherwise tempt it to read every
    catalog figure through theirs)."""
    doc_ids = list(conn.execute(select(DocumentRow.id).where(_matching(DocumentRow.region, region))).scalars())
    named = query.where(_matching(FigureRow.region, region))
    inherited = (query.where(FigureRow.doc_id.in_(doc_ids), func.coalesce(FigureRow.region, "") == "")
                 .with_hint(FigureRow, "INDEXED BY ix_figures_doc_start", "sqlite"))
    return [named, inherited]


def figures_by_id(session_or_db: SessionOrDb, ids: Collection[int]) -> FigureList:
    """These figures (current or not), in document order."""
    with session_scope(session_or_db) as session:
        return figure_records(session.connection(), figure_query().where(FigureRow.id.in_(list(ids)))
                              .order_by(FigureRow.doc_id, FigureRow.position))


def get_figure(session_or_db: SessionOrDb, figure_id: int) -> FigureRecord | None:
    with session_scope(session_or_db) as session:
        found = figure_records(session.connection(), figure_query().where(FigureRow.id == figure_id))
        return found[0] if found else None


def _stored_document(row: DocumentRow, figure_count: int, with_text: bool) -> StoredDocument:
    facts = DocumentFacts(**{name: getattr(row, name) for name in FACT_FIELDS})
    return StoredDocument(id=row.id, sha256=row.sha256, name=row.name, source=row.source, format=row.format,
                          encoding=row.encoding, facts=facts, ingested_at=row.ingested_at,
                          engine_version=row.engine_version, figure_count=figure_count,
                          text=row.text if with_text else None, meta=dict(row.meta or {}),
                          overrides=dict(row.overrides or {}), superseded_by=row.superseded_by,
                          superseded_at=row.superseded_at, source_key=row.source_key)


def documents(session_or_db: SessionOrDb = None, *, region: str | None = None, year: int | None = None,
              doc_type: str | None = None, with_text: bool = False, superseded: bool = False) -> Results[StoredDocument]:
    """Stored documents, the current versions (with `superseded`, older versions too), in the order they
    were stored; `year` matches the year reviewed or planned.

    Without `with_text`, the texts stay in the database (a list of 10 000 documents stays small)."""
    # counted per listed document through the (doc_id, position) index, not over the whole figures table
    count = select(func.count()).where(FigureRow.doc_id == DocumentRow.id).scalar_subquery()
    query = select(DocumentRow, count)
    if not superseded:
        query = query.where(CURRENT)
    if not with_text:
        query = query.options(defer(DocumentRow.text))
    if region is not None:
        query = query.where(DocumentRow.region == region)
    if year is not None:
        query = query.where(or_(DocumentRow.plan_year == year, DocumentRow.review_year == year))
    if doc_type is not None:
        query = query.where(DocumentRow.doc_type == doc_type)
    with session_scope(session_or_db) as session:
        return Results(_stored_document(row, n, with_text)
                       for row, n in session.execute(query.order_by(DocumentRow.id)))


def documents_by_id(session_or_db: SessionOrDb, ids: list[int]) -> Results[StoredDocument]:
    """These documents (without their texts), current or not, in the order of `ids`."""
    count = select(func.count()).where(FigureRow.doc_id == DocumentRow.id).scalar_subquery()
    query = select(DocumentRow, count).options(defer(DocumentRow.text)).where(DocumentRow.id.in_(ids))
    with session_scope(session_or_db) as session:
        found = {row.id: _stored_document(row, n, False) for row, n in session.execute(query)}
    return Results(found[i] for i in ids if i in found)


def get_document(session_or_db: SessionOrDb, doc_id: int) -> StoredDocument | None:
    """One document with its text (`.to_document()` gives the `Document` back)."""
    with session_scope(session_or_db) as session:
        row = session.get(DocumentRow, doc_id)
        if row is None:
            return None
        n = session.execute(select(func.count()).where(FigureRow.doc_id == doc_id)).scalar_one()
        return _stored_document(row, n, with_text=True)


def reviews(session_or_db: SessionOrDb = None, *, region: str | Collection[str] | None = None) -> list[tuple[str, int]]:
    """(region, year) of every stored document that reviews a year: the reports that cover that year
    even when they state none of the figures a narrowed `figures()` query returned (`assess.Ledger`'s
    `reviews`)."""
    query = (select(DocumentRow.region, DocumentRow.review_year).distinct()
             .where(DocumentRow.region.is_not(None), DocumentRow.review_year.is_not(None), CURRENT))
    if region is not None:
        query = query.where(_matching(DocumentRow.region, region))
    with session_scope(session_or_db) as session:
        return sorted((r, y) for r, y in session.execute(query))


def named_in_review(session_or_db: SessionOrDb = None, *,
                    region: str | Collection[str] | None = None) -> dict[int, dict[str, Any] | None]:
    """doc id → what the document names with a number in its review of each year, as stored
    (`DocumentRow.named_in_review`; None: stored before it was), of every current document that reviews
    a year (of `region`)."""
    query = select(DocumentRow.id, DocumentRow.named_in_review).where(
        DocumentRow.region.is_not(None), DocumentRow.review_year.is_not(None), CURRENT)
    if region is not None:
        query = query.where(_matching(DocumentRow.region, region))
    with session_scope(session_or_db) as session:
        return {doc_id: data for doc_id, data in session.execute(query)}


def regions(session_or_db: SessionOrDb = None) -> Results[RegionRecord]:
    """The regions of the stored documents, by name, with how many (current) documents each has."""
    doc_key = func.coalesce(DocumentRow.region_code,
                            func.coalesce(DocumentRow.parent, "") + "/" + DocumentRow.region)  # region_key()
    counts = select(doc_key.label("key"), func.count().label("n")).where(CURRENT).group_by(doc_key).subquery()
    query = (select(RegionRow, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.key == RegionRow.key)
             .order_by(RegionRow.name, RegionRow.code))
    with session_scope(session_or_db) as session:
        return Results(RegionRecord(name=r.name, code=r.code, level=r.level, parent_code=r.parent_code,
                                    parent_name=r.parent_name, documents=n)
                       for r, n in session.execute(query))

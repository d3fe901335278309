"""Full-text search over documents' text and over figures' labels and quotes.

    from planwatch.store.search import search
    results = search(db, "就业 城镇", page=1, per_page=20)
    results.documents.items[0].snippet_html    # '…稳<mark>就业</mark>…', everything else HTML-escaped

A query is split on white space into terms that must all match, as substrings (case folded for Latin
letters). Terms of three characters and more go through an index made by migration 0003: on SQLite the
FTS5 trigram tables `documents_search` and `figures_search`; on PostgreSQL `LIKE`/`ILIKE` served by pg_trgm
GIN indexes. Shorter terms (就业, 收入) cannot be trigram-indexed: documents are matched by a scan of their text
(`instr`/`LIKE`, `LIKE`/`strpos`) that stops once the page and the count's cap are reached, and figures by
their label and quote among the figures of the newest SHORT_TERM_CAP documents that contain those terms (a
figure's quote is text of its document): a short term never scans the millions of figure rows, and its
totals stop at SHORT_TERM_CAP. `SearchResults.figures_bounded` says when that bound left documents out.

Hits in superseded versions of a document are kept (history can be searched) and marked (`current`
False). Results come newest first (highest id), a page at a time; totals are counted up to `COUNT_CAP` (1000) so
that a term found in every document costs a bounded scan (`total_capped` then says "at least").
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, column, func, or_, select, table
from sqlalchemy.orm import Session

from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.schema import DocumentRow, FigureRow

MAX_TERMS = 5
MAX_TERM_CHARS = 64
MAX_PER_PAGE = 100
COUNT_CAP = 1000  # totals are exact up to here; beyond, "at least COUNT_CAP"
SHORT_TERM_CAP = 200  # with a term under 3 characters (no index): the cap, and how many documents' figures
DOCUMENTS_AT_A_TIME = 50  # documents whose figures are read in one query (short terms)
DOCUMENT_WINDOW = 1000  # ids of documents scanned in one query (short terms on PostgreSQL)
TRIGRAM = 3  # the shortest term a trigram index can find
SNIPPET_BEFORE = 40  # characters of context before the first match
SNIPPET_CHARS = 160

# Objects of migration 0003 that the models do not describe (alembic's comparison leaves them out).
SEARCH_TABLES = frozenset(f"{name}{suffix}" for name in ("documents_search", "figures_search")
                          for suffix in ("", "_data", "_idx", "_docsize", "_config", "_content"))
SEARCH_INDEXES = frozenset({"ix_documents_text_trgm", "ix_figures_label_trgm", "ix_figures_quote_trgm"})

_documents_search = table("documents_search", column("rowid"), column("documents_search"))
_figures_search = table("figures_search", column("rowid"), column("figures_search"))

T = TypeVar("T")


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic's `include_name` hook: everything but the search objects, which no model describes."""
    if type_ == "table":
        return name not in SEARCH_TABLES
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True


@dataclasses.dataclass(frozen=True, slots=True)
class Narrowing:
    """What hits must also be: of a region (a figure's own region, else its document's), of a year (a
    figure's year; a document's year reviewed or planned), of a kind (figures only)."""

    region: str | None = None
    year: int | None = None
    kind: str | None = None

    def documents(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.region:
            found.append(DocumentRow.region == self.region)
        if self.year is not None:
            found.append(or_(DocumentRow.plan_year == self.year, DocumentRow.review_year == self.year))
        return found

    def figures(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.region:
            found.append(or_(FigureRow.region == self.region,
                             and_(FigureRow.region.is_(None),
                                  FigureRow.doc_id.in_(select(DocumentRow.id).where(DocumentRow.region == self.region)))))
        if self.year is not None:
            found.append(FigureRow.year == self.year)
        if self.kind:
            found.append(FigureRow.kind == self.kind)
        return found


@dataclasses.dataclass(slots=True)
class DocumentHit:
    """A document that contains every term, with a snippet around the first match."""

    id: int
    name: str
    title: str | None
    region: str | None
    doc_type: str
    review_year: int | None
    plan_year: int | None
    snippet_html: str  # the matches in <mark>, everything else escaped
    current: bool = True  # False: an older version of its source, superseded (history, not the books)

    @property
    def url(self) -> str:
        return f"/doc/{self.id}"

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "url": self.url}


@dataclasses.dataclass(slots=True)
class FigureHit:
    """A figure whose label or quote contains every term (terms may be split between the two)."""

    id: int
    doc_id: int
    doc_name: str
    indicator: str
    label: str
    value: Decimal | None
    unit: str | None
    kind: str
    year: int | None
    op: str
    measure: str
    region: str | None  # the figure's own region, else its document's
    quote: str
    label_html: str
    quote_html: str
    current: bool = True  # False: a figure of a superseded version of its document

    @property
    def url(self) -> str:
        return f"/doc/{self.doc_id}#f{self.id}"

    def to_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "url": self.url}  # value stays an exact Decimal


@dataclasses.dataclass(slots=True)
class SearchPage(Generic[T]):
    """One page of hits; `total` is exact unless `total_capped` (then there are at least that many)."""

    items: list[T]
    total: int
    total_capped: bool
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_more(self) -> bool:
        return self.page * self.per_page < self.total

    def to_dict(self) -> dict[str, Any]:
        return {"items": [item.to_dict() for item in self.items], "total": self.total,  # type: ignore[attr-defined]
                "total_capped": self.total_capped, "page": self.page, "per_page": self.per_page,
                "pages": self.pages, "has_more": self.has_more}


@dataclasses.dataclass(slots=True)
class SearchResults:
    """What a query found: a page of documents and a page of figures.

    `figures_bounded`: a term is shorter than 3 characters and more than SHORT_TERM_CAP documents contain
    the terms, so figures were looked for in the newest SHORT_TERM_CAP of them only."""

    query: str
    terms: list[str]
    documents: SearchPage[DocumentHit]
    figures: SearchPage[FigureHit]
    figures_bounded: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "terms": self.terms, "documents": self.documents.to_dict(),
                "figures": self.figures.to_dict(), "figures_bounded": self.figures_bounded}


def parse_terms(query: str) -> list[str]:
    """The terms of a query: split on white space (full-width included), each once, at most MAX_TERMS,
    each cut to MAX_TERM_CHARS."""
    terms: list[str] = []
    for word in query.split():
        term = word[:MAX_TERM_CHARS]
        if term.casefold() not in {t.casefold() for t in terms}:
            terms.append(term)
    return terms[:MAX_TERMS]


def highlight(text: str, terms: Sequence[str]) -> str:
    """`text` HTML-escaped, with every occurrence of a term (case folded) wrapped in `<mark>`."""
    if not terms:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet_html(window: str, terms: Sequence[str], *, cut_before: bool, cut_after: bool) -> str:
    """A snippet of a document: its white space collapsed, ellipses where it was cut, terms marked."""
    body = highlight(re.sub(r"\s+", " ", window).strip(), terms)
    return ("…" if cut_before else "") + body + ("…" if cut_after else "")


def search(session_or_db: SessionOrDb, query: str, *, page: int = 1, per_page: int = 20,
           narrowing: Narrowing = Narrowing()) -> SearchResults:
    """Documents and figures that contain every term of `query` (and meet `narrowing`): page `page` of
    each, newest first."""
    terms = parse_terms(query)
    page = max(1, page)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    with session_scope(session_or_db) as session:
        if not terms:
            empty_docs: SearchPage[DocumentHit] = SearchPage([], 0, False, page, per_page)
            empty_figs: SearchPage[FigureHit] = SearchPage([], 0, False, page, per_page)
            return SearchResults(query, terms, empty_docs, empty_figs)
        documents, newest_documents = _search_documents(session, terms, page, per_page, narrowing)
        if narrowing.kind or narrowing.year is not None or narrowing.region:  # a figure's own region or year
            _, newest_documents = _search_documents(session, terms, 1, 1, Narrowing())
        figures = _search_figures(session, terms, page, per_page, newest_documents[:SHORT_TERM_CAP], narrowing)
        bounded = any(len(t) < TRIGRAM for t in terms) and documents.total_capped
        return SearchResults(query, terms, documents, figures, bounded)


# --- how each backend matches ---------------------------------------------------------------------------

def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _has_case(term: str) -> bool:
    """Whether `term` has letters with an upper and a lower case (Latin, Greek…; Chinese has none)."""
    return term.lower() != term.upper()


def _contains(col: Any, term: str, dialect: str, indexed: bool = True) -> ColumnElement[bool]:
    """`col` contains `term`, case folded when the term has cased letters.

    PostgreSQL: `LIKE`/`ILIKE`, which pg_trgm's GIN indexes serve from 3 characters (`LIKE` for a Chinese
    term: `ILIKE` would lowercase every text it reads); with `indexed=False` `strpos`, which no trigram index
    serves, so the planner keeps to the rows it was given. SQLite: `LIKE` (ASCII case folded) for a term
    with Latin letters, else `instr`, which scans faster."""
    cased = _has_case(term)
    if dialect == "postgresql":
        if not indexed:
            return (func.strpos(func.lower(col), term.lower()) if cased else func.strpos(col, term)) > 0
        return col.ilike(_like_pattern(term), escape="\\") if cased else col.like(_like_pattern(term), escape="\\")
    if cased:
        return col.like(_like_pattern(term), escape="\\")
    return func.instr(col, term) > 0


def _fts_phrase(terms: Iterable[str]) -> str:
    """An FTS5 query in which every term is a quoted string that must occur (the trigram tokenizer reads
    a quoted string as a substring)."""
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _document_conditions(dialect: str, terms: Sequence[str], indexed: bool = True) -> list[ColumnElement[bool]]:
    """Conditions on a document's text: terms of 3 characters and more through the trigram index (when
    `indexed`), shorter ones on the text as it is read."""
    long = [t for t in terms if len(t) >= TRIGRAM]
    if dialect == "sqlite" and long:
        matching = (select(_documents_search.c.rowid)
                    .where(_documents_search.c.documents_search.match(_fts_phrase(long))))
        short = [t for t in terms if len(t) < TRIGRAM]
        return [DocumentRow.id.in_(matching), *(_contains(DocumentRow.text, t, dialect) for t in short)]
    return [_contains(DocumentRow.text, t, dialect, indexed) for t in terms]


def _figure_conditions(dialect: str, terms: Sequence[str], indexed: bool) -> list[ColumnElement[bool]]:
    """Conditions on a figure's label and quote (a term may be in either); through the FTS5 table on
    SQLite when `indexed`, else on the rows as they are read."""
    if dialect == "sqlite" and indexed:
        matching = (select(_figures_search.c.rowid)
                    .where(_figures_search.c.figures_search.match(_fts_phrase(terms))))
        return [FigureRow.id.in_(matching)]
    return [or_(_contains(FigureRow.label, t, dialect, indexed), _contains(FigureRow.quote, t, dialect, indexed))
            for t in terms]


def _cap(terms: Sequence[str]) -> int:
    """Where counting stops: COUNT_CAP, or SHORT_TERM_CAP when a term has no index to count with."""
    return COUNT_CAP if all(len(t) >= TRIGRAM for t in terms) else SHORT_TERM_CAP


def _newest(session: Session, ids: Select[Any], id_column: Any, cap: int) -> list[int]:
    """The newest `cap` + 1 ids that `ids` selects: they give the capped total, and most pages."""
    return list(session.execute(ids.order_by(id_column.desc()).limit(cap + 1)).scalars())


def _page(session: Session, ids: Select[Any], id_column: Any, newest: list[int], cap: int, page: int,
          per_page: int) -> list[int]:
    """The ids of the page asked for: read from `newest`, or past them with an offset."""
    offset = (page - 1) * per_page
    if offset + per_page <= len(newest) or len(newest) <= cap:
        return newest[offset:offset + per_page]
    return list(session.execute(ids.order_by(id_column.desc()).limit(per_page).offset(offset)).scalars())


def _newest_by_windows(session: Session, conditions: Sequence[ColumnElement[bool]], cap: int) -> list[int]:
    """The newest `cap` + 1 documents that meet `conditions`, read through windows of ids from the newest
    down: PostgreSQL misjudges how many documents a `LIKE '%就业%'` keeps and would read them all before
    sorting; a window at a time (by the primary key: `conditions` that no trigram index serves) stops as
    soon as enough are found."""
    top = session.execute(select(func.max(DocumentRow.id))).scalar()
    found: list[int] = []
    high = (top or 0) + 1
    while high > 0 and len(found) <= cap:
        low = high - DOCUMENT_WINDOW
        query = (select(DocumentRow.id).where(DocumentRow.id >= low, DocumentRow.id < high, *conditions)
                 .order_by(DocumentRow.id.desc()).limit(cap + 1 - len(found)))
        found += session.execute(query).scalars()
        high = low
    return found


def _figures_of_documents(session: Session, doc_ids: Sequence[int], conditions: Sequence[ColumnElement[bool]],
                          cap: int) -> list[int]:
    """Ids of the figures of `doc_ids` (newest document first) that meet `conditions`, at most `cap` + 1:
    a few documents at a time through the (doc_id, position) index, never a scan of the figures table."""
    found: list[int] = []
    for i in range(0, len(doc_ids), DOCUMENTS_AT_A_TIME):
        chunk = list(doc_ids[i:i + DOCUMENTS_AT_A_TIME])
        query = (select(FigureRow.id).where(FigureRow.doc_id.in_(chunk), *conditions)
                 .order_by(FigureRow.doc_id.desc(), FigureRow.id.desc()).limit(cap + 1 - len(found)))
        found += session.execute(query).scalars()
        if len(found) > cap:
            break
    return found


def _search_documents(session: Session, terms: list[str], page: int, per_page: int,
                      narrowing: Narrowing) -> tuple[SearchPage[DocumentHit], list[int]]:
    """A page of documents, and the newest ids of the documents that match (one more than the cap)."""
    dialect = session.get_bind().dialect.name
    cap = _cap(terms)
    ids = select(DocumentRow.id).where(and_(*_document_conditions(dialect, terms), *narrowing.documents()))
    if dialect == "postgresql" and any(len(t) < TRIGRAM for t in terms):
        newest = _newest_by_windows(session, [*_document_conditions(dialect, terms, indexed=False),
                                              *narrowing.documents()], cap)
    else:
        newest = _newest(session, ids, DocumentRow.id, cap)
    page_ids = _page(session, ids, DocumentRow.id, newest, cap, page, per_page)
    items: list[DocumentHit] = []
    if page_ids:
        # the first match of the first term, located in the database so that only a window travels
        at = func.instr if dialect == "sqlite" else func.strpos
        first = at(func.lower(DocumentRow.text), terms[0].lower())
        begin = func.max(1, first - SNIPPET_BEFORE) if dialect == "sqlite" else func.greatest(1, first - SNIPPET_BEFORE)
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.name, DocumentRow.title, DocumentRow.region, DocumentRow.doc_type,
                   DocumentRow.review_year, DocumentRow.plan_year, begin.label("begin"),
                   func.substr(DocumentRow.text, begin, SNIPPET_CHARS).label("window"),
                   func.length(DocumentRow.text).label("length"), DocumentRow.superseded_by)
            .where(DocumentRow.id.in_(page_ids))).all()
        by_id = {row.id: row for row in rows}
        for doc_id in page_ids:
            row = by_id[doc_id]
            snippet = snippet_html(row.window or "", terms, cut_before=row.begin > 1,
                                   cut_after=row.begin - 1 + len(row.window or "") < row.length)
            items.append(DocumentHit(row.id, row.name, row.title, row.region, row.doc_type, row.review_year,
                                     row.plan_year, snippet, row.superseded_by is None))
    return SearchPage(items, min(len(newest), cap), len(newest) > cap, page, per_page), newest


def _search_figures(session: Session, terms: list[str], page: int, per_page: int,
                    newest_documents: Sequence[int], narrowing: Narrowing) -> SearchPage[FigureHit]:
    dialect = session.get_bind().dialect.name
    cap = _cap(terms)
    if any(len(t) < TRIGRAM for t in terms):  # no index: among the figures of the newest matching documents
        conditions = [*_figure_conditions(dialect, terms, indexed=False), *narrowing.figures()]
        newest = _figures_of_documents(session, newest_documents, conditions, cap)
        offset = (page - 1) * per_page
        page_ids = newest[offset:offset + per_page]
    else:
        ids = select(FigureRow.id).where(*_figure_conditions(dialect, terms, indexed=True), *narrowing.figures())
        newest = _newest(session, ids, FigureRow.id, cap)
        page_ids = _page(session, ids, FigureRow.id, newest, cap, page, per_page)
    return SearchPage(_figure_hits(session, page_ids, terms), min(len(newest), cap), len(newest) > cap, page, per_page)


def indicator_figures(session_or_db: SessionOrDb, indicators: Sequence[str], terms: Sequence[str] = (), *,
                      page: int = 1, per_page: int = 20, narrowing: Narrowing = Narrowing()) -> SearchPage[FigureHit]:
    """The figures of `indicators` whose label or quote contains every term (and that meet `narrowing`),
    newest first: through the (indicator, year) index, the terms checked on those rows only."""
    page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
    with session_scope(session_or_db) as session:
        dialect = session.get_bind().dialect.name
        conditions = [FigureRow.indicator.in_(list(indicators)), *narrowing.figures(),
                      *(or_(_contains(FigureRow.label, t, dialect, False), _contains(FigureRow.quote, t, dialect, False))
                        for t in terms)]
        ids = select(FigureRow.id).where(*conditions)
        newest = _newest(session, ids, FigureRow.id, COUNT_CAP)
        page_ids = _page(session, ids, FigureRow.id, newest, COUNT_CAP, page, per_page)
        items = _figure_hits(session, page_ids, list(terms))
    return SearchPage(items, min(len(newest), COUNT_CAP), len(newest) > COUNT_CAP, page, per_page)


def _figure_hits(session: Session, page_ids: Sequence[int], terms: Sequence[str]) -> list[FigureHit]:
    """The hits of `page_ids`, in that order, their terms marked (and marked when of an old version)."""
    if not page_ids:
        return []
    rows = session.execute(
        select(FigureRow.id, FigureRow.doc_id, DocumentRow.name, FigureRow.indicator, FigureRow.label,
               FigureRow.value, FigureRow.unit, FigureRow.kind, FigureRow.year, FigureRow.op, FigureRow.measure,
               func.coalesce(FigureRow.region, DocumentRow.region).label("region"), FigureRow.quote,
               DocumentRow.superseded_by)
        .join(DocumentRow, DocumentRow.id == FigureRow.doc_id)
        .where(FigureRow.id.in_(list(page_ids)))).all()
    by_id = {row.id: row for row in rows}
    return [FigureHit(row.id, row.doc_id, row.name, row.indicator, row.label, row.value, row.unit, row.kind,
                      row.year, row.op, row.measure, row.region, row.quote, highlight(row.label, terms),
                      highlight(row.quote, terms), row.superseded_by is None)
            for row in (by_id[i] for i in page_ids)]


__all__ = ["COUNT_CAP", "DocumentHit", "FigureHit", "Narrowing", "SearchPage", "SearchResults", "highlight",
           "include_name", "indicator_figures", "parse_terms", "search", "snippet_html"]

"""Full-text search over documents' text and over figures' labels and quotes.

    from planwatch.store.search import search
    results = search(db, "就业 城镇", page=1, per_page=20)
    results.documents.items[0].snippet_html    # '…稳<mark>就业</mark>…', everything else HTML-escaped

A query is split on white space into terms that must all match, as substrings (case folded for Latin
letters). Documents: on SQLite through the FTS5 trigram index of migration 0006, which has no positions: a
term of three characters is a trigram, a longer one all of its trigrams (the documents found are checked
against their texts), a shorter one any trigram that begins with it (from the index's vocabulary); on
PostgreSQL `LIKE`/`ILIKE` served by a pg_trgm GIN index from three characters, shorter terms by a scan
that stops once the page and the count's cap are reached. Figures are found through their documents:
among the figures of the newest documents that contain the terms (SHORT_TERM_CAP of them for a short term,
FIGURE_DOCUMENTS otherwise; `SearchResults.figures_bounded` says when that bound left documents out), those
whose label or quote (text of the document) contains every term — never by a scan of the figures table.

Hits in superseded versions of a document are kept (history can be searched) and marked (`current`
False). Results come newest first (highest id), a page at a time; totals are counted up to `COUNT_CAP` (1000;
SHORT_TERM_CAP where the index does not decide alone, FIGURE_CAP for figures) so that a term found in every
document costs a bounded scan (`total_capped` then says "at least").
"""

from __future__ import annotations

import bisect
import dataclasses
import html
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, Text, and_, column, false, func, or_, select, table, text
from sqlalchemy.orm import Session

from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.queries import BOOKS_REGION, LABEL, with_quotes
from planwatch.store.schema import CorrectionRow, DocumentRow, FigureRow, PhraseRow

MAX_TERMS = 5
MAX_TERM_CHARS = 64
MAX_PER_PAGE = 100
COUNT_CAP = 1000  # totals are exact up to here; beyond, "at least COUNT_CAP"
SHORT_TERM_CAP = 200  # with a term under 3 characters (no index): the cap, and how many documents' figures
DOCUMENTS_AT_A_TIME = 20  # documents whose figures are read in one query
FIGURE_CAP = 100  # figure hits are counted up to here (they are found document by document)
FIGURE_DOCUMENTS = 200  # the newest documents with the terms whose figures are looked at (3 characters and more)
DOCUMENT_WINDOW = 1000  # ids of documents scanned in one query (short terms on PostgreSQL)
TRIGRAM = 3  # the shortest term a trigram index can find
SNIPPET_BEFORE = 40  # characters of context before the first match
SNIPPET_CHARS = 160

# Objects of migration 0003 that the models do not describe (alembic's comparison leaves them out).
SEARCH_TABLES = frozenset({f"{name}{suffix}" for name in ("documents_search", "figures_search")
                           for suffix in ("", "_data", "_idx", "_docsize", "_config", "_content")}
                          | {"documents_search_terms"})
SEARCH_INDEXES = frozenset({"ix_documents_text_trgm", "ix_figures_label_trgm", "ix_figures_quote_trgm"})

_documents_search = table("documents_search", column("rowid"), column("documents_search"))
_search_terms = table("documents_search_terms", column("term"))  # its vocabulary (fts5vocab)

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
                             and_(func.coalesce(FigureRow.region, "") == "",
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
        documents, newest = _search_documents(session, terms, page, per_page, narrowing)
        if narrowing.kind or narrowing.year is not None or narrowing.region:  # a figure's own region or year
            _, newest = _search_documents(session, terms, 1, 1, Narrowing())
        short = any(len(t) < TRIGRAM for t in terms)
        if short:
            bounded = documents.total_capped
            among = newest[:SHORT_TERM_CAP]
        else:  # the newest FIGURE_DOCUMENTS documents with every term, past the count's cap if need be
            among = newest if len(newest) > FIGURE_DOCUMENTS else _newest(
                session, _document_ids(session, terms, Narrowing()), DocumentRow.id, FIGURE_DOCUMENTS)
            bounded = len(among) > FIGURE_DOCUMENTS
            among = among[:FIGURE_DOCUMENTS]
        among = sorted({*among, *_relabelled(session, terms)}, reverse=True)
        figures = _search_figures(session, terms, page, per_page, among, narrowing)
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


def _text(dialect: str) -> Any:
    """A document's text in SQL: SQLite stores it compressed (`store.packing`)."""
    return func.plain(DocumentRow.text, type_=Text) if dialect == "sqlite" else DocumentRow.text


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts_query(session: Session, terms: Iterable[str]) -> str | None:
    """The FTS5 query that finds the documents with every term (None: no document can have them all).

    The index has trigrams and no positions (detail=none): a term of three characters is one trigram; a
    longer one, all of its trigrams (which a document may have apart: `_document_conditions` checks the
    text); a shorter one, any of the index's trigrams that begin with it, looked up in its vocabulary
    (the texts are indexed with two spaces after them, so every short string begins a trigram)."""
    parts = []
    for term in terms:
        folded = term.lower()
        if len(term) >= TRIGRAM:
            parts.append(" AND ".join(_quoted(folded[i:i + TRIGRAM]) for i in range(len(folded) - TRIGRAM + 1)))
            continue
        tokens = session.execute(select(_search_terms.c.term).where(_search_terms.c.term >= folded,
                                                                     _search_terms.c.term < folded + "\U0010ffff"))
        found = [_quoted(token) for token in tokens.scalars()]
        if not found:
            return None
        parts.append("(" + " OR ".join(found) + ")")
    return " AND ".join(parts)


def _document_conditions(session: Session, terms: Sequence[str], indexed: bool = True) -> list[ColumnElement[bool]]:
    """Conditions on a document's text: on SQLite, the trigram index (and the text itself for terms of four
    characters and more); on PostgreSQL, `_contains` (served by pg_trgm from three characters)."""
    dialect = session.get_bind().dialect.name
    if dialect != "sqlite":
        return [_contains(DocumentRow.text, t, dialect, indexed) for t in terms]
    query = _fts_query(session, terms)
    if query is None:
        return [false()]
    matching = select(_documents_search.c.rowid).where(_documents_search.c.documents_search.match(query))
    return [DocumentRow.id.in_(matching), *(_contains(_text(dialect), t, dialect) for t in terms if len(t) > TRIGRAM)]


def _document_ids(session: Session, terms: Sequence[str], narrowing: Narrowing) -> Select[Any]:
    return select(DocumentRow.id).where(and_(*_document_conditions(session, terms), *narrowing.documents()))


def _cap(session: Session, terms: Sequence[str]) -> int:
    """Where counting stops: COUNT_CAP when the index decides alone, else SHORT_TERM_CAP (a term under 3
    characters on PostgreSQL, where texts are then scanned; on SQLite, a term of 4 characters and more,
    which each document found is checked for); terms under 3 characters keep their cap on both."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    if any(len(t) < TRIGRAM or (sqlite and len(t) > TRIGRAM) for t in terms):
        return SHORT_TERM_CAP
    return COUNT_CAP


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


def _occurrences(text: str, term: str) -> list[int]:
    """Where `term` starts in `text` (case folded when it has cased letters), in order."""
    if _has_case(term):
        text, term = text.lower(), term.lower()
    found, at = [], text.find(term)
    while at >= 0:
        found.append(at)
        at = text.find(term, at + 1)
    return found


def _covers(spots: list[int], start: int, end: int, length: int) -> bool:
    """Whether one of `spots` (sorted) begins a match of `length` inside [start, end)."""
    i = bisect.bisect_left(spots, start)
    return i < len(spots) and spots[i] + length <= end


def _relabelled(session: Session, terms: Sequence[str]) -> list[int]:
    """The documents with a figure whose label was corrected to one with every term: the labels the
    documents' texts need not contain (read from the corrections log, a small table)."""
    dialect = session.get_bind().dialect.name
    shas = select(CorrectionRow.doc_sha256).where(CorrectionRow.field == "label",
                                                  *(_contains(CorrectionRow.new, t, dialect, False) for t in terms))
    return list(session.execute(select(DocumentRow.id).where(DocumentRow.sha256.in_(shas))).scalars())


def _figures_of_documents(session: Session, doc_ids: Sequence[int], terms: Sequence[str],
                          narrowing: Narrowing, enough: int) -> list[int]:
    """Ids of the figures of `doc_ids` (newest document first) whose label or quote has each term (and
    that meet `narrowing`), until `enough`: a few documents at a time, each document's text searched for
    the terms and only the figures around their places read (the (doc_id, start) index), a figure's quote
    matched by where they stand in it; never a scan of the figures table."""
    dialect = session.get_bind().dialect.name
    labels = [set(session.execute(select(PhraseRow.id).where(_contains(PhraseRow.text, t, dialect, False))).scalars())
              for t in terms]
    found: list[int] = []
    for i in range(0, len(doc_ids), DOCUMENTS_AT_A_TIME):
        chunk = list(doc_ids[i:i + DOCUMENTS_AT_A_TIME])
        texts = dict(session.execute(select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(chunk))).all())
        spots = {doc_id: [_occurrences(body, t) for t in terms] for doc_id, body in texts.items()}
        longest = dict(session.execute(select(FigureRow.doc_id, func.max(FigureRow.end - FigureRow.start))
                                       .where(FigureRow.doc_id.in_(chunk)).group_by(FigureRow.doc_id)).all())
        # the rows that may match: a label with a term, a stored quote, or a span around the rarest term;
        # written as SQL of integers (thousands of conditions cost SQLAlchemy more than the query)
        may = [f"(doc_id IN ({_ints(chunk)}) AND (label_id IN ({_ints(set().union(*labels))}) OR quote IS NOT NULL))"]
        for doc_id, places in spots.items():
            rarest = min(range(len(terms)), key=lambda n: len(places[n]))
            may += _spans(doc_id, places[rarest], len(terms[rarest]), longest.get(doc_id, 0))
        query = (select(FigureRow.id, FigureRow.doc_id, FigureRow.label_id, FigureRow.quote, FigureRow.start,
                        FigureRow.end).where(text(" OR ".join(may)), *narrowing.figures())
                 .order_by(FigureRow.doc_id.desc(), FigureRow.id.desc()))
        for figure_id, doc_id, label_id, quote, start, end in session.execute(query).tuples():
            if all(label_id in labels[n] or (_matches(quote, t) if quote is not None
                                             else _covers(spots[doc_id][n], start, end, len(t)))
                   for n, t in enumerate(terms)):
                found.append(figure_id)
        if len(found) >= enough:
            break
    return found


def _ints(numbers: Iterable[int]) -> str:
    return ", ".join(str(int(n)) for n in numbers) or "NULL"


def _spans(doc_id: int, places: list[int], length: int, longest: int) -> list[str]:
    """SQL conditions that keep the figures of a document whose span holds one of `places` (a match of
    `length`; no span is longer than `longest`): a short range of the (doc_id, start) index each, near
    places in one range."""
    ranges: list[list[int]] = []
    for place in places:
        if ranges and place - ranges[-1][1] <= longest:
            ranges[-1][1] = place
        else:
            ranges.append([place, place])
    return [f'(doc_id = {int(doc_id)} AND start >= {first - longest} AND start <= {last} '
            f'AND "end" >= {first + length})' for first, last in ranges]


def _matches(text: str, term: str) -> bool:
    return term.lower() in text.lower() if _has_case(term) else term in text


def _search_documents(session: Session, terms: list[str], page: int, per_page: int,
                      narrowing: Narrowing) -> tuple[SearchPage[DocumentHit], list[int]]:
    """A page of documents, and the newest ids of the documents that match (one more than the cap)."""
    dialect = session.get_bind().dialect.name
    cap = _cap(session, terms)
    ids = _document_ids(session, terms, narrowing)
    if dialect == "postgresql" and any(len(t) < TRIGRAM for t in terms):
        newest = _newest_by_windows(session, [*_document_conditions(session, terms, indexed=False),
                                              *narrowing.documents()], cap)
    else:
        newest = _newest(session, ids, DocumentRow.id, cap)
    page_ids = _page(session, ids, DocumentRow.id, newest, cap, page, per_page)
    items: list[DocumentHit] = []
    if page_ids:
        # the first match of the first term, located in the database so that only a window travels
        body = _text(dialect)
        at = func.instr if dialect == "sqlite" else func.strpos
        first = at(func.lower(body), terms[0].lower())
        begin = func.max(1, first - SNIPPET_BEFORE) if dialect == "sqlite" else func.greatest(1, first - SNIPPET_BEFORE)
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.name, DocumentRow.title, DocumentRow.region, DocumentRow.doc_type,
                   DocumentRow.review_year, DocumentRow.plan_year, begin.label("begin"),
                   func.substr(body, begin, SNIPPET_CHARS, type_=Text).label("window"),
                   func.length(body).label("length"), DocumentRow.superseded_by)
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
                    among: Sequence[int], narrowing: Narrowing) -> SearchPage[FigureHit]:
    """A page of the figures of the documents `among` (newest first) with every term; counted up to
    FIGURE_CAP."""
    cap = FIGURE_CAP
    offset = (page - 1) * per_page
    newest = _figures_of_documents(session, among, terms, narrowing, max(cap + 1, offset + per_page))
    page_ids = newest[offset:offset + per_page]
    return SearchPage(_figure_hits(session, page_ids, terms), min(len(newest), cap), len(newest) > cap, page, per_page)


def indicator_figures(session_or_db: SessionOrDb, indicators: Sequence[str], terms: Sequence[str] = (), *,
                      page: int = 1, per_page: int = 20, narrowing: Narrowing = Narrowing()) -> SearchPage[FigureHit]:
    """The figures of `indicators` whose label or quote contains every term (and that meet `narrowing`),
    newest first: through the (indicator, year) index, the terms checked on those rows only (the catalog's
    figures have their quotes stored)."""
    page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
    with session_scope(session_or_db) as session:
        dialect = session.get_bind().dialect.name
        quote = func.coalesce(FigureRow.quote, "")
        conditions = [FigureRow.indicator.in_(list(indicators)), *narrowing.figures(),
                      *(or_(_contains(LABEL.text, t, dialect, False), _contains(quote, t, dialect, False))
                        for t in terms)]
        ids = select(FigureRow.id).join(LABEL, LABEL.id == FigureRow.label_id).where(*conditions)
        newest = _newest(session, ids, FigureRow.id, COUNT_CAP)
        page_ids = _page(session, ids, FigureRow.id, newest, COUNT_CAP, page, per_page)
        items = _figure_hits(session, page_ids, list(terms))
    return SearchPage(items, min(len(newest), COUNT_CAP), len(newest) > COUNT_CAP, page, per_page)


def _figure_hits(session: Session, page_ids: Sequence[int], terms: Sequence[str]) -> list[FigureHit]:
    """The hits of `page_ids`, in that order, their terms marked (and marked when of an old version)."""
    if not page_ids:
        return []
    query = (select(FigureRow.id, FigureRow.doc_id, FigureRow.quote, FigureRow.start, FigureRow.end, DocumentRow.name,
                    FigureRow.indicator, LABEL.text, FigureRow.value, FigureRow.unit, FigureRow.kind, FigureRow.year,
                    FigureRow.op, FigureRow.measure, BOOKS_REGION,
                    DocumentRow.superseded_by)
             .join(DocumentRow, DocumentRow.id == FigureRow.doc_id).join(LABEL, LABEL.id == FigureRow.label_id)
             .where(FigureRow.id.in_(list(page_ids))))
    rows = with_quotes(session.connection(), [tuple(row) for row in session.execute(query)], at=2)
    by_id = {row[0]: row for row in rows}
    hits = []
    for (figure_id, doc_id, quote, _start, _end, name, indicator, label, value, unit, kind, year, op, measure, region,
         newer) in (by_id[i] for i in page_ids):
        hits.append(FigureHit(figure_id, doc_id, name, indicator, label, value, unit, kind, year, op, measure,
                              region, quote, highlight(label, terms), highlight(quote, terms), newer is None))
    return hits


__all__ = ["COUNT_CAP", "DocumentHit", "FigureHit", "Narrowing", "SearchPage", "SearchResults", "highlight",
           "include_name", "indicator_figures", "parse_terms", "search", "snippet_html"]

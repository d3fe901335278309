"""What each page needs from the books, read no wider than the page: one region, one document's regions
and years, one indicator and year. Pages render these; the API hands them out as JSON.

Every function takes the database (`SessionOrDb`, the server passes its URL) and returns plain
dataclasses and dicts; nothing here knows about HTTP.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import defer

from planwatch import store
from planwatch.assess import Annex, Ledger, Verdict, annex, compare, counts, scorecard
from planwatch.assess.compare import gazetteer_parent
from planwatch.assess.ledger import Key, key_of, region_of
from planwatch.assess.rows import Entry, format_decimal
from planwatch.assess.units import convert, effective_unit
from planwatch.assess.verdicts import judge
from planwatch.assess.wording import phrase
from planwatch.engine.catalog import catalog
from planwatch.models import Figure, FigureRecord
from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.records import RegionRecord, StoredDocument
from planwatch.store.schema import DocumentRow, FigureRow
from planwatch.store.write import FIGURE_FIELDS

LEVEL_ORDER = {"province": 0, "city": 1, "county": 2}
STATUSES = ("met", "missed", "not_reported", "pending")


def catalog_ids() -> list[str]:
    """The catalog's indicators: the only ones verdicts, annex tables and comparisons read."""
    return list(catalog())


def reviews_of(db: SessionOrDb, regions: Iterable[str], year: int | None = None) -> list[tuple[str, int]]:
    """(region, year) of the documents of `regions` that review a year (so that a silent report makes
    `not_reported`, not `pending`); `year` is accepted for symmetry and not needed: extra pairs are harmless."""
    names = sorted(set(regions))
    return store.reviews(db, region=names) if names else []


def entry_phrase(entry: Entry | None, measure: str) -> str:
    """A figure as a cell reads: 9%左右, 8.7%(预计)."""
    if entry is None:
        return ""
    return phrase(entry.value, entry.op, entry.unit, estimate=entry.provisional, fall=measure == "growth")


def figure_phrase(figure: Figure) -> str:
    return phrase(figure.value, figure.op, figure.unit, estimate=figure.kind == "estimate",
                  fall=figure.measure == "growth")


def years_in_database(db: SessionOrDb) -> list[int]:
    """Every year a stored document plans or reviews, newest first (two small index scans)."""
    with session_scope(db) as session:
        years = set(session.execute(select(DocumentRow.plan_year).distinct()).scalars())
        years |= set(session.execute(select(DocumentRow.review_year).distinct()).scalars())
    return sorted((y for y in years if y is not None), reverse=True)


# ---- overview ---------------------------------------------------------------------------------------

@dataclasses.dataclass(slots=True)
class RegionSummary:
    name: str
    code: str | None
    level: str | None
    parent: str | None
    documents: int
    counts: dict[int, dict[str, int]]  # year → status → how many (and "provisional")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def region_list(db: SessionOrDb, level: str | None = None) -> list[RegionRecord]:
    """The stored regions (one per name), provinces first, then cities, then counties, by name; from the
    regions table alone (documents are counted per page, by `overview`)."""
    by_name: dict[str, RegionRecord] = {}
    for record in region_records(db):
        if level is not None and (record.level or "unknown") != level:
            continue
        by_name.setdefault(record.name, record)
    return sorted(by_name.values(), key=lambda r: (LEVEL_ORDER.get(r.level or "", 9), r.name))


def document_counts(db: SessionOrDb, regions: Sequence[str]) -> dict[str, int]:
    """How many stored documents each of `regions` has (one grouped query through the region index)."""
    if not regions:
        return {}
    with session_scope(db) as session:
        rows = session.execute(select(DocumentRow.region, func.count()).where(DocumentRow.region.in_(list(regions)))
                               .group_by(DocumentRow.region)).all()
    return {name: n for name, n in rows}


class OverviewCache:
    """The overview's region list and verdict counts, kept while the books do not change: they are
    dropped when a document or a correction is added (checked with two cheap queries per request) and
    after `ttl` seconds whatever happens (a reprocess changes figures without adding either)."""

    def __init__(self, ttl: float = 300.0, size: int = 5000) -> None:
        self.ttl, self.size = ttl, size
        self._state: tuple[Any, ...] | None = None
        self._since = 0.0
        self._regions: dict[str | None, list[RegionRecord]] = {}
        self._counts: dict[tuple[str, int | None], dict[int, dict[str, int]]] = {}

    def _check(self, db: SessionOrDb) -> None:
        import time

        from planwatch.store.schema import CorrectionRow

        with session_scope(db) as session:
            state = (session.execute(select(func.count(), func.max(DocumentRow.id))).one(),
                     session.execute(select(func.count(), func.max(CorrectionRow.id))).one())
        now = time.monotonic()
        if state != self._state or now - self._since > self.ttl:
            self._state, self._since = state, now
            self._regions.clear()
            self._counts.clear()

    def regions(self, db: SessionOrDb, level: str | None) -> list[RegionRecord]:
        self._check(db)
        if level not in self._regions:
            self._regions[level] = region_list(db, level)
        return self._regions[level]

    def counts(self, db: SessionOrDb, regions: Sequence[str], year: int | None) -> dict[str, dict[int, dict[str, int]]]:
        missing = [name for name in regions if (name, year) not in self._counts]
        if missing:
            found = verdict_counts(db, missing, year)
            if len(self._counts) + len(missing) > self.size:
                self._counts.clear()
            for name in missing:
                self._counts[(name, year)] = found.get(name, {})
        return {name: self._counts[(name, year)] for name in regions}


def verdict_counts(db: SessionOrDb, regions: Sequence[str], year: int | None = None) -> dict[str, dict[int, dict[str, int]]]:
    """Verdict counts per region and year, for these regions only (a query per region: each goes through
    the (region, year, indicator) index, which one query over a list of regions does not)."""
    if not regions:
        return {}
    records = [r for name in regions for r in store.figures(db, region=name, year=year, indicator=catalog_ids())]
    ledger = Ledger(records, reviews_of(db, regions, year))
    wanted = set(regions)
    rows = [v for v in scorecard(ledger, year=year) if v.region in wanted]
    found: dict[str, dict[int, dict[str, int]]] = {}
    for (region, y), counter in counts(rows).items():
        found.setdefault(region, {})[y] = dict(counter)
    return found


def overview(db: SessionOrDb, regions: Sequence[RegionRecord], year: int | None = None,
             cache: OverviewCache | None = None) -> list[RegionSummary]:
    """The summaries of `regions` (a page of `region_list`) with their verdict counts per year."""
    names = [r.name for r in regions]
    tallies = cache.counts(db, names, year) if cache is not None else verdict_counts(db, names, year)
    documents = document_counts(db, names)
    return [RegionSummary(r.name, r.code, r.level, r.parent_name, documents.get(r.name, 0),
                          dict(sorted(tallies.get(r.name, {}).items())))
            for r in regions]


def totals_by_year(summaries: Iterable[RegionSummary]) -> dict[int, dict[str, int]]:
    total: dict[int, Counter[str]] = {}
    for summary in summaries:
        for year, tally in summary.counts.items():
            total.setdefault(year, Counter()).update({s: tally.get(s, 0) for s in STATUSES})
    return {y: dict(c) for y, c in sorted(total.items())}


# ---- one government ---------------------------------------------------------------------------------

@dataclasses.dataclass(slots=True)
class RegionView:
    name: str
    record: RegionRecord | None
    parent: str | None
    children: list[RegionRecord]  # in the database
    gazetteer_children: list[str]  # known divisions below it without documents
    documents: list[StoredDocument]
    ledger: Ledger
    verdicts: list[Verdict]
    annexes: list[Annex]  # newest year first
    doc_of_figure: dict[int, int]  # figure id → document id, for links to the sentence

    def link(self, entry: Entry | None) -> str | None:
        if entry is None or entry.figure_id is None or entry.figure_id not in self.doc_of_figure:
            return None
        return f"/doc/{self.doc_of_figure[entry.figure_id]}#f{entry.figure_id}"


def region_view(db: SessionOrDb, name: str) -> RegionView | None:
    """A government's books: its documents, verdicts and annex tables, read through its own rows only."""
    documents = store.documents(db, region=name)
    records = store.figures(db, region=name, indicator=catalog_ids())
    record = next(iter(region_records(db, names=[name])), None)
    if not documents and not records and record is None:
        return None
    reviews = [(name, d.facts.review_year) for d in documents if d.facts.review_year is not None]
    ledger = Ledger(records, reviews)
    verdicts = [v for v in scorecard(ledger, region=name)]
    years = sorted({k.year for k in ledger.target_keys() if k.region == name}, reverse=True)
    annexes = [table for table in (annex(ledger, name, y) for y in years) if table.rows]
    parents = Counter(d.facts.parent for d in documents if d.facts.parent)
    parent = parents.most_common(1)[0][0] if parents else (record.parent_name if record else None)
    parent = parent or gazetteer_parent(name)
    children = sorted({r.name: r for r in region_records(db, parent=name) if r.name != name}.values(),
                      key=lambda r: r.name)
    below = _gazetteer_children(name)
    in_database = {r.name for r in region_records(db, names=below)} | {c.name for c in children}
    return RegionView(name, record, parent, children,
                      [n for n in below if n not in in_database], list(documents), ledger,
                      verdicts, annexes, {r.id: r.doc_id for r in records})


def region_records(db: SessionOrDb, *, names: Sequence[str] | None = None,
                   parent: str | None = None) -> list[RegionRecord]:
    """Rows of the regions table by name, or the regions whose parent is `parent` (no document counts)."""
    from planwatch.store.schema import RegionRow

    query = select(RegionRow).order_by(RegionRow.name, RegionRow.code)
    if names is not None:
        if not names:
            return []
        query = query.where(RegionRow.name.in_(list(names)))
    if parent is not None:
        query = query.where(RegionRow.parent_name == parent)
    with session_scope(db) as session:
        return [RegionRecord(name=r.name, code=r.code, level=r.level, parent_code=r.parent_code,
                             parent_name=r.parent_name) for r in session.execute(query).scalars()]


def _gazetteer_children(name: str) -> list[str]:
    try:
        from planwatch.engine.regions import get_gazetteer

        gazetteer = get_gazetteer()
    except (ImportError, OSError):
        return []
    place = gazetteer.resolve(name)
    if place is None or not place.known or place.name != name:
        return []
    return [child.name for child in gazetteer.children(place)]


@dataclasses.dataclass(slots=True)
class Point:
    year: int
    value: Decimal
    text: str


@dataclasses.dataclass(slots=True)
class IndicatorSeries:
    """One indicator's targets and results over the years (numbers in the targets' unit)."""

    indicator: str
    measure: str
    unit: str | None
    targets: list[Point]
    results: list[Point]


def indicator_series(verdicts: Iterable[Verdict]) -> list[IndicatorSeries]:
    """Per (indicator, measure): each year's target and current result, when they are numbers."""
    series: dict[tuple[str, str], IndicatorSeries] = {}
    for v in verdicts:
        target = v.target
        if target.value is None or target.op in ("sync", "qualitative"):
            continue
        unit = effective_unit(target.unit, v.measure)
        line = series.setdefault((v.indicator, v.measure), IndicatorSeries(v.indicator, v.measure, unit, [], []))
        target_value = convert(target.value, unit, line.unit) if unit != line.unit else target.value
        if target_value is None:
            continue
        line.targets.append(Point(v.year, target_value, entry_phrase(target, v.measure)))
        result = v.result
        if result is not None and result.value is not None:
            value = convert(result.value, effective_unit(result.unit, v.measure), line.unit)
            if value is not None:
                line.results.append(Point(v.year, value, entry_phrase(result, v.measure)))
    order = {ident: n for n, ident in enumerate(catalog())}
    return sorted(series.values(), key=lambda s: (order.get(s.indicator, 999), s.measure))


# ---- one document -----------------------------------------------------------------------------------

@dataclasses.dataclass(slots=True)
class FigureView:
    """A figure as the document page and its detail panel show it."""

    record: FigureRecord
    verdict: Verdict | None
    linked: FigureRecord | None  # target ↔ result, possibly in another document

    def to_dict(self) -> dict[str, Any]:
        f, r = self.record.figure, self.record
        data: dict[str, Any] = {"id": r.id, "doc_id": r.doc_id, **{k: getattr(f, k) for k in FIGURE_FIELDS},
                                "text": figure_phrase(f), "catalog": f.indicator in catalog(),
                                "indicator_name": catalog()[f.indicator].name if f.indicator in catalog() else None,
                                "indicator_en": catalog()[f.indicator].en if f.indicator in catalog() else None}
        data["region"] = region_of(r)
        data["verdict"] = None
        if self.verdict is not None:
            v = self.verdict
            data["verdict"] = {"status": v.status, "provisional": v.provisional,
                               "gap": None if v.gap is None else format_decimal(v.gap),
                               "target": entry_phrase(v.target, v.measure),
                               "result": entry_phrase(v.result, v.measure)}
        data["linked"] = None
        if self.linked is not None:
            lf = self.linked.figure
            data["linked"] = {"id": self.linked.id, "doc_id": self.linked.doc_id, "doc_name": self.linked.doc_name,
                              "kind": lf.kind, "quote": lf.quote, "text": figure_phrase(lf), "year": lf.year,
                              "url": f"/doc/{self.linked.doc_id}#f{self.linked.id}"}
        return data


def figure_views(db: SessionOrDb, records: Sequence[FigureRecord]) -> list[FigureView]:
    """Each figure with the verdict on its key and the figure on the other side of it: a target's current
    result, a result's target. Reads the figures of the records' regions and years only."""
    regions = sorted({name for r in records if (name := region_of(r))})
    years = sorted({r.figure.year for r in records if r.figure.year is not None})
    ledger = Ledger(store.figures(db, region=regions, year=years), reviews_of(db, regions)) \
        if regions and years else Ledger([])
    by_id = {r.id: r for r in ledger.records}
    judged: dict[Key, Verdict | None] = {}
    views = []
    for record in records:
        key = key_of(record)
        verdict = None
        if key is not None:
            if key not in judged:
                judged[key] = judge(ledger, key) if ledger.target(key) is not None else None
            verdict = judged[key]
        linked = None
        if verdict is not None:
            other = verdict.result if record.figure.kind == "target" else verdict.target
            if other is not None and other.figure_id != record.id:
                linked = by_id.get(other.figure_id) if other.figure_id is not None else None
        views.append(FigureView(record, verdict, linked))
    return views


# ---- one indicator across governments ----------------------------------------------------------------

@dataclasses.dataclass(slots=True)
class LevelRow:
    region: str
    level: str | None
    parent: str | None
    measure: str
    target: Entry
    parent_target: Entry | None
    escalation: Decimal | None
    verdict: Verdict | None
    doc_of_figure: dict[int, int]

    def link(self, entry: Entry | None) -> str | None:
        if entry is None or entry.figure_id not in self.doc_of_figure:
            return None
        return f"/doc/{self.doc_of_figure[entry.figure_id]}#f{entry.figure_id}"

    def to_dict(self) -> dict[str, Any]:
        v = self.verdict
        return {
            "region": self.region, "level": self.level, "parent": self.parent, "measure": self.measure,
            "target": {**self.target.to_dict(), "text": entry_phrase(self.target, self.measure),
                       "url": self.link(self.target)},
            "parent_target": ({**self.parent_target.to_dict(), "text": entry_phrase(self.parent_target, self.measure),
                               "url": self.link(self.parent_target)} if self.parent_target else None),
            "escalation": self.escalation,
            "result": ({**v.result.to_dict(), "text": entry_phrase(v.result, self.measure), "url": self.link(v.result)}
                       if v is not None and v.result is not None else None),
            "status": v.status if v else None,
            "provisional": v.provisional if v else False,
        }


def indicator_rows(db: SessionOrDb, indicator: str, year: int) -> list[LevelRow]:
    """Every government's target of `indicator` in `year` beside its parent's, with its verdict.

    Reads that indicator (with its joint indicator and parts, and GDP for targets synchronised with
    growth) in that year only, through the (indicator, year) index."""
    entry = catalog()[indicator]
    related = {indicator, "gdp", *entry.parts} | {i.id for i in catalog().values() if indicator in i.parts}
    records = store.figures(db, year=year, indicator=sorted(related))
    with session_scope(db) as session:
        reviewing = session.execute(select(DocumentRow.region).where(DocumentRow.review_year == year,
                                                                     DocumentRow.region.is_not(None)).distinct())
        reviews = [(name, year) for name in reviewing.scalars()]
    ledger = Ledger(records, reviews)
    verdicts = {(v.region, v.measure): v for v in scorecard(ledger, year=year, indicator=indicator)}
    regions = {r.region or r.figure.region for r in records} | {r.figure.region for r in records}
    levels = {r.name: r.level for r in region_records(db, names=sorted(n for n in regions if n))}
    doc_of = {r.id: r.doc_id for r in records}
    return [LevelRow(c.region, levels.get(c.region), c.parent, c.measure, c.target, c.parent_target, c.escalation,
                     verdicts.get((c.region, c.measure)), doc_of)
            for c in compare(ledger, year, indicator=indicator)]


def indicator_years(db: SessionOrDb, indicator: str) -> list[int]:
    """The years with a target of `indicator`, newest first."""
    with session_scope(db) as session:
        years = session.execute(select(FigureRow.year).where(FigureRow.indicator == indicator,
                                                             FigureRow.kind == "target").distinct()).scalars()
        return sorted((y for y in years if y is not None), reverse=True)


# ---- figures, a page at a time ----------------------------------------------------------------------

_FIGURE_COLUMNS = [getattr(FigureRow, name) for name in FIGURE_FIELDS]
_DOC_COLUMNS = [DocumentRow.name, DocumentRow.doc_type, DocumentRow.published, DocumentRow.region,
                DocumentRow.region_code, DocumentRow.parent, DocumentRow.review_year, DocumentRow.plan_year,
                DocumentRow.ingested_at]  # FigureRecord's fields after doc_id


def _figure_conditions(region: str | None, year: int | None, indicator: str | None, kind: str | None,
                       doc_id: int | None, catalog_only: bool) -> list[Any]:
    conditions = []
    if region is not None:
        conditions.append(or_(FigureRow.region == region,
                              and_(FigureRow.region.is_(None), DocumentRow.region == region)))
    for column, wanted in ((FigureRow.year, year), (FigureRow.indicator, indicator), (FigureRow.kind, kind),
                           (FigureRow.doc_id, doc_id)):
        if wanted is not None:
            conditions.append(column == wanted)
    if catalog_only:
        conditions.append(FigureRow.indicator.in_(list(catalog())))
    return conditions


def _figure_records(conditions: list[Any]) -> Any:
    return (select(FigureRow.id, FigureRow.doc_id, *_FIGURE_COLUMNS, *_DOC_COLUMNS)
            .join(DocumentRow, DocumentRow.id == FigureRow.doc_id).where(*conditions)
            .order_by(FigureRow.doc_id, FigureRow.position))


def _figure_record(row: Any) -> FigureRecord:
    n = len(FIGURE_FIELDS)
    return FigureRecord(row[0], Figure(*row[2:2 + n]), row[1], *row[2 + n:])


def figure_page(db: SessionOrDb, *, region: str | None = None, year: int | None = None,
                indicator: str | None = None, kind: str | None = None, doc_id: int | None = None,
                catalog_only: bool = False, offset: int = 0, limit: int = 50) -> tuple[int, list[FigureRecord]]:
    """(how many figures match, one page of them) in document order; the filters mean what they mean in
    `store.figures`. The database counts and slices: a page costs the same at 10 000 documents."""
    conditions = _figure_conditions(region, year, indicator, kind, doc_id, catalog_only)
    counted = select(func.count()).select_from(FigureRow).where(*conditions)
    if region is not None:  # the document's region is asked for: only then is the join needed to count
        counted = counted.join(DocumentRow, DocumentRow.id == FigureRow.doc_id)
    with session_scope(db) as session:
        total = session.execute(counted).scalar_one()
        rows = session.execute(_figure_records(conditions).offset(offset).limit(limit)).all()
    return total, [_figure_record(row) for row in rows]


def window_figures(db: SessionOrDb, doc_id: int, start: int, end: int) -> list[FigureRecord]:
    """The figures of a document whose quote starts in text[start:end], in document order."""
    conditions = [FigureRow.doc_id == doc_id, FigureRow.start >= start, FigureRow.start < end]
    with session_scope(db) as session:
        return [_figure_record(row) for row in session.execute(_figure_records(conditions))]


def document_indicators(db: SessionOrDb, doc_id: int) -> list[str]:
    """The indicators a document's figures have: the catalog's in its order, then the others by name."""
    with session_scope(db) as session:
        found = session.execute(select(FigureRow.indicator).where(FigureRow.doc_id == doc_id).distinct()).scalars()
        order = {ident: n for n, ident in enumerate(catalog())}
        return sorted(found, key=lambda i: (i not in order, order.get(i, 0), i))


def each_figure(db: SessionOrDb, *, region: str | None = None, year: int | None = None,
                indicator: str | None = None, kind: str | None = None, doc_id: int | None = None,
                catalog_only: bool = False, chunk: int = 2000) -> Iterator[FigureRecord]:
    """Every figure that matches (as `figure_page` filters), in document order, read `chunk` rows at a
    time: a download of every figure keeps no more than that in memory."""
    query = _figure_records(_figure_conditions(region, year, indicator, kind, doc_id, catalog_only))
    with session_scope(db) as session:
        for row in session.execute(query.execution_options(yield_per=chunk)):
            yield _figure_record(row)


def document_page(db: SessionOrDb, *, region: str | None = None, year: int | None = None,
                  doc_type: str | None = None, offset: int = 0,
                  limit: int | None = 50) -> tuple[int, list[StoredDocument]]:
    """(how many documents match, one page of them, without their texts) in the order they were stored;
    `year` matches the year reviewed or planned. The database counts and slices."""
    conditions = []
    if region:
        conditions.append(DocumentRow.region == region)
    if year is not None:
        conditions.append(or_(DocumentRow.plan_year == year, DocumentRow.review_year == year))
    if doc_type:
        conditions.append(DocumentRow.doc_type == doc_type)
    count = select(func.count()).where(FigureRow.doc_id == DocumentRow.id).scalar_subquery()
    query = (select(DocumentRow, count).options(defer(DocumentRow.text)).where(*conditions)
             .order_by(DocumentRow.id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    with session_scope(db) as session:
        total = session.execute(select(func.count()).select_from(DocumentRow).where(*conditions)).scalar_one()
        rows = session.execute(query).all()
        return total, [_stored(row, n) for row, n in rows]


def _stored(row: DocumentRow, figure_count: int) -> StoredDocument:
    from planwatch.store.write import FACT_FIELDS
    from planwatch.models import DocumentFacts

    facts = DocumentFacts(**{name: getattr(row, name) for name in FACT_FIELDS})
    return StoredDocument(id=row.id, sha256=row.sha256, name=row.name, source=row.source, format=row.format,
                          encoding=row.encoding, facts=facts, ingested_at=row.ingested_at,
                          engine_version=row.engine_version, figure_count=figure_count,
                          meta=dict(row.meta or {}), overrides=dict(row.overrides or {}))


def figure_dict(record: FigureRecord) -> dict[str, Any]:
    """A figure as the API lists it: its fields, its document, and where it stands."""
    f = record.figure
    return {"id": record.id, **{k: getattr(f, k) for k in FIGURE_FIELDS}, "text": figure_phrase(f),
            "doc_id": record.doc_id, "doc_name": record.doc_name, "doc_region": record.region,
            "url": f"/doc/{record.doc_id}#f{record.id}"}


def document_dict(document: StoredDocument, with_text: bool = False) -> dict[str, Any]:
    data = {"id": document.id, "name": document.name, "sha256": document.sha256, "source": document.source,
            "format": document.format, "encoding": document.encoding, **dataclasses.asdict(document.facts),
            "ingested_at": document.ingested_at, "engine_version": document.engine_version,
            "figure_count": document.figure_count, "url": f"/doc/{document.id}"}
    if with_text:
        data["text"] = document.text
    return data

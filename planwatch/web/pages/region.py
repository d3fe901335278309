"""A government's page: its documents, verdicts, annex tables and series, read through its own rows; a
region with no documents of its own (a parent named by its children) shows its children."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from planwatch import store
from planwatch.assess import Annex, Ledger, Verdict, annex, scorecard
from planwatch.assess.compare import gazetteer_parent
from planwatch.assess.ledgers import catalog_ids
from planwatch.assess.rows import Entry
from planwatch.assess.units import convert, effective_unit
from planwatch.assess.wording import entry_phrase
from planwatch.engine.catalog import position
from planwatch.store.db import SessionOrDb
from planwatch.store.records import RegionRecord, StoredDocument
from planwatch.web.pages.regions import gazetteer_children, gazetteer_level, region_records

# Results stated as a bound (突破1200亿元, 未能由负转正 = below 0): drawn as such, never as a value.
BOUND_OPS = ("gt", "ge", "lt", "le")


@dataclasses.dataclass(slots=True)
class RegionView:
    name: str
    record: RegionRecord | None
    level: str | None
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
    """A government's books; one the gazetteer knows but no document names (a parent, a division listed
    below another) has none but its place: parent and children. None when nobody knows `name`."""
    documents = store.documents(db, region=name)
    records = store.figures(db, region=name, indicator=catalog_ids())
    record = next(iter(region_records(db, names=[name])), None)
    children = sorted({r.name: r for r in region_records(db, parent=name) if r.name != name}.values(),
                      key=lambda r: r.name)
    below = gazetteer_children(name)
    level = record.level if record and record.level else gazetteer_level(name)
    if not documents and not records and record is None and not children and level is None:
        return None  # a name neither the books nor the gazetteer know
    reviews = [(name, d.facts.review_year) for d in documents if d.facts.review_year is not None]
    ledger = Ledger(records, reviews)
    verdicts = list(scorecard(ledger, region=name))
    years = sorted({k.year for k in ledger.target_keys() if k.region == name}, reverse=True)
    annexes = [table for table in (annex(ledger, name, y) for y in years) if table.rows]
    parents = Counter(d.facts.parent for d in documents if d.facts.parent)
    parent = parents.most_common(1)[0][0] if parents else (record.parent_name if record else None)
    parent = parent or gazetteer_parent(name)
    in_database = {r.name for r in region_records(db, names=below)} | {c.name for c in children}
    return RegionView(name, record, level, parent, children, [n for n in below if n not in in_database],
                      list(documents), ledger, verdicts, annexes, {r.id: r.doc_id for r in records})


@dataclasses.dataclass(slots=True)
class Point:
    year: int
    value: Decimal  # in the series' unit
    text: str  # the figure as written (9%左右, 8.7%(预计))
    figure_id: int | None = None
    bound: str | None = None  # the comparator when the figure is a bound (a result "<0"), not a value


@dataclasses.dataclass(slots=True)
class IndicatorSeries:
    """One indicator's targets and results over the years, of one measure, in one unit."""

    indicator: str
    measure: str
    unit: str | None
    targets: list[Point]
    results: list[Point]


def indicator_series(verdicts: Iterable[Verdict]) -> list[IndicatorSeries]:
    """Per (indicator, measure): each year's target and current result when they are numbers, converted
    to the unit most of its targets are written in; a figure in a unit that does not convert is left out."""
    grouped: dict[tuple[str, str], list[Verdict]] = {}
    for v in verdicts:
        if v.target.value is not None and v.target.op not in ("sync", "qualitative"):
            grouped.setdefault((v.indicator, v.measure), []).append(v)
    series = []
    for (indicator, measure), rows in grouped.items():
        unit = Counter(effective_unit(v.target.unit, measure) for v in rows).most_common(1)[0][0]
        line = IndicatorSeries(indicator, measure, unit, [], [])
        for v in rows:
            target = _point(v.year, v.target, measure, unit)
            if target is not None:
                line.targets.append(target)
            result = _point(v.year, v.result, measure, unit) if v.result is not None else None
            if result is not None:
                line.results.append(result)
        series.append(line)
    return sorted(series, key=lambda s: (position(s.indicator), s.measure))


def _point(year: int, entry: Entry, measure: str, unit: str | None) -> Point | None:
    if entry.value is None or entry.op in ("sync", "qualitative"):
        return None
    value = convert(entry.value, effective_unit(entry.unit, measure), unit)
    if value is None:
        return None
    bound = entry.op if entry.kind != "target" and entry.op in BOUND_OPS else None
    return Point(year, value, entry_phrase(entry, measure), entry.figure_id, bound)

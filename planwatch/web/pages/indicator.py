"""One indicator across governments: every government's target in a year beside its parent's, with its
result and verdict; the years that have it. Read through the (indicator, year) index."""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from planwatch import store
from planwatch.assess import STATUSES, Ledger, Verdict, compare, scorecard
from planwatch.assess.ledgers import catalog_ids, indicator_ledger
from planwatch.assess.rows import Entry
from planwatch.assess.units import convert, effective_unit, factors
from planwatch.assess.wording import entry_phrase
from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.queries import BOOKS_REGION, CURRENT
from planwatch.store.schema import DocumentRow, FigureRow
from planwatch.web.pages.regions import LEVEL_ORDER, levels_of


@dataclasses.dataclass(slots=True)
class LevelRow:
    region: str
    level: str | None
    parent: str | None
    measure: str
    target: Entry
    parent_target: Entry | None
    escalation: Decimal | None
    stricter: int | None  # how much more the comparator binds than the parent's (左右 → 以上: 1)
    escalates: bool | None  # demands more than the parent; None when the two do not compare
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
            "escalation": self.escalation, "stricter": self.stricter, "escalates": self.escalates,
            "result": ({**v.result.to_dict(), "text": entry_phrase(v.result, self.measure), "url": self.link(v.result)}
                       if v is not None and v.result is not None else None),
            "status": v.status if v else None,
            "provisional": v.provisional if v else False,
        }


def indicator_rows(db: SessionOrDb, indicator: str, year: int) -> list[LevelRow]:
    """Every government's target of `indicator` in `year` beside its parent's, with its verdict."""
    ledger = indicator_ledger(db, indicator, year)
    verdicts = {(v.region, v.measure): v for v in scorecard(ledger, year=year, indicator=indicator)}
    regions = {r.region or r.figure.region for r in ledger.records} | {r.figure.region for r in ledger.records}
    levels = levels_of(db, [n for n in regions if n])
    doc_of = {r.id: r.doc_id for r in ledger.records}
    return [LevelRow(c.region, levels.get(c.region), c.parent, c.measure, c.target, c.parent_target, c.escalation,
                     c.stricter, c.escalates, verdicts.get((c.region, c.measure)), doc_of)
            for c in compare(ledger, year, indicator=indicator)]


def indicator_years(db: SessionOrDb, indicator: str) -> list[int]:
    """The years with a target of `indicator`, newest first."""
    with session_scope(db) as session:
        years = session.execute(select(FigureRow.year).join(DocumentRow, DocumentRow.id == FigureRow.doc_id)
                                .where(FigureRow.indicator == indicator, FigureRow.kind == "target", CURRENT)
                                .distinct()).scalars()
        return sorted((y for y in years if y is not None), reverse=True)


# ---- the table of a year: filters, sorting, counts ---------------------------------------------------

SORTS = ("tree", "region", "level", "target", "result", "gap", "escalation", "status")


@dataclasses.dataclass(slots=True)
class Facets:
    """How many rows each value of a filter would keep (the other filters applied), as Datasette's facets."""

    level: dict[str, int]
    status: dict[str, int]
    parent: dict[str, int]


def filter_rows(rows: list[LevelRow], *, level: str | None = None, parent: str | None = None,
                status: str | None = None) -> tuple[list[LevelRow], Facets]:
    """The rows that pass every filter, and the facet counts of each filter under the others."""
    def keep(row: LevelRow, skip: str) -> bool:
        return ((skip == "level" or level is None or (row.level or "unknown") == level)
                and (skip == "parent" or parent is None or row.parent == parent)
                and (skip == "status" or status is None or (row.verdict.status if row.verdict else "none") == status))

    facets = Facets(
        level=dict(Counter((r.level or "unknown") for r in rows if keep(r, "level"))),
        status=dict(Counter((r.verdict.status if r.verdict else "none") for r in rows if keep(r, "status"))),
        parent=dict(Counter(r.parent for r in rows if r.parent and keep(r, "parent")).most_common(30)),
    )
    return [r for r in rows if keep(r, "")], facets


def sort_rows(rows: list[LevelRow], by: str, descending: bool = False) -> list[LevelRow]:
    """Rows sorted by a column (`tree`: as `compare` orders them, parents before their children); rows
    without a value for it last, whichever the direction."""
    if by == "tree":
        return list(reversed(rows)) if descending else list(rows)

    def value(row: LevelRow) -> Any:
        v = row.verdict
        return {
            "region": row.region,
            "level": LEVEL_ORDER.get(row.level or "", 9),
            "target": number_in(row.target, row.measure),
            "result": number_in(v.result, row.measure) if v and v.result else None,
            "gap": v.gap if v else None,
            "escalation": row.escalation,
            "status": STATUSES.index(v.status) if v else None,
        }[by]

    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    return sorted(present, key=value, reverse=descending) + missing


def number_in(entry: Entry | None, measure: str) -> Decimal | None:
    """An entry's value in its base unit (万人 and 人 sort together), None when it is not a number."""
    if entry is None or entry.value is None or entry.op in ("sync", "qualitative"):
        return None
    unit = effective_unit(entry.unit, measure)
    base = factors().get(unit or "")
    return entry.value * base[1] if base else entry.value


# ---- the index and the series over the years ---------------------------------------------------------

@dataclasses.dataclass(slots=True)
class IndicatorCount:
    indicator: str
    governments: int  # with a target or a result of it
    years: int
    first: int | None
    last: int | None


def indicator_index(db: SessionOrDb) -> list[IndicatorCount]:
    """Every catalog indicator, in catalog order, with how many governments and years have it in the
    current versions of the documents (one grouped query through the (indicator, year) index; an
    indicator nobody states has zeros)."""
    region = BOOKS_REGION
    query = (select(FigureRow.indicator, func.count(region.distinct()), func.count(FigureRow.year.distinct()),
                    func.min(FigureRow.year), func.max(FigureRow.year))
             .join(DocumentRow, DocumentRow.id == FigureRow.doc_id)
             .where(FigureRow.indicator.in_(catalog_ids()), CURRENT).group_by(FigureRow.indicator))
    with session_scope(db) as session:
        found = {row[0]: IndicatorCount(*row) for row in session.execute(query)}
    return [found.get(i, IndicatorCount(i, 0, 0, None, None)) for i in catalog_ids()]


@dataclasses.dataclass(slots=True)
class YearSummary:
    year: int
    governments: int  # with a numeric target in the series' unit
    target: Decimal | None  # the median target
    results: int  # of them, how many have a result that is a value
    result: Decimal | None  # the median result


@dataclasses.dataclass(slots=True)
class IndicatorTrend:
    """The median target and result of the governments over the years, of one measure in one unit."""

    indicator: str
    measure: str
    unit: str | None
    years: list[YearSummary]


def indicator_trend(db: SessionOrDb, indicator: str, level: str | None = None) -> IndicatorTrend | None:
    """Per year, the median of the governments' targets of `indicator` and of their current results
    (`level`: of the governments of that level only), for the measure and unit most targets have; targets
    in another unit are converted, those that do not convert, bounds among results and sync or
    qualitative targets are left out. Reads that indicator alone, every year."""
    ledger = Ledger(store.figures(db, indicator=indicator))
    keys = ledger.target_keys()
    if level is not None:
        levels = levels_of(db, sorted({k.region for k in keys}))
        keys = [k for k in keys if (levels.get(k.region) or "unknown") == level]
    pairs = []
    for key in keys:
        target = ledger.target(key)
        if target is None or target.figure.value is None or target.figure.op in ("sync", "qualitative"):
            continue
        results = [r for r in ledger.results(key) if r.figure.value is not None and r.figure.op in ("eq", "approx")]
        pairs.append((key, Entry.of(target), Entry.of(results[-1]) if results else None))
    if not pairs:
        return None
    measure = Counter(k.measure for k, _, _ in pairs).most_common(1)[0][0]
    unit = Counter(effective_unit(t.unit, measure) for k, t, _ in pairs if k.measure == measure).most_common(1)[0][0]
    by_year: dict[int, tuple[list[Decimal], list[Decimal]]] = {}
    for key, target, result in pairs:
        if key.measure != measure:
            continue
        value = convert(target.value, effective_unit(target.unit, measure), unit)  # type: ignore[arg-type]
        if value is None:
            continue
        targets, results = by_year.setdefault(key.year, ([], []))
        targets.append(value)
        if result is not None and result.value is not None:
            reached = convert(result.value, effective_unit(result.unit, measure), unit)
            if reached is not None:
                results.append(reached)
    years = [YearSummary(y, len(t), _median(t), len(r), _median(r)) for y, (t, r) in sorted(by_year.items())]
    return IndicatorTrend(indicator, measure, unit, years)


def _median(values: list[Decimal]) -> Decimal | None:
    return statistics.median(values) if values else None

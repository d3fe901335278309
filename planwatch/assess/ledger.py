"""The figures of the books indexed by what they are about: (region, year, indicator, measure).

One place decides which of several statements of a target counts and in which order results supersede
each other, so that verdicts, annex tables and comparisons agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from planwatch.engine.catalog import catalog
from planwatch.models import MEASURES, FigureRecord

RESULT_KINDS = ("actual", "estimate")
# Qualifiers of a stretch goal: when a plan states a target twice (6%左右, 力争7%), the other one counts.
STRETCH_QUALIFIERS = ("力争", "争取", "努力")


class Key(NamedTuple):
    region: str
    year: int
    indicator: str
    measure: str


def region_of(record: FigureRecord) -> str | None:
    """The figure's own region, else its document's."""
    return record.figure.region or record.region


def key_of(record: FigureRecord) -> Key | None:
    region, f = region_of(record), record.figure
    if region is None or f.year is None or f.indicator not in catalog():
        return None
    return Key(region, f.year, f.indicator, f.measure)


def publication(record: FigureRecord) -> tuple[dt.date, int]:
    """When the figure's document appeared: its date, else early in the year it plans (reports on a
    year's plan appear at the start of the next), then the order documents were stored in."""
    date = record.published
    if date is None:
        year = record.plan_year or ((record.review_year + 1) if record.review_year else None)
        date = dt.date(year, 1, 1) if year else dt.date.max
    return date, record.doc_id


def target_preference(record: FigureRecord, direction: str) -> tuple:
    """Sort key, best first, among statements of one target: the plan document of that year, then text
    over tables, first statements over restatements, the bound that matters of a range (a floor's lower
    bound), the earliest publication, a stated target over a stretch goal, then position in the document."""
    f = record.figure
    wrong_bound = f.range and (f.op in ("le", "lt")) != (direction == "lower")
    stretch = any(word in (f.qualifier or "") for word in STRETCH_QUALIFIERS)
    return (
        record.plan_year != f.year,
        f.source == "table",
        f.restated,
        wrong_bound,
        publication(record),
        stretch,
        f.start,
        record.id,
    )


def is_forecast(record: FigureRecord) -> bool:
    """A result of the very year its document plans (and does not review) is a forecast made while
    planning, not a result: results are published after their year."""
    year = record.figure.year
    return record.plan_year == year and record.review_year != year


# How the books choose among the results of one key, each criterion by name, in order of weight; on each
# criterion the higher value wins (the last in supersession order is current).
RESULT_RULE: tuple[tuple[str, Callable[[FigureRecord], Any]], ...] = (
    ("final", lambda r: r.figure.kind == "actual"),
    ("later", publication),
    ("exact", lambda r: r.figure.op == "eq"),
    ("text", lambda r: r.figure.source != "table"),
    ("headline", lambda r: -r.figure.start),
    ("stored_first", lambda r: -r.id),
)
# What each criterion says, and why a result that ranks higher can still lose (it does not decide).
REASONS = {
    "final": "a final figure over a 预计 estimate",
    "later": "a later publication",
    "exact": "an exact figure over 左右 or a bound",
    "text": "text over a table",
    "headline": "the first statement in its document (the headline)",
    "stored_first": "the document stored first",
    "decides": "it decides the verdict, the other is a bound that does not",
}


def supersession(record: FigureRecord) -> tuple:
    """Sort key, last wins, among results: `RESULT_RULE`'s criteria in order."""
    return tuple(criterion(record) for _, criterion in RESULT_RULE)


def why_chosen(chosen: tuple, other: tuple) -> str | None:
    """The name of the criterion of `RESULT_RULE` by which the result ranked `chosen` beats the one ranked
    `other` (both `supersession` keys), None when it does not."""
    for (name, _), a, b in zip(RESULT_RULE, chosen, other):
        if a != b:
            return name if a > b else None
    return None


class Ledger:
    """Targets and results by key, the reports that cover a year, and each region's parent.

    `reviews` adds (region, year) pairs of documents that review a year, for a caller that passes only some
    of the records (a database query narrowed to one region or year) and must not lose a report that holds
    none of them.
    """

    def __init__(self, records: Iterable[FigureRecord], reviews: Iterable[tuple[str, int]] = ()):
        self.records = list(records)
        self._targets: dict[Key, list[FigureRecord]] = defaultdict(list)
        self._results: dict[Key, list[FigureRecord]] = defaultdict(list)
        self._measures: dict[tuple[str, int, str], set[str]] = defaultdict(set)  # of results
        self._reviews: set[tuple[str, int]] = set(reviews)
        self._parents: dict[str, Counter[str]] = defaultdict(Counter)
        for r in self.records:
            if r.region and r.review_year is not None:
                self._reviews.add((r.region, r.review_year))
            if r.region and r.parent:
                self._parents[r.region][r.parent] += 1
            key = key_of(r)
            if key is None:
                continue
            if r.figure.kind == "target":
                self._targets[key].append(r)
            elif r.figure.kind in RESULT_KINDS and not is_forecast(r):
                self._results[key].append(r)
                self._measures[key[:3]].add(key.measure)
                self._reviews.add((key.region, key.year))

    def target_keys(self) -> list[Key]:
        """Every key that has a target, in a stable order: region, year, catalog, measure."""
        order = {ident: n for n, ident in enumerate(catalog())}
        return sorted(self._targets, key=lambda k: (k.region, k.year, order[k.indicator], MEASURES.index(k.measure)
                                                    if k.measure in MEASURES else len(MEASURES)))

    def result_keys(self) -> list[Key]:
        """Every key that has a result (with or without a target)."""
        return list(self._results)

    def all_targets(self, region: str | None = None, year: int | None = None) -> list[FigureRecord]:
        """Every target statement, of one region and year when given."""
        return [r for k, rs in self._targets.items()
                if (region is None or k.region == region) and (year is None or k.year == year) for r in rs]

    def targets(self, key: Key) -> list[FigureRecord]:
        """Every statement of the target `key`, the one that counts first."""
        direction = catalog()[key.indicator].direction
        return sorted(self._targets.get(key, ()), key=lambda r: target_preference(r, direction))

    def target(self, key: Key) -> FigureRecord | None:
        found = self.targets(key)
        return found[0] if found else None

    def binding_target(self, key: Key) -> FigureRecord | None:
        """The target of `key`, else the target of the joint indicator it is part of (a joint income
        target binds urban and rural income alike)."""
        found = self.target(key)
        if found is None:
            joint = next((i.id for i in catalog().values() if key.indicator in i.parts), None)
            if joint is not None:
                found = self.target(key._replace(indicator=joint))
        return found

    def results(self, key: Key) -> list[FigureRecord]:
        """Every result of `key`, superseded first: the last one is current."""
        return sorted(self._results.get(key, ()), key=supersession)

    def results_any_measure(self, region: str, year: int, indicator: str) -> list[FigureRecord]:
        measures = self._measures.get((region, year, indicator), ())
        found = [r for m in measures for r in self._results[Key(region, year, indicator, m)]]
        return sorted(found, key=supersession)

    def covered(self, region: str, year: int) -> bool:
        """Has a report on `year` of `region` been published: a document of the region reviewing that
        year, or any result of that year?"""
        return (region, year) in self._reviews

    def parent(self, region: str) -> str | None:
        """The region above, as the region's own documents state it (the most frequent statement)."""
        seen = self._parents.get(region)
        return seen.most_common(1)[0][0] if seen else None

    def regions(self) -> list[str]:
        return sorted({k.region for k in self._targets} | {k.region for k in self._results})

"""What looks wrong in the books: the first thing to read after an ingest.

`check(ledger, documents)` lists findings of four kinds, most telling first:

- `unplaced`: a document whose region or year is unknown — its figures are in no one's books;
- `conflict`: one region, year, indicator, measure and kind with different values (after unit
  conversion) in the current documents — the books choose one by their rule, an analyst should know; a
  result's bound that the stated value meets (突破5万亿元 beside 5.2万亿元) is no conflict, one it breaks is;
- `implausible`: an annual growth result far from what the same region's target and other years suggest,
  or outside what any economy's annual growth can be — often a five-year change read as a year's;
- `missing_result`: a target of year N without any result (of its measure) although a report on year N of
  the same region is stored, and that report names the indicator with a number in its review — most often
  a figure the engine missed;
- `unreported`: the same, but the report's review of year N never names the indicator with a number — the
  government did not say how it did (told apart only when the caller gives `named`, see
  `planwatch.engine.mentions`).

Pure, like the rest of `planwatch.assess`: the caller reads the ledger and the documents from the store.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from planwatch.assess.bounds import CAP_OPS, FLOOR_OPS, Span, holds
from planwatch.assess.ledger import Key, Ledger
from planwatch.assess.rows import Entry, Rows, format_decimal
from planwatch.assess.units import convert, effective_unit
from planwatch.assess.verdicts import Verdict, judge
from planwatch.models import FigureRecord

KINDS = ("unplaced", "conflict", "implausible", "missing_result", "unreported")

# Annual growth outside this band (in %) is implausible for any region's year.
GROWTH_BAND = (Decimal(-30), Decimal(40))
# An annual growth this many points from the region's target, or from the median of its other years.
GROWTH_DEVIATION = Decimal(10)
_SIGNS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """A document as the check sees it: enough to say which one, and whether it is placed."""

    doc_id: int
    name: str
    region: str | None
    plan_year: int | None
    review_year: int | None


@dataclass(slots=True)
class Finding:
    kind: str  # one of KINDS
    message: str  # one line, for people
    region: str | None = None
    year: int | None = None
    indicator: str | None = None
    measure: str | None = None
    doc: str | None = None
    figures: list[Entry] = field(default_factory=list)

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "region": self.region, "year": self.year,
                "indicator": self.indicator, "measure": self.measure, "doc": self.doc,
                "figures": [f.to_dict(exact) for f in self.figures]}


def check(ledger: Ledger, documents: Iterable[DocumentEntry], verdicts: Iterable[Verdict] | None = None,
          named: Callable[[Key], bool | None] | None = None) -> Rows[Finding]:
    """Every finding, by kind (in the order of `KINDS`), then region and year. `named(key)` says whether the
    reports on the key's year name its indicator in their review (None: no such report to read)."""
    judged = list(verdicts) if verdicts is not None else [judge(ledger, k) for k in ledger.target_keys()]
    documents = list(documents)
    findings = [*_unplaced(documents), *_conflicts(ledger), *_implausible(ledger, judged),
                *_missing_results(ledger, judged, named)]
    order = {k: n for n, k in enumerate(KINDS)}
    findings.sort(key=lambda f: (order[f.kind], f.region or "", f.year or 0, f.indicator or "", f.measure or ""))
    return Rows(findings)


def _unplaced(documents: Sequence[DocumentEntry]) -> Iterable[Finding]:
    for d in documents:
        missing = [what for what, value in (("region", d.region),
                                            ("year", d.plan_year or d.review_year)) if value is None]
        if missing:
            yield Finding("unplaced", f"{d.name}: {' and '.join(missing)} unknown, its figures are in no "
                          f"region's books (correct the document's facts)", region=d.region,
                          year=d.plan_year or d.review_year, doc=d.name)


def _value(record: FigureRecord, unit: str | None, measure: str) -> Decimal | None:
    f = record.figure
    if f.value is None or f.op in ("sync", "qualitative"):
        return None
    return convert(f.value, effective_unit(f.unit, measure), unit)


def _conflicts(ledger: Ledger) -> Iterable[Finding]:
    for key in sorted(set(ledger.result_keys()), key=lambda k: (k.region, k.year, k.indicator, k.measure)):
        by_kind: dict[str, list[FigureRecord]] = defaultdict(list)
        for r in ledger.results(key):
            by_kind[r.figure.kind].append(r)
        for kind, records in by_kind.items():
            yield from _conflict(key, kind, records)
    for key in ledger.target_keys():
        # the two bounds of a range, and a stretch goal beside a target, are not conflicts
        stated = [r for r in ledger.targets(key) if not r.figure.range and not r.figure.restated]
        plain = [r for r in stated if not (r.figure.qualifier or "").startswith(("力争", "争取", "努力"))]
        yield from _conflict(key, "target", plain)


def _conflict(key: Key, kind: str, records: Sequence[FigureRecord]) -> Iterable[Finding]:
    """Different values stated of one key. A result stated as a bound (突破5万亿元, 连续8年稳定在1300亿斤以上)
    conflicts only with a value it does not hold of; a target's bound is the target itself."""
    if len(records) < 2:
        return
    unit = effective_unit(records[0].figure.unit, key.measure)
    values: dict[Decimal, FigureRecord] = {}
    bounds: list[tuple[str, Decimal, FigureRecord]] = []
    for r in records:
        value = _value(r, unit, key.measure)
        if value is None:
            continue
        if kind != "target" and r.figure.op in FLOOR_OPS + CAP_OPS:
            bounds.append((r.figure.op, value.normalize(), r))
        else:
            values.setdefault(value.normalize(), r)
    broken = [(op, b, r) for op, b, r in bounds if any(not holds(Span.of(b, op), v) for v in values)]
    if len(values) > 1 or broken:
        said = " / ".join([f"{format_decimal(v)}{unit or ''}" for v in values]
                          + [f"{_SIGNS[op]}{format_decimal(b)}{unit or ''}" for op, b, _ in broken])
        yield Finding("conflict", f"{key.region} {key.year} {key.indicator} {key.measure} ({kind}): {said}",
                      *key, figures=[Entry.of(r) for r in [*values.values(), *(r for _, _, r in broken)]])


def _implausible(ledger: Ledger, verdicts: Sequence[Verdict]) -> Iterable[Finding]:
    targets = {v.key: v for v in verdicts}
    by_series: dict[tuple[str, str], dict[int, Decimal]] = defaultdict(dict)
    current: dict[Key, FigureRecord] = {}
    for key in ledger.result_keys():
        if key.measure != "growth":
            continue
        results = [r for r in ledger.results(key) if _value(r, "%", "growth") is not None]
        if results:
            current[key] = results[-1]
            by_series[(key.region, key.indicator)][key.year] = _value(results[-1], "%", "growth")  # type: ignore
    for key, record in sorted(current.items(), key=lambda kv: kv[0]):
        value = by_series[(key.region, key.indicator)][key.year]
        reasons = []
        if not GROWTH_BAND[0] <= value <= GROWTH_BAND[1]:
            reasons.append(f"outside {GROWTH_BAND[0]}…{GROWTH_BAND[1]}% for a year")
        verdict = targets.get(key)
        if verdict is not None and verdict.target.value is not None and verdict.target.op not in ("sync",):
            target = convert(verdict.target.value, effective_unit(verdict.target.unit, "growth"), "%")
            if target is not None and abs(value - target) > GROWTH_DEVIATION:
                reasons.append(f"{format_decimal(abs(value - target))} points from its target "
                               f"{format_decimal(target)}%")
        others = [v for y, v in by_series[(key.region, key.indicator)].items() if y != key.year]
        if len(others) >= 2:
            median = Decimal(statistics.median(others))
            if abs(value - median) > GROWTH_DEVIATION:
                reasons.append(f"{format_decimal(abs(value - median))} points from its other years' "
                               f"median {format_decimal(median)}%")
        if reasons:
            yield Finding("implausible", f"{key.region} {key.year} {key.indicator} growth "
                          f"{format_decimal(value)}%: {'; '.join(reasons)}", *key, doc=record.doc_name,
                          figures=[Entry.of(record)])


def _missing_results(ledger: Ledger, verdicts: Sequence[Verdict],
                     named: Callable[[Key], bool | None] | None) -> Iterable[Finding]:
    for v in verdicts:
        if v.status != "not_reported" or ledger.results(v.key):
            continue  # a result that cannot be compared (3770人 against 完成就业任务) was not missed
        if named is not None and named(v.key) is False:
            yield Finding("unreported", f"{v.region} {v.year} {v.indicator} {v.measure}: a target "
                          f"({v.target.quote}); the report on {v.year} does not name it in its review",
                          *v.key, doc=v.target.doc, figures=[v.target])
        else:
            yield Finding("missing_result", f"{v.region} {v.year} {v.indicator} {v.measure}: a target "
                          f"({v.target.quote}) and a report on {v.year} naming it, but no result found in it",
                          *v.key, doc=v.target.doc, figures=[v.target])

"""Target → result links and verdicts: met / missed / not_reported / pending.

For each target (region, year, indicator, measure) the results of that year are found, the current one
chosen (a final figure supersedes a preliminary one, a later publication an earlier one) and compared:

- `met` / `missed`: a comparable result decides; `provisional` when it rests on a 预计 estimate;
- `not_reported`: a report on that year exists (a document of the region reviewing it, or any result of
  that year) but gives no comparable figure;
- `pending`: nothing on that year's results has been published yet.

`sync` targets (与经济增长同步) compare the growth with the same region's GDP growth that year; an
indicator with `parts` in the catalog (joint income) is met only when every part is. Qualitative targets
(完成上级下达的目标任务) are met by a qualitative result saying so; one asking the indicator to grow
(进出口稳中提质, 固定资产投资平稳增长: `steady_growth` in the grammar) is met by a growth above zero and
missed by a fall, when no qualitative result says it was done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from planwatch.assess.bounds import Bound, Span, Threshold, reached, threshold
from planwatch.assess.ledger import REASONS, Key, Ledger, supersession, why_chosen
from planwatch.assess.rows import Entry, Rows, number
from planwatch.assess.units import convert, effective_unit
from planwatch.engine.catalog import catalog
from planwatch.engine.grammar import grammar
from planwatch.models import FigureRecord

STATUSES = ("met", "missed", "not_reported", "pending")
# The indicator and measure a sync target keeps step with.
SYNC_BASIS = ("gdp", "growth")
# Results of a year are reported to the people's congresses that meet from January to March of the next.
REPORT_DUE = (3, 31)


def report_due(year: int) -> dt.date:
    """The day by which the report on `year` has been given: a `pending` verdict past it lacks a report
    that exists somewhere (not stored here) rather than one nobody could have published yet."""
    return dt.date(year + 1, *REPORT_DUE)


@dataclass(frozen=True, slots=True)
class Step:
    """One result in a verdict's history, with the verdict it gives on its own."""

    entry: Entry
    status: str | None  # met / missed, or None when the result is a bound that does not decide
    gap: Decimal | None  # result − target, in the target's unit
    current: bool = False
    rank: tuple = ()  # its place among the results (`ledger.supersession`)
    why_not: str | None = None  # an alternative: why the current result was chosen over it (`REASONS`)

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        d = self.entry.to_dict(exact)
        d.update(
            indicator=self.entry.indicator,
            published=self.entry.published.isoformat() if self.entry.published else None,
            status=self.status,
            gap=number(self.gap, exact),
            current=self.current,
        )
        return d


@dataclass(slots=True)
class Verdict:
    """A target, the result it is judged by, and the judgment."""

    region: str
    year: int
    indicator: str
    measure: str
    status: str  # one of STATUSES
    provisional: bool
    gap: Decimal | None  # result − target (sync: − GDP growth), in the target's unit
    target: Entry
    result: Entry | None
    history: list[Step] = field(default_factory=list)  # every comparable result, superseded first
    # other results of the key with another value than the current one, each with why it was not chosen
    basis: Entry | None = None  # sync: the GDP growth result the target stands for
    parts: dict[str, Entry] = field(default_factory=dict)  # joint indicator: each part's result

    @property
    def key(self) -> Key:
        return Key(self.region, self.year, self.indicator, self.measure)

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        """The scorecard row; values as JSON numbers, or as `Decimal`s when `exact`."""
        target = self.target.to_dict(exact)
        if self.basis is not None:
            target["basis"] = self.basis.to_dict(exact)
        result = self.result.to_dict(exact) if self.result else None
        if result is not None and self.parts:
            result["parts"] = {k: v.to_dict(exact) for k, v in self.parts.items()}
        return {
            "region": self.region,
            "year": self.year,
            "indicator": self.indicator,
            "measure": self.measure,
            "status": self.status,
            "provisional": self.provisional,
            "gap": number(self.gap, exact),
            "target": target,
            "result": result,
            "history": [s.to_dict(exact) for s in self.history],
            "alternatives": [{**s.to_dict(exact), "why_not": REASONS.get(s.why_not or "")}
                             for s in self.alternatives],
        }

    @property
    def alternatives(self) -> list[Step]:
        """The results not judged by whose value differs from the current result's: what an analyst
        should see beside the verdict (an annual 5.8% beside a five-year 33.6%)."""
        current = self.result
        if current is None:
            return []
        return [s for s in self.history if not s.current
                and (s.entry.value, s.entry.op, s.entry.unit) != (current.value, current.op, current.unit)]


def verdicts(records: Iterable[FigureRecord] | Ledger, tolerance: Decimal | int | str = 0) -> Rows[Verdict]:
    """One verdict per target key of `records`, ordered by region, year and catalog order."""
    ledger = records if isinstance(records, Ledger) else Ledger(records)
    tol = Decimal(tolerance)
    return Rows(judge(ledger, key, tol) for key in ledger.target_keys())


@dataclass(frozen=True, slots=True)
class _Measuring:
    """What results are compared with: the target's threshold, in `unit`, or a sync basis."""

    threshold: Threshold
    unit: str | None
    tolerance: Decimal
    basis: Span | None = None


def judge(ledger: Ledger, key: Key, tolerance: Decimal = Decimal(0)) -> Verdict:
    """The verdict on the target `key` (which must have a target in `ledger`)."""
    record = ledger.target(key)
    if record is None:
        raise KeyError(f"no target for {key}")
    target = Entry.of(record)
    entry = catalog()[key.indicator]
    verdict = Verdict(*key, status="pending", provisional=False, gap=None, target=target, result=None)

    if target.op == "qualitative" or (target.value is None and entry.qualitative):
        return _qualitative(ledger, verdict, tolerance)

    if target.op == "sync":
        basis = _current(ledger.results(Key(key.region, key.year, *SYNC_BASIS)))
        if basis is None:
            return _silent(ledger, verdict)
        verdict.basis = Entry.of(basis)
        growth = basis.figure.value
        assert growth is not None  # _current keeps results with a value
        measuring = _Measuring(
            Threshold(Bound.FLOOR, growth),
            effective_unit(basis.figure.unit, SYNC_BASIS[1]),
            tolerance,
            Span.of(growth, basis.figure.op),
        )
    elif target.value is None:
        return _silent(ledger, verdict)
    else:
        measuring = _Measuring(
            threshold(target.value, target.op, entry.direction),
            effective_unit(target.unit, key.measure),
            tolerance,
        )

    direct = _steps(ledger.results(key), key.measure, measuring)
    if direct:
        _decide(verdict, direct)
    elif entry.parts:
        _decide_joint(ledger, verdict, entry.parts, measuring)
    else:
        return _silent(ledger, verdict)
    if verdict.status not in ("met", "missed"):
        verdict.status = _no_result(ledger, key)
    verdict.provisional = verdict.status in ("met", "missed") and (
        (verdict.result is not None and verdict.result.provisional)
        or any(p.provisional for p in verdict.parts.values())
        or (verdict.basis is not None and verdict.basis.provisional)
    )
    return verdict


def _no_result(ledger: Ledger, key: Key) -> str:
    return "not_reported" if ledger.covered(key.region, key.year) else "pending"


def _silent(ledger: Ledger, verdict: Verdict) -> Verdict:
    verdict.status = _no_result(ledger, verdict.key)
    return verdict


# A target asking for growth: met by a growth above zero.
_GROWTH = _Measuring(Threshold(Bound.FLOOR, Decimal(0), strict=True), "%", Decimal(0))


def _qualitative(ledger: Ledger, verdict: Verdict, tolerance: Decimal) -> Verdict:
    said = [r for r in ledger.results_any_measure(verdict.region, verdict.year, verdict.indicator)
            if r.figure.op == "qualitative"]
    if not said:
        if verdict.measure == "growth" and grammar().steady_growth.search(verdict.target.quote):
            steps = _steps(ledger.results(verdict.key), "growth", replace(_GROWTH, tolerance=tolerance))
            if steps:
                _decide(verdict, steps)
                verdict.provisional = verdict.status in ("met", "missed") and verdict.result.provisional
                return verdict
        return _silent(ledger, verdict)
    verdict.history = [Step(Entry.of(r), "met", None, current=(r is said[-1])) for r in said]
    verdict.result = verdict.history[-1].entry
    verdict.status = "met"
    verdict.provisional = verdict.result.provisional
    return verdict


def _current(results: list[FigureRecord]) -> FigureRecord | None:
    """The latest result with a value (`results` are in supersession order)."""
    with_value = [r for r in results if r.figure.value is not None and r.figure.op not in ("sync", "qualitative")]
    return with_value[-1] if with_value else None


def _steps(results: list[FigureRecord], measure: str, measuring: _Measuring) -> list[Step]:
    """Each comparable result judged on its own, superseded first, repetitions dropped."""
    judged: dict[tuple, Step] = {}
    for r in results:
        f = r.figure
        if f.value is None or f.op in ("sync", "qualitative"):
            continue
        value = convert(f.value, effective_unit(f.unit, measure), measuring.unit)
        if value is None:
            continue
        ok = reached(Span.of(value, f.op), measuring.threshold, measuring.tolerance, measuring.basis)
        status = None if ok is None else ("met" if ok else "missed")
        gap = value - measuring.threshold.value
        # the same figure stated twice in one document (text and annex table) is one result
        judged[(r.doc_id, f.indicator, value, f.op)] = Step(Entry.of(r), status, gap, rank=supersession(r))
    return list(judged.values())


def _deciding(steps: list[Step]) -> Step | None:
    """The current result: the last (in supersession order) that decides, else the last."""
    deciding = [s for s in steps if s.status is not None]
    return (deciding or steps)[-1] if steps else None


def _decide(verdict: Verdict, steps: list[Step]) -> None:
    current = _deciding(steps)
    assert current is not None
    verdict.history = [_ranked(s, current) for s in steps]
    verdict.result = current.entry
    verdict.gap = current.gap
    verdict.status = current.status or "not_reported"


def _ranked(step: Step, current: Step | None) -> Step:
    """`step` in a verdict's history: current, or an alternative with why `current` was chosen over it."""
    if step is current:
        return replace(step, current=True)
    why = None
    if current is not None:
        why = why_chosen(current.rank, step.rank) or ("decides" if step.status is None else None)
    return replace(step, why_not=why)


def _decide_joint(ledger: Ledger, verdict: Verdict, parts: tuple[str, ...], measuring: _Measuring) -> None:
    """A joint indicator without a joint result: met when every part is met, missed when any is missed."""
    current: dict[str, Step] = {}
    history: list[Step] = []
    for part in parts:
        steps = _steps(ledger.results(Key(verdict.region, verdict.year, part, verdict.measure)),
                       verdict.measure, measuring)
        chosen = _deciding(steps)
        if chosen is not None:
            current[part] = chosen
        history += [_ranked(s, chosen) for s in steps]
    verdict.history = history
    if not current:
        verdict.status = "not_reported"
        return
    verdict.parts = {p: s.entry for p, s in current.items()}
    statuses = {s.status for s in current.values()}
    if "missed" in statuses:
        verdict.status = "missed"
        pool = [s for s in current.values() if s.status == "missed"]
    elif statuses == {"met"} and len(current) == len(parts):
        verdict.status = "met"
        pool = list(current.values())
    else:
        verdict.status = "not_reported"
        pool = list(current.values())
    # the part that decides is the one furthest behind
    sign = 1 if measuring.threshold.bound is Bound.FLOOR else -1
    weakest = min(pool, key=lambda s: sign * (s.gap or 0))
    verdict.result = weakest.entry
    verdict.gap = weakest.gap

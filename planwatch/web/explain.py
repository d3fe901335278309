"""Verdicts that explain themselves: the gap with its unit, the rule that decided (左右 is a floor with
tolerance 0; 同步 means growth ≥ GDP growth, with both numbers), whether it rests on a preliminary figure,
and a `pending` verdict said as 待公布 only while the next year's report cannot exist yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planwatch.assess import Verdict
from planwatch.assess.bounds import Bound, threshold
from planwatch.assess.rows import Entry, format_decimal
from planwatch.assess.units import effective_unit
from planwatch.assess.verdicts import report_due
from planwatch.assess.wording import difference_phrase, entry_phrase
from planwatch.engine.catalog import catalog
from planwatch.web.i18n import Translate


def status_key(status: str | None, year: int | None, today: dt.date | None = None) -> str:
    """The word of a status: `pending` past the day the next year's report is due is `missing_report`."""
    if status == "pending" and year is not None and (today or dt.date.today()) > report_due(year):
        return "missing_report"
    return status or ""


@dataclass(frozen=True, slots=True)
class Explanation:
    status: str  # the status word's key (missing_report for a pending verdict whose report is overdue)
    gap: str  # +0.7个百分点
    rule: str  # the sentence that says how the verdict was reached
    provisional: str  # what the verdict rests on when it is preliminary (预计数, 初步核算数), else ""
    alternatives: tuple[str, ...] = ()  # the other results the books did not judge by, each with why


def explain(v: Verdict, t: Translate, tolerance: str = "0", today: dt.date | None = None) -> Explanation:
    status = status_key(v.status, v.year, today)
    return Explanation(status, difference_phrase(v.gap, v.target.unit, v.measure), _rule(v, status, t, tolerance),
                       _provisional(v, t), _alternatives(v, t))


def _alternatives(v: Verdict, t: Translate) -> tuple[str, ...]:
    """Each other result: its value, where it is said, and the criterion the current one won by."""
    return tuple(t("alternative", value=entry_phrase(s.entry, v.measure), quote=s.entry.quote,
                   why=t(f"why_not_{s.why_not}") if s.why_not else "")
                 for s in v.alternatives)


def _rule(v: Verdict, status: str, t: Translate, tolerance: str) -> str:
    target = entry_phrase(v.target, v.measure)
    if v.status == "pending":
        return t(f"rule_{status}", year=v.year + 1, region=v.region)
    if v.status == "not_reported" and v.result is None:
        return t("rule_not_reported", year=v.year)
    if v.target.op == "qualitative":
        return t("rule_qualitative")
    result = entry_phrase(v.result, v.measure)
    if v.target.op == "sync":
        basis = entry_phrase(v.basis, "growth") if v.basis is not None else ""
        return t("rule_sync", result=result, basis=basis)
    if v.target.value is None:
        return ""
    entry = catalog()[v.indicator]
    bound = threshold(v.target.value, v.target.op, entry.direction)
    key = "rule_floor" if bound.bound is Bound.FLOOR else "rule_cap"
    sentence = t(key, target=target, value=format_decimal(bound.value) + (_unit(v.target, v.measure)),
                 tolerance=tolerance, result=result)
    if v.parts and v.result is not None:
        sentence += t("rule_parts", parts="、".join(entry_phrase(p, v.measure) for p in v.parts.values()))
    if v.status == "not_reported":
        sentence += t("rule_straddles")
    return sentence


def _unit(entry: Entry, measure: str) -> str:
    return effective_unit(entry.unit, measure) or ""


def _provisional(v: Verdict, t: Translate) -> str:
    if not v.provisional:
        return ""
    basis = next((e for e in (v.result, *v.parts.values(), v.basis) if e is not None and e.provisional), None)
    preliminary = basis is not None and "初步" in (basis.qualifier or "")
    return t("provisional_preliminary") if preliminary else t("provisional_estimate")

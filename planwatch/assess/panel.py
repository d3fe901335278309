"""The panel: targets and results as a research dataset (region × year × indicator × measure).

Economists code growth targets from work reports into panels to study target setting. A panel row is a
scorecard verdict laid flat, with what a regression needs beside it: the region's code, level and parent,
the target's comparator and range bounds, the result in the target's unit, and the documents (by content
hash) and engine version the row rests on, so that a dataset can be cited and rebuilt. Keys with a result
but no target are rows too (their verdict is empty): a result series without targets is still a series.

`panel_rows` is pure, like the rest of `planwatch.assess`; `widen` turns long rows into one row per
region × year with columns per indicator (`gdp_growth_target`, `gdp_growth_op`, …) for Stata and R.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from planwatch.assess.ledger import Key, Ledger
from planwatch.assess.units import convert, effective_unit
from planwatch.assess.verdicts import Verdict, judge
from planwatch.engine.catalog import catalog
from planwatch.models import FigureRecord


@dataclass(frozen=True, slots=True)
class Place:
    """What the panel says of a region besides its name."""

    code: str | None = None
    level: str | None = None  # province / city / county
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Provenance:
    """What a document contributes to a row: its content hash and the engine that read it."""

    sha256: str
    engine_version: str


@dataclass(frozen=True, slots=True)
class PanelRow:
    region_code: str | None
    region: str
    level: str | None
    parent: str | None
    year: int
    indicator: str
    indicator_name: str
    measure: str
    unit: str | None
    target: Decimal | None
    target_op: str | None
    target_low: Decimal | None  # a range's bounds (6%—6.5%), else the target's own value for each
    target_high: Decimal | None
    target_qualifier: str | None
    target_quote: str | None
    target_doc: str | None
    target_sha256: str | None
    result: Decimal | None  # in `unit`
    result_op: str | None
    result_kind: str | None  # actual / estimate (预计)
    result_quote: str | None
    result_doc: str | None
    result_sha256: str | None
    verdict: str | None  # met / missed / not_reported / pending; None without a target
    gap: Decimal | None  # result − target, in `unit`
    provisional: bool | None
    engine_version: str | None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


COLUMNS = tuple(f.name for f in fields(PanelRow))

# Variable labels, Chinese then English: Stata keeps them beside the short names (≤ 80 characters).
LABELS: dict[str, str] = {
    "region_code": "行政区划代码 GB/T 2260 code",
    "region": "地区 region",
    "level": "层级 level (province/city/county)",
    "parent": "上级地区 parent region",
    "year": "年份 year",
    "indicator": "指标代码 indicator id",
    "indicator_name": "指标 indicator",
    "measure": "口径 measure (growth/level/change_pp)",
    "unit": "单位 unit",
    "target": "目标值 target value",
    "target_op": "目标比较词 target comparator",
    "target_low": "目标下限 target lower bound",
    "target_high": "目标上限 target upper bound",
    "target_qualifier": "目标限定词 qualifier (力争/确保)",
    "target_quote": "目标原文 target quote",
    "target_doc": "目标文件 target document",
    "target_sha256": "目标文件哈希 target document sha256",
    "result": "完成值 result (in unit)",
    "result_op": "完成值比较词 result comparator",
    "result_kind": "完成值类型 result kind (actual/estimate)",
    "result_quote": "完成情况原文 result quote",
    "result_doc": "完成情况文件 result document",
    "result_sha256": "完成情况文件哈希 result document sha256",
    "verdict": "判定 verdict",
    "gap": "差距 gap (result - target)",
    "provisional": "预计值判定 provisional (on an estimate)",
    "engine_version": "抽取引擎版本 engine version",
}


def panel_rows(ledger: Ledger, places: Mapping[str, Place], documents: Mapping[int, Provenance], *,
               verdicts: Iterable[Verdict] | None = None) -> list[PanelRow]:
    """One row per key of `ledger` with a target (its verdict) or a result (verdict empty).

    `verdicts` may be given when the caller already judged the ledger (a tolerance other than 0);
    `places` gives each region's code, level and parent; `documents` each document id's provenance."""
    by_key = {v.key: v for v in (verdicts if verdicts is not None else
                                 (judge(ledger, key) for key in ledger.target_keys()))}
    records = {r.id: r for r in ledger.records}
    rows = [_row(key, by_key.get(key), ledger, records, places, documents)
            for key in sorted(set(by_key) | set(ledger.result_keys()), key=_order)]
    return rows


def _order(key: Key) -> tuple:
    return key.region, key.year, catalog()[key.indicator].position, key.measure


def _row(key: Key, verdict: Verdict | None, ledger: Ledger, records: Mapping[int, FigureRecord],
         places: Mapping[str, Place], documents: Mapping[int, Provenance]) -> PanelRow:
    place = places.get(key.region, Place())
    target = records.get(verdict.target.figure_id) if verdict and verdict.target.figure_id is not None else None
    if verdict is not None:
        result_id = verdict.result.figure_id if verdict.result else None
    else:
        current = ledger.results(key)
        result_id = current[-1].id if current else None
    result = records.get(result_id) if result_id is not None else None
    unit = effective_unit(target.figure.unit, key.measure) if target else \
        effective_unit(result.figure.unit, key.measure) if result else None
    low, high = _bounds(target, ledger.targets(key)) if target else (None, None)
    target_doc = documents.get(target.doc_id) if target else None
    result_doc = documents.get(result.doc_id) if result else None
    versions = {d.engine_version for d in (target_doc, result_doc) if d is not None}
    return PanelRow(
        region_code=place.code, region=key.region, level=place.level, parent=place.parent, year=key.year,
        indicator=key.indicator, indicator_name=catalog()[key.indicator].name, measure=key.measure, unit=unit,
        target=target.figure.value if target else None,
        target_op=target.figure.op if target else None,
        target_low=low, target_high=high,
        target_qualifier=target.figure.qualifier if target else None,
        target_quote=target.figure.quote if target else None,
        target_doc=target.doc_name if target else None,
        target_sha256=target_doc.sha256 if target_doc else None,
        result=_in_unit(result, key.measure, unit),
        result_op=result.figure.op if result else None,
        result_kind=result.figure.kind if result else None,
        result_quote=result.figure.quote if result else None,
        result_doc=result.doc_name if result else None,
        result_sha256=result_doc.sha256 if result_doc else None,
        verdict=verdict.status if verdict else None,
        gap=verdict.gap if verdict else None,
        provisional=verdict.provisional if verdict else None,
        engine_version=" ".join(sorted(versions)) or None,
    )


def _in_unit(record: FigureRecord | None, measure: str, unit: str | None) -> Decimal | None:
    if record is None or record.figure.value is None:
        return None
    value = record.figure.value
    return convert(value, effective_unit(record.figure.unit, measure), unit) if unit else value


def _bounds(target: FigureRecord, statements: Sequence[FigureRecord]) -> tuple[Decimal | None, Decimal | None]:
    """The target's lower and upper bound: a range's two statements in the same document, else the value
    for the side its comparator binds (左右 and a plain figure bind both)."""
    f = target.figure
    if f.range:
        pair = [s.figure for s in statements if s.doc_id == target.doc_id and s.figure.range
                and s.figure.start == f.start and s.figure.end == f.end]
        low = next((p.value for p in pair if p.op in ("ge", "gt")), None)
        high = next((p.value for p in pair if p.op in ("le", "lt")), None)
        return low, high
    if f.op in ("ge", "gt"):
        return f.value, None
    if f.op in ("le", "lt"):
        return None, f.value
    return f.value, f.value


def widen(rows: Sequence[PanelRow]) -> list[dict[str, Any]]:
    """One dict per region × year: the region's columns, then per indicator and measure
    `<indicator>_<measure>_{target,op,result,kind,verdict,gap}` (columns of keys no row has are left out)."""
    wide: dict[tuple[str, int], dict[str, Any]] = {}
    for r in rows:
        row = wide.setdefault((r.region, r.year), {"region_code": r.region_code, "region": r.region,
                                                   "level": r.level, "parent": r.parent, "year": r.year})
        stem = f"{r.indicator}_{r.measure}"
        row.update({f"{stem}_target": r.target, f"{stem}_op": r.target_op, f"{stem}_result": r.result,
                    f"{stem}_kind": r.result_kind, f"{stem}_verdict": r.verdict, f"{stem}_gap": r.gap})
    columns = list(dict.fromkeys(k for row in wide.values() for k in row))
    return [{c: row.get(c) for c in columns} for row in wide.values()]


def wide_label(column: str) -> str:
    """The variable label of a wide column: the indicator's Chinese name and what the column holds."""
    if column in LABELS:
        return LABELS[column]
    for ident, indicator in catalog().items():
        for measure in ("growth", "level", "change_pp"):
            stem = f"{ident}_{measure}_"
            if column.startswith(stem):
                field = column[len(stem):]
                what = {"target": "target", "op": "target_op", "result": "result", "kind": "result_kind",
                        "verdict": "verdict", "gap": "gap"}[field]
                return f"{indicator.name} {measure}: {LABELS[what]}"
    return column

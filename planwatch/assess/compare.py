"""Targets across levels: each region's target beside its parent's, and the escalation (层层加码).

Escalation is child − parent in the child's unit: positive when a floor is raised on the way down
(9左右 under 8左右 is +1), negative when a cap is tightened. It is computed for rates only (growth, change
in points, levels in %): a district's amount (6500人) is a share of its city's (4.6万人), not a stricter
version of it. A stricter comparator escalates too: a district that turns its city's 6%左右 into 6%以上
promises more than the city asked (`stricter`: +1, from 左右 to 以上 or 以内; +2 to 超过 or 低于). The
parent comes from the region's own documents (their facts), else from the gazetteer
(`planwatch.engine.regions`) when it knows the place.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from planwatch.assess.ledger import Key, Ledger
from planwatch.assess.rows import Entry, Rows, number
from planwatch.assess.units import convert, effective_unit, factors
from planwatch.engine.catalog import catalog, position
from planwatch.models import MEASURES, FigureRecord

ParentOf = Callable[[str], "str | None"]
NOT_NUMERIC = ("sync", "qualitative")
# How much a comparator binds, on the side the indicator is judged from (floors: 以上, 超过; caps: 以内, 低于):
# 左右 lets the value fall a little short, 以上 does not, 超过 excludes the value itself.
STRICTNESS = {"higher": {"ge": 1, "gt": 2}, "lower": {"le": 1, "lt": 2}}


@dataclass(slots=True)
class Comparison:
    region: str
    parent: str | None
    year: int
    indicator: str
    measure: str
    target: Entry
    parent_target: Entry | None
    escalation: Decimal | None  # child − parent, in the child's unit; None when either is not a number
    stricter: int | None = None  # how much more the child's comparator binds than the parent's

    @property
    def escalates(self) -> bool | None:
        """Does the child demand more than its parent (a higher floor, a lower cap, or the same value
        with a stricter comparator)? None when the two cannot be compared."""
        if self.escalation is None:
            return None
        raised = -self.escalation if catalog()[self.indicator].is_cap else self.escalation
        return raised > 0 or (raised == 0 and (self.stricter or 0) > 0)

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        return {
            "region": self.region,
            "parent": self.parent,
            "year": self.year,
            "indicator": self.indicator,
            "measure": self.measure,
            "target": self.target.to_dict(exact),
            "parent_target": self.parent_target.to_dict(exact) if self.parent_target else None,
            "escalation": number(self.escalation, exact),
            "stricter": self.stricter,
            "escalates": self.escalates,
        }


def compare(records: Iterable[FigureRecord] | Ledger, year: int, *, indicator: str | None = None,
            region: str | None = None, parent_of: ParentOf | None = None) -> Rows[Comparison]:
    """Every target of `year` beside its parent region's, grouped by indicator, parents before children.

    `parent_of` names a region's parent when its documents do not (default: the gazetteer)."""
    ledger = records if isinstance(records, Ledger) else Ledger(records)
    lookup = parent_of if parent_of is not None else gazetteer_parent

    def parent(name: str) -> str | None:
        return ledger.parent(name) or lookup(name)

    rows = []
    for key in ledger.target_keys():
        if key.year != year or (indicator is not None and key.indicator != indicator):
            continue
        if region is not None and key.region != region:
            continue
        above = parent(key.region)
        record = ledger.target(key)
        assert record is not None
        above_record = ledger.binding_target(Key(above, *key[1:])) if above else None
        target = Entry.of(record)
        parent_target = Entry.of(above_record) if above_record else None
        change = escalation(target, parent_target, key.measure)
        rows.append(Comparison(key.region, above, year, key.indicator, key.measure, target, parent_target, change,
                               None if change is None else stricter(target, parent_target, key.indicator)))
    paths = {r.region: _path(r.region, parent) for r in rows}
    rows.sort(key=lambda r: (position(r.indicator), MEASURES.index(r.measure) if r.measure in MEASURES else 9,
                             paths[r.region]))
    return Rows(rows)


def escalation(target: Entry, parent_target: Entry | None, measure: str) -> Decimal | None:
    """Child − parent in the child's unit; None unless both are rates in convertible units."""
    if parent_target is None or target.value is None or parent_target.value is None:
        return None
    if target.op in NOT_NUMERIC or parent_target.op in NOT_NUMERIC:
        return None
    unit = effective_unit(target.unit, measure)
    if not is_rate(measure, unit):
        return None
    above = convert(parent_target.value, effective_unit(parent_target.unit, measure), unit)
    return None if above is None else target.value - above


def stricter(target: Entry, parent_target: Entry, indicator: str) -> int:
    """How much more the child's comparator binds than its parent's (左右 → 以上 is 1, 以上 → 左右 is -1)."""
    ranks = STRICTNESS[catalog()[indicator].direction]
    return ranks.get(target.op, 0) - ranks.get(parent_target.op, 0)


def is_rate(measure: str, unit: str | None) -> bool:
    """Growth rates, changes in points and levels in percent compare across levels; amounts do not."""
    if measure in ("growth", "change_pp"):
        return True
    base = factors().get(unit or "", (unit, None))[0]
    return base in ("%", "‰")


def _path(region: str, parent: Callable[[str], str | None]) -> tuple[str, ...]:
    """The chain of names from the top down to `region`, so that parents sort before their children."""
    chain = [region]
    while len(chain) < 6:
        above = parent(chain[-1])
        if above is None or above in chain:
            break
        chain.append(above)
    return tuple(reversed(chain))


@functools.lru_cache(maxsize=4096)
def gazetteer_parent(name: str) -> str | None:
    """The parent of `name` in the gazetteer of administrative divisions, when it knows the place."""
    try:
        from planwatch.engine.regions import get_gazetteer

        gazetteer = get_gazetteer()
    except (ImportError, OSError):  # no gazetteer: parents come from the documents only
        return None
    place = gazetteer.resolve(name)
    above = gazetteer.parent(place) if place is not None and place.known else None
    return above.name if above else None

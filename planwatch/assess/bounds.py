"""Floors, caps and the values a figure allows: the arithmetic of a verdict.

A target is a floor (more is better) or a cap (less is better). The catalog's `direction` decides for
`approx` and `eq` targets; an explicit comparator decides otherwise (以上 is a floor, 以内 a cap), except on
a fall: "下降3%以上" (value -3 with 以上) bounds the size of the fall, so there the direction decides too.

A result is a point (9.7, 7.5左右) or a half-line (突破1200亿元, 未能由负转正 = below 0; on a fall the
comparator bounds its size again: 下降5%以上 is -5 or lower); a verdict is certain only when every value the
result allows falls on the same side of the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

FLOOR_OPS = ("ge", "gt")
CAP_OPS = ("le", "lt")
# The comparator a fall's comparator stands for on its negative value (下降5%以上: ≥ 5 down, so ≤ -5).
_ON_A_FALL = {"ge": "le", "gt": "lt", "le": "ge", "lt": "gt"}


class Bound(Enum):
    FLOOR = "floor"
    CAP = "cap"


@dataclass(frozen=True, slots=True)
class Threshold:
    """What a target demands: a bound at `value`, strict for 超过/低于."""

    bound: Bound
    value: Decimal
    strict: bool = False


def threshold(value: Decimal, op: str, direction: str) -> Threshold:
    """How a numeric target with comparator `op` reads for an indicator of catalog `direction`."""
    by_direction = Bound.CAP if direction == "lower" else Bound.FLOOR
    if op in FLOOR_OPS:
        bound = Bound.FLOOR
    elif op in CAP_OPS:
        bound = Bound.CAP
    else:  # approx, eq
        bound = by_direction
    if value < 0 and bound is not by_direction:
        # The comparator bounds the size of a fall (下降3%以上, 降幅控制在5%以内).
        bound = by_direction
    return Threshold(bound, value, strict=op in ("gt", "lt"))


@dataclass(frozen=True, slots=True)
class Span:
    """The values a figure allows: [lo, hi], None for an open end; `*_open` excludes the end itself."""

    lo: Decimal | None
    hi: Decimal | None
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def of(cls, value: Decimal, op: str) -> Span:
        """The values a figure of `value` and comparator `op` allows."""
        if value < 0:
            op = _ON_A_FALL.get(op, op)
        if op == "gt":
            return cls(value, None, lo_open=True)
        if op == "ge":
            return cls(value, None)
        if op == "lt":
            return cls(None, value, hi_open=True)
        if op == "le":
            return cls(None, value)
        return cls(value, value)  # eq, approx: the value as stated

    def shift(self, delta: Decimal) -> Span:
        return Span(
            None if self.lo is None else self.lo + delta,
            None if self.hi is None else self.hi + delta,
            self.lo_open,
            self.hi_open,
        )


def all_at_least(x: Span, y: Span, strict: bool) -> bool | None:
    """Is every value of `x` ≥ (> when strict) every value of `y`? None when it depends on which."""
    if x.lo is not None and y.hi is not None:
        if x.lo > y.hi or (x.lo == y.hi and (not strict or x.lo_open or y.hi_open)):
            return True
    if x.hi is not None and y.lo is not None:
        if x.hi < y.lo or (x.hi == y.lo and (strict or x.hi_open or y.lo_open)):
            return False
    return None


def reached(result: Span, target: Threshold, tolerance: Decimal = Decimal(0), basis: Span | None = None) -> bool | None:
    """Did the result reach the target? `basis` replaces the target's value (a sync target: GDP growth).

    `tolerance` (in the target's unit) lowers a floor and raises a cap. None when the result is a bound
    that straddles the target.
    """
    line = basis if basis is not None else Span(target.value, target.value)
    if target.bound is Bound.FLOOR:
        return all_at_least(result, line.shift(-tolerance), target.strict)
    return all_at_least(line.shift(tolerance), result, target.strict)


def holds(span: Span, value: Decimal) -> bool:
    """Does `span` allow `value`?"""
    above = span.lo is None or value > span.lo or (value == span.lo and not span.lo_open)
    below = span.hi is None or value < span.hi or (value == span.hi and not span.hi_open)
    return above and below

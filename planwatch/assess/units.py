"""Converting a value from one written unit to another, exactly (`[factors]` of `grammar/units.toml`)."""

from __future__ import annotations

import functools
import tomllib
from decimal import Decimal
from importlib import resources

# The unit a bare number has when none is written, by measure.
DEFAULT_UNIT = {"growth": "%", "change_pp": "个百分点"}


@functools.cache
def factors() -> dict[str, tuple[str, Decimal]]:
    """Written unit -> (base unit, factor to the base), factors as exact decimals."""
    with resources.files("planwatch").joinpath("engine", "grammar", "units.toml").open("rb") as f:
        table = tomllib.load(f).get("factors", {})
    # TOML numbers such as 1e8 arrive as floats; their shortest repr is the decimal that was written.
    return {unit: (base, Decimal(str(factor))) for unit, (base, factor) in table.items()}


def effective_unit(unit: str | None, measure: str) -> str | None:
    """The unit a figure is in: as written, or the measure's own unit (growth: %) when none is written."""
    return unit or DEFAULT_UNIT.get(measure)


def convert(value: Decimal, unit: str | None, to_unit: str | None) -> Decimal | None:
    """`value` in `unit` expressed in `to_unit`; None when the two units do not measure the same thing."""
    if unit == to_unit:
        return value
    if unit is None or to_unit is None:
        return None
    table = factors()
    if unit not in table or to_unit not in table:
        return None
    base, factor = table[unit]
    to_base, to_factor = table[to_unit]
    if base != to_base:
        return None
    return value * factor / to_factor


def convertible(unit: str | None, to_unit: str | None) -> bool:
    return convert(Decimal(1), unit, to_unit) is not None

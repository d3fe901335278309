"""Figures written back in the words users know (`grammar/wording.toml`): 9左右, 20以上, 3.9以内."""

from __future__ import annotations

import functools
import tomllib
from decimal import Decimal
from importlib import resources
from typing import Any

from planwatch.assess.rows import Entry, format_decimal
from planwatch.assess.units import effective_unit
from planwatch.engine.catalog import catalog
from planwatch.models import Figure


@functools.cache
def wording() -> dict[str, Any]:
    with resources.files("planwatch").joinpath("engine", "grammar", "wording.toml").open("rb") as f:
        return tomllib.load(f)


def phrase(value: Decimal | None, op: str, unit: str | None = None, *, estimate: bool = False,
           fall: bool = False) -> str:
    """A figure as a table cell: `phrase(Decimal(9), "approx")` is "9左右"; with a unit, "3.8万人以上".

    With `fall` (a growth rate), a negative value reads as a fall: -3 approx is "下降3%左右"."""
    table = wording()
    template = table["ops"].get(op, "{value}{unit}")
    if value is None and "{value}" in template:
        return ""
    if fall and value is not None and value < 0 and op in table["falls"]:
        template, value = table["falls"][op], -value
    text = template.format(value=format_decimal(value), unit=unit or "")
    return table["estimate"].format(text=text) if estimate else text


def entry_phrase(entry: Entry | None, measure: str) -> str:
    """A judged figure as a cell reads: 9%左右, 8.7%(预计); empty for none."""
    if entry is None:
        return ""
    return phrase(entry.value, entry.op, entry.unit, estimate=entry.provisional, fall=measure == "growth")


def figure_phrase(figure: Figure) -> str:
    """A stored figure as a cell reads (a growth rate below zero as a fall)."""
    return phrase(figure.value, figure.op, figure.unit, estimate=figure.kind == "estimate",
                  fall=figure.measure == "growth")


def difference_phrase(value: Decimal | None, unit: str | None, measure: str) -> str:
    """A difference between two figures with its unit and sign: +0.7个百分点 (between rates in %), −1.2万人."""
    if value is None:
        return ""
    unit = effective_unit(unit, measure) or ""
    unit = wording()["differences"].get(unit, unit)
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{format_decimal(abs(value))}{unit}"


def status_word(status: str | None) -> str:
    return wording()["status"].get(status, "") if status else ""


def indicator_name(indicator: str, measure: str, *, ambiguous: bool = False) -> str:
    """The name of an indicator's row: the catalog name, with the measure said when the name alone does
    not say it (研发投入强度增速), or, when `ambiguous` (two rows of one indicator), for a level too."""
    entry = catalog().get(indicator)
    if entry is None:
        return indicator
    if measure == entry.pct_measure or (measure == "level" and not ambiguous):
        return entry.name
    return wording()["measure_names"].get(measure, "{name}").format(name=entry.name)

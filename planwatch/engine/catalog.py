"""The indicator catalog (`grammar/indicators.toml`) as typed objects, read once.

The catalog says what an indicator is called and how a verdict reads it: `direction` "higher" makes a
target a floor, "lower" a cap; `parts` lists the indicators a joint one is made of.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from planwatch.engine import regex_cache
from planwatch.engine.grammar import load_toml

DIRECTIONS = ("higher", "lower")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One catalog entry."""

    id: str
    name: str  # the official Chinese name, as users know it
    en: str = ""
    aliases: tuple[str, ...] = ()  # growth_aliases included
    growth_aliases: tuple[str, ...] = ()  # naming the indicator in a growth rate only (投资增长7%)
    growth_alias_not_after: tuple[str, ...] = ()  # …nor after these words (完成投资增长: the projects')
    direction: str = "higher"  # "higher": more is better (floor); "lower": less is better (cap)
    level_units: tuple[str, ...] = ()
    pct_measure: str = "growth"  # what a bare percentage measures
    target_measure: str = ""  # the measure of a target stated without a number (进出口稳中提质); pct_measure if empty
    adds_up: bool = False  # a level stated of several years is their sum (城镇新增就业 over five years)
    parts: tuple[str, ...] = ()  # a joint indicator is met when each part is
    qualitative: bool = False
    position: int = 0  # place in the catalog: the order of rows in tables
    extra: Mapping[str, Any] = field(default_factory=dict)  # keys this module does not use

    @property
    def is_cap(self) -> bool:
        return self.direction == "lower"


_KNOWN = {"name", "en", "aliases", "alias_forms", "growth_aliases", "growth_alias_not_after", "direction",
          "level_units", "pct_measure", "target_measure", "adds_up", "parts", "qualitative"}

_CHOICE = regex_cache.compile(r"\[([^\[\]]*)\]")


def _expanded(forms: list[str]) -> list[str]:
    """Aliases written as forms with choices: "[研发|R&D]经费[投入|支出|]" is each way of filling them in (in the
    order of `itertools.product`: the last choice varies fastest). Each way is made from the ways of the choices
    before it, not joined anew: a form of a few choices has thousands."""
    out = []
    for form in forms:
        literals = _CHOICE.split(form)  # literal, choices, literal, choices, …, literal
        made = [literals[0]]
        for i in range(1, len(literals), 2):
            made = [head + pick + literals[i + 1] for head in made for pick in literals[i].split("|")]
        out.extend(made)
    return out


@functools.cache
def catalog() -> Mapping[str, Indicator]:
    """Every indicator by id, in the catalog's order."""
    entries: dict[str, Indicator] = {}
    for position, (ident, data) in enumerate(load_toml("indicators.toml").items()):
        if not isinstance(data, dict):
            continue
        direction = data.get("direction", "higher")
        if direction not in DIRECTIONS:
            raise ValueError(f"indicators.toml: [{ident}] direction must be one of {DIRECTIONS}, not {direction!r}")
        entries[ident] = Indicator(
            id=ident,
            name=data.get("name", ident),
            en=data.get("en", ""),
            aliases=tuple(dict.fromkeys([*data.get("aliases", ()), *_expanded(data.get("alias_forms", ())),
                                         *data.get("growth_aliases", ())])),
            growth_aliases=tuple(data.get("growth_aliases", ())),
            growth_alias_not_after=tuple(data.get("growth_alias_not_after", ())),
            direction=direction,
            level_units=tuple(data.get("level_units", ())),
            pct_measure=data.get("pct_measure", "growth"),
            target_measure=data.get("target_measure") or data.get("pct_measure", "growth"),
            adds_up=bool(data.get("adds_up", False)),
            parts=tuple(data.get("parts", ())),
            qualitative=bool(data.get("qualitative", False)),
            position=position,
            extra=MappingProxyType({k: v for k, v in data.items() if k not in _KNOWN}),
        )
    return MappingProxyType(entries)


def indicator(ident: str) -> Indicator:
    """The catalog entry `ident`; a KeyError names the known ids."""
    try:
        return catalog()[ident]
    except KeyError:
        raise KeyError(f"unknown indicator {ident!r}; the catalog has {', '.join(catalog())}") from None


def position(ident: str) -> int:
    """Sort key of an indicator: catalog order, unknown ids after every known one."""
    entry = catalog().get(ident)
    return entry.position if entry else len(catalog())

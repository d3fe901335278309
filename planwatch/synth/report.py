"""Synthetic development-plan reports for scale tests and benchmarks.

`generate(n, seed)` yields `SyntheticReport`s: invented governments (cities with their districts and
counties, so that escalation from a city to its districts can be computed), years 2019–2026, three kinds of
document (plan-execution report, government work report, plan notice), many phrasings per indicator and
the noise of real exports (full-width punctuation, spaces around numbers, lines broken mid-sentence,
`**bold**`, annex tables as `a | b` rows or flattened cells). Each report carries the catalog figures it
states, in the gold schema of `shared/gold/README.md`, with `start`/`end` such that
`text[start:end] == quote`. The same seed gives the same reports.

Phrasings are data in `planwatch.synth.phrases`; this module is the engine. Command line:
`python -m planwatch.synth --n 100 --seed 1 --out DIR`.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import re
import sys
import time
import zipfile
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Iterator

from planwatch.synth import phrases as P

YEARS = range(2019, 2027)  # plan years; the review year is one less
FIRST_YEAR = 2017  # first year of every region's invented statistics
DOC_TYPE_WEIGHTS = {"plan_execution": 0.4, "work_report": 0.35, "plan_notice": 0.25}
MIN_CHARS, MAX_CHARS = 3000, 30000
MIN_BROKEN_LINE = 16  # a PDF wraps full lines only: no mid-sentence break after a few characters


@dataclass(slots=True)
class SyntheticReport:
    """One generated document and the catalog figures it states."""

    name: str
    text: str
    region: str
    parent: str | None
    year: int  # the plan year: targets of `year`, results of `year - 1`
    doc_type: str  # plan_execution / work_report / plan_notice
    figures: list[dict[str, Any]] = field(default_factory=list)
    level: str = "city"  # city / district / county


@dataclass(frozen=True, slots=True)
class Region:
    """An invented government: `level` is city, district or county; `parent` the full name above it."""

    name: str
    level: str
    parent: str | None

    @property
    def pronoun(self) -> str:
        return P.PRONOUN[self.level]

    @property
    def upper(self) -> str:
        """The government above, as a report names it (省下达 / 市下达)."""
        if self.level == "city":
            return "自治区" if self.parent and self.parent.endswith("自治区") else "省"
        return "市"


@dataclass(slots=True)
class Stat:
    """One indicator in one region and year: its target and its result."""

    target_op: str | None = None  # approx / ge / gt / le / eq / sync / qualitative
    target: float | None = None
    target_measure: str = "growth"
    target_unit: str | None = "%"
    growth: float | None = None  # result, %
    level: float | None = None  # result, in `unit`
    unit: str | None = None


# --- numbers -------------------------------------------------------------------------------------------

def fmt(x: float, digits: int = 1) -> str:
    """A number as a report writes it: no trailing zeros ("6", "6.5", "3.42")."""
    s = f"{x:.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def number(s: str) -> int | float:
    """The JSON value of a written number."""
    return float(s) if "." in s else int(s)


def _half(x: float) -> float:
    return round(x * 2) / 2


# --- places --------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def known_bigrams() -> frozenset[str]:
    """Two-character pieces of every province, city, county and town name in jionlp's gazetteer.

    An invented name whose short form is among them is rejected, so no synthetic place is mistaken for a
    real one. Empty when jionlp is not installed.
    """
    spec = find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(list(spec.submodule_search_locations)[0]) / "dictionary" / "china_location.zip"
    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read(archive.namelist()[0]).decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return frozenset()
    pieces: set[str] = set()
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 3 or not line.strip():
            continue
        for cell in line.strip().split("\t"):
            if cell and not cell.isdigit():
                pieces.update(cell[i:i + 2] for i in range(len(cell) - 1))
    return frozenset(pieces)


def _invent_short(rng: random.Random, taken: set[str]) -> str:
    """A two-character name unknown to the gazetteer and not yet used (three characters once those run out)."""
    known = known_bigrams()
    for attempt in range(10_000):
        short = rng.choice(P.NAME_FIRST) + rng.choice(P.NAME_SECOND)
        if attempt > 500:
            short = rng.choice(P.NAME_FIRST) + short
        if short not in taken and short[:2] not in known and short[0] != short[1]:
            taken.add(short)
            return short
    raise RuntimeError("no unused invented place name left")


class World:
    """Invented regions and their statistics, fixed by a seed."""

    def __init__(self, seed: int, n_cities: int) -> None:
        self.seed = seed
        rng = random.Random(f"world|{seed}")
        taken: set[str] = set()
        self.cities: list[Region] = []
        self.children: dict[str, list[Region]] = {}
        for _ in range(n_cities):
            city = Region(_invent_short(rng, taken) + "市", "city", rng.choice(P.PROVINCES))
            self.cities.append(city)
            kids = []
            for _ in range(rng.randint(2, 5)):
                level = "district" if rng.random() < 0.6 else "county"
                kids.append(Region(_invent_short(rng, taken) + ("区" if level == "district" else "县"),
                                   level, city.name))
            self.children[city.name] = kids
        self.by_name = {r.name: r for r in self.cities}
        for kids in self.children.values():
            self.by_name.update((k.name, k) for k in kids)
        self._series: dict[str, dict[int, dict[str, Stat]]] = {}
        self._profile: dict[str, dict[str, Any]] = {}

    # Statistics ----------------------------------------------------------------------------------------
    def profile(self, region: Region) -> dict[str, Any]:
        """What stays fixed for a region: its size and how it states some targets."""
        if region.name not in self._profile:
            rng = random.Random(f"profile|{self.seed}|{region.name}")
            city = region.level == "city"
            gdp = rng.uniform(700, 6000) if city else rng.uniform(60, 900)
            self._profile[region.name] = {
                "base": {
                    "gdp": gdp, "industrial_va": gdp * rng.uniform(0.2, 0.4), "fai": gdp * rng.uniform(0.4, 0.9),
                    "retail_sales": gdp * rng.uniform(0.25, 0.45), "budget_revenue": gdp * rng.uniform(0.05, 0.1),
                    "foreign_trade": gdp * rng.uniform(0.03, 0.35),
                    "fdi": rng.uniform(0.3, 8) if city else rng.uniform(800, 9000),
                    "domestic_capital": gdp * rng.uniform(0.08, 0.3),
                    "urban_income": rng.uniform(30000, 52000), "rural_income": rng.uniform(13000, 26000),
                    "grain_output": rng.uniform(60, 400) if city else rng.uniform(4, 60),
                    "rd_intensity": rng.uniform(0.8, 2.6),
                },
                "fdi_unit": "亿美元" if city else "万美元",
                "grain_unit": rng.choice(["万吨", "万吨", "亿斤"]) if city else "万吨",
                "jobs_unit": "万人" if city else "人",
                "jobs": rng.uniform(1.2, 8) if city else rng.uniform(1500, 12000),
                "trade_target": rng.choice(["growth", "growth", "level"]),
                "fdi_target": rng.choice(["growth", "level"]),
                "capital_target": rng.choice(["growth", "level"]),
                "resident_target": "sync" if rng.random() < 0.8 else "growth",
            }
        return self._profile[region.name]

    def stats(self, region: Region, year: int) -> dict[str, Stat]:
        """Targets and results of `region` in `year` (cached: every document agrees on them)."""
        if region.name not in self._series:
            self._series[region.name] = self._make_series(region)
        return self._series[region.name][year]

    def _make_series(self, region: Region) -> dict[int, dict[str, Stat]]:
        rng = random.Random(f"series|{self.seed}|{region.name}")
        prof = self.profile(region)
        parent = self.by_name.get(region.parent or "")
        level = dict(prof["base"])
        if prof["grain_unit"] == "亿斤":
            level["grain_output"] *= 0.2  # 1万吨 = 0.2亿斤
        rd = level["rd_intensity"]
        series: dict[int, dict[str, Stat]] = {}
        for year in range(FIRST_YEAR, max(YEARS) + 1):
            up = self.stats(parent, year) if parent else None
            stats: dict[str, Stat] = {}
            for ind, lo, hi in (("gdp", 4.5, 9), ("industrial_va", 5, 15), ("fai", 5, 18),
                                ("retail_sales", 5, 12), ("budget_revenue", 3, 10)):
                op = rng.choice(["approx", "approx", "ge"] if ind == "gdp" else ["approx", "ge", "ge", "eq"])
                target = _half(rng.uniform(lo, hi))
                if up is not None and up[ind].target_op in ("approx", "ge", "eq"):
                    bump = rng.choice([0, 0, 0, 0.5, 1, 1, 2, 3])
                    target = up[ind].target + bump
                    op = up[ind].target_op if bump == 0 else op
                growth = round(target + (rng.uniform(0, 2.5) if rng.random() < 0.7 else -rng.uniform(0.1, 4)), 1)
                if ind == "fai" and rng.random() < 0.1:
                    growth = -round(rng.uniform(0.5, 9), 1)
                growth = growth or 0.1
                level[ind] *= 1 + (growth + (rng.uniform(0, 2) if ind == "gdp" else 0)) / 100
                stats[ind] = Stat(op, target, "growth", "%", growth, round(level[ind], 1), "亿元")
            for ind, key in (("foreign_trade", "trade_target"), ("fdi", "fdi_target"),
                             ("domestic_capital", "capital_target")):
                unit = prof["fdi_unit"] if ind == "fdi" else "亿元"
                growth = round(rng.uniform(-8, 25), 1) or 0.1
                before = level[ind]
                level[ind] *= 1 + growth / 100
                digits = 0 if unit == "万美元" else 2 if ind == "fdi" else 1
                if prof[key] == "growth":
                    stat = Stat(rng.choice(["ge", "eq", "approx"]), _half(rng.uniform(3, 15)))
                else:
                    t = float(fmt(before * rng.uniform(1.03, 1.15), 0 if unit == "万美元" else 1))
                    if unit == "万美元":
                        t = round(t, -2)
                    stat = Stat(rng.choice(["ge", "gt"]), t, "level", unit)
                stat.growth, stat.level, stat.unit = growth, round(level[ind], digits), unit
                stats[ind] = stat
            for ind in ("urban_income", "rural_income"):
                growth = round(rng.uniform(3, 9), 1)
                level[ind] *= 1 + growth / 100
                stats[ind] = Stat(None, None, "growth", "%", growth, round(level[ind]), "元")
            if prof["resident_target"] == "sync":
                stats["resident_income"] = Stat("sync", None, "growth", None)
            else:
                stats["resident_income"] = Stat("approx", _half(rng.uniform(5, 8)))
            jobs_unit = prof["jobs_unit"]
            jobs = prof["jobs"] * rng.uniform(0.95, 1.05)
            jt = round(jobs * 0.95, 1) if jobs_unit == "万人" else round(jobs * 0.95, -2)
            stats["new_urban_jobs"] = Stat("ge", jt, "level", jobs_unit, None,
                                           round(jobs, 2) if jobs_unit == "万人" else round(jobs), jobs_unit)
            ut = up["unemployment_rate"].target if up and rng.random() < 0.6 else rng.choice([3.5, 4, 4, 4.5])
            stats["unemployment_rate"] = Stat("le", ut, "level", "%", None, round(rng.uniform(2.6, ut + 0.2), 2), "%")
            stats["surveyed_unemployment_rate"] = Stat(rng.choice(["approx", "le"]), 5.5, "level", "%", None,
                                                       round(rng.uniform(4.6, 5.7), 1), "%")
            ct = up["cpi"].target if up and rng.random() < 0.6 else rng.choice([2, 3, 3, 3.5])
            stats["cpi"] = Stat(rng.choice(["approx", "approx", "le"]), ct, "growth", "%",
                                round(rng.uniform(-0.6, 2.6), 1) or 0.2)
            grain_t = round(level["grain_output"] * rng.uniform(0.9, 0.99), 0 if level["grain_output"] > 10 else 1)
            level["grain_output"] *= rng.uniform(0.96, 1.05)
            stats["grain_output"] = Stat(rng.choice(["ge", "ge", "eq"]), grain_t, "level", prof["grain_unit"],
                                         round(rng.uniform(-3, 5), 1) or 0.1, round(level["grain_output"], 1),
                                         prof["grain_unit"])
            stats["energy_intensity"] = Stat(rng.choice(["eq", "approx"]), -_half(rng.uniform(2, 4)), "growth", "%",
                                             -round(rng.uniform(0.5, 4.5), 1))
            rd_target = round(rd + rng.uniform(0.05, 0.2), 1)
            rd = round(rd + rng.uniform(-0.05, 0.2), 2)
            stats["rd_intensity"] = Stat(rng.choice(["ge", "eq"]), rd_target, "level", "%", None, rd, "%")
            stats["emissions"] = Stat("qualitative", None, "level", None)
            series[year] = stats
        return series


# --- style and the text builder ------------------------------------------------------------------------

FULL_WIDTH = ((",", "，"), (";", "；"), (":", "："), ("(", "（"), (")", "）"), ("!", "！"), ("?", "？"))
FULL_WIDTH_PCT = FULL_WIDTH + (("%", "％"),)
NUMBER = re.compile(r"(?<![\dA-Za-z.])(-?\d+(?:\.\d+)?[%％]?)(?![\dA-Za-z])")


@dataclass(slots=True)
class Style:
    """How a document was exported: web page, Word file, PDF text."""

    table: tuple[tuple[str, str], ...] | None  # full-width replacements, or None for half-width
    spaced: bool  # spaces around numbers (PDF text)
    break_rate: float  # chance that a paragraph is broken mid-sentence
    para_sep: str
    indent: str
    bold_targets: bool
    table_cells: bool  # annex table as one cell per line (`cell |`)
    bullets: bool  # targets as "——" lines rather than one paragraph

    @classmethod
    def draw(cls, rng: random.Random) -> "Style":
        kind = rng.choices(["web", "word", "pdf"], [0.45, 0.3, 0.25])[0]
        full = kind != "web" or rng.random() < 0.2
        return cls(
            table=(FULL_WIDTH_PCT if rng.random() < 0.2 else FULL_WIDTH) if full else None,
            spaced=kind == "pdf" and rng.random() < 0.8,
            break_rate=0.35 if kind == "pdf" else 0.0,
            para_sep="\n\n" if kind == "pdf" or rng.random() < 0.3 else "\n",
            indent="　　" if kind == "word" and rng.random() < 0.6 else "",
            bold_targets=kind == "pdf" and rng.random() < 0.4,
            table_cells=rng.random() < 0.5,
            bullets=rng.random() < 0.6,
        )


Slot = tuple[str, float, float]


def _compile(template: str) -> tuple[tuple[str, Slot | None], ...]:
    """Splits a filler template into (literal, slot) pairs so each slot gets its own number."""
    parts = re.split(r"\{(\w):([\d.]+):([\d.]+)\}", template)
    pairs: list[tuple[str, Slot | None]] = []
    for i in range(0, len(parts), 4):
        slot = (parts[i + 1], float(parts[i + 2]), float(parts[i + 3])) if i + 1 < len(parts) else None
        pairs.append((parts[i], slot))
    return tuple(pairs)


def chinese_numeral(n: int) -> str:
    """1–99 as a report writes a session number (十六, 二十一)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


REVIEW_FILLER = tuple(_compile(s) for s in P.REVIEW_SENTENCES)
PLAN_FILLER = tuple(_compile(s) for s in P.PLAN_SENTENCES)


FILLER_VARIANTS = 48  # pre-drawn numbers per filler template: drawing them per use is the generator's hot spot


def _render(template: tuple[tuple[str, Slot | None], ...], rng: random.Random) -> str:
    parts = []
    for literal, slot in template:
        parts.append(literal)
        if slot is None:
            continue
        kind, lo, hi = slot
        if kind == "i":
            parts.append(str(rng.randint(int(lo), int(hi))))
        elif kind == "f":
            parts.append(fmt(rng.uniform(lo, hi), 1))
        else:
            first = rng.randint(int(lo), int(hi))
            parts.append(f"{first}—{first + rng.randint(1, 3)}")
    return "".join(parts)


@functools.lru_cache(maxsize=2)
def filler_variants(plan: bool) -> tuple[tuple[str, ...], ...]:
    """For each filler template (then each plain prose sentence), its variants with numbers filled in.

    Drawn once from a fixed seed, so reports stay the same for the same `generate` seed.
    """
    rng = random.Random(f"filler|{plan}")
    pool = PLAN_FILLER if plan else REVIEW_FILLER
    rendered = [tuple(_render(tpl, rng) for _ in range(FILLER_VARIANTS)) for tpl in pool]
    return tuple(rendered) + tuple((s,) for s in P.PROSE)


class Builder:
    """Accumulates a document's text and the figures of its spans, with exact offsets."""

    def __init__(self, style: Style, rng: random.Random) -> None:
        self.style = style
        self.rng = rng
        self.parts: list[str] = []
        self.pos = 0
        self.figures: list[dict[str, Any]] = []

    def _styled(self, s: str) -> str:
        if self.style.table is not None:
            for half, full in self.style.table:  # str.replace beats str.translate here
                s = s.replace(half, full)
        if self.style.spaced:
            s = NUMBER.sub(r" \1 ", s)
        return s

    def _break(self, s: str) -> str:
        """Breaks `s` once at a random place that is not inside a number (PDF line wrap). As in a PDF,
        the broken line is a full one: at least `MIN_BROKEN_LINE` characters since the last line break."""
        if len(s) < 12:
            return s
        lowest = max(4, MIN_BROKEN_LINE - self._line_so_far())
        if lowest >= len(s) - 4:
            return s
        for _ in range(4):
            i = self.rng.randrange(lowest, len(s) - 4)
            if not (s[i - 1].isdigit() or s[i].isdigit() or s[i - 1] in ".%％" or s[i] in ".%％"):
                return s[:i] + self.style.para_sep + s[i:]
        return s

    def _line_so_far(self) -> int:
        """Characters written since the last line break."""
        n = 0
        for part in reversed(self.parts):
            if "\n" in part:
                return n + len(part) - part.rindex("\n") - 1
            n += len(part)
        return n

    def plain(self, s: str) -> None:
        s = self._styled(s)
        if self.style.break_rate and len(s) > 40 and self.rng.random() < self.style.break_rate:
            s = self._break(s)
        self.parts.append(s)
        self.pos += len(s)

    def raw(self, s: str) -> None:
        """Text written as is: line and paragraph breaks, table rows already styled."""
        self.parts.append(s)
        self.pos += len(s)

    def span(self, s: str, figures: list[dict[str, Any]], styled: bool = False) -> None:
        """Text that states `figures`: each gets the span as its quote and offsets."""
        if not styled:
            s = self._styled(s)
            if self.style.break_rate and self.rng.random() < self.style.break_rate / 5:
                s = self._break(s)
        core = s.strip()
        lead = len(s) - len(s.lstrip())
        start = self.pos + lead
        for fig in figures:
            fig["quote"], fig["start"], fig["end"] = core, start, start + len(core)
            self.figures.append(fig)
        self.parts.append(s)
        self.pos += len(s)

    def paragraph(self) -> None:
        self.raw(self.style.para_sep + self.style.indent)

    def line(self, s: str) -> None:
        """A heading or short line of its own."""
        self.plain(s)
        self.paragraph()

    def text(self) -> str:
        return "".join(self.parts)


# --- one document --------------------------------------------------------------------------------------

class Composer:
    """Writes one report of one region and year from the world's statistics."""

    def __init__(self, world: World, region: Region, year: int, doc_type: str, name: str,
                 rng: random.Random) -> None:
        self.world, self.region, self.year, self.doc_type, self.name = world, region, year, doc_type, name
        self.rng = rng
        self.style = Style.draw(rng)
        self.out = Builder(self.style, rng)
        self.target_len = int(MIN_CHARS + (MAX_CHARS - MIN_CHARS - 2500) * rng.random() ** 1.3)
        self.prof = world.profile(region)
        self.now = world.stats(region, year)
        self.before = world.stats(region, year - 1)
        self.plan_order = list(range(len(PLAN_FILLER) + len(P.PROSE)))
        self.review_order = list(range(len(REVIEW_FILLER) + len(P.PROSE)))
        rng.shuffle(self.plan_order)
        rng.shuffle(self.review_order)
        self.cursor = 0
        self.subs = {"r": region.name, "w": region.name, "q": "全" + region.pronoun, "y": year,
                     "p": year - 1, "up": region.upper}

    # Helpers ---------------------------------------------------------------------------------------------
    def fig(self, indicator: str, year: int, kind: str, measure: str, value: str | None, unit: str | None,
            op: str, **extra: Any) -> dict[str, Any]:
        d: dict[str, Any] = {"doc": self.name, "region": self.region.name, "year": year, "kind": kind,
                             "indicator": indicator, "measure": measure,
                             "value": None if value is None else number(value), "unit": unit, "op": op}
        d.update(extra)
        return d

    def alias(self, indicator: str) -> str:
        if indicator == "domestic_capital":
            return self.rng.choice(P.CAPITAL_ALIASES[self.region.level])
        names = P.ALIASES[indicator]
        if self.region.level != "city":
            names = tuple(a for a in names if not a.startswith("全市"))
        return self.rng.choice(names)

    def fill(self, template: str, **values: str) -> str:
        return template.format(**{**self.subs, **values})

    def filler_sentence(self, plan: bool, index: int) -> str:
        """Sentence `index` of the filler pool, in one of its pre-drawn variants."""
        variants = filler_variants(plan)[index]
        return variants[int(self.rng.random() * len(variants))]

    def filler_text(self, plan: bool, chars: int) -> str:
        """At least two sentences, more until about `chars` characters, joined by commas.

        Sentences follow a shuffled order of the pool, so none comes back before all others have.
        """
        order = self.plan_order if plan else self.review_order
        sentences: list[str] = []
        length = 0
        while len(sentences) < 2 or length < chars:
            self.cursor = (self.cursor + 1) % len(order)
            s = self.filler_sentence(plan, order[self.cursor])
            sentences.append(s)
            length += len(s) + 1
        return ",".join(sentences)

    def filler_paragraph(self, ordinal: int, plan: bool, chars: int = 0) -> None:
        """A paragraph of filler, headed 一是/二是 … while `ordinal` is small."""
        if not chars:
            chars = 60 + int(self.rng.random() * 160)
        head = P.FIRST_ORDINALS[ordinal] if 0 <= ordinal < len(P.FIRST_ORDINALS) else ""
        self.out.plain(head + self.filler_text(plan, chars) + "。")

    def filler_section(self, number: int, topic: str, plan: bool, budget: int, extra: list | None = None) -> None:
        """A sub-section `(一)topic` of filler paragraphs, with figure spans from `extra` mixed in."""
        out, rng = self.out, self.rng
        out.line(f"({P.ORDINALS[number % 10]}){topic}")
        pending = list(extra or [])
        paragraphs = max(len(pending), min(8, 2 + int(rng.random() * 3) + budget // 1500))
        each = max(40, budget // paragraphs)
        for ordinal in range(paragraphs):
            head = P.FIRST_ORDINALS[ordinal] if ordinal < len(P.FIRST_ORDINALS) else ""
            if pending:
                out.plain(head + self.filler_text(plan, each // 3) + ",")
                pending.pop(0)()
                out.plain("。" + self.filler_text(plan, each // 2) + "。")
            else:
                out.plain(head + self.filler_text(plan, each) + "。")
            out.paragraph()

    # Figures ---------------------------------------------------------------------------------------------
    def growth_target(self, ind: str, stat: Stat, year: int, **extra: Any) -> tuple[str, list[dict]]:
        """A target's text and figures (growth, level, rate or sync), in one of several phrasings."""
        rng, a = self.rng, self.alias(ind) if ind in P.ALIASES or ind == "domestic_capital" else ""
        op = stat.target_op
        if op == "sync":
            return rng.choice(P.SYNC_TARGET).format(a=rng.choice(P.ALIASES["resident_income"])), [
                self.fig("resident_income", year, "target", "growth", None, None, "sync", **extra)]
        if op == "qualitative":
            return rng.choice(P.EMISSIONS_TARGET).format(up=self.region.upper), [
                self.fig("emissions", year, "target", "level", None, None, "qualitative", **extra)]
        if ind in ("unemployment_rate", "surveyed_unemployment_rate", "rd_intensity"):
            table, slots = P.RATE_TARGET, {"v": fmt(stat.target, 2)}
        elif ind == "cpi":
            table, slots = P.CPI_TARGET, {"g": fmt(stat.target)}
        elif ind == "grain_output":
            table, slots = P.GRAIN_TARGET, {"l": fmt(stat.target), "u": stat.target_unit}
        elif ind == "energy_intensity":
            table, slots = P.ENERGY_TARGET, {"d": fmt(-stat.target)}
        elif ind == "new_urban_jobs":
            table, slots = {"ge": P.LEVEL_TARGET["ge"]}, {"l": fmt(stat.target, 2), "u": stat.target_unit}
        elif stat.target_measure == "level":
            table, slots = P.LEVEL_TARGET, {"l": fmt(stat.target, 2), "u": stat.target_unit}
        else:
            table, slots = P.GROWTH_TARGET, {"g": fmt(stat.target), "g2": fmt(stat.target + rng.choice([0.5, 1, 2]))}
        template, spec = rng.choice(table[op])
        text = template.format(a=a, **slots)
        figs = []
        for slot, measure, fop in spec:
            value = slots[slot]
            if slot == "d":
                value = "-" + value
            unit = slots.get("u") if measure == "level" and "u" in slots else "%"
            figs.append(self.fig(ind, year, "target", measure, value, unit, fop, **extra))
        return text, figs

    def result(self, ind: str, stat: Stat, year: int, estimate: bool) -> tuple[str, list[dict]]:
        """A result's text and figures; `estimate` phrases it with 预计 where the indicator allows."""
        rng, a = self.rng, self.alias(ind)
        if ind in P.AMOUNTS:
            lvl = fmt(stat.level, 0 if stat.unit == "万美元" else 2 if stat.unit == "亿美元" else 1)
            slots = {"l": lvl, "u": stat.unit, "g": fmt(abs(stat.growth)), "d": fmt(abs(stat.growth))}
            if estimate and stat.growth > 0:
                choices = P.ESTIMATE_RESULT
            elif stat.growth < 0:
                choices = P.AMOUNT_FALL + P.GROWTH_FALL
            else:
                choices = P.AMOUNT_RESULT + P.GROWTH_RESULT
        elif ind == "new_urban_jobs":
            choices, slots = P.JOBS_RESULT, {"l": fmt(stat.level, 2), "u": stat.unit}
        elif ind in ("unemployment_rate", "surveyed_unemployment_rate"):
            choices, slots = P.RATE_RESULT, {"v": fmt(stat.level, 2)}
        elif ind == "rd_intensity":
            choices, slots = P.RD_RESULT, {"v": fmt(stat.level, 2)}
        elif ind == "cpi":
            if stat.growth < 0:
                choices, slots = (("居民消费价格下降{d}%", (("d", "growth", "eq"),)),), {"d": fmt(-stat.growth)}
            else:
                choices, slots = P.CPI_RESULT, {"g": fmt(stat.growth)}
        elif ind == "grain_output":
            choices = P.GRAIN_RESULT if stat.growth > 0 else P.GRAIN_RESULT[:2]
            slots = {"l": fmt(stat.level), "u": stat.unit, "g": fmt(stat.growth)}
        elif ind == "energy_intensity":
            choices, slots = P.ENERGY_RESULT, {"d": fmt(-stat.growth)}
        else:
            raise ValueError(ind)
        template, spec = rng.choice(choices)
        kind = "estimate" if "预计" in template else "actual"
        text = template.format(a=a, **slots)
        figs = []
        for slot, measure, op in spec:
            value = slots[slot]
            if slot == "d":
                value = "-" + value
            unit = slots.get("u") if measure == "level" and "u" in slots else "%"
            figs.append(self.fig(ind, year, kind, measure, value, unit, op))
        return text, figs

    def income_result(self, year: int) -> tuple[str, list[dict]] | list[tuple[str, list[dict]]]:
        """Urban and rural incomes: a 分别 list, growth only, or two clauses."""
        rng = self.rng
        u, r = self.before["urban_income"], self.before["rural_income"]
        lu, lr, gu, gr = str(int(u.level)), str(int(r.level)), fmt(u.growth), fmt(r.growth)
        style = rng.random()
        if style < 0.5:
            text = rng.choice(P.INCOME_JOINT).format(a=P.JOINT_INCOME[0], lu=lu, lr=lr, gu=gu, gr=gr)
            return text, [self.fig("urban_income", year, "actual", "level", lu, "元", "eq"),
                          self.fig("rural_income", year, "actual", "level", lr, "元", "eq"),
                          self.fig("urban_income", year, "actual", "growth", gu, "%", "eq"),
                          self.fig("rural_income", year, "actual", "growth", gr, "%", "eq")]
        if style < 0.7:
            text = rng.choice(P.INCOME_GROWTH_ONLY).format(a=P.JOINT_INCOME[0], gu=gu, gr=gr)
            return text, [self.fig("urban_income", year, "actual", "growth", gu, "%", "eq"),
                          self.fig("rural_income", year, "actual", "growth", gr, "%", "eq")]
        au, ar = rng.choice(P.URBAN_ALIASES), rng.choice(P.RURAL_ALIASES)
        return [(f"{au}{lu}元,增长{gu}%", [self.fig("urban_income", year, "actual", "level", lu, "元", "eq"),
                                          self.fig("urban_income", year, "actual", "growth", gu, "%", "eq")]),
                (f"{ar}{lr}元,增长{gr}%", [self.fig("rural_income", year, "actual", "level", lr, "元", "eq"),
                                          self.fig("rural_income", year, "actual", "growth", gr, "%", "eq")])]

    def restated(self, ind: str, stat: Stat, year: int) -> tuple[str, list[dict]] | None:
        """A missed growth target said again after its result (与年初确定的…目标仍有差距)."""
        if stat.target_op not in P.TARGET_WORDS or stat.target_measure != "growth" or stat.growth is None:
            return None
        if stat.growth >= stat.target:
            return None
        t = fmt(stat.target)
        text = self.rng.choice(P.RESTATED).format(t=t, tw=P.TARGET_WORDS[stat.target_op])
        return text, [self.fig(ind, year, "target", "growth", t, "%", stat.target_op, restated=True)]

    # Parts -----------------------------------------------------------------------------------------------
    def review(self) -> None:
        """Results of the review year: core paragraph, then sections with the scattered indicators."""
        rng, out, year = self.rng, self.out, self.year - 1
        out.line(self.fill(rng.choice(P.HEAD_REVIEW[self.doc_type])))
        out.plain(self.fill(rng.choice(P.REVIEW_INTRO)))
        out.paragraph()
        estimates = rng.random() < (0.5 if self.doc_type == "plan_execution" else 0.15)
        out.plain(rng.choice(P.LEAD_RESULTS))
        core = [ind for ind in P.CORE if rng.random() > 0.05]
        clauses: list = []
        i = 0
        while i < len(core):
            ind = core[i]
            nxt = core[i + 1] if i + 1 < len(core) else None
            s1, s2 = self.before[ind], self.before.get(nxt) if nxt else None
            if (nxt and ind != "gdp" and rng.random() < 0.2 and s1.growth > 0 and s2.growth > 0
                    and s1.growth >= (s1.target or 0) and s2.growth >= (s2.target or 0)):
                g1, g2 = fmt(s1.growth), fmt(s2.growth)
                text = P.PAIR_RESULT.format(a1=self.alias(ind), a2=self.alias(nxt), g1=g1, g2=g2)
                clauses.append((text, [self.fig(ind, year, "actual", "growth", g1, "%", "eq"),
                                       self.fig(nxt, year, "actual", "growth", g2, "%", "eq")]))
                i += 2
                continue
            clauses.append(self.result(ind, s1, year, estimates and rng.random() < 0.5))
            if rng.random() < 0.6:
                again = self.restated(ind, s1, year)
                if again:
                    clauses.append(("+",) + again)
            i += 1
        if rng.random() < 0.9:
            income = self.income_result(year)
            clauses.extend(income if isinstance(income, list) else [income])
        sep = ";" if rng.random() < 0.75 else ","
        after_estimate = False
        for n, clause in enumerate(clauses):
            if clause[0] == "+":  # restatement: glued to the clause before it
                self.out.span(clause[1], clause[2])
                continue
            if n:  # 预计 reaches to the end of its sentence: an estimate ends one
                out.plain("。" if after_estimate else sep)
            out.span(clause[0], clause[1])
            after_estimate = any(f["kind"] == "estimate" for f in clause[1])
        out.plain("。")
        out.paragraph()
        scattered = [ind for ind in P.SCATTERED if rng.random() > 0.2]
        if "surveyed_unemployment_rate" in scattered and rng.random() < 0.5:
            scattered.remove("surveyed_unemployment_rate")
        calls = [functools.partial(self._emit_result, ind, year, estimates) for ind in scattered]
        rng.shuffle(calls)
        self.sections(P.SECTION_TOPICS_REVIEW, plan=False, extras=calls, share=0.45)
        out.plain(rng.choice(P.PROBLEMS))
        out.paragraph()

    def _emit_result(self, ind: str, year: int, estimates: bool) -> None:
        text, figs = self.result(ind, self.before[ind], year, estimates and self.rng.random() < 0.5)
        self.out.span(text, figs)

    def _emit_target(self, ind: str, year: int, prefix: str = "") -> None:
        text, figs = self.growth_target(ind, self.now[ind], year)
        if prefix and not text.startswith(("力争", "确保")):
            self.out.plain(prefix)
        self.out.span(text, figs)

    def sections(self, topics: list[str], plan: bool, extras: list, share: float) -> None:
        """Filler sections taking about `share` of what is left of the document's length."""
        rng = self.rng
        count = rng.randint(3, min(len(topics), 8))
        chosen = rng.sample(topics, count)
        left = max(0, self.target_len - self.out.pos - 1200)
        budget = int(left * share / count)
        per = [extras[i::count] for i in range(count)]
        for n, topic in enumerate(chosen):
            self.filler_section(n, topic, plan, budget, per[n])

    def targets(self) -> list:
        """The main expected targets; returns calls that state the remaining ones among the tasks."""
        rng, out, year = self.rng, self.out, self.year
        out.line(self.fill(rng.choice(P.HEAD_TARGETS[self.doc_type])))
        order = ["gdp", "industrial_va", "fai", "retail_sales", "budget_revenue", "resident_income",
                 "new_urban_jobs", "surveyed_unemployment_rate", "unemployment_rate", "cpi", "grain_output",
                 "rd_intensity", "foreign_trade", "fdi", "domestic_capital", "emissions", "energy_intensity"]
        main, later = [], []
        for ind in order:
            if ind in ("surveyed_unemployment_rate", "energy_intensity") and rng.random() < 0.5:
                continue
            if ind in ("rd_intensity", "foreign_trade", "fdi", "domestic_capital") and rng.random() < 0.5:
                if rng.random() < 0.8:
                    later.append(functools.partial(self._emit_target, ind, year, rng.choice(["全年", "", "年内"])))
                continue
            if ind not in P.CORE and rng.random() < 0.1:
                continue
            main.append(ind)
        out.plain(self.fill(rng.choice(P.LEAD_TARGETS)))
        bullets = self.style.bullets and self.doc_type != "work_report"
        if bullets:
            out.paragraph()
        sep = rng.choice([";", ","])
        for n, ind in enumerate(main):
            text, figs = self.growth_target(ind, self.now[ind], year)
            if bullets:
                out.plain("——")
                if self.style.bold_targets:
                    out.raw("**")
                out.span(text, figs)
                if self.style.bold_targets:
                    out.raw("**")
                out.plain(";" if n + 1 < len(main) else "。")
                out.paragraph()
            else:
                if n:
                    out.plain(sep)
                out.span(text, figs)
        if not bullets:
            out.plain("。")
            out.paragraph()
        if rng.random() < 0.3:
            later.append(self._emit_ahead)
        return later

    def _emit_ahead(self) -> None:
        """A target for a later year (到2025年 …)."""
        year = self.year + self.rng.randint(1, 2)
        value = fmt(self.now["rd_intensity"].target + self.rng.uniform(0.1, 0.5), 1)
        a = self.alias("rd_intensity")
        self.out.span(self.rng.choice(P.AHEAD_TARGET).format(y=year, a=a, v=value),
                      [self.fig("rd_intensity", year, "target", "level", value, "%", "eq")])

    def table(self) -> None:
        """Annex 主要预期目标安排: one row per indicator, last year's target and result, this year's target."""
        rng, out = self.rng, self.out
        out.line(self.fill(rng.choice(P.TABLE_TITLE)))
        header = [self.fill(h) for h in P.TABLE_HEADER]
        cells = self.style.table_cells
        out.raw(self.out._styled(" |\n".join(header) + " |" if cells else " | ".join(header)) + "\n")
        for ind in P.TABLE_LABELS:
            if ind in ("urban_income", "rural_income"):
                before, now = self.before["resident_income"], self.now["resident_income"]
                if before.target_op != "sync" or now.target_op != "sync":
                    continue
                actual = self.before[ind]
                row = [P.TABLE_LABELS[ind] + "增长(%)", "与经济增长同步", fmt(actual.growth), "与经济增长同步"]
                figs = [self.fig(ind, self.year - 1, "target", "growth", None, None, "sync", source="table"),
                        self.fig(ind, self.year - 1, "actual", "growth", fmt(actual.growth), "%", "eq",
                                 source="table"),
                        self.fig(ind, self.year, "target", "growth", None, None, "sync", source="table")]
            else:
                before, now = self.before[ind], self.now[ind]
                if (before.target_measure != now.target_measure or "gt" in (before.target_op, now.target_op)
                        or rng.random() < 0.15):
                    continue
                measure, unit = now.target_measure, now.target_unit
                if measure == "growth":
                    actual = before.growth
                else:
                    actual = before.level
                if actual is None:
                    continue
                digits = 2
                sign = -1 if ind == "energy_intensity" else 1
                label = P.TABLE_LABELS[ind]
                label += ("下降(%)" if sign < 0 else "增长(%)") if measure == "growth" and ind != "cpi" else f"({unit})"
                words = {"approx": "左右", "ge": "以上", "le": "以内", "eq": ""}
                t0, a0, t1 = fmt(sign * before.target, digits), fmt(sign * actual, digits), fmt(sign * now.target, digits)
                row = [label, t0 + words[before.target_op], a0, t1 + words[now.target_op]]
                figs = [self.fig(ind, self.year - 1, "target", measure, fmt(before.target, digits), unit,
                                 before.target_op, source="table"),
                        self.fig(ind, self.year - 1, "actual", measure, fmt(actual, digits), unit, "eq",
                                 source="table"),
                        self.fig(ind, self.year, "target", measure, fmt(now.target, digits), unit,
                                 now.target_op, source="table")]
            text = self.out._styled(" |\n".join(row) + " |" if cells else " | ".join(row)).strip()
            out.span(text, figs, styled=True)
            out.raw("\n")

    # Whole documents ----------------------------------------------------------------------------------
    def compose(self) -> SyntheticReport:
        rng, out, r = self.rng, self.out, self.region
        sub = {**self.subs, "m": rng.randint(1, 2), "d": rng.randint(3, 28),
               "k": chinese_numeral(rng.randint(5, 19)), "j": chinese_numeral(rng.randint(1, 5))}
        if self.doc_type == "plan_notice":
            out.line(rng.choice(P.TITLE_PLAN_NOTICE).format(**sub))
            out.line(P.ADDRESSEES[r.level])
            out.line(rng.choice(P.OPENING_NOTICE).format(**sub))
            out.line(f"{r.name}{self.year}年国民经济和社会发展计划")
            later = self.targets()
            heads = P.HEAD_TASKS["plan_notice"]
            out.line(self.fill(rng.choice(heads)))
            self.sections(P.SECTION_TOPICS_PLAN, plan=True, extras=later, share=0.95)
            out.line(P.SIGNATURE.format(**sub))
        else:
            if self.doc_type == "plan_execution":
                out.line(rng.choice(P.TITLE_PLAN_EXECUTION).format(**sub))
                out.line(P.SESSION_LINE.format(**sub))
                out.line(P.PLAN_BODY[r.level].format(**sub))
                out.line("各位代表:")
                out.line(rng.choice(P.OPENING_PLAN).format(**sub))
            else:
                out.line(rng.choice(P.TITLE_WORK_REPORT).format(**sub))
                out.line(P.SESSION_LINE.format(**sub))
                out.line(f"{r.name}人民政府")
                out.line("各位代表:")
                out.line(rng.choice(P.OPENING_WORK).format(**sub))
            self.review()
            later = self.targets()
            if self.doc_type == "plan_execution":
                out.line(self.fill(rng.choice(P.HEAD_TASKS["plan_execution"])))
            self.sections(P.SECTION_TOPICS_PLAN, plan=True, extras=later, share=0.95)
            if self.doc_type == "work_report":
                out.line(P.GOVERNMENT_SELF[0])
                out.line(P.GOVERNMENT_SELF[1])
            while out.pos < MIN_CHARS:
                self.filler_paragraph(-1, plan=True)
                out.paragraph()
            out.line(rng.choice(P.CLOSING).format(**sub))
            if self.doc_type == "plan_execution" and rng.random() < 0.5:
                self.table()
            elif self.doc_type == "work_report" and rng.random() < 0.5:
                out.line(rng.choice(P.FOOTER).format(**sub))
        while out.pos < MIN_CHARS:
            self.filler_paragraph(-1, plan=True)
            out.paragraph()
        return SyntheticReport(self.name, out.text(), r.name, r.parent, self.year, self.doc_type,
                               out.figures, r.level)


# --- the stream of documents -------------------------------------------------------------------------

def generate(n: int, seed: int = 0) -> Iterator[SyntheticReport]:
    """`n` synthetic reports, the same ones for the same seed.

    Reports come in clusters: a city and some of its districts and counties in the same year (so that
    escalation can be computed), and now and then the same government's report of the next year (so that
    targets meet their results).
    """
    rng = random.Random(f"docs|{seed}")
    world = World(seed, n_cities=max(3, min(300, n // 12 + 3)))
    doc_types, weights = list(DOC_TYPE_WEIGHTS), list(DOC_TYPE_WEIGHTS.values())
    made = 0
    while made < n:
        city = rng.choice(world.cities)
        year = rng.choice(YEARS)
        kids = world.children[city.name]
        members = ([city] if rng.random() < 0.7 else []) + rng.sample(kids, rng.randint(1, min(3, len(kids))))
        plan: list[tuple[Region, int]] = [(m, year) for m in members]
        if year + 1 in YEARS and rng.random() < 0.3:
            plan.append((rng.choice(members), year + 1))
        for region, y in plan:
            if made >= n:
                break
            doc_type = rng.choices(doc_types, weights)[0]
            name = f"{made:05d}_{region.name}_{y}_{doc_type}.txt"
            yield Composer(world, region, y, doc_type, name, random.Random(rng.getrandbits(64))).compose()
            made += 1


def write(reports: Iterator[SyntheticReport], out: Path) -> dict[str, float]:
    """Writes each report's text, `expected.jsonl` (figures) and `documents.jsonl` (what each file is)."""
    out.mkdir(parents=True, exist_ok=True)
    chars = docs = figures = 0
    with open(out / "expected.jsonl", "w", encoding="utf-8") as expected, \
            open(out / "documents.jsonl", "w", encoding="utf-8") as documents:
        for report in reports:
            (out / report.name).write_text(report.text, encoding="utf-8")
            for fig in report.figures:
                expected.write(json.dumps(fig, ensure_ascii=False) + "\n")
            documents.write(json.dumps({"doc": report.name, "region": report.region, "parent": report.parent,
                                        "level": report.level, "year": report.year,
                                        "doc_type": report.doc_type, "chars": len(report.text)},
                                       ensure_ascii=False) + "\n")
            chars += len(report.text)
            docs += 1
            figures += len(report.figures)
    return {"documents": docs, "characters": chars, "figures": figures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planwatch.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="number of reports")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="folder for the .txt files and expected.jsonl")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    totals = write(generate(args.n, args.seed), args.out)
    seconds = time.perf_counter() - started
    print(f"{totals['documents']} reports, {totals['characters']:,} characters, {totals['figures']} figures "
          f"in {seconds:.1f} s → {args.out}", file=sys.stderr)
    return 0

"""The years a figure covers: one year, or several.

Reports state figures of several years beside those of one: an average (年均增长6%), a total (累计新增就业
22万人), a change since a base before last year (较“十三五”末增长33.6%), and in a review of a five-year plan
every growth and every total (五年来，…增长19.8%). None of them is a year's result or target. A streak
(连续5年超过2%) is not one of them: it holds of each of its years, the last one too. This module holds the
grammar of those words (`[period]` and `[plans]` in `grammar/lexicon.toml`) and turns what it finds into
spans of years; the engine decides, figure by figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from planwatch.engine.grammar import alternation, grammar
from planwatch.engine.numbers import NotANumber, parse_number
from planwatch.engine.scan import scan_pattern

Span = tuple[int, int]  # first and last year, both included


@dataclass(frozen=True, slots=True)
class PeriodGrammar:
    several: re.Pattern  # in the predicate words before a number: 年均, 累计
    years: re.Pattern  # in a clause before a number: 五年, 近三年
    base: re.Pattern  # 较“十三五”末, 比2020年
    own_year: re.Pattern  # 2020年的 right before a number
    names: re.Pattern  # “十四五”时期, 近三年, 今后五年
    annual: re.Pattern  # 全年, 当年: one year
    year_on_year: re.Pattern  # 同比: a sentence of one year
    months: re.Pattern  # 连续20个月: a streak of months, no figure of the year
    part_of_year: re.Pattern  # 上半年, 前三季度, 1—11月
    part_of_year_paragraph: re.Pattern  # a paragraph opened by one: 2022年一季度，…
    streak: re.Pattern  # 连续5年: a streak of years, a figure of each of them
    held: re.Pattern  # 稳定在: in a review of several years, a level held through them
    baseline_before: tuple[str, ...]  # 从, 由
    baseline: re.Pattern  # 从, 由上半年的 ending the words before a change's start (`within`: a time inside the year)
    baseline_after: re.Pattern  # 提高到
    change: re.Pattern  # 增加 (an amount changed, not reached)
    reached: re.Pattern  # 达到 (the level of a flow in one year, not its total over several)


_MADE_PERIOD_GRAMMAR: Final[list[PeriodGrammar]] = []  # once made


def period_grammar() -> PeriodGrammar:
    """The period grammar, made once (asked for each figure's words: a list read here is cheaper than a call through
    functools.cache)."""
    if not _MADE_PERIOD_GRAMMAR:
        _MADE_PERIOD_GRAMMAR.append(_made_period_grammar())
    return _MADE_PERIOD_GRAMMAR[0]


def _made_period_grammar() -> PeriodGrammar:
    p = grammar().lexicon["period"]
    return PeriodGrammar(
        several=scan_pattern(alternation(p["average"] + p["total"])),
        years=scan_pattern(p["years"]),
        base=scan_pattern(p["base"]),
        own_year=scan_pattern(p["own_year"]),
        names=scan_pattern(p["names"]),
        annual=scan_pattern(alternation(p["annual"])),
        year_on_year=scan_pattern(alternation(p["year_on_year"])),
        months=scan_pattern(p["months"]),
        # 从上半年5.5%降到5.3%: the time of the change's start, not the sentence's
        part_of_year=scan_pattern(rf"(?<![{''.join(p['baseline_before'])}])(?:{p['part_of_year']})"),
        part_of_year_paragraph=scan_pattern(rf"^[\s—]*(?:(?:19|20)\d\d年)?(?:{p['part_of_year']})[,:，：]", re.MULTILINE),
        streak=scan_pattern(p["streak"]),
        held=scan_pattern(p["held"]),
        baseline_before=tuple(p["baseline_before"]),
        baseline=scan_pattern(
            rf"(?:{alternation(p['baseline_before'])})"
            rf"(?:(?P<within>{p['part_of_year']}|{alternation(p['baseline_within'])})|{alternation(p['baseline_prior'])})?的?$"),
        baseline_after=scan_pattern(p["baseline_after"]),
        change=scan_pattern(p["change"]),
        reached=scan_pattern(p["reached"]),
    )


def plan_years(name: str) -> Span | None:
    """The years of the five-year plan named by its ordinal (十四 of 十四五, 第十四个五年规划)."""
    first = grammar().lexicon["plans"].get(name)
    return (first, first + 4) if first else None


def count_years(text: str | None) -> int | None:
    """A number of years written 五, 5, 两, 十."""
    if not text:
        return None
    try:
        return int(parse_number(text))
    except NotANumber:
        return None


def back(n: int | None, last: int | None) -> Span | None:
    """The `n` years up to `last`; None for less than two years."""
    if n is None or last is None or n < 2:
        return None
    return last - n + 1, last


def named_span(m: re.Match, review_year: int | None, plan_year: int | None) -> Span | None:
    """The years a match of `names` stands for."""
    g = m.groupdict()
    if g.get("plan") or g.get("ordinal"):
        return plan_years(g.get("plan") or g["ordinal"])
    if g.get("ahead"):
        n = count_years(g["ahead"])
        return (plan_year, plan_year + n - 1) if plan_year is not None and n and n > 1 else None
    return back(count_years(g.get("back") or g.get("since")), review_year)


def base_year(m: re.Match) -> int | None:
    """The year a match of `base` compares with: 较“十三五”末 → 2020, 比2020年 → 2020."""
    if m.group("year"):
        return int(m.group("year"))
    years = plan_years(m.group("plan"))
    return years[1] if years else None


def own_year(prefix: str) -> int | None:
    """The year written right before a number (2020年的, “十三五”末的), if any."""
    m = period_grammar().own_year.search(prefix)
    if not m:
        return None
    return base_year(m)


def period_text(span: Span) -> str:
    """A period as stored: "2021-2025"."""
    return f"{span[0]}-{span[1]}"

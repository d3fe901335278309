"""Which indicators a report names with a number in its review of a year, whatever the engine read there.

`planwatch check` uses it to tell two cases apart for a target without a result: the report on the
target's year never names the indicator with a number (the government did not say how it did:
`unreported`), or it does and the engine read no result there (`missing_result`: most often a figure the
engine missed). A coarse reading on purpose: a name, then a number before the next name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from planwatch.engine import regex_cache
from planwatch.engine.grammar import alternation, grammar
from planwatch.engine.periods import period_grammar
from planwatch.engine.reading import normalized_outline
from planwatch.engine.scan import scan_pattern
from planwatch.engine.structure import SENTENCE_END, spans
from planwatch.models import Document


@cache
def _names() -> re.Pattern:
    """Every indicator's name and alias, longest first (城镇居民人均可支配收入 before 居民人均可支配收入), but
    the plain words that name one only in a growth rate stated of them alone (投资): read coarsely, they
    would name it in every sentence on projects."""
    g = grammar()
    plain = {alias for ind in g.indicators.values() for alias in ind.growth_aliases}
    return regex_cache.compile(alternation([alias for alias in g.alias_index if alias not in plain]))


# A number after a name in its sentence (not a year), and whether a percentage (增长6.5%, 下降0.3个百分点).
_NUMBER = regex_cache.compile(r"\d+(?:\.\d+)?\s*(%|％|个百分点)?(?!\d|\s*年)")


@cache
def _several_years() -> re.Pattern:
    """Words between a name and its number that make the number one of several years, from the periods
    grammar: an average or a total (年均, 累计), a count of years (五年), a base (较“十三五”末, 比2020年) or a
    start (从2020年)."""
    pg = period_grammar()
    start = rf"(?:{alternation(pg.baseline_before)})(?:19|20)\d\d年"
    return scan_pattern("|".join((pg.several.pattern, pg.years.pattern, pg.base.pattern, start)))


Named = dict[int, frozenset[tuple[str, str]]]


def named_in_review(document: Document) -> Named:
    """For each year `document` reviews, the (indicator, measure) pairs it names there with a number of one
    year after the name in the same sentence: a percentage for the indicator's percentage measure (growth,
    or the level of a rate), any other number for its level. In a review of several years only sentences
    naming the year count. A joint indicator counts as named when one of its parts is."""
    g = grammar()
    norm, read = normalized_outline(document.text, document.facts)
    text, sections = norm.text, read.sections
    named: dict[int, set[tuple[str, str]]] = {}
    for section, after in zip(sections, [*sections[1:], None]):
        first, last = section.span or (section.year, section.year)
        if section.part != "review" or first is None or last is None:
            continue
        stop = after.start if after is not None else len(text)
        for a, b in spans(text, SENTENCE_END, section.start, stop):
            sentence = text[a:b]
            years = [y for y in range(first, last + 1) if f"{y}年" in sentence] if section.span else [first]
            if not years:
                continue
            found = _stated(sentence)
            for year in years:
                named.setdefault(year, set()).update(found)
    return {year: frozenset(found | {(ident, measure) for ident, ind in g.indicators.items() if ind.parts
                                     for part, measure in found if part in ind.parts})
            for year, found in named.items()}


def _stated(sentence: str) -> set[tuple[str, str]]:
    """(indicator, measure) of each name in `sentence` with a number of one year after it, before the next
    name (社会消费品零售总额达800亿元，进出口增长6%: no growth of retail sales)."""
    g = grammar()
    names = list(_names().finditer(sentence))
    found = set()
    for m, after in zip(names, [*names[1:], None]):
        indicator = g.indicators[g.alias_index[m.group()]]
        stop = after.start() if after is not None else len(sentence)
        for n in _NUMBER.finditer(sentence, m.end(), stop):
            if not _several_years().search(sentence, m.end(), n.start()):
                found.add((indicator.id, indicator.pct_measure if n.group(1) else "level"))
    return found


def named_data(named: Named) -> dict[str, list[list[str]]]:
    """`named_in_review`'s answer as JSON data, in a stable order: {"2023": [["gdp", "growth"], …]}."""
    return {str(year): [list(pair) for pair in sorted(pairs)] for year, pairs in sorted(named.items())}


def named_from_data(data: Mapping[str, Any]) -> Named:
    """`named_data` undone."""
    return {int(year): frozenset((indicator, measure) for indicator, measure in pairs)
            for year, pairs in data.items()}

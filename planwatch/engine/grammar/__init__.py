"""The grammar as data: indicator catalog, units, comparator and cue words (TOML files here).

Everything language-specific the extractor knows is in these files; adding an indicator, a unit or
a comparator word is a data change. `grammar()` loads and compiles them once per process.
"""

from __future__ import annotations

import marshal
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from planwatch.engine import regex_cache

if TYPE_CHECKING:
    from planwatch.engine.catalog import Indicator


def load_toml(name: str) -> dict[str, Any]:
    """A grammar file, parsed (its parse kept with the compiled patterns: parsing the grammar took a
    twentieth of a command's start-up). Each call gets its own copy."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    parsed = regex_cache.remembered("toml", text, 0, lambda: tomllib.loads(text))
    return marshal.loads(marshal.dumps(parsed))


def alternation(words) -> str:
    """A pattern matching any of `words`, the longest first, as a trie (万(?:人|元)? for 万元|万人|万).

    It matches what the flat alternation of the words, longest first, matches and backtracks in the same
    order (the words that match at one place are prefixes of each other, and both try them longest
    first), but Python's regex engine tries a flat alternation's words one by one at every position,
    and a trie's branches by their first character only."""
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return f"(?:{'|'.join(branches)}){'?' if '' in node else ''}"


@dataclass(slots=True)
class Grammar:
    indicators: dict[str, Indicator]  # planwatch.catalog.Indicator, by id
    alias_index: dict[str, str]  # alias → indicator id
    units: dict[str, Any]
    lexicon: dict[str, Any]
    unit_pattern: str = ""
    leading_words: str = ""  # the alternation of words peeled off the front of a subject
    leading_re: re.Pattern = field(default=None)  # type: ignore[assignment]
    predicates: str = ""  # the alternation of words allowed between a subject and its number (regexes)
    predicate_sources: tuple[str, ...] = ()  # those words (regexes) one by one
    predicate_re: re.Pattern = field(default=None)  # type: ignore[assignment]
    steady_growth: re.Pattern = field(default=None)  # type: ignore[assignment]  # 稳中提质: a target asking for growth

    def ops(self, position: str) -> list[tuple[str, str]]:
        """(word, op) pairs of one comparator position (suffix / inner / prefix), longest word first."""
        table = self.lexicon["comparators"][position]
        pairs = [(w, op) for op, words in table.items() for w in words]
        return sorted(pairs, key=lambda p: -len(p[0]))


def _alternatives(patterns: list[str]) -> str:
    """The alternation of `patterns`, tried in their order, each run of plain words in it as one trie
    (see `alternation`: the same matches in the same order)."""
    out: list[str] = []
    words: list[str] = []
    for p in [*patterns, None]:
        if p is not None and re.escape(p) == p:
            words.append(p)
            continue
        if words:
            out.append(f"(?:{alternation(words)})")
            words = []
        if p is not None:
            out.append(f"(?:{p})")
    return "|".join(out)


def _unit_pattern(units: dict[str, Any]) -> str:
    base = alternation(units["base"])
    mags = alternation(units["magnitudes"])
    whole = alternation(units["percent"] + units["points"] + units["ratios"])
    # A ratio unit: 万元/亩, 个/千人. First a look for its slash within the most characters a unit before it spans (no
    # unit holds one): without it, the regex engine tried the words of a unit before a slash at every quantity, to
    # find no slash, then the same words again as a unit alone.
    reach = max(map(len, units["magnitudes"]), default=0) + max(map(len, units["base"]))
    ratio = rf"(?=.{{1,{reach}}}/)(?:(?:{mags})?(?:{base}))/(?:(?:{mags})?(?:{base})|年|天|日)"
    return rf"(?:{whole}|{ratio}|(?:{mags})?(?:{base})|(?:{mags}))"


@cache
def grammar() -> Grammar:
    from planwatch.engine.catalog import catalog  # the catalog's typed entries (it reads indicators.toml)

    indicators = dict(catalog())
    alias_index: dict[str, str] = {}
    for ind in indicators.values():
        for alias in (ind.name, *ind.aliases):
            alias_index.setdefault(alias, ind.id)
    lexicon = load_toml("lexicon.toml")
    units = load_toml("units.toml")
    g = Grammar(indicators=indicators, alias_index=alias_index, units=units, lexicon=lexicon)
    g.unit_pattern = _unit_pattern(units)
    subject = lexicon["subject"]
    g.leading_words = (rf"{alternation(subject['leading'])}|(?:到|至|截至|截止)?(?:19|20)\d\d年(?:度|底|末|前)?|[、,]"
                       rf"|{subject['caption']}|{subject['tags']}")
    g.leading_re = regex_cache.compile(rf"^(?:{g.leading_words})+")
    # Predicate words, and the comparators written before a number (连跨, 不低于): both stand between them.
    comparators = [re.escape(w) for w, _ in g.ops("prefix")]
    predicates = sorted(set(subject["predicate"] + comparators), key=lambda w: -len(w))
    g.predicates = _alternatives(predicates)
    g.predicate_sources = tuple(sorted(predicates))
    g.predicate_re = regex_cache.compile(g.predicates)
    g.steady_growth = regex_cache.compile(lexicon["phrases"]["steady_growth"])
    return g

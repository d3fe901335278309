"""The extraction engine: every quantified target and result of a document, as `Figure`s.

The path of one sentence: normalised text → clauses (cut at commas and colons) → in each clause the
quantities, grouped into lists (61040元、30876元) → for each group its subject (the words before the
number, once scope words like 全市/全年/力争 and predicate words like 完成/增长/控制在 are peeled
off) → the catalog indicator whose alias the subject is, exactly → measure, operator, kind and year
from the predicate words, the part of the document and its cues. A clause without a subject
(",增长9.7%") takes the subject of the clause before it; 分别 lists distribute over the subject's
items (城乡居民… → 城镇…, 农村…). A figure of several years (年均, 累计, a growth in a review of a
five-year plan; `periods.py`) gets its period and is never a catalog figure of one year.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import chain
from typing import Any, Final, TypeVar

from ahocorasick_rs import AhoCorasick

from planwatch.engine import regex_cache
from planwatch.engine.bisection import bisect_left, bisect_left_near, bisect_right
from planwatch.engine.grammar import Grammar, alternation, grammar, load_toml
from planwatch.engine.catalog import Indicator
from planwatch.models import Document, DocumentFacts, Figure
from planwatch.engine.page import link_spans
from planwatch.engine.normalize import Normalized, graphic_caption, normalized_class, opens_item, opens_line
from planwatch.engine.numbers import CN_NUMERAL_CHARS
from planwatch.engine.periods import (
    PeriodGrammar, Span, back, base_year, count_years, named_span, own_year, period_grammar, period_text,
)
from planwatch.engine.quantities import Quantity, Spans, find_quantities
from planwatch.engine.reading import normalized_outline
from planwatch.engine.scan import (
    Gated, Hits, Openings, StartGate, WordSet, after_marks, at_line_starts, holds_any, last_characters, leads, matches,
    reads_marks_as_end, required_words, scan_pattern, scanner,
)
from planwatch.engine.structure import (
    CLAUSE_END, CLAUSE_MARKS, SENTENCE_END, SENTENCE_MARKS, Outline, Section, opening_words, reviewed_year, spans,
    without_opening,
)
from planwatch.engine.tables import (
    ESTIMATE_MARKS, QUALITATIVE_CELL, RANGE_CELL, VALUE_LEAD, Column, Row, Table, find_tables, value_parts,
)
from planwatch.engine.word_runs import UNTOLD, WordRuns, run_end

_BULLETS: Final = "●○◆◇■□▲△▼▽★☆•◎◉▪▫►▶▸‣⁃※√✓✔➢➤❖◼◾◽"
_PUNCT: Final = "、,()（）“”\"'《》 \t·.．-—|" + _BULLETS
_PUNCT_MARK: Final = regex_cache.compile(f"[{re.escape(_PUNCT)}]")
_PUNCT_OR_OF: Final = _PUNCT + "的"  # what a subject's words are stripped of before they are read
_MAX_SENTENCE: Final = 1000  # the longest stretch looked back over for the start of a full sentence
_NEAR_CLAUSE: Final = 32  # the characters before a position read one by one for the start of its clause
_MAX_ITEMS: Final = 30  # the most items of a bulleted list looked over, each way, for its numbered targets
_ITEM_MARK: Final = 4  # characters enough to tell a line opening with a bullet
_BLANK: Final = " \t\n"
_CLAUSE_OR_SENTENCE_MARKS: Final = CLAUSE_MARKS + SENTENCE_MARKS
_CLAUSE_OR_SENTENCE_END: Final = regex_cache.compile(f"[{_CLAUSE_OR_SENTENCE_MARKS}]")  # (a class: skipped to)
_MAX_CUE_OFFSET: Final = 8  # how far into a sentence 预计 may stand and still open it ("2024年，预计…")
_MAX_PREDICATE: Final = 24  # the longest run of predicate words looked for between a subject and its number
# How far a figure's quote reaches from its number, at most, back to its subject or on to the end of its list:
# far more than a sentence holds, but a line without punctuation (a table's text) would make each figure quote
# the whole line, and the figures' quotes together grow with the square of its length
_QUOTE_REACH: Final = 300
_MIN_STATED_NAME: Final = 4  # the shortest alias that opens a clause telling an indicator's state (not 经济, 外贸)
_MAX_ELLIPTIC: Final = 6  # the longest elliptic subject completed by its topic (_complete)
_MAX_CAPTION_ITEMS: Final = 4  # the lines of figures a news graphic's caption stands over (_caption_topic)
_MAX_CAPTION_ITEM: Final = 30


# Subject and _Hit, made for each figure, write out their __init__: mypyc compiles it, where the one a dataclass
# makes would run as Python, called with its arguments in a dict (a fifth of the time of a figure's own work).
@dataclass(init=False, slots=True)
class Subject:
    """What a clause is about: its text and the catalog indicator it names (if any)."""

    text: str
    indicator: str | None
    start: int  # where the clause holding it starts (for quotes)
    growth: bool  # the subject itself names a growth rate (…增速)
    restated: bool  # borrowed from the topic by a restated target; not a new topic
    context: str  # the sentence's topic when this subject was read, to complete elliptic items

    def __init__(self, text: str, indicator: str | None, start: int, growth: bool = False, restated: bool = False,
                 context: str = ""):
        self.text, self.indicator, self.start = text, indicator, start
        self.growth, self.restated, self.context = growth, restated, context


class _SubjectWords:
    """What the words before a number say of its subject by themselves (`_Engine._subject_words`): the words
    left of it once stripped (`text`); `named`: the subject they name (`name`, its `indicator`) whatever came
    before them; else `name` is their core, which the topic may complete or stand for (none: empty). Read once
    for each wording in a document (in a generated report, or a table made text, the same words stand before
    many numbers)."""

    __slots__ = ("name", "indicator", "growth", "named", "text")

    def __init__(self, name: str, indicator: str | None, growth: bool, named: bool, text: str) -> None:
        self.name, self.indicator, self.growth, self.named, self.text = name, indicator, growth, named, text


@dataclass(init=False, slots=True)
class _Hit:
    """A figure found, before it becomes a `Figure` (offsets still in the normalised text)."""

    indicator: str
    label: str
    measure: str
    value: Decimal | None
    unit: str | None
    op: str
    kind: str
    year: int | None
    qualifier: str | None
    start: int
    end: int
    source: str
    restated: bool
    range: bool
    section: str | None
    period: Span | None  # a figure of several years: its first and last (== year) years
    streak: tuple[str, Span | None] | None  # a bound held over years: the words saying so and the years

    def __init__(self, indicator: str, label: str, measure: str, value: Decimal | None, unit: str | None, op: str,
                 kind: str, year: int | None, qualifier: str | None, start: int, end: int, source: str = "text",
                 restated: bool = False, range: bool = False, section: str | None = None,
                 period: Span | None = None, streak: tuple[str, Span | None] | None = None):
        self.indicator, self.label, self.measure, self.value, self.unit = indicator, label, measure, value, unit
        self.op, self.kind, self.year, self.qualifier, self.start, self.end = op, kind, year, qualifier, start, end
        self.source, self.restated, self.range, self.section = source, restated, range, section
        self.period, self.streak = period, streak


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The lexicon compiled for the engine."""

    g: Grammar
    # the grammar's catalog, read at each figure: attributes of this compiled class, not of the Python Grammar
    alias_index: dict[str, str]
    indicators: dict[str, Indicator]
    prefix_ops: dict[str, str]  # comparator word written before a number → op
    prefix_op_re: re.Pattern
    goal_only: re.Pattern  # a comparator before a number that bounds only a goal (控制在)
    growth_up: re.Pattern
    growth_down: re.Pattern
    level_marker: re.Pattern
    nominal: re.Pattern  # a growth at current prices (现价增长)
    growth_after: tuple[str, ...]
    target_cues: tuple[str, ...]
    lead_in: re.Pattern
    lead_in_words: tuple[str, ...] | None  # one of which every lead-in holds (required_words)
    comparisons: tuple[str, ...]
    comparison_firsts: str  # their first characters (most texts open with none: told before the words are tried)
    part_of: tuple[str, ...]
    growth_subject: tuple[str, ...]
    target_subject: tuple[str, ...]  # words after an indicator's name that make the subject its target
    falls: tuple[str, ...]
    growth_rows: frozenset[str]  # table row labels that mean "the growth of the row above"
    restated_before: re.Pattern
    estimate_re: re.Pattern
    estimate_paragraph: re.Pattern
    caption_line: re.Pattern  # a news graphic's caption opening a line (5.5%——…)
    estimate_below: re.Pattern  # a note making the figure before it and all after it estimates: (预计,下同)
    estimate_after_subject: tuple[str, ...]
    qualifier_re: re.Pattern
    restated_after: re.Pattern
    restated_last_year: re.Pattern
    table_estimate_mark: re.Pattern
    table_estimate_rows: re.Pattern
    table_note_chars: int
    year_move: re.Pattern
    year_marks: re.Pattern
    move_words: tuple[str, ...]
    sync: Gated
    sync_negations: tuple[str, ...]
    # (searched in a clause only where it holds a word each requires: most clauses with a hint hold none)
    qualitative: tuple[Gated, ...]
    qualitative_named: tuple[Gated, ...]  # the same, stating a figure only of an indicator they name
    qualitative_negations: tuple[str, ...]
    listed_qualitative: re.Pattern
    announced: re.Pattern  # words announcing a list of targets (主要预期目标是：)
    list_close: re.Pattern  # the words closing a list of indicators (…、安全生产等约束性指标)
    growth_phrases: re.Pattern  # growth stated in words (零增长, 保持下降); `growth_words` gives their figures
    growth_words: dict[str, tuple[Decimal, str, str, bool]]  # word → value, op in the plan and in the review,
    # a change since a base (翻番)
    phrase_hint_words: tuple[str, ...]  # a sentence without a number can state a figure only if it holds one
    relative: re.Pattern
    attributive: re.Pattern
    magnitudes: tuple[str, ...]
    base_units: frozenset[str]
    predicate_words: re.Pattern  # the grammar's predicate words (Grammar.predicate_re)
    predicate_tail: re.Pattern
    # A run of predicate words and punctuation, each word where `predicate_words.sub` takes it: at each place, the
    # word its pattern matches there first, never another (atomic), else a mark; no backtracking into the run
    # (possessive). It stops at the first character that neither opens a word nor is a mark, where `sub` would leave
    # it: a text is all of it where `sub` leaves only marks (`_is_predicate_only`: a search of the whole text, where
    # most stop at their first character)
    predicate_or_punctuation: re.Pattern
    # the same two readings (`predicate_tail`, `predicate_or_punctuation`) without the regex engine where none of
    # the patterns among the predicates matches (`word_runs`)
    predicate_tail_runs: WordRuns
    predicate_runs: WordRuns
    # What a run of predicate words ending a text ends with: a character of the class, or (a word whose last
    # character cannot be told: 扣除…因素) a word it holds; None: not told
    predicate_tail_gate: tuple[_CharacterClass, tuple[str, ...]] | None
    list_sep: re.Pattern
    item_split: re.Pattern
    item_separators: WordSet  # what `item_split` splits at: whether a text holds one
    distributive: tuple[tuple[str, tuple[str, ...]], ...]
    distributive_keys: tuple[str, ...]
    emission_words: tuple[str, ...]
    # every alias, found by an automaton that stops at the first match (not the leftmost-longest one of `scan.Hits`,
    # which reads on): whether a text holds one
    aliases: AhoCorasick
    alias_lengths: dict[str, tuple[int, ...]]  # first character → lengths of aliases, longest first
    longest_alias: int  # the length of the longest alias
    alias_end_lengths: dict[str, tuple[int, ...]]  # last character → lengths of aliases, longest first
    alias_heads: frozenset[str]  # the first _MAX_ELLIPTIC characters or fewer of each alias
    alias_tails: frozenset[str]  # the last _MAX_ELLIPTIC characters or fewer of each alias
    statement_openers: tuple[str, ...]  # words of time that open a statement (全年, 今年 …)
    sub_area: re.Pattern  # a subject opening with a part of the region (开发区, 高新区 …)
    sub_area_word: re.Pattern  # the word of such a part (开发区)
    leading_word: re.Pattern  # one of the grammar's leading words (全年, 2024年, 、)
    leading_gate: StartGate  # whether a text may open with one (most subjects open with none)
    enumeration_gate: StartGate  # whether a text may open with an item's number (`_ENUMERATION`)
    sub_area_lead: re.Pattern  # a paragraph led by a short sentence about a part of the region
    statement_verbs: tuple[str, ...]  # verbs that may follow them before its subject (实现, 完成 …)
    object_verbs: tuple[str, ...]  # verbs whose object the document's own name opens (带动全市进出口)
    sessions_plan_next_from: int  # the month from which a session plans the next year (facts.toml)


@dataclass(frozen=True, slots=True)
class _Guards:
    """The lexicon's patterns asked of the few words about each figure (its clause before it, the words after
    it), where they seldom match: tried only where their words or first characters stand (`scan.Gated`)."""

    restated_after: Gated
    restated_before: Gated
    restated_last_year: Gated
    goal_only: Gated
    attributive: Gated
    nominal: Gated
    months: Gated
    streak: Gated
    baseline_after: Gated
    reached: Gated
    years: Gated  # 近三年, 两年: a count of years


_MADE_GUARDS: Final[list[_Guards]] = []  # once made


def _guards() -> _Guards:
    """The guards, made once (asked for each figure's words: see `_lexicon`)."""
    if not _MADE_GUARDS:
        _MADE_GUARDS.append(_made_guards())
    return _MADE_GUARDS[0]


def _made_guards() -> _Guards:
    lx, pg = _lexicon(), period_grammar()
    return _Guards(Gated(lx.restated_after), Gated(lx.restated_before), Gated(lx.restated_last_year),
                   Gated(lx.goal_only), Gated(lx.attributive), Gated(lx.nominal), Gated(pg.months), Gated(pg.streak),
                   Gated(pg.baseline_after), Gated(pg.reached), Gated(pg.years))


_MADE_LEXICON: Final[list[_Lexicon]] = []  # the lexicon, once made


def _lexicon() -> _Lexicon:
    """The grammar's words as the engine reads them, made once (asked at each subject: a list read here is cheaper
    than a call through functools.cache)."""
    if not _MADE_LEXICON:
        _MADE_LEXICON.append(_made_lexicon())
    return _MADE_LEXICON[0]


def _made_lexicon() -> _Lexicon:
    g = grammar()
    leading_word = regex_cache.compile(f"(?:{g.leading_words})")
    lx = g.lexicon
    measure = lx["measure"]
    phrases = lx["phrases"]
    seps = lx["list"]["separators"]
    emissions = g.indicators.get("emissions")
    predicate_words = scanner(g.predicate_re)
    growth_words = {
        word: (Decimal(entry["value"]), entry["plan"], entry["review"], entry.get("since_base", False))
        for entry in phrases["growth"] for word in entry["words"]
    }
    return _Lexicon(
        g=g,
        alias_index=g.alias_index,
        indicators=g.indicators,
        prefix_ops=dict(g.ops("prefix")),
        prefix_op_re=scan_pattern(rf"({alternation(w for w, _ in g.ops('prefix'))})(?:在|到)?$"),
        goal_only=scan_pattern(rf"(?:{alternation(lx['comparators']['goal_only'])})$"),
        growth_up=scan_pattern(alternation(measure["growth_up"])),
        growth_down=scan_pattern(alternation(measure["growth_down"])),
        level_marker=scan_pattern(
            rf"(?:{alternation(measure['growth_up'] + measure['growth_down'])})(?:{alternation(measure['level_markers'])})$"
            rf"|(?:{alternation(measure['level_verbs'])})$"
        ),
        growth_after=tuple(measure["growth_after"]),
        nominal=scan_pattern(alternation(measure["nominal"])),
        target_cues=tuple(lx["kind"]["target_cues"]),
        lead_in=scan_pattern(lx["subject"]["lead_in"]),
        lead_in_words=required_words(lx["subject"]["lead_in"]),
        comparisons=tuple(lx["subject"]["comparisons"]),
        comparison_firsts="".join(sorted({w[0] for w in lx["subject"]["comparisons"]})),
        part_of=tuple(lx["subject"]["part_of"]),
        growth_subject=tuple(measure["growth_subject_suffixes"]),
        target_subject=tuple(lx["subject"]["target_suffixes"]),
        falls=tuple(sorted(measure["growth_down"], key=len, reverse=True)),
        growth_rows=frozenset(measure["growth_up"] + measure["growth_down"] + measure["growth_subject_suffixes"]),
        restated_before=scan_pattern(lx["kind"]["restated_before"]),
        estimate_re=scan_pattern(alternation(lx["kind"]["estimate"])),
        estimate_paragraph=scan_pattern(lx["kind"]["estimate_paragraph"], re.MULTILINE),
        caption_line=regex_cache.compile(rf"(?m)^[ \t]*{lx['subject']['caption']}"),
        estimate_below=scan_pattern(lx["kind"]["estimate_below"]),
        estimate_after_subject=tuple(lx["kind"]["estimate_after_subject"]),
        qualifier_re=scan_pattern(alternation(lx["kind"]["qualifiers"])),
        restated_after=scan_pattern(lx["kind"]["restated_after"]),
        restated_last_year=regex_cache.compile(lx["kind"]["restated_last_year"]),
        table_estimate_mark=regex_cache.compile(lx["kind"]["table_estimate_mark"]),
        table_estimate_rows=regex_cache.compile(lx["kind"]["table_estimate_rows"]),
        table_note_chars=int(lx["kind"]["table_note_chars"]),
        year_move=scan_pattern(lx["year"]["moves"]),
        year_marks=scan_pattern(lx["year"]["marks"]),
        move_words=tuple(lx["year"]["move_requires"]),
        sync=Gated(scan_pattern(phrases["sync"])),
        sync_negations=tuple(phrases["sync_negations"]),
        qualitative=tuple(Gated(scan_pattern(p)) for p in phrases["qualitative"]),
        qualitative_named=tuple(Gated(scan_pattern(p)) for p in phrases["qualitative_named"]),
        qualitative_negations=tuple(phrases["qualitative_negations"]),
        listed_qualitative=scan_pattern(f'{phrases["steady_growth"]}|{phrases["listed_qualitative"]}'),
        list_close=scan_pattern(lx["list"]["close"]),
        announced=scan_pattern(phrases["announced"]),
        growth_phrases=scan_pattern("|".join(
            f"(?:{alternation(entry['words'])})" + ("(?=$|[、。;；])" if entry.get("clause_end") else "")
            for entry in phrases["growth"]
        )),
        growth_words=growth_words,
        phrase_hint_words=tuple(phrases["hints"] + list(growth_words)),
        relative=scan_pattern(lx["subject"]["relative"]),
        attributive=scan_pattern(lx["subject"]["attributive"]),
        magnitudes=tuple(g.units["magnitudes"]),
        base_units=frozenset(g.units["base"]),
        predicate_words=predicate_words,
        predicate_tail=scan_pattern(rf"(?:{g.predicates}|[、,])+$"),
        predicate_or_punctuation=regex_cache.compile(f"(?:(?>{predicate_words.pattern})|[{re.escape(_PUNCT)}])*+"),
        predicate_tail_gate=_tail_gate([*g.predicate_sources, "[、,]"]),
        predicate_tail_runs=WordRuns(g.predicate_sources, "、,"),
        predicate_runs=WordRuns(g.predicate_sources, _PUNCT),
        leading_word=leading_word,
        leading_gate=StartGate([leading_word.pattern, g.leading_re.pattern]),
        enumeration_gate=StartGate([_ENUMERATION.pattern]),
        list_sep=scan_pattern(rf"^(?:{alternation(seps)})$"),
        item_split=scan_pattern(alternation(seps)),
        item_separators=WordSet(tuple(seps)),
        distributive=tuple((k, tuple(v)) for k, v in sorted(lx["distributive"].items(), key=lambda kv: -len(kv[0]))),
        distributive_keys=tuple(lx["distributive"]),
        emission_words=tuple(sorted(emissions.aliases, key=len, reverse=True)) if emissions else (),
        aliases=AhoCorasick(list(g.alias_index)),
        alias_lengths=_alias_lengths(g.alias_index),
        longest_alias=max(map(len, g.alias_index)),
        alias_end_lengths=_alias_lengths({alias[::-1]: ind for alias, ind in g.alias_index.items()}),
        # (sets made by comprehensions: compiled, a generator fed to frozenset is a call for each of 40,000 items)
        alias_heads=frozenset({a[:k] for a in g.alias_index for k in range(1, _MAX_ELLIPTIC + 1)}),
        alias_tails=frozenset({a[-k:] for a in g.alias_index for k in range(1, _MAX_ELLIPTIC + 1)}),
        statement_openers=tuple(lx["subject"]["statement_openers"]),
        sub_area=scan_pattern(rf"^[\u4e00-\u9fff]{{0,6}}?(?P<area>{alternation(lx['subject']['sub_areas'])})"),
        sub_area_word=scan_pattern(alternation(lx["subject"]["sub_areas"])),
        # 雄安新区建设取得新进展。…: the sentence leading a paragraph, short, without a number, opens with the part
        sub_area_lead=scan_pattern(
            rf"^[\u4e00-\u9fff]{{0,6}}?(?P<area>{alternation(lx['subject']['sub_areas'])})[^。;；\n\d]{{0,16}}[。；;]",
            re.MULTILINE),
        statement_verbs=tuple(lx["subject"]["statement_verbs"]),
        object_verbs=tuple(lx["subject"]["object_verbs"]),
        sessions_plan_next_from=load_toml("facts.toml")["years"]["next_year_from_month"],
    )


def _alias_lengths(alias_index: dict[str, str]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for alias in alias_index:
        lengths.setdefault(alias[0], set()).add(len(alias))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}


def extract_figures(document: Document) -> list[Figure]:
    """Every quantified figure of a document, in document order, grounded in `document.text`.

    Python's cyclic garbage collector waits while a document is read: the reading makes hundreds of thousands
    of small objects and no cycle of them, and the collector, run after every 700 made, went through all the
    objects alive again and again (the grammar, the gazetteer, the documents a caller holds): a twentieth of
    the time of a document dense with figures. It runs as usual once the reading is done."""
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        norm, sections = normalized_outline(document.text, document.facts, _opening_words)
        hits = _Engine(norm.text, document.facts, sections).run()
        return _to_figures(hits, norm, document)
    finally:
        if collecting:
            gc.enable()


def _to_figures(hits: list[_Hit], norm: Normalized, document: Document) -> list[Figure]:
    figures: list[Figure] = []
    text, region, name = document.text, document.facts.region, document.name  # (read once: Python objects)
    # A figure stated twice alike at one span of the text is kept once. The normalised text's characters map to
    # distinct characters of the text, in order: hits at one span of the text are hits at one span of the copy,
    # next to each other once sorted by it; each is compared with the others kept of its span, only where a span
    # has several (hashing each figure's Decimal took longer than the comparisons).
    first: _Hit | None = None  # the first hit kept of the span before
    said: list[tuple] | None = None  # what each kept hit of that span says, once it has two
    last_start = last_end = -1
    piece = 0  # the piece of the normalised text the last hit starts in (`Normalized.piece`: the hits go in order)
    for h in _in_text_order(hits):
        if h.end <= h.start:
            continue  # (no quote)
        piece = norm.piece(h.start, piece)
        start, end = norm.origin(h.start, piece), norm.origin(h.end - 1, norm.piece(h.end - 1, piece)) + 1
        quote = text[start:end]
        if not quote:
            continue
        if start == last_start and end == last_end and first is not None:
            if said is None:
                said = [_said(first)]
            key = _said(h)
            if key in said:
                continue
            said.append(key)
        else:
            first, said, last_start, last_end = h, None, start, end
        figures.append(  # the fields in their order (a call by keywords costs three times as much)
            Figure(h.indicator, h.label, h.measure, h.value, h.unit, h.op, h.kind, h.year, region,
                   quote, start, end, h.qualifier, h.source, h.restated, h.range, name, h.section,
                   period_text(h.period) if h.period else None)
        )
    return figures


def _in_text_order(hits: list[_Hit]) -> list[_Hit]:
    """`hits` sorted by their span (start, then end), stably; as they are when already so (the sentences' hits come
    in order: a call of a sort key for each cost more than telling so)."""
    width = max((h.end for h in hits), default=0) + 1  # start * width + end orders hits as (start, end), tuple-free
    last = -1
    for h in hits:
        key = h.start * width + h.end
        if key < last:
            return sorted(hits, key=lambda h: h.start * width + h.end)
        last = key
    return hits


def _said(h: _Hit) -> tuple:
    """What a hit says, its place aside: two alike at one place are one figure."""
    return (h.indicator, h.label, h.measure, h.value, h.unit, h.op, h.kind, h.year, h.range)


class _Cues:
    """Every cue word that a pattern finds (预计, 力争, 到2025年…) in the stretches of a document where sentences
    state figures, in order, each with where it starts and ends and what it says (`read` of its match; None: not
    a cue): found in one pass over each stretch (one for each character a cue starts with, where they are few:
    `scan.Leads`), and a sentence's by bisection (`within`), not by a pass over each sentence.

    A cue lies inside one sentence (the grammar's cue words hold no sentence end), so a stretch of whole
    sentences holds the cues that start in it, as a pass over the stretch alone would find them. Should a
    document's cue span a sentence end, or a stretch asked for not start at one, that stretch is read alone.
    A pattern that reads a sentence's end mark as the end of its text (`reads_marks_as_end`) and is searched
    for by passes to its first characters (`Leads.literal`) reads stretches that end and start at marks in one
    pass (`joined`: `_joined_at_marks`), its matches between them dropped: a pass over a document, not one for
    each stretch (a pattern searched for by testing each character against a class is cheaper per stretch).
    `starts`: every place in the text where a match may start (`scan.Openings`, a pass for the cues of every
    kind): the pattern is matched there only, and the stretches are not searched."""

    def __init__(self, text: str, pattern: re.Pattern, read: Callable[[re.Match], Any],
                 stretches: list[tuple[int, int]], joined: list[tuple[int, int]] | None = None,
                 starts: list[int] | None = None):
        self.text, self.pattern, self.read = text, pattern, read
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.values: list[Any] = []
        self.whole = True  # every cue inside one sentence
        self.near = 0  # where the cues of the last sentence asked about start
        self._kept: dict[Any, list[int]] = {}  # a condition's name → where the last value meeting it is, by count
        fast = leads(pattern)
        passes = stretches
        if fast.literal and reads_marks_as_end(pattern.pattern, SENTENCE_MARKS, pattern.flags):
            passes = _joined_at_marks(text, stretches) if joined is None else joined
        i = 0  # the stretch a match may start in
        for start, end in passes:
            if starts is not None:
                found = matches(pattern, text, starts, start, end)
            else:
                found = fast.finditer(text, start, end)
            for m in found:
                m_start, m_end = m.span()
                if self.whole and SENTENCE_END.search(text, m_start, m_end):
                    self.whole = False
                if passes is not stretches:  # between the stretches joined: dropped
                    while i < len(stretches) and stretches[i][1] <= m_start:
                        i += 1
                    if i == len(stretches) or m_start < stretches[i][0]:
                        continue
                value = read(m)
                if value is not None:
                    self.starts.append(m_start)
                    self.ends.append(m_end)
                    self.values.append(value)

    def within(self, start: int, end: int, whole: bool) -> _Marks:
        """The cues of text[start:end], inside one of the stretches, `end` at a sentence end; `whole`: `start`
        too (`_at_sentence_edge`), else the stretch is read alone."""
        if self.whole and whole:  # (the sentences go in order: each looked for from the last)
            lo = self.near = bisect_left_near(self.starts, start, self.near)
            return _Marks(self, lo, bisect_left_near(self.starts, end, lo))
        return _read_alone(self.text, self.pattern, self.read, start, end)

    def kept(self, name: Any, keep: Callable[[Any], bool]) -> list[int]:
        """For each cue, where the last one up to it meeting the condition `keep` is (-1: none); the condition,
        named by `name`, checked once for each cue."""
        kept = self._kept.get(name)
        if kept is None:
            kept, last = [], -1
            for i, value in enumerate(self.values):
                if keep(value):
                    last = i
                kept.append(last)
            self._kept[name] = kept
        return kept


class _Marks:
    """The cue words of a sentence, cues[lo:hi], in order: those ending at or before an offset found by
    bisection, not by a scan per figure (a sentence of thousands would take quadratic time)."""

    def __init__(self, cues: _Cues, lo: int, hi: int):
        self.cues, self.lo, self.hi = cues, lo, hi

    def count(self, pos: int) -> int:
        """How many end at or before `pos`. (Bisected among the sentence's cues only: most sentences have none.)"""
        lo, hi = self.lo, self.hi
        return bisect_right(self.cues.ends, pos, lo, hi) - lo if lo < hi else 0

    def all(self) -> list[Any]:
        """What each says, in order."""
        return self.cues.values[self.lo : self.hi]

    def value(self, i: int) -> Any:
        """What the `i`-th says."""
        return self.cues.values[self.lo + i]

    def end(self, i: int) -> int:
        """Where the `i`-th ends."""
        return self.cues.ends[self.lo + i]

    def last(self, pos: int) -> Any:
        """What the last one ending at or before `pos` says (None: none)."""
        i = self.count(pos)
        return self.value(i - 1) if i else None

    def last_kept(self, pos: int, name: Any, keep: Callable[[Any], bool]) -> Any:
        """What the last one ending at or before `pos` and meeting the condition `keep` (named by `name`) says
        (None: none)."""
        i = self.count(pos)
        if not i:
            return None
        last = self.cues.kept(name, keep)[self.lo + i - 1]
        return self.cues.values[last] if last >= self.lo else None


class _SentenceCues:
    """Cue words of a kind only a few figures ask about (half the documents have none of them), whose pattern
    opens with a numeral and is tried at most numbers: found in the sentence of a figure that asks, as a pass
    over the stretch of the sentence alone finds them (`_Cues`), not in every sentence."""

    __slots__ = ("text", "pattern", "read")

    def __init__(self, text: str, pattern: re.Pattern, read: Callable[[re.Match], Any]) -> None:
        self.text, self.pattern, self.read = text, pattern, read

    def within(self, start: int, end: int) -> _Marks:
        """The cues of text[start:end], a stretch of whole sentences."""
        return _read_alone(self.text, self.pattern, self.read, start, end)


def _read_alone(text: str, pattern: re.Pattern, read: Callable[[re.Match], Any], start: int, end: int) -> _Marks:
    """The cues of text[start:end] found by a pass over that stretch alone."""
    alone = _Cues(text, pattern, read, [(start, end)])
    return _Marks(alone, 0, len(alone.values))


@dataclass(frozen=True, slots=True)
class _DocumentCues:
    """A document's cue words of each kind (`_Engine._index_cues` gives a sentence's)."""

    estimates: _Cues  # 预计: (start, end, word)
    qualifiers: _Cues  # 力争: the word
    year_moves: _Cues  # 到2027年: the year
    year_marks: _Cues  # 2024年, 今年: the year
    span_names: _SentenceCues  # “十四五”时期, 近三年: the years (asked of figures of several years only)
    bases: _Cues  # 较“十三五”末: the year and the words
    annual: _Cues  # 全年: where it ends
    part_of_year: _Cues  # 上半年: where it ends


def _document_cues(t: str, facts: DocumentFacts, lx: _Lexicon, pg: PeriodGrammar,
                   stretches: list[tuple[int, int]], starts: list[list[int] | None]) -> _DocumentCues:
    """The cue words of the stretches of `t` (disjoint, in order); `starts`: where the cues of each kind may start
    (`_words_found`)."""
    review, plan = reviewed_year(facts), facts.plan_year

    def marked_year(m: re.Match) -> int | None:
        return int(m.group("year")) if m.group("year") else review if m.group("last") else plan

    def moved_year(m: re.Match) -> int | None:
        return int(m.group("year")) if any(w in m.group() for w in lx.move_words) else None

    joined = _joined_at_marks(t, stretches)
    estimates, qualifiers, year_moves, year_marks, bases, annual, part_of_year = starts
    return _DocumentCues(
        estimates=_Cues(t, lx.estimate_re, lambda m: (m.start(), m.end(), m.group()), stretches, joined, estimates),
        qualifiers=_Cues(t, lx.qualifier_re, lambda m: m.group(), stretches, joined, qualifiers),
        year_moves=_Cues(t, lx.year_move, moved_year, stretches, joined, year_moves),
        year_marks=_Cues(t, lx.year_marks, marked_year, stretches, joined, year_marks),
        span_names=_SentenceCues(t, pg.names, lambda m: named_span(m, review, plan)),
        bases=_Cues(t, pg.base, lambda m: (base_year(m), m.group()), stretches, joined, bases),
        annual=_Cues(t, pg.annual, lambda m: m.end(), stretches, joined, annual),
        part_of_year=_Cues(t, pg.part_of_year, lambda m: m.end(), stretches, joined, part_of_year),
    )


# The words a document is searched for in one pass (`_words_found`): where the cues of each kind `_document_cues`
# finds may start (in its order), then the notes making figures estimates (预计,下同); and the words of phrases
# stating a figure, of the outline's sentences and of the gate of the lines leading a paragraph about a part
_DOCUMENT_WORDS: Final[list[Openings]] = []
# The last text's words found (replaced whole: a reader in another thread never sees another text's)
_LAST_FOUND: Final[list[tuple[str, tuple[list[list[int] | None], list[Hits]]] | None]] = [None]


def _words_found(t: str) -> tuple[list[list[int] | None], list[Hits]]:
    """Where the cues of each kind may start in a normalised text, and the `Hits` of the phrases stating a figure,
    of the outline's opening words and of the words of the gate of the lines leading a paragraph about a part of
    the region: one pass for the outline and the extraction of the text."""
    last = _LAST_FOUND[0]
    if last is not None and last[0] is t:
        return last[1]
    if not _DOCUMENT_WORDS:
        lx, pg = _lexicon(), period_grammar()
        _DOCUMENT_WORDS.append(Openings(
            (lx.estimate_re, lx.qualifier_re, lx.year_move, lx.year_marks, pg.base, pg.annual, pg.part_of_year,
             lx.estimate_below),
            (lx.phrase_hint_words, opening_words(), at_line_starts(lx.sub_area_lead).words)))
    found = _DOCUMENT_WORDS[0].find(t)
    _LAST_FOUND[0] = (t, found)
    return found


def _found_in(pattern: re.Pattern, t: str, starts: list[int] | None) -> list[re.Match]:
    """The matches of `pattern` in `t`, matched where they may start (`_words_found`), or found by a pass."""
    return matches(pattern, t, starts, 0, len(t)) if starts is not None else leads(pattern).finditer(t)


def _opening_words(t: str) -> Hits | None:
    """The outline's opening words in a normalised text (`_words_found`); None when it reads every sentence."""
    return _words_found(t)[1][1] if opening_words() else None


# The sentence and clause marks of a normalised text (the engine's), by which `spans` cuts it
_SENTENCE_CUTS: Final = normalized_class(SENTENCE_MARKS)
_CLAUSE_CUTS: Final = normalized_class(CLAUSE_MARKS)
_BOOK_TITLE: Final = regex_cache.compile(r"《[^《》\n]{1,80}》")  # numbers in a title are not figures
_SHORT_QUOTE: Final = regex_cache.compile(r"“[^“”\n]{1,30}”")


class _Engine:
    """One document's extraction: tables first, then every sentence outside them."""

    def __init__(self, text: str, facts: DocumentFacts, sections: Outline):
        self.t = text
        self.facts = facts
        self.outline = sections
        self.lx = _lexicon()
        self.pg = period_grammar()
        self.gd = _guards()
        self.hits: list[_Hit] = []
        self.listed: list[tuple[_Hit, int, int]] = []  # targets that count in a list of targets, with its bounds
        self.own_names = _own_names(facts.region, facts.level)
        self.own_name_set = WordSet(self.own_names)
        self.scopes: dict[str, bool | None] = {}  # _scope's answers, for this document's region
        self.subject_words: dict[str, _SubjectWords] = {}  # _subject_words' answers of words naming its own names

    def run(self) -> list[_Hit]:
        t = self.t
        # a table whose columns say nothing (no year, no role: 地区生产总值 | 1016.7亿元 | 同比增长4.1%, a news
        # graphic's list of key figures) is read as lines of text
        tables = [tb for tb in find_tables(t, self.facts) if any(c.role for c in tb.columns)]
        table_spans = [(tb.start, tb.end) for tb in tables]
        for tb in tables:
            self._table(tb)
        # where the cues of each kind may start, and phrases stating a figure without a number: found once (with the
        # outline's words)
        found_starts, (self.hints, _, sub_area_words) = _words_found(t)
        cue_starts, below_starts = found_starts[:-1], found_starts[-1]  # (the order of `_DOCUMENT_WORDS`)
        titles = [m.span() for m in _BOOK_TITLE.finditer(t)]
        quoted = [m.span() for m in _SHORT_QUOTE.finditer(t)]
        in_quotes = Spans(quoted)
        quantities = [
            q for q in find_quantities(t, excluded=titles + table_spans + link_spans(t) + self._captions())
            if not (q.chinese and q.num_start in in_quotes)
        ]
        self.q_starts = [q.num_start for q in quantities]
        self.quantities = quantities
        # Paragraphs opened by an estimate cue standing alone (初步预计，…): where the cue ends, where they end; and
        # the figures from one marked (预计，下同) on: where its clause starts, the end of the text.
        self.estimated_paragraphs = sorted(
            [(m.end(), _line_end(t, m.end())) for m in after_marks(self.lx.estimate_paragraph).finditer(t)]
            + [(_clause_start(t, m.start()), len(t)) for m in _found_in(self.lx.estimate_below, t, below_starts)]
        )
        self._paragraph_starts = [a for a, _ in self.estimated_paragraphs]
        # Paragraphs opened by a part of the year (2022年一季度，…): where the words end, where they end.
        self.partial_paragraphs = [(m.end(), _line_end(t, m.end()))
                                   for m in at_line_starts(self.pg.part_of_year_paragraph).finditer(t)]
        self._partial_starts = [a for a, _ in self.partial_paragraphs]
        # Paragraphs led by a sentence about a part of the region (雄安新区建设取得新进展。…): where the sentence
        # ends, where they end.
        region = self.facts.region or ""
        self.sub_area_paragraphs = [(m.end(), _line_end(t, m.end()))
                                    for m in at_line_starts(self.lx.sub_area_lead).finditer(t, sub_area_words)
                                    if not region.endswith(m.group("area"))]
        self._sub_area_starts = [a for a, _ in self.sub_area_paragraphs]
        self._stops: list[int] | None = None  # where each clause or sentence mark stands, once asked
        self._last_digits: dict[int, int] = {}  # a stretch's end → its last digit (_last_digit_before_stop)
        in_tables = Spans(table_spans)
        # The sentences outside tables that may state figures (a quantity, or a phrase stating one), each with the
        # start of the full sentence it ends (_index_cues); the cue words of the text they cover, found once.
        stating: list[tuple[int, int, int]] = []
        q_starts, j = self.q_starts, 0  # the first quantity at or after the sentence (the sentences go in order)
        for s_start, s_end in spans(t, _SENTENCE_CUTS):
            while j < len(q_starts) and q_starts[j] < s_start:
                j += 1
            holds_quantity = j < len(q_starts) and q_starts[j] < s_end
            if s_start not in in_tables and (holds_quantity or self.hints.any_in(s_start, s_end)):
                stating.append((s_start, s_end, _full_sentence_start(t, s_start)))
        self.cues = _document_cues(t, self.facts, self.lx, self.pg, _merged([(a, b) for _, b, a in stating]),
                                   cue_starts)
        for s_start, s_end, full_start in stating:
            self._sentence(s_start, s_end, full_start)
        self._keep_listed()
        self._streaks_beside_exact()
        return self.hits

    def _streaks_beside_exact(self) -> None:
        """A bound held over a streak of years (粮食产量1344亿斤，连续8年稳定在1300亿斤以上; in a review of five
        years, 稳定在700亿斤以上) beside the year's own figure of the same indicator is the streak's, not a second
        figure of the year: it becomes a figure of the streak's years. Without such a figure the bound is the
        year's (连续两年超过2%)."""
        stated = {(h.indicator, h.measure, h.kind, h.year) for h in self.hits
                  if h.op in ("eq", "approx") and h.value is not None and h.period is None and h.indicator != "other"}
        for h in self.hits:
            if h.streak and (h.indicator, h.measure, h.kind, h.year) in stated:
                words, years = h.streak
                h.indicator, h.label, h.period = "other", _with_cue(h.label, words), years

    def _keep_listed(self) -> None:
        """Targets without a number that stand in a list of numbered targets of the catalog."""
        if not self.listed:
            return
        numbered = sorted(h.start for h in self.hits if h.indicator != "other" and h.value is not None)
        for hit, start, end in self.listed:
            i = bisect_left(numbered, start)
            if i < len(numbered) and numbered[i] < end:
                self.hits.append(hit)

    # ---- sentences and clauses -------------------------------------------------------------

    def _quantities_in(self, start: int, end: int) -> list[Quantity]:
        i = bisect_left(self.q_starts, start)
        j = bisect_left(self.q_starts, end)
        return self.quantities[i:j]

    def _sentence(self, s_start: int, s_end: int, full_start: int) -> None:
        t = self.t
        in_sentence = self._quantities_in(s_start, s_end)
        section = self.outline.at(s_start)
        self._index_cues(s_start, s_end, full_start)
        self.stated: list[tuple[str, str | None]] = []  # (label, indicator) of each figure's subject, in order
        self.stated_labels: dict[str, None] = {}  # their labels, each once, the last stated last
        # A part of the region (开发区…) is the subject of the sentence, or of its paragraph in a review (in a plan, a
        # paragraph's lead is an action: 抓园区建设招商。…): its figures are not the region's.
        i = bisect_right(self._sub_area_starts, s_start) - 1
        self.sub_area = section.part == "review" and i >= 0 and s_start < self.sub_area_paragraphs[i][1]
        topic = self._caption_topic(s_start)
        clauses = spans(t, _CLAUSE_CUTS, s_start, s_end)
        # The clauses after the last one with a quantity or a phrase stating a figure only pass a topic on
        while clauses and not (in_sentence and in_sentence[-1].num_start >= clauses[-1][0]) \
                and not self.hints.any_in(*clauses[-1]):
            clauses.pop()
        i = 0  # the sentence's first quantity at or after the clause (the clauses go in order)
        for c_start, c_end in clauses:
            while i < len(in_sentence) and in_sentence[i].num_start < c_start:
                i += 1
            j = i
            while j < len(in_sentence) and in_sentence[j].num_start < c_end:
                j += 1
            topic = self._clause(c_start, c_end, in_sentence[i:j], section, s_start, topic)
            i = j

    def _caption_topic(self, s_start: int) -> Subject | None:
        """The indicator a news graphic's caption names above a line and the lines of figures between: the topic
        of their elliptic subjects (居民人均可支配收入 / 城镇居民63410元,增长4.8% / 农村居民…)."""
        t = self.t
        end = s_start - 1
        for _ in range(_MAX_CAPTION_ITEMS):
            if end < 0 or t[end] != "\n":
                return None
            line = t[t.rfind("\n", 0, end) + 1 : end]
            words = graphic_caption(line)
            if words:
                indicator = self.lx.alias_index.get(words)
                return Subject(words, indicator, s_start) if indicator else None
            if not (line and len(line) <= _MAX_CAPTION_ITEM and any(c.isdigit() for c in line)):
                return None  # not a line of figures under a caption
            end = t.rfind("\n", 0, end)
        return None

    def _clause(
        self, c_start: int, c_end: int, quantities: list[Quantity], section: Section, s_start: int,
        topic: Subject | None,
    ) -> Subject | None:
        t = self.t
        if not quantities:
            if t[c_end : c_end + 1] == ":":  # a label (洛阳高新区、洛阳经开区:…): whose figures follow
                self._scope(t[c_start:c_end])
            subject = None
            if self.hints.any_in(c_start, c_end):
                subject = self._phrases(c_start, c_end, section, s_start, topic)
            if subject is None:
                if topic is not None and _names_no_indicator(self.lx, t[c_start:c_end]):
                    return topic  # (a third of the clauses without a number: the topic goes on)
                subject = self._subject(t[c_start:c_end], c_start, topic, allow_inherit=False)
                if subject.indicator is None and (named := self._named_state(subject.text)):
                    # 固定资产投资扭转下滑态势，实现正增长: the indicator whose state the clause tells
                    subject = Subject(named, self.lx.alias_index[named], c_start, context=subject.text)
            if subject.text and not _is_predicate_only(t[c_start:c_end]):
                return subject if subject.indicator or topic is None else topic
            return topic
        seg_start = c_start
        for group in _groups(t, quantities, self.lx):
            first = group[0]
            prefix = t[seg_start : first.num_start]
            self._scope(prefix)
            subject = self._subject(prefix, c_start, topic)
            used = self._emit(group, subject, prefix, section, s_start, c_end, topic)
            comparing = _compares(self.lx, used.text) and topic is not None and topic.indicator
            if used.text and used is not topic and not used.restated and not comparing:
                topic = used
            seg_start = group[-1].end
        # A phrase after the last number of a clause (…未能实现由负转正) is handled by _phrases.
        return topic

    def _scope(self, prefix: str) -> None:
        """Whose figures the rest of the sentence states: a subject opening with a part of the region (开发区营业
        收入增长20%，税收收入增长9%: the zone's) until one names the region itself (全县…)."""
        known = self.scopes.get(prefix, _UNKNOWN)
        scope = known if known is not _UNKNOWN else _remember(self.scopes, prefix, self._scope_of(prefix), len(prefix))
        if scope is not None:
            self.sub_area = scope

    def _scope_of(self, prefix: str) -> bool | None:
        """True: the words open with a part of the region; False: with the region itself; None: with neither."""
        return self._read_scope(prefix) if self._may_name_scope(prefix) else None

    def _may_name_scope(self, prefix: str) -> bool:
        """Whether the word of a part of the region or one of its names stands in the words (most hold neither)."""
        return self.lx.sub_area_word.search(prefix) is not None or self.own_name_set.held(prefix)

    def _read_scope(self, prefix: str) -> bool | None:
        lx = self.lx
        text = without_opening(lx.g.leading_re,
                               without_opening(_ENUMERATION, prefix.lstrip(_PUNCT_OR_OF), lx.enumeration_gate),
                               lx.leading_gate)
        m = lx.sub_area.match(text)  # 开发区…, 江河经济开发区… (named after the region)
        if m and not (self.facts.region or "").endswith(m.group("area")) \
                and not _is_predicate_only(text[m.end():]):
            return True
        if text.startswith(self.own_names):
            return False
        return None

    # ---- subjects ----------------------------------------------------------------------------

    def _subject(self, prefix: str, clause_start: int, topic: Subject | None, allow_inherit: bool = True) -> Subject:
        """The subject of the number that follows `prefix` (the text before it in its clause)."""
        words = self._kept_subject_words(prefix)
        if words.named:
            return Subject(words.name, words.indicator, clause_start, words.growth)
        growth = words.growth
        if not words.name:
            if topic is not None and allow_inherit:
                return Subject(topic.text, topic.indicator, topic.start, growth or topic.growth)
            return Subject("", None, clause_start, growth)
        core, indicator, text = words.name, words.indicator, words.text
        if indicator is None and topic is not None and allow_inherit:
            # 粮食种植面积45万亩，超计划0.6万亩，产量17万吨: completed by the topic, else by a subject stated
            # before it in the sentence.
            candidate = None
            if _completable(self.lx, core):
                for said in chain((topic.text, topic.context), reversed(self.stated_labels)):
                    if candidate := _complete(core, said):  # a loop, not a generator: mypyc would make it a list
                        break
            if candidate:
                return Subject(candidate, self.lx.alias_index[candidate], topic.start, growth)
            last = text.rsplit("、", 1)[-1]
            if topic.indicator and last != text and _is_predicate_only(last):
                # 达到A万亿元、稳居全国前十、增长B%: an aside between 、 keeps the subject of the clause.
                return Subject(topic.text, topic.indicator, topic.start, _growth_words(last) or topic.growth)
        return Subject(core, indicator, clause_start, growth, context=topic.text if topic else "")

    def _kept_subject_words(self, prefix: str) -> _SubjectWords:
        """`_subject_words(prefix)`, kept for the document when the words hold one of its own names, the only words
        through which their reading depends on the document; else for every document (a fifth of the words of a
        report stand in others: 地区生产总值增长, 城镇新增就业)."""
        memo = self.subject_words if self.own_name_set.held(prefix) else _SUBJECT_WORDS
        words = memo.get(prefix)
        return words if words is not None else _remember(memo, prefix, self._subject_words(prefix), len(prefix))

    def _subject_words(self, prefix: str) -> _SubjectWords:
        """What the words before a number say of its subject, whatever the clauses before them said."""
        lx = self.lx
        text = _strip_leading(self, prefix)
        # The longest alias the text starts with, followed only by predicate words.
        alias_index = lx.alias_index
        for k in lx.alias_lengths.get(text[:1], ()):
            head = text[:k]
            if head in alias_index and _is_predicate_only(text[k:]):
                return _SubjectWords(head, alias_index[head], _growth_words(text[k:]), True, text)
        tail = _predicate_tail(text)
        core = text[: tail[0]] if tail else text
        # 同比(下同)增长9.4%: an aside is no subject
        core = "" if "(" in core and _is_predicate_only(core) else core.strip(_PUNCT)
        predicate = text[tail[0] : tail[1]] if tail else ""
        if core and predicate and lx.item_separators.held(core):
            # 城镇调查失业率、居民消费价格涨幅分别控制在…: 涨幅 ends the last item's name, not the list's predicate
            last = lx.item_split.split(core)[-1]
            suffix = next((w for w in lx.growth_subject if predicate.startswith(w) and last + w in alias_index), "")
            core, predicate = core + suffix, predicate[len(suffix):]
        growth = _growth_words(predicate)
        if not core:
            return _SubjectWords("", None, growth, False, text)
        if core.endswith(lx.growth_subject):  # (one test for all: most subjects end with none)
            for suffix in lx.growth_subject:  # 社会消费品零售总额增速 → the retail sales' growth rate
                if core.endswith(suffix) and core[: -len(suffix)] in alias_index:
                    head = core[: -len(suffix)]
                    return _SubjectWords(head, alias_index[head], True, True, text)
        if core.endswith(lx.target_subject):
            for suffix in lx.target_subject:  # GDP目标定为8%: the indicator's target
                if core.endswith(suffix) and core[: -len(suffix)] in alias_index:
                    head = core[: -len(suffix)]
                    return _SubjectWords(head, alias_index[head], growth, True, text)
        indicator = alias_index.get(core)
        if indicator is None and (named := self._alias_opening_statement(core)):
            # 发展质量稳步提升全年实现地区生产总值 (a title line run into its paragraph): a new statement
            return _SubjectWords(named, alias_index[named], growth, True, text)
        return _SubjectWords(core, indicator, growth, False, text)

    def _named_state(self, core: str) -> str | None:
        """The full name of an indicator (an alias of `_MIN_STATED_NAME` characters or more) opening a clause
        without a number that tells its state (规上工业增加值止跌回升): the topic of the clauses after it."""
        for k in self.lx.alias_lengths.get(core[:1], ()):
            if _MIN_STATED_NAME <= k < len(core) and core[:k] in self.lx.alias_index:
                # 地区生产总值、固定资产投资…分别增长: the first of a list, whose figures come after it
                return None if self.lx.item_split.match(core, k) else core[:k]
        return None

    def _alias_opening_statement(self, core: str) -> str | None:
        """The longest alias ending `core` after words that open a new statement: one of time or the
        document's own name, and a verb (…稳步提升全年实现地区生产总值; not 重大项目完成固定资产投资)."""
        lx = self.lx
        for k in lx.alias_end_lengths.get(core[-1:], ()):
            named = core[-k:]
            # a plain word naming an indicator in growth rates only (投资) opens no statement: 项目全年完成投资
            if k < len(core) and named in lx.alias_index \
                    and named not in lx.indicators[lx.alias_index[named]].growth_aliases:
                before = core[:-k]
                for verb in lx.statement_verbs:
                    if before.endswith(verb):
                        before = before[: -len(verb)]
                        break
                if before.endswith(lx.statement_openers):
                    return named
                own = next((name for name in self.own_names if before.endswith(name)), None)
                if own and not before[: -len(own)].endswith(lx.object_verbs):  # not 带动陕西进出口
                    return named
        return None

    # ---- figures from quantities ---------------------------------------------------------------

    def _emit(
        self, group: list[Quantity], subject: Subject, prefix: str, section: Section, s_start: int, c_end: int,
        topic: Subject | None,
    ) -> Subject:
        """Figures of a group of quantities; returns the subject they were stated of."""
        t, lx, pg, gd = self.t, self.lx, self.pg, self.gd
        last = group[-1]
        after = t[last.end : min(c_end, last.end + 12)]
        before = _prefix_words(prefix)
        restated = section.part == "review" and (gd.restated_after.match(after) is not None or before.restated_before) \
            or before.restated  # 2023年年初提出的主要预期目标是…增长7%: a target of 2023
        if restated and not subject.indicator and topic is not None and topic.indicator:
            # 与年初确定的8%左右的增长目标: a target restated of the sentence's topic.
            subject = Subject(topic.text, topic.indicator, topic.start, topic.growth, restated=True)
        if subject.indicator and topic is not None and subject.indicator == topic.indicator and before.part_of:
            # 实际利用外资15亿美元，其中外商直接投资12亿美元: a part, never the whole's indicator again
            subject = Subject(subject.text, None, subject.start, subject.growth)
        values = group
        n = len([q for q in values if q.bound != "high"])
        labels = _distribute(self, subject, n)
        # The predicate words after the subject's own (城镇调查失业率、居民消费价格涨幅分别控制在: 分别控制在)
        own = prefix.rfind(subject.text) if subject.text else -1
        middle = _middle_of(prefix[own + len(subject.text) :] if own >= 0 else prefix)
        if n > 1 and len(set(labels)) == 1 and middle.respectively and len(self.stated) >= n \
                and _is_predicate_only(_strip_leading(self, prefix)):
            # A、B…,分别增长a%、b%: each value of a list without a subject of its own belongs to one of the
            # subjects stated before it in the sentence, in order.
            labels = self.stated[-n:]
        if len(values) == 1 and middle.both:
            # 城乡居民人均可支配收入均增长7%左右, 地区生产总值和一般公共预算收入均增长6%: one figure for each of a
            # joint subject's parts.
            parts = _split_last_conjunction(self, _items(self, subject.text))
            if len(parts) > 1:
                labels = _distribute(self, subject, len(parts))
                values = [values[0]] * len(labels)
        elif len(values) == 1 and subject.text in prefix \
                and (shared := _shared(self, subject, values[0].is_percent)):
            # 城镇调查失业率和登记失业率稳定在5%左右: one value stated of each of a list of indicators named
            # in its own clause (not of a list a 分别 before it distributed: 货物、服务贸易分别增长a%，b%).
            labels, values = shared, [values[0]] * len(shared)
        qualifier = self._qualifier(group[0].num_start)
        prefix_op = before.op
        held = before.held
        suffix_op = last.op
        # 约为全国平均的70%: a ratio; 超500亿元的县域: a noun described; neither is the subject's figure.
        relative = before.relative or gd.attributive.match(after) is not None
        monthly = middle.months  # 连续20个月保持30%以上: no figure of the year
        nominal = middle.nominal
        streak = before.streak
        times = self._listed_times(prefix, n) if n > 1 and middle.respectively else None
        written_year = before.written_year  # 从2020年的10.5万元, 较“十三五”末的9000亿元
        started = pg.baseline.search(prefix.rstrip(_PUNCT)) if gd.baseline_after.match(after) else None
        baseline = started is not None
        # 从上半年5.5%降到5.3%: the start is a level inside the year, no figure of it
        start_in_year = started is not None and started.group("within") is not None
        hits: list[_Hit] = []
        label_index = -1
        for q in values:
            if q.bound != "high" or len(values) > len(group):
                label_index += 1
            label, indicator = labels[min(label_index, len(labels) - 1)]
            measure, sign = self._measure(q, middle, subject, indicator, after)
            op = q.op or suffix_op or prefix_op or "eq"  # a range's bounds have their own (ge, le)
            value = q.value * sign
            unit = self._unit(q, indicator) if measure == "level" else q.unit
            partial = times[label_index] if times and label_index < len(times) else self._part_of_year(q.num_start)
            if indicator and measure == "growth" and nominal and lx.indicators[indicator].extra.get("real_growth"):
                indicator = None  # 现价增长3.5%: at current prices, not the growth the catalog measures
            if indicator and (relative or monthly or partial or self.sub_area or start_in_year
                              or not _compatible(self, indicator, measure, unit)):
                indicator = None
            if indicator and (self.lx.indicators[indicator].qualitative
                              or label in self.lx.indicators[indicator].growth_aliases
                              and not _growth_alias_holds(self.lx.indicators[indicator], measure, n, prefix, own)):
                indicator = None
            # An amount changed (增加1000亿元), a growth rate, a total: a figure of several years in a review of
            # several years.
            changed = measure == "level" and not q.is_percent and middle.change
            # A total (城镇新增就业5.6万人), not a level reached (固定资产投资由53.9亿元增长到69.3亿元, 达到59.8亿元).
            total = bool(indicator and lx.indicators[indicator].adds_up
                         and not (middle.level or middle.reached))
            several = changed or measure != "level" or total
            if changed:
                indicator = None
            kind, year, period, cue = self._when(section, q.num_start, restated, prefix, several)
            if kind != "target" and op == prefix_op and not (q.op or suffix_op) and held:
                op = "eq"  # 登记失业率控制在3.5%: in a result, the level held, not a cap
            if written_year is not None or baseline:
                # The level a change starts from: a result of the year written, or of the year before.
                kind, period, cue = ("actual" if kind == "target" else kind), None, None
                year = written_year or ((section.span or (year, year))[0] - 1 if year else None)
            if period is not None or cue is not None:
                indicator = None  # a figure of several years is never a year's result or target
            start = subject.start if subject.text else q.start
            hits.append(
                _Hit(
                    indicator=indicator or "other", label=_with_cue(label or subject.text, cue), measure=measure,
                    value=value, unit=unit, op=op, kind=kind, year=year, qualifier=qualifier,
                    start=max(min(start, q.start), q.start - _QUOTE_REACH),
                    end=min(last.end if len(values) > 1 else q.end, q.end + _QUOTE_REACH), restated=restated,
                    range=q.bound is not None, section=section.title or None, period=period,
                    streak=self._streak(streak, middle, section, year) if op in _BOUNDS else None,
                )
            )
        _passed_thresholds(hits, section)
        self.hits.extend(hits)
        if relative and topic is not None:
            return topic  # 完成年计划的95%: a ratio to another figure; the clauses after it keep their topic
        for stated in labels[: label_index + 1]:  # the subjects stated, each once in a row
            if len(labels) > 1 or self.stated[-1:] != [stated]:
                self.stated.append(stated)
                self.stated_labels.pop(stated[0], None)
                self.stated_labels[stated[0]] = None
        return subject

    def _streak(self, streak: str | None, middle: _Middle, section: Section,
                year: int | None) -> tuple[str, Span | None] | None:
        """The words and years of a streak a bound was held over: 连续8年, or 稳定在 in a review of several years."""
        if streak is not None:
            return streak, back(count_years(streak[2:-1]), year)
        if section.span is not None and section.part == "review" and middle.held is not None:
            return middle.held, section.span
        return None

    def _unit(self, q: Quantity, indicator: str | None) -> str:
        """A magnitude written without its unit (跨越8万亿、9万亿) takes the one unit of the indicator it can
        have (万亿元), unless a noun follows it (13.2万脱贫人口: the noun is what is counted)."""
        unit = q.unit
        if not indicator or unit not in self.lx.magnitudes or _noun_follows(self.t, q.end):
            return unit
        units = [u for u in self.lx.indicators[indicator].level_units
                 if u.startswith(unit) and u[len(unit):] in self.lx.base_units]
        return units[0] if len(units) == 1 else unit

    def _measure(self, q: Quantity, middle: _Middle, subject: Subject, indicator: str | None,
                 after: str) -> tuple[str, int]:
        lx = self.lx
        down = middle.down
        if q.is_points:
            return "change_pp", -1 if down else 1
        growth_word = middle.up or down or subject.growth
        if q.is_percent or q.unit == "倍":
            if middle.level:
                return "level", 1
            if growth_word or after.startswith(lx.growth_after):
                return "growth", -1 if down else 1
            if q.unit == "倍":
                return "level", 1
            if indicator:
                return lx.indicators[indicator].pct_measure, 1
            return "level", 1
        return "level", 1

    def _index_cues(self, s_start: int, s_end: int, full_start: int) -> None:
        """Where the sentence's cue words end: 预计 (estimates), 力争 (qualifiers), 到2025年 (years). `full_start`:
        where the full sentence it ends starts (`_full_sentence_start`)."""
        t, lx = self.t, self.lx
        # 预计 introducing a list of figures reaches over the semicolons of its full sentence: "预计实现地区
        # 生产总值391亿元，增长8.6%；固定资产投资增长13.5%；…。" states every figure as an estimate. 预计
        # before a statement without figures ("…抓落实，预计焦炭产量位居前列；粮食产量增长12.5%") reaches
        # to its semicolon only.
        whole = _at_sentence_edge(t, full_start)  # not so when a sentence start is looked for only so far back
        # (where each cue starts to hold, where it stops); 地区生产总值预计增长6%，固定资产投资增长3%: a cue after a
        # subject holds of that subject's figures only.
        self.estimates = [
            (end, self._item_end(end) if self._after_subject(start) else len(t))
            for start, end, word in self.cues.estimates.within(full_start, s_end, whole).all()
            if start >= s_start
            or (word not in lx.estimate_after_subject and self._introduces_figures(start, end, full_start))
        ]
        i = bisect_right(self._paragraph_starts, s_end) - 1
        if i >= 0 and s_start < self.estimated_paragraphs[i][1]:
            self.estimates.insert(0, self.estimated_paragraphs[i])
        cues = self.cues
        self.qualifiers = cues.qualifiers.within(s_start, s_end, True)
        # 到2027年 reaches over semicolons too: "到2027年，地区生产总值达到1.2万亿元；居民收入达到8.5万元。"
        self.year_moves = cues.year_moves.within(full_start, s_end, whole)
        self.year_marks = cues.year_marks.within(s_start, s_end, True)  # every year the sentence names as its time
        # …and the full sentence, over its semicolons: 2010年，生产总值增长13.8%；规上工业增加值增长16.2% are both
        # of the reviewed year 2010 in a review of five years
        self.full_year_marks = cues.year_marks.within(full_start, s_end, whole)
        # The years the sentence names for its figures of several years (“十四五”时期, 近三年), the bases it
        # compares with (较“十三五”末), and the words that make it speak of one year (全年).
        self.span_stretch = (full_start, s_end)
        self.sentence_span_names: _Marks | None = None  # (found when a figure first asks: `_span_names`)
        self.bases = cues.bases.within(s_start, s_end, True)
        self.annual = cues.annual.within(s_start, s_end, True)
        self.sentence = (s_start, s_end)
        self.year_on_year: bool | None = None  # (looked for when a figure first asks: `_compares_year_on_year`)
        self.part_of_year = cues.part_of_year.within(s_start, s_end, True)

    def _span_names(self) -> _Marks:
        """The names of spans of years of the sentence (`_index_cues`)."""
        if self.sentence_span_names is None:
            start, end = self.span_stretch
            self.sentence_span_names = self.cues.span_names.within(start, end)
        return self.sentence_span_names

    def _after_subject(self, pos: int) -> bool:
        """The words of the clause before `pos` name an indicator (地区生产总值预计…)."""
        words = self.t[_clause_start(self.t, pos) : pos]
        return self._subject(words, 0, None, allow_inherit=False).indicator is not None

    def _item_end(self, pos: int) -> int:
        """Where the figures of the subject stated before `pos` end: at the next clause of its sentence naming a
        subject of its own (…预计增长6%，增速居全市第一，固定资产投资…)."""
        t = self.t
        end = m.start() if (m := SENTENCE_END.search(t, pos)) else len(t)
        first = CLAUSE_END.search(t, pos, end)
        for c_start, c_end in spans(t, _CLAUSE_CUTS, first.end(), end) if first else ():
            first_number = next((q.start for q in self._quantities_in(c_start, c_end)), c_end)
            words = _strip_leading(self, t[c_start:first_number]).lstrip("分别均")
            if not (_is_predicate_only(words) or _compares(self.lx, words)):  # not 比2022年增长6%
                return c_start
        return end

    def _introduces_figures(self, start: int, end: int, full_start: int) -> bool:
        """A cue at text[start:end] opening its sentence ("2024年，预计…") or followed by a number in its clause."""
        if len(self.t[full_start : start].strip()) <= _MAX_CUE_OFFSET:
            return True
        return self._last_digit_before_stop(end) >= end

    def _last_digit_before_stop(self, pos: int) -> int:
        """Where the last digit stands between the clause or sentence mark before `pos` and the first one at
        or after it (-1: none): found once for each stretch, however many cues stand in it."""
        if self._stops is None:
            self._stops = [m.start() for m in _CLAUSE_OR_SENTENCE_END.finditer(self.t)]
        i = bisect_left(self._stops, pos)
        end = self._stops[i] if i < len(self._stops) else len(self.t)
        if end not in self._last_digits:
            start = self._stops[i - 1] + 1 if i else 0
            self._last_digits[end] = next((p for p in range(end - 1, start - 1, -1) if self.t[p].isdigit()), -1)
        return self._last_digits[end]

    def _past_year(self, section: Section, pos: int) -> int | None:
        """In the plan part, the past year a figure is stated of (去年…, 2023年…), if any."""
        if section.part != "plan" or section.year is None:
            return None
        year = self.year_marks.last(pos)
        return year if year is not None and year < (self.facts.plan_year or section.year) else None

    def _goal_year(self, section: Section, pos: int) -> int | None:
        """Outside the plan part, the plan year or a later one that the sentence names as its time
        (2024年全市…预期增长6%, 到2027年…) or a goal by its qualifier (力争): a review's figures are
        results, what it says of the plan year or later is a goal."""
        if section.part == "plan":
            return None
        plan = self.facts.plan_year or (section.year + 1 if section.year else None)
        if plan is None:
            return None
        moved = self.year_moves.last_kept(pos, ("after", plan), lambda year: year > plan)
        marked = self.year_marks.last(pos)
        if marked is not None and marked < plan:
            return moved
        if marked is None and self._qualifier(pos) in self.lx.target_cues:  # 力争实现…增长10%以上
            marked = plan
        return _larger(moved, marked)

    def _kind_and_year(self, section: Section, pos: int, restated: bool) -> tuple[str, int | None]:
        """What a figure at `pos` is (target / estimate / actual) and the year it is of."""
        goal = self._goal_year(section, pos)
        past = self._past_year(section, pos)
        if restated or goal is not None or (section.part == "plan" and past is None):
            kind = "target"
        elif any(start <= pos < stop for start, stop in self.estimates):
            kind = "estimate"
        else:
            kind = "actual"
        if goal is not None:
            return kind, goal
        if past is not None:
            return self._unfinished(kind, past), past
        year = section.year
        if section.part == "plan" and year is not None:
            if (span := section.span) is not None:  # 今年 in the goals of a five-year plan: a target of the plan year
                marked = self.year_marks.last_kept(pos, ("in", span), lambda y: span[0] <= y <= span[1])
                year = marked if marked is not None else year
            moves = self.year_moves.count(pos)
            # 到2027年…翻一番，今年…增长6%: a year named after the move takes the sentence back to it
            if moves and self.year_moves.value(moves - 1) > year \
                    and self.year_marks.count(pos) == self.year_marks.count(self.year_moves.end(moves - 1)):
                year = self.year_moves.value(moves - 1)
        return self._unfinished(kind, year), year

    def _unfinished(self, kind: str, year: int | None) -> str:
        """A result of a year the document was delivered in, before its end (a session in December): an
        estimate, whatever its words."""
        published = self.facts.published
        if kind == "actual" and published is not None and year == published.year == self.facts.review_year \
                and published.month >= self.lx.sessions_plan_next_from:
            return "estimate"
        return kind

    def _when(
        self, section: Section, pos: int, restated: bool, before: str = "", several: bool = False,
        since_base: bool = False,
    ) -> tuple[str, int | None, Span | None, str | None]:
        """Kind, year and period of a figure at `pos` stated after `before` (the words of its clause before
        it), and the words that make it a figure of several years. `several`: the figure is a flow or a
        change (a growth rate, 新增就业), which a review or plan of several years states of them all unless
        the sentence names one year; `since_base`: a change since a base (翻番), even then.
        """
        kind, year = self._kind_and_year(section, pos, restated)
        if several and self.gd.streak.search(before):  # 连续5年超额完成: of each year, the last one too
            several = False
        period, cue = self._stated_period(section, pos, before, year)
        if period is None and several and section.span is not None and (since_base or not self._annual(pos)):
            period = section.span
        if period is not None:
            year = period[1]
        return kind, year, period, cue

    def _stated_period(
        self, section: Section, pos: int, before: str, year: int | None
    ) -> tuple[Span | None, str | None]:
        """The years a figure covers by its own words, and those words: 年均 or 累计 right before it, a count
        of years (五年增长), a base before the year before (较“十三五”末). The words without the years when
        the document's years are unknown."""
        several_words = _middle_of(before).several
        if several_words is not None:
            span: Span | None
            named = self._span_names().last(pos)
            counted = [n for n, _ in _counted_years(before) if n and n > 1]
            if named is not None:
                span = named
            elif counted and year is not None:  # 两年平均增长5.1%
                span = (year, year + counted[-1] - 1) if section.part == "plan" else back(counted[-1], year)
            elif section.span is not None:
                span = section.span
            elif year is None:
                span = None
            else:
                span = (year, year + 4) if section.part == "plan" else back(5, year)
            return span, several_words
        for n, words in _counted_years(before):
            if n is not None and n > 1:
                return back(n, year), words
        if year is None:
            return None, None
        base = self.bases.last_kept(pos, ("before", year), lambda b: b[0] is not None and b[0] < year - 1)
        if base is not None:
            return (base[0] + 1, year), base[1]
        return None, None

    def _part_of_year(self, pos: int) -> bool:
        """The sentence, or the paragraph it opens, speaks of a part of a year before `pos` (上半年，…), and not
        of the whole again."""
        last = self.part_of_year.last(pos)
        i = bisect_right(self._partial_starts, pos) - 1
        if i >= 0 and pos < self.partial_paragraphs[i][1]:
            last = _larger(last, self.partial_paragraphs[i][0])
        return last is not None and self.annual.count(pos) == self.annual.count(last)  # no 全年 after it

    def _listed_times(self, prefix: str, n: int) -> list[bool] | None:
        """一季度、上半年、前三季度、全年…分别增长a、b、c、d: for each of `n` values, whether the time it is
        stated of is a part of the year; None unless the words before them list `n` times."""
        pg = self.pg
        times = sorted([(m.start(), True) for m in pg.part_of_year.finditer(prefix)]
                       + [(m.start(), False) for m in pg.annual.finditer(prefix)])
        return [partial for _, partial in times] if len(times) == n else None

    def _annual(self, pos: int) -> bool:
        """The sentence names one year as its time before `pos` (2025年，…; 全年…; the reviewed year before its
        semicolons), or compares with the year before anywhere (…62亿元，同比增长30%)."""
        return (self.year_marks.count(pos) > 0 or self.annual.count(pos) > 0 or self._compares_year_on_year()
                or (self.full_year_marks.last(pos) or 0) == reviewed_year(self.facts))

    def _compares_year_on_year(self) -> bool:
        """The sentence compares with the year before (同比, 比上年)."""
        if self.year_on_year is None:
            start, end = self.sentence
            self.year_on_year = leads(self.pg.year_on_year).search(self.t, start, end) is not None
        return self.year_on_year

    def _qualifier(self, pos: int) -> str | None:
        return self.qualifiers.last(pos)

    # ---- figures without numbers -------------------------------------------------------------

    def _phrases(
        self, c_start: int, c_end: int, section: Section, s_start: int, topic: Subject | None
    ) -> Subject | None:
        """Figures stated in words: 与经济增长同步, 完成上级下达的目标任务, 进出口稳中提质 (in a list of
        targets), 零增长, 保持下降, 未能由负转正, 翻番.

        Returns the subject of the last such figure, which becomes the topic of the clauses after it.
        """
        found: Subject | None = None
        t, lx = self.t, self.lx
        clause = t[c_start:c_end]
        # the plan part, or a sentence outside it naming the plan year as its time (答:今年…, 完成省下达的…任务)
        plan = section.part == "plan" or (
            self.facts.plan_year is not None and self._goal_year(section, c_start) == self.facts.plan_year)
        qualifier = self._qualifier(c_end)

        def hit(indicator: str, label: str, measure: str, value: Decimal | None, op: str, start: int, end: int,
                before: str, since_base: bool = False) -> _Hit:
            kind, year, period, cue = self._when(section, c_start + len(before), False, before, several=True,
                                                 since_base=since_base)
            # 翻番: a change since a base, never one year's growth
            return _Hit("other" if period or cue or since_base else indicator, _with_cue(label, cue), measure, value,
                        None if value is None else "%", op, kind, year, qualifier, start, end,
                        section=section.title or None, period=period)

        synced = lx.sync.search(clause)
        if synced and not clause[: synced.start()].endswith(lx.sync_negations):
            before = clause[: synced.start()]
            subject = found = self._subject(before, c_start, topic)
            items = _split_last_conjunction(self, _items(self, subject.text)) if subject.indicator is None \
                else [subject.text]
            # 地方一般公共预算收入、居民收入增长和经济增长基本同步, 城镇居民和农村居民人均可支配收入与经济增长同步:
            # each item keeps pace.
            for label, indicator in _distribute(self, subject, len(items)):
                self.hits.append(hit(_catalog(self, indicator), label, "growth", None, "sync", subject.start,
                                     c_start + synced.end(), before))
        for pattern in lx.qualitative + lx.qualitative_named:
            m = pattern.search(clause)
            if m:
                before, obj = clause[: m.start()], m.groupdict().get("object") or ""
                if before.endswith(lx.qualitative_negations):  # 未完成…: nothing was stated as done
                    break
                named = self._qualitative_subjects(before, obj)
                if pattern in lx.qualitative_named and (named == [("other", "level")]
                                                        or lx.growth_phrases.search(before)):
                    continue  # 能耗继续下降且控制在目标之内: the fall stated is the figure, the bound no second one
                label = (_strip_leading(self, before) + obj) or m.group()
                said = [hit(indicator, label, measure, None, "qualitative", c_start, c_start + m.end(), before)
                        for indicator, measure in named]
                projected = bool(m.groupdict().get("estimate")) or said[0].kind == "estimate"
                if not plan and not (projected or self.gd.streak.search(before)):
                    break  # 全面完成了…任务 in a review: the report's summary of its work, not a figure
                for h in said:
                    if h.kind == "actual" and projected:
                        h.kind = "estimate"  # 节能减排任务可以完成
                self.hits.extend(said)
                break
        m = lx.listed_qualitative.search(clause)
        if plan and m and not synced:
            subject = self._subject(clause[: m.start()], c_start, None, allow_inherit=False)
            if subject.indicator is None and "、" in clause[: m.start()]:
                # 外贸进出口实现正增长、实际使用外资稳中提质: the last item's subject
                last = clause[: m.start()].rsplit("、", 1)[1]
                subject = self._subject(last, c_start + m.start() - len(last), None, allow_inherit=False)
            # 外贸外资促稳提质: each of a joint subject's parts
            subjects = [subject] if subject.indicator else [
                self._subject(item, subject.start, None, allow_inherit=False) for item in _items(self, subject.text)]
            full_start = _full_sentence_start(t, s_start)
            for subject in subjects:
                if not subject.indicator or lx.indicators[subject.indicator].qualitative:
                    continue
                found = subject
                measure = "growth" if subject.growth else lx.indicators[subject.indicator].target_measure
                target = hit(subject.indicator, subject.text, measure, None, "qualitative", subject.start,
                             c_start + m.end(), clause[: m.start()])
                if lx.announced.search(t, full_start, c_start):  # 主要预期目标是：…: a list of targets itself
                    self.hits.append(target)
                else:  # a list of targets in a sentence, or written one a line (●地区生产总值增长6%左右 ●…)
                    self.listed.append((target, *_item_block(t, full_start, _full_sentence_end(t, c_end))))
        m = lx.growth_phrases.search(clause)
        if m:
            value, plan_op, review_op, since_base = lx.growth_words[m.group()]
            before = clause[: m.start()]
            subject = found = self._subject(before, c_start, topic)
            items = _items(self, subject.text) if subject.indicator is None else [subject.text]
            # 单位生产总值能耗、二氧化碳排放量持续下降: each item falls.
            for label, indicator in _distribute(self, subject, len(items)):
                self.hits.append(hit(_catalog(self, indicator), label, "growth", value,
                                     plan_op if plan else review_op, subject.start, c_start + m.end(), before,
                                     since_base))
        return found

    def _qualitative_subjects(self, before: str, obj: str) -> list[tuple[str, str]]:
        """Indicators and measures of a target without a number: its subject (单位生产总值能耗完成…考核目标),
        each indicator a list names (城镇新增就业、登记失业率、节能减排等约束性指标完成…; 完成能耗强度降低和…
        任务), an emission word (完成…二氧化碳排放降低目标), or what its object names (完成…粮食生产目标任务)."""
        lx = self.lx
        subject = self._subject(before, 0, None, allow_inherit=False)
        if subject.indicator is None or lx.indicators[subject.indicator].qualitative:
            listed = self._listed_indicators(subject.text) or self._listed_indicators(obj)
            if listed:
                return listed
            if (named := lx.alias_index.get(obj)) and not lx.indicators[named].qualitative:
                return [self._target_measure(named, False)]  # 完成…下达的能耗双控目标: the object names it
            if any(w in before + obj for w in lx.emission_words):
                return [("emissions", "level")]
            indicator = _named_by(self, obj) or _named_by(self, subject.text)
            return [self._target_measure(indicator, False)] if indicator else [("other", "level")]
        return [self._target_measure(subject.indicator, subject.growth)]

    def _listed_indicators(self, words: str) -> list[tuple[str, str]]:
        """The catalog indicators the items of a list name, each with its measure, in order (two or more
        items, or one naming an indicator with its predicate: 能耗强度降低)."""
        items = [self.lx.list_close.sub("", item) for item in self.lx.item_split.split(words)]
        found: list[tuple[str, str]] = []
        for item in items:
            subject = self._subject(item, 0, None, allow_inherit=False) if item else None
            named = None
            if subject is not None and subject.indicator and (len(items) > 1 or subject.text != item):
                named = self._target_measure(subject.indicator, subject.growth)
            elif len(items) > 1 and any(w in item for w in self.lx.emission_words):
                named = ("emissions", "level")  # 完成…粮食生产、单位生产总值二氧化碳减排目标任务
            if named is not None and named not in found:
                found.append(named)
        return found

    def _target_measure(self, indicator: str, growth: bool) -> tuple[str, str]:
        entry = self.lx.indicators[indicator]
        if entry.qualitative:
            return indicator, "level"
        return indicator, "growth" if growth else entry.target_measure

    # ---- tables ------------------------------------------------------------------------------

    def _captions(self) -> list[Span]:
        """The captions of a news graphic's lines that repeat the figure after them (6.8%——规上工业增加值增长6.8%)."""
        captions: list[Span] = []
        for m in at_line_starts(self.lx.caption_line).finditer(self.t):
            number = _digit_text(m.group())
            if number is not None and number in self.t[m.end(): _line_end(self.t, m.end())]:
                captions.append((m.start(), m.end()))
        return captions

    def _table(self, table: Table) -> None:
        """One figure per value cell; the row label names the indicator, the column its year and kind."""
        lx = self.lx
        section = self.outline.at(table.start)
        notes = self._table_estimates(table)
        previous = ""
        for row in table.rows:
            label = re.sub(r"[(（][^()（）]*[)）]|\s", "", row.label.text).strip("*:：")
            row_unit = _unit_in_label(row.label.text)
            core = label
            growth, sign = False, 1
            if label in lx.growth_rows and previous:
                # A row "增长(%)" under "地区生产总值(亿元)": the growth of the row above.
                core, growth, sign = previous, True, -1 if label in lx.falls else 1
            for suffix in lx.growth_subject + lx.falls:
                if core.endswith(suffix) and core[: -len(suffix)] in lx.alias_index:
                    core, growth = core[: -len(suffix)], True
                    sign = -1 if suffix in lx.falls else 1
                    break
            previous = core
            indicator = lx.alias_index.get(core)
            if indicator and lx.indicators[indicator].qualitative:
                indicator = None
            unit_cell = next((c for c, col in zip(row.values, table.columns) if col.role == "unit"), None)
            if unit_cell is not None and unit_cell.text:
                row_unit = unit_cell.text
            for cell, column in zip(row.values, table.columns):
                if not cell.text or column.role in (None, "unit"):
                    continue
                growth_column = column.unit in ("%", "‰") and any(w in column.header for w in ("增长", "增速", "增幅"))
                cell_unit = column.unit if growth_column else (row_unit or column.unit or table.unit)
                for part in value_parts(cell.text):
                    # a range (7—7.5): its two ends, a floor and a cap
                    ends = _TABLE_RANGE.match(part)
                    for value in (f"{ends['lo']}以上", f"{ends['hi']}{ends['unit'] or ''}以内") if ends else (part,):
                        self._table_cell(value, row, core, indicator, column, section, cell_unit, growth, sign,
                                         growth_column, notes)

    def _table_cell(self, text: str, row: Row, core: str, indicator: str | None, column: Column,
                    section: Section, unit: str | None, growth: bool, sign: int, growth_column: bool,
                    notes: _EstimateNotes) -> None:
        """The figure of one value of a row: a cell, or a part of one (增长4.9% of 4516.8亿元,增长4.9%); `notes`:
        what the note after the table makes estimates (`_table_estimates`)."""
        lx = self.lx
        parsed = _table_value(text, unit)
        kind = column.role
        if parsed is None or kind is None:
            return
        value, unit, op, change, mark = parsed
        if kind == "actual" and _noted_estimate(notes, mark, indicator, column):
            kind = "estimate"
        if op == "qualitative":  # 完成省下达任务: a target without a number (in a result's column, a summary)
            if kind == "target" and indicator is not None:
                self.hits.append(_Hit(indicator, core, self._target_measure(indicator, growth)[1], None, None, op, kind,
                                      column.year, None, row.start, _through_bar(self.t, row.end), source="table",
                                      section=section.title or None))
            return
        if change and unit in ("%", "‰"):  # the value says it is a change: 增长6.5%, 下降2%
            growth, sign = True, change
        if value is not None and growth:
            value = value * sign
        if op == "sync" or ((growth or growth_column) and unit in ("%", "‰")):
            measure = "growth"
        elif unit in ("%", "‰"):
            if indicator:
                measure = lx.indicators[indicator].pct_measure
            else:
                measure = "growth" if "增速" in column.header or "增长" in column.header else "level"
        elif unit and unit.endswith("百分点"):
            measure = "change_pp"
        else:
            measure = "level"
        if indicator and op != "sync" and not _compatible(self, indicator, measure, unit):
            indicator = None
        cue, period = self._column_period(column)
        if cue:
            indicator = None  # 年均增长 beside the levels: a figure of several years
        self.hits.append(
            _Hit(indicator or "other", _with_cue(core, cue), measure, value, unit, op, kind,
                 period[1] if period else column.year, None, row.start, _through_bar(self.t, row.end),
                 source="table", section=section.title or None, period=period)
        )

    def _table_estimates(self, table: Table) -> _EstimateNotes:
        """What the note after a table makes estimates among its results: the mark of such cells (注：带*者为
        预计数), and (a column's header, the indicators named) pairs (注：“2023年完成”栏中，地区生产总值、城乡
        居民人均可支配收入为预计数); a joint indicator names its parts too."""
        lx = self.lx
        note = self.t[table.end : table.end + lx.table_note_chars]
        m = lx.table_estimate_mark.search(note)
        mark = m.group("mark") if m else ""
        named: list[tuple[str, frozenset[str]]] = []
        for m in lx.table_estimate_rows.finditer(note):
            indicators: set[str] = set()
            for name in lx.item_split.split(m.group("rows")):
                ident = lx.alias_index.get(name.strip())
                if ident:
                    indicators |= {ident, *lx.indicators[ident].parts}
            if indicators:
                named.append((re.sub(r"\s", "", m.group("column")), frozenset(indicators)))
        return mark, named

    def _column_period(self, column: Column) -> tuple[str | None, Span | None]:
        """年均 or 累计 in a column's header (2024—2028年年均增长), and the years its figures cover: those the
        header names, else five from the column's year."""
        cue = self.pg.several.search(column.header)
        if not cue:
            return None, None
        years = sorted({int(y) for y in _HEADER_YEARS.findall(column.header)})
        if len(years) >= 2:
            return cue.group(), (years[0], years[-1])
        named = self.pg.names.search(column.header)
        span = named_span(named, self.facts.review_year, self.facts.plan_year) if named else None
        if span is None and column.year is not None:
            span = (column.year, column.year + 4) if column.role == "target" else back(5, column.year)
        return cue.group(), span


# ---- helpers ---------------------------------------------------------------------------------


_OWN_NAMES: Final[dict[tuple[str | None, str | None], tuple[str, ...]]] = {}


def _own_names(region: str | None, level: str | None) -> tuple[str, ...]:
    """Words by which a document's government opens a subject: its name (澜泽市, 澜泽) and the scope words of
    its kind (全市 in a city's report; 全区 in a district's, where 全市 is the city above); longest first. Kept
    for each region and level."""
    key = (region, level)
    if key not in _OWN_NAMES:
        _OWN_NAMES[key] = _names_of(region, level)
    return _OWN_NAMES[key]


_LEVEL_SUFFIX: Final = regex_cache.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|新区|省|市|区|县|旗|盟|州)$")


def _names_of(name: str | None, level: str | None) -> tuple[str, ...]:
    scope: dict[str, list[str]] = grammar().lexicon["subject"]["scope"]
    if not name:
        return tuple(sorted({w for words in scope.values() for w in words}, key=len, reverse=True))
    names = [name, *scope.get(name[-1], [])]
    short = _LEVEL_SUFFIX.sub("", name)
    if len(short) >= 2 and short != name:
        names.append(short)
    if name[-1] in grammar().lexicon["subject"]["first_character_names"] and len(name) >= 4:
        names.append(name[0] + name[-1])  # 准格尔旗: 准旗
    autonomous = _autonomous_name().match(name)
    if autonomous:  # 果洛藏族自治州: 果洛, 果洛州
        names += [autonomous.group(1), autonomous.group(1) + autonomous.group(2)]
    if level == "province":  # 新疆维吾尔自治区: 新疆, 全疆
        provinces: dict[str, str] = grammar().lexicon["subject"]["provinces"]
        names += [w for common, abbr in provinces.items() if name.startswith(common) for w in (common, "全" + abbr)]
    return tuple(sorted(set(names), key=len, reverse=True))


@cache
def _autonomous_name() -> re.Pattern:
    """An autonomous prefecture's, county's or banner's name (果洛藏族自治州): its place name, its kind."""
    groups = alternation(grammar().lexicon["subject"]["ethnic_groups"])
    return regex_cache.compile(rf"(.{{2,}}?)(?:(?:{groups})族?)+自治([州县旗])$")


def _catalog(engine: _Engine, indicator: str | None) -> str:
    """The indicator id for a figure, or "other" (qualitative catalog entries take no numbers)."""
    if indicator and not engine.lx.indicators[indicator].qualitative:
        return indicator
    return "other"


_HEADER_YEARS: Final = regex_cache.compile(r"(?:19|20)\d\d")
_TABLE_VALUE: Final = regex_cache.compile(
    rf"^{VALUE_LEAD}"
    r"(?P<pre>[<>≥≤]|不低于|不超过|超过|突破|约)?(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>[%‰]|[万亿]?[元人吨斤亩户家个项])?"
    rf"\s*(?P<suf>左右|以上|以内|以下|之内|上下)?\s*(?P<mark>[{ESTIMATE_MARKS}])?$"
)
_TABLE_QUALITATIVE: Final = regex_cache.compile(rf"{QUALITATIVE_CELL}$")
_TABLE_RANGE: Final = regex_cache.compile(rf"^{RANGE_CELL}$")
_TABLE_OPS: Final = {"<": "lt", ">": "gt", "≥": "ge", "≤": "le", "不低于": "ge", "不超过": "le", "超过": "gt", "突破": "gt",
              "约": "approx", "左右": "approx", "上下": "approx", "以上": "ge", "以内": "le", "以下": "le", "之内": "le"}


def _table_value(text: str, unit: str | None) -> tuple[Decimal | None, str | None, str, int, str] | None:
    """A table cell's value: "8左右", "20以上", "3.9以内", "9.7", "与经济增长同步", "增长6.5%左右",
    "稳定在60亿斤以上"; then +1 or -1 when the cell says the value is a rise or a fall, else 0; and the mark
    after it that a note may explain (5.2*), else ""."""
    text = re.sub(r"\s", "", text)
    if "同步" in text:
        return None, None, "sync", 0, ""
    if _TABLE_QUALITATIVE.match(text):
        return None, None, "qualitative", 0, ""
    if text == "零增长":
        return Decimal(0), "%", "le", 0, ""
    m = _TABLE_VALUE.match(text)
    if not m:
        return None
    op = _TABLE_OPS.get(m.group("suf") or "") or _TABLE_OPS.get(m.group("pre") or "") or "eq"
    change = m.group("change")
    direction = 0 if not change else -1 if change.endswith(("下降", "减少", "回落")) else 1
    return Decimal(m.group("num")), m.group("unit") or unit, op, direction, m.group("mark") or ""


# What a table's note makes estimates: the mark of such cells, and (a column's header, the indicators named) pairs
_EstimateNotes = tuple[str, list[tuple[str, frozenset[str]]]]


def _noted_estimate(notes: _EstimateNotes, mark: str, indicator: str | None, column: Column) -> bool:
    """Whether a table's note makes a result cell an estimate: by its mark, or by its row and column."""
    marked, named = notes
    if mark and mark == marked:
        return True
    if indicator is None or not named:
        return False
    header = re.sub(r"\s", "", column.header)
    return any(indicator in ids and col in header for col, ids in named)


def _unit_in_label(label: str) -> str | None:
    m = re.search(r"[(（]([^()（）]{1,6})[)）]\s*$", label)
    return m.group(1) if m else None


def _through_bar(t: str, end: int) -> int:
    """Extend a row's end over its closing cell separator, so the quote shows the whole row."""
    return end + 1 if t[end : end + 1] == "|" else end


_DIGITS: Final = regex_cache.compile(r"\d+(?:\.\d+)?")


def _digit_text(text: str) -> str | None:
    """The first number written in digits in `text`, as written."""
    m = _DIGITS.search(text)
    return m.group() if m else None


_ENUMERATION: Final = regex_cache.compile(r"^(?:[一二三四五六七八九十]+是|——|—|[(（]?[一二三四五六七八九十\d]{1,2}[)）、.])")


def _item_block(t: str, start: int, end: int) -> tuple[int, int]:
    """Where the bulleted list holding the stretch `start`–`end` starts and ends, when the stretch's line is an
    item of one (●…): its items are the lines around it that open with a bullet, blank lines between them
    aside; else the stretch itself."""
    first = t.rfind("\n", 0, start) + 1
    if not opens_item(t[first : first + _ITEM_MARK]):
        return start, end
    last = _line_end(t, end)
    for _ in range(_MAX_ITEMS):  # back, over the items before it
        pos = first - 1
        while pos >= 0 and t[pos] in _BLANK:
            pos -= 1
        line = t.rfind("\n", 0, pos) + 1
        if pos < 0 or not opens_item(t[line : line + _ITEM_MARK]):
            break
        first = line
    for _ in range(_MAX_ITEMS):  # and on, over the items after it
        pos = last
        while pos < len(t) and t[pos] in _BLANK:
            pos += 1
        if pos >= len(t) or not opens_item(t[pos : pos + _ITEM_MARK]):
            break
        last = _line_end(t, pos)
    return first, last


def _full_sentence_start(t: str, pos: int) -> int:
    """Where the full sentence holding `pos` starts: after the last 。 or line break. A line break right
    after a semicolon, before a line that opens no heading or item, is a PDF line wrap inside it."""
    start = pos
    for _ in range(8):
        floor = max(0, start - _MAX_SENTENCE)  # bounded: text without 。 (tables) is not scanned to its start
        stop = max(t.rfind("。", floor, start), t.rfind("\n", floor, start))
        if stop < 0:
            return floor
        if stop == 0 or t[stop] == "。" or t[stop - 1] not in ";；" or opens_line(t[stop + 1 : stop + 12]):
            return stop + 1
        start = stop
    return start


def _at_sentence_edge(t: str, pos: int) -> bool:
    """`pos` opens the text, follows a sentence end or stands on one: no cue word runs across it."""
    return pos == 0 or bool(SENTENCE_END.match(t, pos - 1) or SENTENCE_END.match(t, pos))


def _joined_at_marks(t: str, stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches of text (disjoint, in order) joined where one ends at a sentence's end mark and the next
    starts after one: a match of a pattern reading a mark as the end of its text (`reads_marks_as_end`) that
    starts in one of them and holds no mark is one a pass over it alone finds, and those it finds are all
    such (one holding a mark tells `_Cues` to read each stretch alone)."""
    out: list[tuple[int, int]] = []
    for start, end in stretches:
        if out and out[-1][1] < len(t) and t[out[-1][1]] in SENTENCE_MARKS and start and t[start - 1] in SENTENCE_MARKS:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _merged(stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches of text joined where they overlap or meet, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(stretches):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _larger(a: int | None, b: int | None) -> int | None:
    """The larger of two numbers either of which may be missing (`max` with a default, called as a builtin with a
    keyword, cost more than the work it was asked of, for each figure)."""
    if a is None:
        return b
    return a if b is None or a >= b else b


def _clause_start(t: str, pos: int) -> int:
    """Where the clause holding `pos` starts: after the last comma, colon or sentence end before it (looked for
    from `pos` back over a clause's few characters, not by a search for every mark of the text before; beyond
    them, by a search: a text without marks is not read a character at a time)."""
    floor = max(0, pos - _MAX_SENTENCE)
    near = max(floor, pos - _NEAR_CLAUSE)
    i = pos
    while i > near:
        if t[i - 1] in _CLAUSE_OR_SENTENCE_MARKS:
            return i
        i -= 1
    return max((m.end() for m in _CLAUSE_OR_SENTENCE_END.finditer(t, floor, near)), default=floor)


def _with_cue(label: str, cue: str | None) -> str:
    """A label with the words that make its figure one of several years (地区生产总值年均)."""
    return label + cue if cue and cue not in label else label


def _noun_follows(t: str, pos: int) -> bool:
    """A Chinese word (not a numeral, not a list word) right after `pos`."""
    c = t[pos : pos + 1]
    return bool(c) and "\u4e00" <= c <= "\u9fff" and c not in CN_NUMERAL_CHARS and c not in "和与及或"


def _line_end(t: str, pos: int) -> int:
    """Where the line holding `pos` ends."""
    end = t.find("\n", pos)
    return len(t) if end < 0 else end


def _full_sentence_end(t: str, pos: int) -> int:
    """Where the full sentence holding `pos` ends: at the next 。 or line break."""
    ends = [i for i in (t.find("。", pos), t.find("\n", pos)) if i >= 0]
    return min(ends) if ends else len(t)


def _named_by(engine: _Engine, words: str) -> str | None:
    """The indicator a phrase names: exactly (粮食生产), or by a list completed from its first item
    (粮食播种面积和产量 → 粮食产量)."""
    alias_index = engine.lx.alias_index
    words = _strip_leading(engine, words)
    if words in alias_index:
        return alias_index[words]
    items = [i for i in engine.lx.item_split.split(words) if i]
    for item in items[1:]:
        completed = _complete(item, items[0])
        if completed:
            return alias_index[completed]
    return None


def _passed_thresholds(hits: list[_Hit], section: Section) -> None:
    """连续跨越7万亿、8万亿、9万亿三个台阶: thresholds of one subject, each above the one before, crossed one
    after another. The last is the level reached; the others were passed in earlier years of the period."""
    if len(hits) < 2:
        return
    first = hits[0]
    if any(h.measure != "level" or h.op not in ("ge", "gt") or h.range or h.period is not None
           or (h.label, h.unit) != (first.label, first.unit) for h in hits):
        return
    if any(a.value is None or b.value is None or a.value >= b.value for a, b in zip(hits, hits[1:])):
        return
    span = section.span or back(5, first.year)
    for h in hits[:-1]:
        h.indicator, h.period = "other", span
        if span is not None:
            h.year = span[1]


_NAMES_NO_INDICATOR: Final[dict[str, bool]] = {}


def _names_no_indicator(lx: _Lexicon, clause: str) -> bool:
    """Whether the words of `clause` surely name no indicator by themselves (`_Engine._subject` without a topic,
    `_named_state`): no alias stands in it, and no mark that subjects are stripped of (`_PUNCT`), so that every
    word looked up is a part of it (across a stripped mark, 消费价格”涨幅 would be read 消费价格涨幅). (Kept: a
    report's clauses without a number come back, and a call of the aliases' automaton costs ten lookups.)"""
    if (known := _NAMES_NO_INDICATOR.get(clause)) is not None:
        return known
    none = _PUNCT_MARK.search(clause) is None and not lx.aliases.find_matches_as_indexes(clause)
    return _remember(_NAMES_NO_INDICATOR, clause, none, len(clause))


def _strip_leading(engine: _Engine, text: str) -> str:
    """Peel scope, time and qualifier words (全市, 全年, 力争, the document's own region) off a subject. (Not
    kept: thirty-odd texts in a thousand are asked again, the answers of the others would be kept for nothing.)"""
    return _stripped(engine.own_names, text)


# Pure functions of a few words of text, asked again and again of the same words (同比增长, 全市…): their answers
# are kept in a dict for each, for texts of up to _MEMO_TEXT characters (a longer one is seldom asked again, and
# kept it would hold memory: a document's text may be a million characters); a dict holding _MEMO answers is
# emptied. A plain dict looked up by the caller: a wrapper with lru_cache cost more than most answers. (A few
# documents' worth: with four times as many, the memos outgrew the processor's caches, and lookups missing them
# cost more than the answers kept saved: the corpus was read some 3% slower.)
_MEMO: Final = 1 << 12
_MEMO_TEXT: Final = 64
_UNKNOWN: Final[Any] = object()  # not in a memo whose answers may be None
_K = TypeVar("_K")
_V = TypeVar("_V")


_SUBJECT_WORDS: Final[dict[str, _SubjectWords]] = {}  # `_Engine._subject_words` of words naming no document's own names


def _remember(memo: dict[_K, _V], key: _K, answer: _V, length: int) -> _V:
    """`answer`, kept in `memo` under `key` if its text is `_MEMO_TEXT` characters long at most."""
    if length <= _MEMO_TEXT:
        if len(memo) >= _MEMO:
            memo.clear()
        memo[key] = answer
    return answer


def _stripped(own_names: tuple[str, ...], text: str) -> str:
    lx = _lexicon()
    text = without_opening(_ENUMERATION, text.lstrip(_PUNCT_OR_OF).rstrip("、,;: \t"), lx.enumeration_gate)
    lead_in = _lead_in(lx, text)
    if lead_in and lead_in.end() < len(text):  # not 经济增长预期目标为: the target's own subject
        text = text[lead_in.end() :]
    return text[_leading_end(lx, own_names, text) :]


def _lead_in(lx: _Lexicon, text: str) -> re.Match | None:
    """`lx.lead_in.match(text)`, tried only when the text holds a word every lead-in holds (目标, 指标)."""
    if lx.lead_in_words is not None and not holds_any(text, lx.lead_in_words):
        return None
    return lx.lead_in.match(text)


def _leading_end(lx: _Lexicon, own_names: tuple[str, ...], text: str) -> int:
    """Where the grammar's leading words and a document's own names (longest first), in any order, stop
    opening `text`: where `^(?:{leading words}|{own names})+` would end, without a pattern compiled for each
    region (each alternative takes a character at least, and nothing follows the loop: no backtracking)."""
    leading, gate = lx.leading_word, lx.leading_gate
    pos = 0
    while True:
        m = leading.match(text, pos) if gate.opens(text, pos) else None
        if m is not None:
            pos = m.end()
            continue
        if not text.startswith(own_names, pos):  # (one call for all of them: most texts open with none)
            return pos
        for name in own_names:
            if text.startswith(name, pos):
                pos += len(name)
                break


_BOUNDS: Final = ("ge", "gt", "le", "lt")
# 均增长, 分别增长6% (one value): each of a joint subject's parts (not 平均, 人均)
_BOTH: Final = regex_cache.compile(r"(?<![平人年])均|都|分别")
_RESPECTIVELY: Final = "分别"
_SHORT_PARENTHESIS: Final = regex_cache.compile(r"[(（][^()（）]{1,10}[)）]")


_COUNTED_YEARS: Final[dict[str, tuple[tuple[int | None, str], ...]]] = {}


def _counted_years(text: str) -> tuple[tuple[int | None, str], ...]:
    """The counts of years in `text` (近三年, 两年), with their words: asked of each value of a list alike. (Kept
    for the texts holding a word every count holds; the others are told at once, not kept.)"""
    years = _guards().years
    if not years.may_match(text):
        return ()
    if (known := _COUNTED_YEARS.get(text)) is not None:
        return known
    counted = tuple((count_years(m.group("n")), m.group()) for m in years.finditer(text))
    return _remember(_COUNTED_YEARS, text, counted, len(text))


_PREDICATE_ONLY: Final[dict[str, bool]] = {}


def _is_predicate_only(text: str) -> bool:
    """Only predicate words (and a short aside in parentheses, e.g. "(GDP)") in `text`: what is left of it
    without them (`predicate_words.sub`) is punctuation only."""
    if (known := _PREDICATE_ONLY.get(text)) is not None:
        return known
    # (an aside to drop: most texts hold none, and a `sub` is a regex call)
    words = _SHORT_PARENTHESIS.sub("", text) if "(" in text or "（" in text else text
    lx = _lexicon()
    run = lx.predicate_runs.is_run(words)
    only = run == 1 if run != UNTOLD else lx.predicate_or_punctuation.fullmatch(words) is not None
    return _remember(_PREDICATE_ONLY, text, only, len(text))


_GROWTH_WORDS: Final[dict[str, bool]] = {}


def _growth_words(text: str) -> bool:
    """A word of growth or fall in `text` (增长, 下降)."""
    if (known := _GROWTH_WORDS.get(text)) is not None:
        return known
    lx = _lexicon()
    return _remember(_GROWTH_WORDS, text, bool(lx.growth_up.search(text) or lx.growth_down.search(text)), len(text))


def _middle(prefix: str) -> str:
    """The predicate words right before the number: 同比增长, 控制在, 突破."""
    before = prefix.rstrip(_PUNCT)
    tail = _predicate_tail(before)
    return before[tail[0] : tail[1]] if tail else ""


class _Middle:
    """What the predicate words right before a number say (同比增长, 分别控制在, 连续20个月保持): each pattern
    searched once in each wording, which a document repeats (a few hundred wordings for its thousands of figures)."""

    __slots__ = ("up", "down", "level", "reached", "both", "respectively", "months", "nominal", "change", "several",
                 "held")

    def __init__(self, words: str) -> None:
        lx, gd, pg = _lexicon(), _guards(), period_grammar()
        self.up = lx.growth_up.search(words) is not None
        self.down = lx.growth_down.search(words) is not None
        self.level = lx.level_marker.search(words) is not None  # 提高到, 达到: a level, not a change
        self.reached = gd.reached.search(words) is not None
        self.both = _BOTH.search(words) is not None  # 均增长: one value for each of a joint subject's parts
        self.respectively = _RESPECTIVELY in words
        self.months = gd.months.search(words) is not None
        self.nominal = gd.nominal.search(words) is not None
        self.change = pg.change.search(words) is not None
        several = pg.several.search(words)  # 年均, 累计: of several years
        self.several: str | None = several.group() if several is not None else None
        held = pg.held.search(words)  # 稳定在: a bound held over a streak
        self.held: str | None = held.group() if held is not None else None


_MIDDLES: Final[dict[str, _Middle]] = {}
_MIDDLES_OF: Final[dict[str, _Middle]] = {}  # by the words before a number


def _middle_words(words: str) -> _Middle:
    """The `_Middle` of predicate words (`_middle`)."""
    if (known := _MIDDLES.get(words)) is not None:
        return known
    return _remember(_MIDDLES, words, _Middle(words), len(words))


def _middle_of(prefix: str) -> _Middle:
    """The `_Middle` of the predicate words ending the words before a number, found once for each wording."""
    if (known := _MIDDLES_OF.get(prefix)) is not None:
        return known
    return _remember(_MIDDLES_OF, prefix, _middle_words(_middle(prefix)), len(prefix))


class _Prefix:
    """What the words of a clause before a number say of it besides its subject and predicate (力争 in a review, 其中,
    超过, 约为全国平均的, 连续5年, 从2020年的): each pattern searched once in each wording (in a generated report or a
    report's table made text, the same words stand before many numbers)."""

    __slots__ = ("restated_before", "restated", "part_of", "op", "held", "relative", "streak", "written_year")

    def __init__(self, prefix: str) -> None:
        lx, gd = _lexicon(), _guards()
        bare, trimmed = prefix.lstrip(_PUNCT), prefix.rstrip()
        self.restated_before = gd.restated_before.search(prefix) is not None  # 年初确定的: a target, in a review
        self.restated = _lead_in(lx, bare) is not None or gd.restated_last_year.match(prefix) is not None
        self.part_of = bare.startswith(lx.part_of)  # 其中: a part of the figure before
        op = lx.prefix_op_re.search(trimmed[-8:])  # the comparator right before the number: 超过, 不低于, 前 (前50名)
        self.op: str | None = lx.prefix_ops[op.group(1)] if op is not None else None
        self.held = gd.goal_only.search(trimmed) is not None
        self.relative = lx.relative.search(prefix) is not None
        streak = gd.streak.search(prefix)
        self.streak: str | None = streak.group() if streak is not None else None
        self.written_year = own_year(prefix)


_PREFIXES: Final[dict[str, _Prefix]] = {}


def _prefix_words(prefix: str) -> _Prefix:
    """The `_Prefix` of the words before a number."""
    if (known := _PREFIXES.get(prefix)) is not None:
        return known
    return _remember(_PREFIXES, prefix, _Prefix(prefix), len(prefix))


_PREDICATE_TAIL: Final[dict[str, tuple[int, int] | None]] = {}


def _predicate_tail(text: str) -> tuple[int, int] | None:
    """The span of the predicate words that end `text` (地区生产总值同比增长: 同比增长), if any. (The gate is asked
    first: the texts it tells at once, most, are not kept.)"""
    lx = _lexicon()
    start = max(0, len(text) - _MAX_PREDICATE)
    gate = lx.predicate_tail_gate
    if gate is not None and not (_ends_in(gate[0], text) or holds_any(text, gate[1], start)):
        return None  # (most texts before a number end with a noun, which no predicate word ends with)
    if (known := _PREDICATE_TAIL.get(text, _UNKNOWN)) is not _UNKNOWN:
        return known
    first = lx.predicate_tail_runs.last_run(text, start)
    if first == UNTOLD:
        m = lx.predicate_tail.search(text, start)
        span = m.span() if m else None
    else:
        span = (first, run_end(text)) if first >= 0 else None
    return _remember(_PREDICATE_TAIL, text, span, len(text))


def _tail_gate(sources: list[str]) -> tuple[_CharacterClass, tuple[str, ...]] | None:
    """What a match of `(?:source|…)+$` ends with: a character of the class of the sources' last characters, or,
    for a source whose last character cannot be told, one of the words each of its matches holds (inside the
    match, so inside the text searched). None when a source has neither."""
    ends: list[str] = []
    words: set[str] = set()
    for source in sources:
        last = last_characters(source)
        if last is not None:
            ends.append(last)
            continue
        required = required_words(source)
        if required is None:
            return None
        words.update(required)
    ending = regex_cache.compile(f"[{''.join(sorted(set(ends)))}]" if ends else "(?!)")
    return _CharacterClass(ending), tuple(sorted(words))


class _CharacterClass:
    """A character class (`[…]`) asked of one character at a time, of the last one of many texts: its answer kept
    for each character (a few thousand at most) instead of a regex match each time."""

    __slots__ = ("pattern", "known")

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        self.known: dict[str, bool] = {}

    def holds(self, char: str) -> bool:
        known = self.known.get(char)
        if known is None:
            known = self.known[char] = self.pattern.fullmatch(char) is not None
        return known


def _ends_in(last: _CharacterClass, text: str) -> bool:
    """Whether `text` ends with a character of the class `last`, or (where `$` matches too) with one before a
    line break that ends it."""
    n = len(text)
    return n > 0 and (last.holds(text[-1]) or (n > 1 and text[-1] == "\n" and last.holds(text[-2])))


def _items(engine: _Engine, core: str) -> list[str]:
    for key, parts in engine.lx.distributive:
        if core.startswith(key):
            return [p + core[len(key) :] for p in parts]
    pieces = [p for p in core.split("、") if p]
    return pieces if len(pieces) > 1 else [core]


def _compares(lx: _Lexicon, text: str) -> bool:
    """Whether `text` opens with a word comparing its figure to another (比, 高于, 位居)."""
    first = text[:1]
    return first != "" and first in lx.comparison_firsts and text.startswith(lx.comparisons)


def _shared(engine: _Engine, subject: Subject, rate: bool) -> list[tuple[str, str | None]] | None:
    """(label, indicator) of each item of a subject listing catalog indicators (A、B和C), or None: a list
    some of whose items are not in the catalog, or a joint subject (城镇和农村居民…) whose parts the catalog
    states jointly. A rate is shared by a list with items outside the catalog too (全部财政收入和一般预算收入增长
    10%: each grew 10%); a count is not (生产总值、固定资产投资等四项: the list's)."""
    if subject.indicator is not None or not engine.lx.item_separators.held(subject.text) \
            or subject.text.startswith(engine.lx.distributive_keys):
        return None
    n = len([i for i in engine.lx.item_split.split(subject.text) if i])
    if n < 2:
        return None
    labels = _distribute(engine, subject, n)
    indicators = [ind for _, ind in labels]
    named = [ind for ind in indicators if ind is not None]
    if len(labels) != n or not named or len(set(named)) != len(named) or (len(named) < n and not rate):
        return None
    if any(engine.lx.indicators[ind].qualitative for ind in named):
        return None
    return labels


def _split_last_conjunction(engine: _Engine, items: list[str]) -> list[str]:
    """A、B和C: the conjunction joins the last item; split it there (not inside 普及率 or 参与)."""
    last = items[-1]
    matches = list(engine.lx.item_split.finditer(last))
    if not matches:
        return items
    m = matches[-1]
    head, tail = last[: m.start()], last[m.end() :]
    if not head or not tail:
        return items
    return items[:-1] + [head, tail]


def _growth_alias_holds(entry: Indicator, measure: str, n: int, prefix: str, own: int) -> bool:
    """Whether a plain word naming `entry` in growth rates only (投资) names it here: a growth rate stated of it
    alone (投资增长7%), not an amount (完成投资2000亿元), an item of a list (利用外资、投资分别增长…) or the
    projects' (完成投资增长30%)."""
    return measure == "growth" and n == 1 and not (own >= 0 and prefix[:own].endswith(entry.growth_alias_not_after))


_DISTRIBUTED: Final[dict[tuple[str, str | None, str, int], tuple[tuple[str, str | None], ...]]] = {}


def _distribute(engine: _Engine, subject: Subject, n: int) -> list[tuple[str, str | None]]:
    """(label, indicator) for each of `n` values stated of one subject. (Kept for several values: a pure function
    of the subject's words, which a report states again and again.)"""
    if n <= 1:
        return [(subject.text, subject.indicator)]
    key = (subject.text, subject.indicator, subject.context, n)
    known = _DISTRIBUTED.get(key)
    if known is None:
        known = _remember(_DISTRIBUTED, key, tuple(_distributed(engine, subject, n)),
                          len(subject.text) + len(subject.context))
    return list(known)


def _distributed(engine: _Engine, subject: Subject, n: int) -> list[tuple[str, str | None]]:
    """`_distribute` for `n` of 2 or more."""
    alias_index = engine.lx.alias_index
    items = _items(engine, subject.text)
    if len(items) == n - 1:
        items = _split_last_conjunction(engine, items)
    if len(items) != n:
        return [(subject.text, subject.indicator)] * n
    last = items[-1]
    suffix = ""
    incomplete = [item for item in items[:-1] if item not in alias_index]  # 粮食、蔬菜、肉类产量
    for j in range(1, len(last)):
        tail = last[-j:]
        if any(item + tail in alias_index for item in incomplete):
            suffix = tail
            break
    if not suffix and len(last) > 2 and incomplete and all(len(i) <= 4 for i in items[:-1]):
        suffix = last[-2:]
    completed = [
        item if item.endswith(suffix) or item in alias_index else item + suffix for item in items[:-1]
    ] + [last]
    out = []
    for c in completed:
        if c not in alias_index and subject.context:
            c = _complete(c, subject.context) or c
        out.append((c, alias_index.get(c)))
    joint = engine.lx.indicators.get(subject.indicator or "")
    if joint is not None and len(joint.parts) == n and any(ind is None for _, ind in out):
        # 城乡居民收入…分别: the parts of a joint indicator, in the catalog's order (城镇, 农村).
        out = [(c, part) for (c, _), part in zip(out, joint.parts)]
    return out


_COMPLETED: Final[dict[tuple[str, str], str | None]] = {}


def _completable(lx: _Lexicon, core: str) -> bool:
    """Whether some topic may complete `core` (`_complete`): it is short and ends or opens an alias."""
    return 0 < len(core) <= _MAX_ELLIPTIC and (core in lx.alias_tails or core in lx.alias_heads)


def _complete(core: str, topic: str) -> str | None:
    """An elliptic subject completed by the topic of its sentence: 粮食面积…,产量 → 粮食产量 (the topic's
    head + the subject); 全体居民人均可支配收入…,城镇居民 → 城镇居民人均可支配收入 (the subject + the
    topic's tail). Memoised: a pure function of two short texts, asked again of each subject of a sentence."""
    if not _completable(_lexicon(), core):
        return None
    key = (core, topic)
    if (known := _COMPLETED.get(key, _UNKNOWN)) is not _UNKNOWN:
        return known
    return _remember(_COMPLETED, key, _completed(core, topic), len(topic))


def _completed(core: str, topic: str) -> str | None:
    lx = _lexicon()
    alias_index = lx.alias_index
    own = alias_index.get(topic)  # 进出口总额…,出口总值: a part of the topic, never its indicator again
    room = lx.longest_alias - len(core)  # no candidate longer than the longest alias is one
    # topic's head + core is an alias only if core ends one; core + topic's tail, only if core opens one
    for k in range(min(len(topic), room) if core in lx.alias_tails else 0, 0, -1):
        candidate = topic[:k] + core
        if candidate in alias_index and not topic.startswith(candidate) and alias_index[candidate] != own:
            return candidate
    for k in range(max(1, len(topic) - room), len(topic) if core in lx.alias_heads else 0):
        candidate = core + topic[k:]
        if candidate in alias_index and not topic.endswith(candidate) and alias_index[candidate] != own:
            return candidate
    return None


def _groups(t: str, quantities: list[Quantity], lx: _Lexicon) -> list[list[Quantity]]:
    """Quantities of a clause grouped into lists (joined only by 、和与及) and range pairs."""
    groups: list[list[Quantity]] = []
    for q in quantities:
        if groups:
            prev = groups[-1][-1]
            between = t[prev.end : q.start]
            if (prev.bound == "low" and q.bound == "high" and prev.start == q.start) or (
                between and lx.list_sep.match(between)
            ):
                groups[-1].append(q)
                continue
        groups.append([q])
    return groups


def _compatible(engine: _Engine, indicator: str, measure: str, unit: str | None) -> bool:
    ind = engine.lx.indicators[indicator]
    if measure == "growth":
        return unit in ("%", "倍")
    if measure == "change_pp":
        return "%" in ind.level_units
    return unit in ind.level_units

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

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from planwatch.engine.grammar import Grammar, alternation, grammar, load_toml
from planwatch.models import Document, DocumentFacts, Figure
from planwatch.engine.normalize import Normalized, normalize, opens_line
from planwatch.engine.numbers import CN_NUMERAL_CHARS
from planwatch.engine.periods import (
    Span, back, base_year, count_years, named_span, own_year, period_grammar, period_text,
)
from planwatch.engine.quantities import Quantity, find_quantities
from planwatch.engine.structure import CLAUSE_END, SENTENCE_END, Outline, Section, outline, reviewed_year, spans
from planwatch.engine.tables import Column, Table, find_tables

_BULLETS = "●○◆◇■□▲△▼▽★☆•◎◉▪▫►▶▸‣⁃※√✓✔➢➤❖◼◾◽"
_PUNCT = "、,()（）“”\"'《》 \t·.．-—" + _BULLETS
_MAX_SENTENCE = 1000  # the longest stretch looked back over for the start of a full sentence
_MAX_CUE_OFFSET = 8  # how far into a sentence 预计 may stand and still open it ("2024年，预计…")
_MAX_PREDICATE = 24  # the longest run of predicate words looked for between a subject and its number


@dataclass(slots=True)
class Subject:
    """What a clause is about: its text and the catalog indicator it names (if any)."""

    text: str
    indicator: str | None
    start: int  # where the clause holding it starts (for quotes)
    growth: bool = False  # the subject itself names a growth rate (…增速)
    restated: bool = False  # borrowed from the topic by a restated target; not a new topic
    context: str = ""  # the sentence's topic when this subject was read, to complete elliptic items


@dataclass(slots=True)
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
    source: str = "text"
    restated: bool = False
    range: bool = False
    section: str | None = None
    period: Span | None = None  # a figure of several years: its first and last (== year) years


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The lexicon compiled for the engine."""

    g: Grammar
    prefix_ops: dict[str, str]  # comparator word written before a number → op
    prefix_op_re: re.Pattern
    growth_up: re.Pattern
    growth_down: re.Pattern
    level_marker: re.Pattern
    growth_after: tuple[str, ...]
    target_cues: tuple[str, ...]
    lead_in: re.Pattern
    comparisons: tuple[str, ...]
    part_of: tuple[str, ...]
    growth_subject: tuple[str, ...]
    falls: tuple[str, ...]
    growth_rows: frozenset[str]  # table row labels that mean "the growth of the row above"
    restated_before: re.Pattern
    estimate_re: re.Pattern
    estimate_paragraph: re.Pattern
    estimate_after_subject: tuple[str, ...]
    qualifier_re: re.Pattern
    restated_after: re.Pattern
    year_move: re.Pattern
    year_marks: re.Pattern
    move_words: tuple[str, ...]
    sync: re.Pattern
    sync_negations: tuple[str, ...]
    qualitative: tuple[re.Pattern, ...]
    qualitative_negations: tuple[str, ...]
    listed_qualitative: re.Pattern
    growth_phrases: re.Pattern  # growth stated in words (零增长, 保持下降); `growth_words` gives their figures
    growth_words: dict[str, tuple[Decimal, str, str, bool]]  # word → value, op in the plan and in the review,
    # a change since a base (翻番)
    phrase_hint: re.Pattern  # a sentence without a number can state a figure only if this matches
    relative: re.Pattern
    attributive: re.Pattern
    magnitudes: tuple[str, ...]
    base_units: frozenset[str]
    predicate_tail: re.Pattern
    list_sep: re.Pattern
    item_split: re.Pattern
    distributive: tuple[tuple[str, tuple[str, ...]], ...]
    distributive_keys: tuple[str, ...]
    emission_words: tuple[str, ...]
    alias_lengths: dict[str, tuple[int, ...]]  # first character → lengths of aliases, longest first
    alias_end_lengths: dict[str, tuple[int, ...]]  # last character → lengths of aliases, longest first
    statement_openers: tuple[str, ...]  # words of time that open a statement (全年, 今年 …)
    statement_verbs: tuple[str, ...]  # verbs that may follow them before its subject (实现, 完成 …)
    sessions_plan_next_from: int  # the month from which a session plans the next year (facts.toml)


@cache
def _lexicon() -> _Lexicon:
    g = grammar()
    lx = g.lexicon
    measure = lx["measure"]
    phrases = lx["phrases"]
    seps = lx["list"]["separators"]
    emissions = g.indicators.get("emissions")
    growth_words = {
        word: (Decimal(entry["value"]), entry["plan"], entry["review"], entry.get("since_base", False))
        for entry in phrases["growth"] for word in entry["words"]
    }
    return _Lexicon(
        g=g,
        prefix_ops=dict(g.ops("prefix")),
        prefix_op_re=re.compile(rf"({alternation(w for w, _ in g.ops('prefix'))})(?:在|到)?$"),
        growth_up=re.compile(alternation(measure["growth_up"])),
        growth_down=re.compile(alternation(measure["growth_down"])),
        level_marker=re.compile(
            rf"(?:{alternation(measure['growth_up'] + measure['growth_down'])})(?:{alternation(measure['level_markers'])})$"
            rf"|(?:{alternation(measure['level_verbs'])})$"
        ),
        growth_after=tuple(measure["growth_after"]),
        target_cues=tuple(lx["kind"]["target_cues"]),
        lead_in=re.compile(lx["subject"]["lead_in"]),
        comparisons=tuple(lx["subject"]["comparisons"]),
        part_of=tuple(lx["subject"]["part_of"]),
        growth_subject=tuple(measure["growth_subject_suffixes"]),
        falls=tuple(sorted(measure["growth_down"], key=len, reverse=True)),
        growth_rows=frozenset(measure["growth_up"] + measure["growth_down"] + measure["growth_subject_suffixes"]),
        restated_before=re.compile(lx["kind"]["restated_before"]),
        estimate_re=re.compile(alternation(lx["kind"]["estimate"])),
        estimate_paragraph=re.compile(lx["kind"]["estimate_paragraph"], re.MULTILINE),
        estimate_after_subject=tuple(lx["kind"]["estimate_after_subject"]),
        qualifier_re=re.compile(alternation(lx["kind"]["qualifiers"])),
        restated_after=re.compile(lx["kind"]["restated_after"]),
        year_move=re.compile(lx["year"]["moves"]),
        year_marks=re.compile(lx["year"]["marks"]),
        move_words=tuple(lx["year"]["move_requires"]),
        sync=re.compile(phrases["sync"]),
        sync_negations=tuple(phrases["sync_negations"]),
        qualitative=tuple(re.compile(p) for p in phrases["qualitative"]),
        qualitative_negations=tuple(phrases["qualitative_negations"]),
        listed_qualitative=re.compile(f'{phrases["steady_growth"]}|{phrases["listed_qualitative"]}'),
        growth_phrases=re.compile("|".join(
            f"(?:{alternation(entry['words'])})" for entry in phrases["growth"]
        )),
        growth_words=growth_words,
        phrase_hint=re.compile(alternation(phrases["hints"] + list(growth_words))),
        relative=re.compile(lx["subject"]["relative"]),
        attributive=re.compile(lx["subject"]["attributive"]),
        magnitudes=tuple(g.units["magnitudes"]),
        base_units=frozenset(g.units["base"]),
        predicate_tail=re.compile(rf"(?:{g.predicates}|[、,])+$"),
        list_sep=re.compile(rf"^(?:{alternation(seps)})$"),
        item_split=re.compile(alternation(seps)),
        distributive=tuple((k, tuple(v)) for k, v in sorted(lx["distributive"].items(), key=lambda kv: -len(kv[0]))),
        distributive_keys=tuple(lx["distributive"]),
        emission_words=tuple(sorted(emissions.aliases, key=len, reverse=True)) if emissions else (),
        alias_lengths=_alias_lengths(g.alias_index),
        alias_end_lengths=_alias_lengths({alias[::-1]: ind for alias, ind in g.alias_index.items()}),
        statement_openers=tuple(lx["subject"]["statement_openers"]),
        statement_verbs=tuple(lx["subject"]["statement_verbs"]),
        sessions_plan_next_from=load_toml("facts.toml")["years"]["next_year_from_month"],
    )


def _alias_lengths(alias_index: dict[str, str]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for alias in alias_index:
        lengths.setdefault(alias[0], set()).add(len(alias))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}


def extract_figures(document: Document) -> list[Figure]:
    """Every quantified figure of a document, in document order, grounded in `document.text`."""
    norm = normalize(document.text)
    hits = _Engine(norm.text, document.facts).run()
    return _to_figures(hits, norm, document)


def _to_figures(hits: list[_Hit], norm: Normalized, document: Document) -> list[Figure]:
    figures: list[Figure] = []
    seen: set[tuple] = set()
    for h in sorted(hits, key=lambda h: (h.start, h.end)):
        start, end = norm.span(h.start, h.end)
        quote = document.text[start:end]
        key = (h.indicator, h.label, h.measure, h.value, h.unit, h.op, h.kind, h.year, start, end, h.range)
        if key in seen or not quote:
            continue
        seen.add(key)
        figures.append(
            Figure(
                indicator=h.indicator, label=h.label, measure=h.measure, value=h.value, unit=h.unit, op=h.op,
                kind=h.kind, year=h.year, region=document.facts.region, quote=quote, start=start, end=end,
                qualifier=h.qualifier, source=h.source, restated=h.restated, range=h.range,
                doc=document.name, section=h.section, period=period_text(h.period) if h.period else None,
            )
        )
    return figures


class _Engine:
    """One document's extraction: tables first, then every sentence outside them."""

    def __init__(self, text: str, facts: DocumentFacts):
        self.t = text
        self.facts = facts
        self.lx = _lexicon()
        self.pg = period_grammar()
        self.hits: list[_Hit] = []
        self.listed: list[tuple[_Hit, int, int]] = []  # targets that count in a list of targets, with its bounds
        self.own_names = _own_names(facts)
        # The grammar's leading words and this document's own names, peeled off in any order.
        self.leading_re = re.compile(rf"^(?:{self.lx.g.leading_words}|{alternation(self.own_names)})+")

    def run(self) -> list[_Hit]:
        t = self.t
        tables = find_tables(t, self.facts)
        self.outline: Outline = outline(t, self.facts)
        table_spans = [(tb.start, tb.end) for tb in tables]
        for tb in tables:
            self._table(tb)
        titles = [m.span() for m in re.finditer(r"《[^《》\n]{1,80}》", t)]
        quoted = [m.span() for m in re.finditer(r"“[^“”\n]{1,30}”", t)]
        quantities = [
            q for q in find_quantities(t, excluded=titles + table_spans)
            if not (q.chinese and any(a <= q.num_start < b for a, b in quoted))
        ]
        self.q_starts = [q.num_start for q in quantities]
        self.quantities = quantities
        # Paragraphs opened by an estimate cue standing alone (初步预计，…): where the cue ends, where they end.
        self.estimated_paragraphs = [(m.end(), _line_end(t, m.end()))
                                     for m in self.lx.estimate_paragraph.finditer(t)]
        self._paragraph_starts = [a for a, _ in self.estimated_paragraphs]
        for s_start, s_end in spans(t, SENTENCE_END):
            if any(a <= s_start < b for a, b in table_spans):
                continue
            self._sentence(s_start, s_end)
        self._keep_listed()
        return self.hits

    def _keep_listed(self) -> None:
        """Targets without a number that stand in a list of numbered targets of the catalog."""
        if not self.listed:
            return
        numbered = sorted(h.start for h in self.hits if h.indicator != "other" and h.value is not None)
        for hit, start, end in self.listed:
            i = bisect.bisect_left(numbered, start)
            if i < len(numbered) and numbered[i] < end:
                self.hits.append(hit)

    # ---- sentences and clauses -------------------------------------------------------------

    def _quantities_in(self, start: int, end: int) -> list[Quantity]:
        i = bisect.bisect_left(self.q_starts, start)
        j = bisect.bisect_left(self.q_starts, end)
        return self.quantities[i:j]

    def _sentence(self, s_start: int, s_end: int) -> None:
        t = self.t
        sentence = t[s_start:s_end]
        in_sentence = self._quantities_in(s_start, s_end)
        if not in_sentence and not self.lx.phrase_hint.search(sentence):
            return
        section = self.outline.at(s_start)
        self._index_cues(s_start, s_end)
        self.stated: list[tuple[str, str | None]] = []  # (label, indicator) of each figure's subject, in order
        topic: Subject | None = None
        for c_start, c_end in spans(t, CLAUSE_END, s_start, s_end):
            quantities = [q for q in in_sentence if c_start <= q.num_start < c_end]
            topic = self._clause(c_start, c_end, quantities, section, s_start, topic)

    def _clause(
        self, c_start: int, c_end: int, quantities: list[Quantity], section: Section, s_start: int,
        topic: Subject | None,
    ) -> Subject | None:
        t = self.t
        if not quantities:
            subject = None
            if self.lx.phrase_hint.search(t, c_start, c_end):
                subject = self._phrases(c_start, c_end, section, s_start, topic)
            if subject is None:
                subject = self._subject(t[c_start:c_end], c_start, topic, allow_inherit=False)
            if subject.text and not _is_predicate_only(self, t[c_start:c_end]):
                return subject if subject.indicator or topic is None else topic
            return topic
        seg_start = c_start
        for group in _groups(t, quantities, self.lx):
            first = group[0]
            prefix = t[seg_start : first.num_start]
            subject = self._subject(prefix, c_start, topic)
            used = self._emit(group, subject, prefix, section, s_start, c_end, topic)
            comparing = used.text.startswith(self.lx.comparisons) and topic is not None and topic.indicator
            if used.text and used is not topic and not used.restated and not comparing:
                topic = used
            seg_start = group[-1].end
        # A phrase after the last number of a clause (…未能实现由负转正) is handled by _phrases.
        return topic

    # ---- subjects ----------------------------------------------------------------------------

    def _subject(self, prefix: str, clause_start: int, topic: Subject | None, allow_inherit: bool = True) -> Subject:
        """The subject of the number that follows `prefix` (the text before it in its clause)."""
        lx = self.lx
        text = _strip_leading(self, prefix)
        # The longest alias the text starts with, followed only by predicate words.
        alias_index = lx.g.alias_index
        for k in lx.alias_lengths.get(text[:1], ()):
            head = text[:k]
            if head in alias_index and _is_predicate_only(self, text[k:]):
                return Subject(head, alias_index[head], clause_start, _growth_words(self, text[k:]))
        tail = lx.predicate_tail.search(text, max(0, len(text) - _MAX_PREDICATE))
        core = text[: tail.start()] if tail else text
        # 同比(下同)增长9.4%: an aside is no subject
        core = "" if "(" in core and _is_predicate_only(self, core) else core.strip(_PUNCT)
        predicate = tail.group() if tail else ""
        if core and predicate and lx.item_split.search(core):
            # 城镇调查失业率、居民消费价格涨幅分别控制在…: 涨幅 ends the last item's name, not the list's predicate
            last = lx.item_split.split(core)[-1]
            suffix = next((w for w in lx.growth_subject if predicate.startswith(w) and last + w in alias_index), "")
            core, predicate = core + suffix, predicate[len(suffix):]
        growth = _growth_words(self, predicate)
        if not core:
            if topic is not None and allow_inherit:
                return Subject(topic.text, topic.indicator, topic.start, growth or topic.growth)
            return Subject("", None, clause_start, growth)
        for suffix in lx.growth_subject:  # 社会消费品零售总额增速 → the retail sales' growth rate
            if core.endswith(suffix) and core[: -len(suffix)] in alias_index:
                head = core[: -len(suffix)]
                return Subject(head, alias_index[head], clause_start, True)
        indicator = alias_index.get(core)
        if indicator is None and (named := self._alias_opening_statement(core)):
            # 发展质量稳步提升全年实现地区生产总值 (a title line run into its paragraph): a new statement
            return Subject(named, alias_index[named], clause_start, growth)
        if indicator is None and topic is not None and allow_inherit:
            candidate = _complete(alias_index, core, topic.text)
            if candidate:
                return Subject(candidate, alias_index[candidate], topic.start, growth)
            last = text.rsplit("、", 1)[-1]
            if topic.indicator and last != text and _is_predicate_only(self, last):
                # 达到A万亿元、稳居全国前十、增长B%: an aside between 、 keeps the subject of the clause.
                return Subject(topic.text, topic.indicator, topic.start, _growth_words(self, last) or topic.growth)
        return Subject(core, indicator, clause_start, growth, context=topic.text if topic else "")

    def _alias_opening_statement(self, core: str) -> str | None:
        """The longest alias ending `core` after words that open a new statement: one of time or the
        document's own name, and a verb (…稳步提升全年实现地区生产总值; not 重大项目完成固定资产投资)."""
        lx = self.lx
        for k in lx.alias_end_lengths.get(core[-1:], ()):
            if k < len(core) and core[-k:] in lx.g.alias_index:
                before = core[:-k]
                for verb in lx.statement_verbs:
                    if before.endswith(verb):
                        before = before[: -len(verb)]
                        break
                if before.endswith(lx.statement_openers) or before.endswith(self.own_names):
                    return core[-k:]
        return None

    # ---- figures from quantities ---------------------------------------------------------------

    def _emit(
        self, group: list[Quantity], subject: Subject, prefix: str, section: Section, s_start: int, c_end: int,
        topic: Subject | None,
    ) -> Subject:
        """Figures of a group of quantities; returns the subject they were stated of."""
        t, lx, pg = self.t, self.lx, self.pg
        last = group[-1]
        after = t[last.end : min(c_end, last.end + 12)]
        restated = section.part == "review" and bool(
            lx.restated_after.match(after) or lx.restated_before.search(prefix)
        )
        if restated and not subject.indicator and topic is not None and topic.indicator:
            # 与年初确定的8%左右的增长目标: a target restated of the sentence's topic.
            subject = Subject(topic.text, topic.indicator, topic.start, topic.growth, restated=True)
        if subject.indicator and topic is not None and subject.indicator == topic.indicator \
                and prefix.lstrip(_PUNCT).startswith(lx.part_of):
            # 实际利用外资15亿美元，其中外商直接投资12亿美元: a part, never the whole's indicator again
            subject = Subject(subject.text, None, subject.start, subject.growth)
        values = group
        n = len([q for q in values if q.bound != "high"])
        labels = _distribute(self, subject, n)
        # The predicate words after the subject's own (城镇调查失业率、居民消费价格涨幅分别控制在: 分别控制在)
        own = prefix.rfind(subject.text) if subject.text else -1
        middle = _middle(self, prefix[own + len(subject.text) :] if own >= 0 else prefix)
        if n > 1 and len(set(labels)) == 1 and _RESPECTIVELY in middle and len(self.stated) >= n \
                and _is_predicate_only(self, _strip_leading(self, prefix)):
            # A、B…,分别增长a%、b%: each value of a list without a subject of its own belongs to one of the
            # subjects stated before it in the sentence, in order.
            labels = self.stated[-n:]
        if len(values) == 1 and _BOTH.search(middle):
            # 城乡居民人均可支配收入均增长7%左右: one figure for each of a joint subject's parts.
            parts = _items(self, subject.text)
            if len(parts) > 1:
                labels = _distribute(self, subject, len(parts))
                values = [values[0]] * len(labels)
        elif len(values) == 1 and (shared := _shared(self, subject)):
            # 城镇调查失业率和登记失业率稳定在5%左右: one value stated of each of a list of indicators.
            labels, values = shared, [values[0]] * len(shared)
        qualifier = self._qualifier(group[0].num_start)
        prefix_op = self._prefix_op(prefix.rstrip())
        suffix_op = last.op
        # 约为全国平均的70%: a ratio; 超500亿元的县域: a noun described; neither is the subject's figure.
        relative = bool(lx.relative.search(prefix) or lx.attributive.match(after))
        monthly = bool(pg.months.search(middle))  # 连续20个月保持30%以上: no figure of the year
        written_year = own_year(prefix)  # 从2020年的10.5万元, 较“十三五”末的9000亿元
        baseline = prefix.rstrip(_PUNCT).endswith(pg.baseline_before) and bool(pg.baseline_after.match(after))
        hits: list[_Hit] = []
        label_index = -1
        for q in values:
            if q.bound != "high" or len(values) > len(group):
                label_index += 1
            label, indicator = labels[min(label_index, len(labels) - 1)]
            measure, sign = self._measure(q, middle, subject, indicator, after)
            op = q.op if q.bound else (q.op or suffix_op or prefix_op or "eq")
            value = q.value * sign
            unit = self._unit(q, indicator) if measure == "level" else q.unit
            if indicator and (relative or monthly or self._part_of_year(q.num_start)
                              or not _compatible(self, indicator, measure, unit)):
                indicator = None
            if indicator and self.lx.g.indicators[indicator].qualitative:
                indicator = None
            # An amount changed (增加1000亿元), a growth rate, a total: a figure of several years in a review of
            # several years.
            changed = measure == "level" and not q.is_percent and bool(pg.change.search(middle))
            # A total (城镇新增就业5.6万人), not a level reached (固定资产投资由53.9亿元增长到69.3亿元, 达到59.8亿元).
            total = bool(indicator and lx.g.indicators[indicator].adds_up
                         and not (lx.level_marker.search(middle) or pg.reached.search(middle)))
            several = changed or measure != "level" or total
            if changed:
                indicator = None
            kind, year, period, cue = self._when(section, q.num_start, restated, prefix, several)
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
                    start=min(start, q.start), end=last.end if len(values) > 1 else q.end, restated=restated,
                    range=q.bound is not None, section=section.title or None, period=period,
                )
            )
        _passed_thresholds(hits, section)
        self.hits.extend(hits)
        if relative and topic is not None:
            return topic  # 完成年计划的95%: a ratio to another figure; the clauses after it keep their topic
        for label in labels[: label_index + 1]:  # the subjects stated, each once in a row
            if len(labels) > 1 or self.stated[-1:] != [label]:
                self.stated.append(label)
        return subject

    def _unit(self, q: Quantity, indicator: str | None) -> str:
        """A magnitude written without its unit (跨越8万亿、9万亿) takes the one unit of the indicator it can
        have (万亿元), unless a noun follows it (13.2万脱贫人口: the noun is what is counted)."""
        unit = q.unit
        if not indicator or unit not in self.lx.magnitudes or _noun_follows(self.t, q.end):
            return unit
        units = [u for u in self.lx.g.indicators[indicator].level_units
                 if u.startswith(unit) and u[len(unit):] in self.lx.base_units]
        return units[0] if len(units) == 1 else unit

    def _measure(self, q: Quantity, middle: str, subject: Subject, indicator: str | None, after: str):
        lx = self.lx
        down = bool(lx.growth_down.search(middle))
        if q.is_points:
            return "change_pp", -1 if down else 1
        growth_word = bool(lx.growth_up.search(middle)) or down or subject.growth
        if q.is_percent or q.unit == "倍":
            if lx.level_marker.search(middle):
                return "level", 1
            if growth_word or any(after.startswith(w) for w in lx.growth_after):
                return "growth", -1 if down else 1
            if q.unit == "倍":
                return "level", 1
            if indicator:
                return lx.g.indicators[indicator].pct_measure, 1
            return "level", 1
        return "level", 1

    def _prefix_op(self, before: str) -> str | None:
        """The comparator written right before a number: 超过, 不低于, 控制在, 前 (前50名)."""
        m = self.lx.prefix_op_re.search(before[-8:])
        return self.lx.prefix_ops[m.group(1)] if m else None

    def _index_cues(self, s_start: int, s_end: int) -> None:
        """Where the sentence's cue words end: 预计 (estimates), 力争 (qualifiers), 到2025年 (years)."""
        t, lx = self.t, self.lx
        # 预计 introducing a list of figures reaches over the semicolons of its full sentence: "预计实现地区
        # 生产总值391亿元，增长8.6%；固定资产投资增长13.5%；…。" states every figure as an estimate. 预计
        # before a statement without figures ("…抓落实，预计焦炭产量位居前列；粮食产量增长12.5%") reaches
        # to its semicolon only.
        full_start = _full_sentence_start(t, s_start)
        self.estimate_ends = [
            m.end() for m in lx.estimate_re.finditer(t, full_start, s_end)
            if m.start() >= s_start
            or (m.group() not in lx.estimate_after_subject and self._introduces_figures(m, full_start))
        ]
        i = bisect.bisect_right(self._paragraph_starts, s_start) - 1
        if i >= 0 and s_start < self.estimated_paragraphs[i][1]:
            self.estimate_ends.insert(0, self.estimated_paragraphs[i][0])
        qualifiers = [(m.end(), m.group()) for m in lx.qualifier_re.finditer(t, s_start, s_end)]
        self.qualifier_ends = [end for end, _ in qualifiers]
        self.qualifier_words = [word for _, word in qualifiers]
        # 到2027年 reaches over semicolons too: "到2027年，地区生产总值达到1.2万亿元；居民收入达到8.5万元。"
        self.year_moves = [
            (m.end(), int(m.group("year")))
            for m in lx.year_move.finditer(t, full_start, s_end)
            if any(w in m.group() for w in lx.move_words)
        ]
        review, plan = reviewed_year(self.facts), self.facts.plan_year
        self.year_marks = []  # (end, year) of every year the sentence names as its time
        for m in lx.year_marks.finditer(t, s_start, s_end):
            year = int(m.group("year")) if m.group("year") else review if m.group("last") else plan
            if year is not None:
                self.year_marks.append((m.end(), year))
        pg = self.pg
        # The years the sentence names for its figures of several years (“十四五”时期, 近三年), the bases it
        # compares with (较“十三五”末), and the words that make it speak of one year (全年).
        self.span_names = [
            (m.end(), span) for m in pg.names.finditer(t, full_start, s_end)
            if (span := named_span(m, review, plan)) is not None
        ]
        self.bases = [(m.end(), base_year(m), m.group()) for m in pg.base.finditer(t, s_start, s_end)]
        self.annual_ends = [m.end() for m in pg.annual.finditer(t, s_start, s_end)]
        self.part_of_year_ends = [m.end() for m in pg.part_of_year.finditer(t, s_start, s_end)]

    def _introduces_figures(self, cue: re.Match, full_start: int) -> bool:
        """A cue opening its sentence ("2024年，预计…") or followed by a number in its clause."""
        if len(self.t[full_start : cue.start()].strip()) <= _MAX_CUE_OFFSET:
            return True
        clause_end = CLAUSE_END.search(self.t, cue.end())
        clause = self.t[cue.end() : clause_end.start() if clause_end else len(self.t)]
        return any(c.isdigit() for c in SENTENCE_END.split(clause, 1)[0])

    def _past_year(self, section: Section, pos: int) -> int | None:
        """In the plan part, the past year a figure is stated of (去年…, 2023年…), if any."""
        if section.part != "plan" or section.year is None:
            return None
        year = None
        for end, marked in self.year_marks:
            if end <= pos:
                year = marked
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
        moved = [year for end, year in self.year_moves if end <= pos and year > plan]
        marked = [year for end, year in self.year_marks if end <= pos]
        if marked and marked[-1] < plan:
            return moved[-1] if moved else None
        if not marked and self._qualifier(pos) in self.lx.target_cues:  # 力争实现…增长10%以上
            marked = [plan]
        return max(moved[-1:] + marked[-1:], default=None)

    def _kind_and_year(self, section: Section, pos: int, restated: bool) -> tuple[str, int | None]:
        """What a figure at `pos` is (target / estimate / actual) and the year it is of."""
        goal = self._goal_year(section, pos)
        past = self._past_year(section, pos)
        if restated or goal is not None or (section.part == "plan" and past is None):
            kind = "target"
        elif self.estimate_ends and self.estimate_ends[0] <= pos:
            kind = "estimate"
        else:
            kind = "actual"
        if goal is not None:
            return kind, goal
        if past is not None:
            return self._unfinished(kind, past), past
        year = section.year
        if section.part == "plan" and year is not None:
            if section.span is not None:  # 今年 in the goals of a five-year plan: a target of the plan year
                marked = [y for end, y in self.year_marks if end <= pos and section.span[0] <= y <= section.span[1]]
                year = marked[-1] if marked else year
            moves = [(end, moved) for end, moved in self.year_moves if end <= pos]
            # 到2027年…翻一番，今年…增长6%: a year named after the move takes the sentence back to it
            if moves and moves[-1][1] > year and not any(end > moves[-1][0] for end, _ in self.year_marks
                                                          if end <= pos):
                year = moves[-1][1]
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
        if several and self.pg.streak.search(before):  # 连续5年超额完成: of each year, the last one too
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
        pg = self.pg
        m = pg.several.search(_middle(self, before))
        if m:
            named = [span for end, span in self.span_names if end <= pos]
            counted = [n for c in pg.years.finditer(before) if (n := count_years(c.group("n"))) and n > 1]
            if named:
                span = named[-1]
            elif counted and year is not None:  # 两年平均增长5.1%
                span = (year, year + counted[-1] - 1) if section.part == "plan" else back(counted[-1], year)
            elif section.span is not None:
                span = section.span
            elif year is None:
                span = None
            else:
                span = (year, year + 4) if section.part == "plan" else back(5, year)
            return span, m.group()
        for m in pg.years.finditer(before):
            n = count_years(m.group("n"))
            if n is not None and n > 1:
                return back(n, year), m.group()
        if year is None:
            return None, None
        bases = [(b, text) for end, b, text in self.bases if end <= pos and b is not None and b < year - 1]
        if bases:
            return (bases[-1][0] + 1, year), bases[-1][1]
        return None, None

    def _part_of_year(self, pos: int) -> bool:
        """The sentence speaks of a part of a year before `pos` (上半年，…), and not of the whole again."""
        last = max((end for end in self.part_of_year_ends if end <= pos), default=None)
        return last is not None and not any(last < end <= pos for end in self.annual_ends)

    def _annual(self, pos: int) -> bool:
        """The sentence names one year as its time before `pos` (2025年，…; 全年…)."""
        return any(end <= pos for end, _ in self.year_marks) or any(end <= pos for end in self.annual_ends)

    def _qualifier(self, pos: int) -> str | None:
        i = bisect.bisect_right(self.qualifier_ends, pos)
        return self.qualifier_words[i - 1] if i else None

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
        plan = section.part == "plan"
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
        if synced and not any(clause[: synced.start()].endswith(n) for n in lx.sync_negations):
            before = clause[: synced.start()]
            subject = found = self._subject(before, c_start, topic)
            items = _items(self, subject.text) if subject.indicator is None else [subject.text]
            # 地方一般公共预算收入、居民收入增长和经济增长基本同步: each item keeps pace.
            for label, indicator in _distribute(self, subject, len(items)):
                self.hits.append(hit(_catalog(self, indicator), label, "growth", None, "sync", subject.start,
                                     c_start + synced.end(), before))
        for pattern in lx.qualitative:
            m = pattern.search(clause)
            if m:
                before, obj = clause[: m.start()], m.groupdict().get("object") or ""
                if before.endswith(lx.qualitative_negations):  # 未完成…: nothing was stated as done
                    break
                if not plan and not (m.groupdict().get("estimate") or self.pg.streak.search(before)):
                    break  # 全面完成了…任务 in a review: the report's summary of its work, not a figure
                indicator, measure = self._qualitative_subject(before, obj)
                label = (_strip_leading(self, before) + obj) or m.group()
                said = hit(indicator, label, measure, None, "qualitative", c_start, c_start + m.end(), before)
                if said.kind == "actual" and m.groupdict().get("estimate"):
                    said.kind = "estimate"  # 节能减排任务可以完成
                self.hits.append(said)
                break
        m = lx.listed_qualitative.search(clause)
        if plan and m and not synced:
            subject = self._subject(clause[: m.start()], c_start, None, allow_inherit=False)
            if subject.indicator and not lx.g.indicators[subject.indicator].qualitative:
                found = subject
                measure = "growth" if subject.growth else lx.g.indicators[subject.indicator].target_measure
                target = hit(subject.indicator, subject.text, measure, None, "qualitative", subject.start,
                             c_start + m.end(), clause[: m.start()])
                self.listed.append((target, _full_sentence_start(t, s_start), _full_sentence_end(t, c_end)))
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

    def _qualitative_subject(self, before: str, obj: str) -> tuple[str, str]:
        """Indicator and measure of a target without a number: its subject (单位生产总值能耗完成…考核目标),
        an emission word (完成…二氧化碳排放降低目标), or what its object names (完成…粮食生产目标任务)."""
        lx = self.lx
        subject = self._subject(before, 0, None, allow_inherit=False)
        indicator = subject.indicator
        if indicator is None or lx.g.indicators[indicator].qualitative:
            if any(w in before + obj for w in lx.emission_words):
                return "emissions", "level"
            indicator = _named_by(self, obj) or _named_by(self, subject.text)
        if indicator is None:
            return "other", "level"
        entry = lx.g.indicators[indicator]
        if entry.qualitative:
            return indicator, "level"
        return indicator, "growth" if subject.growth else entry.target_measure

    # ---- tables ------------------------------------------------------------------------------

    def _table(self, table: Table) -> None:
        """One figure per value cell; the row label names the indicator, the column its year and kind."""
        lx = self.lx
        section = self.outline.at(table.start)
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
                if core.endswith(suffix) and core[: -len(suffix)] in lx.g.alias_index:
                    core, growth = core[: -len(suffix)], True
                    sign = -1 if suffix in lx.falls else 1
                    break
            previous = core
            indicator = lx.g.alias_index.get(core)
            if indicator and lx.g.indicators[indicator].qualitative:
                indicator = None
            unit_cell = next((c for c, col in zip(row.values, table.columns) if col.role == "unit"), None)
            if unit_cell is not None and unit_cell.text:
                row_unit = unit_cell.text
            for cell, column in zip(row.values, table.columns):
                if not cell.text or column.role in (None, "unit"):
                    continue
                cue, period = self._column_period(column)
                growth_column = column.unit in ("%", "‰") and any(w in column.header for w in ("增长", "增速", "增幅"))
                cell_unit = column.unit if growth_column else (row_unit or column.unit or table.unit)
                parsed = _table_value(cell.text, cell_unit)
                if parsed is None:
                    continue
                value, unit, op = parsed
                if value is not None and growth:
                    value = value * sign
                if op == "sync" or ((growth or growth_column) and unit in ("%", "‰")):
                    measure = "growth"
                elif unit in ("%", "‰"):
                    if indicator:
                        measure = lx.g.indicators[indicator].pct_measure
                    else:
                        measure = "growth" if "增速" in column.header or "增长" in column.header else "level"
                elif unit and unit.endswith("百分点"):
                    measure = "change_pp"
                else:
                    measure = "level"
                ind = indicator
                if ind and op != "sync" and not _compatible(self, ind, measure, unit):
                    ind = None
                if cue:
                    ind = None  # 年均增长 beside the levels: a figure of several years
                self.hits.append(
                    _Hit(ind or "other", _with_cue(core, cue), measure, value, unit, op, column.role,
                         period[1] if period else column.year, None, row.start, _through_bar(self.t, row.end),
                         source="table", section=section.title or None, period=period)
                )

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


def _own_names(facts: DocumentFacts) -> tuple[str, ...]:
    """Words by which the document's government opens a subject: its name (澜泽市, 澜泽) and the scope
    words of its kind (全市 in a city's report; 全区 in a district's, where 全市 is the city above)."""
    scope: dict[str, list[str]] = grammar().lexicon["subject"]["scope"]
    name = facts.region
    if not name:
        return tuple(sorted({w for words in scope.values() for w in words}, key=len, reverse=True))
    names = [name, *scope.get(name[-1], [])]
    short = re.sub(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|新区|省|市|区|县|旗|盟|州)$", "", name)
    if len(short) >= 2 and short != name:
        names.append(short)
    return tuple(sorted(set(names), key=len, reverse=True))


def _catalog(engine: _Engine, indicator: str | None) -> str:
    """The indicator id for a figure, or "other" (qualitative catalog entries take no numbers)."""
    if indicator and not engine.lx.g.indicators[indicator].qualitative:
        return indicator
    return "other"


_HEADER_YEARS = re.compile(r"(?:19|20)\d\d")
_TABLE_VALUE = re.compile(
    r"^(?P<pre>[<>≥≤]|不低于|不超过|超过|突破|约)?(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>[%‰]|[万亿]?[元人吨斤亩户家个项])?"
    r"\s*(?P<suf>左右|以上|以内|以下|之内|上下)?$"
)
_TABLE_OPS = {"<": "lt", ">": "gt", "≥": "ge", "≤": "le", "不低于": "ge", "不超过": "le", "超过": "gt", "突破": "gt",
              "约": "approx", "左右": "approx", "上下": "approx", "以上": "ge", "以内": "le", "以下": "le", "之内": "le"}


def _table_value(text: str, unit: str | None) -> tuple[Decimal | None, str | None, str] | None:
    """A table cell: "8左右", "20以上", "3.9以内", "9.7", "与经济增长同步"."""
    text = re.sub(r"\s", "", text)
    if "同步" in text:
        return None, None, "sync"
    if text == "零增长":
        return Decimal(0), "%", "le"
    m = _TABLE_VALUE.match(text)
    if not m:
        return None
    op = _TABLE_OPS.get(m.group("suf") or "") or _TABLE_OPS.get(m.group("pre") or "") or "eq"
    return Decimal(m.group("num")), m.group("unit") or unit, op


def _unit_in_label(label: str) -> str | None:
    m = re.search(r"[(（]([^()（）]{1,6})[)）]\s*$", label)
    return m.group(1) if m else None


def _through_bar(t: str, end: int) -> int:
    """Extend a row's end over its closing cell separator, so the quote shows the whole row."""
    return end + 1 if t[end : end + 1] == "|" else end


_ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+是|——|—|[(（]?[一二三四五六七八九十\d]{1,2}[)）、.])")


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
    alias_index = engine.lx.g.alias_index
    words = _strip_leading(engine, words)
    if words in alias_index:
        return alias_index[words]
    items = [i for i in engine.lx.item_split.split(words) if i]
    for item in items[1:]:
        completed = _complete(alias_index, item, items[0])
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


def _strip_leading(engine: _Engine, text: str) -> str:
    """Peel scope, time and qualifier words (全市, 全年, 力争, the document's own region) off a subject."""
    text = _ENUMERATION.sub("", text.lstrip(_PUNCT + "的").rstrip("、,;: \t"))
    lead_in = engine.lx.lead_in.match(text)
    if lead_in and lead_in.end() < len(text):  # not 经济增长预期目标为: the target's own subject
        text = text[lead_in.end() :]
    m = engine.leading_re.match(text)
    return text[m.end() :] if m else text


# 均增长, 分别增长6% (one value): each of a joint subject's parts (not 平均, 人均)
_BOTH = re.compile(r"(?<![平人年])均|都|分别")
_RESPECTIVELY = "分别"
_SHORT_PARENTHESIS = re.compile(r"[(（][^()（）]{1,10}[)）]")


def _is_predicate_only(engine: _Engine, text: str) -> bool:
    """Only predicate words (and a short aside in parentheses, e.g. "(GDP)") in `text`."""
    rest = engine.lx.g.predicate_re.sub("", _SHORT_PARENTHESIS.sub("", text))
    return not rest.strip(_PUNCT)


def _growth_words(engine: _Engine, text: str) -> bool:
    return bool(engine.lx.growth_up.search(text) or engine.lx.growth_down.search(text))


def _middle(engine: _Engine, prefix: str) -> str:
    """The predicate words right before the number: 同比增长, 控制在, 突破."""
    before = prefix.rstrip(_PUNCT)
    m = engine.lx.predicate_tail.search(before, max(0, len(before) - _MAX_PREDICATE))
    return m.group() if m else ""


def _items(engine: _Engine, core: str) -> list[str]:
    for key, parts in engine.lx.distributive:
        if core.startswith(key):
            return [p + core[len(key) :] for p in parts]
    pieces = [p for p in core.split("、") if p]
    return pieces if len(pieces) > 1 else [core]


def _shared(engine: _Engine, subject: Subject) -> list[tuple[str, str | None]] | None:
    """(label, indicator) of each item of a subject listing catalog indicators (A、B和C), or None: a
    list some of whose items are not in the catalog, or a joint subject (城镇和农村居民…) whose parts
    the catalog states jointly."""
    if subject.indicator is not None or not engine.lx.item_split.search(subject.text) \
            or subject.text.startswith(engine.lx.distributive_keys):
        return None
    n = len([i for i in engine.lx.item_split.split(subject.text) if i])
    if n < 2:
        return None
    labels = _distribute(engine, subject, n)
    indicators = [ind for _, ind in labels]
    if len(labels) != n or None in indicators or len(set(indicators)) != n:
        return None
    if any(engine.lx.g.indicators[ind].qualitative for ind in indicators):  # type: ignore[index]
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


def _distribute(engine: _Engine, subject: Subject, n: int) -> list[tuple[str, str | None]]:
    """(label, indicator) for each of `n` values stated of one subject."""
    alias_index = engine.lx.g.alias_index
    items = _items(engine, subject.text) if n > 1 else [subject.text]
    if n > 1 and len(items) == n - 1:
        items = _split_last_conjunction(engine, items)
    if n <= 1 or len(items) != n:
        return [(subject.text, subject.indicator)] * max(n, 1)
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
            c = _complete(alias_index, c, subject.context) or c
        out.append((c, alias_index.get(c)))
    joint = engine.lx.g.indicators.get(subject.indicator or "")
    if joint is not None and len(joint.parts) == n and any(ind is None for _, ind in out):
        # 城乡居民收入…分别: the parts of a joint indicator, in the catalog's order (城镇, 农村).
        out = [(c, part) for (c, _), part in zip(out, joint.parts)]
    return out


def _complete(alias_index: dict[str, str], core: str, topic: str) -> str | None:
    """An elliptic subject completed by the topic of its sentence: 粮食面积…,产量 → 粮食产量 (the topic's
    head + the subject); 全体居民人均可支配收入…,城镇居民 → 城镇居民人均可支配收入 (the subject + the
    topic's tail)."""
    if not core or len(core) > 6:
        return None
    own = alias_index.get(topic)  # 进出口总额…,出口总值: a part of the topic, never its indicator again
    for k in range(len(topic), 0, -1):
        candidate = topic[:k] + core
        if candidate in alias_index and not topic.startswith(candidate) and alias_index[candidate] != own:
            return candidate
    for k in range(1, len(topic)):
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
    ind = engine.lx.g.indicators[indicator]
    if measure == "growth":
        return unit in ("%", "倍")
    if measure == "change_pp":
        return "%" in ind.level_units
    return unit in ind.level_units

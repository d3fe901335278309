"""Structure of a normalised report: headings, the parts they open, sentences and clauses.

A figure's kind and year come from where it stands: in the review of last year a figure is a result
of that year, in the plan part a target of the plan year. Headings (一、 (一) 1. (1)) open sections;
their words (执行情况, 回顾 / 计划, 安排, 目标) and years classify them; a heading without cues inherits
from the one above it, or from the previous top-level heading. Lines open parts too (过去一年，…;
今年…主要预期目标是：), for the rest of the heading they stand under. A section may cover several years
(`span`): a five-year plan's review (五年来，…) or its goals (“十五五”时期…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from planwatch.engine import regex_cache
from planwatch.engine.bisection import bisect_right
from planwatch.engine.grammar import grammar
from planwatch.engine.periods import count_years, plan_years
from planwatch.engine.scan import Gated, Hits, StartGate, any_words, made_once, scan_pattern, word_hits
from planwatch.models import DocumentFacts

_HEADINGS: Final = [
    r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+(?:部分|章)|附件\d*[:：]?|附表\d*[:：]?)",
    r"^[(（][一二三四五六七八九十]+[)）]",
    r"^\d{1,2}[.、](?!\d)",
    r"^[(（]\d{1,2}[)）]",
]  # the marks opening a heading of each level, 1 to 4, as their levels go
# All of them in one pattern, the level its group's: one try at each line (most open no heading), not one of each
_HEADING: Final = regex_cache.compile("|".join(f"(?P<level{n}>{source})" for n, source in enumerate(_HEADINGS, 1)))
_HEADING_LEVEL: Final = {f"level{n}": n for n in range(1, len(_HEADINGS) + 1)}
_YEAR: Final = regex_cache.compile(r"((?:19|20)\d\d)年")
_PLAN_NAME: Final = regex_cache.compile(r"十[一二三四五六]?五|第十[一二三四五六]?个五年")
_SENTENCE: Final = regex_cache.compile(r"[^。！？!?]+")
_EXCLAMATIONS: Final = "！？!?"  # where _SENTENCE splits and `_sentences` does not (各位代表！ opens a line's first sentence)
_ONE_YEAR: Final = regex_cache.compile(r"今年|明年|去年|新的一年|一年|本年|(?<![到至\d])(?:19|20)\d\d年(?![底末前])")  # 2011年…主要预期目标是
_TITLE_LINE: Final = regex_cache.compile(r"^\s*[^,，。；;:：!！?？]{2,24}\s*$")
SENTENCE_MARKS: Final = "。;!?；！？\n丨"  # 丨 separates a headline's parts
SENTENCE_END: Final = regex_cache.compile(f"[{SENTENCE_MARKS}]")
CLAUSE_MARKS: Final = ",:，："
CLAUSE_END: Final = regex_cache.compile(f"[{CLAUSE_MARKS}]")


@dataclass(slots=True)
class Section:
    start: int  # offset of the heading line in the normalised text
    level: float  # 1 for 一、, 2 for (一) …; a part opened by a line: half a level below its heading
    title: str
    part: str  # "review" or "plan"
    year: int | None  # the year its figures are of; a span's last year
    span: tuple[int, int] | None = None  # first and last year of a section covering several years


@dataclass(slots=True)
class Outline:
    """Sections in order, with a lookup from an offset to the section it falls in."""

    sections: list[Section]
    _starts: list[int]

    def at(self, offset: int) -> Section:
        i = bisect_right(self._starts, offset) - 1
        return self.sections[max(i, 0)]


@cache
def _cues() -> dict[str, tuple[str, ...]]:
    parts = grammar().lexicon["parts"]
    return {k: tuple(parts[k]) for k in ("review_strong", "plan_strong", "review", "plan")}


@dataclass(frozen=True, slots=True)
class _LinePatterns:
    parts: tuple[tuple[str, re.Pattern], ...]  # (part, pattern) of lines opening one year's review or plan
    spans: tuple[Gated, ...]  # lines opening a review or a plan of several years (each matched where its words stand)
    span_sentences: int
    openers: re.Pattern
    # Most lines open nothing, which these tell at once, each pattern tried only where the sentence holds the words
    # it needs: the `parts` anchored at the start (by match), the other `parts` (by search)
    part_at_start: tuple[Gated, ...]
    part_inside: tuple[Gated, ...]
    restated: re.Pattern  # a sentence restating the targets of the year under review
    # …and most sentences open with none of the characters, and hold none of the words, that `openers`,
    # `part_at_start` and `spans` need there
    openers_gate: StartGate
    part_at_start_gate: StartGate
    span_gate: StartGate
    # …so that a sentence opening with none of the characters the three gates open on (`opening_gate`, the gate of
    # all their patterns) and holding none of the words they or `part_inside` need (`opening_words`, found
    # once in a text) opens no part. (Stripped of an opener, a sentence is read from where the opener ends: the
    # openers' gate opens on the sentence first.) No words when they cannot be told: every sentence is read.
    opening_gate: StartGate
    opening_words: tuple[str, ...]  # longest first


_MADE_LINE_PATTERNS: Final[list[_LinePatterns]] = []  # once made


def _line_patterns() -> _LinePatterns:
    """The line patterns, made once (asked at each sentence: a list read here is cheaper than a call through
    functools.cache)."""
    if not _MADE_LINE_PATTERNS:
        _MADE_LINE_PATTERNS.append(_made_line_patterns())
    return _MADE_LINE_PATTERNS[0]


def _made_line_patterns() -> _LinePatterns:
    parts = grammar().lexicon["parts"]
    part_lines = [p for part in ("plan", "review") for p in parts[f"{part}_lines"]]
    at_start = [p for p in part_lines if p.startswith("^")]
    inside = [p for p in part_lines if not p.startswith("^")]
    opening_gate = StartGate([parts["line_openers"], *at_start, *parts["span_lines"]])
    inside_words = any_words(inside)
    opening_words = _opening_words(opening_gate, inside_words)
    return _LinePatterns(
        parts=tuple((part, regex_cache.compile(p)) for part in ("plan", "review") for p in parts[f"{part}_lines"]),
        spans=tuple(Gated(regex_cache.compile(p)) for p in parts["span_lines"]),
        span_sentences=parts["span_sentences"],
        openers=regex_cache.compile(parts["line_openers"]),
        part_at_start=tuple(Gated(regex_cache.compile(p)) for p in at_start),
        part_inside=tuple(Gated(scan_pattern(p)) for p in inside),
        restated=regex_cache.compile(parts["restated_lines"]),
        openers_gate=StartGate([parts["line_openers"]]),
        part_at_start_gate=StartGate(at_start),
        span_gate=StartGate(parts["span_lines"]),
        opening_gate=opening_gate,
        opening_words=opening_words or (),
    )


def opening_words() -> tuple[str, ...]:
    """The words one of which a sentence opening a part holds, unless it opens with a character of the outline's
    gate (the `Hits` of `outline`'s `words`); none when they cannot be told (every sentence is read)."""
    return _line_patterns().opening_words


def _opening_words(gate: StartGate, inside_words: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The words of `gate` and `inside_words`, the longest first; None when the gate opens on every text, or a
    part line inside a sentence needs no word."""
    if gate.firsts is None or inside_words is None:
        return None
    return tuple(sorted({*gate.told_words, *inside_words}, key=lambda w: (-len(w), w)))


def _span_opened(text: str, facts: DocumentFacts) -> tuple[str, tuple[int, int]] | None:
    """The part and years of a review or plan of several years that `text` opens (五年来, “十五五”时期)."""
    for sentence in _SENTENCE.findall(text)[: _line_patterns().span_sentences]:
        if (opened := _span_of_words(_without_opener(sentence), facts)) is not None:
            return opened
    return None


def _span_of_words(words: str, facts: DocumentFacts) -> tuple[str, tuple[int, int]] | None:
    """The part and years of a review or plan of several years that a sentence's words (its opener
    skipped) open."""
    p = _line_patterns()
    if not p.span_gate.opens(words):
        return None
    first = words[:1]
    for pattern in p.spans:
        m = pattern.pattern.match(words) if (pattern.firsts is None or first in pattern.firsts) \
            and pattern.may_match(words) else None
        if m and (opened := _span_of(m, facts)) is not None:
            return opened
    return None


def _without_opener(text: str, at: int = -1, whole: str = "", hits: Hits | None = None) -> str:
    """`text` without the words an address or a write-up opens a line with (`line_openers`). `at`: where `text`
    stands in `whole`, whose opening words' `Hits` are `hits`: the gate reads the words from them."""
    p = _line_patterns()
    if at < 0 or hits is None:
        return without_opening(p.openers, text, p.openers_gate)
    return without_opening(p.openers, text) if p.openers_gate.opens(whole, at, at + len(text), hits) else text


def without_opening(opening: re.Pattern, text: str, gate: StartGate | None = None) -> str:
    """`opening.sub("", text)` for a pattern anchored at the start (^…): one attempt there, not one at every
    character; none where its `gate` tells it cannot match."""
    if gate is not None and not gate.opens(text):
        return text
    m = opening.match(text)
    return text[m.end() :] if m else text


def _span_of(m: re.Match, facts: DocumentFacts) -> tuple[str, tuple[int, int]] | None:
    groups = m.groupdict()
    review, plan = facts.review_year, facts.plan_year
    if groups.get("plan"):
        years = plan_years(groups["plan"])
        if years and review is not None and years[1] <= review:
            return "review", years
        if years and plan is not None and years[0] >= plan:
            return "plan", years
        return None
    if groups.get("next"):
        return ("plan", (plan, plan + 4)) if plan is not None else None
    n = count_years(groups.get("back") or groups.get("ahead"))
    if n is None or n < 2:
        return None
    if groups.get("back") and review is not None:
        return "review", (review - n + 1, review)
    if groups.get("ahead") and plan is not None:
        return "plan", (plan, plan + n - 1)
    return None


@dataclass(frozen=True, slots=True)
class _Opening:
    """What a line opens: a part, its year, the years it covers, and whether the line named its year."""

    part: str
    year: int | None
    span: tuple[int, int] | None = None
    dated: bool = True
    restated: bool = False  # the targets of the year under review, restated: a plan of that year for one sentence


def _sentences(line: str) -> list[tuple[int, str]]:
    """The sentences of a line, each with its offset in it and its closing mark (a pattern of a whole line,
    ^主要预期目标$, does not match a sentence 就业超过预期目标。)."""
    found: list[tuple[int, str]] = []
    offset = 0
    # the runs between full stops, each with the one closing it (no sentence of a 。 alone): a split of the line (a
    # regex match for each sentence, [^。]+。?, cost more than the sentence's reading)
    pieces = line.split("。")
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        if piece:
            found.append((offset, piece + "。" if i < last else piece))
        offset += len(piece) + 1
    return found


def _line_part(sentence: str, facts: DocumentFacts, spans: bool, line: str, offset: int, at: int = -1,
               text: str = "", hits: Hits | None = None) -> _Opening | None:
    """A part opened by a sentence of a line of text (not a heading): 今年…主要预期目标是：, 过去一年，…,
    五年来，… (`spans`: the years of a review or plan of several years are looked for too; `line[:offset]`:
    the line before the sentence, where a word of one year (今年) may stand; `at`: where the sentence stands in
    `text`, whose opening words' `Hits` are `hits`)."""
    p = _line_patterns()
    words = _without_opener(sentence, at, text, hits)
    if spans:
        # A sentence of `_sentences` without ！？!? is one of `_SENTENCE` with its 。, which no opener
        # takes: its words without the 。 are those `_span_opened` would read.
        if any(mark in sentence for mark in _EXCLAMATIONS):
            spanned = _span_opened(sentence, facts)
        else:
            spanned = _span_of_words(words[:-1] if sentence.endswith("。") else words, facts)
        if spanned is not None:
            part, span = spanned
            return _Opening(part, span[1], span)
    if not (p.part_at_start_gate.opens(words) and _opens_with_part(p.part_at_start, words)
            or _holds_part_inside(p.part_inside, words)):
        return None
    if (reviewed := reviewed_year(facts)) is not None and p.restated.search(words):
        return _Opening("plan", reviewed, restated=True)
    for part, pattern in p.parts:
        m = pattern.search(words)
        if not m:
            continue
        year = int(m.group("year")) if "year" in pattern.groupindex and m.group("year") else None
        expected = facts.plan_year if part == "plan" else reviewed_year(facts)
        if year is None or year == expected:
            dated = year is not None or bool(_ONE_YEAR.search(line[:offset] + words[: m.end()]))
            return _Opening(part, year or expected, dated=dated)
    return None


def _opens_with_part(patterns: tuple[Gated, ...], words: str) -> bool:
    """Whether one of the patterns of part lines anchored at their start matches the words of a sentence."""
    first = words[:1]
    for pattern in patterns:  # (the character it opens with told first: most open with one of a few)
        if (pattern.firsts is None or first in pattern.firsts) and pattern.may_match(words) \
                and pattern.pattern.match(words) is not None:
            return True
    return False


def _holds_part_inside(patterns: tuple[Gated, ...], words: str) -> bool:
    """Whether one of the patterns of part lines matched inside a sentence matches in its words."""
    for pattern in patterns:
        if pattern.search(words) is not None:
            return True
    return False


def _heading_span(title: str, facts: DocumentFacts) -> tuple[str, tuple[int, int]] | None:
    """A heading about several years only: “十四五”时期工作回顾 (not 2025年和“十四五”时期工作回顾)."""
    if _YEAR.search(title) or len(_PLAN_NAME.findall(title)) > 1:
        return None
    return _span_opened(title, facts)


def classify_heading(title: str, top_level: bool = True) -> str | None:
    """"review" or "plan" from a heading's words; sub-headings need a strong cue."""
    cues = _cues()
    order = ("review_strong", "plan_strong", "review", "plan") if top_level else ("review_strong", "plan_strong")
    for key in order:
        if any(c in title for c in cues[key]):
            return key.split("_")[0]
    return None


def reviewed_year(facts: DocumentFacts) -> int | None:
    """The year a part reviewing the past is of: the document's review year, else the year before the one
    it plans (a news item whose facts name only the plan year, with a line 回眸2023 or 过去一年)."""
    if facts.review_year is None and facts.plan_year is not None:
        return facts.plan_year - 1
    return facts.review_year


def default_part(facts: DocumentFacts) -> str:
    if facts.doc_type == "plan_notice" or facts.review_year is None:
        return "plan"
    return "review"


def outline(text: str, facts: DocumentFacts, words: Hits | None = None) -> Outline:
    """The sections of a normalised text, each with its part, year and span. `words`: the `Hits` of the line
    patterns' `opening_words` in the text, when a pass shared with other words found them."""
    start_part = default_part(facts)
    sections = [Section(0, 0, "", start_part, _year_for(start_part, facts))]
    stack: list[Section] = []
    last_top: Section | None = None
    pos = 0
    lines = text.split("\n")
    p = _line_patterns()
    span_sentences = p.span_sentences
    opening_gate = p.opening_gate
    if words is None and p.opening_words:
        words = word_hits(p.opening_words, text)
    for i, line in enumerate(lines):
        level, title = _heading(line)
        if level and _listed(level, lines, i):
            level = 0  # a table of contents: 一、…回顾 / 二、…目标任务 listed one under the other
        if level:
            # A part opened by a line lasts through the sub-headings of the heading it stands under; one
            # opened before any heading, to the first top-level heading.
            while stack and (stack[-1].level >= level or (level == 1 and stack[-1].level < 1)):
                stack.pop()
            parent = stack[-1] if stack else last_top or sections[0]
            if sections[-1].level % 1:  # 今年…主要预期目标是：then 一、…: the heading goes on in the line's part
                parent = sections[-1]
            part = classify_heading(title, top_level=level == 1)
            m = _YEAR.search(title)
            own_year = int(m.group(1)) if m else None
            span = None
            if (spanned := _heading_span(title, facts)) is not None:
                part, span = spanned
            if part is None and own_year is not None:
                part = _part_for_year(own_year, facts)
            part = part or parent.part
            if span is None and own_year is None and part == parent.part:
                span = parent.span
            year = own_year or (parent.year if part == parent.part else None) or _year_for(part, facts)
            if span is not None:
                year = span[1]
            section = Section(pos, level, title, part, year, span)
            sections.append(section)
            stack.append(section)
            if level == 1:
                last_top = section
        else:
            # Each sentence may open a part: a news paragraph goes from 过去一年，… to 今年…主要预期目标是：. One
            # inside a line opens several years, switches the part, or goes from a plan of several years to the
            # plan year, and nothing else.
            for n, (offset, sentence) in enumerate(_sentences(line)):
                if words is not None and not (
                        opening_gate.opens_with(sentence[:1]) or words.any_in(pos + offset, pos + offset + len(sentence))
                        or n < span_sentences and any(mark in sentence for mark in _EXCLAMATIONS)):
                    continue  # (three in four sentences)
                opened = _line_part(sentence, facts, n < span_sentences, line, offset, pos + offset, text, words)
                if opened is None:
                    continue
                part, year, span = opened.part, opened.year, opened.span
                current = stack[-1] if stack else last_top or sections[0]
                if not opened.dated and part == current.part:
                    # 我们将做好六个方面的工作 in the goals of a five-year plan: their tasks, not one year's
                    span, year = current.span, current.year
                if n and part == current.part and not opened.span and not (part == "plan" and current.span):
                    continue  # 2005年，… inside a paragraph of a five-year review: the review goes on
                if part != current.part or span != current.span or year != current.year:
                    while stack and stack[-1].level % 1:  # a line's part replaces the one a line before it opened
                        stack.pop()
                    title = current.title
                    if n == 0 and _TITLE_LINE.match(line):  # 2026年主要工作 alone on its line: a heading
                        stack.clear()
                        title = line.strip()
                    heading = stack[-1] if stack else None
                    section = Section(pos + offset, (heading.level if heading else 0) + 0.5,
                                      heading.title if heading else title, part, year, span)
                    sections.append(section)
                    stack.append(section)
                    if heading is None:  # outside any heading: the top-level headings after it inherit from it
                        last_top = section
                    if opened.restated:  # the review goes on after the sentence restating its year's targets
                        back = Section(pos + offset + len(sentence), section.level, section.title, current.part,
                                       current.year, current.span)
                        sections.append(back)
                        stack[-1] = back
                        if heading is None:
                            last_top = back
        pos += len(line) + 1
    return Outline(sections, [s.start for s in sections])


def _listed(level: int, lines: list[str], i: int) -> bool:
    """A heading followed right away by another of its level: an entry in a list of contents."""
    for line in lines[i + 1 : i + 4]:
        if line.strip():
            return _heading(line)[0] == level
    return False


def _heading(line: str) -> tuple[int, str]:
    stripped = line.lstrip()
    m = _HEADING.match(stripped)
    if m is None:
        return 0, ""
    title = stripped[m.end() :].split("。", 1)[0]
    return _HEADING_LEVEL[str(m.lastgroup)], title[:80]


def _year_for(part: str, facts: DocumentFacts) -> int | None:
    return reviewed_year(facts) if part == "review" else facts.plan_year


def _part_for_year(year: int, facts: DocumentFacts) -> str | None:
    if year == facts.plan_year:
        return "plan"
    if year == reviewed_year(facts):
        return "review"
    return None


def spans(text: str, pattern: re.Pattern, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Consecutive spans of text[start:end] cut at each match of `pattern` (the delimiter excluded)."""
    end = len(text) if end is None else end
    delimiters = _delimiter_characters(pattern)
    if delimiters:
        # each delimiter found by `str.find`, which runs to one character many times faster than the regex engine
        # tests each against a class, and makes no match object, nor a copy of the text between
        cuts: list[int] = []
        for char in delimiters:
            i = text.find(char, start, end)
            while i >= 0:
                cuts.append(i)
                i = text.find(char, i + 1, end)
        if len(delimiters) > 1:
            cuts.sort()
        out = []
        pos = start
        for i in cuts:
            if i > pos:
                out.append((pos, i))
            pos = i + 1
        if pos < end:
            out.append((pos, end))
        return out
    out = []
    pos = start
    for m in pattern.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


_DELIMITER_CHARACTERS: Final[dict[int, tuple[re.Pattern, str]]] = {}


def _delimiter_characters(delimiter: re.Pattern) -> str:
    """The characters of a delimiter each match of which is one of them, as written: a class of plain characters
    (`[。;]`, no case ignored); "" for another delimiter. Read once for each delimiter."""
    return made_once(_DELIMITER_CHARACTERS, _read_delimiter_characters, delimiter)


def _read_delimiter_characters(delimiter: re.Pattern) -> str:
    source = delimiter.pattern
    plain = isinstance(source, str) and not delimiter.flags & re.IGNORECASE \
        and re.fullmatch(r"\[[^\^\]\[\\-][^\]\[\\-]*\]", source) is not None
    return "".join(sorted(set(source[1:-1]))) if plain else ""

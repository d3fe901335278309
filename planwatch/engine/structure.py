"""Structure of a normalised report: headings, the parts they open, sentences and clauses.

A figure's kind and year come from where it stands: in the review of last year a figure is a result
of that year, in the plan part a target of the plan year. Headings (一、 (一) 1. (1)) open sections;
their words (执行情况, 回顾 / 计划, 安排, 目标) and years classify them; a heading without cues inherits
from the one above it, or from the previous top-level heading.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from planwatch.engine.grammar import grammar
from planwatch.models import DocumentFacts

_HEADINGS = [
    (1, re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+(?:部分|章)|附件\d*[:：]?|附表\d*[:：]?)")),
    (2, re.compile(r"^[(（][一二三四五六七八九十]+[)）]")),
    (3, re.compile(r"^\d{1,2}[.、](?!\d)")),
    (4, re.compile(r"^[(（]\d{1,2}[)）]")),
]
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_LINE_LEVEL = 9  # a part opened by a line lasts until the next heading of any level
SENTENCE_END = re.compile(r"[。;!?；！？\n丨]")  # 丨 separates a headline's parts
CLAUSE_END = re.compile(r"[,:，：]")


@dataclass(slots=True)
class Section:
    start: int  # offset of the heading line in the normalised text
    level: int
    title: str
    part: str  # "review" or "plan"
    year: int | None


@dataclass(slots=True)
class Outline:
    """Sections in order, with a lookup from an offset to the section it falls in."""

    sections: list[Section]
    _starts: list[int]

    def at(self, offset: int) -> Section:
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.sections[max(i, 0)]


@cache
def _cues() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in grammar().lexicon["parts"].items() if not k.endswith("_lines")}


@cache
def _part_lines() -> tuple[tuple[str, re.Pattern], ...]:
    parts = grammar().lexicon["parts"]
    return tuple(
        (part, re.compile(pattern)) for part in ("plan", "review") for pattern in parts[f"{part}_lines"]
    )


def _line_part(line: str, facts: DocumentFacts) -> tuple[str, int | None] | None:
    """A part opened by a line of text (not a heading): 今年…主要预期目标是：, 过去一年，…"""
    for part, pattern in _part_lines():
        m = pattern.search(line)
        if not m:
            continue
        year = int(m.group("year")) if "year" in pattern.groupindex and m.group("year") else None
        expected = facts.plan_year if part == "plan" else facts.review_year
        if year is None or year == expected:
            return part, year or expected
    return None


def classify_heading(title: str, top_level: bool = True) -> str | None:
    """"review" or "plan" from a heading's words; sub-headings need a strong cue."""
    cues = _cues()
    order = ("review_strong", "plan_strong", "review", "plan") if top_level else ("review_strong", "plan_strong")
    for key in order:
        if any(c in title for c in cues[key]):
            return key.split("_")[0]
    return None


def default_part(facts: DocumentFacts) -> str:
    if facts.doc_type == "plan_notice" or facts.review_year is None:
        return "plan"
    return "review"


def outline(text: str, facts: DocumentFacts) -> Outline:
    """The sections of a normalised text, each with its part and year."""
    start_part = default_part(facts)
    sections = [Section(0, 0, "", start_part, _year_for(start_part, facts))]
    stack: list[Section] = []
    last_top: Section | None = None
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        level, title = _heading(line)
        if level and _listed(level, lines, i):
            level = 0  # a table of contents: 一、…回顾 / 二、…目标任务 listed one under the other
        if level:
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else last_top or sections[0]
            if sections[-1].level == _LINE_LEVEL:  # 主要预期目标是：… then (一)…: the plan goes on
                parent = sections[-1]
            part = classify_heading(title, top_level=level == 1)
            m = _YEAR.search(title)
            own_year = int(m.group(1)) if m else None
            if part is None and own_year is not None:
                part = _part_for_year(own_year, facts)
            part = part or parent.part
            year = own_year or (parent.year if part == parent.part else None) or _year_for(part, facts)
            section = Section(pos, level, title, part, year)
            sections.append(section)
            stack.append(section)
            if level == 1:
                last_top = section
        elif (opened := _line_part(line, facts)) is not None:
            part, year = opened
            current = stack[-1] if stack else last_top or sections[0]
            if part != current.part:
                while stack and stack[-1].level >= _LINE_LEVEL:
                    stack.pop()
                section = Section(pos, _LINE_LEVEL, current.title, part, year)
                sections.append(section)
                stack.append(section)
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
    for level, pattern in _HEADINGS:
        m = pattern.match(stripped)
        if m:
            rest = stripped[m.end() :]
            title = re.split(r"[。]", rest, maxsplit=1)[0]
            return level, title[:80]
    return 0, ""


def _year_for(part: str, facts: DocumentFacts) -> int | None:
    return facts.review_year if part == "review" else facts.plan_year


def _part_for_year(year: int, facts: DocumentFacts) -> str | None:
    if year == facts.plan_year:
        return "plan"
    if year == facts.review_year:
        return "review"
    return None


def spans(text: str, pattern: re.Pattern, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Consecutive spans of text[start:end] cut at each match of `pattern` (the delimiter excluded)."""
    end = len(text) if end is None else end
    out = []
    pos = start
    for m in pattern.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out

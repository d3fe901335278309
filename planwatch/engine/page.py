"""Page furniture that names other articles: lists of links (相关阅读 and the titles under it, 相关推荐:A | B)
and links to the items before and after (上一篇:…). They name other places and read like titles and
headlines, so they are neither a document's title, nor its place, nor its figures (郑州市政府工作报告:今年GDP
增长6%左右 under a report of 洛阳). The cues are in `grammar/facts.toml`, section `page`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from planwatch.engine import regex_cache
from planwatch.engine.grammar import load_toml
from planwatch.engine.scan import StartGate

_SENTENCE_MARKS: Final = "。;!?；！？"


@dataclass(frozen=True, slots=True)
class _Cues:
    heading: tuple[re.Pattern[str], ...]  # a list's heading alone on its line (相关新闻, 【推荐阅读】)
    inline: re.Pattern[str]  # a heading with its links on the same line (相关推荐:A | B)
    link_chars: int  # the longest line a list's link is
    neighbour: re.Pattern[str]  # 上一篇:…, 下一条:…
    any: re.Pattern[str]  # one of the above: most lines match none, told by one try
    any_gate: StartGate | None  # …or at once, by the character they open with (None: every line is tried)


@functools.cache
def _cues() -> _Cues:
    page = load_toml("facts.toml")["page"]  # (by the grammar's package: a compiled module has no __file__ here)
    sources = [*page["link_list"], page["inline_list"], page["neighbour_link"]]
    return _Cues(tuple(regex_cache.compile(p) for p in page["link_list"]), regex_cache.compile(page["inline_list"]),
                 int(page["link_chars"]), regex_cache.compile(page["neighbour_link"]),
                 regex_cache.compile("|".join(f"(?:{p})" for p in sources)), StartGate(sources).by_characters())


def link_lines(lines: list[str]) -> list[bool]:
    """For each line (stripped, half-width), whether it is page furniture linking to other articles: a list's
    heading and the short lines under it, a heading with its links, a link to the item before or after."""
    cues = _cues()
    marks: list[bool] = []
    in_list = False
    for line in lines:
        cued = (cues.any_gate is None or cues.any_gate.opens(line)) and cues.any.match(line) is not None
        if cued and any(p.match(line) for p in cues.heading):
            in_list = True
            marks.append(True)
            continue
        if in_list and line and len(line) <= cues.link_chars and not any(m in line for m in _SENTENCE_MARKS):
            marks.append(True)
            continue
        in_list = in_list and not line  # a blank line inside a list keeps it going
        marks.append(cued and bool(cues.inline.match(line) or cues.neighbour.match(line)))
    return marks


def link_spans(text: str) -> list[tuple[int, int]]:
    """The spans of `text` (normalised) that are such furniture, one a line."""
    spans: list[tuple[int, int]] = []
    pos = 0
    raw = text.split("\n")
    for line, linked in zip(raw, link_lines([r.strip() for r in raw])):
        if linked:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans

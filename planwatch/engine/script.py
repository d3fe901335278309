"""Reposts in traditional characters, and the pinyin some mirror sites put after a character, read as
the simplified text they stand for.

A report may come back from a mirror as 洪洞縣人民政府工作報告, or with the reading of some characters
inserted (經(jīng)濟發(fā)展). `simplified(text)` undoes both, so that cue words and place names are found
in it. The character table is jionlp's (`tra2sim_char.txt`, one character for one). A simplified text is
left as it is: a few of its characters are in the table too (覆盖, 显著, 乾县 would become 复盖, 显着,
干县), so a text is converted only when it is written in traditional characters, that is when at least
`TRADITIONAL_SHARE` of its characters, and `TRADITIONAL_MIN` of them, are traditional forms (the
reports of the corpus have at most 0.2%, a report in traditional characters 15 to 25%). A
document's script is decided on its text (its first `SAMPLE_CHARS` characters): its title alone may be
too short to tell.
"""

from __future__ import annotations

import functools
import re

from planwatch.engine import regex_cache
from planwatch.engine.regions import jionlp_file
from planwatch.engine.scan import leads

TRADITIONAL_SHARE = 0.02
TRADITIONAL_MIN = 3
SAMPLE_CHARS = 20_000

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# a pinyin syllable with its tone mark, in brackets right after a Chinese character: 區(qū), 發（fā） (the
# pattern opens with the bracket, which the regex engine skips ahead to, and looks behind it for the character)
_PINYIN = regex_cache.compile(rf"[(（](?<=[\u3400-\u9fff][(（])(?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")


@functools.lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for line in jionlp_file("tra2sim_char.txt").read_text(encoding="utf-8").splitlines():
        traditional, _, simple = line.partition("\t")
        if len(traditional) == 1 and len(simple) == 1 and traditional != simple:
            table[ord(traditional)] = simple
    return table


@functools.lru_cache(maxsize=1)
def _traditional_char() -> re.Pattern[str]:
    return regex_cache.compile("[" + "".join(re.escape(chr(code)) for code in _table()) + "]")


def is_traditional(text: str) -> bool:
    """Whether `text` is written in traditional characters."""
    sample = text[:SAMPLE_CHARS]
    traditional = len(_traditional_char().findall(sample))
    return traditional >= max(TRADITIONAL_MIN, TRADITIONAL_SHARE * len(sample))


def pinyin_spans(text: str) -> list[tuple[int, int]]:
    """Where a mirror inserted the reading of a character (the `(fā)` of 發(fā)展)."""
    return [m.span() for m in leads(_PINYIN).finditer(text)]  # a pass to each bracket


def simplified_characters(text: str) -> str:
    """`text` character for character in simplified script when it is written in traditional characters
    (its length, and so every offset into it, kept); as it is otherwise."""
    return text.translate(_table()) if is_traditional(text) else text


def simplified(text: str, traditional: bool | None = None) -> str:
    """`text` without mirror-inserted pinyin, in simplified characters when it is written in
    traditional ones (政府工作報(bào)告 → 政府工作报告). `traditional`: whether it is, when known
    from the whole document; else `text` tells."""
    text = _PINYIN.sub("", text)
    if traditional is None:
        traditional = is_traditional(text)
    return text.translate(_table()) if traditional else text

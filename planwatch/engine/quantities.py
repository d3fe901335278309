"""Quantities in normalised text: number, magnitude, unit and comparator as one span.

"3.8万人以上" is one `Quantity` (value 3.8, unit 万人, op ge), not a number followed by words.
Ranges ("3—5个", "6%-6.5%") give two quantities, a low (ge) and a high (le) bound. Where a report
writes several numbers in a list with one unit at the end ("3、5和8个"), each gets that unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Final

from planwatch.engine import regex_cache
from planwatch.engine.bisection import bisect_right
from planwatch.engine.grammar import Grammar, alternation, grammar
from planwatch.engine.numbers import CN_NUMERAL_CHARS, NUMBER, NotANumber, is_chinese_numeral, parse_number
from planwatch.engine.scan import first_characters, scan_pattern


@dataclass(init=False, slots=True)
class Quantity:
    start: int  # span in the normalised text, comparator suffix included
    end: int
    num_start: int  # where the number itself starts
    value: Decimal
    unit: str
    op: str | None  # from the words inside and after the span; prefixes are read by the extractor
    bound: str | None  # "low" / "high" for the two ends of a range
    chinese: bool  # written in Chinese numerals

    def __init__(self, start: int, end: int, num_start: int, value: Decimal, unit: str, op: str | None,
                 bound: str | None = None, chinese: bool = False):
        # written out, not made by the dataclass: mypyc compiles it (see extract.Subject)
        self.start, self.end, self.num_start, self.value, self.unit, self.op = start, end, num_start, value, unit, op
        self.bound, self.chinese = bound, chinese

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "‰")

    @property
    def is_points(self) -> bool:
        return self.unit.endswith("百分点")


_RANGE_SEPARATORS: Final = ("—", "-", "~", "至", "到")  # 3—5个
_BARE_LIST_SEPARATORS: Final = "、和与及,"  # 3、5和8个
_BEFORE_LISTED: Final = _BARE_LIST_SEPARATORS + "\n"  # what stands right before a quantity a bare number is listed with


@dataclass(frozen=True, slots=True)
class _Patterns:
    quantity: re.Pattern
    numeral: re.Pattern  # where a quantity may start (what `found` looks ahead for first)
    found: re.Pattern  # the quantity pattern, tried only where it may match (`_matches`)
    bare_number_before: re.Pattern
    suffix: re.Pattern  # a comparator after a quantity (group `op`), then words that close it; maybe empty
    suffix_ops: dict[str, str]
    # (the characters of words and of a quantity's edges below as a string: a test of a character `in` it costs a
    # tenth of a set's, which computes the new character's hash first)
    suffix_starts: str  # the characters the words `suffix` reads open with
    tails: re.Pattern
    tail_starts: str  # the characters the words `tails` reads open with
    thresholds: tuple[str, ...]
    inner_ops: dict[str, str]
    not_after: tuple[str, ...]  # words a quantity's unit and what follows it open with: no quantity
    not_after_starts: str  # their first characters
    not_before: tuple[str, ...]  # words right before a number (within 2 characters): no quantity
    not_before_ends: str  # their last characters
    not_units: frozenset[str]
    list_separators: str
    # the numbers of `found`'s groups read of each match, asked all at once (a call by name for each cost more than
    # the rest of a quantity's reading): num, unit, inner, inner2 of a single quantity; lo, lo_unit, hi, hi_unit
    # of a range
    single_groups: tuple[int, int, int, int]
    range_groups: tuple[int, int, int, int]


@cache
def _patterns() -> _Patterns:
    g: Grammar = grammar()
    unit = g.unit_pattern
    inner = alternation(g.lexicon["comparators"]["inner"]["gt"])
    seps = "|".join(_RANGE_SEPARATORS)
    num = NUMBER
    # Not the tail of a longer number: no digit or decimal point right before. Letters may stand right
    # before ("GDP850.3亿元"); codes such as PM2.5 or G1816 have no unit after them.
    lead = r"(?<![\d.])"
    single = rf"{lead}(?P<num>{num})(?P<inner>{inner})? ?(?P<unit>{unit})(?P<inner2>{inner})?"
    ranged = (
        rf"{lead}(?P<lo>{num})(?P<lo_unit>%|{unit})?(?:{seps})(?P<hi>{num})"
        rf"(?P<hi_inner>{inner})? ?(?P<hi_unit>{unit})"
    )
    suffix = tuple(g.ops("suffix"))
    tails = alternation(g.lexicon["quantity"]["tails"])
    # A range's low end is written with the characters of a number and of a unit; the separator, none of
    # them, follows them. (Read off the unit pattern: unless it has character classes of its own.)
    low_end = set(f"{unit}%,.点{CN_NUMERAL_CHARS}")
    plain_units = "[" not in unit and "\\" not in unit and not low_end & set(_RANGE_SEPARATORS)
    # After the digits, points and commas of an arabic number, a quantity goes on with a magnitude (3万4000), a
    # comparator inside it (余), a space, a unit or a range separator: what else follows them ends none (the
    # quantity patterns try shorter numbers in vain: a digit, point or comma opens none of these).
    follow = first_characters(rf"[万亿]|(?:{inner})? ?(?:%|{unit}|{seps})")
    arabic = rf"\d(?<![\d.]\d)(?=[\d.,]*[{follow}])" if follow else r"\d(?<![\d.]\d)"
    # So with a Chinese numeral: its run, maybe a decimal part (点), then one of those characters (一是, 进一步,
    # 三大任务 open none: half the Chinese numerals of a report).
    chinese = rf"[{CN_NUMERAL_CHARS}](?<![\d.].)" + (rf"(?=[{CN_NUMERAL_CHARS}]*[{follow}点])" if follow else "")
    numeral = rf"{arabic}|{chinese}"
    # A range is tried only where a separator follows the run of characters its low end may be made of (a
    # separator is none of them); else the quantity is a single one.
    before_range = rf"(?=[\d{re.escape(''.join(sorted(low_end)))}]*+(?:{seps}))" if plain_units else ""
    found = scan_pattern(rf"(?={numeral})(?:{before_range}(?P<range>{ranged})|(?P<single>{single}))")
    group = found.groupindex
    return _Patterns(
        quantity=regex_cache.compile(rf"(?P<range>{ranged})|(?P<single>{single})"),
        numeral=scan_pattern(numeral),
        found=found,
        bare_number_before=regex_cache.compile(rf"(?P<num>{num})(?P<sep>{'|'.join(_BARE_LIST_SEPARATORS)})$"),
        # the comparators in their order (the first that stands there counts), as `_suffix` reads them
        suffix=regex_cache.compile(rf"(?P<op>{'|'.join(re.escape(w) for w, _ in suffix)})?(?:{tails})?"),
        suffix_ops=dict(suffix),
        suffix_starts=_characters(w[0] for w in [*(w for w, _ in suffix), *g.lexicon["quantity"]["tails"]]),
        tails=regex_cache.compile(tails),
        tail_starts=_characters(w[0] for w in g.lexicon["quantity"]["tails"]),
        thresholds=tuple(g.lexicon["quantity"]["thresholds"]),
        inner_ops={w: op for w, op in g.ops("inner")},
        not_after=tuple(g.lexicon["not_quantity"]["after"]),
        not_after_starts=_characters(w[0] for w in g.lexicon["not_quantity"]["after"]),
        not_before=tuple(g.lexicon["not_quantity"]["before"]),
        not_before_ends=_characters(w[-1] for w in g.lexicon["not_quantity"]["before"]),
        not_units=frozenset(g.units["not_units"]),
        list_separators="".join(s for s in g.lexicon["list"]["separators"] if len(s) == 1),
        single_groups=(group["num"], group["unit"], group["inner"], group["inner2"]),
        range_groups=(group["lo"], group["lo_unit"], group["hi"], group["hi_unit"]),
    )


def _characters(chars: Iterable[str]) -> str:
    """The characters, each once, as a string (in order)."""
    return "".join(sorted(set(chars)))


def find_quantities(text: str, excluded: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every quantity in `text` (normalised), in order. `excluded` spans (book titles…) are skipped."""
    p = _patterns()
    found: list[Quantity] = []
    for m in _matches(p, text):
        if m.lastgroup == "range":
            found.extend(_range(m, text, p))
        else:
            q = _single(m, text, p)
            if q is not None:
                if q.num_start > 0 and text[q.num_start - 1] in _BEFORE_LISTED:  # (most: no list before it)
                    found.extend(_unit_less_list_before(q, text, p))
                found.append(q)
    if excluded:
        inside = Spans(excluded)
        found = [q for q in found if q.num_start not in inside]
    return found


def _matches(p: _Patterns, text: str) -> Iterator[re.Match]:
    """`p.quantity.finditer(text)`, tried only where a numeral stands, not at every character: not after a digit
    or a decimal point (`lead`: `\\d` is a decimal digit, `str.isdecimal`), nor at a numeral whose number nothing
    a quantity goes on with follows (`p.numeral`); and where no range separator follows the characters a range's
    low end can be made of, without ranges. (One pass of a pattern looking ahead for all that: a pass for the
    numerals and a match at each cost a third more.)"""
    return p.found.finditer(text)


class Spans:
    """A set of spans [a, b), asked whether it holds an offset in logarithmic time."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for a, b in sorted(spans):
            if a >= b:
                continue
            if self._ends and a <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], b)
            else:
                self._starts.append(a)
                self._ends.append(b)

    def __contains__(self, offset: int) -> bool:
        i = bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]


def _single(m: re.Match, text: str, p: _Patterns) -> Quantity | None:
    num, unit_group, inner_group, inner2_group = p.single_groups
    groups = m.group(num, unit_group, inner_group, inner2_group)
    num_text: str = groups[0]
    unit: str = groups[1]
    inner: str | None = groups[2]  # a comparator inside (3万余人, 3.8万多人), the last counts
    inner2: str | None = groups[3]
    start, end = m.span()
    num_start = start  # (the number opens the match: `lead` looks behind)
    # A number that ends in a magnitude (两千万元 read as 两千 + 万元): give the magnitude to the unit.
    chinese = is_chinese_numeral(num_text)
    if chinese and num_text[-1] in "万亿" and len(num_text) > 1 and unit[0] not in "万亿":
        num_text, unit = num_text[:-1], num_text[-1] + unit
    base = unit.lstrip("万亿千百十")
    if base and base != unit and base[0] in p.tail_starts and p.tails.match(text, m.end(unit_group) - len(base)):
        # 千亿台阶: 台 opens the word 台阶, it is no unit; the quantity is 千亿 alone
        unit, end = unit[: -len(base)], m.end(unit_group) - len(base)
    if _not_a_quantity(text, num_start, end, num_text, unit, p, chinese):
        return None
    if num_text in ("万", "亿"):  # a magnitude alone, a threshold: 突破万亿元 is 1 万亿元
        num_text, unit = "一", num_text + unit
    try:
        value = parse_number(num_text)
    except NotANumber:
        return None
    op = p.inner_ops[inner2] if inner2 else p.inner_ops[inner] if inner else None
    end, suffix_op = _suffix(text, end, p)
    if start > 0 and text[start - 1] == "-" and not (start > 1 and text[start - 2].isdigit()):
        start, num_start, value = start - 1, num_start - 1, -value  # 增长-3.2%
    return Quantity(start, end, num_start, value, unit, suffix_op or op, chinese=chinese)


def _range(m: re.Match, text: str, p: _Patterns) -> list[Quantity]:
    lo, lo_unit_group, hi, hi_unit_group = p.range_groups
    groups = m.group(lo, lo_unit_group, hi, hi_unit_group)
    lo_text: str = groups[0]
    lo_unit: str | None = groups[1]
    hi_text: str = groups[2]
    unit: str = groups[3]
    if lo_unit and lo_unit != unit:
        return []
    start, end = m.span()
    lo_start = start  # (the low end opens the match)
    if _not_a_quantity(text, lo_start, end, hi_text, unit, p, is_chinese_numeral(hi_text)):
        return []
    try:
        low, high = parse_number(lo_text), parse_number(hi_text)
    except NotANumber:
        return []
    if low >= high:
        return []
    end, suffix_op = _suffix(text, end, p)
    chinese = is_chinese_numeral(lo_text)
    return [
        Quantity(start, end, lo_start, low, unit, "ge", bound="low", chinese=chinese),
        Quantity(start, end, m.start(hi), high, unit, "le", bound="high", chinese=chinese),
    ]


def _suffix(text: str, end: int, p: _Patterns) -> tuple[int, str | None]:
    """The comparator after a quantity (以上, 左右…), and words that close it (大关, 台阶)."""
    after = text[end : end + 1]
    if not after or after not in p.suffix_starts:
        return end, None  # (most quantities: a comma or a full stop follows)
    m = p.suffix.match(text, end)
    if m is None:  # (never: the pattern matches the empty string)
        return end, None
    word = m.group("op")
    return m.end(), (p.suffix_ops[word] if word else None)


_ONE_MAGNITUDE: Final = regex_cache.compile("^(?:[十百千]?[万亿]?|万亿)$")  # 千亿, 万亿, 百万 (not 千万千 of 千万千瓦)


def _not_a_quantity(text: str, start: int, end: int, num_text: str, unit: str, p: _Patterns,
                    chinese: bool) -> bool:
    """`chinese`: whether `num_text` is written in Chinese numerals. (The words before and after are read only
    where the character next to the number may end or open one of them: most quantities have none.)"""
    if start > 0 and text[start - 1] in p.not_before_ends and text.endswith(p.not_before, max(0, start - 2), start):
        return True
    opening = unit[:1] or text[end : end + 1]
    if opening and opening in p.not_after_starts and (unit + text[end : end + 6]).startswith(p.not_after):
        return True
    if unit in p.not_units:
        return True
    if chinese:
        # Chinese numerals: "一批", "一个" are articles, not counts; a numeral glued to a preceding
        # numeral character is part of a name (十三届七次).
        if num_text in ("一", "二") or (start > 0 and text[start - 1] in CN_NUMERAL_CHARS):
            return True
        if all(c in "万亿千百十" for c in num_text):
            # 千万家, 百万人次: a magnitude alone is no number, unless it names a threshold (迈上百亿新台阶,
            # 突破万亿元), but not one of several counted (跨越两个千亿元台阶)
            if text[start - 1 : start] == "个":
                return True
            threshold = bool(_ONE_MAGNITUDE.match(num_text)) and text.endswith(p.thresholds, 0, start)
            return not threshold and not p.tails.match(text, end + (text[end : end + 1] == "元"))
    return False


def _unit_less_list_before(q: Quantity, text: str, p: _Patterns) -> list[Quantity]:
    """Numbers listed without a unit before a quantity that has one: 分别为3、5和8个."""
    out: list[Quantity] = []
    pos = q.num_start
    while pos > 0 and text[pos - 1] in _BEFORE_LISTED:  # the pattern ends with one ($: or a line break)
        m = p.bare_number_before.search(text, max(0, pos - 24), pos)
        if not m or is_chinese_numeral(m.group("num")) != q.chinese:
            break
        try:
            value = parse_number(m.group("num"))
        except NotANumber:
            break
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] in "."):
            break
        out.append(Quantity(m.start(), m.end("num"), m.start(), value, q.unit, q.op, chinese=q.chinese))
        pos = m.start()
    out.reverse()
    return out

"""Numbers as reports write them: 351.6, 1,234, 3万4000, 两千, 一百二十, 四成, 1.25万亿.

`parse_number` returns a `Decimal`, never a float. Magnitude words that belong to the unit
("3.8万人", "16.4亿元") are split off by the quantity grammar before the number reaches this module;
magnitudes inside a number ("3万4000", "一千二百万") are folded into its value here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Final

from planwatch.engine import regex_cache

CN_DIGITS: Final = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
CN_SMALL_UNITS: Final = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS: Final = {"万": 10**4, "亿": 10**8}

CN_NUMERAL_CHARS: Final = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)
# (Digits, then groups of three after commas, if any, then a decimal part: a match is tried in the order of
# `\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`, without reading the digits again for the second alternative when the
# first finds no comma, as most numbers have none: a fifth of the quantity pass over dense figures.)
ARABIC: Final = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A number as written: arabic (with an optional 万/亿 and more arabic digits: 3万4000), or Chinese.
NUMBER: Final = rf"(?:(?:{ARABIC})(?:[万亿](?:{ARABIC}))?|[{CN_NUMERAL_CHARS}]+(?:点[{''.join(CN_DIGITS)}]+)?)"
NUMBER_RE: Final = regex_cache.compile(NUMBER)

_ARABIC_WITH_MAGNITUDE: Final = regex_cache.compile(rf"^({ARABIC})([万亿])({ARABIC})$")


class NotANumber(ValueError):
    """The text is not a number this module can read."""


def parse_number(text: str) -> Decimal:
    """Read a number written in arabic digits, Chinese numerals, or both (3万4000). (A report writes the same
    numbers many times: each is read once, the answers kept for the last `_MEMO` numbers.)"""
    known = _PARSED.get(text)
    if known is not None:
        return known
    value = _parsed(text)
    if len(_PARSED) >= _MEMO:
        _PARSED.clear()
    _PARSED[text] = value
    return value


_PARSED: Final[dict[str, Decimal]] = {}
_MEMO: Final = 10_000


def _parsed(text: str) -> Decimal:
    text = text.strip()
    if not text:
        raise NotANumber(text)
    if text[0].isdigit():
        return _parse_arabic(text)
    return _parse_chinese(text)


_ARABIC_RE: Final = regex_cache.compile(ARABIC)


def _parse_arabic(text: str) -> Decimal:
    m = _ARABIC_WITH_MAGNITUDE.match(text) if "万" in text or "亿" in text else None
    if m:
        head, magnitude, tail = m.groups()
        return _decimal(head) * CN_BIG_UNITS[magnitude] + _decimal(tail)
    whole, point, fraction = text.partition(".")
    if whole.isdecimal() and (not point or fraction.isdecimal()) or _ARABIC_RE.fullmatch(text):
        return _decimal(text)  # (digits, maybe a decimal part: what the pattern matches without commas, told at once)
    raise NotANumber(text)


def _decimal(digits: str) -> Decimal:
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation as e:  # pragma: no cover - ARABIC guarantees digits
        raise NotANumber(digits) from e


def _parse_chinese(text: str) -> Decimal:
    if "点" in text:
        whole, _, fraction = text.partition("点")
        if not fraction or any(c not in CN_DIGITS for c in fraction):
            raise NotANumber(text)
        head = _parse_chinese_integer(whole) if whole else 0
        return Decimal(f"{head}.{''.join(str(CN_DIGITS[c]) for c in fraction)}")
    return Decimal(_parse_chinese_integer(text))


def _parse_chinese_integer(text: str) -> int:
    """Read 一千二百三十四万五千, 十二, 两亿零三百万. Rejects digit runs like 一二三 (not a number)."""
    total = 0  # completed sections above 万/亿
    section = 0  # the current section below 万
    digit: int | None = None
    previous_was_digit = False
    for char in text:
        if char in CN_DIGITS:
            if previous_was_digit and CN_DIGITS[char] != 0 and digit != 0:
                raise NotANumber(text)
            digit = CN_DIGITS[char]
            previous_was_digit = True
            continue
        previous_was_digit = False
        if char in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[char]
            section += (1 if digit is None else digit) * unit if not (digit == 0) else 0
            digit = None
        elif char in CN_BIG_UNITS:
            unit = CN_BIG_UNITS[char]
            section += digit or 0
            digit = None
            if section == 0 and total == 0:
                raise NotANumber(text)
            if unit == 10**8:
                total = (total + section) * unit
            else:
                # 万 applies to the section only, except after 亿 (一亿三千万 = 1.3亿).
                high = total - total % 10**8 if total >= 10**8 else 0
                total = high + (total - high + section) * unit
            section = 0
        else:
            raise NotANumber(text)
    section += digit or 0
    value = total + section
    if value == 0 and not any(c in "零〇" for c in text):
        raise NotANumber(text)
    return value


def is_chinese_numeral(text: str) -> bool:
    return bool(text) and not text[0].isdigit()

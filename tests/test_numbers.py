"""The number parser against hand-checked cases and against an independent formatter (cn2an)."""

import re
from decimal import Decimal

import cn2an
import pytest
from hypothesis import assume, example, given, strategies as st

from planwatch.engine import numbers
from planwatch.engine.numbers import ARABIC, NotANumber, parse_number

CASES = [
    ("351.6", "351.6"), ("1,234", "1234"), ("1,234.56", "1234.56"), ("0.13", "0.13"),
    ("3万4000", "34000"), ("1.2万5", "12005"),
    ("十", "10"), ("十二", "12"), ("二十", "20"), ("两千", "2000"), ("一百二十", "120"),
    ("一百零五", "105"), ("两万零三百", "20300"), ("一亿三千万", "130000000"), ("三万亿", "3000000000000"),
    ("四", "4"), ("三点五", "3.5"), ("壹佰贰拾", "120"),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_reads_numbers_as_written(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["一二三", "二〇二四", "亿", "万", "", "abc", "1.2.3"])
def test_rejects_what_is_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_number(text)


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_integers_agree_with_cn2an(n):
    assert parse_number(cn2an.an2cn(n)) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=99))
def test_chinese_decimals_agree_with_cn2an(whole, hundredths):
    value = Decimal(whole) + Decimal(hundredths) / 100
    assert parse_number(cn2an.an2cn(str(value))) == value


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_arabic_numbers_are_exact(value):
    assert parse_number(f"{value:f}") == value


@given(st.text(alphabet=st.sampled_from(list("0123456789.,٣")), min_size=1, max_size=12))
@example("12.5")
@example("12.")
@example("1,234")
@example("٣.5")
def test_arabic_digits_are_read_where_the_number_pattern_matches_them_whole(text):
    """Digits with maybe a decimal part are told by `str.isdecimal` (what `\\d` matches) before the pattern is
    asked: the same numbers read, the same texts refused."""
    assume(text[0].isdigit())
    if re.fullmatch(ARABIC, text):
        assert parse_number(text) == Decimal(text.replace(",", ""))
    else:
        with pytest.raises(NotANumber):
            parse_number(text)


_TWO_ALTERNATIVES = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # a number with groups of three, else without


@given(st.text(alphabet=st.sampled_from(list("0123456789,,..万%")), max_size=16),
       st.sampled_from(["", r"\d", r",\d", r"\.", "万", r"(?!\d)", r"\d{3}", "%"]))
@example("1,234,5678.9", r",\d")
@example("12,345.6", r"\.")
def test_the_arabic_number_pattern_matches_as_its_two_alternatives_do(text, after):
    """`ARABIC` reads the digits once: its matches, and the order it tries them in (what follows it decides
    which), are those of the pattern written as two alternatives."""
    one, two = re.compile(f"(?:{ARABIC}){after}"), re.compile(f"(?:{_TWO_ALTERNATIVES}){after}")
    assert [m.span() for m in one.finditer(text)] == [m.span() for m in two.finditer(text)]


@given(st.text(alphabet=st.sampled_from(list("0123456789.,万亿一二两三十百千点零")), min_size=1, max_size=8))
@example("3万4000")
def test_a_number_read_again_is_read_as_the_first_time(text):
    """`parse_number` keeps its answers: read twice, a text gives what reading it afresh gives, or fails alike."""
    try:
        fresh = numbers._parsed(text)
    except NotANumber:
        for _ in range(2):
            with pytest.raises(NotANumber):
                parse_number(text)
        return
    assert parse_number(text) == fresh and parse_number(text).as_tuple() == fresh.as_tuple()


def test_the_numbers_kept_are_bounded():
    for n in range(numbers._MEMO + 10):
        assert parse_number(f"{n}.5") == Decimal(n) + Decimal("0.5")
    assert 0 < len(numbers._PARSED) <= numbers._MEMO

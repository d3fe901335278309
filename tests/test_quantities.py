"""The quantity patterns are tried only where a quantity may start (`quantities._matches`): what they find there
is what a plain pass of the quantity pattern over the text finds."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from planwatch.engine.grammar import grammar
from planwatch.engine.quantities import _matches, _patterns, _suffix, find_quantities

_PIECES = list("0123456789.,%-—~至到 万亿元人个年余多百分点千十一二三两五是大/。，\n") + [
    "个百分点", "亿元", "万人", "GW", "吨标准煤"]


def _found(matches) -> list[tuple]:
    return [(m.span(), m.lastgroup, m.group()) for m in matches]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_quantities_are_found_where_a_pass_of_the_pattern_finds_them(text):
    p = _patterns()
    assert _found(_matches(p, text)) == _found(p.quantity.finditer(text))


def test_a_number_nothing_a_quantity_goes_on_with_follows_is_not_tried():
    text = "2024年增长6.5%，3万4000人，1.2.3"  # not 2024年, nor 1.2.3, nor 万 after a digit
    assert [text[m.start() :] for m in _patterns().numeral.finditer(text)] == ["6.5%，3万4000人，1.2.3",
                                                                              "3万4000人，1.2.3", "4000人，1.2.3"]


def test_a_chinese_numeral_nothing_a_quantity_goes_on_with_follows_is_not_tried():
    text = "一是三大任务，进一步新增两千万元，三点五个百分点"  # not 一是, 三大, 一步; 两千万元 at each of its numerals
    assert [text[m.start() : m.start() + 2] for m in _patterns().numeral.finditer(text)] == [
        "两千", "千万", "万元", "三点", "五个", "百分"]


_UNIT_PIECES = ["万", "亿", "千", "元", "人", "亩", "个", "吨", "标准煤", "张", "年", "/", "%", "公里", "次", "。"]


def _without_slash_look(unit: str) -> str:
    look = re.search(r"\(\?=\.\{1,\d+\}/\)", unit)
    assert look is not None
    return unit[: look.start()] + unit[look.end() :]


def test_a_ratio_unit_is_read_whole():
    assert [(str(q.value), q.unit) for q in find_quantities("亩均税收12.5万元/亩，每千人3.2张/千人，人均6万元")] == [
        ("12.5", "万元/亩"), ("3.2", "张/千人"), ("6", "万元")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_UNIT_PIECES), min_size=1, max_size=8).map("".join))
def test_a_ratio_unit_is_looked_for_only_where_a_slash_follows_as_the_unit_pattern_without_that_look_reads_it(text):
    """The unit pattern tries a ratio unit (万元/亩) only where a slash stands within the most characters a unit
    spans: a look ahead that changes no match of a unit, nor of a quantity and its groups."""
    unit = grammar().unit_pattern
    plain = _without_slash_look(unit)
    m, n = re.match(unit, text), re.match(plain, text)
    assert (m and m.group()) == (n and n.group())
    quantity = _patterns().quantity
    unguarded = re.compile(quantity.pattern.replace(unit, plain))
    a, b = quantity.match("3.5" + text), unguarded.match("3.5" + text)
    assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))


@pytest.mark.parametrize("text, found", [("召开3次会议", []), ("开展3次检查", [("3", "次")]), ("全市6位数", []),
                                         ("党的二十届三中全会", []), ("举办5次代表大会宣讲", []),
                                         ("第3批试点", []), ("连续3个月", []), ("续建3个", [("3", "个")]),
                                         ("新建3个", [("3", "个")])])
def test_a_number_opening_a_name_or_an_ordinal_is_no_quantity(text, found):
    """A unit and the words after it that open one of the grammar's names (次会议, 中全会, 位数), or words before
    the number that make it an ordinal or a streak (第, 连续): no quantity."""
    assert [(str(q.value), q.unit) for q in find_quantities(text)] == found


_SUFFIX_PIECES = ["以上", "以", "上", "左右", "左", "及以下", "及", "以内", "大关", "台阶", "新台阶", "新", "关口", "，", "。", "元"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SUFFIX_PIECES), max_size=4).map("".join))
def test_a_comparator_after_a_quantity_is_read_as_the_suffix_pattern_reads_it(text):
    """`_suffix` asks the pattern only where a comparator or a closing word may open: what it reads is what
    the pattern reads at that place."""
    p = _patterns()
    m = p.suffix.match(text)
    assert _suffix(text, 0, p) == (m.end(), p.suffix_ops[m.group("op")] if m.group("op") else None)
    assert _suffix("3%" + text, 2, p)[0] == 2 + m.end()

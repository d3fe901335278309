"""detect_facts on the seed reports (expected facts in tests/cases/facts_seeds.toml) and on short
invented documents (tests/cases/facts_synthetic.toml)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from planwatch.engine.facts import (
    _cn_dates_in_digits, _masked, _place, _without_spaces, apply_overrides, detect_facts, normalise, parse_date,
)
from planwatch.engine.regions import get_gazetteer
from planwatch.engine.script import simplified
from planwatch.models import DocumentFacts

CASES = Path(__file__).parent / "cases"
SEEDS = Path(__file__).parents[1].parent / "shared" / "seeds"
FIELDS = ("title", "region", "region_code", "parent", "level", "doc_type", "published",
          "review_year", "plan_year")


def _load(name: str, key: str) -> list[dict]:
    return tomllib.loads((CASES / name).read_text(encoding="utf-8"))[key]


def _check(facts: DocumentFacts, expect: dict) -> None:
    unknown = set(expect) - set(FIELDS)
    assert not unknown, f"unknown fields in the case: {unknown}"
    got = {k: getattr(facts, k) for k in expect}
    want = {k: (None if v is False else v) for k, v in expect.items()}
    assert got == want


SEED_CASES = _load("facts_seeds.toml", "seed")


@pytest.mark.parametrize("case", SEED_CASES, ids=[c["file"] for c in SEED_CASES])
def test_seed_facts(case: dict) -> None:
    path = SEEDS / case["file"]
    if not path.exists():
        pytest.skip(f"seed corpus not available at {SEEDS}")
    expect = {k: v for k, v in case.items() if k != "file"}
    _check(detect_facts(path.read_text(encoding="utf-8"), name=path.name), expect)


SYNTHETIC = _load("facts_synthetic.toml", "case")


@pytest.mark.parametrize("case", SYNTHETIC, ids=[c["id"] for c in SYNTHETIC])
def test_synthetic_facts(case: dict) -> None:
    _check(detect_facts(case["text"], name=case["id"], meta=case.get("meta")), case["expect"])


def test_meta_date_wins_over_dates_in_the_text() -> None:
    text = "政府工作报告\n发布日期:2022-02-15\n各位代表：\n"
    assert detect_facts(text).published == dt.date(2022, 2, 15)
    assert detect_facts(text, meta={"published": "2023-03-01"}).published == dt.date(2023, 3, 1)


def test_plan_notice_published_late_in_the_year_plans_the_next() -> None:
    text = "国民经济和社会发展计划的通知\n现将计划下达给你们，请遵照执行。\n"
    facts = detect_facts(text, meta={"published": "2023年12月28日"})
    assert (facts.doc_type, facts.plan_year, facts.review_year) == ("plan_notice", 2024, None)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("包头市 2022 年国民经济", "包头市2022年国民经济"),
        ("增长 ７.５％ 左右，", "增长7.5%左右,"),
        ("**一、2023年工作回顾**", "一、2023年工作回顾"),
        ("二〇二四年一月十日", "2024年1月10日"),
        ("二〇二三年十二月三十一日", "2023年12月31日"),
        ("2024-02-25 21:51:25", "2024-02-25 21:51:25"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-02-25 21:51:25", dt.date(2024, 2, 25)),
        ("2023 年 1 月 2 日", dt.date(2023, 1, 2)),
        ("二〇二四年一月十日", dt.date(2024, 1, 10)),
        ("2024/3/5", dt.date(2024, 3, 5)),
        ("2023-02-30", None),
        ("", None),
        (dt.datetime(2021, 5, 6, 7, 8), dt.date(2021, 5, 6)),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_overrides_resolve_the_region_and_shift_the_years() -> None:
    facts = DocumentFacts(region="包头市", region_code="150200", parent="内蒙古自治区", level="city",
                          doc_type="work_report", review_year=2021, plan_year=2022)
    out = apply_overrides(facts, region="包头市九原区", year=2025)
    assert (out.region, out.region_code, out.parent, out.level) == ("九原区", "150207", "包头市", "county")
    assert (out.review_year, out.plan_year) == (2024, 2025)
    assert facts.region == "包头市" and facts.plan_year == 2022  # the original is left alone


def test_year_override_of_a_plan_keeps_it_without_review() -> None:
    facts = DocumentFacts(doc_type="plan_notice", plan_year=2024)
    out = apply_overrides(facts, year=2023)
    assert (out.review_year, out.plan_year) == (None, 2023)


def test_region_override_to_an_unknown_place() -> None:
    out = apply_overrides(DocumentFacts(), region="云川市青禾区")
    assert (out.region, out.region_code, out.parent, out.level) == ("青禾区", None, "云川市", "county")


def test_override_with_nothing_changes_nothing() -> None:
    facts = DocumentFacts(region="乌海市", region_code="150300", doc_type="work_report",
                          review_year=2023, plan_year=2024)
    assert apply_overrides(facts) == facts


def test_year_override_of_an_untitled_excerpt_gives_its_review_the_year_before() -> None:
    out = apply_overrides(DocumentFacts(doc_type="other"), year=2024)
    assert (out.review_year, out.plan_year) == (2023, 2024)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("嘉禾縣人民政府關於印發工作報告的通知", "嘉禾县人民政府关于印发工作报告的通知"),
        ("經(jīng)濟發(fā)展穩(wěn)中向好", "经济发展稳中向好"),  # a mirror's pinyin goes, then the script
        ("发展(fā)全覆盖", "发展全覆盖"),  # pinyin in a simplified text: only the pinyin goes
        ("显著提升,实现全覆盖", "显著提升,实现全覆盖"),  # simplified characters the table maps stay
        ("地区生产总值(GDP)增长(ab)", "地区生产总值(GDP)增长(ab)"),  # no tone mark: not pinyin
    ],
)
def test_simplified(raw: str, expected: str) -> None:
    assert simplified(raw) == expected


def test_the_script_of_a_document_decides_for_its_title() -> None:
    assert simplified("嘉禾縣政府", traditional=True) == "嘉禾县政府"
    assert simplified("嘉禾縣政府") == "嘉禾縣政府"  # two characters are too few to tell


@pytest.mark.parametrize("words", ["政府工作报告提出全市", "会议指出全县", "云川报告全区"])
def test_words_ending_like_a_place_are_no_unknown_place(words: str) -> None:
    assert _place(words, get_gazetteer()) is None
    assert _place("云川市", get_gazetteer()).name == "云川市"  # an unknown place that reads as one


# The pattern as first written, opening with look-behinds and so tried at every character: `normalise` now
# runs one led by the blanks (`scan.scanner`). Both must remove the same blanks.
_SPACES_AS_WAS = re.compile(r"(?<=[\u3400-\u9fff])[ \t\u00a0]+(?=[\u3400-\u9fff\d])"
                            r"|(?<=[\d%])[ \t\u00a0]+(?=[\u3400-\u9fff])")


@given(st.text(alphabet="年增长 \t\u00a0%5٣a。㐀鿿", max_size=30))
def test_blanks_between_chinese_and_digits_are_dropped_as_the_pattern_did(text):
    assert _without_spaces(text) == _SPACES_AS_WAS.sub("", text)


# The Chinese-numeral dates as two substitutions wrote them in digits, before they were found from each 年
_CN_YEAR_AS_WAS = re.compile("([〇零○一二三四五六七八九]{4})年")
_CN_MONTH_DAY_AS_WAS = re.compile("(?<=年)([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")
_CN = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_small(s: str) -> int | None:
    """The number of a month or a day in Chinese numerals: 一 to 九, 十, 十一 to 十九, 二十 to 九十九; else None."""
    for n in range(1, 100):
        tens, units = divmod(n, 10)
        written = ("" if tens < 2 else "〇一二三四五六七八九"[tens]) + ("十" if tens else "") + (
            "〇一二三四五六七八九"[units] if units else "")
        if written == s:
            return n
    return None


def _month_day(m: re.Match) -> str:
    month, day = _cn_small(m[1]), _cn_small(m[2]) if m[2] else None
    if month is None or m[2] and day is None:
        return m.group()  # no date: left as written
    return f"{month}月" + (f"{day}日" if day is not None else "")


@given(st.text(alphabet="〇零○一二三四五六七八九十年月日2 。", max_size=40))
@example("年一一月")  # a numeral writing no number: left as it is (it raised KeyError)
@example("二〇二四年十二月三十一日")
def test_chinese_numeral_dates_are_written_in_digits_as_the_substitutions_did(text):
    years = _CN_YEAR_AS_WAS.sub(lambda m: "".join(str(_CN[c]) for c in m[1]) + "年", text)
    assert _cn_dates_in_digits(text) == _CN_MONTH_DAY_AS_WAS.sub(_month_day, years)


@pytest.mark.parametrize("text", ["2024年一一月在云川市", "今年是一一五开局之年", "云川市第十十届人民代表大会第一次会议"])
def test_numerals_writing_no_number_raise_nothing(text):
    detect_facts(text)


def test_a_date_in_chinese_numerals_is_written_in_digits():
    assert normalise("二〇二四年一月十日在澜泽市，二〇二三年十二月三十一日") == "2024年1月10日在澜泽市,2023年12月31日"


def test_blanks_next_to_chinese_are_dropped():
    assert normalise("地区 生产总值 增长 6 %，2024 年 GDP 增长") == "地区生产总值增长6 %,2024年 GDP 增长"


@given(st.text(alphabet="地区生产总值", max_size=20), st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=5))
def test_masked_spans_are_nul_as_a_list_of_characters_made_them(text, spans):
    """Places named are masked in a report's prose by joining pieces; the characters of each span, overlapping or
    not, become NUL as assigning them in a list of the text's characters did."""
    spans = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in spans]
    characters = list(text)
    for start, end in spans:
        characters[start:end] = "\0" * (end - start)
    assert _masked(text, spans) == "".join(characters)


def _facts_alphabet() -> list[str]:
    """The Chinese characters of the facts' grammar, with digits, dates' words and marks."""
    import dataclasses

    from planwatch.engine.facts import _grammar

    chars: set[str] = set()
    for f in dataclasses.fields(_grammar()):
        value = getattr(_grammar(), f.name)
        for item in value if isinstance(value, (list, tuple)) else [value]:
            source = getattr(getattr(item, "pattern", item), "pattern", getattr(item, "pattern", item))
            if isinstance(source, str):
                chars |= {c for c in source if "\u4e00" <= c <= "\u9fff"}
    return sorted(chars | set("0123456789年月日,，。:：\n“”()（）-—〇一二三四五六七八九十"))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(_facts_alphabet()), max_size=120))
@example("2024年一一月在云川市第十十届人民代表大会第一次会议上，今年是一一五开局之年")
def test_report_like_noise_never_raises_in_detect_facts(text):
    facts = detect_facts(text, meta={"title": text[:30]})
    assert facts.review_year is None or facts.plan_year is None or facts.review_year < facts.plan_year

"""Normalisation keeps an exact map back to the text as loaded."""

import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import example, given, settings, strategies as st

from planwatch.engine.normalize import (
    ESCAPED_BREAK, _BYLINE, _TITLE_END, _THOUSANDS, TERMINALS, _graphic_value, _headline_item, _thousands,
    _title_or_dateline,
    _most_lines_near, graphic_caption, nfkc, normalize,
)
from planwatch.engine.script import _PINYIN, _TONED


def test_full_width_spaces_and_bold_are_normalised():
    text = "**预计全年地区生产总值达到 3800 亿元，同比增长 7.5% 左右**"
    n = normalize(text)
    assert n.text == "预计全年地区生产总值达到3800亿元,同比增长7.5%左右"


@pytest.mark.parametrize("text, normalised", [
    ("装机 8 GW，增长 5 %", "装机8 GW,增长5%"),  # a space between two ASCII letters or digits stays, another goes
    ("A B 增长", "A B增长"),
    (" 增长6% \n 目标", "增长6%\n目标"),  # at a line's edges: gone
    ("指标\t单位  2024年   目标", "指标\t单位\t2024年\t目标"),  # a tab, or a gap of columns: a cell separator
])
def test_blanks_between_words_go_and_stay_as_they_separate(text, normalised):
    assert normalize(text).text == normalised


def test_span_maps_back_to_the_original():
    text = "城镇登记失业率 3.87%，低于控制目标 0.13 个百分点。"
    n = normalize(text)
    i = n.text.index("3.87%")
    start, end = n.span(i, i + len("3.87%"))
    assert text[start:end] == "3.87%"
    j = n.text.index("0.13个百分点")
    start, end = n.span(j, j + len("0.13个百分点"))
    assert text[start:end] == "0.13 个百分点"


def test_lines_broken_mid_sentence_are_joined_headings_are_not():
    text = "一、2023年工作回顾\n全市上下团结奋斗，地区生产总值在全国百强\n\n城市位次前移。\n二、2024年工作安排\n地区生产总值增长6%左右。"
    n = normalize(text)
    assert "全国百强城市位次前移。" in n.text
    assert "一、2023年工作回顾\n全市" in n.text
    assert "前移。\n二、" in n.text


def test_table_lines_are_never_joined():
    text = "主要指标安排如下表所示的各项数据\n地区生产总值 | 8左右 | 9.7\n规上工业增加值 | 20以上 | 28.2\n"
    assert normalize(text).text.count("\n") == 3


def test_ascii_words_keep_their_space():
    assert normalize("储能装备具备 30 GWh 产能").text == "储能装备具备30 GWh产能"


@given(st.text(alphabet=st.sampled_from(list("地区生产总值增长9%左右,，。 　\n**１２３4.5亿元|\t一、ＧＤＰ")), max_size=200))
def test_every_normalised_character_comes_from_the_original(text):
    n = normalize(text)
    origin = [n.at(i) for i in range(len(n.text) + 1)]
    assert origin == sorted(origin) and origin[-1] == len(text)
    # …and so do the characters taken in order, each piece looked for from the one before (`piece`, `origin`)
    k = 0
    for i in range(len(n.text) + 2):
        k = n.piece(i, k)
        assert n.origin(i, k) == n.at(i) == n.origin(i, n.piece(i, 0))
    for i, ch in enumerate(n.text):
        original = text[origin[i]]
        assert ch == "\t" or original == ch or ord(original) - 0xFEE0 == ord(ch) or original.isspace() \
            or (original, ch) == (".", "。")  # a half-width full stop ending a sentence


def test_a_half_width_full_stop_ends_a_sentence_but_never_a_number_or_a_name():
    n = normalize("完成86.4亿元. 城镇新增就业2150人.\n见www.gov.cn. 增长5.9%.")
    assert n.text == "完成86.4亿元。城镇新增就业2150人。\n见www.gov.cn.增长5.9%。"


def test_a_title_or_a_date_line_is_not_joined_to_the_paragraph_below():
    text = "云川县2024年政府工作报告摘要\n发布日期：2024-01-18\n过去一年，全县地区生产总值增长5.3%。"
    n = normalize(text)
    assert "摘要\n发布日期" in n.text and "2024-01-18\n过去一年" in n.text


def test_a_repost_in_traditional_characters_with_pinyin_reads_simplified_and_maps_back():
    text = "全縣地區(qū)生產(chǎn)總值增長（zhǎng）5.2%，財政收入12億元。"
    n = normalize(text)
    assert n.text == "全县地区生产总值增长5.2%,财政收入12亿元。"
    i = n.text.index("地区")
    j = n.text.index("5.2%") + len("5.2%")
    start, end = n.span(i, j)
    assert text[start:end] == "地區(qū)生產(chǎn)總值增長（zhǎng）5.2%"


def test_a_simplified_text_keeps_its_characters_and_loses_only_the_pinyin():
    assert normalize("乾县发展(fā)全覆盖").text == "乾县发展全覆盖"


def test_an_indented_line_and_a_headline_above_a_blank_line_open_paragraphs():
    text = "坚定信心真抓实干奋力开创发展新局面\n\n市长作报告提出今年主要预期目标与重点工作安排\n    今年预期目标\n"
    n = normalize(text)
    assert "新局面\n\n市长" in n.text and "安排\n今年预期目标" in n.text
    wrapped = "全市上下团结奋斗，地区生产总值在全国百强\n\n城市位次前移。"
    assert "百强城市" in normalize(wrapped).text  # punctuated: a sentence wrapped across a blank line


def test_line_breaks_a_scraper_wrote_out_are_line_breaks_and_quotes_stay_exact():
    text = r"一、2023年工作回顾\r\n全县生产总值增长5.1%。\r\n二、2024年工作安排\n生产总值增长6%左右。"
    n = normalize(text)
    assert n.text == "一、2023年工作回顾\n全县生产总值增长5.1%。\n二、2024年工作安排\n生产总值增长6%左右。"
    i = n.text.index("生产总值增长6%")
    start, end = n.span(i, i + len("生产总值增长6%"))
    assert text[start:end] == "生产总值增长6%"
    assert n.at(len(n.text)) == len(text)


# Where NFKC may look across characters: full-width and compatibility forms, combining marks, Hangul jamo
_NFKC_TRICKY = "".join(chr(code) for a, b in [
    (0x09, 0x0B), (0x20, 0x370), (0x1100, 0x1200), (0x2000, 0x2100), (0x2460, 0x2480), (0x3000, 0x3100),
    (0x3300, 0x3320), (0x4E00, 0x4E40), (0xAC00, 0xAC40), (0xF900, 0xF920), (0xFF00, 0xFFEF)] for code in range(a, b))


@given(st.text(alphabet=_NFKC_TRICKY, max_size=20))
def test_nfkc_is_unicodes_nfkc(text):
    """`nfkc` normalises pieces of a text apart, and must give what NFKC of the whole gives."""
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_nfkc_where_pieces_meet():
    text = "２０２４年，ＧＤＰ增长６％……①项目\u3000完成ﾃｽﾄ\u304b\u3099e\u0301Ａ\u0301가\u11a8"
    assert nfkc(text) == unicodedata.normalize("NFKC", text) == "2024年,GDP增长6%......1项目 完成テスト\u304cé\u00c1각"
    # a text opening with a run, and runs one stable character apart (each run takes the character before it)
    for text in ("\u0301e\u0301", "①a②", "e\u0301e\u0308\u3000", "\u3000"):
        assert nfkc(text) == unicodedata.normalize("NFKC", text)


@given(st.text(alphabet=st.sampled_from(list("0123456789.,，%亿元(（)）區qūfā ")), max_size=40))
def test_thousands_and_pinyin_are_found_where_their_plain_patterns_find_them(text):
    """The two patterns open with the character the regex engine can skip ahead to, and look behind it."""
    thousands = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?=\.\d|[%\u4e00-\u9fff])")
    pinyin = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")
    for fast, plain in ((_THOUSANDS, thousands), (_PINYIN, pinyin)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(st.text(alphabet=st.sampled_from(list("地区生产总值增长完成任务目标与经济同步比上年亿元%0123456789.+-、和 ")), max_size=16),
       st.sampled_from(list(TERMINALS)))
def test_no_caption_or_figure_of_a_news_graphic_ends_with_a_sentence_mark(words, mark):
    """`_breaks_sentence` asks first whether a line ends with a mark: such a line is never a graphic's caption or
    value (地区生产总值 / 481.6亿元), which would glue the line after it."""
    line = (words + mark).strip()
    assert graphic_caption(line) is None and not _graphic_value(line)


@given(st.text(alphabet=st.sampled_from(list("地区生产总值增长完成任务目标与经济同步比上年下降亿元%0123456789.+-、和 ")), max_size=22))
@example("481.6亿元")
@example("增长与经济增长同步")
@example("完成省下达任务")
def test_a_graphic_value_is_matched_where_its_pattern_matches(line):
    """Only lines holding a digit, 完成 or 同步 are matched against the pattern: none other matches it."""
    from planwatch.engine.normalize import _GRAPHIC_VALUE, MAX_CAPTION

    assert _graphic_value(line) == (len(line) <= MAX_CAPTION and _GRAPHIC_VALUE.fullmatch(line) is not None)


def test_the_answers_kept_for_graphic_values_are_bounded_and_the_patterns_own():
    from planwatch.engine.normalize import _GRAPHIC_VALUE, _GRAPHIC_VALUES, _MAX_KEPT

    lines = [f"{n}亿元" if n % 3 else f"第{n}项" for n in range(_MAX_KEPT + 50)]
    for line in lines + lines[:100]:  # the first ones asked again, after the memo was emptied
        assert _graphic_value(line) == (_GRAPHIC_VALUE.fullmatch(line) is not None)
        assert len(_GRAPHIC_VALUES) <= _MAX_KEPT


@given(st.text(alphabet=st.sampled_from(list("0123456789-/. :年月日报告草案计划规划纲要发布来源作者编辑)）\n县")), max_size=30))
def test_a_title_or_dateline_is_read_at_the_ends_of_its_line_as_a_search_of_the_whole_line_finds_it(line):
    """The words opening a byline matched at the line's start, those ending a title searched in its last characters:
    what one search of the line for either (opening at ^, ending at $) finds."""
    whole = re.compile(rf"^(?:{_BYLINE.pattern})|{_TITLE_END.pattern}")
    assert _title_or_dateline(line) == (whole.search(line) is not None)


@given(st.text(alphabet=st.sampled_from(list("0123456789,,,.%元年")), max_size=40))
@example("1,234,567元，2024年")
@example("共123,456元")
@example("12,345.6%,123,456元")
def test_numbers_with_thousands_separators_are_matched_at_their_groups_as_a_pass_finds_them(text):
    """`_thousands` tries the pattern only before each group (,175): the matches of a pass of it over the text."""
    assert [m.span() for m in _thousands(text)] == [m.span() for m in _THOUSANDS.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(15, 45), min_size=1, max_size=40))
def test_the_wrap_width_is_the_length_with_most_lines_near_it(lengths):
    """The first length with the most lines within two characters of it, as `max` over the lengths finds it."""
    counts = dict(Counter(lengths))  # the lengths in the order they first come, as `_wrap_width` counts them

    def near(n: int) -> int:
        return sum(counts.get(n + d, 0) for d in range(-2, 3))

    best = max(counts, key=near)
    assert _most_lines_near(counts) == (best, near(best))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(["\\", "r", "n", "\n", "增"]), max_size=30))
@example("增\\r\\n长\\n\\r\\r\\n\\\\n")
def test_a_break_written_out_is_found_as_the_plain_alternation_finds_it(text):
    """\\r\\n, \\n or \\r, looked for from the backslash (the regex engine runs to it) and not by an optional \\r
    first (tried at every character): the same breaks."""
    plain = re.compile(r"(?:\\r)?\\n|\\r")
    assert [m.span() for m in ESCAPED_BREAK.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("line, headline", [
    ("經(jīng)濟發(fā)展質(zhì)量效(xiào)益穩(wěn)步提升重點項(xiàng)目", True),  # short without the mirror's pinyin
    ("经济发展质量效益稳步提升重点项目建设全面提速新动能加快成长", False),  # 28 characters
    ("地区生产总值增长6%", True),
    ("地区生产总值增长6%，城镇新增就业", False),  # a clause mark
])
def test_a_headline_is_short_without_the_pinyin_a_mirror_inserted(line, headline):
    assert _headline_item(line) is headline


@given(st.text(alphabet=st.sampled_from(list(" \t年a\n\u3000")), max_size=40))
@example(" \t \t年")
@example("年\t")
def test_the_runs_of_blanks_are_those_a_search_for_them_finds(text):
    from planwatch.engine.normalize import _blank_runs

    assert _blank_runs(text) == [m.span() for m in re.finditer(r"[ \t]+", text)]


"""The outline's reading of a line: its heading mark (`structure._heading`) and its sentences (`_sentences`)."""

import re

from hypothesis import example, given, settings, strategies as st

from planwatch.engine.structure import _HEADINGS, _heading, _sentences

_PIECES = list("一二三十第部分章附件表()（）、.:：12 0。") + ["工作回顾", "2024年", "主要目标", "\u3000"]


def _heading_one_pattern_at_a_time(line: str) -> tuple[int, str]:
    stripped = line.lstrip()
    for level, source in enumerate(_HEADINGS, 1):
        m = re.match(source, stripped)
        if m:
            return level, stripped[m.end() :].split("。", 1)[0][:80]
    return 0, ""


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join))
@example("（一）稳增长")
@example("12.5亿元")
@example("附表1：主要指标")
def test_a_heading_is_read_by_one_pattern_as_by_each_level_s_in_turn(line):
    assert _heading(line) == _heading_one_pattern_at_a_time(line)


def test_each_level_of_heading():
    assert [_heading(line)[0] for line in ("一、工作回顾", "（二）稳增长", "3.抓项目", "(4)强基础", "第二部分 目标", "正文")] \
        == [1, 2, 3, 4, 1, 0]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["。", "！", "过去一年", "增长", "5%", ",", " "]), max_size=10).map("".join))
@example("。。过去一年。")
@example("今年。")
def test_a_line_is_cut_into_sentences_as_the_closed_sentence_pattern_cuts_it(line):
    """Sentences as the pattern [^。]+。? finds them: each run between full stops with the one closing it."""
    assert _sentences(line) == [(m.start(), m.group()) for m in re.finditer(r"[^。]+。?", line)]

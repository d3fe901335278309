"""Page furniture: the lines a page gives to links to other articles are told at once by what they open with."""

from hypothesis import example, given, settings, strategies as st

from planwatch.engine.page import _cues, link_lines

_LINK_ALPHABET = sorted({c for c in _cues().any.pattern if "\u4e00" <= c <= "\u9fff"} | set("【】[]■●▶·> :：|，。"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_LINK_ALPHABET), max_size=16))
@example("【相关阅读】")
@example("▶ 推荐阅读:某某县召开会议")
@example("上一篇:关于某某的通知")
@example("猜你喜欢")
def test_the_gate_of_the_link_cues_is_never_closed_where_one_matches(line):
    cues = _cues()
    assert cues.any_gate is not None  # told by their characters: a line opening with none is not tried
    assert cues.any_gate.opens(line) or cues.any.match(line) is None


def test_a_list_of_links_is_page_furniture_and_a_sentence_is_not():
    lines = ["地区生产总值增长6%。", "", "相关阅读", "某县召开经济工作会议", "某市部署春耕", "",
             "上一篇:某某通知", "相关推荐:甲 | 乙", "其他新闻稿件来自本站。"]
    assert link_lines(lines) == [False, False, True, True, True, False, True, True, False]

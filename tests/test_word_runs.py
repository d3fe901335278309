"""Runs of words read without the regex engine answer as the patterns they stand for, or leave the answer to it."""

import re

import pytest
from hypothesis import example, given, settings, strategies as st

from planwatch.engine.extract import _MAX_PREDICATE, _PUNCT, _lexicon
from planwatch.engine.grammar import grammar
from planwatch.engine.word_runs import NONE, UNTOLD, WordRuns

# invented alternatives: plain words (two sharing a prefix), and a pattern opening with a word's first character
_ALTERNATIVES = ["同比增长", "同比", "增长", "增长率", "控制在", r"比(?:19|20)\d\d年"]
_TAIL = re.compile(rf"(?:{'|'.join(f'(?:{a})' for a in _ALTERNATIVES)}|[、,])+$")
_RUN = re.compile(rf"(?:(?>{'|'.join(f'(?:{a})' for a in sorted(_ALTERNATIVES, key=len, reverse=True))})|[、, ])*+")


@pytest.mark.parametrize("text, first", [
    ("地区生产总值同比增长", 6),  # the leftmost start: 同比增长 (or 同比 + 增长)
    ("地区生产总值增长\n", 6),  # `$` before a last line break
    ("地区生产总值增长、", 6),  # a mark joins the run
    ("比上年增长", 3),  # 比 may open the pattern, which does not match here: the words answer
    ("地区生产总值", NONE),
    ("增长了", NONE),
    ("比2023年增长", UNTOLD),  # the pattern matches: the regex engine answers
])
def test_the_run_ending_a_text(text, first):
    runs = WordRuns(_ALTERNATIVES, "、,")
    assert runs.last_run(text, 0) == first
    if first != UNTOLD:
        m = _TAIL.search(text)
        assert (m.start() if m else NONE) == first


@pytest.mark.parametrize("text, answer", [
    ("同比增长", 1),
    ("同比, 增长", 1),
    ("", 1),
    ("增长了", 0),
    ("增长率先", 0),  # the longest word (增长率) is taken, never given back: 先 is left
    ("控制在比上年", 0),
    ("同比比2023年", UNTOLD),
])
def test_a_text_made_of_words_and_marks_only(text, answer):
    runs = WordRuns(_ALTERNATIVES, "、, ")
    assert runs.is_run(text) == answer
    if answer != UNTOLD:
        assert (_RUN.fullmatch(text) is not None) == bool(answer)


def test_a_pattern_whose_first_characters_are_not_told_leaves_every_answer_to_the_regex_engine():
    runs = WordRuns(["增长", r"[^,]{2}年"], ",")
    assert runs.last_run("同比增长", 0) == UNTOLD
    assert runs.is_run("增长") == UNTOLD


def test_a_character_past_the_basic_plane_may_open_any_pattern():
    runs = WordRuns(["增长", r"比(?:19|20)\d\d年"], ",")
    assert runs.last_run("𠀀增长", 0) == 1  # tried: no pattern matches there
    assert runs.is_run("𠀀") == 0


# Texts made of the grammar's predicate words, what its patterns match (比2023年, 连续3年, 扣除…因素后), marks and
# other words.
_PREDICATE_WORDS = [s for s in grammar().predicate_sources if re.escape(s) == s]
_PIECES = st.one_of(
    st.sampled_from(_PREDICATE_WORDS),
    st.sampled_from(["比2023年", "较2020年同期", "连续3年", "扣除价格因素后", "在此基础上", "受疫情影响", "第3位、",
                     "从上年的", "到2025年末的", "近三年", "[12]", "升至", "2024年", "比上年", "到年底"]),
    st.sampled_from(list("、,()（）“” \n") + ["地区生产总值", "收入", "万元", "年", "比", "在", "第", "全省"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
@example("一般公共预算收入扣除留抵退税因素后同比增长")
@example("比2023年增长\n")
def test_the_grammars_predicate_runs_answer_as_their_patterns(text):
    """Where the words answer, they answer as the regex engine; they leave it the answer only where one of the
    patterns among the predicates matches (where none does, they read alone)."""
    lx = _lexicon()
    start = max(0, len(text) - _MAX_PREDICATE)
    first = lx.predicate_tail_runs.last_run(text, start)
    if first == UNTOLD:
        assert any(p.match(text, i) for p in lx.predicate_tail_runs.patterns for i in range(start, len(text)))
    else:
        m = lx.predicate_tail.search(text, start)
        assert (m.start() if m else NONE) == first
    words = text.replace("\n", "")
    run = lx.predicate_runs.is_run(words)
    if run == UNTOLD:
        assert any(p.match(words, i) for p in lx.predicate_runs.patterns for i in range(len(words)))
    else:
        assert run == (lx.predicate_or_punctuation.fullmatch(words) is not None)


def test_the_grammars_predicate_runs_read_most_texts_alone():
    """(Else they would only add work to the regex engine's.)"""
    lx = _lexicon()
    texts = ["地区生产总值同比增长", "城镇新增就业", "一般公共预算收入增长", "比上年增长", "控制在", "累计完成", "全年增长"]
    assert all(lx.predicate_tail_runs.last_run(t, max(0, len(t) - _MAX_PREDICATE)) != UNTOLD for t in texts)
    assert all(lx.predicate_runs.is_run(t) != UNTOLD for t in texts)
    assert set(_PUNCT) <= {c for c in _PUNCT if lx.predicate_runs.is_run(c) == 1}

"""A scanner finds exactly what its pattern finds, and the engine's cue words found once per document are
those a pass over each sentence would find."""

import re
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import pytest
from hypothesis import example, given, settings, strategies as st

from planwatch.engine.extract import (
    _MAX_PREDICATE, _PREDICATE_TAIL, _at_sentence_edge, _Cues, _lexicon, _predicate_tail, _SentenceCues,
)
from planwatch.engine.facts import _grammar as facts_grammar
from planwatch.engine.periods import period_grammar
from planwatch.engine.scan import (
    AfterMarks, AtLineStarts, Gated, Leads, Openings, StartGate, any_words, first_characters, holds_any,
    last_characters, matches, opening_characters, opening_strings, reads_marks_as_end, required_words, scan_pattern,
    scanner, word_hits, word_sets,
)
from planwatch.engine.structure import SENTENCE_END, SENTENCE_MARKS, spans


def _grammar_patterns() -> list[re.Pattern]:
    values = [getattr(g, f.name) for g in (_lexicon(), period_grammar()) for f in fields(g)]
    return [p for v in values for p in (v if isinstance(v, tuple) else (v,)) if isinstance(p, re.Pattern)]


# Characters the grammar is made of, with digits, separators and sentence ends.
_ALPHABET = sorted({c for p in _grammar_patterns() for c in p.pattern if "\u4e00" <= c <= "\u9fff"}
                   | set("0123456789.%,、，:：;；。\n“”()（）-—"))


def _plain(pattern: re.Pattern) -> re.Pattern:
    """A grammar pattern as written: compiled from its source as it is (a scanner's lookahead taken off, where
    it has one)."""
    m = re.fullmatch(r"\(\?=\[.*?\]\)\(\?:(.*)\)", pattern.pattern, re.DOTALL)
    return re.compile(m.group(1) if m else pattern.pattern, pattern.flags)


def _found(pattern: re.Pattern, text: str, pos: int = 0) -> list[tuple]:
    return [(m.span(), m.groupdict(), m.groups()) for m in pattern.finditer(text, pos)]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=80), st.integers(0, 10))
def test_a_grammar_patterns_scanner_finds_what_it_finds(text, pos):
    for fast in _grammar_patterns():
        pattern = _plain(fast)
        assert _found(fast, text, pos) == _found(pattern, text, pos), pattern.pattern
        assert bool(fast.search(text, pos)) == bool(pattern.search(text, pos))


def test_the_grammars_patterns_are_scanners():
    scanners = [p for p in _grammar_patterns() if _plain(p) != p]  # (patterns compiled alike are equal)
    assert len(scanners) >= 10 and all(scanner(_plain(p)) == p for p in scanners)


@pytest.mark.parametrize("source, text", [
    (r"(?:到|至)?(?P<year>20\d\d)年", "到2025年，2026年末，至2027年"),
    (r"(?<![\d.])[一二三\d]{1,2}年来?", "三年来 12年 1.5年"),
    (r"(?:“)?十[四五]五”?(?:时期)?$", "“十四五”时期"),
])
def test_a_scanner_is_its_pattern_led_by_its_first_characters_and_finds_the_same(source, text):
    pattern, fast = re.compile(source), scan_pattern(source)
    assert fast != pattern and (fast.pattern, fast.flags, fast.groupindex) == (source, pattern.flags, pattern.groupindex)
    assert _found(fast, text) == _found(pattern, text)
    assert scanner(fast) is fast  # a scanner is its own


@pytest.mark.parametrize("source, text", [
    (r"\d+(?:\.\d+)?%", "增长5.2%，٣%（Arabic-Indic），𝟕%（a digit past the BMP），१०%"),
    (r"(?<![\d.])[一二\d]{1,2}年", "一年 12年 ٣年 𝟕年 1.5年"),
    (r"\s+目标", "主要\u3000目标，\u2003目标，\x85目标"),
])
def test_a_scanner_led_by_a_category_finds_what_its_pattern_finds_in_any_script(source, text):
    """The digits and spaces a scanner's class holds are spelled out as characters: every one of them, of
    any script, and past the Basic Multilingual Plane."""
    pattern, fast = re.compile(source), scan_pattern(source)
    assert fast != pattern and _found(fast, text) == _found(pattern, text) and len(_found(pattern, text)) >= 3


def test_a_scanner_of_one_first_character_is_tried_where_it_stands():
    pattern, fast = re.compile(r"(?<![\d.])三年"), scan_pattern(r"(?<![\d.])三年")
    text = "三年 1三年 .三年三年\x00三年"
    assert fast != pattern and _found(fast, text) == _found(pattern, text) == [((0, 2), {}, ())] + [
        ((i, i + 2), {}, ()) for i in (10, 13)]


@pytest.mark.parametrize("source", [
    r"[^,，]{1,5}目标",  # opens with any character but two
    r".+?增长",
    r"(?:全年)?",  # may match nothing
    r"预计|预估",  # the regex engine skips ahead to these itself
    r"^今年",
])
def test_a_pattern_whose_first_characters_are_not_told_is_its_own_scanner(source):
    pattern = re.compile(source)
    assert scanner(pattern) is pattern


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=80), st.integers(0, 10), st.integers(0, 90))
def test_a_grammar_pattern_searched_for_by_its_first_characters_finds_what_it_finds(text, pos, endpos):
    """A pattern searched for by one pass for each character it starts with (`Leads`) finds its own matches,
    in order, also where a match of one pass overlaps the next match of another (到2025年 and 2025年)."""
    for fast in _grammar_patterns():
        pattern, leads = _plain(fast), Leads(fast)
        found = [(m.span(), m.groupdict(), m.groups()) for m in leads.finditer(text, pos, endpos)]
        assert found == [(m.span(), m.groupdict(), m.groups()) for m in pattern.finditer(text, pos, endpos)]
        first = leads.search(text, pos, endpos)
        assert (first and first.span()) == ((m := pattern.search(text, pos, endpos)) and m.span())


@pytest.mark.parametrize("source, leads", [
    (r"(?:可望|有望|预(?:估|计))", 3),  # 可, 有, 预: a pass for each
    (r"[较比](?:上年|去年)", 2),
    (r"(?<![比较])(?:(?P<last>去年)|(?P<year>(?:19|20)\d\d)年)", 3),  # 去, 1, 2 (a look-behind matches nothing)
    (r"[一二三四五六七八九十]+年", 1),  # more first characters than passes pay for: the scanner's one pass
    (r"\d+年", 1),  # a class of characters not told one by one
    (r"(?:全年)?", 1),  # may match nothing
])
def test_a_pattern_is_searched_for_by_one_pass_for_each_of_its_few_first_characters(source, leads):
    pattern = re.compile(source)
    found = Leads(pattern)
    assert len(found.leads) == leads
    if leads == 1:
        assert found.leads == (scanner(pattern),)


def test_passes_for_different_first_characters_give_the_matches_in_order_without_overlaps():
    pattern = re.compile(r"(?:到|至)?(?P<year>20\d\d)年")  # 到, 至, 2
    text = "到2025年，2026年末，至20272028年"
    leads = Leads(re.compile(r"(?:到|力争)?20\d\d年"))
    assert len(leads.leads) == 3  # 到, 力, 2
    assert [m.group() for m in leads.finditer("到2025年，力争2026年末，20272028年")] == [
        "到2025年", "力争2026年", "2028年"]
    assert [m.span() for m in Leads(pattern).finditer(text)] == [m.span() for m in pattern.finditer(text)]


def _cue_patterns() -> tuple[re.Pattern, ...]:
    lx, pg = _lexicon(), period_grammar()
    return lx.estimate_re, lx.qualifier_re, lx.year_move, lx.year_marks, pg.names, pg.base, pg.annual, pg.part_of_year


# Cue-like patterns that look past what they take: at a sentence's end mark as at the end of a text, or not
# (`$`, a lookahead that a mark may open).
_LOOKING = tuple(re.compile(p) for p in (r"增(?=长)", r"年(?![底末])", r"增长$", r"增(?!长|。)", r"(?<!平)均"))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=120), st.sampled_from([2, 3]))
@example("年底。增长；年底。增长。", 2)  # 增长$ at a sentence's end: not when the next one is read in the same pass
@example("预计。到2025年底；增长。今年。上年同期\n增长", 3)
def test_a_sentences_cue_words_are_those_a_pass_over_it_finds(text, every):
    """The engine finds cue words in one pass over the stretches of a document where sentences state figures
    (here every other or every third sentence and the one before it), and gives a stretch of sentences those
    starting in it (`extract._Cues`): what a pass over the stretch alone finds."""
    sentences = spans(text, SENTENCE_END)
    stretches = [(sentences[max(0, i - 1)][0], end) for i, (_, end) in enumerate(sentences) if i % every == 1]
    move_words = _lexicon().move_words

    def moved(m: re.Match) -> str | None:  # a reading that is None for some matches, as the years moved to
        return m.group() if any(w in m.group() for w in move_words) else None

    def spanned(m: re.Match) -> tuple[tuple[int, int], str]:
        return m.span(), m.group()

    readings: list[tuple[re.Pattern, Callable[[re.Match], Any], list[int] | None]] = [
        (pattern, spanned, None) for pattern in _cue_patterns() + _LOOKING]
    # matched only where one of the strings its matches open with stands, found for all in one pass
    patterns = _cue_patterns() + _LOOKING
    found = Openings(patterns).find(text)[0]
    readings += [(pattern, spanned, starts) for pattern, starts in zip(patterns, found) if starts is not None]
    readings.append((_lexicon().year_move, moved, found[patterns.index(_lexicon().year_move)]))
    for pattern, read, starts in readings:
        cues = _Cues(text, pattern, read, stretches, starts=starts)
        for i, (start, end) in enumerate(sentences):
            if i % every != 1:
                continue
            # the sentence, alone and after one before it (or two: into the stretch right before, where a pattern
            # reads a mark as the end of its text), and from inside it (a sentence start looked for only so far back)
            back = 2 if every == 2 and reads_marks_as_end(pattern.pattern, SENTENCE_MARKS) else 1
            firsts = [first for first, _ in sentences[max(0, i - back) : i + 1]] + [start + 1, (start + end) // 2]
            for first in firsts:
                alone = [value for m in pattern.finditer(text, first, end) if (value := read(m)) is not None]
                assert cues.within(first, end, _at_sentence_edge(text, first)).all() == alone, pattern.pattern
                # a kind found only in the sentences that ask for it, alike
                asked = _SentenceCues(text, pattern, read).within(first, end)
                assert asked.all() == alone, pattern.pattern


@pytest.mark.parametrize("source, strings", [
    (r"(?:到|至)?(?P<year>20\d\d)年", ("20", "到20", "至20")),  # a class of digits tells no more; once at most: on
    (r"(?<![比较])(?:今年|本年)", ("今年", "本年")),  # a lookbehind tells no character
    (r"[上下]半年|前三个季度", ("上半年", "下半年", "前三个季")),  # as far as four characters
    (r"预计|预计完成", ("预计",)),  # none opening another
    (r"(?:全面)*完成", ("全面", "完成")),  # a repeat: one time at least, or none
    (r"\d+年", None), (r"^今年", None), (r"(?:今年)?", None), (r"(?i)gdp", None), (r"[^,]年", None),
])
def test_the_strings_a_patterns_matches_open_with(source, strings):
    assert opening_strings(re.compile(source)) == strings


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("到至2021年今本比较上下半前三个季度预计完成全面0。")), max_size=40),
       st.integers(0, 40), st.integers(0, 45))
@example("2021年到2020年比今年完成全面完成预计完成上半年", 0, 45)
@example("到2021年", 1, 7)
def test_patterns_matched_where_their_opening_strings_stand_find_what_a_pass_finds(text, pos, endpos):
    patterns = tuple(re.compile(p) for p in (r"(?:到|至)?(?P<year>20\d\d)年", r"(?<![比较])(?:今年|本年)",
                                              r"[上下]半年|前三个季度", r"预计|预计完成", r"(?:全面)*完成"))
    for pattern, starts in zip(patterns, Openings(patterns).find(text)[0]):
        assert starts is not None
        assert [m.span() for m in matches(pattern, text, starts, pos, endpos)] == \
               [m.span() for m in pattern.finditer(text, pos, endpos)], pattern.pattern


def test_the_cues_of_the_grammar_are_searched_by_their_opening_strings():
    """Each kind of cue that `_document_cues` finds by a pass is told by the strings its matches open with (a
    pass of their automaton over the text, not one for each of their first characters)."""
    lx, pg = _lexicon(), period_grammar()
    for pattern in (lx.estimate_re, lx.qualifier_re, lx.year_move, lx.year_marks, pg.base, pg.annual, pg.part_of_year):
        assert opening_strings(pattern), pattern.pattern


def test_a_stretch_opening_inside_a_cue_word_is_read_alone():
    text = "去年到2025年末，“十四五”时期预计增长6%；上半年力争较“十三五”末增长。"
    for pattern in _cue_patterns():
        cues = _Cues(text, pattern, lambda m: (m.span(), m.group()), [(0, len(text))])
        for first in range(len(text)):
            alone = [(m.span(), m.group()) for m in pattern.finditer(text, first, len(text))]
            found = cues.within(first, len(text), _at_sentence_edge(text, first)).all()
            assert found == alone, (pattern.pattern, first)


@pytest.mark.parametrize("source, alike", [
    (r"(?:到|至)?(?P<year>20\d\d)年(?:底|末)?", True),
    (r"(?<![比较])去年", True),  # a lookbehind sees what stands before a pass's start
    (r"上年(?!同期)", True), (r"增(?=长)", True),  # a lookahead needing a character no mark is
    (r"增长$", False), (r"\b增长", False), (r"(增)\1", False),
    (r"增(?!。)", False), (r"增(?=[^长])", False), (r"增(?=长|$)", False),
])
def test_a_pattern_reading_a_sentences_end_mark_as_the_end_of_its_text(source, alike):
    assert reads_marks_as_end(source, "。；\n") is alike


def test_the_first_characters_of_a_pattern_make_a_class():
    assert first_characters(r"(?:到|至)?(?P<year>20\d\d)年") == r"2到至"
    first = re.compile(f"[{first_characters(r'[万亿]|(?:余|多)? ?(?:%|个|吨)')}]")
    assert "".join(c for c in "万亿余多 %个吨元1" if first.match(c)) == "万亿余多 %个吨"
    assert first_characters(r"(?:全年)?") is None and first_characters(r"[^,]目标") is None


@pytest.mark.parametrize("source, last", [
    (r"(?:到|至)?(?P<year>20\d\d)年(?:底|末)?", "年底末"),
    (r"连续[0-9一二]{1,3}(?:年|个月)", "年月"),
    (r"\[[0-9]{1,3}\]", r"\]"),
    (r"(?:比|较)20[0-9][0-9]年(?=增|下)", "年"),  # what a lookahead looks at is no part of the match
    (r"增长(?:率)?$", "率长"),
    (r"扣除[^,，]{1,10}?(?:因素)?(?:后|$)", None),  # may end with any character but a comma
    (r"(?:全年)?", None),
])
def test_the_last_characters_of_a_pattern_make_a_class(source, last):
    assert last_characters(source) == last


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60))
def test_a_grammar_patterns_matches_end_with_one_of_its_last_characters(text):
    for fast in _grammar_patterns():
        last = last_characters(_plain(fast).pattern) if not fast.flags & re.MULTILINE else None
        for m in fast.finditer(text):
            ends_so = last is None or not m.group() or re.fullmatch(f"[{last}]", m.group()[-1])
            assert ends_so, (fast.pattern, m.group())


_PREDICATE_ALPHABET = sorted({c for c in _lexicon().predicate_tail.pattern if "\u4e00" <= c <= "\u9fff"}
                             | set("0123456789%,、。\n总值收入元"))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(_PREDICATE_ALPHABET), max_size=40))
@example("一般公共预算收入扣除留抵退税因素")  # a predicate whose last character is not told: its words let it by
@example("地区生产总值同比增长\n")  # `$` before a line break ending the text
@example("固定资产投资")
def test_the_predicate_tail_is_what_a_search_without_its_gate_finds(text):
    _PREDICATE_TAIL.clear()
    m = _lexicon().predicate_tail.search(text, max(0, len(text) - _MAX_PREDICATE))
    assert _predicate_tail(text) == (m.span() if m else None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_PREDICATE_ALPHABET + list("、,()（）“” ")), max_size=12))
@example("同比增长")
@example("扣除留抵退税因素后增长")
@example("(GDP)增长")
@example("增长,累计")
@example("比2023年增长")
def test_a_text_is_predicate_words_only_where_their_removal_leaves_only_marks(text):
    """`_is_predicate_only` reads a text in one match that stops at its first other word: what removing the
    predicate words from it (`predicate_words.sub`) tells."""
    from planwatch.engine.extract import _PREDICATE_ONLY, _PUNCT, _SHORT_PARENTHESIS, _is_predicate_only

    _PREDICATE_ONLY.clear()
    left = _lexicon().predicate_words.sub("", _SHORT_PARENTHESIS.sub("", text))
    assert _is_predicate_only(text) == (not left.strip(_PUNCT))


@pytest.mark.parametrize("source, words", [
    (r"^[^,，;；]{0,30}?(?:预期|主要|发展)(?:目标|指标)(?:为|是)", ("指标", "目标")),  # two words beat three
    (r"增长(?:率)?", ("增长",)),
    (r"[约近]\d+万人", ("万人",)),  # a word of two beats a class of two
    (r"(?:到|至)(?:年末|年底)的?", ("年",)),  # (the parser takes the branches' common 年 out of them)
    (r"(?:全年)?目标", ("目标",)),
    (r"1[-至](?:1[01]|[2-9])月", ("月",)),  # a word of one: not a digit, which every figure holds
    (r"(?:全年)?", None),  # may match nothing
    (r"增长|\d+", None),  # one branch holds no word
    (r"(?=目标)[^,]+", None),  # what a lookahead looks at is no part of the match
    (r"(?i)gdp", None),
])
def test_the_words_a_match_must_hold(source, words):
    assert required_words(source) == words


@pytest.mark.parametrize("source, sets", [
    (r"(?:要|将)(?:抓好|推进)[^,]{0,10}[个项](?:工作|任务)", (("将", "要"), ("抓好", "推进"), ("个", "项"), ("任务", "工作"))),
    (r"^[^,，;；]{0,30}?(?:预期|主要|发展)(?:目标|指标)(?:为|是)",
     (("主要", "发展", "预期"), ("指标", "目标"), ("为", "是"))),
    (r"(?:全年)?目标(?:全年)?", (("目标",),)),  # each set once
    (r"增长|\d+", None),
    (r"(?i)gdp", None),
])
def test_the_sets_of_words_a_match_must_hold_one_of_each(source, sets):
    assert word_sets(source) == sets


def test_a_gated_pattern_is_searched_only_where_a_word_of_each_set_stands():
    gated = Gated(re.compile(r"(?:要|将)(?:抓好|推进)[^,]{0,10}[个项](?:工作|任务)"))
    assert gated.words == ("抓好", "推进") and gated.may_match("要抓好三个方面的工作")
    assert not gated.may_match("今年的工作") and not gated.may_match("要推进的工作")  # no 个 or 项
    assert gated.search("要推进两项工作").group() == "要推进两项工作"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60))
def test_a_grammar_pattern_never_matches_where_none_of_its_required_words_stands(text):
    for fast in _grammar_patterns():
        words = required_words(_plain(fast).pattern, fast.flags)
        sets = word_sets(_plain(fast).pattern, fast.flags) or ()
        for m in fast.finditer(text):
            assert words is None or holds_any(text, words, m.start(), m.end()), (fast.pattern, m.group())
            for each in sets:
                assert holds_any(text, each, m.start(), m.end()), (fast.pattern, m.group(), each)


_FACTS = facts_grammar()
# the facts' patterns searched only where a word of theirs stands: the sentences naming a report's years, and
# those tried at every Chinese character (a place's name, then the words of a session, a speaker, a footer…)
_GATED = [gated.pattern for name in ("review_sentences", "plan_sentences", "five_year_sentences", "congress",
                                     "session", "speaker", "footer", "copyright", "labels", "delivered")
          for gated in getattr(_FACTS, name)]
_GATED_ALPHABET = sorted({c for p in _GATED for c in p.pattern if "\u4e00" <= c <= "\u9fff"}
                         | set("2024年,。:\n()“”"))


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(_GATED_ALPHABET), max_size=60))
@example("——2031年1月8日在云川市第十五届人民代表大会第三次会议上\n云川县第十九届人民代表大会第五次会议开幕")
@example("受云川市人民政府委托,我代表云川市人民政府作报告。今年是“十五五”规划开局之年")
def test_a_gated_pattern_finds_what_its_pattern_finds(text):
    """A gated pattern is searched only where one of its required words stands: it finds what it finds."""
    for pattern in _GATED:
        assert _span(Gated(pattern).search(text)) == _span(pattern.search(text)), pattern.pattern
        assert [m.span() for m in Gated(pattern).finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert Gated(re.compile(r"(?<!\d)\d{4}年的工作(?:回顾|总结)")).words == ("年的工作",)


def _span(m: re.Match | None) -> tuple[int, int] | None:
    return m.span() if m else None


def _alternation(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["增长", "持平", "由负转正", "过去一年", "上年", "目标", "主要", "指标", "稳中", "稳",
                                 "下降", "一致", "长下", "平", "年", "，", "。", "转", "增"]), max_size=20).map("".join),
       st.data())
@example("过去一年来", None)
@example("增长下降", None)
def test_a_windows_hits_are_those_a_search_in_it_finds(text, data):
    """`Hits.any_in` answers as a search of the window for a pattern of the words does, for every window: those
    that an occurrence crosses too (增长 | 长下: a window from 长), whether the words are found by their own
    automaton or by a pass shared with other words and patterns."""
    from planwatch.engine.extract import _lexicon
    from planwatch.engine.structure import opening_words

    lists = (_lexicon().phrase_hint_words, opening_words(), ("增长", "增", "长下", "下降"), ("稳中", "稳", "一致"))
    shared = Openings((re.compile("到|至"),), lists).find(text)[1]
    windows = [(0, len(text))] if data is None else [
        (start, data.draw(st.integers(start, len(text)))) for start in data.draw(
            st.lists(st.integers(0, len(text)), max_size=5))]
    for words, together in zip(lists, shared):
        assert together.ends == sorted(together.ends)  # (in the order they end, as the automaton reports them)
        alone = word_hits(words, text)
        pattern = _alternation(words)
        for start, end in windows:
            searched = pattern.search(text, start, end) is not None
            assert alone.any_in(start, end) == searched and together.any_in(start, end) == searched, (start, end)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET + list("各位代表！!——◆指出强调表示记者问答：")), max_size=40))
@example("各位代表")
@example("各位代表！")
@example("——")
@example("问：")
@example("某某市长：")
@example("报告指出，")
@example("关键词一：")
def test_a_lines_opener_never_takes_its_full_stop(text):
    """`structure._line_part` reads the span a sentence opens from its words without the opener and the 。 it
    ends with, skipped once: so the grammar's openers must not reach over a 。 (as `_span_opened` would read it
    from the sentence without its 。)."""
    from planwatch.engine.structure import _without_opener

    sentence = text.replace("。", "") + "。"
    assert _without_opener(sentence) == _without_opener(sentence[:-1]) + "。"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET + list("各位代表！!——◆指出强调表示记者问答：某市长")), max_size=30),
       st.integers(0, 30), st.integers(0, 30))
@example("某某市长表示，今年主要预期目标是", 0, 16)
@example("他强调：过去一年", 1, 8)
def test_a_lines_opener_is_found_alike_with_the_words_of_a_pass_over_the_text(text, a, b):
    """The openers' gate reading its words from the `Hits` of the outline's opening words in the whole text."""
    from planwatch.engine.structure import _without_opener, opening_words

    sentence = text[a:b]
    assert _without_opener(sentence, a, text, word_hits(opening_words(), text)) == _without_opener(sentence)


@pytest.mark.parametrize("sources, firsts, words, led", [
    ([r"^(?:展望|聚焦)(?:\d{4}年?)?$"], ("展聚", ""), ((), 0), None),  # told by the characters it opens with
    ([r"^[^,，]{0,16}(?:预期|主要)(?:目标|指标)"], ("", ""), (("主要", "预期"), 20), None),  # by its words, 20 at most in
    ([r"^(?:——|\s|[^,]{1,12}(?:指出|强调)[,:])+"], ("—", "s"), (("强调", "指出"), 15), None),  # the first repetition's
    # a digit opens most texts: the characters and the word, both
    ([r"^(?P<n>[一二三\d]{1,2})年来", r"^今年"], ("今", ""), ((), 0), (("一三二", "d"), (("年来",), 4))),
    ([r"^\d+\s"], ("", "d"), ((), 0), None),  # …unless it holds no word
    ([r"^.*目标"], ("", ""), (("目标",), 2**63 - 1), None),  # no bound to where its word stands
    ([r"^第?[一二1-3]季度"], ("", ""), ((), 0), (("123一二第", ""), (("季度",), 4))),  # a range of few: its characters
    ([r"^[1-4]\d"], ("1234", ""), ((), 0), None),  # …without a word
])
def test_a_start_gate_reads_what_opens_each_alternative(sources, firsts, words, led):
    def characters(f):
        return "".join(sorted(f.chars)), "".join(c for c, on in zip("dsw", (f.digit, f.space, f.word)) if on)

    gate = StartGate(sources)
    assert characters(gate.firsts) == firsts
    assert ((gate.words.words, gate.words.reach) if gate.words else ((), 0)) == words
    assert ((characters(gate.led[0]), (gate.led[1].words, gate.led[1].reach)) if gate.led else None) == led


def test_a_start_gate_reads_a_text_opening_with_a_digit_for_its_words_only_after_it():
    """An item's number ((3)、, 12.) is told by what it opens with and by the mark after it: a text opening
    with neither a numeral nor a bracket is not searched for the mark, one opening with a digit is."""
    gate = StartGate([r"^(?:[一二三四五]+是|[(（]?[一二三四五\d]{1,2}[)）、.])"])
    assert gate.opens("一是") and gate.opens("(3)") and gate.opens("12.") and gate.opens("3、")
    assert not gate.opens("地区、县") and not gate.opens("2024年") and not gate.opens("")
    assert gate.opens("x(3)", 1) and not gate.opens("(3)", 0, 1)


@pytest.mark.parametrize("sources", [[r"^(?:[^,]+|目标)"], [r"^(?=目标)"], [r"(?i)^gdp"], [r"^[a-z]+", r"^今年"]])
def test_a_start_gate_is_open_to_every_text_when_an_alternative_is_not_told(sources):
    """A branch without a word of its own, one that may be empty, one ignoring case, a range of no word."""
    assert StartGate(sources).firsts is None and StartGate(sources).opens("随便什么")


def _start_gated() -> list[tuple[StartGate, re.Pattern]]:
    """The engine's gates with the patterns they stand before."""
    from planwatch.engine.extract import _ENUMERATION
    from planwatch.engine.grammar import grammar
    from planwatch.engine.structure import _line_patterns

    def any_of(patterns: tuple[Gated, ...]) -> re.Pattern:  # (the names of groups repeat)
        return re.compile("|".join(f"(?:{re.sub(r'[(][?]P<[a-z]+>', '(?:', g.pattern.pattern)})" for g in patterns))

    lines, lx = _line_patterns(), _lexicon()
    return [(lines.openers_gate, lines.openers), (lines.part_at_start_gate, any_of(lines.part_at_start)),
            (lines.span_gate, any_of(lines.spans)), (lx.leading_gate, lx.leading_word),
            (lx.leading_gate, grammar().leading_re), (lx.enumeration_gate, _ENUMERATION)]


_START_ALPHABET = sorted({c for _, p in _start_gated() for c in p.pattern if "\u4e00" <= c <= "\u9fff"}
                         | set("2024年 ,，:：。“”《》【】——◆#?？"))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(_START_ALPHABET), max_size=50), st.integers(0, 5))
@example("各位代表：", 0)
@example("某县县长：今年", 0)
@example("  过去的一年", 2)
@example("这是极不平凡的五年", 0)
@example("我们根据《国民经济和社会发展第十五个五年规划纲要》", 0)
@example("2024年是", 0)
@example("十二是", 0)
@example("(3)", 0)
@example("某某某——全年", 0)
def test_a_start_gate_is_never_closed_where_its_patterns_match(text, pos):
    for gate, pattern in _start_gated():
        assert gate.opens(text, pos) or pattern.match(text, pos) is None, (pattern.pattern[:40], text, pos)


def _guarded() -> list[Gated]:
    from planwatch.engine.extract import _guards

    guards = _guards()
    return [getattr(guards, f.name) for f in fields(guards)]


_GUARDED_ALPHABET = sorted({c for g in _guarded() for c in g.pattern.pattern if "\u4e00" <= c <= "\u9fff"}
                           | set("2024年,，;；。的"))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(_GUARDED_ALPHABET), max_size=24))
@example("年初确定的目标为")
@example("的增长目标")
@example("，去年年初提出")
@example("连续5个月")
@example("按现价计算增长")
def test_a_guarded_pattern_matches_and_finds_what_its_pattern_does(text):
    """The lexicon's patterns asked of the words about each figure, tried only where their words or first
    characters stand (`extract._guards`): the same matches."""
    for gated in _guarded():
        assert _span(gated.match(text)) == _span(gated.pattern.match(text)), gated.pattern.pattern
        assert _span(gated.search(text)) == _span(gated.pattern.search(text)), gated.pattern.pattern


@pytest.mark.parametrize("source, chars", [
    (r"^(?:的)?(?:年度|全年)?目标", "全年的目"), (r"(?<!平)均", "均"), (r"[，,;]?去年", ",;去，"),
    (r"\d+年", None), (r"[a-z]x", None), (r"(?:全年)?", None), (r"(?i)ab", None),
])
def test_the_characters_a_match_opens_with(source, chars):
    assert opening_characters(source) == chars


@pytest.mark.parametrize("sources, words", [
    ([r"(?:主要|发展)预期(?:目标|指标)", r"年[^,]{0,12}?(?:目标|指标)安排",
      r"(?:要|将)(?:抓好|做好|推进)[^,]{0,10}[个项](?:工作|任务)"],
     ("任务", "工作", "指标", "目标")),  # 目标|指标 needed by two, then the fewest of the third's: 工作|任务
    ([r"(?:全年)?目标", r"计划"], ("目标", "计划")),
    ([r"目标", r"增长|\d+"], None),  # a pattern that needs no word
    ([r"(?i)gdp"], None),
])
def test_the_words_one_of_which_every_pattern_needs(sources, words):
    assert any_words(sources) == words


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(_START_ALPHABET), max_size=50))
@example("今年全市经济社会发展的主要预期目标是")
@example("要抓好六个方面的重点工作")
@example("去年经济交出了怎样的答卷？")
@example("会议审议并制定了《国民经济和社会发展第十五个五年规划纲要》")
def test_a_sentence_without_the_words_of_the_part_lines_matches_none(text):
    """A pattern of a part line inside a sentence matches only where the sentence holds a word of each set it
    needs, and only where it holds one of the outline's words (the sentences read at all)."""
    from planwatch.engine.structure import _line_patterns, opening_words

    lines = _line_patterns()
    inside = lines.part_inside
    for gated in inside:
        assert gated.may_match(text) or gated.pattern.search(text) is None, gated.pattern.pattern
    for gated in lines.part_at_start + lines.spans:  # (matched at the start)
        assert gated.may_match(text) or gated.pattern.match(text) is None, gated.pattern.pattern
    assert holds_any(text, opening_words()) or all(gated.pattern.search(text) is None for gated in inside)


def _line_anchored_patterns() -> list[re.Pattern]:
    """The grammar's patterns whose matches start lines, and patterns of the shapes `AtLineStarts` reads."""
    made = [re.compile(s, re.M) for s in (r"^[\s—]*(?:第?[一二]季度|上半年)[,:，：]", r"^[^,，\n]{1,6}——",
                                          r"^(?:预计|初步)+[^。\n]{0,8}。", r"^\d+年[^\n]*\n目标", r"^目标[^\n]*\n")]
    return [p for p in _grammar_patterns() if AtLineStarts(p).anchored] + made


_LINE_ALPHABET = [*_ALPHABET, "\n", "\n", " ", "——", "上半年", "第一季度", "开发区", "预计", "目标", "高新区", "园区",
                  "产业", "。"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_LINE_ALPHABET), max_size=40).map("".join))
@example("第一季度，\n开发区建设。\n上半年:")
@example("预计。\n\n预计一二三。")
@example("目标一\n目标二\n")  # a match ending with a line break: the next line starts where it ends
@example("县城建设\n某某高新区建设取得新进展。\n经济开发区。")  # a line led by a sentence about a part
def test_a_pattern_tried_at_line_starts_finds_what_it_finds(text):
    for pattern in _line_anchored_patterns():
        at_starts, found = AtLineStarts(pattern), [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in at_starts.finditer(text)] == found
        # its gate's words read from a pass over the whole text
        assert [m.span() for m in at_starts.finditer(text, word_hits(at_starts.words, text))] == found


@pytest.mark.parametrize("source, opens, closed", [
    # spanning lines without end (\s holds a line break): gated by the characters lines open with alone
    (r"^[\s—]*(?:第?[一二1-4]季度|[上下]半年)[,:，：]", ["第一季度,", "\n上半年:", "——3季度：", "4"], ["全年,", "季度,"]),
    (r"^\s*(?:目标|[^。]{0,8}指标)", None, None),  # an alternative told by its words alone: every line is tried
])
def test_a_pattern_spanning_lines_is_tried_at_the_lines_opening_with_its_characters(source, opens, closed):
    gate = AtLineStarts(re.compile(source, re.M)).gate
    if opens is None:
        assert gate is None
    else:
        assert gate is not None and all(gate.opens(line) for line in opens)
        assert not any(gate.opens(line) for line in closed)


def test_the_grammars_line_patterns_are_tried_at_line_starts():
    lx = _lexicon()
    assert all(AtLineStarts(p).anchored for p in (lx.sub_area_lead, lx.caption_line,
                                                  period_grammar().part_of_year_paragraph))


@pytest.mark.parametrize("source, flags, anchored, within_line", [
    (r"^[^,，\n]{1,6}——", re.M, True, True),
    (r"^[\s—]*上半年", re.M, True, False),  # \s holds a line break
    (r"^.{0,4}目标", re.M | re.S, True, False),
    (r"^.{0,4}目标", re.M, True, True),
    (r"^[^,]{1,6}——", re.M, True, False),  # [^,] holds one
    (r"^目标", 0, False, False),  # ^ at the text's start alone
    (r"^(?:目标)?", re.M, False, False),  # may be empty
    (r"目标|^指标", re.M, False, False),
])
def test_what_a_pattern_at_line_starts_is_read_as(source, flags, anchored, within_line):
    pattern = AtLineStarts(re.compile(source, flags))
    assert (pattern.anchored, pattern.within_line) == (anchored, within_line)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_START_ALPHABET, "五年来", "过去一年", "主要预期目标", "十四五”时期", "记者：",
                                 "他表示", "今年", "！", "2023年"]), max_size=16).map("".join))
@example("他表示，今年主要预期目标是：")
@example("五年来，")
@example("记者：过去一年，")
@example("要抓好六个方面的重点工作。")
def test_a_sentence_that_opens_a_part_passes_the_outlines_first_test(sentence):
    """The outline reads a sentence (`_line_part`) only where it opens with one of the characters, or holds one
    of the words, of `_LinePatterns.opening_gate` and `opening_words`: every sentence that opens a part does."""
    from planwatch.engine.structure import _line_part, _line_patterns
    from planwatch.models import DocumentFacts

    facts = DocumentFacts(region="云川市", doc_type="work_report", review_year=2023, plan_year=2024)
    lines = _line_patterns()
    assert lines.opening_words
    if _line_part(sentence, facts, True, sentence, 0) is not None:
        assert lines.opening_gate.opens_with(sentence[:1]) or holds_any(sentence, lines.opening_words) \
            or any(mark in sentence for mark in "！？!?")  # (split there: `_span_opened` reads each piece)


@given(st.text(alphabet=st.sampled_from(list("增长6%,，:：。；;！\n丨a")), max_size=40), st.integers(0, 45), st.integers(0, 45))
@example("。。增长,", 0, 45)
@example("", 0, 0)
def test_spans_between_one_character_delimiters_are_those_the_delimiters_cut(text, start, end):
    """`spans` finds the runs between the characters of a one-character delimiter (a class) in one pass: the
    spans a cut at each delimiter gives, none empty."""
    end = min(max(start, end), len(text))
    start = min(start, end)
    for marks in (SENTENCE_MARKS, ",:，："):
        cuts = [i for i in range(start, end) if text[i] in marks]
        expected = [(a, b) for a, b in zip([start] + [i + 1 for i in cuts], cuts + [end]) if a < b]
        assert spans(text, re.compile(f"[{marks}]"), start, end) == expected


_MARK_LED = [re.compile(s, re.M) for s in (r"(?:^|(?<=[。;]))[—\s]*(?:初步)?预计(?:全年)?[,:]",
                                            r"(?:^|(?<=[;；]))[^。;\n]{0,3}目标", r"(?:^|(?<=[。]))\n?(?:预计|目标\n)")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\n", "。", ";", "；", "预计", "初步", "全年", "2024年", ",", ":", "—", " ", "目标", "据"]),
                max_size=30).map("".join))
@example("预计,预计,。预计:")
@example("目标\n目标\n。\n预计")
def test_a_pattern_opened_by_a_line_start_or_a_mark_is_found_where_its_search_finds_it(text):
    """`AfterMarks` searches for the mark and the rest of the pattern, and matches the pattern again after it."""
    for pattern in [*_MARK_LED, _lexicon().estimate_paragraph]:
        after = AfterMarks(pattern)
        assert after.after_mark is not None and after.after_mark.literal  # a pass to each mark
        assert [m.span() for m in after.finditer(text)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("source, flags", [(r"(?:^|(?<=[。;]))预计", 0), (r"(?:^|(?<=[^。]))预计", re.M),
                                           (r"(?:^|(?<=[。;]))(?:预计)?", re.M), (r"预计", re.M),
                                           (r"(?:^|(?<=[。]))预计|目标", re.M)])  # 目标 anywhere: not opened so
def test_a_pattern_not_of_that_shape_is_searched_as_it_is(source, flags):
    pattern = re.compile(source, flags)
    after = AfterMarks(pattern)
    assert after.after_mark is None
    text = "预计。预计，目标"
    assert [m.span() for m in after.finditer(text)] == [m.span() for m in pattern.finditer(text)]


def test_spans_between_delimiters_that_ignore_case_are_cut_at_either_case():
    assert spans("xAyaz", re.compile("[a]", re.IGNORECASE)) == [(0, 1), (2, 3), (4, 5)]
    assert spans("xAyaz", re.compile("[a]")) == [(0, 3), (4, 5)]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("、与以及和或,，地区生产总值")), max_size=12))
def test_a_text_holds_a_list_separator_where_the_item_split_finds_one(text):
    lx = _lexicon()
    assert lx.item_separators.held(text) == (lx.item_split.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=6), st.sampled_from(["", "s", "d", "w", "sd", "dw", "sdw"]),
       st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list("年2 _\u3000١𝟘𠀀")), max_size=8),
       st.integers(0, 9))
def test_the_first_characters_of_a_gate_are_told_by_their_table_as_by_their_definition(chars, categories, text, pos):
    from planwatch.engine.scan import _Firsts

    firsts = _Firsts(chars, categories)

    def held(char: str) -> bool:
        return char in set(chars) or char != "" and (
            "s" in categories and char.isspace() or "d" in categories and char.isdecimal()
            or "w" in categories and (char.isalnum() or char == "_"))

    assert firsts.hold_at(text, pos) == held(text[pos : pos + 1]) == firsts.hold(text[pos : pos + 1])


_WORD_ALPHABET = list("年增长目标指标和与、") + ["𠀀", "\u3000", "a"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_WORD_ALPHABET), max_size=3), max_size=8).map(tuple),
       st.text(alphabet=st.sampled_from(_WORD_ALPHABET + list("地区生产总值 ")), max_size=60),
       st.integers(-2, 62), st.none() | st.integers(-2, 62))
@example(("增长",), "地区生产总值增长", 0, None)
@example(("目标", "增长率"), "增长年目录", 0, None)  # first characters alike, not the words
@example(("目标", "指标"), "主要预期目标", 2, 5)  # the word runs past the end: not held
@example(("",), "年", 0, None)
def test_a_word_set_holds_what_a_search_for_each_word_finds(words, text, start, end):
    from planwatch.engine.scan import WordSet

    assert WordSet(words).held(text, start, end) == holds_any(text, words, start, end)
    stop = len(text) if end is None else end
    assert holds_any(text, words, start, end) == any(text.find(w, start, stop) >= 0 for w in words)
    assert holds_any(text, words) == any(text.find(w) >= 0 for w in words)


@settings(max_examples=100, deadline=None)
@given(st.sets(st.integers(0, 0xFFFF), max_size=300), st.lists(st.integers(0, 0xFFFF), max_size=50))
def test_a_character_table_holds_the_codes_it_was_made_of(codes, asked):
    from planwatch.engine.scan import CharTable

    held = bytearray(0x10000)
    for code in codes:
        held[code] = 1
    table = CharTable(held)
    assert all(table.has(code) == (code in codes) for code in [*asked, *codes])
    values = bytearray(0x10000)
    for code in codes:
        values[code] = 1 + code % 7  # a few bits of what each character is
    table = CharTable(values)
    assert all(table.byte(code) == values[code] for code in [*asked, *codes])
    assert len(table.blocks) <= 256 * (len({code >> 8 for code in codes}) + 1)  # a few kilobytes, not 64


@given(st.text(alphabet=st.sampled_from(list("比较高于低位居排名超额完成计划地区生产总值年2")), max_size=6))
@example("比上年")
@example("超额完成")
@example("")
def test_a_text_compares_its_figure_where_it_opens_with_a_comparison_word(text):
    from planwatch.engine.extract import _compares

    assert _compares(_lexicon(), text) == text.startswith(_lexicon().comparisons)


"""Extraction never raises, and every figure it emits is grounded, whatever the input."""

from hypothesis import example, given, settings, strategies as st

from planwatch.engine.extract import extract_figures
from planwatch.models import Document, DocumentFacts

REPORTISH = st.text(
    alphabet=st.sampled_from(list("地区生产总值增长完成达到分别、和及以上左右以内约超过突破万亿元人%个百分点倍一二两十百千0123456789.,，。;；:：\n|\t 　“”《》()（）—-年月预计力争到")),
    max_size=400,
)
FACTS = DocumentFacts(region="云川市", doc_type="plan_execution", review_year=2023, plan_year=2024)


def check(text: str) -> None:
    doc = Document(text=text, name="x.txt", facts=FACTS)
    for f in extract_figures(doc):
        assert text[f.start : f.end] == f.quote
        assert f.kind in ("target", "actual", "estimate")


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text):
    check(text)


@settings(max_examples=300)
@given(REPORTISH)
def test_report_like_noise_never_raises_and_stays_grounded(text):
    check(text)


def quotes(text: str) -> list[str]:
    return [f.quote for f in extract_figures(Document(text=text, name="x.txt", facts=FACTS))]


def test_a_line_without_punctuation_quotes_each_figure_near_its_number():
    """Each figure of a clause quotes from the clause's subject on; in a line of a table's text without a
    comma that would be the whole line for each figure, and the quotes would grow with its square."""
    line = "地区生产总值增长6%左右工业增加值增长5%" * 2000
    found = quotes(line + "\n")
    assert len(found) == 4000
    assert max(map(len, found)) <= 2 * 300 + 10
    assert found[0] == "地区生产总值增长6%左右"


def test_a_long_list_quotes_each_value_near_it():
    text = "全市地区生产总值增长" + "、".join(f"{i}.5%" for i in range(3000)) + "。\n"
    found = quotes(text)
    assert len(found) == 3000 and max(map(len, found)) <= 2 * 300 + 10
    assert found[0].startswith("全市地区生产总值增长0.5%、1.5%")


def test_each_of_a_long_list_of_times_keeps_its_time():
    """一季度、上半年、前三季度、全年…分别增长: the time of each value, read once for the list, not once per value."""
    times = "、".join(["一季度", "上半年", "前三季度", "全年"] * 500)
    text = times + "全市地区生产总值分别增长" + "、".join(f"{i}.5%" for i in range(2000)) + "。\n"
    found = extract_figures(Document(text=text, name="x.txt", facts=FACTS))
    assert len(found) == 2000
    # a part of the year's growth is no figure of the catalog; the whole year's (全年) is
    assert [f.indicator for f in found] == ["other", "other", "other", "gdp"] * 500


def test_estimate_cues_in_a_long_sentence_reach_only_the_figures_they_introduce():
    """预计 before a statement without figures reaches to its semicolon only; before figures, over the full
    sentence. Whether a cue is followed by a number is found once for each stretch between marks."""
    cues = "；".join(["预计焦炭产量位居前列"] * 2000)
    text = "2023年全市工业运行平稳，" + cues + "；粮食产量增长12.5%。\n"
    assert [(f.kind, f.value) for f in extract_figures(Document(text=text, name="x.txt", facts=FACTS))] == [
        ("actual", 12.5)]
    text = "2023年全市工业运行平稳，" + cues + "；预计粮食产量增长12.5%；蔬菜产量增长3%。\n"
    assert [(f.kind, f.value) for f in extract_figures(Document(text=text, name="x.txt", facts=FACTS))] == [
        ("estimate", 12.5), ("estimate", 3)]


def test_the_cues_of_a_long_sentence_apply_to_each_figure_after_them():
    """The cue words before each figure (上半年, 全年, “十四五”时期) are looked up by bisection: in a sentence of
    thousands of clauses each figure still takes the last cue before it."""
    text = "，".join(["上半年地区生产总值增长5%", "全年地区生产总值增长6%"] * 1000) + "。\n"
    found = extract_figures(Document(text=text, name="x.txt", facts=FACTS))
    assert [(f.indicator, f.year) for f in found] == [("other", 2023), ("gdp", 2023)] * 1000
    text = "，".join(["“十四五”时期地区生产总值年均增长6%"] * 2000) + "。\n"
    found = extract_figures(Document(text=text, name="x.txt", facts=FACTS))
    assert len(found) == 2000 and {(f.period, f.year) for f in found} == {("2021-2025", 2025)}


def test_a_figure_stated_twice_alike_at_one_place_is_kept_once():
    """Hits at one span are one figure when they say the same, two when they differ (a range's two bounds)."""
    from decimal import Decimal

    from planwatch.engine.extract import _Hit, _to_figures
    from planwatch.engine.normalize import normalize

    text = "粮食产量3—5万吨，增长2%。"
    norm = normalize(text)

    def hit(value: str, op: str, start: int, end: int) -> _Hit:
        return _Hit("grain_output", "粮食产量", "level", Decimal(value), "万吨", op, "actual", 2023, None, start, end)

    hits = [hit("3", "ge", 0, 9), hit("3", "ge", 0, 9), hit("5", "le", 0, 9), hit("3", "ge", 0, 9),
            hit("5", "le", 0, 9), hit("2", "eq", 10, 14), hit("2", "eq", 10, 14)]
    figures = _to_figures(hits, norm, Document(text=text, name="t", facts=DocumentFacts()))
    assert [(f.value, f.op, f.quote) for f in figures] == [
        (Decimal("3"), "ge", "粮食产量3—5万吨"), (Decimal("5"), "le", "粮食产量3—5万吨"), (Decimal("2"), "eq", "增长2%")]


_SPANS = [(0, 9), (0, 4), (4, 9), (10, 14), (10, 12)]  # of "粮食产量3—5万吨，增长2%。"


@settings(max_examples=200)
@given(st.lists(st.tuples(st.sampled_from(_SPANS), st.sampled_from(["2", "3", "5"]), st.sampled_from(["ge", "eq"])),
                max_size=12))
def test_hits_in_any_order_give_each_figure_once_in_text_order(hits_said):
    """Whatever order the hits come in (a table's before the text's, a list's targets last), the figures are
    those of the hits sorted by span, each said once at its place: as a set of what each says at each span."""
    from decimal import Decimal

    from planwatch.engine.extract import _Hit, _to_figures
    from planwatch.engine.normalize import normalize

    text = "粮食产量3—5万吨，增长2%。"
    hits = [_Hit("grain_output", "粮食产量", "level", Decimal(v), "万吨", op, "actual", 2023, None, a, b)
            for (a, b), v, op in hits_said]
    expected, seen = [], set()
    for (a, b), v, op in sorted(hits_said, key=lambda h: h[0]):  # (stable: the first said of each span first)
        if ((a, b), v, op) not in seen:
            seen.add(((a, b), v, op))
            expected.append((text[a:b], Decimal(v), op))
    figures = _to_figures(hits, normalize(text), Document(text=text, name="t", facts=DocumentFacts()))
    assert [(f.quote, f.value, f.op) for f in figures] == expected


def test_alias_forms_give_every_way_of_filling_their_choices_in_order():
    from planwatch.engine.catalog import _expanded

    assert _expanded(["[研发|R&D]经费[投入|支出|]", "单位GDP能耗"]) == [
        "研发经费投入", "研发经费支出", "研发经费", "R&D经费投入", "R&D经费支出", "R&D经费", "单位GDP能耗"]
    assert _expanded(["[A|B][C|D]E[F|G]"]) == ["ACEF", "ACEG", "ADEF", "ADEG", "BCEF", "BCEG", "BDEF", "BDEG"]


_SUBJECT_ALPHABET = list("地区生产总值固定资产投资居民消费价格物价涨幅增速增长控制在实现全年今年粮食、和,”“( 的")


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(_SUBJECT_ALPHABET), max_size=30))
@example("质量效益稳步提升")
@example("粮食、消费价格”涨幅控制在")
@example("全年实现地区生产总值")
def test_a_clause_said_to_name_no_indicator_names_none(clause):
    """A clause without a number that `_names_no_indicator` passes over keeps the topic before it: the subject
    its words name by themselves is none of the catalog's indicators, nor one whose state it tells."""
    from planwatch.engine.extract import _Engine, _lexicon, _names_no_indicator
    from planwatch.engine.structure import outline

    if not _names_no_indicator(_lexicon(), clause):
        return
    engine = _Engine(clause, FACTS, outline(clause, FACTS))
    subject = engine._subject(clause, 0, None, allow_inherit=False)
    assert subject.indicator is None and engine._named_state(subject.text) is None


def test_only_a_clause_without_an_alias_or_a_mark_is_said_to_name_no_indicator():
    from planwatch.engine.extract import _lexicon, _names_no_indicator

    assert _names_no_indicator(_lexicon(), "质量效益稳步提升")
    assert not _names_no_indicator(_lexicon(), "地区生产总值稳步提升")  # an alias
    assert not _names_no_indicator(_lexicon(), "质量“效益”稳步提升")  # a mark a subject's words are stripped of


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("开发区高新园云川市全本地生产总值增长、的一是(1)2024年")), max_size=20))
@example("云川高新区营业收入")
@example("全市")
@example("一是开发区")
def test_words_without_a_part_of_the_region_or_its_name_are_read_as_of_neither(prefix):
    """`_scope_of` tells "neither" at once of words where neither the word of a part of the region (开发区) nor
    one of the region's names stands: what reading them in full tells."""
    from planwatch.engine.extract import _Engine
    from planwatch.engine.structure import outline

    engine = _Engine(prefix, FACTS, outline(prefix, FACTS))
    assert engine._may_name_scope(prefix) or engine._read_scope(prefix) is None


def test_the_cyclic_collector_waits_while_a_document_is_read_and_is_left_as_it_was():
    """Extraction makes no cycles, so the collector does not run while it reads (it went through every live object
    again and again); after it, the collector is as the caller left it: on, or off."""
    import gc

    text = "".join(f"第{i}项：地区生产总值增长{i % 9}.5%，城镇新增就业{i}万人以上，完成投资{i}亿元。\n" for i in range(2000))
    runs: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.callbacks.append(count)
    try:
        assert gc.isenabled()
        figures = extract_figures(Document(text=text, name="x.txt", facts=FACTS))
        during = len(runs)  # (before anything else is made: a collection may follow at once)
        assert len(figures) >= 6000 and during == 0
        assert gc.isenabled()
        gc.disable()
        try:
            quotes(text)
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        gc.callbacks.remove(count)


def test_a_document_reads_the_same_after_another_regions_document():
    """Words read once are kept for every document only when they hold none of the document's own names: 云川市
    before a figure is the region itself in 云川市's report (its GDP), another place in 澜泽市's."""
    from planwatch.engine import extract

    sentence = "云川市地区生产总值增长5.5%。"
    own = Document(text=sentence, name="a.txt", facts=FACTS)
    other = Document(text=sentence, name="b.txt", facts=DocumentFacts(
        region="澜泽市", doc_type="plan_execution", review_year=2023, plan_year=2024))

    def read(doc: Document) -> list[tuple[str, str | None]]:
        return [(f.label, f.indicator) for f in extract_figures(doc)]

    extract._SUBJECT_WORDS.clear()
    alone = read(own)
    assert alone and alone[0][1] == "gdp"
    extract._SUBJECT_WORDS.clear()
    read(other)
    assert read(own) == alone


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("增长,:。;!?\n丨，：；！？年")), max_size=60), st.integers(0, 70))
@example("，" + "增长" * 40, 81)  # a mark beyond the characters read one by one
def test_a_clause_starts_after_the_last_mark_before_it(text, pos):
    """`_clause_start`, read from the position back: the end of the last clause or sentence mark before it, within
    the longest stretch looked back over, as a search of every mark finds it."""
    from planwatch.engine.extract import _CLAUSE_OR_SENTENCE_END, _MAX_SENTENCE, _clause_start

    pos = min(pos, len(text))
    floor = max(0, pos - _MAX_SENTENCE)
    assert _clause_start(text, pos) == max((m.end() for m in _CLAUSE_OR_SENTENCE_END.finditer(text, floor, pos)),
                                           default=floor)


def test_a_list_stated_again_gives_its_values_the_same_subjects():
    """The subjects a list of values is read of are kept for the next list alike (`_distribute`): the second
    reading gets what the first did, whatever became of the first's."""
    sentence = "粮食、蔬菜和肉类产量分别增长2%、3%和4%。"
    text = "云川市2024年工作报告\n" + sentence + "\n全年经济运行平稳。" + sentence
    figures = extract_figures(Document(text=text, name="x.txt", facts=FACTS))
    labels = [(f.label, f.indicator, str(f.value)) for f in figures]
    assert len(labels) == 6 and labels[:3] == labels[3:]
    assert len({label for label, _, _ in labels[:3]}) == 3  # one subject for each value

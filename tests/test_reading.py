"""`engine.reading`: the last document's normalised text and outline, kept for its next reader (ingest reads
each document twice: its figures, then the names of its review) and never given for another text or facts."""

from __future__ import annotations

import dataclasses

from planwatch.engine.normalize import normalize
from planwatch.engine.reading import normalized_outline
from planwatch.engine.structure import outline
from planwatch.models import DocumentFacts

TEXT = "一、2030年工作回顾\n全市地区生产总值增长5.8%。\n二、2031年主要预期目标\n地区生产总值增长6%左右。\n"
FACTS = DocumentFacts(region="甲市", level="city", doc_type="work_report", review_year=2030, plan_year=2031)


def _parts(sections) -> list[tuple[str, int | None]]:
    return [(s.part, s.year) for s in sections.sections]


def test_the_same_text_and_facts_are_read_once() -> None:
    first = normalized_outline(TEXT, FACTS)
    again = normalized_outline(TEXT, dataclasses.replace(FACTS))  # equal facts, another object
    assert again[0] is first[0] and again[1] is first[1]
    assert first[0].text == normalize(TEXT).text
    assert _parts(first[1]) == _parts(outline(first[0].text, FACTS))


def test_other_facts_or_another_text_are_read_afresh() -> None:
    first = normalized_outline(TEXT, FACTS)
    later = dataclasses.replace(FACTS, review_year=2031, plan_year=2032)
    moved = normalized_outline(TEXT, later)
    assert moved[1] is not first[1]
    assert _parts(moved[1]) == _parts(outline(moved[0].text, later)) != _parts(first[1])
    other = normalized_outline(TEXT.replace("5.8", "5.9"), FACTS)
    assert other[0].text != first[0].text


def test_facts_changed_in_place_are_not_taken_for_the_old_ones() -> None:
    facts = dataclasses.replace(FACTS)
    first = normalized_outline(TEXT, facts)
    facts.review_year, facts.plan_year = 2031, 2032  # with_facts sets a document's facts in place
    assert normalized_outline(TEXT, facts)[1] is not first[1]

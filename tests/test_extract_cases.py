"""The extraction engine on the golden cases of `cases/extract.toml`."""

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import planwatch
from planwatch.engine.extract import extract_figures
from planwatch.models import Document, DocumentFacts

CASES = tomllib.loads((Path(__file__).parent / "cases" / "extract.toml").read_text(encoding="utf-8"))["case"]
FACTS = DocumentFacts(region="云川市", doc_type="plan_execution", review_year=2023, plan_year=2024)


def document_with(part: str, text: str) -> Document:
    review = text if part == "review" else "过去一年，经济运行总体平稳。"
    plan = text if part == "plan" else "今年要坚持稳中求进。"
    body = f"一、2023年国民经济和社会发展计划执行情况\n{review}\n二、2024年国民经济和社会发展计划\n{plan}\n"
    return Document(text=body, name="case.txt", facts=FACTS)


def matches(figure, expected: dict) -> bool:
    for field, want in expected.items():
        got = getattr(figure, field)
        if want == "" and field == "period":  # TOML has no null: a figure of one year
            want = None
        if field == "value":
            if got is None or Decimal(str(want)) != got:
                return False
        elif got != want:
            return False
    return True


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    if case.get("whole"):  # the text is a whole document: its facts are detected
        doc = planwatch.read(case["text"].encode("utf-8"), name="case.txt")
    else:
        doc = document_with(case["part"], case["text"])
    figures = extract_figures(doc)
    for f in figures:
        assert doc.text[f.start : f.end] == f.quote
    for expected in case["figures"]:
        assert any(matches(f, expected) for f in figures), f"missing {expected} in {[f.to_dict() for f in figures]}"
    if case.get("only"):
        catalog = [f for f in figures if f.indicator != "other"]
        for f in catalog:
            assert any(matches(f, e) for e in case["figures"]), f"spurious {f.to_dict()}"
    if case.get("no_other"):
        assert figures == [], [f.to_dict() for f in figures]

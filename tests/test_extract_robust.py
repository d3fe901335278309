"""Extraction never raises, and every figure it emits is grounded, whatever the input."""

from hypothesis import given, settings, strategies as st

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

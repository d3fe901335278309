"""Verdicts that explain themselves (`planwatch.web.explain`): the gap with its unit, the rule that
decided, what a provisional verdict rests on, and a pending verdict said as 待公布 only while the next
year's report cannot be out. Invented places and figures."""

from __future__ import annotations

import datetime as dt

from figure_records import make_records

from planwatch.assess import scorecard
from planwatch.web.explain import explain, status_key
from planwatch.web.i18n import translator

DOCS = {
    "plan": {"region": "云杉县", "doc_type": "work_report", "review_year": 2028, "plan_year": 2029},
    "report": {"region": "云杉县", "doc_type": "work_report", "review_year": 2029, "plan_year": 2030},
}
ZH = translator("zh")


def verdicts(*figures: dict) -> dict[str, object]:
    records = make_records(DOCS, list(figures), {"year": 2029})
    return {v.indicator: v for v in scorecard(records, region="云杉县")}


def test_a_floor_says_its_rule_its_tolerance_and_its_gap_in_points() -> None:
    found = verdicts({"doc": "plan", "kind": "target", "indicator": "gdp", "value": "6", "op": "approx"},
                     {"doc": "report", "kind": "actual", "indicator": "gdp", "value": "6.7"})
    why = explain(found["gdp"], ZH)
    assert why.status == "met" and why.gap == "+0.7个百分点"
    assert why.rule == "目标6%左右按下限6%判定（容差0）：结果6.7%"
    assert why.provisional == ""


def test_a_cap_and_an_amount_keep_their_units() -> None:
    found = verdicts(
        {"doc": "plan", "kind": "target", "indicator": "unemployment_rate", "measure": "level", "value": "5.5",
         "unit": "%", "op": "le"},
        {"doc": "report", "kind": "actual", "indicator": "unemployment_rate", "measure": "level", "value": "5.8",
         "unit": "%"},
        {"doc": "plan", "kind": "target", "indicator": "new_urban_jobs", "measure": "level", "value": "1.2",
         "unit": "万人", "op": "ge"},
        {"doc": "report", "kind": "actual", "indicator": "new_urban_jobs", "measure": "level", "value": "11000",
         "unit": "人"})
    cap = explain(found["unemployment_rate"], ZH)
    assert cap.status == "missed" and cap.gap == "+0.3个百分点" and cap.rule.startswith("目标5.5%以内按上限5.5%判定")
    jobs = explain(found["new_urban_jobs"], ZH)
    assert jobs.status == "missed" and jobs.gap == "−0.1万人"


def test_in_step_with_growth_shows_both_numbers() -> None:
    found = verdicts({"doc": "plan", "kind": "target", "indicator": "resident_income", "op": "sync"},
                     {"doc": "report", "kind": "actual", "indicator": "resident_income", "value": "5.1"},
                     {"doc": "report", "kind": "estimate", "indicator": "gdp", "value": "5.4",
                      "qualifier": "初步核算"})
    why = explain(found["resident_income"], ZH)
    assert why.status == "missed"
    assert "5.1%" in why.rule and "5.4%" in why.rule and "不低于地区生产总值增速" in why.rule
    assert why.provisional == ZH("provisional_preliminary")  # the GDP basis is a preliminary count


def test_pending_until_the_next_report_is_due_then_a_missing_report() -> None:
    assert status_key("pending", 2029, today=dt.date(2030, 2, 1)) == "pending"
    assert status_key("pending", 2029, today=dt.date(2030, 6, 1)) == "missing_report"
    assert status_key("met", 2029, today=dt.date(2040, 1, 1)) == "met"
    found = verdicts({"doc": "report", "kind": "target", "indicator": "fai", "year": 2030, "value": "8"})
    assert explain(found["fai"], ZH, today=dt.date(2030, 12, 1)).rule == "2031年的报告尚未发布"
    late = explain(found["fai"], ZH, today=dt.date(2031, 12, 1))
    assert late.status == "missing_report" and "本库没有云杉县" in late.rule


def test_results_not_judged_by_are_shown_with_why() -> None:
    found = verdicts({"doc": "plan", "kind": "target", "indicator": "gdp", "value": "6", "op": "approx"},
                     {"doc": "report", "kind": "actual", "indicator": "gdp", "value": "6.2", "start": 10,
                      "quote": "全县生产总值增长6.2%"},
                     {"doc": "report", "kind": "actual", "indicator": "gdp", "value": "31.5", "start": 900,
                      "quote": "比五年前增长31.5%"})
    why = explain(found["gdp"], ZH)
    assert why.status == "met" and why.gap == "+0.2个百分点"
    assert why.alternatives == ("31.5%（“比五年前增长31.5%”）：采用的是文中首次（主要）表述",)
    assert explain(found["gdp"], translator("en")).alternatives[0].endswith(
        "the first (headline) statement in the document is used")

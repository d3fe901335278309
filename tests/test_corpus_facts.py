"""The facts of every real report of ../shared/corpus against its `metadata.jsonl`: region (the name the
document uses for its own government then), plan year, level, the year reviewed, the parent, and the
division the place is today (`code`: 肥乡县 then is 肥乡区 now). A floor a little under what the engine
reaches, so that a regression fails; the message lists every mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import planwatch
from planwatch.engine.facts import detect_facts
from planwatch.engine.regions import get_gazetteer

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# what is compared, key in metadata.jsonl, how many of the 131 reports must agree (each reaches 131)
FLOORS = [("region", "region", 129), ("plan_year", "year", 129), ("level", "level", 129),
          ("review_year", "reviews", 129), ("parent", "parent", 129), ("code_now", "code", 129)]


def _code_now(facts: planwatch.DocumentFacts) -> str | None:
    gazetteer = get_gazetteer()
    place = gazetteer.by_code(facts.region_code) if facts.region_code else None
    now = gazetteer.current(place) if place else None
    return now.code if now else None


@pytest.fixture(scope="module")
def detected() -> list[tuple[dict, dict]]:
    rows = [json.loads(line) for line in (CORPUS / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    assert len(rows) == 131
    found = []
    for row in rows:
        facts = planwatch.read(CORPUS / row["file"]).facts
        found.append((row, {"region": facts.region, "plan_year": facts.plan_year, "level": facts.level,
                            "review_year": facts.review_year, "parent": facts.parent, "code_now": _code_now(facts)}))
    return found


@pytest.mark.parametrize("field, key, floor", FLOORS, ids=[f[0] for f in FLOORS])
def test_corpus_facts_agree_with_the_metadata(detected, field: str, key: str, floor: int) -> None:
    wrong = [f"{row['file']}: {got[field]!r} != {row[key]!r}" for row, got in detected if got[field] != row[key]]
    agree = len(detected) - len(wrong)
    assert agree >= floor, f"{field}: {agree}/{len(detected)} agree, floor {floor}; mismatches:\n" + "\n".join(wrong)


# Page furniture of an invented county site around each report: a menu and a breadcrumb above it, a
# list of other places' news and links to other articles below it.
MENU = "首页\n政务公开\n新闻中心\n专题专栏\n互动交流\n办事服务\n网站地图\n当前位置：首页 > 政务公开 > 政府工作报告\n"
RELATED = ("\n相关文章\n托克托县2024年政府工作报告\n清水河县召开第十七届人民代表大会第三次会议\n"
           "和林格尔县2023年国民经济和社会发展计划执行情况\n武川县举行重点项目集中开工仪式\n"
           "上一篇：托克托县召开经济工作会议\n下一篇：土默特左旗部署春耕生产\n")


def test_page_furniture_naming_other_places_changes_no_report_facts() -> None:
    rows = [json.loads(line) for line in (CORPUS / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    changed = []
    for row in rows:
        document = planwatch.read(CORPUS / row["file"])
        bare = document.facts
        dressed = detect_facts(MENU + document.text + RELATED, name=document.name, meta=document.meta)
        if (dressed.region, dressed.plan_year, dressed.level) != (bare.region, bare.plan_year, bare.level):
            changed.append(f"{row['file']}: {(bare.region, bare.plan_year)} -> {(dressed.region, dressed.plan_year)}")
    assert len(changed) <= 2, "\n".join(changed)

"""The facts of every real report of ../shared/corpus against its `metadata.jsonl`: region (the name the
document uses for its own government then), plan year, level, the year reviewed, the parent, and the
division the place is today (`code`: 肥乡县 then is 肥乡区 now). A floor a little under what the engine
reaches, so that a regression fails; the message lists every mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import planwatch
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

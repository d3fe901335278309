"""The facts of every real report of ../shared/corpus against its `metadata.jsonl`: region (the name the
document uses for its own government then), plan year and level. A floor a little under what the engine
reaches, so that a regression fails; the message lists every mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import planwatch

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# field of DocumentFacts, key in metadata.jsonl, how many of the 131 reports must agree (reached: 131)
FLOORS = [("region", "region", 129), ("plan_year", "year", 129), ("level", "level", 129),
          ("review_year", "reviews", 129)]


@pytest.fixture(scope="module")
def detected() -> list[tuple[dict, planwatch.DocumentFacts]]:
    rows = [json.loads(line) for line in (CORPUS / "metadata.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    assert len(rows) == 131
    return [(row, planwatch.read(CORPUS / row["file"]).facts) for row in rows]


@pytest.mark.parametrize("field, key, floor", FLOORS, ids=[f[0] for f in FLOORS])
def test_corpus_facts_agree_with_the_metadata(detected, field: str, key: str, floor: int) -> None:
    wrong = [f"{row['file']}: {getattr(facts, field)!r} != {row[key]!r}"
             for row, facts in detected if getattr(facts, field) != row[key]]
    agree = len(detected) - len(wrong)
    assert agree >= floor, f"{field}: {agree}/{len(detected)} agree, floor {floor}; mismatches:\n" + "\n".join(wrong)

"""The synthetic report generator: deterministic, grounded, varied, with real parent/child structure."""

from __future__ import annotations

import json
import random
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

import planwatch
import planwatch.engine
from planwatch.synth import phrases as synth_phrases, report as synth
from planwatch.synth import World, generate

CATALOG = Path(planwatch.engine.__file__).parent / "grammar" / "indicators.toml"
FIELDS = {"doc", "region", "year", "kind", "indicator", "measure", "value", "unit", "op", "quote", "start", "end"}


@pytest.fixture(scope="module")
def reports() -> list[synth.SyntheticReport]:
    return list(generate(50, seed=11))


def catalog_ids() -> set[str]:
    with open(CATALOG, "rb") as f:
        return set(tomllib.load(f))


def test_same_seed_same_reports_other_seed_other_reports():
    first = [(r.name, r.text, r.figures) for r in generate(12, seed=3)]
    again = [(r.name, r.text, r.figures) for r in generate(12, seed=3)]
    other = [(r.name, r.text, r.figures) for r in generate(12, seed=4)]
    assert first == again
    assert first != other


def test_every_quote_is_the_text_at_its_offsets(reports):
    for report in reports:
        assert report.figures, report.name
        for fig in report.figures:
            assert fig["quote"] and fig["quote"] in report.text
            assert report.text[fig["start"]:fig["end"]] == fig["quote"], (report.name, fig)
            assert fig["quote"] == fig["quote"].strip()


def test_figures_follow_the_gold_schema(reports):
    ids = catalog_ids()
    for report in reports:
        for fig in report.figures:
            assert FIELDS <= set(fig), fig
            assert fig["doc"] == report.name and fig["region"] == report.region
            assert fig["indicator"] in ids
            assert fig["kind"] in {"target", "actual", "estimate"}
            assert fig["measure"] in {"growth", "level", "change_pp"}
            if fig["op"] in {"sync", "qualitative"}:
                assert fig["value"] is None and fig["unit"] is None
            else:
                assert isinstance(fig["value"], (int, float)) and fig["unit"]
            if fig["kind"] == "target" and not fig.get("restated") and fig.get("source") != "table":
                assert fig["year"] >= report.year, fig  # targets are of the plan year or later
            if fig["kind"] in {"actual", "estimate"}:
                assert fig["year"] == report.year - 1, fig
            if fig["kind"] == "estimate":
                assert "预计" in fig["quote"], fig


def test_lengths_and_years_are_in_range(reports):
    assert all(synth.MIN_CHARS <= len(r.text) <= synth.MAX_CHARS for r in reports)
    assert all(r.year in synth.YEARS for r in reports)
    lengths = sorted(len(r.text) for r in reports)
    assert lengths[0] < 6000 and lengths[-1] > 15000


def test_variety_of_documents_and_phrasings(reports):
    assert set(Counter(r.doc_type for r in reports)) == {"plan_execution", "work_report", "plan_notice"}
    assert {r.level for r in reports} == {"city", "district", "county"}
    quotes = [f["quote"] for r in reports for f in r.figures]
    for marker in ["左右", "以上", "以内", "分别", "同比增长", "预计", "力争", "下降", "突破", "与经济增长"]:
        assert any(marker in q for q in quotes), marker
    ops = Counter(f["op"] for r in reports for f in r.figures)
    assert {"approx", "ge", "gt", "le", "eq", "sync", "qualitative"} <= set(ops)
    figures = [f for r in reports for f in r.figures]
    assert any(f.get("source") == "table" for f in figures)
    assert any(f.get("restated") for f in figures)
    assert len({f["indicator"] for f in figures}) == len(catalog_ids())
    texts = [r.text for r in reports]
    assert any("，" in t for t in texts) and any("," in t and "，" not in t for t in texts)
    assert any(re.search(r"[\u4e00-\u9fff] \d", q) for q in quotes)  # spaces around numbers (PDF text)
    assert any("——" in t for t in texts) and any("**" in t for t in texts)
    assert any(" | " in t for t in texts) and any(re.search(r" \|\n", t) for t in texts)  # both table layouts
    # lines broken mid-sentence: a long line that stops on an ideograph, not on 。：；
    broken = [t for t in texts if re.search(r"^[^\n]{60,}[\u4e00-\u9fff]\n", t, re.M)]
    assert broken


def test_children_and_parents_share_years(reports):
    regions = {(r.region, r.year) for r in reports}
    children = [r for r in reports if r.level in {"district", "county"}]
    assert children and all(r.parent and r.parent.endswith("市") for r in children)
    assert any((r.parent, r.year) in regions for r in children)
    cities = [r for r in reports if r.level == "city"]
    assert all(r.parent in synth_phrases.PROVINCES for r in cities)


def test_escalation_children_targets_at_least_their_citys():
    world = World(seed=5, n_cities=6)
    compared = 0
    for city in world.cities:
        for child in world.children[city.name]:
            for year in synth.YEARS:
                for ind in synth_phrases.CORE:
                    up, down = world.stats(city, year)[ind], world.stats(child, year)[ind]
                    if up.target_op in {"approx", "ge", "eq"}:
                        assert down.target >= up.target
                        compared += 1
    assert compared > 100


def test_invented_places_are_unknown_to_the_gazetteer(reports):
    known = synth.known_bigrams()
    if not known:
        pytest.skip("jionlp is not installed")
    assert "九原" in known  # the check can fail: a real place is found
    for report in reports:
        for name in filter(None, (report.region, report.parent if report.level != "city" else None)):
            assert name[:2] not in known, name


def test_filler_states_no_catalog_figure():
    """Filler prose around the figures must state none of a catalog indicator, or the gold would be
    incomplete: each sentence, rendered, in the review and in the plan part, gives no catalog figure."""
    rng = random.Random(5)
    prose = (synth_phrases.REVIEW_SENTENCES + synth_phrases.PLAN_SENTENCES + synth_phrases.PROSE
             + synth_phrases.PROBLEMS + synth_phrases.REVIEW_INTRO + synth_phrases.CLOSING
             + synth_phrases.GOVERNMENT_SELF + synth_phrases.SECTION_TOPICS_REVIEW
             + synth_phrases.SECTION_TOPICS_PLAN)
    for sentence in prose:
        text = synth._render(synth._compile(sentence), rng)
        report = f"一、2023年工作回顾\n{text}\n二、2024年主要预期目标\n{text}\n"
        doc = planwatch.read(report.encode("utf-8"), name="filler.txt", region="云川市")
        catalog = [f.to_dict() for f in planwatch.extract(doc) if f.indicator != "other"]
        assert not catalog, (sentence, catalog)

def test_command_line_writes_texts_and_expected(tmp_path):
    assert synth.main(["--n", "6", "--seed", "2", "--out", str(tmp_path)]) == 0
    texts = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.txt")}
    assert len(texts) == 6
    rows = [json.loads(line) for line in (tmp_path / "expected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows and {row["doc"] for row in rows} == set(texts)
    for row in rows:
        assert texts[row["doc"]][row["start"]:row["end"]] == row["quote"]
    documents = (tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(documents) == 6

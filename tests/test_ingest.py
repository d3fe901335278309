"""Ingest and reprocess: whole documents or nothing, the same content once, one bad file never stops a batch."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planwatch import ingest as ingest_module, store
from planwatch.cli import app
from planwatch.corrections import correct
from planwatch.ingest import ingest, reprocess
from planwatch.models import Document
from planwatch.pipeline import MIN_CHINESE_SHARE, not_a_report
from stub_engine import ANALYSER, report, write_reports

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_each_document_is_stored_with_its_figures(db_url, tmp_path):
    write_reports(tmp_path / "in", 3)
    result = ingest([tmp_path / "in"], db=db_url, jobs=1, analyser=ANALYSER)
    assert [o.status for o in result.outcomes] == ["stored"] * 3
    docs = store.documents(db_url)
    assert [d.facts.region for d in docs] == ["测试0区", "测试1区", "测试2区"]
    assert [d.figure_count for d in docs] == [4, 4, 4]
    # a folder's file is shown by its path inside the folder: the server's own folders stay private
    assert docs[0].source == "report_00000.txt" and docs[0].format == "text"
    first = store.figures(db_url, doc_id=docs[0].id)
    assert [(f.figure.indicator, f.figure.value) for f in first] == [
        ("gdp", Decimal("5.0")), ("fai", Decimal("0")), ("gdp", Decimal("6.0")), ("fai", Decimal("1"))]
    text = store.get_document(db_url, docs[0].id).text
    assert all(text[r.figure.start:r.figure.end] == r.figure.quote for r in first)
    assert all(r.figure.doc == "report_00000.txt" for r in first)


def test_a_file_given_by_name_keeps_that_name_as_its_source(db_url, tmp_path):
    [path] = write_reports(tmp_path / "in" / "sub", 1)
    ingest([path], db=db_url, jobs=1, analyser=ANALYSER)
    write_reports(tmp_path / "in" / "sub", 1, start=1)
    ingest([tmp_path / "in"], db=db_url, jobs=1, analyser=ANALYSER)
    assert [d.source for d in store.documents(db_url)] == [str(path), "sub/report_00001.txt"]


def test_the_same_content_is_stored_once(db_url, tmp_path):
    paths = write_reports(tmp_path / "in", 3)
    (tmp_path / "in" / "copy.txt").write_bytes(paths[0].read_bytes())
    first = ingest([tmp_path / "in"], db=db_url, jobs=1, analyser=ANALYSER)
    assert (first.count("stored"), first.count("unchanged")) == (3, 1)
    again = ingest([tmp_path / "in", paths[1]], db=db_url, jobs=1, analyser=ANALYSER)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 5
    assert len(store.documents(db_url)) == 3 and len(store.figures(db_url)) == 12


def test_one_bad_file_does_not_stop_the_batch(db_url, tmp_path):
    folder = tmp_path / "in"
    write_reports(folder, 2)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "refused.txt").write_text(report(7) + "引发错误\n", encoding="utf-8")
    result = ingest([folder, tmp_path / "missing.txt"], db=db_url, jobs=1, analyser=ANALYSER)
    by_name = {Path(o.source).name: o for o in result.outcomes}
    assert by_name["report_00000.txt"].status == by_name["report_00001.txt"].status == "stored"
    assert by_name["binary.txt"].status == "failed" and by_name["binary.txt"].reason
    assert by_name["refused.txt"].reason == "extraction failed: ValueError: stub engine refuses this text"
    assert by_name["missing.txt"].status == "failed" and "no such file" in by_name["missing.txt"].reason
    assert not result.ok
    assert sorted(d.name for d in store.documents(db_url)) == ["report_00000.txt", "report_00001.txt"]


def test_a_document_the_database_refuses_leaves_nothing(db_url, tmp_path):
    write_reports(tmp_path / "in", 2)
    result = ingest([tmp_path / "in"], db=db_url, jobs=1, analyser="stub_engine:analyse_unstorable")
    assert [o.status for o in result.outcomes] == ["failed", "failed"]
    assert result.outcomes[0].reason.startswith("could not be stored: ")
    assert store.documents(db_url) == [] and store.figures(db_url) == [] and store.regions(db_url) == []


def test_parallel_workers_store_the_same_books(db_url, tmp_path):
    write_reports(tmp_path / "in", 12, figures=3)
    result = ingest([tmp_path / "in"], db=db_url, jobs=2, analyser=ANALYSER)
    assert result.count("stored") == 12
    docs = store.documents(db_url)
    assert [d.name for d in docs] == [f"report_{i:05d}.txt" for i in range(12)]  # stored in the order given
    assert all(d.figure_count == 6 for d in docs)
    assert ingest([tmp_path / "in"], db=db_url, jobs=2, analyser=ANALYSER).count("unchanged") == 12


def test_region_and_year_override_the_documents(db_url, tmp_path):
    write_reports(tmp_path / "in", 1)
    ingest([tmp_path / "in"], db=db_url, jobs=1, analyser=ANALYSER, region="九原区", year=2025)
    [doc] = store.documents(db_url)
    assert (doc.facts.region, doc.facts.plan_year, doc.overrides) == ("九原区", 2025, {"region": "九原区", "year": 2025})
    assert {r.figure.year for r in store.figures(db_url)} == {2025}


def test_reprocess_replaces_figures_and_keeps_corrections(db_url, tmp_path, monkeypatch):
    write_reports(tmp_path / "in", 2)
    ingest([tmp_path / "in"], db=db_url, jobs=1, analyser=ANALYSER, region="九原区")
    before = store.figures(db_url)
    correct(db_url, before[0].id, {"value": "9.9", "kind": "estimate"}, why="the table says 9.9", author="li")
    # nothing changed in the engine: nothing to do
    assert reprocess(db=db_url, jobs=1, analyser="stub_engine:analyse_doubled").outcomes == []
    monkeypatch.setattr(ingest_module, "engine_version", lambda: "next")
    result = reprocess(db=db_url, jobs=1, analyser="stub_engine:analyse_doubled")
    assert [o.status for o in result.outcomes] == ["reprocessed", "reprocessed"]
    after = store.figures(db_url)
    assert [r.id for r in after] == [r.id for r in before]  # the same figures keep their ids
    assert (after[0].figure.value, after[0].figure.kind) == (Decimal("9.9"), "estimate")  # the correction
    assert [r.figure.value for r in after[1:]] == [r.figure.value * 2 for r in before[1:]]  # the new engine
    assert {r.figure.region for r in after} == {"九原区"}  # the ingest overrides are kept
    assert {d.engine_version for d in store.documents(db_url)} == {"next"}
    assert reprocess(db=db_url, jobs=1, analyser=ANALYSER).outcomes == []


def test_reprocess_keeps_the_ids_of_the_figures_found_again(db_url, tmp_path, monkeypatch):
    write_reports(tmp_path / "in", 2)
    ingest([tmp_path / "in"], db=db_url, jobs=1, analyser=ANALYSER)
    before = store.figures(db_url)
    gdp = [r.id for r in before if r.figure.indicator == "gdp"]
    correct(db_url, gdp[0], {"value": "1"}, why="x", author="li")
    monkeypatch.setattr(ingest_module, "engine_version", lambda: "fai only")
    reprocess(db=db_url, jobs=1, analyser="stub_engine:analyse_fai_only")
    after = store.figures(db_url)
    assert [r.id for r in after] == [r.id for r in before if r.figure.indicator == "fai"]
    assert all(store.get_figure(db_url, i) is None for i in gdp)
    monkeypatch.setattr(ingest_module, "engine_version", lambda: "all again")
    reprocess(db=db_url, jobs=1, analyser=ANALYSER)
    again = store.figures(db_url)
    assert [r.id for r in again if r.figure.indicator == "fai"] == [r.id for r in after]
    assert set(r.id for r in again if r.figure.indicator == "gdp").isdisjoint(gdp)  # new rows for figures gone
    assert again[0].figure.value == Decimal("1")  # the correction followed its key, not its id


def test_cli_ids_survive_reprocess(db_url, tmp_path, monkeypatch):
    from stub_engine import analyse

    monkeypatch.setattr(ingest_module, "analyse", analyse)
    write_reports(tmp_path / "in", 2)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db_url, "--jobs", "1"]).exit_code == 0
    before, after = tmp_path / "before.jsonl", tmp_path / "after.jsonl"
    assert runner.invoke(app, ["export", "--db", db_url, "--format", "jsonl", "--out", str(before)]).exit_code == 0
    assert runner.invoke(app, ["reprocess", "--all", "--db", db_url, "--jobs", "1"]).exit_code == 0
    assert runner.invoke(app, ["export", "--db", db_url, "--format", "jsonl", "--out", str(after)]).exit_code == 0
    exported = before.read_text(encoding="utf-8")
    assert after.read_text(encoding="utf-8") == exported and len(exported.splitlines()) == 8
    first = json.loads(exported.splitlines()[0])["id"]
    fixed = runner.invoke(app, ["correct", str(first), "value=7", "--why", "an id from the export", "--db", db_url])
    assert fixed.exit_code == 0, fixed.output


def test_cli_ingest_summary_and_exit_status(db_url, tmp_path, monkeypatch):
    from stub_engine import analyse

    monkeypatch.setattr(ingest_module, "analyse", analyse)
    folder = tmp_path / "in"
    write_reports(folder, 2)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--jobs", "1"])
    assert first.exit_code == 1, first.output
    assert f"failed: {folder / 'binary.txt'}: " in first.output
    assert "stored" in first.output and "8 figures" in first.output
    (folder / "binary.txt").unlink()
    second = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--jobs", "1"])
    assert second.exit_code == 0, second.output
    assert "unchanged" in second.output and "failed: " not in second.output


def test_a_document_that_does_not_say_whose_it_is_is_stored_with_a_warning(db_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # a report (it states enough of the catalog's figures to count as one) that never names its county
    (folder / "anonymous.txt").write_text("各位代表：\n一、2023年工作回顾\n全县地区生产总值增长5%，固定资产投资"
                                          "增长8%，社会消费品零售总额增长6%。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db_url, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f"warning: {folder / 'anonymous.txt'}: no region found in the text" in result.output
    assert "plan year" not in result.output  # the year it does say
    [doc] = store.documents(db_url)
    assert doc.facts.region is None and doc.facts.plan_year == 2024


def test_cli_reports_a_database_it_cannot_open(tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", "nosuchdriver://x/y"])
    assert result.exit_code == 2
    assert "cannot open database nosuchdriver://x/y" in result.output


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds beside the repository")
def test_the_real_pipeline_stores_what_it_extracts(db_url):
    from planwatch.load import read_path

    seed = sorted(SEEDS.glob("*.txt"))[1]
    result = ingest([seed], db=db_url)
    assert [o.status for o in result.outcomes] == ["stored"], result.outcomes
    document = read_path(seed)
    expected = ingest_module.analyse(document, {})
    [stored] = store.documents(db_url)
    assert stored.facts == document.facts
    got = [r.figure for r in store.figures(db_url)]
    assert got == expected and len(got) > 10


def test_a_worker_that_dies_fails_its_file_only(db_url, tmp_path):
    folder = tmp_path / "in"
    write_reports(folder, 6)
    (folder / "report_00003.txt").write_text(report(3) + "崩溃\n", encoding="utf-8")
    result = ingest([folder], db=db_url, jobs=2, analyser="stub_engine:analyse_crashing")
    failed = {Path(o.source).name: o.reason for o in result.failed}
    assert failed == {"report_00003.txt": "the process reading it died"}
    assert result.count("stored") == 5
    assert [d.name for d in store.documents(db_url)] == [f"report_{i:05d}.txt" for i in (0, 1, 2, 4, 5)]


def test_cli_reprocess(db_url, tmp_path, monkeypatch):
    from stub_engine import analyse

    monkeypatch.setattr(ingest_module, "analyse", analyse)
    write_reports(tmp_path / "in", 2)
    ingest([tmp_path / "in"], db=db_url, jobs=1)
    runner = CliRunner()
    nothing = runner.invoke(app, ["reprocess", "--db", db_url, "--jobs", "1"])
    assert nothing.exit_code == 0 and "nothing to reprocess" in nothing.output
    forced = runner.invoke(app, ["reprocess", "--all", "--db", db_url, "--jobs", "1"])
    assert forced.exit_code == 0, forced.output
    assert "reprocessed" in forced.output and "8 figures" in forced.output


def test_a_file_in_mixed_encodings_is_stored_with_a_warning(db_url, tmp_path, monkeypatch):
    from stub_engine import analyse

    monkeypatch.setattr(ingest_module, "analyse", analyse)
    lines = report(4, figures=4).splitlines(keepends=True)
    path = tmp_path / "mixed.txt"
    path.write_bytes("".join(lines[:4]).encode("utf-8") + "".join(lines[4:]).encode("gb18030"))
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", db_url, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: mixed encodings, decoded line by line (utf-8: lines 1-4; gb18030: lines 5-" in result.output
    [doc] = store.documents(db_url)
    assert doc.figure_count == 8 and doc.encoding == "utf-8+gb18030"


def test_only_reports_are_ingested_and_the_rest_says_why(db_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    examples = Path(__file__).resolve().parents[1] / "examples"
    report_path = folder / "plan.txt"
    report_path.write_bytes((examples / "澜泽市_2025年政府工作报告.txt").read_bytes())
    (folder / "README.md").write_text("# Reports\n\nThe 政府工作报告 of 2024 are in this folder; "
                                      "GDP grew 5% (地区生产总值增长5%).\n", encoding="utf-8")
    (folder / "notes.txt").write_text("会议纪要：地区生产总值增长5%，请各单位周知。\n", encoding="utf-8")
    result = ingest([folder], db=db_url, jobs=1)
    by_name = {Path(o.source).name: o for o in result.outcomes}
    assert by_name["plan.txt"].status == "stored" and result.ok
    assert by_name["README.md"].status == "skipped"
    assert by_name["README.md"].reason.startswith("not a report: only") and "Chinese" in by_name["README.md"].reason
    assert by_name["notes.txt"].status == "skipped"
    assert by_name["notes.txt"].reason == ("not a report: it names no government; it names no year; its title "
                                           "and opening name no plan or report; it states 1 figures of the "
                                           "catalog's indicators")
    assert [d.name for d in store.documents(db_url)] == ["plan.txt"]
    shown = CliRunner().invoke(app, ["ingest", str(folder / "notes.txt"), "--db", db_url])
    assert shown.exit_code == 0 and "skipped: " in shown.output and "not a report" in shown.output


def test_what_one_document_may_cost_is_bounded(db_url, tmp_path):
    from planwatch.load.limits import MAX_FIGURES, MAX_TEXT_CHARS

    many = tmp_path / "many.txt"
    many.write_text(report(1, figures=MAX_FIGURES // 2 + 1), encoding="utf-8")  # 2 figures a line
    long = tmp_path / "long.txt"
    long.write_text("地区：测试2区\n年份：2024\n" + "长" * MAX_TEXT_CHARS, encoding="utf-8")
    result = ingest([many, long], db=db_url, jobs=1, analyser=ANALYSER)
    reasons = {Path(o.source).name: (o.status, o.reason) for o in result.outcomes}
    assert reasons["many.txt"] == ("failed", f"it states {MAX_FIGURES + 2:,} figures, over the 10,000-figure "
                                             "limit of one document")
    assert reasons["long.txt"][0] == "failed"
    assert "characters, over the 1,000,000-character limit of one document" in reasons["long.txt"][1]
    assert store.documents(db_url) == [] and store.figures(db_url) == []


def test_cli_regions_come_from_the_gazetteer_and_documents_can_be_amended(db_url, tmp_path):
    examples = Path(__file__).resolve().parents[1] / "examples"
    plan = examples / "澜泽市禾麓区_2024年国民经济和社会发展计划.txt"
    runner = CliRunner()
    unknown = runner.invoke(app, ["ingest", str(plan), "--region", "测试/县", "--db", db_url])
    assert unknown.exit_code == 2 and "'测试/县' is not a region of the gazetteer" in unknown.output
    assert store.documents(db_url) == []
    assert runner.invoke(app, ["ingest", str(plan), "--region", "九原区", "--db", db_url]).exit_code == 0
    [document] = store.documents(db_url)
    moved = runner.invoke(app, ["set-region", str(document.id), "包头市东河区", "--why", "选错了", "--db", db_url])
    assert moved.exit_code == 0, moved.output
    assert store.get_document(db_url, document.id).facts.region == "东河区"
    back = runner.invoke(app, ["set-region", str(document.id), "--why", "按正文", "--db", db_url])
    assert back.exit_code == 0 and store.get_document(db_url, document.id).facts.region == "禾麓区"
    refused = runner.invoke(app, ["delete", str(document.id), "--db", db_url])
    assert refused.exit_code == 1 and "needs a reason" in refused.output
    deleted = runner.invoke(app, ["delete", str(document.id), "--why", "示例", "--author", "赵", "--db", db_url])
    assert deleted.exit_code == 0 and store.documents(db_url) == [] and store.figures(db_url) == []
    assert store.regions(db_url) == []  # no document names the region any more
    log = runner.invoke(app, ["corrections", "--db", db_url, "--format", "jsonl"]).output
    import json

    assert [(e["field"], e["old"], e["new"]) for e in map(json.loads, log.splitlines())] == [
        ("region", "九原区", "东河区"), ("region", "东河区", "禾麓区"), ("document", document.name, None)]


@pytest.mark.parametrize("text, share", [
    ("国民经济 GDP growth", 4 * 100 // 13),  # letters: 4 Chinese, 9 Latin; spaces are none
    ("䷀䷁䷂ 发展 ①② 2024年", 100),  # hexagrams (U+4DC0…) and circled numbers are no letters; 年 is one
    ("䷀䷀䷀䷀䷀发 abcdefgh", 100 // 9),  # 1 Chinese letter of 9: the hexagrams count for nothing
    ("abc", 0),
])
def test_a_text_s_chinese_share_counts_its_letters(text, share):
    """`not_a_report` reads the share of Chinese among the letters (`str.isalpha`) of a text's opening."""
    letters = [c for c in text if c.isalpha()]
    assert share == sum("\u3400" <= c <= "\u9fff" for c in letters) * 100 // len(letters)
    reason = not_a_report(Document(text=text, name="t.txt", sha256="0" * 64), [])
    assert (reason or "").startswith(f"not a report: only {share}%") == (share < MIN_CHINESE_SHARE * 100)

"""A document read again from the same source with new content is a new version: it supersedes the old one
in the books, the old one stays readable, corrections follow the figures that are still the same."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planwatch import store
from planwatch.cli import app
from planwatch.corrections import correct, corrections
from planwatch.dataset import panel_records
from planwatch.ingest import ingest
from stub_engine import ANALYSER, write_reports

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def books(db_url, tmp_path):
    """Three stub reports ingested; the first one's figures are 5.0, 0, 6.0, 1 (gdp, fai, gdp, fai)."""
    paths = write_reports(tmp_path / "in", 3)
    assert ingest([tmp_path / "in"], db=db_url, jobs=1, analyser=ANALYSER).count("stored") == 3
    return db_url, paths


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_document_supersedes_its_old_version(books, tmp_path):
    db, paths = books
    [first_before, *_] = store.documents(db)
    edit(paths[0], "地区生产总值增长5.0%", "地区生产总值增长4.0%")

    again = ingest([tmp_path / "in"], db=db, jobs=1, analyser=ANALYSER)

    assert [o.status for o in again.outcomes] == ["updated", "unchanged", "unchanged"]
    updated = again.outcomes[0]
    assert updated.previous == first_before.id and updated.figures == 4
    current = store.documents(db)
    assert len(current) == 3 and [d.name for d in current].count("report_00000.txt") == 1
    assert len(store.figures(db)) == 12  # the old version's figures left the books
    values = [r.figure.value for r in store.figures(db, doc_id=updated.doc_id)]
    assert values == [Decimal("4.0"), Decimal("0"), Decimal("6.0"), Decimal("1")]
    # the old version stays readable, marked as history
    old = store.get_document(db, first_before.id)
    assert (old.current, old.superseded_by) == (False, updated.doc_id) and old.superseded_at is not None
    assert [r.figure.value for r in store.figures(db, doc_id=old.id)][0] == Decimal("5.0")
    assert not store.get_figure(db, store.figures(db, doc_id=old.id)[0].id).current
    assert len(store.documents(db, superseded=True)) == 4
    assert [v.id for v in store.versions(db, updated.doc_id)] == [old.id, updated.doc_id]
    previous, changes = store.changes_from_previous(db, updated.doc_id)
    assert previous == old.id
    assert [(c.what, c.old.figure.value, c.new.figure.value) for c in changes] == [
        ("changed", Decimal("5.0"), Decimal("4.0"))]


def test_reading_the_same_content_again_changes_nothing(books, tmp_path):
    db, paths = books
    edit(paths[1], "固定资产投资增长1%", "固定资产投资增长2%")
    ingest([tmp_path / "in"], db=db, jobs=1, analyser=ANALYSER)
    before = (store.documents(db, superseded=True), store.figures(db, superseded=True))
    again = ingest([tmp_path / "in"], db=db, jobs=1, analyser=ANALYSER)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 3
    assert (store.documents(db, superseded=True), store.figures(db, superseded=True)) == before


def test_corrections_follow_the_figures_that_stay_the_same(books, tmp_path):
    db, paths = books
    first = store.figures(db, doc_id=store.documents(db)[0].id)
    correct(db, first[1].id, {"value": "0.5"}, why="表中为0.5", author="王")  # 固定资产投资增长0%: unchanged
    correct(db, first[0].id, {"op": "approx"}, why="原文有左右", author="李")  # 地区生产总值增长5.0%: edited
    edit(paths[0], "地区生产总值增长5.0%", "地区生产总值增长4.0%")

    [updated, *_] = ingest([tmp_path / "in"], db=db, jobs=1, analyser=ANALYSER).outcomes

    assert (updated.status, updated.carried) == ("updated", 1)
    [orphan] = updated.orphaned
    assert orphan.startswith("correction 2 (op eq → approx of “地区生产总值增长5.0%”, by 李)")
    now = store.figures(db, doc_id=updated.doc_id)
    assert now[1].figure.value == Decimal("0.5") and now[0].figure.op == "eq"
    log = corrections(db)
    assert [(c.field, c.figure_id, c.current, c.carried_from) for c in log] == [  # a copy beside its origin
        ("value", first[1].id, False, None), ("value", now[1].id, True, 1), ("op", first[0].id, False, None)]
    with pytest.raises(ValueError, match=rf"figure {first[1].id} belongs to a superseded version of "
                                         rf"report_00000.txt .*the current version, document {updated.doc_id}"):
        correct(db, first[1].id, {"value": "0.7"}, why="x")


def test_an_edit_undone_makes_the_first_version_current_again(books, tmp_path):
    db, paths = books
    original = store.documents(db)[0]
    correct(db, store.figures(db, doc_id=original.id)[1].id, {"value": "0.5"}, why="表中为0.5", author="王")
    text = paths[0].read_text(encoding="utf-8")
    edit(paths[0], "地区生产总值增长5.0%", "地区生产总值增长4.0%")
    edited = ingest([paths[0]], db=db, jobs=1, analyser=ANALYSER).outcomes[0]
    paths[0].write_text(text, encoding="utf-8")

    back = ingest([paths[0]], db=db, jobs=1, analyser=ANALYSER).outcomes[0]

    assert (back.status, back.doc_id, back.previous) == ("updated", original.id, edited.doc_id)
    assert [d.id for d in store.documents(db)][0] == original.id and len(store.documents(db)) == 3
    assert store.figures(db, doc_id=original.id)[1].figure.value == Decimal("0.5")
    assert len(corrections(db)) == 2  # the carried copy is not carried back


def test_deleting_a_version_keeps_its_source_whole(books):
    from planwatch.amend import delete

    db, paths = books
    first = store.documents(db)[0]
    edit(paths[0], "地区生产总值增长5.0%", "地区生产总值增长4.0%")
    second = ingest([paths[0]], db=db, jobs=1, analyser=ANALYSER).outcomes[0]
    edit(paths[0], "地区生产总值增长4.0%", "地区生产总值增长3.0%")
    third = ingest([paths[0]], db=db, jobs=1, analyser=ANALYSER).outcomes[0]

    assert delete(second.doc_id, why="重复", db=db).restored == []  # an old version: its successor takes over
    assert store.get_document(db, first.id).superseded_by == third.doc_id
    assert [v.id for v in store.versions(db, third.doc_id)] == [first.id, third.doc_id]

    correct(db, store.figures(db, doc_id=third.doc_id)[1].id, {"value": "0.5"}, why="表中为0.5", author="王")
    result = CliRunner().invoke(app, ["delete", str(third.doc_id), "--why", "错误的版本", "--db", db])

    assert result.exit_code == 0, result.output
    assert f"document {first.id}, the version before it, is current again" in result.output
    assert store.get_document(db, first.id).current and len(store.documents(db)) == 3
    values = [r.figure.value for r in store.figures(db, doc_id=first.id)]
    assert values[:2] == [Decimal("5.0"), Decimal("0.5")]  # the correction came back with it
    assert len(store.figures(db)) == 12


def test_a_file_now_a_copy_of_another_source_supersedes_its_own_old_version(books, tmp_path):
    db, paths = books
    shutil.copyfile(paths[2], paths[1])
    outcome = ingest([paths[1]], db=db, jobs=1, analyser=ANALYSER).outcomes[0]
    assert outcome.status == "updated"
    assert sorted(d.name for d in store.documents(db)) == ["report_00000.txt", "report_00002.txt"]


def test_documents_without_a_source_have_no_versions(db_url, tmp_path):
    from sqlalchemy.orm import Session

    from planwatch.load import read_bytes
    from planwatch.store.db import get_engine, writer
    from planwatch.store.write import store_version
    from stub_engine import analyse, report

    for text in (report(1), report(2)):
        document = read_bytes(text.encode(), "<stdin>", "-")
        figures = analyse(document, {})
        with Session(writer(get_engine(db_url))) as session, session.begin():
            assert store_version(session, document, figures, source_key=None, engine_version="t").status == "stored"
    assert len(store.documents(db_url)) == 2


def test_cli_says_updated_and_lists_versions(books, tmp_path, monkeypatch):
    from planwatch import ingest as ingest_module
    from stub_engine import analyse

    db, paths = books
    monkeypatch.setattr(ingest_module, "analyse", analyse)
    edit(paths[0], "地区生产总值增长5.0%", "地区生产总值增长4.0%")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert re.search(r"updated\s*│\s*1\s*│\s*4 figures", result.output)
    assert f"updated: {paths[0]}: document 4, superseding document 1" in result.output
    listed = runner.invoke(app, ["documents", "--db", db, "--format", "jsonl"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [(r["id"], r["name"], r["version"], r["versions"]) for r in rows] == [
        (2, "report_00001.txt", 1, 1), (3, "report_00002.txt", 1, 1), (4, "report_00000.txt", 2, 2)]
    every = runner.invoke(app, ["documents", "--db", db, "--all", "--format", "jsonl"])
    rows = [json.loads(line) for line in every.output.splitlines()]
    assert [(r["id"], r["current"], r["superseded_by"]) for r in rows][0] == (1, False, 4)


def test_the_books_use_the_new_version(db_url, tmp_path):
    """The edited-document case of issue 12, with the real engine: a target edited in one report."""
    folder = tmp_path / "reports"
    shutil.copytree(ROOT / "examples", folder, ignore=shutil.ignore_patterns("*.md", "*.jsonl"))
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--jobs", "1"])
    assert first.exit_code == 0, first.output
    plan = next(folder.glob("澜泽市_2023年计划执行情况*.txt"))
    text = plan.read_text(encoding="utf-8")
    assert text.count("地区生产总值增长6%左右") == 1 and text.count("| 6左右") == 1
    plan.write_text(text.replace("地区生产总值增长6%左右", "地区生产总值增长5.5%左右")
                    .replace("安排在6%左右", "安排在5.5%左右").replace("| 6左右", "| 5.5左右"), encoding="utf-8")

    second = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--jobs", "1"])

    assert second.exit_code == 0, second.output
    assert f"updated: {plan}: document 4, superseding document" in second.output
    card = runner.invoke(app, ["scorecard", "--db", db_url, "--region", "澜泽市", "--year", "2024", "--format", "jsonl"])
    gdp = [row for row in map(json.loads, card.output.splitlines())
           if row["indicator"] == "gdp" and row["measure"] == "growth"]
    assert [row["target"]["value"] for row in gdp] == [5.5], gdp
    annex = runner.invoke(app, ["annex", "--db", db_url, "--region", "澜泽市", "--year", "2024", "--format", "json"])
    assert "5.5%左右" in annex.output and "6%左右" not in annex.output
    names = [d.name for d in store.documents(db_url)]
    assert names.count(plan.name) == 1 and len(names) == 3
    # the check and the research panel read the new version only: no conflict between 6 and 5.5
    check = runner.invoke(app, ["check", "--db", db_url, "--region", "澜泽市", "--year", "2024", "--format", "jsonl"])
    assert check.exit_code == 0, check.output
    assert not [f for f in map(json.loads, check.output.splitlines())
                if f["kind"] == "conflict" and f["indicator"] == "gdp"], check.output
    panel = [r for r in panel_records(db_url, indicator="gdp")
             if (r.region, r.year, r.measure) == ("澜泽市", 2024, "growth")]
    assert [r.target for r in panel] == [Decimal("5.5")]


def test_the_migration_keeps_the_newest_of_a_source_stored_twice_current(db_url):
    """Databases of before versions may hold an edited file twice: the newest stays in the books; the
    older one leaves them when its source is unambiguous (an absolute path), else stays as it was."""
    from alembic import command
    from sqlalchemy.orm import Session

    from planwatch.models import Document
    from planwatch.store.db import alembic_config, dispose_engines, get_engine, writer
    from planwatch.store.write import source_key, store_document
    from stub_engine import analyse, report

    stored = {}
    for label, source, i in (("abs-old", "/data/report.txt", 1), ("abs-new", "/data/report.txt", 2),
                             ("rel-old", "reports/a.txt", 3), ("rel-new", "reports/a.txt", 4), ("stdin", "-", 5)):
        document = Document(text=report(i), name=Path(source).name, source=source, sha256=str(i) * 64)
        figures = analyse(document, {})
        with Session(writer(get_engine(db_url))) as session, session.begin():
            stored[label] = store_document(session, document, figures, engine_version="t")
    with get_engine(db_url).connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
        conn.commit()
    dispose_engines()

    every = {d.id: d for d in store.documents(db_url, superseded=True)}  # migrated on first use

    assert every[stored["abs-old"]].superseded_by == stored["abs-new"]
    assert every[stored["abs-new"]].current and every[stored["abs-new"]].source_key == source_key("/data/report.txt")
    assert every[stored["rel-old"]].current and every[stored["rel-old"]].source_key is None
    assert every[stored["rel-new"]].current and every[stored["rel-new"]].source_key == source_key("reports/a.txt")
    assert every[stored["stdin"]].current and every[stored["stdin"]].source_key is None
    assert len(store.documents(db_url)) == 4


def test_the_web_shows_versions_and_what_changed(books, tmp_path):
    from fastapi.testclient import TestClient

    from planwatch.store.search import search
    from planwatch.web import create_app

    db, paths = books
    edit(paths[0], "地区生产总值增长5.0%", "地区生产总值增长4.0%<b>")
    [updated, *_] = ingest([tmp_path / "in"], db=db, jobs=1, analyser=ANALYSER).outcomes
    client = TestClient(create_app(db))

    page = client.get(f"/doc/{updated.doc_id}").text
    assert 'data-testid="versions"' in page and 'data-testid="superseded-notice"' not in page
    assert '<tr data-change="changed"><td>修改</td>' in page and "5.0%" in page and "4.0%" in page
    assert "<b>" not in page and "&lt;b&gt;" in page  # the document's text, escaped
    old = client.get(f"/doc/{updated.previous}").text
    assert 'data-testid="superseded-notice"' in old and f'href="/doc/{updated.doc_id}"' in old

    api = client.get(f"/api/doc/{updated.doc_id}").json()
    assert (api["current"], api["previous"]) == (True, updated.previous)
    assert [(v["id"], v["current"]) for v in api["versions"]] == [(updated.previous, False), (updated.doc_id, True)]
    assert [(c["what"], c["before"], c["after"]) for c in api["changes"]] == [("changed", "5%", "4%")]
    assert client.get(f"/api/doc/{updated.previous}").json()["superseded_by"] == updated.doc_id

    listed = client.get("/api/documents").json()["rows"]
    assert updated.previous not in [d["id"] for d in listed] and len(listed) == 3
    every = client.get("/api/documents", params={"superseded": "true"}).json()["rows"]
    assert {d["id"]: d["current"] for d in every}[updated.previous] is False
    assert 'data-testid="superseded-mark"' in client.get("/documents?superseded=true").text
    figures = client.get("/api/figures").json()
    assert figures["total"] == 12 and all(row["current"] for row in figures["rows"])
    assert len(client.get("/api/figures", params={"doc_id": updated.previous}).json()["rows"]) == 4
    assert {hit.current for hit in search(db, "地区生产总值").figures.items} == {True, False}

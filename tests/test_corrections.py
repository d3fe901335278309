"""Corrections: an override with who, when and why, that survives re-extraction and re-ingest."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from planwatch import ingest as ingest_module, store
from planwatch.cli import app
from planwatch.corrections import correct, corrections
from planwatch.ingest import ingest, reprocess
from planwatch.store.db import get_engine, writer
from stub_engine import ANALYSER, write_reports


@pytest.fixture
def books(db_url, tmp_path):
    write_reports(tmp_path / "in", 2)
    ingest([tmp_path / "in"], db=db_url, jobs=1, analyser=ANALYSER)
    return db_url, tmp_path / "in"


def test_a_correction_changes_the_figure_and_is_logged(books):
    db, _ = books
    target = store.figures(db)[2]
    made = correct(db, target.id, {"value": "6.25", "op": "approx"}, why="原文为6.25%左右", author="王")
    assert [(c.field, c.old, c.new) for c in made] == [("value", "6.0", "6.25"), ("op", "eq", "approx")]
    fixed = store.get_figure(db, target.id)
    assert (fixed.figure.value, fixed.figure.op) == (Decimal("6.25"), "approx")
    assert fixed.figure.quote == target.figure.quote  # the grounding is not a correctable field
    [value_entry, op_entry] = corrections(db)
    assert (value_entry.author, value_entry.why, value_entry.figure_id) == ("王", "原文为6.25%左右", target.id)
    assert value_entry.at.tzinfo is not None and value_entry.doc_name == "report_00000.txt"


def test_the_author_defaults_to_the_os_user(books, monkeypatch):
    db, _ = books
    monkeypatch.setattr("getpass.getuser", lambda: "analyst7")
    correct(db, store.figures(db)[0].id, {"year": "2023"}, why="the review part")
    assert corrections(db)[0].author == "analyst7"


@pytest.mark.parametrize("changes, message", [
    ({"value": "six"}, "value: not a number: 'six'"),
    ({"kind": "guess"}, "kind: 'guess' is not one of target, actual, estimate"),
    ({"quote": "x"}, "'quote' cannot be corrected"),
    ({"op": ""}, "op may not be empty"),
    ({"value": "5.0"}, "value of figure 1 is already 5.0"),
])
def test_bad_corrections_are_refused_and_nothing_is_written(books, changes, message):
    db, _ = books
    first = store.figures(db)[0]
    assert first.id == 1
    with pytest.raises(ValueError) as error:
        correct(db, first.id, changes, why="because")
    assert message in str(error.value)
    assert corrections(db) == [] and store.get_figure(db, first.id).figure == first.figure


@pytest.mark.parametrize("changes, message", [
    ({"value": "1e999999"}, "value: '1e999999' has more than 15 digits before the point"),
    ({"value": "-1E+15"}, "more than 15 digits before the point"),
    ({"value": "NaN"}, "value: not a number: 'NaN'"),
    ({"value": "Infinity"}, "value: not a number"),
    ({"value": "1E-999999"}, "more than 6 digits after the point"),
    ({"value": "0.1234567"}, "more than 6 digits after the point"),
    ({"unit": "斤斤计较"}, "unit: '斤斤计较' is not a unit of the grammar"),
    ({"year": "99999"}, "year: '99999' is not a year"),
    ({"year": "1800"}, "year: 1800 is not a year between 1949 and 2100"),
    ({"indicator": "<script>"}, "is not an indicator of the catalog"),
    ({"label": "a\x00b"}, "label: may not contain control characters"),
    ({"label": "长" * 201}, "label: is longer than 200 characters"),
    ({"region": "测试/县"}, "region: '测试/县' is not a region of the gazetteer"),
    ({"region": "九原县"}, "did you mean"),
])
def test_absurd_values_are_refused_in_one_place(books, changes, message):
    db, _ = books
    first = store.figures(db)[0]
    with pytest.raises(ValueError) as error:
        correct(db, first.id, changes, why="because")
    assert message in str(error.value)
    assert corrections(db) == [] and store.get_figure(db, first.id).figure == first.figure


def test_values_in_bounds_are_kept_as_typed(books):
    db, _ = books
    first = store.figures(db)[0]
    made = correct(db, first.id, {"value": "1.2E+3", "unit": "万元", "region": "包头市九原区", "year": "2025"},
                   why="typed in another form")
    assert [(c.field, c.new) for c in made] == [("value", "1200"), ("unit", "万元"), ("region", "九原区"),
                                                 ("year", "2025")]
    again = correct(db, first.id, {"value": "6.500000000"}, why="trailing zeros")
    assert again[0].new == "6.5"


def test_an_unknown_figure_or_no_reason_is_refused(books):
    db, _ = books
    with pytest.raises(LookupError, match="no figure with id 999"):
        correct(db, 999, {"value": "1"}, why="x")
    with pytest.raises(ValueError, match="needs a reason"):
        correct(db, 1, {"value": "1"}, why=" ")


def test_a_correction_survives_reprocessing(books, monkeypatch):
    db, _ = books
    target = store.figures(db)[3]
    correct(db, target.id, {"value": "", "unit": ""}, why="no figure here", author="li")
    monkeypatch.setattr(ingest_module, "engine_version", lambda: "v2")
    assert reprocess(db=db, jobs=1, analyser=ANALYSER).count("reprocessed") == 2
    again = store.figures(db)[3]
    assert again.id == target.id and (again.figure.value, again.figure.unit) == (None, None)
    assert [c.figure_id for c in corrections(db)] == [target.id, target.id]


def test_a_correction_survives_deleting_and_ingesting_again(books):
    db, folder = books
    target = store.figures(db)[0]
    correct(db, target.id, {"indicator": "other", "label": "某指标"}, why="not GDP", author="li")
    correct(db, target.id, {"value": "7"}, why="and the value", author="li")  # keyed by the extracted figure
    with get_engine(db).begin() as conn:
        conn.execute(text("delete from documents"))
    assert [c.figure_id for c in corrections(db)] == [None, None, None]  # logged, waiting for the figure
    ingest([folder], db=db, jobs=1, analyser=ANALYSER)
    back = store.figures(db)[0]
    assert (back.figure.indicator, back.figure.label, back.figure.value) == ("other", "某指标", Decimal(7))


def test_cli_correct_and_log(books):
    db, _ = books
    runner = CliRunner()
    done = runner.invoke(app, ["correct", "1", "value=5.5", "--why", "表格数字", "--author", "赵", "--db", db])
    assert done.exit_code == 0, done.output
    assert "value 5.0 → 5.5" in done.output
    refused = runner.invoke(app, ["correct", "1", "value", "--why", "x", "--db", db])
    assert refused.exit_code == 2 and "'value' is not FIELD=VALUE" in refused.output
    absurd = runner.invoke(app, ["correct", "1", "value=1e999999", "--why", "x", "--db", db])
    assert absurd.exit_code == 1 and "more than 15 digits before the point" in absurd.output
    missing = runner.invoke(app, ["correct", "999", "value=1", "--why", "x", "--db", db])
    assert missing.exit_code == 1 and "no figure with id 999" in missing.output
    log = runner.invoke(app, ["corrections", "--db", db, "--format", "jsonl"])
    [entry] = [json.loads(line) for line in log.output.splitlines()]
    assert (entry["author"], entry["field"], entry["old"], entry["new"], entry["why"]) == ("赵", "value", "5.0", "5.5", "表格数字")
    table = runner.invoke(app, ["corrections", "--db", db])
    assert "5.0 → 5.5" in table.output and "赵" in table.output

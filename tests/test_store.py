"""The store: schema made by the migrations on first use, exact values, queries and their filters."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planwatch import store
from planwatch.models import Document, DocumentFacts, Figure
from planwatch.store.db import get_engine, resolve_url, writer
from planwatch.store.schema import FigureRow
from planwatch.store.write import figure_keys, pack_figures, store_document


def figure(value: str, *, indicator: str = "gdp", year: int = 2024, region: str = "九原区", kind: str = "target",
           start: int = 0, measure: str = "growth", unit: str | None = "%") -> Figure:
    return Figure(indicator=indicator, label=indicator, measure=measure, value=Decimal(value), unit=unit,
                  op="eq", kind=kind, year=year, region=region, quote=f"q{value}", start=start, end=start + 3)


def document(sha: str, region: str = "九原区", code: str | None = "150207", parent: str | None = "包头市") -> Document:
    return Document(text="正文" * 10, name=f"{sha}.txt", source=f"/tmp/{sha}.txt", sha256=sha * 64,
                    facts=DocumentFacts(region=region, region_code=code, parent=parent, level="county",
                                        doc_type="plan_execution", review_year=2023, plan_year=2024),
                    meta={"title": "关于计划执行情况的报告"})


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    from planwatch.store.db import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def put(url: str, doc: Document, figures: list[Figure]) -> int:
    with Session(writer(get_engine(url))) as session, session.begin():
        return store_document(session, doc, figures, engine_version="test")


def test_first_use_creates_the_schema_at_the_newest_revision(db_url):
    engine = get_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "figures", "regions", "corrections", "alembic_version"} <= tables
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head_revision()
    index_columns = {tuple(ix["column_names"]) for ix in inspect(engine).get_indexes("figures")}
    assert ("region", "year", "indicator") in index_columns


def test_values_come_back_exact(db_url):
    values = ["16.4", "0.10", "351.6", "61040", "-3", "3.9", "0.000001", "123456789012.345678"]
    put(db_url, document("a"), [figure(v, start=i * 10) for i, v in enumerate(values)])
    got = [r.figure.value for r in store.figures(db_url)]
    assert got == [Decimal(v) for v in values]
    assert [str(v) for v in got] == values  # not 16.399999999 nor 0.1



def test_what_a_figure_lacks_is_stored_as_null_and_comes_back_none(db_url):
    """Empty fields are NULL in the table (on SQLite the writer binds them as NaN, which SQLite stores as
    NULL: no REAL value may slip in) and None in the records."""
    bare = Figure(indicator="other", label="新增院士工作站", measure="level", value=None, unit=None, op="qualitative",
                  kind="target", year=None, region=None, quote="新增院士工作站", start=0, end=7)
    put(db_url, document("n"), [bare])
    [record] = store.figures(db_url)
    assert (record.figure.value, record.figure.unit, record.figure.year, record.figure.qualifier,
            record.figure.period, record.figure.section) == (None, None, None, None, None, None)
    with get_engine(db_url).connect() as conn:
        row = conn.execute(text('SELECT indicator, value, unit, year, qualifier, period, section_id, doc '
                                'FROM figures')).one()
    assert tuple(row) == (None,) * 8

def test_a_figure_record_carries_its_document(db_url):
    doc_id = put(db_url, document("a"), [figure("6")])
    [record] = store.figures(db_url)
    assert (record.doc_id, record.doc_name, record.doc_type) == (doc_id, "a.txt", "plan_execution")
    assert (record.region, record.region_code, record.parent) == ("九原区", "150207", "包头市")
    assert (record.review_year, record.plan_year) == (2023, 2024)
    assert record.ingested_at is not None and record.ingested_at.tzinfo is not None
    assert record.figure.quote == "q6"


def test_filters(db_url):
    put(db_url, document("a"), [figure("6"), figure("7", indicator="fai", start=5), figure("5", year=2023, kind="actual", start=9)])
    put(db_url, document("b", region="包头市", code="150200", parent="内蒙古自治区"),
        [figure("5.5", region="包头市")])
    assert [r.figure.value for r in store.figures(db_url, region="九原区", year=2024)] == [Decimal(6), Decimal(7)]
    assert [r.figure.value for r in store.figures(db_url, indicator="gdp", year=2024)] == [Decimal(6), Decimal("5.5")]
    assert [r.figure.value for r in store.figures(db_url, kind="actual")] == [Decimal(5)]
    b = store.documents(db_url, region="包头市")[0]
    assert [r.figure.value for r in store.figures(db_url, doc_id=b.id)] == [Decimal("5.5")]
    assert store.figures(db_url, region="九原区", indicator="cpi") == []


def test_same_content_cannot_be_stored_twice(db_url):
    put(db_url, document("a"), [figure("6")])
    with pytest.raises(IntegrityError):
        put(db_url, document("a"), [figure("6")])
    assert len(store.documents(db_url)) == 1
    assert len(store.figures(db_url)) == 1


def test_a_failed_write_leaves_nothing(db_url):
    bad = figure("6", start=4)
    bad.start = None  # type: ignore[assignment]  # NOT NULL: the insert of the figures fails
    with pytest.raises(IntegrityError):
        put(db_url, document("a"), [figure("5"), bad])
    assert store.documents(db_url) == [] and store.figures(db_url) == [] and store.regions(db_url) == []


def test_deleting_a_document_deletes_its_figures(db_url):
    doc_id = put(db_url, document("a"), [figure("6"), figure("7", start=4)])
    put(db_url, document("b"), [figure("8")])
    with Session(writer(get_engine(db_url))) as session, session.begin():
        session.execute(text("delete from documents where id = :id"), {"id": doc_id})
    assert [r.figure.value for r in store.figures(db_url)] == [Decimal(8)]


def test_documents_and_get_document(db_url):
    doc_id = put(db_url, document("a"), [figure("6"), figure("7", start=4)])
    [listed] = store.documents(db_url)
    assert listed.text is None and listed.figure_count == 2 and listed.engine_version == "test"
    stored = store.get_document(db_url, doc_id)
    assert stored.text == "正文" * 10
    loaded = stored.to_document()
    assert loaded.sha256 == "a" * 64 and loaded.meta == {"title": "关于计划执行情况的报告"}
    assert loaded.facts == document("a").facts
    assert store.get_document(db_url, doc_id + 100) is None
    assert store.documents(db_url, year=2023)[0].id == doc_id
    assert store.documents(db_url, year=2019) == []


def test_regions_are_recorded_once_with_their_parent(db_url):
    put(db_url, document("a"), [])
    put(db_url, document("b"), [])
    put(db_url, document("c", region="包头市", code="150200", parent="内蒙古自治区"), [])
    put(db_url, document("d", region="无名镇", code=None, parent="某县"), [])
    regions = {r.name: r for r in store.regions(db_url)}
    assert set(regions) == {"九原区", "包头市", "无名镇"}
    assert (regions["九原区"].code, regions["九原区"].parent_code, regions["九原区"].documents) == ("150207", "150200", 2)
    assert (regions["包头市"].parent_code, regions["包头市"].parent_name) == ("150000", "内蒙古自治区")
    assert (regions["无名镇"].code, regions["无名镇"].parent_name, regions["无名镇"].documents) == (None, "某县", 1)


def test_results_become_dataframes_with_exact_values(db_url):
    put(db_url, document("a"), [figure("16.4"), figure("0.10", start=4)])
    frame = store.figures(db_url).to_dataframe()
    assert list(frame["value"]) == [Decimal("16.4"), Decimal("0.10")]
    assert {"doc_name", "doc_region", "indicator", "quote", "plan_year"} <= set(frame.columns)
    docs = store.documents(db_url).to_dataframe()
    assert list(docs["region"]) == ["九原区"] and list(docs["figure_count"]) == [2]


def test_figure_keys_name_repeats():
    a, b, c = figure("3", start=0), figure("5", start=0), figure("5", start=7)
    assert figure_keys([a, b, c]) == ["0:3:gdp:growth", "0:3:gdp:growth#1", "7:10:gdp:growth"]


def test_figures_packed_by_a_worker_are_stored_as_the_figures_themselves(db_url):
    """Ingest's workers send figures packed as table rows (texts for phrase ids): stored, they are the same
    figures, and they name the same keys."""
    other = Figure(indicator="other", label="新增院士工作站", measure="level", value=None, unit=None,
                   op="qualitative", kind="target", year=None, region=None, quote="正文正", start=2, end=5,
                   section="一、主要目标", period="2021-2025")
    figures = [figure("3", start=0), figure("5", start=0), figure("-0.5", region="包头市", measure="change_pp"),
               other]
    a, b = document("a"), document("b")
    packed = pickle.loads(pickle.dumps(pack_figures(figures, b.text, b.name, b.facts.region)))
    assert packed.keys() == figure_keys(figures) and len(packed) == len(figures)
    put(db_url, a, figures)
    put(db_url, b, packed)
    by_doc: dict[str, list[Figure]] = {}
    for record in store.figures(db_url):
        by_doc.setdefault(record.doc_name, []).append(record.figure)
    assert [{**f.to_dict(), "doc": None} for f in by_doc[b.name]] == [{**f.to_dict(), "doc": None} for f in by_doc[a.name]]
    assert by_doc[b.name][3].section == "一、主要目标" and by_doc[b.name][2].value == Decimal("-0.5")


def test_database_url_resolution(monkeypatch):
    monkeypatch.delenv("PLANWATCH_DB", raising=False)
    assert resolve_url(None) == "sqlite:///planwatch.db"
    monkeypatch.setenv("PLANWATCH_DB", "postgresql://u@h/db")
    assert resolve_url(None) == "postgresql+psycopg://u@h/db"
    assert resolve_url("books.db") == "sqlite:///books.db"
    assert resolve_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


def test_value_column_is_numeric_on_postgresql(db_url):
    engine = get_engine(db_url)
    column = {c["name"]: c for c in inspect(engine).get_columns("figures")}["value"]
    expected = "NUMERIC" if engine.dialect.name == "postgresql" else "VARCHAR"
    assert str(column["type"]).startswith(expected)
    put(db_url, document("a"), [figure("16.4")])
    with engine.connect() as conn:
        raw = conn.execute(select(FigureRow.__table__.c.value)).scalar()
    assert str(raw) == "16.4"


def test_region_filter_reads_the_documents_region_when_the_figure_names_none(db_url):
    unnamed = figure("6")
    unnamed.region = None
    put(db_url, document("a"), [unnamed, figure("7", region="包头市", start=4)])
    put(db_url, document("b", region="乌海市", code="150300", parent="内蒙古自治区"), [figure("8", region="乌海市")])
    assert [r.figure.value for r in store.figures(db_url, region="九原区")] == [Decimal(6)]
    assert [r.figure.value for r in store.figures(db_url, region="包头市")] == [Decimal(7)]
    assert [r.figure.value for r in store.figures(db_url, region=["乌海市", "包头市"], year=[2023, 2024])] == [
        Decimal(7), Decimal(8)]


def test_a_regions_parent_comes_from_the_gazetteer(db_url):
    put(db_url, document("e", region="东城区", code="110101", parent=None), [])
    [dongcheng] = store.regions(db_url)
    assert (dongcheng.parent_code, dongcheng.parent_name, dongcheng.level) == ("110000", "北京市", "county")


def test_the_migrations_make_the_schema_of_the_models(db_url):
    """A change to schema.py without its migration fails here (on each backend)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from planwatch.store.schema import Base

    model_indexes = {ix.name for t in Base.metadata.tables.values() for ix in t.indexes}

    def ours(name, kind, _parents):  # what a migration adds outside the models (search indexes) is not compared
        if kind == "table":
            return name in Base.metadata.tables
        return kind != "index" or name in model_indexes

    with get_engine(db_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": ours})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_a_database_of_an_older_revision_is_upgraded_on_first_use(db_url):
    from alembic import command

    from planwatch.store.db import alembic_config, dispose_engines

    put(db_url, document("a"), [figure("6")])
    with get_engine(db_url).connect() as conn:  # take the database, with its document, back to revision 0001
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
        conn.commit()
    dispose_engines()  # a new process, as it were
    engine = get_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head_revision()
    assert "ix_figures_year" not in {ix["name"] for ix in inspect(engine).get_indexes("figures")}
    assert [r.figure.value for r in store.figures(db_url)] == [Decimal(6)]


def test_reviews_name_the_years_each_region_reports_on(db_url):
    put(db_url, document("a"), [])
    put(db_url, document("b", region="包头市", code="150200", parent="内蒙古自治区"), [])
    assert store.reviews(db_url) == [("九原区", 2023), ("包头市", 2023)]
    assert store.reviews(db_url, region="九原区") == [("九原区", 2023)]


def test_the_lean_figures_migration_keeps_every_figure_and_correction_as_it_was(db_url):
    """Migration 0006 (phrases, codes, quotes and names not repeated) taken down to 0005 and up again on
    first use: every figure reads back the same, with its id, and a corrected figure keeps its correction
    and the identity it was corrected under."""
    from pathlib import Path

    from alembic import command

    from planwatch.corrections import correct, corrections
    from planwatch.ingest import ingest
    from planwatch.store.db import alembic_config, dispose_engines

    examples = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))
    assert ingest(examples, db=db_url, jobs=1).ok
    target = store.figures(db_url, kind="target", indicator="gdp")[0]
    correct(db_url, target.id, {"value": "7.25", "label": "经济增速(改)"}, why="原文如此", author="测试")
    before, log = store.figures(db_url), corrections(db_url)
    assert any(r.figure.indicator == "other" for r in before) and any(r.figure.section for r in before)
    with get_engine(db_url).connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
        conn.commit()
        assert conn.execute(text("select count(*) from figures where quote is null")).scalar() == 0  # as it was
    dispose_engines()
    after = store.figures(db_url)  # upgraded on first use
    assert after == before and corrections(db_url) == log
    assert store.get_figure(db_url, target.id).figure.value == Decimal("7.25")


def test_the_figures_table_names_its_own_constraints(db_url):
    """The lean table of migration 0006 took the old table's place: nothing of it is named otherwise."""
    engine = get_engine(db_url)
    names = [engine.dialect.name, inspect(engine).get_pk_constraint("figures")["name"],
             *(fk["name"] for fk in inspect(engine).get_foreign_keys("figures"))]
    assert not [n for n in names if n and "lean" in n]


def test_what_reports_name_in_their_reviews_migration_goes_down_and_up(db_url):
    """Migration 0007 (documents.named_in_review) taken down to 0006 and up again on first use: the column
    is empty (NULL, not computed) and the check gives the same findings, reading the texts; reprocess
    fills the column again with what ingest stored."""
    from pathlib import Path

    from alembic import command

    from planwatch.assess import ledgers
    from planwatch.ingest import ingest, reprocess
    from planwatch.store.db import alembic_config, dispose_engines

    examples = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))
    assert ingest(examples, db=db_url, jobs=1).ok
    stored, findings = store.named_in_review(db_url), list(ledgers.check_books(db_url))
    assert stored and all(stored.values()) and any(f.kind == "unreported" for f in findings)
    with get_engine(db_url).connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0006")
        conn.commit()
    assert "named_in_review" not in {c["name"] for c in inspect(get_engine(db_url)).get_columns("documents")}
    dispose_engines()
    assert set(store.named_in_review(db_url).values()) == {None}  # upgraded on first use
    ledgers._named.clear()
    assert list(ledgers.check_books(db_url)) == findings
    assert reprocess(db=db_url, jobs=1, everything=True).count("reprocessed") == len(examples)
    assert store.named_in_review(db_url) == stored


def test_a_phrase_rolled_back_with_its_savepoint_is_not_named_again(db_url):
    """The phrases a writer's session knows are forgotten with a rolled-back savepoint (one document of a
    batch that failed): a later document of the batch gets ids that are stored, not the lost one's."""
    from planwatch.store.write import phrase_ids

    with Session(writer(get_engine(db_url))) as session, session.begin():
        kept = phrase_ids(session, ["城镇新增就业"])
        with pytest.raises(RuntimeError), session.begin_nested():
            phrase_ids(session, ["粮食产量"])
            raise RuntimeError("this document fails")
        again = phrase_ids(session, ["城镇新增就业", "粮食产量"])
        assert again["城镇新增就业"] == kept["城镇新增就业"]
        stored = dict(session.connection().exec_driver_sql("SELECT text, id FROM phrases").all())
    assert stored == again

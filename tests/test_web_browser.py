"""The web pages in a real browser: Playwright driving Debian's Chromium (`/usr/bin/chromium`, installed by
`scripts/system-deps.sh`; never a browser downloaded by Playwright) against `planwatch.web.create_app`
served by uvicorn on a loopback port, over a database of the five seed reports and one hostile document.

Every page type loads without a script error or a refused resource, a highlighted figure opens its details,
search finds 就业, a correction made after logging in with the token shows in the log, `<script>` and
`<img onerror>` in a document stay text, and Chinese renders with a CJK font. Screenshots of each page go
to `test-output/screenshots/`. A test never skips for want of Chromium: it fails, saying what to install.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Playwright, expect, sync_playwright

from planwatch import store
from planwatch.ingest import ingest
from planwatch.store.db import dispose_engines
from planwatch.web import create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = os.environ.get("PLANWATCH_CHROMIUM", "/usr/bin/chromium")
# What Chromium needs on these machines (closed network, root, no GPU); Playwright adds --headless and a
# new, empty --user-data-dir of its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "browser-test-token"
HOSTILE_TEXT = (
    '澜泽市2024年国民经济和社会发展计划<script>alert("xss")</script>\n\n'
    "一、2024年主要预期目标\n"
    "地区生产总值增长6%左右<img src=x onerror=alert(1)>;新增城镇就业3万人以上<script>alert(2)</script>;"
    "居民消费价格涨幅3%左右。\n"
)


# --- the server --------------------------------------------------------------------------------------------

@dataclass
class Books:
    """The database the browser looks at, and where its documents are."""

    url: str
    doc_of: dict[str, int]  # seed file name (and "hostile") → document id
    with_jobs: int  # how many documents contain 就业


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Books]:
    """A SQLite database of the five seed reports and a document with `<script>` and `<img onerror>`."""
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE_TEXT, encoding="utf-8")
    url = f"sqlite:///{folder / 'books.db'}"
    sources = [*SEEDS, hostile]
    report = ingest(sources, db=url, jobs=2)
    assert len(SEEDS) == 5 and report.ok and report.count("stored") == len(sources)
    ids = {Path(o.source).name: o.doc_id for o in report.outcomes}
    ids["hostile"] = ids.pop("hostile.txt")
    with_jobs = sum("就业" in p.read_text(encoding="utf-8") for p in sources)
    yield Books(url, ids, with_jobs)  # type: ignore[arg-type]
    dispose_engines()


@pytest.fixture(scope="module")
def server(books: Books) -> Iterator[str]:
    """`planwatch serve`'s app over `books`, with a token, on a free loopback port; its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(books.url, token=TOKEN), log_level="warning", lifespan="off")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uvicorn_server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(10)
    sock.close()


# --- the browser -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless; a missing browser fails here with what to run (never a skip)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-deps.sh (Debian package chromium), "
                    "or set PLANWATCH_CHROMIUM to a Chromium executable")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Tab:
    """A page with what it reported: dialogs (alert, confirm…), script errors and console errors."""

    page: Page
    base: str
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        self.page.wait_for_load_state("networkidle")

    def shoot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    def assert_clean(self) -> None:
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.errors == [], f"errors in the page: {self.errors}"


@pytest.fixture
def tab(browser: Browser, server: str) -> Iterator[Tab]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    tab = Tab(page, server)

    def on_dialog(dialog: Dialog) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":  # a script error, or a resource refused by the Content-Security-Policy
            tab.errors.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


# --- the pages -----------------------------------------------------------------------------------------------

def test_the_overview_lists_the_governments(tab: Tab) -> None:
    tab.open("/")
    expect(tab.page.get_by_test_id("overview-table")).to_be_visible()
    rows = tab.page.get_by_test_id("region-row")
    names = " ".join(rows.all_inner_texts())
    assert "九原区" in names and "包头市" in names and "乌海市" in names
    tab.shoot("overview")
    tab.assert_clean()


@pytest.mark.parametrize("region", ["九原区", "包头市"])
def test_a_government_page_shows_its_annex_and_scorecard(tab: Tab, region: str) -> None:
    tab.open(f"/region/{quote(region)}")
    expect(tab.page.get_by_test_id("region-name")).to_have_text(region)
    expect(tab.page.get_by_test_id("annex-table").first).to_be_visible()
    assert tab.page.get_by_test_id("annex-table").locator("tbody tr").count() > 0
    expect(tab.page.get_by_test_id("scorecard-table")).to_be_attached()
    if region == "九原区":
        expect(tab.page.get_by_test_id("region-parent")).to_contain_text("包头市")
    else:
        expect(tab.page.get_by_test_id("region-children")).to_contain_text("九原区")
    tab.shoot(f"region-{region}")
    tab.assert_clean()


def test_a_document_page_highlights_its_figures(tab: Tab, books: Books) -> None:
    doc_id = books.doc_of[SEEDS[1].name]  # 九原区's report on the 2023 plan and the 2024 plan
    tab.open(f"/doc/{doc_id}")
    marks = tab.page.get_by_test_id("figure")
    assert marks.count() == tab.page.locator("mark[data-testid=figure]").count() > 50
    expect(tab.page.get_by_test_id("figure-detail")).to_be_hidden()
    expect(tab.page.get_by_test_id("figure-table")).to_be_visible()
    tab.shoot("document")
    tab.assert_clean()


def test_clicking_a_highlighted_figure_shows_its_details(tab: Tab, books: Books) -> None:
    doc_id = books.doc_of[SEEDS[1].name]
    tab.open(f"/doc/{doc_id}")
    mark = tab.page.locator("mark[data-testid=figure][data-kind=target]").nth(3)
    figure_id = int(mark.get_attribute("data-figure-id") or 0)
    record = store.get_figure(books.url, figure_id)
    assert record is not None and record.doc_id == doc_id
    mark.click()
    detail = tab.page.get_by_test_id("figure-detail")
    expect(detail).to_be_visible()
    expect(detail).to_have_attribute("data-figure-id", str(figure_id))
    expect(detail.locator("[data-field=id]")).to_have_text(str(figure_id))
    expect(detail.locator("[data-field=quote]")).to_have_text(record.figure.quote)
    expect(detail.locator("[data-field=label]")).to_have_text(record.figure.label)
    expect(detail.locator("[data-field=kind]")).to_have_text("目标")
    expect(mark).to_have_class(has_class("selected"))
    assert tab.page.url.endswith(f"#f{figure_id}")
    tab.shoot("document-figure-selected")
    tab.assert_clean()


def has_class(name: str) -> re.Pattern[str]:
    """A pattern for `to_have_class` that matches an element having class `name` among others."""
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def test_the_indicator_page_of_gdp_in_2024(tab: Tab) -> None:
    tab.open("/indicator/gdp?year=2024")
    expect(tab.page.locator("h1")).to_contain_text("2024")
    table = tab.page.get_by_test_id("compare-table")
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() > 0
    expect(table).to_contain_text("包头市")
    tab.shoot("indicator-gdp-2024")
    tab.assert_clean()


def test_the_documents_and_corrections_pages_load(tab: Tab) -> None:
    tab.open("/documents")
    assert tab.page.get_by_test_id("documents-table").locator("tbody tr").count() == 6
    tab.shoot("documents")
    tab.open("/corrections")
    expect(tab.page.get_by_test_id("corrections-log")).to_be_attached()
    tab.shoot("corrections")
    tab.assert_clean()


def test_a_search_for_jiuye_from_the_header_finds_the_documents(tab: Tab, books: Books) -> None:
    tab.open("/")
    box = tab.page.locator("header form[role=search] input[name=q]")
    box.fill("就业")
    box.press("Enter")
    tab.page.wait_for_url("**/search?q=*")
    tab.page.wait_for_load_state("networkidle")
    hits = tab.page.get_by_test_id("search-document")
    assert hits.count() == books.with_jobs == 6
    for i in range(hits.count()):
        marks = hits.nth(i).get_by_test_id("search-snippet").locator("mark")
        assert marks.count() >= 1 and set(marks.all_inner_texts()) == {"就业"}
    assert tab.page.get_by_test_id("search-figure").count() > 0
    expect(tab.page.get_by_test_id("search-input")).to_have_value("就业")
    tab.shoot("search-jiuye")
    first = tab.page.get_by_test_id("search-figure").first
    figure_id = first.get_attribute("data-figure-id")
    first.locator("a", has_text="查看").click()
    tab.page.wait_for_load_state("networkidle")
    detail = tab.page.get_by_test_id("figure-detail")  # the link opens the figure in its document
    expect(detail).to_be_visible()
    expect(detail.locator("[data-field=id]")).to_have_text(str(figure_id))
    tab.assert_clean()


def test_a_search_with_no_match_says_so(tab: Tab) -> None:
    tab.open(f"/search?q={quote('不存在的词语')}")
    expect(tab.page.get_by_test_id("search-documents-empty")).to_be_visible()
    assert tab.page.get_by_test_id("search-document").count() == 0
    tab.assert_clean()


def test_a_correction_made_with_the_token_shows_in_the_log(tab: Tab, books: Books) -> None:
    doc_id = books.doc_of[SEEDS[0].name]
    tab.open(f"/login?next={quote(f'/doc/{doc_id}')}")
    form = tab.page.get_by_test_id("login-form")
    tab.shoot("login")
    form.locator("input[name=name]").fill("浏览器测试员")
    form.locator("input[name=token]").fill(TOKEN)
    form.locator("button[type=submit]").click()
    tab.page.wait_for_url(f"**/doc/{doc_id}")
    mark = tab.page.locator("mark[data-testid=figure]").first
    figure_id = mark.get_attribute("data-figure-id")
    mark.click()
    correction = tab.page.get_by_test_id("correction-form")
    expect(correction).to_be_visible()
    expect(correction.locator("input[name=figure_id]")).to_have_value(str(figure_id))
    correction.locator("select[name=field]").select_option("value")
    correction.get_by_test_id("correction-value").fill("12.5")
    correction.get_by_test_id("correction-why").fill("核对原文后更正（浏览器测试）")
    tab.shoot("correction-form")
    correction.locator("button[type=submit]").click()
    tab.page.wait_for_url("**corrected=1**")
    expect(tab.page.get_by_test_id("corrected-notice")).to_be_visible()
    tab.open("/corrections")
    log = tab.page.get_by_test_id("corrections-log")
    row = log.locator("tbody tr", has_text="核对原文后更正（浏览器测试）")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("浏览器测试员")
    expect(row).to_contain_text("12.5")
    tab.shoot("corrections-after")
    record = store.get_figure(books.url, int(figure_id or 0))
    assert record is not None and str(record.figure.value) == "12.5"
    tab.assert_clean()


def test_markup_in_a_document_shows_as_text_and_never_runs(tab: Tab, books: Books) -> None:
    doc_id = books.doc_of["hostile"]
    tab.open(f"/doc/{doc_id}")
    text = tab.page.get_by_test_id("document-text")
    shown = text.inner_text()
    assert '<script>alert("xss")</script>' in shown
    assert "<img src=x onerror=alert(1)>" in shown and "<script>alert(2)</script>" in shown
    assert text.locator("script, img").count() == 0
    assert tab.page.locator("img[onerror], [onerror]").count() == 0
    figures = tab.page.get_by_test_id("figure")
    assert figures.count() >= 2
    for i in range(figures.count()):  # every figure of the page opens without running anything
        figures.nth(i).click()
    tab.page.wait_for_timeout(300)  # an injected <img onerror> would have fired by now
    tab.shoot("hostile-document")
    tab.open(f"/search?q={quote('alert')}")
    [snippet] = tab.page.get_by_test_id("search-snippet").all()
    assert "<script>" in snippet.inner_text() and snippet.locator("script, img").count() == 0
    tab.shoot("hostile-search")
    tab.assert_clean()


def test_chinese_text_renders_with_a_cjk_font(tab: Tab) -> None:
    tab.open(f"/region/{quote('九原区')}")
    heading = tab.page.get_by_test_id("region-name")
    cdp = tab.page.context.new_cdp_session(tab.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-testid=region-name]"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cjk = [f for f in fonts if any(name in f["familyName"] for name in ("CJK", "WenQuanYi", "Zen Hei"))]
    assert cjk and sum(f["glyphCount"] for f in cjk) >= 3, f"九原区 drawn with {fonts}"
    # and the glyphs differ: a missing font draws every character as the same empty box
    tab.page.evaluate("""() => {
        for (const [id, text] of [["glyph-a", "就"], ["glyph-b", "业"]]) {
            const span = document.createElement("span");
            span.id = id; span.textContent = text; span.className = "glyph-probe";
            document.querySelector("main").prepend(span);
        }
    }""")
    first = tab.page.locator("#glyph-a").screenshot()
    second = tab.page.locator("#glyph-b").screenshot()
    assert first != second
    heading.screenshot(path=_screenshot_path("chinese-heading"))
    tab.assert_clean()


def _screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"

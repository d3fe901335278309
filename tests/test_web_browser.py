"""The web pages in a real browser: Playwright driving Debian's Chromium (`/usr/bin/chromium`, installed by
`scripts/system-deps.sh`; never a browser downloaded by Playwright) against `planwatch.web.create_app`
served by uvicorn on a loopback port, over a database of the five seed reports and one hostile document.

Every page type loads without a script error or a refused resource, a highlighted figure opens its details,
search finds 就业, a correction made after logging in with the token shows in the log, `<script>` and
`<img onerror>` in a document stay text, and Chinese renders with a CJK font. Screenshots of each page go
to `test-output/screenshots/`. A test never skips for want of Chromium: it fails, saying what to install.
"""

from __future__ import annotations

import contextlib
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
from planwatch.assess.rows import format_decimal
from planwatch.assess.units import convert, effective_unit
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
PHONE_WIDTH = 390
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


@contextlib.contextmanager
def serving(url: str, token: str | None = None) -> Iterator[str]:
    """`planwatch serve`'s app over the database `url` on a free loopback port; its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(url, token=token), log_level="warning", lifespan="off")
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


@pytest.fixture(scope="module")
def server(books: Books) -> Iterator[str]:
    """The server over `books`, with a token."""
    with serving(books.url, TOKEN) as base:
        yield base


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


@contextlib.contextmanager
def opened(browser: Browser, base: str, width: int = 1280, height: int = 900) -> Iterator[Tab]:
    """A page of its own in a new context at `width` × `height`, recording dialogs and errors."""
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    page = context.new_page()
    tab = Tab(page, base)

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


@pytest.fixture
def tab(browser: Browser, server: str) -> Iterator[Tab]:
    with opened(browser, server) as tab:
        yield tab


@pytest.fixture
def phone(browser: Browser, server: str) -> Iterator[Tab]:
    """A phone's screen: 390 × 844 CSS pixels."""
    with opened(browser, server, PHONE_WIDTH, 844) as tab:
        yield tab


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


def test_a_link_from_another_site_keeps_the_login_and_logging_out_ends_it(tab: Tab, books: Books) -> None:
    """Issue 9: a link from another site used to replace the session cookie (logging the user out), and
    after logout the old cookie and CSRF token still stored a correction."""
    doc_id = books.doc_of[SEEDS[0].name]
    tab.open("/login")
    form = tab.page.get_by_test_id("login-form")
    form.locator("input[name=name]").fill("会话测试员")
    form.locator("input[name=token]").fill(TOKEN)
    form.locator("button[type=submit]").click()
    tab.page.wait_for_url(tab.base + "/")
    tab.open(f"/doc/{doc_id}")
    csrf = tab.page.locator("input[name=csrf_token]").first.get_attribute("value")
    session = [c for c in tab.page.context.cookies() if c["name"] == "planwatch_session"]
    assert len(session) == 1
    # arrive from another site: localhost is another site than 127.0.0.1, whatever the port
    other_site = tab.base.replace("127.0.0.1", "localhost")
    tab.page.goto(other_site + "/")
    tab.page.evaluate("href => { const a = document.createElement('a'); a.href = href; a.id = 'away';"
                      " a.textContent = '转到';"
                      " document.body.append(a); }", tab.base + f"/doc/{doc_id}")
    tab.page.locator("#away").click()
    tab.page.wait_for_url(tab.base + f"/doc/{doc_id}")
    # a SameSite=Strict cookie is not sent on that first, cross-site request, and the page it gets is
    # anonymous; but it must not replace the session: the next page of the site is logged in again
    assert [c for c in tab.page.context.cookies() if c["name"] == "planwatch_session"] == session
    tab.open(f"/doc/{doc_id}")
    expect(tab.page.locator(".site-user")).to_contain_text("会话测试员")
    tab.page.locator(".site-user button[type=submit]").click()  # 退出
    tab.page.wait_for_url(tab.base + "/")
    expect(tab.page.locator(".site-user")).not_to_contain_text("会话测试员")
    # the old cookie and token, replayed, no longer write
    tab.page.context.add_cookies(session)
    figure = store.figures(books.url, doc_id=doc_id)[0]
    before = store.get_figure(books.url, figure.id)
    response = tab.page.request.post(tab.base + "/correct", form={
        "csrf_token": csrf or "", "figure_id": str(figure.id), "field": "value", "value": "99",
        "why": "退出后重放"}, max_redirects=0)
    assert response.status in (401, 403), response.status
    assert store.get_figure(books.url, figure.id) == before
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


# --- a phone's screen, and honest charts ---------------------------------------------------------------------

CORPUS = ROOT.parent / "shared" / "corpus"
# What a chart's marks say about themselves (charts.html): the value each draws, in the chart's unit, and
# the figure it comes from; and every text's box, to find labels that collide.
CHARTS_JS = """() => Array.from(document.querySelectorAll("figure.chart")).map(chart => ({
    title: chart.querySelector("figcaption").textContent,
    unit: chart.dataset.unit, measure: chart.dataset.measure,
    marks: Array.from(chart.querySelectorAll(".mark[data-figure-id]")).map(m => ({
        id: Number(m.dataset.figureId), value: m.dataset.value, bound: m.classList.contains("bound")})),
    texts: Array.from(chart.querySelectorAll("svg text")).map(t => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom};
    }),
}))"""


def phone_pages(books: Books) -> list[str]:
    """Every kind of page, as a journalist on a phone reaches them."""
    doc = books.doc_of[SEEDS[1].name]
    return ["/", "/indicators", "/indicator/gdp?year=2024", "/indicator/unemployment_rate", "/compare?year=2024",
            "/documents", "/corrections", f"/search?q={quote('就业')}", f"/region/{quote('九原区')}",
            f"/region/{quote('包头市')}", f"/region/{quote('内蒙古自治区')}", f"/doc/{doc}", f"/doc/{doc}?figure=0",
            "/check", "/check?kind=missing_result", "/login", "/upload"]


def test_every_page_fits_a_phone_without_scrolling_sideways(phone: Tab, books: Books) -> None:
    for path in phone_pages(books):
        phone.open(path)
        width, inner = phone.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert inner == PHONE_WIDTH and width <= inner, f"{path}: {width} px wide on a {inner} px screen"
        for chart in phone.page.evaluate(CHARTS_JS):  # chart text stays legible: no 5 px labels
            small = [t["text"] for t in chart["texts"] if t["text"].strip() and t["y1"] - t["y0"] < 10]
            assert not small, f"{path}: {chart['title']}: text drawn under 10 px: {small}"
    phone.open(f"/region/{quote('包头市')}")
    phone.shoot("phone-region")
    phone.open("/")
    expect(phone.page.get_by_test_id("region-row").first).to_be_visible()
    phone.shoot("phone-overview")
    phone.assert_clean()


def test_on_a_phone_the_figure_panel_opens_where_the_reader_is(phone: Tab, books: Books) -> None:
    phone.open(f"/doc/{books.doc_of[SEEDS[1].name]}")
    mark = phone.page.locator("mark[data-testid=figure]:not(:has(mark))").nth(40)
    mark.scroll_into_view_if_needed()
    mark.click()
    panel = phone.page.get_by_test_id("figure-detail")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + 40 <= 844, f"the panel is at {box}"
    shown = mark.bounding_box()  # and the figure it shows is not under it
    assert shown is not None and 0 <= shown["y"] and shown["y"] + shown["height"] <= box["y"], (shown, box)
    expect(panel.locator("[data-field=id]")).to_have_text(mark.get_attribute("data-figure-id") or "")
    phone.shoot("phone-figure-panel")
    phone.page.get_by_test_id("panel-close").click()
    expect(panel).to_be_hidden()
    phone.assert_clean()


def check_charts(tab: Tab, url: str, path: str) -> int:
    """Every chart of the page open in `tab`: each mark's value is its figure's, converted to the chart's
    one unit and of its one measure; a result that is a bound is drawn as one; no two labels overlap.
    How many marks were checked."""
    checked = 0
    for chart in tab.page.evaluate(CHARTS_JS):
        where = f"{path}: {chart['title']}"
        for mark in chart["marks"]:
            record = store.get_figure(url, mark["id"])
            assert record is not None, where
            f = record.figure
            assert f.measure == chart["measure"], f"{where}: a {f.measure} figure on a {chart['measure']} chart"
            value = convert(f.value, effective_unit(f.unit, f.measure), chart["unit"] or None)
            assert value is not None and format_decimal(value) == mark["value"], \
                f"{where}: {f.quote!r} drawn as {mark['value']} {chart['unit']}"
            assert mark["bound"] == (f.kind != "target" and f.op in ("gt", "ge", "lt", "le")), f"{where}: {f.quote!r}"
            checked += 1
        texts = [t for t in chart["texts"] if t["text"].strip()]
        for n, a in enumerate(texts):
            for b in texts[n + 1:]:
                overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                overlap_y = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
                assert overlap_x <= 1 or overlap_y <= 1, f"{where}: {a['text']!r} collides with {b['text']!r}"
    return checked


def test_no_chart_mixes_units_or_draws_a_bound_as_a_value(tab: Tab, books: Books) -> None:
    checked = 0
    for path in (f"/region/{quote('九原区')}", f"/region/{quote('包头市')}", "/indicator/gdp?year=2024",
                 "/indicator/new_urban_jobs?year=2024", "/"):
        tab.open(path)
        checked += check_charts(tab, books.url, path)
    assert checked > 20
    tab.assert_clean()


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The server over the shared corpus's provinces and 河北省's reports over the years (long series)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'corpus.db'}"
    sources = sorted((CORPUS / "provinces").iterdir()) + sorted((CORPUS / "reports").glob("130000_*.txt"))
    report = ingest(sources, db=url, jobs=2)
    assert report.count("stored") > 50
    with serving(url) as base:
        yield url, base
    dispose_engines()


def test_the_corpus_charts_are_honest_and_their_labels_do_not_collide(browser: Browser,
                                                                       corpus_server: tuple[str, str]) -> None:
    url, base = corpus_server
    regions = sorted({r.name for r in store.regions(url) if r.level == "province"})
    assert len(regions) >= 20
    checked = 0
    with opened(browser, base, PHONE_WIDTH, 844) as phone:
        for path in [f"/region/{quote(name)}" for name in regions] + \
                [f"/indicator/{i}?year=2025" for i in ("gdp", "fai", "retail_sales", "unemployment_rate",
                                                       "cpi", "grain_output", "new_urban_jobs")]:
            phone.open(path)
            width, inner = phone.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width <= inner, f"{path}: {width} px wide"
            checked += check_charts(phone, url, path)
        phone.open(f"/region/{quote('河北省')}")
        phone.page.locator("figure.chart").first.screenshot(path=_screenshot_path("phone-chart-hebei"))
        phone.assert_clean()
    assert checked > 300


def test_the_indicator_index_and_the_comparison_page(tab: Tab) -> None:
    tab.open("/indicators")
    index = tab.page.get_by_test_id("indicator-index")
    gdp = index.locator("tr[data-indicator=gdp]")
    expect(gdp).to_contain_text("地区生产总值")
    assert int(gdp.locator("td").nth(1).inner_text()) >= 3  # 包头市, 九原区, 乌海市 …
    gdp.locator("a").click()
    tab.page.wait_for_load_state("networkidle")
    expect(tab.page.get_by_test_id("indicator-trend")).to_be_visible()
    expect(tab.page.get_by_test_id("compare-table")).to_be_visible()
    tab.page.get_by_test_id("facet-level").locator("a[data-value=county]").click()
    tab.page.wait_for_load_state("networkidle")
    rows = tab.page.get_by_test_id("compare-table").locator("tbody tr")
    assert rows.count() >= 1 and all("县级" in text for text in rows.all_inner_texts())
    tab.shoot("indicator-gdp-counties")
    tab.open("/compare?year=2024&indicator=gdp")
    child = tab.page.get_by_test_id("compare-levels").locator(f"tr[data-region='九原区']")
    expect(child).to_contain_text("包头市")
    expect(tab.page.get_by_test_id("compare-tally")).to_be_visible()
    tab.shoot("compare-gdp-2024")
    tab.assert_clean()


def test_a_parent_with_no_documents_shows_its_children(tab: Tab) -> None:
    tab.open(f"/region/{quote('包头市')}")
    tab.page.get_by_test_id("region-parent").locator("a").click()  # 内蒙古自治区: no document of its own
    tab.page.wait_for_load_state("networkidle")
    expect(tab.page.get_by_test_id("region-name")).to_have_text("内蒙古自治区")
    expect(tab.page.get_by_test_id("no-documents")).to_be_visible()
    expect(tab.page.get_by_test_id("region-children")).to_contain_text("包头市")
    expect(tab.page.get_by_test_id("region-children")).to_contain_text("乌海市")
    tab.shoot("region-parent-without-documents")
    tab.assert_clean()

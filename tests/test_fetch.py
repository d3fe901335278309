"""URLs: fetched with httpx from a local HTTP server started here; charsets, redirects, limits, errors."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest

from planwatch import store
from planwatch.fetch import FetchError, fetch
from planwatch.ingest import ingest
from stub_engine import ANALYSER, report

GBK_TEXT = report(1)
BIG5_TEXT = "地區：臺北市\n年份：2024\n地區生產總值增長5.5%。\n" + "經濟發展穩中有進。" * 10
PAGE = ("<html><head><meta charset='utf-8'><title>报告</title></head><body><article><p>"
        + report(2).replace("\n", "</p><p>") + "</p></article></body></html>")


class Handler(http.server.BaseHTTPRequestHandler):
    routes = {
        "/gbk.txt": ("text/plain; charset=gbk", GBK_TEXT.encode("gbk")),
        "/big5": ("text/plain; charset=big5", BIG5_TEXT.encode("big5")),
        "/page": ("text/html; charset=utf-8", PAGE.encode("utf-8")),
        "/big.txt": ("text/plain", b"x" * 5000),
    }

    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/gbk.txt")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.0)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/trickle":  # a byte at a time, never tripping a per-read timeout
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:  # the client went away
                pass
        elif self.path in self.routes:
            content_type, body = self.routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_follows_redirects_and_reads_the_charset(server):
    fetched = fetch(f"{server}/redirect")
    assert fetched.url == f"{server}/gbk.txt" and fetched.name == "gbk.txt"
    assert (fetched.content_type, fetched.charset) == ("text/plain", "gbk")
    assert fetched.data == GBK_TEXT.encode("gbk")


def test_fetch_names_a_page_by_its_format(server):
    assert fetch(f"{server}/page").name == "page.html"
    assert fetch(f"{server}/big5").name == "big5.txt"


@pytest.mark.parametrize("path, reason", [
    ("/missing", "HTTP 404 Not Found"),
    ("/loop", "more than 5 redirects"),
])
def test_fetch_errors_say_what_went_wrong(server, path, reason):
    with pytest.raises(FetchError) as error:
        fetch(server + path)
    assert error.value.reason == reason and str(error.value) == f"{server}{path}: {reason}"


def test_fetch_refuses_a_body_over_the_limit(server):
    with pytest.raises(FetchError, match="larger than the limit of 1000 bytes"):
        fetch(f"{server}/big.txt", max_bytes=1000)
    assert len(fetch(f"{server}/big.txt", max_bytes=5000).data) == 5000


def test_fetch_times_out(server):
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{server}/slow", timeout=0.2)


def test_a_trickling_server_is_cut_off_at_the_deadline(server):
    with pytest.raises(FetchError) as error:
        fetch(f"{server}/trickle", timeout=5.0, deadline=1.0)
    assert error.value.reason == "took longer than the 1 s deadline"


def test_ingest_and_extract_read_a_trickling_url_until_the_deadline(db_url, server, tmp_path, monkeypatch):
    monkeypatch.setattr("planwatch.fetch.DEADLINE", 1.0)
    (tmp_path / "good.txt").write_text(report(3), encoding="utf-8")
    result = ingest([f"{server}/trickle", tmp_path / "good.txt"], db=db_url, jobs=1, analyser=ANALYSER)
    assert [(o.status, o.reason) for o in result.outcomes] == [
        ("failed", "took longer than the 1 s deadline"), ("stored", None)]


def test_ingest_urls(db_url, server):
    urls = [f"{server}/gbk.txt", f"{server}/big5", f"{server}/page", f"{server}/missing"]
    result = ingest(urls, db=db_url, jobs=1, analyser=ANALYSER)
    assert [o.status for o in result.outcomes] == ["stored", "stored", "stored", "failed"]
    assert result.outcomes[3].reason == "HTTP 404 Not Found"
    docs = {d.source: store.get_document(db_url, d.id) for d in store.documents(db_url)}
    gbk, big5, page = docs[urls[0]], docs[urls[1]], docs[urls[2]]
    assert gbk.text == GBK_TEXT and gbk.encoding == "gbk" and gbk.facts.region == "测试1区"
    assert big5.text == BIG5_TEXT and big5.encoding == "big5"  # the header's charset, not a guess
    assert (page.format, page.name) == ("html", "page.html") and "地区生产总值增长5.2%" in page.text
    import hashlib
    assert gbk.sha256 == hashlib.sha256(GBK_TEXT.encode("gbk")).hexdigest()  # of the bytes as served
    again = ingest(urls[:3], db=db_url, jobs=1, analyser=ANALYSER)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 3

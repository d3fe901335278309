"""HTML pages: the report without the page's chrome, blocks as lines, tables as rows."""

from __future__ import annotations

import pytest
from formats import SAMPLE_BLOCKS, PageChrome, Span, Table, html_page

from planwatch.load import LoadError, read_bytes


def load(page: str, encoding: str = "utf-8"):
    return read_bytes(page.encode(encoding), "page.html")


def body(html: str) -> str:
    return f"<html><head><meta charset='utf-8'></head><body>{html}</body></html>"


def test_navigation_scripts_sidebar_and_footer_are_not_text_but_the_footer_is_meta():
    chrome = PageChrome()
    doc = load(html_page(SAMPLE_BLOCKS, chrome))
    lines = doc.text.splitlines()
    for item in chrome.nav:
        assert item not in lines
    assert "88.88" not in doc.text and "访问量" not in doc.text  # scripts in head and body
    assert "当前位置" not in doc.text and "相关链接" not in doc.text
    assert "主办" not in doc.text and "网站标识码" not in doc.text
    assert doc.meta == {
        "title": chrome.title,
        "site": chrome.site,
        "published": chrome.published,
        "footer": f"{chrome.footer}\n网站标识码:9999000001",
    }


def test_colspan_and_rowspan_are_filled_so_header_rows_are_as_wide_as_data_rows():
    table = Table(
        rows=[
            [Span("指标", rows=2), Span("2023年", cols=2), Span("2024年", cols=2)],
            ["目标", "完成", "目标", "备注"],
            ["地区生产总值(亿元)", "520", "531.4", "560", ""],
            [Span("合计", cols=3), "560", "—"],
        ]
    )
    doc = load(html_page([table]))
    assert doc.text.splitlines()[1:] == [
        "指标 | 2023年 | 2023年 | 2024年 | 2024年 |",
        "指标 | 目标 | 完成 | 目标 | 备注 |",
        "地区生产总值(亿元) | 520 | 531.4 | 560 | |",
        "合计 | 合计 | 合计 | 560 | — |",
    ]


def test_cell_text_is_one_line_and_rowspan_zero_runs_to_the_end():
    doc = load(
        body(
            "<table><tr><td rowspan='0'>分组</td><td>城镇<br>居民</td><td><p>增长</p>\n<p>5.1%</p></td></tr>"
            "<tr><td>农村居民</td><td>7.2%</td></tr><tr><td colspan='x'>其他</td><td>—</td></tr></table>"
        )
    )
    assert doc.text.splitlines() == ["分组 | 城镇 居民 | 增长 5.1% |", "分组 | 农村居民 | 7.2% |", "分组 | 其他 | — |"]


def test_blocks_and_line_breaks_are_lines_inline_elements_are_not():
    doc = load(
        body(
            "<div>一、总体情况<br>全市<b>地区生产总值</b>增长<span>6.2</span>%。<br><br></div>"
            "<ul><li>城镇新增就业2.4万人</li><li>失业率3.5%</li></ul><h2>二、目标</h2>\u3000\u3000增长6%左右"
        )
    )
    assert doc.text == "一、总体情况\n全市地区生产总值增长6.2%。\n城镇新增就业2.4万人\n失业率3.5%\n二、目标\n增长6%左右"


def test_line_breaks_in_the_source_between_chinese_characters_vanish_others_become_spaces():
    doc = load(body("<p>全市地区生产总\n  值增长6.2%，\n增长\n6%\tand  more\n文字</p>"))
    assert doc.text == "全市地区生产总值增长6.2%，增长 6% and more 文字"


def test_layout_tables_render_as_blocks_data_tables_inside_them_as_rows():
    report = "".join(f"<p>第{i}段,全市完成投资{i}.5亿元,增长{i}%。</p>" for i in range(1, 4))
    page = body(
        "<table><tr><td><a href='/'>首页</a> <a href='/x'>政务公开</a></td></tr>"
        f"<tr><td>{report}<table><tr><th>指标</th><th>数值</th></tr><tr><td>投资</td><td>6.5</td></tr></table>"
        "</td></tr></table>"
    )
    assert load(page).text.splitlines() == [
        "第1段,全市完成投资1.5亿元,增长1%。",
        "第2段,全市完成投资2.5亿元,增长2%。",
        "第3段,全市完成投资3.5亿元,增长3%。",
        "指标 | 数值 |",
        "投资 | 6.5 |",
    ]


def test_a_long_government_page_loses_no_paragraph(tmp_path):
    paragraphs = [f"({i})第{i}项工作:完成投资{i}.{i % 10}亿元,同比增长{i % 9}.{i % 7}%。" for i in range(1, 401)]
    for separator in ("p", "br"):
        if separator == "p":
            report = "".join(f"<p>\u3000\u3000{p}</p>\n" for p in paragraphs)
        else:
            report = "<br>\n".join(f"\u3000\u3000{p}" for p in paragraphs)
        page = html_page(["占位"]).replace("<p style=\"text-indent:2em\">\u3000\u3000占位</p>", report)
        lines = load(page).text.splitlines()
        assert lines[1:] == paragraphs, separator


def test_an_element_named_like_chrome_is_kept_when_it_holds_most_of_the_page():
    report = "".join(f"<p>第{i}段:固定资产投资增长{i}%。</p>" for i in range(10))
    doc = load(body(f"<div class='nav'><a href='/'>首页</a></div><div id='bottom-main' class='header'>{report}</div>"))
    assert doc.text.splitlines() == [f"第{i}段:固定资产投资增长{i}%。" for i in range(10)]


def test_link_lists_are_dropped_prose_with_a_link_is_kept():
    doc = load(
        body(
            "<p>全市粮食产量52万吨,详见<a href='a.xls'>附件</a>。</p>"
            "<ul><li><a href='/1'>2022年计划执行情况</a></li><li><a href='/2'>2021年计划执行情况</a></li></ul>"
            "<div><a href='/p'>上一篇:关于某某的通知</a> <a href='/n'>下一篇</a></div>"
        )
    )
    assert doc.text == "全市粮食产量52万吨,详见附件。"


def test_hidden_text_is_kept_because_read_more_pages_hide_the_rest_of_the_report():
    doc = load(body("<p>第一部分增长5%。</p><div style='display:none'><p>第二部分增长6%。</p></div>"))
    assert doc.text == "第一部分增长5%。\n第二部分增长6%。"


def test_a_header_inside_the_article_is_kept_the_page_header_is_not():
    doc = load(
        body(
            "<header><a href='/'>市政府门户网站</a> 无障碍 长者模式</header>"
            "<article><header><h1>关于2024年计划的报告</h1></header><p>正文增长5%。</p></article>"
        )
    )
    assert doc.text == "关于2024年计划的报告\n正文增长5%。"


@pytest.mark.parametrize(
    ("head", "meta"),
    [
        (
            '<meta property="og:site_name" content="某市人民政府"><meta property="article:published_time" '
            'content="2024-02-25T10:00:00+08:00"><meta property="og:title" content="标题">',
            {"site": "某市人民政府", "published": "2024-02-25T10:00:00+08:00", "title": "标题"},
        ),
        ('<title>  多余\n 空格 </title><meta name="publishdate" content="2024-02-25">',
         {"title": "多余 空格", "published": "2024-02-25"}),
    ],
)
def test_meta_fields_from_the_usual_tags(head, meta):
    doc = load(f"<html><head><meta charset='utf-8'>{head}</head><body><p>正文</p></body></html>")
    assert doc.meta == meta


def test_charset_from_http_equiv_meta():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body><p>增长5%</p></body></html>'
    doc = read_bytes(page.encode("gbk"), "p.html")
    assert (doc.text, doc.encoding) == ("增长5%", "gb18030")


def test_a_gbk_page_mislabelled_utf8_is_sniffed():
    page = html_page(SAMPLE_BLOCKS[:3], charset="utf-8")
    doc = read_bytes(page.encode("gb18030"), "p.html")
    assert doc.encoding == "gb18030"
    assert SAMPLE_BLOCKS[2] in doc.text.splitlines()


def test_a_latin1_label_on_a_utf8_page_is_ignored():
    page = html_page(SAMPLE_BLOCKS[:3], charset="iso-8859-1")
    doc = read_bytes(page.encode("utf-8"), "p.html")
    assert (doc.encoding, doc.text.splitlines()[2]) == ("utf-8", SAMPLE_BLOCKS[1])


def test_a_page_without_text_is_an_error():
    with pytest.raises(LoadError, match="^empty.html: the page has no text$"):
        read_bytes(b"<html><body><script>var a = 1;</script> <img src='x.png'></body></html>", "empty.html")


def _depth(tree) -> int:
    """How deep the parsed tree goes (elements from <html> down to the deepest)."""
    deepest, stack = 0, [(tree.root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.iter())
    return deepest


def test_a_page_nested_100000_deep_is_parsed_no_deeper_than_the_limit():
    from selectolax.lexbor import LexborHTMLParser

    from planwatch.load.html import MAX_DEPTH, flatten_deep_nesting

    n = 100_000
    page = "<html><body>" + "<div><span>" * (n // 2) + "地区生产总值增长6%左右。" + "</span></div>" * (n // 2) + "</body></html>"
    flattened = flatten_deep_nesting(page)
    assert _depth(LexborHTMLParser(flattened)) <= MAX_DEPTH + 3  # html, body: the parser's time is linear
    assert read_bytes(page.encode(), "deep.html").text == "地区生产总值增长6%左右。"


def test_text_nested_past_the_limit_keeps_its_lines():
    from selectolax.lexbor import LexborHTMLParser

    from planwatch.load.html import _Renderer, flatten_deep_nesting

    page = ("<html><body>" + "".join(f"<div>第{i}段<b>加粗</b>" for i in range(60)) + "<p>末段</p>"
            + "</div>" * 60 + "<p>其后</p></body></html>")
    assert flatten_deep_nesting(page, max_depth=1000) == page  # within the limit: untouched

    def lines(html: str) -> list[str]:
        body = LexborHTMLParser(html).body
        return _Renderer(body).render(body, prune=True)

    assert lines(flatten_deep_nesting(page, max_depth=20)) == lines(page)
    assert _depth(LexborHTMLParser(flatten_deep_nesting(page, max_depth=20))) <= 23

"""The same report in every format and encoding loads to the same paragraphs and table rows."""

from __future__ import annotations

import hashlib
import re

import pytest
from formats import SAMPLE_BLOCKS, SAMPLE_TABLE, PageChrome, block_lines, make_docx, render_text, write_all_formats

from planwatch.load import read_bytes, read_path

EXPECTED_FORMAT = {
    "utf-8": ("text", "utf-8"),
    "utf-8-bom": ("text", "utf-8-sig"),
    "gb18030": ("text", "gb18030"),
    "utf-16-le-bom": ("text", "utf-16"),
    "utf-16-le": ("text", "utf-16-le"),
    "utf-16-be": ("text", "utf-16-be"),
    "html": ("html", "utf-8"),
    "html-gbk": ("html", "gb18030"),
    "docx": ("docx", None),
    "pdf": ("pdf", None),
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return write_all_formats(SAMPLE_BLOCKS, tmp_path_factory.mktemp("formats"))


@pytest.mark.parametrize("label", sorted(EXPECTED_FORMAT))
def test_every_format_holds_the_same_paragraphs_and_rows_in_order(rendered, label):
    doc = read_path(rendered[label])
    assert (doc.format, doc.encoding) == EXPECTED_FORMAT[label]
    # Whitespace aside, the report is one unbroken run of the loaded text: nothing lost, nothing in
    # between (no navigation, no page numbers), rows rendered as the text fixture writes them.
    assert squash("".join(block_lines(SAMPLE_BLOCKS))) in squash(doc.text)
    for line in block_lines(SAMPLE_BLOCKS):
        assert squash(line) in squash(doc.text)


@pytest.mark.parametrize("label", ["utf-8", "utf-8-bom", "gb18030", "utf-16-le-bom", "utf-16-le", "utf-16-be"])
def test_text_encodings_round_trip_exactly(rendered, label):
    doc = read_path(rendered[label])
    assert doc.text == render_text(SAMPLE_BLOCKS)  # gb18030 is written with \r\n: normalised to \n


def test_docx_text_is_one_line_per_paragraph_and_row(rendered):
    assert read_path(rendered["docx"]).text == "\n".join(block_lines(SAMPLE_BLOCKS))


def test_html_text_is_the_heading_then_the_report(rendered):
    doc = read_path(rendered["html"])
    assert doc.text == "\n".join([PageChrome().title, *block_lines(SAMPLE_BLOCKS)])


def test_pdf_keeps_lines_as_the_pdf_breaks_them(rendered):
    doc = read_path(rendered["pdf"])
    # The long paragraphs wrap at the page width: the break stays in the text for the normaliser.
    assert "基本同步。" in doc.text and "居民人均可支配收入增长与经济增长基本同步" not in doc.text
    assert squash(doc.text) == squash(render_text(SAMPLE_BLOCKS))
    assert doc.meta["title"] == "青禾市计划报告"
    assert doc.meta["pages"] == "2"


def test_document_identity_fields(rendered):
    path = rendered["pdf"]
    doc = read_path(path)
    assert doc.name == path.name
    assert doc.source == str(path)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.facts.region is None  # left for planwatch.facts


def test_read_bytes_gives_the_same_document_as_read_path(rendered):
    path = rendered["html-gbk"]
    from_path = read_path(path)
    from_bytes = read_bytes(path.read_bytes(), path.name, str(path))
    assert from_bytes == from_path


def test_magic_bytes_win_over_the_extension(rendered, tmp_path):
    misnamed = tmp_path / "report.txt"
    misnamed.write_bytes(rendered["docx"].read_bytes())
    assert read_path(misnamed).format == "docx"
    pdf_as_html = tmp_path / "report.html"
    pdf_as_html.write_bytes(rendered["pdf"].read_bytes())
    assert read_path(pdf_as_html).format == "pdf"


def test_extension_decides_when_the_bytes_do_not(tmp_path):
    fragment = "<p>第一段</p><p>第二段</p>"
    as_html = tmp_path / "fragment.htm"
    as_html.write_text(fragment, encoding="utf-8")
    as_text = tmp_path / "fragment.txt"
    as_text.write_text(fragment, encoding="utf-8")
    assert read_path(as_html).text == "第一段\n第二段"
    assert read_path(as_text).text == fragment


def test_make_docx_appends_tables_after_paragraphs(tmp_path):
    doc = read_path(make_docx(["前言段落"], [SAMPLE_TABLE], tmp_path / "t.docx"))
    assert doc.text.splitlines()[0] == "前言段落"
    assert doc.text.splitlines()[1] == "指标 | 单位 | 2023年 | 2023年 | 2024年目标 |"

"""Word .docx: paragraphs and tables in order, merged cells repeated, runs found wherever they nest."""

from __future__ import annotations

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from formats import SAMPLE_TABLE, Span, Table, make_docx

from planwatch.load import read_path


def test_paragraphs_and_tables_come_in_document_order(tmp_path):
    small = Table(rows=[["指标", "完成"], ["粮食产量", "53.8万吨"]])
    path = make_docx(["第一段", small, "第二段", SAMPLE_TABLE, "第三段"], (), tmp_path / "order.docx")
    assert read_path(path).text.splitlines() == [
        "第一段",
        "指标 | 完成 |",
        "粮食产量 | 53.8万吨 |",
        "第二段",
        "指标 | 单位 | 2023年 | 2023年 | 2024年目标 |",
        "指标 | 单位 | 计划 | 完成 | 2024年目标 |",
        "地区生产总值增速 | % | 6.5 | 6.2 | 6左右 |",
        "一般公共预算收入 | 亿元 | 92 | 93.7 | 100以上 |",
        "粮食产量 | 万吨 | 52 | 53.8 | 52以上 |",
        "第三段",
    ]


def test_a_cell_merged_across_the_whole_row_repeats_and_empty_rows_are_dropped(tmp_path):
    table = Table(rows=[[Span("附表:主要指标", cols=3)], ["", "", ""], ["指标", "2023年", "2024年"]])
    assert read_path(make_docx([table], (), tmp_path / "t.docx")).text.splitlines() == [
        "附表:主要指标 | 附表:主要指标 | 附表:主要指标 |",
        "指标 | 2023年 | 2024年 |",
    ]


def _paragraph_xml(inner: str) -> object:
    return parse_xml(f"<w:p {nsdecls('w')}>{inner}</w:p>")


def test_runs_in_smart_tags_insertions_and_content_controls_count_deleted_text_does_not(tmp_path):
    document = docx.Document()
    body = document.element.body
    run = "<w:r><w:t xml:space='preserve'>{}</w:t></w:r>"
    body.append(
        _paragraph_xml(
            run.format("新增城镇就业")
            + f"<w:smartTag w:uri='urn:schemas-microsoft-com:office:smarttags' w:element='chmetcnv'>{run.format('3.8万人')}</w:smartTag>"
            + f"<w:del w:id='1' w:author='a'><w:r><w:delText>4.0万人</w:delText></w:r></w:del>"
            + f"<w:ins w:id='2' w:author='a'>{run.format('以上')}</w:ins>"
            + "<w:r><w:tab/><w:t>(预计)</w:t></w:r>"
        )
    )
    body.append(
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p>{run.format('目录里的段落')}</w:p></w:sdtContent></w:sdt>"
        )
    )
    path = tmp_path / "runs.docx"
    document.save(str(path))
    assert read_path(path).text == "新增城镇就业3.8万人以上\t(预计)\n目录里的段落"


def test_line_breaks_inside_a_paragraph_are_lines_and_indentation_is_stripped(tmp_path):
    document = docx.Document()
    document.add_paragraph("\u3000\u3000第一行\n第二行  ")
    document.add_paragraph("   ")
    path = tmp_path / "br.docx"
    document.save(str(path))
    assert read_path(path).text == "第一行\n第二行"


def test_a_nested_table_is_read_into_its_cell_keeping_the_outer_row_shape(tmp_path):
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "分项"
    inner = outer.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "工业"
    inner.cell(0, 1).text = "增长8%"
    path = tmp_path / "nested.docx"
    document.save(str(path))
    assert read_path(path).text == "分项 | 工业 增长8% |"


def test_title_from_core_properties(tmp_path):
    doc = read_path(make_docx(["正文"], (), tmp_path / "t.docx"))
    assert doc.meta == {"title": "青禾市计划报告"}
    assert (doc.format, doc.encoding) == ("docx", None)

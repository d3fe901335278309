"""PDF: the text layer page by page, page numbers out when they are plainly page numbers."""

from __future__ import annotations

from formats import _register_cjk_font, make_pdf
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from planwatch.load import read_path
from planwatch.load.pdf import strip_page_numbers

LINES = [f"第{i}行:某项指标完成{i}.5亿元,增长{i}%。" for i in range(1, 13)]


def test_page_numbers_running_with_the_pages_are_removed(tmp_path):
    path = make_pdf("\n".join(LINES), tmp_path / "numbered.pdf", page_numbers=True, lines_per_page=4)
    doc = read_path(path)
    assert doc.meta["pages"] == "3"
    assert doc.text.split("\n") == LINES


def test_without_page_numbers_every_line_stays(tmp_path):
    path = make_pdf("\n".join(LINES), tmp_path / "plain.pdf", lines_per_page=5)
    assert read_path(path).text.split("\n") == LINES


def test_a_single_numbered_page_keeps_its_number(tmp_path):
    path = make_pdf("\n".join(LINES[:2]), tmp_path / "one.pdf", page_numbers=True)
    assert read_path(path).text.split("\n") == [*LINES[:2], "— 1 —"]


def test_strip_page_numbers_needs_numbers_in_step_with_the_pages():
    pages = [["正文甲", "- 3 -"], ["正文乙", "第 4 页", ""], ["正文丙", "5/12"]]
    assert strip_page_numbers(pages) == [["正文甲"], ["正文乙", ""], ["正文丙"]]
    out_of_step = [["甲", "3"], ["乙", "7"], ["丙", "8"]]
    assert strip_page_numbers(out_of_step) == out_of_step
    too_few = [["甲", "1"], ["乙"], ["丙"], ["丁"], ["戊", "5"]]  # two of five pages
    assert strip_page_numbers(too_few) == too_few


def test_an_owner_password_alone_does_not_stop_reading(tmp_path):
    protected = StandardEncryption("", "owner-secret", canCopy=0)
    path = make_pdf("\n".join(LINES[:3]), tmp_path / "owner.pdf", encrypt=protected)
    assert read_path(path).text.split("\n") == LINES[:3]


def test_pages_without_text_are_named_in_meta(tmp_path):
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    c.setFont(_register_cjk_font(), 12)
    c.drawString(72, 700, LINES[0])
    c.showPage()
    c.rect(72, 300, 200, 200, fill=1)  # a page with a picture only
    c.showPage()
    c.save()
    doc = read_path(path)
    assert doc.meta == {"pages": "2", "pages_without_text": "2", "title": "untitled"}  # reportlab's default
    assert doc.text == LINES[0] + "\n"

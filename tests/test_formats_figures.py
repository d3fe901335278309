"""The same example report as text (UTF-8, GB18030, UTF-16), HTML, Word and PDF gives the same figures."""

from pathlib import Path

import pytest

import planwatch
from formats import Table, make_docx, make_html, make_pdf, make_text, render_text

EXAMPLE = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*计划执行情况*.txt"))[0]


def example_blocks() -> list:
    """The example report as paragraphs and tables (its annex is written `cell | cell | cell`)."""
    blocks: list = []
    rows: list[list[str]] = []
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if " | " in line:
            rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
            continue
        if rows:
            blocks.append(Table(rows))
            rows = []
        if line.strip():
            blocks.append(line.strip())
    if rows:
        blocks.append(Table(rows))
    return blocks


@pytest.fixture(scope="module")
def renderings(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    blocks = example_blocks()
    text = render_text(blocks)
    title = blocks[0]
    return {
        "utf-8": make_text(text, folder / "r.txt"),
        "gb18030": make_text(text, folder / "r.gb.txt", "gb18030", newline="\r\n"),
        "utf-16": make_text(text, folder / "r.u16.txt", "utf-16-le", bom=True),
        "html": make_html(blocks, folder / "r.html"),
        "docx": make_docx(blocks, (), folder / "r.docx"),
        "pdf": make_pdf(text, folder / "r.pdf", page_numbers=True, title=title),
    }


def figure_keys(path: Path) -> set[tuple]:
    doc = planwatch.read(path)
    figures = planwatch.extract(doc)
    for f in figures:
        assert doc.text[f.start : f.end] == f.quote
    return {(f.region, f.year, f.kind, f.indicator, f.measure, f.value, f.unit, f.op, f.source) for f in figures}


def test_the_reference_rendering_has_the_catalog_figures(renderings):
    keys = figure_keys(renderings["utf-8"])
    catalog = {k for k in keys if k[3] != "other"}
    assert len(catalog) > 50
    assert {k[0] for k in keys} == {"澜泽市"}
    assert any(k[8] == "table" for k in catalog)


@pytest.mark.parametrize("label", ["gb18030", "utf-16", "html", "docx", "pdf"])
def test_every_format_gives_the_same_figures(renderings, label):
    expected = figure_keys(renderings["utf-8"])
    got = figure_keys(renderings[label])
    assert got == expected, {"missing": sorted(expected - got, key=str)[:10], "extra": sorted(got - expected, key=str)[:10]}

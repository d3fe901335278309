"""Fixture builders: one short report rendered as text, HTML, DOCX and PDF.

Every builder takes *blocks*: strings (paragraphs) and `Table`s, in document order. Tests of later stages
reuse these to check that every format yields the same figures:

    paths = write_all_formats(SAMPLE_BLOCKS, tmp_path)   # {"utf-8": Path, "html": Path, "pdf": Path, ...}

A table row is written out in the loader's convention, one line `cell | cell | cell |` with merged cells
repeated (`table_lines`); that is also how the text and PDF renderings show tables, so that all formats
carry the same characters once whitespace is ignored.

The report, its places and its figures are invented.
"""

from __future__ import annotations

import html
import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

CJK_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
CJK_FONT_NAME = "WenQuanYiZenHei"


@dataclass(frozen=True)
class Span:
    """A merged table cell: `cols` columns wide, `rows` rows high."""

    text: str
    cols: int = 1
    rows: int = 1


Cell = str | Span


@dataclass(frozen=True)
class Table:
    rows: list[list[Cell]]


Block = str | Table


@dataclass(frozen=True)
class PageChrome:
    """What a government web page wraps around a report."""

    title: str = "青禾市2023年计划执行情况与2024年计划草案"
    site: str = "青禾市人民政府"
    published: str = "2024-01-18 09:30"
    nav: list[str] = field(default_factory=lambda: ["首页", "政务公开", "政策解读", "互动交流"])
    script: str = 'var hits = "脚本数字增长88.88%";'
    footer: str = "青禾市人民政府办公室 主办 青禾市大数据中心 承办 电话:0999-1234567"


SAMPLE_TABLE = Table(
    rows=[
        [Span("指标", rows=2), Span("单位", rows=2), Span("2023年", cols=2), Span("2024年目标", rows=2)],
        ["计划", "完成"],
        ["地区生产总值增速", "%", "6.5", "6.2", "6左右"],
        ["一般公共预算收入", "亿元", "92", "93.7", "100以上"],
        ["粮食产量", "万吨", "52", "53.8", "52以上"],
    ]
)

SAMPLE_BLOCKS: list[Block] = [
    "关于青禾市2023年国民经济和社会发展计划执行情况与2024年计划草案的报告",
    "一、2023年计划执行情况",
    "全市地区生产总值预计完成1286.4亿元,增长6.2%;一般公共预算收入完成93.7亿元,增长8.1%。",
    "城镇新增就业2.45万人,城镇登记失业率控制在3.6%以内,居民消费价格涨幅为1.9%。",
    "二、2024年主要预期目标",
    "地区生产总值增长6%左右,固定资产投资增长8%以上,社会消费品零售总额增长7%,"
    "居民人均可支配收入增长与经济增长基本同步。",
    "附表:主要指标完成情况和2024年预期目标",
    SAMPLE_TABLE,
    "粮食产量稳定在52万吨以上,单位地区生产总值能耗下降2.5%左右。",
]


# ---------------------------------------------------------------------------------------------- tables


def table_grid(table: Table) -> list[list[str]]:
    """The table as a rectangular grid, merged cells repeated across and down."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            span = cell if isinstance(cell, Span) else Span(cell)
            for dr in range(span.rows):
                for dc in range(span.cols):
                    grid[(r + dr, c + dc)] = span.text
            c += span.cols
    width = 1 + max(c for _, c in grid)
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(table.rows))]


def table_lines(table: Table) -> list[str]:
    """Rows in the loader's convention: `cell | cell | cell |` (an empty cell is a bare `|`)."""
    return [" ".join(f"{cell} |" if cell else "|" for cell in row) for row in table_grid(table)]


def block_lines(blocks: Sequence[Block]) -> list[str]:
    """Every paragraph and every table row, one per line."""
    lines: list[str] = []
    for block in blocks:
        lines.extend(table_lines(block) if isinstance(block, Table) else [block])
    return lines


def render_text(blocks: Sequence[Block]) -> str:
    return "\n".join(block_lines(blocks)) + "\n"


# ------------------------------------------------------------------------------------------------ text


def make_text(text: str, path: Path, encoding: str = "utf-8", *, bom: bool = False, newline: str = "\n") -> Path:
    """Write `text` in `encoding` ("utf-8", "gb18030", "utf-16-le", "utf-16-be"), with a BOM if asked."""
    boms = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
    data = text.replace("\n", newline).encode(encoding)
    path.write_bytes((boms[encoding] if bom else b"") + data)
    return path


# ------------------------------------------------------------------------------------------------ html


def _html_table(table: Table) -> str:
    rows = []
    for i, row in enumerate(table.rows):
        tag = "th" if i < 2 else "td"
        cells = []
        for cell in row:
            span = cell if isinstance(cell, Span) else Span(cell)
            attrs = (f' colspan="{span.cols}"' if span.cols > 1 else "") + (
                f' rowspan="{span.rows}"' if span.rows > 1 else ""
            )
            # Word-exported pages wrap cell text in <p> and <span>, with line breaks in the source.
            cells.append(f"<{tag}{attrs}>\n  <p><span>{html.escape(span.text)}</span></p>\n</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1"><tbody>\n' + "\n".join(rows) + "\n</tbody></table>"


def html_page(blocks: Sequence[Block], chrome: PageChrome | None = None, *, charset: str = "utf-8") -> str:
    """A government-style page: header, navigation, breadcrumbs, the report in one `<div>` of `<p>`s,
    a sidebar of links, a script and a footer naming the government."""
    chrome = chrome or PageChrome()
    body = []
    for block in blocks:
        if isinstance(block, Table):
            body.append(_html_table(block))
        else:
            body.append(f'<p style="text-indent:2em">\u3000\u3000{html.escape(block)}</p>')
    nav = "".join(f'<li><a href="/c{i}/">{html.escape(item)}</a></li>' for i, item in enumerate(chrome.nav))
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{charset}">
<title>{html.escape(chrome.title)}</title>
<meta name="SiteName" content="{html.escape(chrome.site)}">
<meta name="PubDate" content="{html.escape(chrome.published)}">
<style>.nav li {{ display: inline; }}</style>
<script type="text/javascript">{chrome.script}</script>
</head>
<body>
<div class="header"><div class="logo"><a href="/">{html.escape(chrome.site)}</a></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="main">
  <div class="crumbs">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
  <div class="article">
    <h1>{html.escape(chrome.title)}</h1>
    <div id="zoom" class="TRS_Editor">
{chr(10).join(body)}
    </div>
  </div>
  <div class="side"><h3>相关链接</h3><ul><li><a href="/a.html">2022年计划执行情况</a></li>
  <li><a href="/b.html">2023年政府工作报告</a></li></ul></div>
</div>
<script>document.write("<p>访问量 1000</p>");</script>
<div class="footer"><p>{html.escape(chrome.footer)}</p><p>网站标识码:9999000001</p></div>
</body>
</html>
"""


def make_html(
    blocks: Sequence[Block],
    path: Path,
    chrome: PageChrome | None = None,
    *,
    encoding: str = "utf-8",
    declare: str | None = None,
) -> Path:
    """Write `html_page(...)` in `encoding`, declaring `declare` (default: the encoding) in `<meta charset>`."""
    path.write_bytes(html_page(blocks, chrome, charset=declare or encoding).encode(encoding))
    return path


# ------------------------------------------------------------------------------------------------ docx


def make_docx(paragraphs: Sequence[Block], tables: Sequence[Table] = (), path: Path | None = None) -> Path:
    """A Word document: `paragraphs` (strings, or `Table`s placed where they stand), then `tables`."""
    import docx

    if path is None:
        raise TypeError("make_docx needs a path")
    document = docx.Document()
    document.core_properties.title = "青禾市计划报告"
    for block in [*paragraphs, *tables]:
        if isinstance(block, Table):
            _add_docx_table(document, block)
        else:
            document.add_paragraph(block)
    document.save(str(path))
    return path


def _add_docx_table(document, table: Table) -> None:
    grid_rows = len(table.rows)
    grid_cols = len(table_grid(table)[0])
    t = document.add_table(rows=grid_rows, cols=grid_cols)
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            span = cell if isinstance(cell, Span) else Span(cell)
            target = t.cell(r, c)
            if span.cols > 1 or span.rows > 1:
                target = target.merge(t.cell(r + span.rows - 1, c + span.cols - 1))
            target.text = span.text
            taken.update((r + dr, c + dc) for dr in range(span.rows) for dc in range(span.cols))
            c += span.cols


def make_docx_bomb(path: Path, uncompressed_bytes: int = 300 * 1024 * 1024) -> Path:
    """A .docx-shaped zip whose document.xml inflates to `uncompressed_bytes` (written in chunks)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(uncompressed_bytes // len(chunk)):
                member.write(chunk)
    return path


# ------------------------------------------------------------------------------------------------- pdf


def _register_cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if CJK_FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(CJK_FONT_NAME, CJK_FONT_PATH, subfontIndex=0))
    return CJK_FONT_NAME


def _wrap(line: str, width: float, font: str, size: float) -> list[str]:
    """Break a line wherever it reaches the page width (Chinese text breaks between any characters)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, current = [], ""
    for ch in line:
        if current and stringWidth(current + ch, font, size) > width:
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return out


def make_pdf(
    text: str,
    path: Path,
    *,
    encrypt: str | None = None,
    page_numbers: bool = False,
    lines_per_page: int = 40,
    title: str = "青禾市计划报告",
) -> Path:
    """A PDF with a real text layer: each line of `text` drawn in a CJK TrueType font, wrapped at the
    page width (so long paragraphs break mid-sentence, as in exported reports). `page_numbers` adds a
    centred `— n —` footer on each page; `encrypt` sets a user password."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font, size, margin, leading = _register_cjk_font(), 12, 60, 18
    page_width, page_height = A4
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    c.setTitle(title)
    drawn: list[str] = []
    for line in text.splitlines():
        drawn.extend(_wrap(line, page_width - 2 * margin, font, size) if line else [])
    pages = [drawn[i : i + lines_per_page] for i in range(0, len(drawn), lines_per_page)] or [[]]
    for number, lines in enumerate(pages, start=1):
        c.setFont(font, size)
        y = page_height - margin
        for line in lines:
            c.drawString(margin, y, line)
            y -= leading
        if page_numbers:
            c.drawCentredString(page_width / 2, margin / 2, f"— {number} —")
        c.showPage()
    c.save()
    return path


def make_image_pdf(path: Path, pages: int = 2) -> Path:
    """A 'scanned' PDF: each page is a picture, and there is no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("L", (200, 280), 255)
    draw = ImageDraw.Draw(picture)
    for y in range(20, 260, 12):
        draw.line((20, y, 180, y), fill=40, width=3)  # lines of 'print'
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(pages):
        c.drawImage(ImageReader(picture), 50, 100, width=400, height=560)
        c.showPage()
    c.save()
    return path


# ------------------------------------------------------------------------------------------- all at once


def write_all_formats(blocks: Sequence[Block], folder: Path, stem: str = "report") -> dict[str, Path]:
    """The same report in every supported format and encoding, keyed by a short label."""
    text = render_text(blocks)
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "utf-8": make_text(text, folder / f"{stem}.utf8.txt", "utf-8"),
        "utf-8-bom": make_text(text, folder / f"{stem}.utf8bom.txt", "utf-8", bom=True),
        "gb18030": make_text(text, folder / f"{stem}.gb.txt", "gb18030", newline="\r\n"),
        "utf-16-le-bom": make_text(text, folder / f"{stem}.u16lebom.txt", "utf-16-le", bom=True),
        "utf-16-le": make_text(text, folder / f"{stem}.u16le.txt", "utf-16-le"),
        "utf-16-be": make_text(text, folder / f"{stem}.u16be.txt", "utf-16-be"),
        "html": make_html(blocks, folder / f"{stem}.html"),
        "html-gbk": make_html(blocks, folder / f"{stem}.gbk.html", encoding="gb18030", declare="gb2312"),
        "docx": make_docx(blocks, (), folder / f"{stem}.docx"),
        "pdf": make_pdf(text, folder / f"{stem}.pdf", page_numbers=True, lines_per_page=8),
    }


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def make_lying_docx_bomb(path: Path, real_bytes: int = 1024 * 1024 * 1024, declared_bytes: int = 50_000) -> Path:
    """A real .docx whose document.xml is `real_bytes` of zeros while the zip's local header and directory
    both declare `declared_bytes` (about 1 MB on disk for 1 GiB)."""
    members = {}
    with zipfile.ZipFile(make_docx(["正文"], (), path.with_suffix(".tmp.docx"))) as real:
        members = {name: real.read(name) for name in real.namelist() if name != "word/document.xml"}
    name = "word/document.xml"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for member, data in members.items():
            zf.writestr(member, data)
        with zf.open(name, "w") as member:
            zeros = bytes(1024 * 1024)
            for _ in range(real_bytes // len(zeros)):
                member.write(zeros)
        offset = zf.getinfo(name).header_offset
    data = bytearray(path.read_bytes())
    lie = declared_bytes.to_bytes(4, "little")
    data[offset + 22:offset + 26] = lie  # the local header's uncompressed size
    central = data.find(b"PK\x01\x02")
    while central != -1:
        length = int.from_bytes(data[central + 28:central + 30], "little")
        if data[central + 46:central + 46 + length] == name.encode():
            data[central + 24:central + 28] = lie  # the directory's
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def make_pdf_flate_bomb(path: Path, inflated_bytes: int = 512 * 1024 * 1024) -> Path:
    """A one-page PDF whose content stream is a line of text and then `inflated_bytes` of spaces, deflated
    (about 1 MB on disk for 1 GiB), written object by object."""
    inflater = zlib.compressobj(6)
    content = bytearray(inflater.compress(b"BT /F1 12 Tf 72 720 Td (GDP 5%) Tj ET\n"))
    spaces = b" " * (1024 * 1024)
    for _ in range(inflated_bytes // len(spaces)):
        content += inflater.compress(spaces)
    content += inflater.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + bytes(content) + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path

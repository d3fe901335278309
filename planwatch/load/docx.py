"""Word .docx: paragraphs and tables in document order, each table row one line `cell | cell |`.

Before python-docx unpacks anything, the zip directory is checked against the limits (total unpacked
size, compression ratio of each large part): a small file that inflates to gigabytes is refused. A zip
directory can lie about sizes, so the parts are then unpacked here as a stream, a chunk at a time, with the
same limits applied to the bytes actually produced, into an uncompressed copy of the package that
python-docx reads (it would otherwise inflate each part in one call, as large as the data makes it).

Paragraph text is collected from every run inside the paragraph, including runs nested in smart tags
(older Chinese Word files wrap dates and measures such as "3.8万" in `chsdate`/`chmetcnv` smart tags),
insertions, fields and content controls — python-docx's `Paragraph.text` sees only direct runs and
hyperlinks. Deleted text, the fallback copy of alternate content and text boxes are left out. Headers,
footers, footnotes and comments are not part of the text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from lxml import etree

from planwatch.load.base import Extracted
from planwatch.load.errors import Unreadable
from planwatch.load.limits import MB, Limits, human_size
from planwatch.load.tables import cell_text, render_row

RATIO_CHECK_MIN_BYTES = 1 * MB  # small parts may compress well without harm
MAIN_PART = "word/document.xml"
CHUNK_BYTES = 256 * 1024  # unpacked at a time

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _R, _TBL = qn("w:p"), qn("w:r"), qn("w:tbl")
_CONTAINERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}  # block-level wrappers to look into
_NOT_TEXT = {qn("w:del"), qn("w:moveFrom"), qn("w:pPr"), qn("w:txbxContent"), _P, f"{_MC}Fallback"}


def read_docx(data: bytes, limits: Limits | None = None) -> Extracted:
    limits = limits or Limits()
    check_zip(data, limits)
    package = unpacked(data, limits)
    try:
        document = docx.Document(package)
    except ValueError as e:  # python-docx refuses other main content types: templates, macro-enabled files
        raise Unreadable("a Word template or macro-enabled document; save it as .docx") from e
    except (PackageNotFoundError, KeyError, AttributeError, zipfile.BadZipFile, etree.LxmlError) as e:
        # (AttributeError: python-docx reading parts whose XML lacks what it looks for, e.g. content types
        # without their namespace)
        raise Unreadable(f"the Word document is damaged ({e})") from e
    try:
        lines = list(_block_lines(document.element.body, document))
        title = (document.core_properties.title or "").strip()
    except (ValueError, KeyError, IndexError, etree.LxmlError) as e:
        raise Unreadable(f"the Word document is damaged ({e})") from e
    if not lines:
        raise Unreadable("the Word document has no text")
    meta = {}
    if title:
        meta["title"] = title
    return Extracted(text="\n".join(lines), meta=meta)


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse what is not a .docx, and zip bombs, reading only the zip directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as e:
        raise Unreadable("the Word document is damaged (not a valid ZIP archive)") from e
    names = {m.filename for m in members}
    if MAIN_PART not in names:
        kind = "an Excel workbook" if "xl/workbook.xml" in names else "a ZIP archive"
        raise Unreadable(f"{kind}, not a Word .docx document")
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_docx_unpacked_bytes:
        raise Unreadable(
            f"would unpack to {human_size(unpacked)}, over the {human_size(limits.max_docx_unpacked_bytes)} "
            "limit (possibly a zip bomb)"
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > RATIO_CHECK_MIN_BYTES and ratio > limits.max_docx_compression_ratio:
            raise Unreadable(
                f"part {m.filename} is compressed {ratio:.0f} to 1, over the "
                f"{limits.max_docx_compression_ratio:g} to 1 limit (possibly a zip bomb)"
            )


def unpacked(data: bytes, limits: Limits) -> io.BytesIO:
    """The package with every part stored uncompressed, unpacked a chunk at a time under the limits on the
    bytes produced (total, and ratio to the compressed size of each part). Raises `Unreadable`."""
    out = io.BytesIO()
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                produced = 0
                with archive.open(member) as source, copy.open(member.filename, "w", force_zip64=True) as target:
                    while chunk := source.read(CHUNK_BYTES):
                        produced += len(chunk)
                        total += len(chunk)
                        _check_unpacked(member, produced, total, limits)
                        target.write(chunk)
    except zipfile.BadZipFile as e:  # a checksum or size that does not match the data: a lie, or damage
        raise Unreadable(f"the Word document is damaged or lies about its sizes ({e})") from e
    except (zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError) as e:
        raise Unreadable(f"the Word document cannot be unpacked ({e})") from e
    out.seek(0)
    return out


def _check_unpacked(member: zipfile.ZipInfo, produced: int, total: int, limits: Limits) -> None:
    if total > limits.max_docx_unpacked_bytes:
        raise Unreadable(f"unpacks to more than {human_size(limits.max_docx_unpacked_bytes)}, over the limit "
                         "(possibly a zip bomb)")
    ratio = produced / max(member.compress_size, 1)
    if produced > RATIO_CHECK_MIN_BYTES and ratio > limits.max_docx_compression_ratio:
        raise Unreadable(f"part {member.filename} unpacks more than {limits.max_docx_compression_ratio:g} to 1 "
                         "(possibly a zip bomb)")


def _block_lines(container, parent) -> Iterator[str]:
    """Lines of the paragraphs and table rows directly in `container` (the body, a cell), in order."""
    for child in container.iterchildren():
        if child.tag == _P:
            for line in paragraph_text(child).split("\n"):
                if line.strip():
                    yield line.strip()
        elif child.tag == _TBL:
            yield from _table_lines(Table(child, parent))
        elif child.tag in _CONTAINERS:
            yield from _block_lines(child, parent)


def paragraph_text(p) -> str:
    """Text of the runs of paragraph `p`, wherever they nest (see the module docstring)."""
    return "".join(run.text for run in _runs(p))


def _runs(element) -> Iterator:
    for child in element.iterchildren():
        if child.tag == _R:
            yield child
        elif child.tag not in _NOT_TEXT:
            yield from _runs(child)


def _table_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        try:
            cells = list(row.cells)
        except (ValueError, IndexError, AttributeError):
            # A vertical merge that continues from nowhere: read the cells as they stand.
            cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
        texts = [""] * row.grid_cols_before + [_cell_text(cell, table) for cell in cells]
        line = render_row(texts)
        if line:
            yield line


def _cell_text(cell: _Cell, table: Table) -> str:
    """The cell on one line; a table nested in the cell gives its cells' text, without separators, so
    that the outer row keeps its number of cells."""
    return cell_text(" ".join(_cell_pieces(cell._tc, table)))


def _cell_pieces(container, table: Table) -> Iterator[str]:
    for child in container.iterchildren():
        if child.tag == _P:
            yield paragraph_text(child)
        elif child.tag == _TBL:
            nested = Table(child, table)
            for row in nested.rows:
                for cell in _unique(row.cells):
                    yield from _cell_pieces(cell._tc, nested)
        elif child.tag in _CONTAINERS:
            yield from _cell_pieces(child, table)


def _unique(cells: tuple[_Cell, ...]) -> list[_Cell]:
    """Cells of a row, a cell merged across columns once (python-docx repeats it)."""
    unique: list[_Cell] = []
    for cell in cells:
        if not unique or cell._tc is not unique[-1]._tc:
            unique.append(cell)
    return unique

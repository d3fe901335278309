"""PDF: the text layer as PDFium gives it, page after page.

Lines stay as the PDF breaks them (often mid-sentence); the normaliser rejoins them later through an
offset map. The one thing removed is a page number standing alone on the last line of its page
(`— 3 —`, `第3页`, `3/12`), and only when the numbers run in step with the pages on at least two pages
and half the document: such a line would otherwise sit in the middle of a sentence that continues on
the next page. Running headers are left alone (a repeated table header row looks the same).

A PDF without any text on any page is a scan; it needs OCR, which planwatch does not do.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from planwatch.load.base import Extracted
from planwatch.load.errors import Unreadable
from planwatch.load.text import normalise_newlines

_OPEN_ERRORS = {
    pdfium_c.FPDF_ERR_PASSWORD: "the PDF is encrypted (it needs a password to open)",
    pdfium_c.FPDF_ERR_SECURITY: "the PDF uses an unsupported security handler",
    pdfium_c.FPDF_ERR_FORMAT: "the PDF is damaged or truncated",
    pdfium_c.FPDF_ERR_FILE: "the PDF is damaged or truncated",
}

_DASHES = r"\s\-—–－_·•"
_PAGE_NUMBER = re.compile(
    rf"^[{_DASHES}]*(?:第\s*)?(\d{{1,4}})(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d{{1,4}}\s*页?)?[{_DASHES}]*$"
)


def read_pdf(data: bytes) -> Extracted:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        reason = _OPEN_ERRORS.get(e.err_code, f"the PDF could not be opened (PDFium error {e.err_code})")
        raise Unreadable(reason) from e
    try:
        pages = [_page_lines(pdf, i) for i in range(len(pdf))]
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
    finally:
        pdf.close()

    if not any(line.strip() for lines in pages for line in lines):
        raise Unreadable("no text layer; scanned images need OCR" if pages else "the PDF has no pages")
    meta = {"pages": str(len(pages))}
    if title:
        meta["title"] = title
    blank = [str(i + 1) for i, lines in enumerate(pages) if not any(line.strip() for line in lines)]
    if blank:
        meta["pages_without_text"] = ",".join(blank)
    pages = strip_page_numbers(pages)
    return Extracted(text="\n".join("\n".join(lines) for lines in pages), meta=meta)


def _page_lines(pdf: pdfium.PdfDocument, index: int) -> list[str]:
    try:
        page = pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
        finally:
            page.close()
    except pdfium.PdfiumError as e:
        raise Unreadable(f"page {index + 1} of the PDF could not be read") from e
    return normalise_newlines(text).split("\n")


def strip_page_numbers(pages: list[list[str]]) -> list[list[str]]:
    """Drop a page's last non-blank line when it is its page number (see the module docstring)."""
    found: dict[int, int] = {}  # page index -> index of the page-number line
    offsets = set()
    for p, lines in enumerate(pages):
        last = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
        if last is None:
            continue
        match = _PAGE_NUMBER.match(lines[last])
        if match:
            found[p] = last
            offsets.add(int(match.group(1)) - p)
    if len(found) < 2 or 2 * len(found) < len(pages) or len(offsets) != 1:
        return pages
    return [[line for i, line in enumerate(lines) if found.get(p) != i] for p, lines in enumerate(pages)]

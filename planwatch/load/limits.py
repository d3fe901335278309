"""How much the loader is willing to read. Override any of them with `Limits(...)`."""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.load.errors import Unreadable

KB = 1024
MB = 1024 * KB

MAX_TEXT_BYTES = 20 * MB  # plain text and HTML
MAX_PDF_BYTES = 50 * MB
MAX_DOCX_BYTES = 50 * MB
# Zip-bomb guard for .docx, checked from the zip directory before anything is decompressed.
MAX_DOCX_UNPACKED_BYTES = 200 * MB  # all parts together, uncompressed
MAX_DOCX_COMPRESSION_RATIO = 100  # uncompressed / compressed size of any one part over 1 MB
# Flate bombs in PDFs: what the streams text extraction reads may inflate to (`load.pdf_streams`).
MAX_PDF_STREAM_BYTES = 100 * MB  # one stream (a page's content, a font)
MAX_PDF_UNPACKED_BYTES = 500 * MB  # all of them together
# What one document may cost once read: the longest report of the corpus has ~45 000 characters and
# fewer than 1 000 figures; a text of 19 MB once gave 485 924 figures and took a server down.
MAX_TEXT_CHARS = 1_000_000
MAX_FIGURES = 10_000


@dataclass(frozen=True, slots=True)
class Limits:
    max_text_bytes: int = MAX_TEXT_BYTES
    max_pdf_bytes: int = MAX_PDF_BYTES
    max_docx_bytes: int = MAX_DOCX_BYTES
    max_docx_unpacked_bytes: int = MAX_DOCX_UNPACKED_BYTES
    max_docx_compression_ratio: float = MAX_DOCX_COMPRESSION_RATIO
    max_pdf_stream_bytes: int = MAX_PDF_STREAM_BYTES
    max_pdf_unpacked_bytes: int = MAX_PDF_UNPACKED_BYTES
    max_text_chars: int = MAX_TEXT_CHARS
    max_figures: int = MAX_FIGURES

    def max_bytes(self, fmt: str) -> int:
        """The largest file accepted for a format (text, html, pdf, docx)."""
        return {"pdf": self.max_pdf_bytes, "docx": self.max_docx_bytes}.get(fmt, self.max_text_bytes)

    @property
    def largest(self) -> int:
        return max(self.max_text_bytes, self.max_pdf_bytes, self.max_docx_bytes)

    def check_size(self, size: int, fmt: str) -> None:
        limit = self.max_bytes(fmt)
        if size > limit:
            shown, shown_limit = human_size(size), human_size(limit)
            if shown == shown_limit:
                shown, shown_limit = f"{size:,} bytes", f"{limit:,}-byte"
            raise Unreadable(f"file is {shown}, over the {shown_limit} limit")


    def check_chars(self, n: int) -> None:
        if n > self.max_text_chars:
            raise Unreadable(f"its text is {n:,} characters, over the {self.max_text_chars:,}-character limit "
                             "of one document")

    def check_figures(self, n: int) -> None:
        if n > self.max_figures:
            raise Unreadable(f"it states {n:,} figures, over the {self.max_figures:,}-figure limit of one "
                             "document")


def human_size(n: int) -> str:
    """52.4 MB, 20 MB, 3.5 kB, 900 bytes."""
    for unit, factor in (("MB", MB), ("kB", KB)):
        if n >= factor:
            return f"{n / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"

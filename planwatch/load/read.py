"""One document: bytes or a file in, `Document` out."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from planwatch.load.base import Extracted
from planwatch.load.errors import LoadError, Unreadable
from planwatch.load.limits import Limits
from planwatch.load.pdf_streams import check_pdf_streams
from planwatch.load.sniff import SNIFF_BYTES, sniff_format
from planwatch.load.text import normalise_newlines, read_text
from planwatch.models import Document

STDIN_SOURCE = "-"


def read_bytes(data: bytes, name: str, source: str = "", *, limits: Limits | None = None) -> Document:
    """Load a document from its bytes; `name` (its file name) helps only when the bytes do not say
    what they are. Raises `LoadError`."""
    limits = limits or Limits()
    try:
        fmt = _format(data, name, limits)
        extracted = _extract(data, fmt, limits)
        limits.check_chars(len(extracted.text))
    except Unreadable as e:
        raise LoadError(_where(name, source), e.reason) from e
    return Document(
        text=normalise_newlines(extracted.text),
        name=name,
        source=source,
        format=fmt,
        encoding=extracted.encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        meta=extracted.meta,
    )


def read_path(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Document:
    """Load the file at `path`. Raises `LoadError`."""
    path = Path(path)
    limits = limits or Limits()
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > limits.largest:  # refuse before reading; sniff only to name the right limit
                limits.check_size(size, sniff_format(f.read(SNIFF_BYTES), path.name))
            data = f.read(limits.largest + 1)
    except Unreadable as e:
        raise LoadError(str(path), e.reason) from e
    except OSError as e:
        raise LoadError(str(path), os_error_reason(e, path)) from e
    return read_bytes(data, path.name, str(path), limits=limits)


def os_error_reason(error: OSError, path: Path) -> str:
    if isinstance(error, FileNotFoundError):
        if path.is_symlink():
            return "broken link: the file it points to does not exist"
        return "no such file or folder"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(error, PermissionError):
        return "permission denied: the file cannot be read"
    return f"cannot be read: {(error.strerror or str(error)).lower()}"


def _where(name: str, source: str) -> str:
    return source if source and source != STDIN_SOURCE else name


def _format(data: bytes, name: str, limits: Limits) -> str:
    if not data:
        raise Unreadable("the file is empty")
    fmt = sniff_format(data, name)
    limits.check_size(len(data), fmt)
    return fmt


def _extract(data: bytes, fmt: str, limits: Limits) -> Extracted:
    # each reader imports its library (pypdfium2, python-docx, selectolax) only when a file needs it
    if fmt == "pdf":
        from planwatch.load.pdf import read_pdf

        check_pdf_streams(data, limits)
        return read_pdf(data)
    if fmt == "docx":
        from planwatch.load.docx import read_docx

        return read_docx(data, limits)
    if fmt == "html":
        from planwatch.load.html import read_html

        return read_html(data)
    extracted = read_text(data)
    if not extracted.text.strip():
        raise Unreadable("the file has no text, only blank space")
    return extracted

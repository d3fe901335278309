"""Which reader a file needs: its first bytes decide, its extension only when they say nothing."""

from __future__ import annotations

import re
from pathlib import PurePath

from planwatch.load.errors import NOT_A_DOCUMENT, Unreadable

SNIFF_BYTES = 4096
FORMATS = ("text", "html", "pdf", "docx")
HTML_EXTENSIONS = {".html", ".htm", ".shtml", ".xhtml"}
# Extensions loaded from folders; `.doc` is among them so that old Word files get a clear message.
DOCUMENT_EXTENSIONS = {".txt", ".text", ".md", ".pdf", ".docx", ".doc", *HTML_EXTENSIONS}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files, and password-protected new ones
_ENCRYPTED_OFFICE = "EncryptedPackage".encode("utf-16-le")
_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"),
)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body)[\s>]")


def sniff_format(data: bytes, name: str) -> str:
    """One of `FORMATS` for `data` (the file, or at least its first `SNIFF_BYTES`) named `name`.

    Raises `Unreadable` for what is known not to be a readable document: old Word files, images...
    """
    head = data[:SNIFF_BYTES]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "docx"  # the docx reader tells a Word file from other zip archives
    if head.startswith(_OLE2):
        raise Unreadable(_ole2_reason(data, name))
    if head.lstrip().startswith(b"{\\rtf"):
        raise Unreadable("an RTF document; save it as .docx")
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise Unreadable(f"{what}, {NOT_A_DOCUMENT}")
    if _HTML_START.search(head[:1024].replace(b"\x00", b"").lower()):
        return "html"
    extension = PurePath(name).suffix.lower()
    if extension in HTML_EXTENSIONS:
        return "html"
    if extension == ".pdf":
        return "pdf"
    if extension == ".docx":
        return "docx"
    return "text"


def _ole2_reason(data: bytes, name: str) -> str:
    if _ENCRYPTED_OFFICE in data:
        return "the Office document is password-protected"
    if PurePath(name).suffix.lower() in (".xls", ".ppt"):
        return f"an old Office file, {NOT_A_DOCUMENT}"
    return "old Word .doc format; save as .docx"

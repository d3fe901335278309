"""Loading: bytes (a file, a folder, stdin) in, `planwatch.models.Document` out.

    from planwatch.load import iter_documents, LoadError
    for doc in iter_documents(["reports/", "extra.pdf", "-"]):
        if isinstance(doc, LoadError):
            print(doc)            # reports/old.doc: old Word .doc format; save as .docx
        else:
            ...

`Document.text` is the reference every figure's `start`/`end` points into, so it is decided here, once,
the same way for the same bytes (and file name):

- text files: decoded (see `planwatch.load.text` for how the encoding is found), with `\\r\\n` and lone
  `\\r` turned into `\\n` and nothing else changed — offsets are into the decoded, newline-normalised text;
- HTML: the page's text without navigation, scripts and footer, one line per block, tables as
  `cell | cell |` rows (`planwatch.load.html`);
- PDF: the text layer, page after page, lines as the PDF breaks them (`planwatch.load.pdf`);
- Word .docx: paragraphs and table rows in document order (`planwatch.load.docx`).

`Document.sha256` is the hash of the raw bytes; `format` is text / html / pdf / docx; `encoding` the
Python codec that decoded a text or HTML file; `meta` what the container said (`title`, `site`,
`published`, `footer`, `pages`). `Document.facts` is left empty: `planwatch.engine.facts` fills it.

The format is sniffed from the first bytes, then from the extension. Files over the size limits, zip
bombs (Word parts and PDF streams are inflated as a stream, counting the bytes produced), encrypted or
scanned PDFs, old `.doc` files and binary data are refused with a `LoadError`
whose `str()` names the file and the reason.
"""

from planwatch.load.errors import LoadError
from planwatch.load.limits import (
    MAX_DOCX_BYTES,
    MAX_DOCX_COMPRESSION_RATIO,
    MAX_DOCX_UNPACKED_BYTES,
    MAX_PDF_BYTES,
    MAX_TEXT_BYTES,
    Limits,
)
from planwatch.load.read import read_bytes, read_path
from planwatch.load.sniff import DOCUMENT_EXTENSIONS
from planwatch.load.walk import EMPTY_PATH, is_folder, iter_documents, iter_folder, read_stream

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "EMPTY_PATH",
    "MAX_DOCX_BYTES",
    "MAX_DOCX_COMPRESSION_RATIO",
    "MAX_DOCX_UNPACKED_BYTES",
    "MAX_PDF_BYTES",
    "MAX_TEXT_BYTES",
    "Limits",
    "LoadError",
    "is_folder",
    "iter_documents",
    "iter_folder",
    "read_bytes",
    "read_path",
    "read_stream",
]

"""A PDF's compressed streams, inflated here as a stream under a limit before PDFium sees them.

PDFium inflates a page's content stream (and fonts, object streams…) in one piece, as large as the data
makes it: 1 MB of deflated spaces in a content stream is 1 GiB in memory. Before the PDF is opened, each
`/FlateDecode` stream that text extraction reads (images are left out: PDFium decodes them only to draw)
is inflated a chunk at a time and the output thrown away, counting the bytes: a stream over
`Limits.max_pdf_stream_bytes` or streams together over `Limits.max_pdf_unpacked_bytes` refuse the file.

A stream that does not inflate (encrypted, damaged, another filter) is not counted: PDFium decides.
"""

from __future__ import annotations

import re
import zlib

from planwatch.load.errors import Unreadable
from planwatch.load.limits import Limits, human_size

CHUNK_BYTES = 256 * 1024  # inflated at a time
INPUT_BYTES = 64 * 1024  # compressed bytes fed at a time

# `N G obj << … >> stream`: the dictionary (at most 4 kB) and where the data begins
_STREAM = re.compile(rb"\bobj\b(.{0,4096}?)\bstream(?:\r\n|\n|\r)", re.S)
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def check_pdf_streams(data: bytes, limits: Limits) -> None:
    """Raise `Unreadable` when a stream text extraction would inflate produces more than the limits allow."""
    total = 0
    for match in _STREAM.finditer(data):
        dictionary = match.group(1)
        if b"/FlateDecode" not in dictionary or _IMAGE.search(dictionary):
            continue
        produced = _inflated_size(data, match.end(), limits.max_pdf_stream_bytes)
        if produced > limits.max_pdf_stream_bytes:
            raise Unreadable(f"a compressed stream of the PDF unpacks to more than "
                             f"{human_size(limits.max_pdf_stream_bytes)}, over the limit (possibly a zip bomb)")
        total += produced
        if total > limits.max_pdf_unpacked_bytes:
            raise Unreadable(f"the PDF's compressed streams unpack to more than "
                             f"{human_size(limits.max_pdf_unpacked_bytes)}, over the limit (possibly a zip bomb)")


def _inflated_size(data: bytes, start: int, limit: int) -> int:
    """How many bytes the deflate stream at `start` produces, counted up to just over `limit`; 0 when it
    does not inflate."""
    inflater = zlib.decompressobj()
    produced, at = 0, start
    try:
        while not inflater.eof and produced <= limit:
            if inflater.unconsumed_tail:
                piece = inflater.unconsumed_tail
            else:
                if at >= len(data):
                    break
                piece, at = data[at:at + INPUT_BYTES], at + INPUT_BYTES
            produced += len(inflater.decompress(piece, CHUNK_BYTES))
    except zlib.error:
        return produced if produced > 0 else 0
    return produced

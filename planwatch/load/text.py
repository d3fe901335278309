"""Plain text: decode bytes whose encoding nobody told us.

The order of attempts is fixed, so the same bytes always give the same text:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. strict UTF-8;
3. UTF-16 without a BOM, recognised by its NUL bytes: ASCII characters (digits, newlines) have a zero
   high byte, which falls on odd offsets in little-endian and even offsets in big-endian text;
4. strict GB18030 (a superset of GBK and GB2312);
5. charset-normalizer's best guess;
6. UTF-8 with a few bad bytes (at most 1% of the characters), as left by a file cut mid-character or a
   GBK fragment pasted into UTF-8 text: charset-normalizer gives up on these.

A decoding is accepted only if the result looks like text (almost no control characters); binary data
fails every step and is reported as not a document.

`Decoded.encoding` is a Python codec name: after steps 1-4 `data.decode(encoding)` is exactly the text
before newlines are normalised (`utf-8-sig`, `utf-16` and `utf-32` mean "with a byte-order mark");
after steps 5-6 bytes that did not decode became U+FFFD, and `Decoded.replaced` says how many.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from charset_normalizer import from_bytes

from planwatch.load.base import Extracted
from planwatch.load.errors import NOT_A_DOCUMENT, Unreadable

BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 and C1 control characters other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.01
MAX_REPLACED_SHARE = 0.01


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0  # undecodable byte sequences turned into U+FFFD

    @property
    def meta(self) -> dict[str, str]:
        return {"decoding_errors": str(self.replaced)} if self.replaced else {}


def read_text(data: bytes) -> Extracted:
    decoded = decode_text(data)
    return Extracted(text=decoded.text, meta=decoded.meta, encoding=decoded.encoding)


def normalise_newlines(text: str) -> str:
    """`\\r\\n` and lone `\\r` become `\\n`; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes) -> Decoded:
    """Decode `data` (see the module docstring); the result's newlines are normalised."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            decoded = _decode_replacing(data, codec)
            if not _mostly_decoded(decoded):
                raise Unreadable(f"starts with a {codec} byte-order mark but is not {codec} text")
            return decoded

    for codec in _candidate_codecs(data):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if looks_like_text(text):
            return Decoded(normalise_newlines(text), codec)

    best = from_bytes(data).best()
    if best is not None:
        decoded = _decode_replacing(data, best.encoding)
        if looks_like_text(decoded.text):
            return decoded

    decoded = _decode_replacing(data, "utf-8")
    if _mostly_decoded(decoded):
        return decoded
    raise Unreadable(NOT_A_DOCUMENT)


def _decode_replacing(data: bytes, codec: str) -> Decoded:
    text = data.decode(codec, errors="replace")
    codec = codecs.lookup(codec).name
    written = data.count(b"\xef\xbf\xbd") if codec.startswith("utf-8") else 0  # U+FFFD in the file itself
    return Decoded(normalise_newlines(text), codec, max(text.count("\ufffd") - written, 0))


def _mostly_decoded(decoded: Decoded) -> bool:
    return decoded.replaced <= MAX_REPLACED_SHARE * len(decoded.text) and looks_like_text(decoded.text)


def _candidate_codecs(data: bytes) -> list[str]:
    codecs_to_try = ["utf-8"]
    utf16 = guess_utf16(data)
    if utf16:
        codecs_to_try.append(utf16)
    codecs_to_try.append("gb18030")
    return codecs_to_try


def guess_utf16(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when NUL bytes sit mostly on one parity of offsets, else None.

    The opposite parity gets NULs too, from characters such as 一 (U+4E00), so we ask for a clear
    majority rather than for none at all.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    if odd_nuls > 2 * even_nuls:
        return "utf-16-le"
    if even_nuls > 2 * odd_nuls:
        return "utf-16-be"
    return None


def looks_like_text(text: str) -> bool:
    """Few control characters: binary data decoded by accident has many (and NULs)."""
    if not text:
        return True
    return len(_CONTROL.findall(text)) <= MAX_CONTROL_SHARE * len(text)

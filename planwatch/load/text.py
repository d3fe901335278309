"""Plain text: decode bytes whose encoding nobody told us.

The order of attempts is fixed, so the same bytes always give the same text:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. strict UTF-8;
3. UTF-16 without a BOM, recognised by its NUL bytes: ASCII characters (digits, newlines) have a zero
   high byte, which falls on odd offsets in little-endian and even offsets in big-endian text;
4. strict GB18030 (a superset of GBK and GB2312);
5. line by line, for a file pieced together from UTF-8 and GB18030 parts (see `decode_lines`): each line
   in UTF-8, else in GB18030; taken when both occur and nearly everything decodes. The encoding is then
   `utf-8+gb18030`, `meta["encodings"]` says which lines are in which, and `meta["warning"]` says so;
6. charset-normalizer's best guess;
7. UTF-8 with a few bad bytes (at most 1% of the characters), as left by a file cut mid-character or a
   GBK fragment pasted into UTF-8 text: charset-normalizer gives up on these.

A decoding is accepted only if the result looks like text (almost no control characters); binary data
fails every step and is reported as not a document.

`Decoded.encoding` is a Python codec name (or two joined by `+` after step 5): after steps 1-4
`data.decode(encoding)` is exactly the text before newlines are normalised (`utf-8-sig`, `utf-16` and
`utf-32` mean "with a byte-order mark"); after steps 5-7 bytes that did not decode became U+FFFD, and
`Decoded.replaced` says how many.
"""

from __future__ import annotations

import codecs
import re
from typing import Any, NamedTuple

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


# A line that is not valid UTF-8 is still read as UTF-8 when at most this share of its characters are
# bad bytes (a GBK word pasted into a UTF-8 line); a GB18030 line read as UTF-8 is mostly bad bytes.
MAX_REPLACED_SHARE_OF_A_UTF8_LINE = 0.1
MIXED = "utf-8+gb18030"


class Decoded(NamedTuple):
    text: str
    encoding: str
    replaced: int = 0  # undecodable byte sequences turned into U+FFFD
    encodings: str | None = None  # which lines are in which encoding, when they differ

    @property
    def meta(self) -> dict[str, str]:
        meta = {"decoding_errors": str(self.replaced)} if self.replaced else {}
        if self.encodings:
            meta["encodings"] = self.encodings
            meta["warning"] = f"mixed encodings, decoded line by line ({self.encodings})"
        return meta


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

    mixed = decode_lines(data)
    if mixed is not None:
        return mixed

    from charset_normalizer import from_bytes  # imported here: most texts never need a guess

    best = from_bytes(data).best()
    if best is not None:
        decoded = _decode_replacing(data, best.encoding)
        if looks_like_text(decoded.text):
            return decoded

    decoded = _decode_replacing(data, "utf-8")
    if _mostly_decoded(decoded):
        return decoded
    raise Unreadable(NOT_A_DOCUMENT)


def decode_lines(data: bytes) -> Decoded | None:
    """A text whose lines are some in UTF-8 and some in GB18030, decoded line by line; None when it is
    not one (no line of either, or too much that neither decodes).

    A line of ASCII decodes in both and says nothing. A line that is not valid UTF-8 is read as UTF-8 with
    its few bad bytes replaced when they are few (`MAX_REPLACED_SHARE_OF_A_UTF8_LINE`), else as GB18030,
    else in whichever of the two leaves fewer bad bytes. Newline bytes never occur inside a character of
    either encoding, so lines split the same in both."""
    pieces: list[str] = []
    codec_of_line: list[str] = []
    replaced = 0
    for line in data.split(b"\n"):
        codec, text, bad = _decode_line(line)
        pieces.append(text)
        codec_of_line.append(codec)
        replaced += bad
    if "utf-8" not in codec_of_line or "gb18030" not in codec_of_line:
        return None
    if data.endswith(b"\n"):
        codec_of_line.pop()  # the empty piece after the last newline is no line
    decoded = Decoded(normalise_newlines("\n".join(pieces)), MIXED, replaced, _line_ranges(codec_of_line))
    return decoded if _mostly_decoded(decoded) else None


def _decode_line(line: bytes) -> tuple[str, str, int]:
    """(codec, text, bad bytes replaced) of one line; codec "" for ASCII, which any codec reads."""
    if line.isascii():
        return "", line.decode("ascii"), 0
    try:
        return "utf-8", line.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    as_utf8 = line.decode("utf-8", errors="replace")
    bad_utf8 = as_utf8.count("\ufffd")
    if bad_utf8 <= MAX_REPLACED_SHARE_OF_A_UTF8_LINE * len(as_utf8):
        return "utf-8", as_utf8, bad_utf8
    try:
        return "gb18030", line.decode("gb18030"), 0
    except UnicodeDecodeError:
        pass
    as_gb = line.decode("gb18030", errors="replace")
    bad_gb = as_gb.count("\ufffd")
    return ("gb18030", as_gb, bad_gb) if bad_gb < bad_utf8 else ("utf-8", as_utf8, bad_utf8)


def _line_ranges(codec_of_line: list[str], most: int = 8) -> str:
    """"utf-8: lines 1-40; gb18030: lines 41-80" (ASCII lines go with the line before them)."""
    runs: list[list[Any]] = []  # [codec, first line, last line]
    for number, codec in enumerate(codec_of_line, 1):
        if runs and codec in ("", runs[-1][0]):
            runs[-1][2] = number
        elif codec:
            runs.append([codec, number, number])
    shown = "; ".join(f"{codec}: lines {first}-{last}" if first != last else f"{codec}: line {first}"
                      for codec, first, last in runs[:most])
    return shown + ("; …" if len(runs) > most else "")


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

"""Normalisation with an offset map back to the text as loaded.

Reports arrive with full-width digits and punctuation, spaces around numbers (PDF exports:
"3800 亿元"), `**bold**` markers (Markdown reposts) and lines broken in the middle of a sentence; reposts
come in traditional characters, some with a mirror's pinyin after a character (發(fā)展), and scrapes with
their line breaks written out (`\\r\\n`). The
grammar runs on a normalised copy; every character of the copy remembers where it came from, so a
figure found in the copy is quoted from the original text exactly (`text[start:end] == quote`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Final

from planwatch.engine import regex_cache
from planwatch.engine.bisection import bisect_right
from planwatch.engine.page import link_lines
from planwatch.engine.scan import class_of, scan_pattern
from planwatch.engine.script import pinyin_spans, simplified_characters
from planwatch.engine.tables import QUALITATIVE_CELL, stacked_tables

# Full-width ASCII (U+FF01–U+FF5E) → half-width, ideographic space → space, and a few look-alikes.
_FULLWIDTH: Final = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: 0x20})
# Small form variants (U+FE50–U+FE6B: ﹐﹔﹕﹪, typed by some traditional-character pages) → their plain forms.
_FULLWIDTH.update({code: ord(plain) for code in range(0xFE50, 0xFE6C)
                   if len(plain := unicodedata.normalize("NFKC", chr(code))) == 1 and plain != chr(code)})
_FULLWIDTH.update({ord("–"): ord("-"), ord("−"): ord("-")})
_FULLWIDTH.update({ord("℅"): ord("%")})  # ℅ (care of) typed for % on some sites' pages: 增长15℅
_FULLWIDTH.update({ord("〜"): ord("~"), ord("\r"): ord("\n")})
_TO_HALF_WIDTH: Final = regex_cache.compile("[" + "".join(re.escape(chr(code)) for code in _FULLWIDTH) + "]")

TERMINALS: Final = "。;!?:;！？…"
# Lines opening a heading or an item. A heading line is not joined to the next one unless it reaches
# the width at which the document's lines wrap; any such line begins a new sentence.
_HEADING: Final = regex_cache.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、](?!\d)|第[一二三四五六七八九十]+[章节部分条]"
    r"|附件|附表)"
)
_ITEM: Final = regex_cache.compile(r"^\s*(?:——|—|[●•▲■◆★※]|[-*]\s)")
# Lines shorter than this are titles, signatures or headings; they are never joined to the next.
MIN_WRAPPED_LINE: Final = 12
MIN_WRAP_WIDTH: Final = 24  # pages wrap wider: lines of a shorter common length are a list's items, not a wrap
MAX_BLANK_LINES_IN_JOIN: Final = 2
MAX_TITLE: Final = 24  # a line this short without punctuation, after a blank line, is a title
# A title, a byline or a date line: never half a sentence. The words that open one, and those that end one (within
# its last _TITLE_END_REACH characters: a search of the whole line would try them at each of its characters; there,
# only where a character they open with stands).
_BYLINE: Final = regex_cache.compile(
    r"(?:发布|来源|时间|日期|作者|编辑|责任编辑)"
    r"|\d{2,4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}"  # a post's time: 19-1-15 10:26 来自 微博
)
_TITLE_END: Final = scan_pattern(r"(?:报告|草案|计划|规划|摘要|要点|全文|纲要|速览)[)）]?$|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?$")
_TITLE_END_REACH: Final = 12  # the longest match of _TITLE_END (11), and a line break `$` may stand before


def _title_or_dateline(line: str) -> bool:
    """A line that is a title, a byline or a date line (云川县2024年政府工作报告 / 发布日期：2024-01-18)."""
    return _BYLINE.match(line) is not None or _TITLE_END.search(line, max(0, len(line) - _TITLE_END_REACH)) is not None


@dataclass(slots=True)
class Normalized:
    """A normalised copy of a text, made of pieces of the text: the piece starting at `starts[k]` in the copy
    starts at `origins[k]` in the text (`at` maps any character back; kept as pieces, not as an index for every
    character, which would take longer to build than the copy itself)."""

    text: str
    starts: list[int]  # where each piece starts in the copy; the last, its end
    origins: list[int]  # where each starts in the text as translated; the last, its end
    # Where the text translated comes from when breaks were written out, as pieces too: the piece starting at
    # unescaped[0][k] in it starts at unescaped[1][k] in the text
    unescaped: tuple[list[int], list[int]] | None = None

    def at(self, i: int) -> int:
        """The index in the original of character `i` of the copy (`len(text)` or more: the original's end). A
        tab standing for a run of blanks comes from the first of them."""
        i = min(i, len(self.text))
        return self.origin(i, bisect_right(self.starts, i) - 1)

    def piece(self, i: int, k: int) -> int:
        """The piece character `i` of the copy is in (as `at` finds it), looked for from piece `k` on, one at or
        before it: the pieces of figures taken in order are a few on from each other, found without bisection."""
        i = min(i, len(self.text))
        starts = self.starts
        last = len(starts) - 1
        while k < last and starts[k + 1] <= i:
            k += 1
        return k

    def origin(self, i: int, k: int) -> int:
        """`at(i)` for character `i` of the copy, in piece `k` (`piece`)."""
        i = min(i, len(self.text))
        o = self.origins[k] + (i - self.starts[k])
        if self.unescaped is None:
            return o
        starts, origins = self.unescaped
        k = bisect_right(starts, o) - 1
        return origins[k] + (o - starts[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalised span [start, end)."""
        if end <= start:
            o = self.at(start)
            return o, o
        return self.at(start), self.at(end - 1) + 1


def normalized_class(chars: str) -> re.Pattern:
    """A class of the characters of `chars` that a normalised text may hold (the full-width ！？；，： it never
    does): `structure.spans` cuts a text with one pass to each character of its class."""
    return regex_cache.compile("[" + "".join(c for c in chars if ord(c) not in _FULLWIDTH) + "]")


def opens_line(line: str) -> bool:
    """A line that opens a heading or an item of a list (一、 (二) 3. —— ●)."""
    return bool(_HEADING.match(line) or _ITEM.match(line))


def opens_item(line: str) -> bool:
    """A line that opens an item of a bulleted list (—— ● ▲)."""
    return bool(_ITEM.match(line))


def normalize(text: str) -> Normalized:
    text, unescaped = _unescaped_breaks(text)
    translated = full_stops(simplified_characters(_half_width(text)))
    keep = _kept_mask(translated)
    out_chars: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    pos = 0
    for run in _KEPT_RUNS.finditer(keep):
        i, j = run.span()
        starts.append(pos)
        origins.append(i)
        if keep[i] == 1:
            out_chars.append(translated[i:j])
            pos += j - i
        else:  # a cell separator: one tab for the whole run
            out_chars.append("\t")
            pos += 1
    starts.append(pos)  # the end of the text
    origins.append(len(translated))
    return Normalized("".join(out_chars), starts, origins, unescaped)


_KEPT_RUNS: Final = re.compile(rb"\x01+|\x02+")  # in the mask of `_kept_mask`


# A half-width full stop after a Chinese character or a unit, before a blank, a Chinese character or the end: a
# sentence's end in a page typed with half-width punctuation (完成248.6亿元. 城镇新增就业4860人.), never a decimal
# point or an abbreviation's.
# (The point first, the character before it looked behind from after it: the regex engine skips to each point,
# not tries a lookbehind at every character.)
_HALF_WIDTH_FULL_STOP: Final = regex_cache.compile(r"\.(?<=[\u3400-\u9fff%‰)）”]\.)(?=[ \t\n\u3400-\u9fff]|$)")


def full_stops(text: str) -> str:
    """`text` with each half-width full stop ending a Chinese sentence written 。 (same length)."""
    return _HALF_WIDTH_FULL_STOP.sub("。", text) if "." in text else text


def _half_width(text: str) -> str:
    """`text.translate(_FULLWIDTH)`, by replacing only the characters it holds (faster: a text holds few)."""
    return _each_replaced(_TO_HALF_WIDTH, text, lambda char: chr(_FULLWIDTH[ord(char)]))


def _each_replaced(pattern: re.Pattern, text: str, replacement: Callable[[str], str]) -> str:
    """`text` with each character `pattern` (a class) finds replaced by a character, all of a kind at once: the
    first found is replaced everywhere, and the search goes on from there for the next kind (a few searches
    and replacements of a text that holds thousands of ，, where a list of every one found cost more)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        char = m.group()
        text = text.replace(char, replacement(char))
        pos = m.start() + 1
    return text


def nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, several times faster on Chinese text: full-width forms replaced
    by the ASCII character that is their decomposition, then only the runs of characters outside a stable
    set, each with the character before it, normalised. A stable character is its own NFKC form and combines
    with nothing before it, so NFKC never looks across one (Unicode UAX #15: a normalisation boundary).
    The runs are found by a class the regex engine skips ahead to: a pattern opening with the optional
    character before a run would be tried at every character."""
    text = _each_replaced(_FULL_WIDTH_ASCII, text, lambda char: chr(ord(char) - 0xFEE0))
    if unicodedata.is_normalized("NFKC", text):  # (most reports: one quick check of each character)
        return text
    parts: list[str] = []
    done = 0
    for run in _unstable_run().finditer(text):
        start = max(run.start() - 1, 0)  # the stable character before a run (a run is as long as it goes)
        parts.append(text[done:start])
        parts.append(unicodedata.normalize("NFKC", text[start:run.end()]))
        done = run.end()
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


@cache
def _unstable_run() -> re.Pattern:
    """A run of characters outside the stable set. Stable: ASCII, CJK unified ideographs, CJK and general
    punctuation that NFKC leaves alone and that have no combining class. (Told once for each version of the
    Unicode data: reading 25 000 characters takes a while.)"""
    stable = regex_cache.remembered("stable under NFKC", unicodedata.unidata_version, 0, _stable_class)
    return regex_cache.compile(f"[^{stable}][^{stable}]*")  # not [^…]+: the engine skips ahead to a class, not to a repeat


def _stable_class() -> str:
    return class_of([ord("\t"), ord("\n")] + [
        code for a, b in ((0x20, 0x7F), (0x2010, 0x2028), (0x3001, 0x3020), (0x4E00, 0xA000)) for code in range(a, b)
        if unicodedata.normalize("NFKC", chr(code)) == chr(code) and not unicodedata.combining(chr(code))
    ])


_FULL_WIDTH_ASCII: Final = regex_cache.compile("[\uff01-\uff5e]")  # NFKD: the character 0xFEE0 below

# A line break a scraper wrote out: \\r\\n, \\n or \\r (opening with its backslash, which the regex engine runs to: an
# optional \\r first was tried at every character of the text)
ESCAPED_BREAK: Final = regex_cache.compile(r"\\(?:r\\n|n|r)")


def _unescaped_breaks(text: str) -> tuple[str, tuple[list[int], list[int]] | None]:
    """`text` with line breaks a scraper wrote out (`\\r\\n`) made line breaks, and where its pieces come
    from (None when there were none): each break comes from the first character of its escape, and the piece
    it ends goes on from there."""
    if "\\" not in text or "\\n" not in text and "\\r" not in text:  # (a search for one character is the quickest)
        return text, None
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    pos = at = 0
    for m in ESCAPED_BREAK.finditer(text):
        pieces.append(text[pos : m.start()])
        pieces.append("\n")
        starts.append(at)
        origins.append(pos)
        at += m.start() - pos + 1
        pos = m.end()
    pieces.append(text[pos:])
    starts.append(at)
    origins.append(pos)
    return "".join(pieces), (starts, origins)


# A number written with thousands separators (1,234.5万元), before its unit: not a list of numbers. (Its first
# digit, not after a digit, a point or a comma: the pattern opens with the digit, and the regex engine skips
# ahead to digits.)
_THOUSANDS: Final = regex_cache.compile(r"\d(?<![\d.,]\d)\d{0,2}(?:,\d{3})+(?=\.\d|[%\u4e00-\u9fff])")
# What every such number holds, looked for first: the regex engine runs to a comma, not tries each digit
_THOUSANDS_GROUP: Final = regex_cache.compile(r",\d{3}")
_THOUSANDS_LEAD: Final = 3  # the most digits before a number's first separator


def _thousands(t: str) -> list[re.Match]:
    """The matches of `_THOUSANDS.finditer(t)`, each matched where a group (,175) stands, from the one to three
    digits before it that open a number (a text written with commas has groups after most of them: ，2024年; the
    pattern, opening with a digit, was tried at every digit of the text)."""
    found: list[re.Match] = []
    end = 0
    for group in _THOUSANDS_GROUP.finditer(t):
        comma = group.start()
        if comma < end:
            continue  # a later group of the last number
        for start in range(max(end, comma - _THOUSANDS_LEAD), comma):
            m = _THOUSANDS.match(t, start)
            if m is not None:
                found.append(m)
                end = m.end()
                break
    return found


_BOLD: Final = regex_cache.compile(r"\*\*")


def _blank_runs(t: str) -> list[tuple[int, int]]:
    """The spans of the runs of spaces and tabs in `t` (of `[ \\t]+`), each found by `str.find` of a space or a tab
    and read on character by character: a report may hold thousands (3800 亿元), and a regex search for each, or a
    pass testing each character against the class, cost several times as much."""
    runs: list[tuple[int, int]] = []
    n = len(t)
    space, tab = t.find(" "), t.find("\t")
    while space >= 0 or tab >= 0:
        a = space if tab < 0 or 0 <= space < tab else tab
        b = a + 1
        while b < n and (ord(t[b]) == 32 or ord(t[b]) == 9):
            b += 1
        runs.append((a, b))
        if 0 <= space < b:
            space = t.find(" ", b)
        if 0 <= tab < b:
            tab = t.find("\t", b)
    return runs


def _kept_mask(t: str) -> bytearray:
    """1 = keep, 0 = drop, 2 = part of a run of blanks that becomes a cell separator."""
    keep = bytearray(b"\x01") * len(t)
    for m in _BOLD.finditer(t):
        keep[m.start()] = keep[m.start() + 1] = 0
    for a, b in pinyin_spans(t):
        keep[a:b] = b"\x00" * (b - a)
    for m in _thousands(t):  # 39,175元: the separators go, the number stays whole
        for i in range(m.start(), m.end()):
            if t[i] == ",":
                keep[i] = 0
    for a, b in _blank_runs(t):
        left = t[a - 1] if a > 0 else "\n"
        right = t[b] if b < len(t) else "\n"
        if b - a == 1 and t[a] == " ":  # (most runs: a space between a number and its unit, 3800 亿元)
            if left == "\n" or right == "\n" or not (
                    left.isascii() and right.isascii() and left.isalnum() and right.isalnum()):
                keep[a] = 0
            continue
        run = t[a:b]
        if left == "\n" or right == "\n":
            keep[a:b] = b"\x00" * (b - a)
        elif "\t" in run or len(run) >= 2 and _is_cell_gap(t, a, b):
            keep[a:b] = b"\x02" * (b - a)
        elif left.isascii() and right.isascii() and left.isalnum() and right.isalnum():
            continue  # "8 GW", "Hello World"
        else:
            keep[a:b] = b"\x00" * (b - a)
    for a, b in _line_joins(t):
        for i in range(a, b):
            if keep[i]:
                keep[i] = 0
    return keep


def _is_cell_gap(t: str, a: int, b: int) -> bool:
    """A run of 3+ spaces between two non-blank cells: columns of a PDF table, not a typo; or of 2 in a row of
    such a table (a long cell leaves less room to the next column: 城镇居民人均可支配收入增长  %   7.5)."""
    if b - a >= 3:
        return True
    if _SPACED_WORD.match(t, a - 1) and (a < 2 or t[a - 2].isspace()):
        return False  # a word spaced out over its column (指  标, 单  位)
    line = t[t.rfind("\n", 0, a) + 1 : (end if (end := t.find("\n", b)) >= 0 else len(t))]
    return _is_aligned_row(line)


_SPACED_WORD: Final = regex_cache.compile(r"[\u4e00-\u9fff]  [\u4e00-\u9fff](?=\s|$)")


_WIDE_GAP: Final = regex_cache.compile(r"\S {3,}\S")
_GAP: Final = regex_cache.compile(r"\S {2,}(?=\S)")


def _is_aligned_row(line: str) -> bool:
    """A row of a table aligned by spaces: a gap of 3+ spaces between two cells, or two gaps of 2 or more
    (地区生产总值增长  %  6.5左右  6.2). (Both hold two spaces in a row, looked for first: each pattern opens
    with a class nearly every character is in, and would be tried all along a paragraph.)"""
    return "  " in line and (_WIDE_GAP.search(line) is not None or len(_GAP.findall(line)) >= 2)


def _line_joins(t: str) -> list[tuple[int, int]]:
    """Spans of newlines (and the blank lines between) that break a sentence and are removed."""
    joins = []
    lines = t.split("\n")
    pos = 0
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    stripped = [line.strip() for line in lines]
    width = _wrap_width(stripped)
    clean = [line.replace("**", "").strip() for line in lines] if "**" in t else stripped
    # lines that stand apart: links to other articles, the cells of a table printed one a line
    apart = link_lines(stripped)
    for first, end, _ in stacked_tables(clean):
        apart[first:end] = [True] * (end - first)
    i = 0
    while i < len(lines) - 1:
        line = clean[i]
        j = i + 1
        while j < len(lines) and not stripped[j] and j - i - 1 < MAX_BLANK_LINES_IN_JOIN:
            j += 1
        if j >= len(lines) or not stripped[j]:
            i = j
            continue
        nxt = clean[j]
        if _breaks_sentence(line, nxt, width) and not _new_paragraph(line, lines[j], blank=j > i + 1) \
                and not (apart[i] or apart[j]):
            end_of_line = starts[i] + len(lines[i])
            joins.append((end_of_line, starts[j]))
        i = j
    return joins


def _breaks_sentence(line: str, nxt: str, width: int | None) -> bool:
    """Whether the line break between two lines (stripped) breaks a sentence."""
    if not line or line[-1] in TERMINALS:  # (never a caption's or a figure's last character: asked first)
        return False
    if _graphic_value(nxt) and (graphic_caption(line) is not None or (_graphic_value(line) and not nxt[:1].isdigit())):
        # a news graphic: a caption (地区生产总值), then its values a line each (481.6亿元 / 增长5.1%); two numbers
        # are never glued (5.8 / 6左右: cells of a table one a line)
        return True
    if line[-1] in "”’\"'》)）|】":  # 【2024年:稳中有进】 is a heading
        return False
    # Short lines are titles and signatures, except an item (——…) that always ends in punctuation.
    if len(line) < MIN_WRAPPED_LINE and not _ITEM.match(line):
        return False
    if _title_or_dateline(line):
        return False
    if "|" in line or "|" in nxt or "\t" in line or "\t" in nxt or _is_aligned_row(line) or _is_aligned_row(nxt):
        return False  # rows of a table
    if _HEADING.match(line) and not (width and len(line) >= width):
        return False
    if not (width and len(line) >= width) and _headline_item(line) and _headline_item(nxt):
        return False  # a list of short headlines (GDP增长6.5% / 2024主要任务 / …), one figure a line
    if not (width and len(line) >= width) and _KEY_VALUE.match(line) and (_KEY_VALUE.match(nxt) or _headline_item(nxt)):
        return False  # a list of named figures, one a line (地区生产总值：68.3亿元，增长3.8% / 城镇新增就业：1860人)
    return not (_HEADING.match(nxt) or _ITEM.match(nxt))


def _new_paragraph(line: str, raw_next: str, blank: bool) -> bool:
    """The next line opens a paragraph of its own: it is indented (a wrapped line never is), or a blank line
    stands between them and one of the two is a line without any punctuation (a headline, a caption, a
    title over a list: 2024年主要预期目标)."""
    if raw_next[:1] in ("\t", "\u3000") or raw_next.startswith("  "):
        return True
    nxt = raw_next.strip()
    return blank and (not _PUNCTUATED.search(line) or (len(nxt) <= MAX_TITLE and not _PUNCTUATED.search(nxt)))


_PUNCTUATED: Final = regex_cache.compile(r"[,，、;；:：。]")
MAX_CAPTION: Final = 20  # the longest line a news graphic gives a caption or a value
_KEY_VALUE: Final = regex_cache.compile(r"[^,，。;；:：]{2,16}[:：][^\s:：]")  # 城镇新增就业：1860人
_CAPTION: Final = regex_cache.compile(r"[\u3400-\u9fffA-Za-z&()（）]+")
_FIGURE: Final = r"[+-]?\d[\d.]*\s*[\u3400-\u9fff%‰]{0,6}"
_GRAPHIC_VALUE: Final = regex_cache.compile(
    r"(?:同比|比上年|同口径|可比价)?(?:分别)?(?:增长|下降|增加|减少|增速|达到|完成|实现|控制在|稳定在|保持在|不低于|超过|突破|↑|↓)?"
    rf"{_FIGURE}(?:[\s、和,，]*(?:同比|比上年)?(?:增长|下降|增加|减少)?{_FIGURE})*"  # 20470元 增长7.4%
    rf"|{QUALITATIVE_CELL}|(?:增长)?与经济增长(?:基本)?同步")  # a target without a number
_CLAUSE_PUNCTUATION: Final = regex_cache.compile(r"[,，;；:：。]")


def graphic_caption(line: str) -> str | None:
    """The words of a short line of words alone, maybe after a bullet: the caption a news graphic puts over a
    figure (城镇新增就业; ▶ 地区生产总值 → 地区生产总值), or None for another line."""
    words = _BULLET.sub("", line.strip(), count=1)
    return words if 2 <= len(words) <= MAX_CAPTION and _CAPTION.fullmatch(words) is not None else None


_BULLET: Final = regex_cache.compile(r"^[▶►▷▸●•▲■◆★☆※◎○→·]\s*")


def _graphic_value(line: str) -> bool:
    """A short line that is a figure alone, maybe after a change word (481.6亿元, 增长5.1%, 同比下降2%). (Only a line
    holding what each alternative of the pattern needs, a digit, 完成 or 同步, is matched: most lines hold none.
    The answers kept: a page's running title or date line stands on each of its pages, and each line is asked
    as the line before another and as the one after.)"""
    if len(line) > MAX_CAPTION or not ("完成" in line or "同步" in line or _DIGIT.search(line) is not None):
        return False
    known = _GRAPHIC_VALUES.get(line)
    if known is None:
        if len(_GRAPHIC_VALUES) >= _MAX_KEPT:
            _GRAPHIC_VALUES.clear()
        known = _GRAPHIC_VALUES[line] = _GRAPHIC_VALUE.fullmatch(line) is not None
    return known


_GRAPHIC_VALUES: Final[dict[str, bool]] = {}  # short lines → whether each is a figure alone
_MAX_KEPT: Final = 4096


_DIGIT: Final = regex_cache.compile(r"\d")


def _headline_item(line: str) -> bool:
    """A short line without a clause mark: an item of a news graphic, not part of a wrapped paragraph. (Its
    length without the pinyin a mirror inserted, looked for only in a longer line holding a bracket.)"""
    length = len(line)
    if length > MAX_TITLE and ("(" in line or "（" in line):
        length -= sum(b - a for a, b in pinyin_spans(line))
    return length <= MAX_TITLE and not _CLAUSE_PUNCTUATION.search(line)


def _wrap_width(lines: list[str]) -> int | None:
    """The length at which a text's lines (stripped) were wrapped (PDF exports), if most long lines share one."""
    lengths = [len(x) for x in lines if len(x) >= 20]
    if len(lengths) < 10:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    # Digits and Latin letters are narrower than Chinese characters: full lines vary by a few characters.
    best, most = _most_lines_near(counts)
    share = most / len(lengths)
    return best - 2 if share >= 0.3 and best >= MIN_WRAP_WIDTH else None


def _most_lines_near(counts: dict[int, int]) -> tuple[int, int]:
    """The length with the most lines within two characters of it (the first of them, in the order of `counts`),
    and how many (in one loop: a generator summing for each length cost more than the work)."""
    best, most = 0, 0
    for n in counts:
        near = counts.get(n - 2, 0) + counts.get(n - 1, 0) + counts[n] + counts.get(n + 1, 0) + counts.get(n + 2, 0)
        if near > most:
            best, most = n, near
    return best, most

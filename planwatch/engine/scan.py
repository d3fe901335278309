"""Patterns tried only where a match can start, or where the words it must hold stand.

Python's regex engine skips ahead to where a match can start only when a pattern opens with a literal, a
character class or alternatives each opening with a literal: it then runs over the text in a tight loop
testing each character against that class (the "charset" of the pattern's info block). A pattern opening with
an optional word (到2025年: `(?:到|至…)?(?P<year>…)年`) or a lookbehind is tried at every character instead.
`scanner` gives such a pattern the info block of a class of the characters its matches can start with, read
off the pattern itself: the same pattern (same source, positions, groups, names), found three to six times
faster over a long text. Where the regex engine's private compiler cannot be asked for that, the pattern is led
by a lookahead for those characters instead (two to four times faster). (Before a pattern that the engine skips
ahead for, or one opening with ^, either would only slow it down.)

A pattern whose matches start with one of a few characters is searched for by one pass for each (`Leads`): the
engine runs to one character many times faster than it tests each character against a class. A pattern asked
of many short texts where it seldom matches is tried only where one of the words every match holds stands
(`required_words`, `holds_any`); one asked of many windows of a text is run once over the text, its matches
looked up by window (`Hits`, where a pattern is plain words: found by an Aho–Corasick automaton). Several patterns
searched over the same text are matched only where a string their matches open with stands (到, 争取, 20…), all
found by one automaton's pass (`Openings`), with the words of such lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final, TypeVar
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]

import _sre  # type: ignore[import-not-found]
from ahocorasick_rs import AhoCorasick, Implementation, MatchKind

from planwatch.engine import regex_cache
from planwatch.engine.bisection import bisect_left, bisect_right_near

_CATEGORIES: Final = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS: Final = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_ZERO_WIDTH: Final = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_PLANE: Final = 0x10000  # the Basic Multilingual Plane: the characters a table of bytes tells, one a byte


class _Unknown(Exception):
    """A pattern whose first characters are not read here: it is kept as it is."""


_SCANNERS: Final[dict[re.Pattern, re.Pattern]] = {}  # a pattern → its scanner; a scanner → itself


def scanner(pattern: re.Pattern) -> re.Pattern:
    """`pattern`, tried only where one of the characters its matches start with stands (the same matches);
    itself when they cannot be told (a pattern that may match the empty string, or open with `.` or `[^…]`)."""
    if pattern not in _SCANNERS:
        found = _scanner(pattern)
        _SCANNERS[pattern] = _SCANNERS[found] = found
    return _SCANNERS[pattern]


def scan_pattern(source: str, flags: int = 0) -> re.Pattern:
    """`re.compile(source, flags)`, as a `scanner`."""
    return scanner(regex_cache.compile(source, flags))


def first_characters(source: str) -> str | None:
    """The body of a character class holding every character a match of `source` can start with (`\\d`,
    `万亿`, `a-z`…); None when that cannot be told, or a match may be empty."""
    return regex_cache.remembered("first characters", source, 0, lambda: _end_characters(source, backward=False))


def last_characters(source: str) -> str | None:
    """The body of a character class holding every character a match of `source` can end with; None when that
    cannot be told (a match may end with `[^…]`, or be empty)."""
    return regex_cache.remembered("last characters", source, 0, lambda: _end_characters(source, backward=True))


def _end_characters(source: str, backward: bool) -> str | None:
    try:
        chars, nullable = _first(_parser.parse(source), backward)
    except Exception:  # _Unknown, re.error, or the private parser of another Python than the one read here
        return None
    return None if nullable or not chars else "".join(sorted(chars))


def class_of(codes: list[int]) -> str:
    """The body of a character class holding the characters of `codes` (in ascending order), as ranges: short
    to compile, where a class of thousands of characters one by one takes a while."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs)


def _scanner(pattern: re.Pattern) -> re.Pattern:
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or isinstance(pattern.pattern, bytes):
        return pattern  # (in a verbose pattern, a comment would swallow the group closing it)
    made = regex_cache.remembered("scanner, spelled out", pattern.pattern, pattern.flags,
                                  lambda: _scanner_code(pattern))
    if made is None:
        return pattern
    if isinstance(made, str):
        return regex_cache.compile(made, pattern.flags)
    return regex_cache.pattern(pattern.pattern, made)


def _scanner_code(pattern: re.Pattern) -> regex_cache.Code | str | None:
    """The code of `pattern`'s scanner; or the source of a pattern led by a lookahead for its first characters
    where the code cannot be made; or None: the pattern is its own scanner."""
    try:
        items = _parser.parse(pattern.pattern, pattern.flags)
        if _skipped_to(items):
            return None
        first, nullable = _first(items)
        if nullable or not first:
            return None
        chars = "".join(sorted(first))
    except Exception:  # _Unknown, re.error, or the private parser of another Python than the one read here
        return None
    try:
        return _led_by_class(pattern, "".join(_spelled_out(part) for part in sorted(first)), items)
    except Exception:  # the private compiler of another Python than the one read here
        return f"(?=[{chars}])(?:{pattern.pattern})"


# The categories a scanner's class holds as the characters of the Basic Multilingual Plane they hold, and every
# character past it (a superset: the pattern tells): the regex engine then tests a character against a table, where
# it asked the Unicode database of each character of the text whether it is a digit (\d: half the time of a pass)
_SPELLED_OUT: Final = {r"\d": str.isdecimal, r"\s": str.isspace}


def _spelled_out(part: str) -> str:
    """A part of a class (`_class`), a category of `_SPELLED_OUT` written as its characters (read off the
    plane once for each category: every scanner opening with it asks)."""
    test = _SPELLED_OUT.get(part)
    if test is None:
        return part
    if part not in _SPELLED:
        _SPELLED[part] = class_of([code for code in range(0x10000) if test(chr(code))]) + "\U00010000-\U0010ffff"
    return _SPELLED[part]


_SPELLED: Final[dict[str, str]] = {}


def _led_by_class(pattern: re.Pattern, chars: str, parsed) -> regex_cache.Code:
    """The code of `pattern` with the info block of the class `[chars]`: the regex engine runs over the text to a
    character of the class, and tries the pattern there. (NUL joins the class: one of a single character would
    make an info block of a literal prefix, which the engine takes as the pattern's first item. Where a NUL
    stands, the pattern is tried, and fails by itself.) `parsed`: the pattern as parsed (with its flags), once
    for reading its first characters and for compiling it."""
    info: list[int] = []
    _compiler._compile_info(info, _parser.parse(f"[\\x00{chars}]", pattern.flags), pattern.flags)
    if info[0] != sre.INFO or not info[2] & sre.SRE_INFO_CHARSET:
        raise _Unknown
    return _with_info(pattern, parsed, _body(pattern, parsed), info)


def _body(pattern: re.Pattern, parsed) -> list[int]:
    """The code of the parsed pattern without its info block."""
    code = _compiler._code(parsed, pattern.flags)
    if code[0] != sre.INFO:
        raise _Unknown
    return code[code[1] + 1 :]


def _with_info(pattern: re.Pattern, parsed, body: list[int], info: list[int]) -> regex_cache.Code:
    """The code of `pattern` (as parsed) made of its code without an info block (`_body`) and the info block
    `info`: the same source, flags, groups and names."""
    code = regex_cache.code_of(parsed, pattern.flags, info + body)
    _sre.compile(pattern.pattern, *code)  # the regex engine checks the code here: an error to fall back on
    return code


# ---- patterns led by a few characters: one pass for each -----------------------------------------------

_MAX_LEADS: Final = 6  # more first characters than this: one pass testing each character against their class is cheaper
_MAX_POS: Final = 2**63 - 1  # an `endpos` past any text: the text's end


class Leads:
    """A pattern whose matches start with one of a few characters (预计|可望: 预 or 可), searched for by one pass
    over the text for each: the regex engine runs to a given character as fast as `str.find` (~1 ns a
    character), where it calls a function to test each character against a class (~14 ns). `search` and
    `finditer` give the matches of the pattern itself, in order: the first at or after a position is the first
    of the passes' first ones there. A pattern with more first characters, or ones not told (a class such as
    `\\d`), is searched as its `scanner` (`literal` False)."""

    __slots__ = ("pattern", "leads", "literal")

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        codes = regex_cache.remembered("leads", pattern.pattern, pattern.flags, lambda: _literal_leads(pattern))
        self.leads: tuple[re.Pattern, ...] = (tuple(regex_cache.pattern(pattern.pattern, c) for c in codes) if codes
                                               else (scanner(pattern),))
        self.literal = bool(codes)

    def search(self, text: str, pos: int = 0, endpos: int = _MAX_POS) -> re.Match | None:
        first: re.Match | None = None
        for lead in self.leads:
            m = lead.search(text, pos, endpos)
            if m is not None and (first is None or m.start() < first.start()):
                first = m
        return first

    def finditer(self, text: str, pos: int = 0, endpos: int = _MAX_POS) -> list[re.Match]:
        """The matches of `pattern.finditer(text, pos, endpos)`, as a list."""
        leads = self.leads
        if len(leads) == 1:
            if leads[0].search(text, pos, endpos) is None:  # (most windows hold none: one call, no iterator)
                return []
            return list(leads[0].finditer(text, pos, endpos))
        found: list[re.Match] = []
        ahead: list[re.Match | None] = [lead.search(text, pos, endpos) for lead in leads]  # each pass's next
        while True:
            first = -1
            for i, m in enumerate(ahead):
                if m is not None and (first < 0 or m.start() < _start(ahead[first])):
                    first = i
            if first < 0:
                return found
            m = ahead[first]
            assert m is not None
            found.append(m)
            at = m.end()  # (never empty: `_literal_leads` takes no pattern that may match the empty string)
            for i, n in enumerate(ahead):
                if n is not None and n.start() < at:  # overlapped: that pass goes on from the match's end
                    ahead[i] = leads[i].search(text, at, endpos)


def _start(m: re.Match | None) -> int:
    assert m is not None
    return m.start()


_LEADS: Final[dict[int, tuple[re.Pattern, Leads]]] = {}
_K = TypeVar("_K")
_T = TypeVar("_T")


def leads(pattern: re.Pattern) -> Leads:
    """The `Leads` of a pattern, made once."""
    return made_once(_LEADS, Leads, pattern)


def made_once(made: dict[int, tuple[_K, _T]], make: Callable[[_K], _T], key: _K) -> _T:
    """`make(key)`, kept in `made` by the key's identity, with the key: for what is made of the grammar's patterns
    and words, which are few, made once and live as long as the process. (By identity: a pattern's hash is one
    of its whole compiled code, computed at each call; a key kept in `made` is never another's.)"""
    found = made.get(id(key))
    if found is None:
        found = made[id(key)] = (key, make(key))
    return found[1]


def _literal_leads(pattern: re.Pattern) -> tuple[regex_cache.Code, ...] | None:
    """The code of `pattern` for each character its matches can start with, each with the info block of a
    literal prefix of that character that the match does not skip (prefix_skip 0): the regex engine runs to
    that character and tries the whole pattern there. None when there are more than `_MAX_LEADS` of them, or
    they cannot be told as single characters, or a match may be empty."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or isinstance(pattern.pattern, bytes):
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        first, nullable = _first(parsed)
        if nullable or not first:
            return None
        codes = _codes(f"[{''.join(sorted(first))}]")
        if codes is None or len(codes) > _MAX_LEADS:
            return None
        body = _body(pattern, parsed)
        # INFO, skip, flags (a prefix), min and max width (one character: at least), prefix length, prefix_skip,
        # the prefix, its overlap table
        return tuple(_with_info(pattern, parsed, body, [sre.INFO, 8, sre.SRE_INFO_PREFIX, 1, 1, 1, 0, c, 0])
                     for c in codes)
    except Exception:  # _Unknown, re.error, or the private compiler of another Python than the one read here
        return None


def _codes(char_class: str) -> list[int] | None:
    """The code points of a character class of literals and ranges (None: it holds a category such as \\d,
    or more than `_MAX_LEADS` characters)."""
    (op, items), = _parser.parse(char_class)
    if op != sre.IN:  # a class of one character is parsed as that character
        return [items] if op == sre.LITERAL else None
    return _class_codes(items)


def _class_codes(items) -> list[int] | None:
    """The code points of a parsed class of literals and short ranges, in order (None: it holds a category, a
    negation or a range of `_MAX_LEADS` characters or more)."""
    codes: set[int] = set()
    for op, av in items:
        if op == sre.LITERAL:
            codes.add(av)
        elif op == sre.RANGE and av[1] - av[0] < _MAX_LEADS:
            codes.update(range(av[0], av[1] + 1))
        else:
            return None
    return sorted(codes)


def _skipped_to(items) -> bool:
    """The regex engine finds where a match of the parsed pattern can start by itself, or it opens with ^."""
    items = _opening_items(items)
    if not items:
        return False
    op, av = items[0]
    if op == sre.BRANCH:
        return all(branch and branch[0][0] == sre.LITERAL for branch in av[1])
    return op in (sre.LITERAL, sre.IN, sre.AT)


def _opening_items(items) -> list:
    """Parsed items, read into the groups without flags of their own that they open with: what they open with
    comes first."""
    items = list(items)
    while items and items[0][0] == sre.SUBPATTERN and not items[0][1][1]:
        items = list(items[0][1][3])
    return items


def _first(items, backward: bool = False) -> tuple[set[str], bool]:
    """The characters (as parts of a character class) a sequence of parsed items can start with (`backward`:
    end with), and whether it can match the empty string."""
    first: set[str] = set()
    for op, av in (reversed(items) if backward else items):
        chars, nullable = _first_of(op, av, backward)
        first |= chars
        if not nullable:
            return first, False
    return first, True


def _first_of(op, av, backward: bool) -> tuple[set[str], bool]:
    if op == sre.LITERAL:
        return {re.escape(chr(av))}, False
    if op == sre.IN:
        return _class(av), False
    if op == sre.BRANCH:
        first: set[str] = set()
        nullable = False
        for branch in av[1]:
            chars, empty = _first(branch, backward)
            first |= chars
            nullable = nullable or empty
        return first, nullable
    if op == sre.SUBPATTERN:
        _group, add_flags, _del_flags, items = av
        if add_flags & re.IGNORECASE:
            raise _Unknown
        return _first(items, backward)
    if op == sre.ATOMIC_GROUP:
        return _first(av, backward)
    if op in _REPEATS:
        low, _high, items = av
        chars, empty = _first(items, backward)
        return chars, empty or low == 0
    if op in _ZERO_WIDTH:
        return set(), True
    raise _Unknown  # ANY, NOT_LITERAL, GROUPREF, conditionals…


def _class(items) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op == sre.LITERAL:
            chars.add(re.escape(chr(av)))
        elif op == sre.RANGE:
            chars.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op == sre.CATEGORY and av in _CATEGORIES:
            chars.add(_CATEGORIES[av])
        else:
            raise _Unknown  # [^…], other categories
    return chars


# ---- several patterns searched at once, by what their matches open with ---------------------------------

_OPENING_REACH: Final = 4  # the longest opening string told (a longer one would leave fewer places to try, in more strings)
_MAX_OPENINGS: Final = 128  # more strings than this for one pattern: not told


def opening_strings(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings of at most `_OPENING_REACH` characters one of which every match of `pattern` opens with, each as
    long as the pattern tells it (到, 争取, 20 of 20\\d\\d年), none opening another; None when that cannot be
    told: a match may open with a class of many characters or be empty, the pattern ignores case or opens
    with ^. (A lookaround before the first character is passed over: it tells no character.)"""
    return regex_cache.remembered("opening strings", pattern.pattern, pattern.flags,
                                  lambda: _opening_strings(pattern))


def _opening_strings(pattern: re.Pattern) -> tuple[str, ...] | None:
    if pattern.flags & re.IGNORECASE or isinstance(pattern.pattern, bytes):
        return None
    try:
        told = {text for text, _ in _openings(list(_parser.parse(pattern.pattern, pattern.flags)), 0, "")}
    except Exception:  # _Unknown, re.error, or the private parser of another Python than the one read here
        return None
    if "" in told or len(told) > _MAX_OPENINGS:
        return None
    kept: list[str] = []
    for text in sorted(told, key=lambda t: (len(t), t)):
        if not text.startswith(tuple(kept)):
            kept.append(text)
    return tuple(kept)


def _openings(items: list, i: int, told: str) -> set[tuple[str, bool]]:
    """The strings the parsed items from the i-th on open with after `told`, each with whether what follows the
    items may go on with it (False: the string ends where the items stop telling characters)."""
    if len(told) >= _OPENING_REACH:
        return {(told, False)}
    if i == len(items):
        return {(told, True)}
    op, av = items[i]
    if op == sre.LITERAL:
        return _openings(items, i + 1, told + chr(av))
    if op == sre.IN:
        codes = _class_codes(av)
        if codes is None or len(codes) > _MAX_LEADS * 2:  # (a class of many characters tells too many strings)
            return {(told, False)}
        return {found for code in codes for found in _openings(items, i + 1, told + chr(code))}
    if op in (sre.BRANCH, sre.SUBPATTERN, sre.ATOMIC_GROUP):
        if op == sre.SUBPATTERN and av[1] & re.IGNORECASE:
            raise _Unknown
        branches = [list(b) for b in av[1]] if op == sre.BRANCH else [list(av[3] if op == sre.SUBPATTERN else av)]
        found: set[tuple[str, bool]] = set()
        for branch in branches:
            for text, goes_on in _openings(branch, 0, told):
                found |= _openings(items, i + 1, text) if goes_on else {(text, False)}
            if len(found) > _MAX_OPENINGS:
                raise _Unknown
        return found
    if op in _REPEATS:
        low, high, repeated = av
        found = set()
        for text, goes_on in _openings(list(repeated), 0, told):  # one time at least
            # once at most (an optional word: 到2025年): the items after it go on; else it may come again
            found |= _openings(items, i + 1, text) if goes_on and high == 1 else {(text, False)}
            if len(found) > _MAX_OPENINGS:
                raise _Unknown
        return found | _openings(items, i + 1, told) if low == 0 else found
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _openings(items, i + 1, told)
    if op == sre.AT:
        raise _Unknown  # ^, \b: where a match may stand is not told by characters alone
    return {(told, False)}  # any character, a category, a group's reference…


class Openings:
    """Where each of several patterns may match in a text, and where each of some lists of words stands, found in
    one pass of an Aho–Corasick automaton over the strings the patterns' matches open with (`opening_strings`)
    and the words, for patterns and words searched over the same text: one pass, where each pattern made one for
    each of its first characters (`Leads`) or tested every character against a class, and each list of words
    one of its own. `find` gives, for each pattern, the places where one of its strings stands, in order (None
    for a pattern whose strings are not told; `matches` reads a pattern's matches from them), and the `Hits` of
    each list of words."""

    __slots__ = ("automaton", "owners", "listed", "told", "lists")

    def __init__(self, patterns: tuple[re.Pattern, ...], word_lists: tuple[tuple[str, ...], ...] = ()) -> None:
        strings: dict[str, tuple[list[int], list[int]]] = {}  # a string → the patterns, and the lists, it is of
        self.told: list[bool] = []
        for k, pattern in enumerate(patterns):
            opening = opening_strings(pattern)
            self.told.append(opening is not None)
            for text in opening or ():
                strings.setdefault(text, ([], []))[0].append(k)
        for j, words in enumerate(word_lists):
            for word in words:
                strings.setdefault(word, ([], []))[1].append(j)
        self.lists = len(word_lists)
        self.owners: list[tuple[int, ...]] = [tuple(owners) for owners, _ in strings.values()]
        self.listed: list[tuple[int, ...]] = [tuple(lists) for _, lists in strings.values()]
        # a DFA: the strings are short and found every hundred characters (a contiguous NFA took twice as long)
        self.automaton = AhoCorasick(list(strings), matchkind=MatchKind.Standard,
                                     implementation=Implementation.DFA) if strings else None

    def find(self, text: str) -> tuple[list[list[int] | None], list[Hits]]:
        found: list[list[int] | None] = [[] if told else None for told in self.told]
        hits = [Hits([], []) for _ in range(self.lists)]
        if self.automaton is not None:
            owners, listed = self.owners, self.listed
            for k, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
                for owner in owners[k]:
                    places = found[owner]
                    assert places is not None
                    places.append(start)
                for j in listed[k]:
                    words = hits[j]
                    words.starts.append(start)
                    words.ends.append(end)
            for places in found:
                if places is not None:
                    places.sort()  # (found in the order the strings end: of several lengths, nearly in order)
        return found, hits


def matches(pattern: re.Pattern, text: str, starts: list[int], pos: int, endpos: int) -> list[re.Match]:
    """`list(pattern.finditer(text, pos, endpos))`, the pattern matched only at `starts` (in order, every place in
    text[pos:endpos] where a match may start; a match is never empty)."""
    found: list[re.Match] = []
    i = bisect_left(starts, pos)
    done = pos  # where the last match ended: the next starts there or after
    while i < len(starts):
        start = starts[i]
        i += 1
        if start >= endpos:
            break
        if start < done:
            continue
        m = pattern.match(text, start, endpos)
        if m is not None:
            found.append(m)
            done = m.end()
    return found


# ---- words a match must hold -----------------------------------------------------------------------------

_MAX_REQUIRED: Final = 16  # more words than this make no test worth its time


def required_words(source: str, flags: int = 0) -> tuple[str, ...] | None:
    """Words one of which every match of `source` holds (目标 or 指标 for `…(?:目标|指标)为`), longest and
    fewest first chosen; None when that cannot be told or no word is required. A pattern asked of short texts
    where it seldom matches is then tried only where one stands: `str.find` is a tenth of a failed match."""
    return regex_cache.remembered("required words", source, flags, lambda: _required_words(source, flags))


def _required_words(source: str, flags: int) -> tuple[str, ...] | None:
    words = _read_parsed(source, flags, _required)
    return tuple(sorted(words)) if words else None


def _read_parsed(source: str, flags: int, read: Callable[[list], _T]) -> _T | None:
    """`read` of the items of `source` parsed; None when a match may ignore case, or the pattern cannot be read."""
    try:
        if flags & re.IGNORECASE:
            return None
        parsed = _parser.parse(source, flags)
        return None if parsed.state.flags & re.IGNORECASE else read(list(parsed))
    except Exception:  # _Unknown, re.error, or the private parser of another Python than the one read here
        return None


def word_sets(source: str, flags: int = 0) -> tuple[tuple[str, ...], ...] | None:
    """Every set of words one of which every match of `source` holds (目标|指标, then 是|为 for
    `…(?:目标|指标)(?:是|为)`), each once, in the order the pattern requires them; None when that cannot be told
    or no word is required."""
    return regex_cache.remembered("word sets", source, flags, lambda: _all_word_sets(source, flags))


def _all_word_sets(source: str, flags: int) -> tuple[tuple[str, ...], ...] | None:
    sets = _read_parsed(source, flags, _word_sets)
    if sets is None:
        return None
    return tuple(dict.fromkeys(tuple(sorted(words)) for words in sets)) or None


class CharTable:
    """A byte for each character of the Basic Multilingual Plane (1 for those of a set, or a few bits of what each
    is), asked by code, without making a character a string: a block of 256 bytes for each run of 256 codes that
    holds one other than 0 (the same block shared by runs alike: a category such as \\w fills most of the plane),
    found by the code's high byte (as the regex engine's big charsets do). A few kilobytes, where a byte for each
    code took 64."""

    __slots__ = ("index", "blocks")

    def __init__(self, held: bytes | bytearray) -> None:
        """`held`: a byte for each code of the plane (1 for those in a set)."""
        blocks: dict[bytes, int] = {bytes(_BLOCK): 0}  # the empty block first
        index = bytearray(_PLANE >> 8)
        for high in range(_PLANE >> 8):
            block = bytes(held[high << 8 : (high + 1) << 8])
            if block not in blocks and len(blocks) == 256:  # (a set of whole categories and words holds ~50)
                raise ValueError("a character set of more than 256 distinct blocks")
            index[high] = blocks.setdefault(block, len(blocks))
        self.index = bytes(index)
        self.blocks = b"".join(blocks)

    def has(self, code: int) -> bool:
        """Whether the character of `code` (of the plane) is in the set."""
        return self.blocks[self.index[code >> 8] << 8 | code & 255] == 1

    def byte(self, code: int) -> int:
        """The byte of the character of `code` (of the plane)."""
        return self.blocks[self.index[code >> 8] << 8 | code & 255]


_BLOCK: Final = 256


def holds_any(text: str, words: tuple[str, ...], start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] holds one of `words`."""
    if start == 0 and end is None:  # (`in`: no arguments to read, a third of `str.find`'s call)
        for word in words:
            if word in text:
                return True
        return False
    stop = len(text) if end is None else end
    for word in words:
        if text.find(word, start, stop) >= 0:
            return True
    return False


# What a search costs, roughly, in instructions: a call of `str.find` or `in` for a word (which then runs over the
# characters many times faster), against a character read and looked up in a table by a compiled loop
# (`WordSet.held`). (Set by counting the corpus's reading under each: either way gives the same answers.)
_FIND_COST: Final = 200
_CHARACTER_COST: Final = 45


class WordSet:
    """Words asked of many texts whether they hold one (`holds_any`). A text shorter than a few characters for each
    word is read character by character: where the last 12 bits of a character's code are those of a word's first
    character (a table of 4,096 bytes, read without making the character a string), the words opening with it are
    compared. A longer one is searched for each word."""

    __slots__ = ("words", "screen", "by_first", "empty")

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        by_first: dict[str, list[str]] = {}
        screen = bytearray(_SCREEN)
        for word in words:
            if word:
                by_first.setdefault(word[0], []).append(word)
                screen[ord(word[0]) & (_SCREEN - 1)] = 1
        self.screen = bytes(screen)
        self.by_first = {first: tuple(found) for first, found in by_first.items()}
        self.empty = "" in words  # (a text holds the empty word: `str.find` finds it)

    def held(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """`holds_any(text, self.words, start, end)`."""
        stop = len(text) if end is None or end > len(text) else end
        if self.empty or start < 0 or stop < 0 or (stop - start) * _CHARACTER_COST > len(self.words) * _FIND_COST:
            return holds_any(text, self.words, start, end)
        screen = self.screen
        for i in range(start, stop):
            if screen[ord(text[i]) & (_SCREEN - 1)] == 1:
                for word in self.by_first.get(text[i], ()):
                    if i + len(word) <= stop and stands_at(text, word, i):
                        return True
        return False


_SCREEN: Final = 4096


def stands_at(text: str, word: str, pos: int) -> bool:
    """`text.startswith(word, pos)` for a word within the text from `pos` whose first character stands there,
    compared character by character: compiled, a loop over a few characters costs less than a string method's
    call."""
    for k in range(1, len(word)):
        if ord(text[pos + k]) != ord(word[k]):
            return False
    return True


def any_words(sources: list[str]) -> tuple[str, ...] | None:
    """Words one of which every match of each of `sources` holds, few: each pattern gives one of the sets of
    words it requires (`_word_sets`), the set most of them require chosen first (目标|指标 of six of seven part
    lines, then 工作|任务 of the last); None when a pattern requires none."""
    return regex_cache.remembered("any words", "\n".join(sources), 0, lambda: _any_words(sources))


def _any_words(sources: list[str]) -> tuple[str, ...] | None:
    options: list[set[frozenset[str]]] = []
    for source in sources:
        required = _read_parsed(source, 0, _word_sets)
        if required is None:
            return None
        options.append({frozenset(words) for words in required})
    if not all(options):
        return None
    chosen: set[str] = set()
    left = options
    while left:
        counts: dict[frozenset[str], int] = {}
        for sets in left:
            for words in sets:
                counts[words] = counts.get(words, 0) + 1
        # required by the most, then the fewest words, then the longest shortest word, then in word order
        best = max(counts, key=lambda w: (counts[w], -len(w), min(map(len, w)), sorted(w)))
        chosen |= best
        left = [sets for sets in left if best not in sets]
    return tuple(sorted(chosen))


def _word_sets(items) -> list[set[str]]:
    """Every set of words one of which a sequence of parsed items always holds, in order (a group ignoring case
    gives none)."""
    found: list[set[str]] = []
    run = ""  # consecutive literals: one word
    for op, av in items:
        if op == sre.LITERAL:
            run += chr(av)
            continue
        if run:
            found.append({run})
            run = ""
        if op == sre.SUBPATTERN:
            if not av[1] & re.IGNORECASE:
                found.extend(_word_sets(av[3]))
        elif op == sre.ATOMIC_GROUP:
            found.extend(_word_sets(av))
        elif op in _REPEATS:
            if av[0] >= 1:
                found.extend(_word_sets(av[2]))
        elif (words := _required_of(op, av)) is not None:
            found.append(words)
    if run:
        found.append({run})
    return found


class Gated:
    """A pattern searched in a text only when the text holds one of the words every match holds
    (`required_words`), and one of each other set of words every match holds one of (`word_sets`: 要|将, 抓好|推进,
    工作|任务 of `(?:要|将)(?:抓好|推进)…(?:工作|任务)`: a report says 工作 in every other sentence), and matched
    at its start only when it opens with one of the characters a match opens with (`opening_characters`): for a
    pattern asked of a long text where it seldom matches, whose matches open with what the text holds all along
    (a year's digits), or that is tried at every Chinese character (a place's name of two to 24 of them, then
    第…届人民代表大会); or of the few words about each of many figures (a failed search costs the regex engine a
    call and a test of each character, `str.find` a fraction)."""

    __slots__ = ("pattern", "words", "also", "firsts", "word_set", "also_sets")

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        self.words = required_words(pattern.pattern, pattern.flags)  # the set that tells most, asked first
        words = self.words
        sets = word_sets(pattern.pattern, pattern.flags) or () if words is not None else ()
        self.also = tuple(w for w in sets if w != words)  # the other sets, asked once a word of the first stands
        self.word_set = WordSet(words) if words is not None else None
        self.also_sets = tuple(WordSet(w) for w in self.also)
        chars = opening_characters(pattern.pattern, pattern.flags)
        self.firsts = frozenset(chars) if chars is not None else None

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def match(self, text: str) -> re.Match | None:
        return self.pattern.match(text) if self.firsts is None or text[:1] in self.firsts else None

    def finditer(self, text: str) -> Iterator[re.Match]:
        return self.pattern.finditer(text) if self.may_match(text) else iter(())

    def may_match(self, text: str) -> bool:
        """Whether `text` holds one of each set of words every match holds one of (True when they are not told)."""
        word_set = self.word_set
        if word_set is None:
            return True
        if not word_set.held(text):
            return False
        for words in self.also_sets:
            if not words.held(text):
                return False
        return True


def opening_characters(source: str, flags: int = 0) -> str | None:
    """The characters a match of `source` opens with, when each is told and a literal (`first_characters`
    without ranges and categories); None otherwise, or when a match may be empty or ignore case."""
    return regex_cache.remembered("opening characters", source, flags, lambda: _opening_characters(source, flags))


def _opening_characters(source: str, flags: int) -> str | None:
    chars = _read_parsed(source, flags, _literal_firsts)
    return None if chars is None or chars & _GATE_CATEGORIES.keys() else "".join(sorted(chars))


def _required(items) -> set[str] | None:
    """The best set of words one of which a sequence of parsed items always holds (None: none): the first best
    of `_word_sets`."""
    best: set[str] | None = None
    for words in _word_sets(items):
        best = _better(best, words)
    return best


def _better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """The set of words that tells more: its shortest word longer, then fewer words, then none in ASCII (a digit
    stands in every sentence stating a figure: 1…月 is told by 月)."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda words: (min(map(len, words)), -len(words), not any(w.isascii() for w in words)))


def _required_of(op, av) -> set[str] | None:
    """The words one item always holds, for a class of literals and alternatives (groups and repeats are read
    through by `_word_sets`)."""
    if op == sre.IN:
        chars = [chr(v) for o, v in av if o == sre.LITERAL]
        return set(chars) if len(chars) == len(av) and len(chars) <= _MAX_REQUIRED else None
    if op == sre.BRANCH:
        words: set[str] = set()
        for branch in av[1]:
            found = _required(branch)
            if found is None:
                return None
            words |= found
        return words if len(words) <= _MAX_REQUIRED else None
    return None  # zero width (what a lookaround looks at is no part of the match), any character, classes…


def reads_marks_as_end(source: str, marks: str, flags: int = 0) -> bool:
    """Whether `source` matches a text that goes on with one of `marks` after a position (a sentence's end) as
    it matches the text cut there, unless a match takes the mark itself: it has no `$`, `\\b` or back
    reference, and each of its lookaheads opens with characters that are not marks (so fails at a mark as at
    the text's end). A pass over sentences joined at their marks then finds the matches of a pass over each."""
    return regex_cache.remembered("reads marks as end", f"{marks}\n{source}", flags,
                                  lambda: _reads_marks_as_end(source, marks, flags))


def _reads_marks_as_end(source: str, marks: str, flags: int) -> bool:
    try:
        return _ends_alike(list(_parser.parse(source, flags)), marks)
    except Exception:  # _Unknown, re.error, or the private parser of another Python than the one read here
        return False


_LEADING_ANCHORS: Final = {sre.AT_BEGINNING, sre.AT_BEGINNING_LINE, sre.AT_BEGINNING_STRING}


def _ends_alike(items, marks: str) -> bool:
    for op, av in items:
        if op == sre.AT and av not in _LEADING_ANCHORS or op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            return False
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            direction, body = av
            if direction == 1:  # a lookahead: it must need a character, and no mark be one
                chars, nullable = _first(list(body))
                opener = re.compile(f"[{''.join(chars)}]")
                if nullable or not chars or any(opener.match(mark) for mark in marks):
                    return False
            if not _ends_alike(list(body), marks):
                return False
        elif op == sre.BRANCH:
            if not all(_ends_alike(branch, marks) for branch in av[1]):
                return False
        elif op == sre.SUBPATTERN:
            if not _ends_alike(av[3], marks):
                return False
        elif op == sre.ATOMIC_GROUP:
            if not _ends_alike(av, marks):
                return False
        elif op in _REPEATS:
            if not _ends_alike(av[2], marks):
                return False
    return True


class Hits:
    """Where some words stand in a whole text: every occurrence of each, overlapping ones too, in the order they
    end (as an Aho–Corasick automaton reports them: `word_hits`, or a pass shared with other words, `Openings`).
    A window of the text holds one of the words where one of them lies inside it, which is what a search of the
    window for a pattern of those words alone finds (`pattern.search(text, start, end)`): told by bisection,
    not by a search of each window."""

    __slots__ = ("starts", "ends", "near")

    def __init__(self, starts: list[int], ends: list[int]) -> None:
        self.starts, self.ends = starts, ends
        self.near = 0  # where the last window asked about fell among the hits: the next is looked for from there

    def any_in(self, start: int, end: int) -> bool:
        starts, ends = self.starts, self.ends
        i = bisect_right_near(ends, end, self.near) - 1  # the last to end at the window's end or before
        self.near = i + 1
        while i >= 0 and ends[i] > start:  # those ending inside the window: one opening inside it too?
            if starts[i] >= start:
                return True
            i -= 1  # (one opening before the window crosses its start: few do)
        return False


def word_hits(words: tuple[str, ...], text: str) -> Hits:
    """The `Hits` of `words` in `text`, found by a pass of their own automaton (made once)."""
    starts: list[int] = []
    ends: list[int] = []
    for _, start, end in _automaton(words).find_matches_as_indexes(text, overlapping=True):
        starts.append(start)
        ends.append(end)
    return Hits(starts, ends)


_AUTOMATA: Final[dict[int, tuple[tuple[str, ...], AhoCorasick]]] = {}


def _automaton(words: tuple[str, ...]) -> AhoCorasick:
    """An automaton finding every occurrence of `words`, made once."""
    return made_once(_AUTOMATA, _every_occurrence, words)


def _every_occurrence(words: tuple[str, ...]) -> AhoCorasick:
    # A DFA: over a whole report, where the words stand every hundred characters, it takes half the time of a
    # contiguous NFA (and a third of a noncontiguous one's) for every occurrence of each.
    return AhoCorasick(list(words), matchkind=MatchKind.Standard, implementation=Implementation.DFA)


# ---- patterns asked at the start of each of many short texts -------------------------------------------------

class StartGate:
    """Patterns matched at the start of each of many short texts (each sentence of a document: `^…`), most of
    which they do not match: a failed match costs the regex engine a try of each alternative, and of a bounded
    run (`^[^,]{0,16}(?:预期|主要)目标`) a try at each of its characters. Each alternative of a pattern (of its
    first repetition, for `^(?:…)+`) is told by the characters it opens with, when they are literals or
    `\\s`, `\\d`, `\\w`, or else by the words one of which it holds (`required_words`) within the most
    characters it spans; one that may open with any digit (2024年… opens most sentences), space or word
    character and holds words, by both (`led`): a text opening with none of those characters, and holding none
    of those words that near its start, is matched by none of the patterns (`opens`). Open to every text when an
    alternative's characters and words cannot be told."""

    __slots__ = ("firsts", "words", "led", "told_words")

    def __init__(self, sources: list[str]) -> None:
        told = regex_cache.remembered("start gate, ranges", "\n".join(sources), 0, lambda: _start_gate(sources))
        self.firsts: _Firsts | None = None  # None: open to every text
        self.words: _Words | None = None  # of the alternatives told by their words alone
        self.led: tuple[_Firsts, _Words] | None = None  # of those told by both
        self.told_words: tuple[str, ...] = ()  # the words of both, longest first
        if told is not None:
            firsts, words, led_firsts, led_words = told
            self.firsts = _Firsts(*firsts)
            self.words = _Words(*words) if words[0] else None
            self.led = (_Firsts(*led_firsts), _Words(*led_words)) if led_words[0] else None
            self.told_words = tuple(sorted({*words[0], *led_words[0]}, key=lambda w: (-len(w), w)))

    @property
    def reach(self) -> int:
        """The most characters after a text's start where it reads words."""
        return max(self.words.reach if self.words else 0, self.led[1].reach if self.led else 0)

    def by_characters(self) -> StartGate | None:
        """The gate of the characters alone: open to a text opening with one of the characters of the
        alternatives told by them or by both (their words not read); None (open to every text) when an
        alternative is told by its words alone."""
        if self.firsts is None or self.words is not None:
            return None
        gate = StartGate([])  # (of no pattern: closed to every text, until given the characters)
        firsts = self.firsts
        if self.led is not None:
            led = self.led[0]
            firsts = _Firsts("".join(sorted(firsts.chars | led.chars)), "".join(
                category for category, held in (("s", firsts.space or led.space), ("d", firsts.digit or led.digit),
                                                ("w", firsts.word or led.word)) if held))
        gate.firsts = firsts
        return gate

    def opens_with(self, char: str) -> bool:
        """Whether one of the patterns told by their characters alone may match a text opening with `char` (a
        gate open to every text: always; "", a text's end: never)."""
        return self.firsts is None or self.firsts.hold(char)

    def opens(self, text: str, start: int = 0, end: int = _MAX_POS, hits: Hits | None = None) -> bool:
        """Whether one of the patterns may match text[start:end] at its start. `hits`: the `Hits` of `told_words`
        (or more words) in the whole text, where a pass shared with other words found them: the words are read
        from them by bisection, not searched for in each window. (A word of the alternatives told by both found
        for one told by words alone opens the gate where a search may not: it opens to more texts, never fewer.)"""
        firsts = self.firsts
        if firsts is None:
            return True
        if firsts.hold_at(text, start):
            return True
        if self.words is not None and self.words.near(text, start, end, hits):
            return True
        led = self.led
        return led is not None and led[0].hold_at(text, start) and led[1].near(text, start, end, hits)


class _Firsts:
    """Characters a text may open with: some literals, and the categories `\\s`, `\\d`, `\\w`. (Those of the
    Basic Multilingual Plane told by a `CharTable`: a gate is asked of every sentence, and of each place a run of
    leading words may go on.)"""

    __slots__ = ("chars", "space", "digit", "word", "table")

    def __init__(self, chars: str, categories: str) -> None:
        self.chars = frozenset(chars)
        self.space, self.digit, self.word = "s" in categories, "d" in categories, "w" in categories
        table = 0
        for category in categories:
            table |= int.from_bytes(_category_table(category), "little")
        held = bytearray(table.to_bytes(_PLANE, "little"))
        for char in chars:
            if ord(char) < _PLANE:
                held[ord(char)] = 1
        self.table = CharTable(held)

    def hold(self, char: str) -> bool:
        """Whether `char` is one of them ("", a text's end: never)."""
        if len(char) == 1 and ord(char) < _PLANE:
            return self.table.has(ord(char))
        return char in self.chars or bool(char) and (
            self.space and char.isspace() or self.digit and char.isdecimal()
            or self.word and (char.isalnum() or char == "_"))

    def hold_at(self, text: str, pos: int) -> bool:
        """`hold(text[pos:pos + 1])`."""
        if pos >= len(text):
            return False
        code = ord(text[pos])
        if code >= _PLANE:
            return self.hold(text[pos])
        table = self.table  # (`table.has(code)`, without a call)
        return table.blocks[table.index[code >> 8] << 8 | code & 255] == 1


def _category_table(category: str) -> bytes:
    """A byte for each character of the plane: 1 where it is in the category (s, d, w: `str.isspace`,
    `str.isdecimal`, `str.isalnum` or _), as `_Firsts.hold` tells it (read once for all runs)."""
    return regex_cache.remembered("category table", category, 0, lambda: _made_category_table(category))


def _made_category_table(category: str) -> bytes:
    tests: dict[str, Callable[[str], bool]] = {
        "s": str.isspace, "d": str.isdecimal, "w": lambda char: char.isalnum() or char == "_",
    }
    test = tests[category]
    return bytes(1 if test(chr(code)) else 0 for code in range(_PLANE))


class _Words:
    """Words one of which a match holds within `reach` characters of its start."""

    __slots__ = ("words", "word_set", "reach")

    def __init__(self, words: tuple[str, ...], reach: int) -> None:
        self.words = words  # longest first
        self.word_set = WordSet(words)
        self.reach = reach

    def near(self, text: str, start: int, end: int, hits: Hits | None = None) -> bool:
        """Whether one of the words stands in text[start:end] within `reach` characters of `start` (read from
        `hits`, the `Hits` of these words or more in the whole text, when given)."""
        limit = start + self.reach  # (comparisons: the builtin min parses its arguments, a tenth of a call here)
        if end < limit:
            limit = end
        if len(text) < limit:
            limit = len(text)
        if hits is not None:
            return hits.any_in(start, limit)
        return self.word_set.held(text, start, limit)


def _start_gate(sources: list[str]) -> tuple[tuple[str, str], tuple[tuple[str, ...], int], tuple[str, str],
                                             tuple[tuple[str, ...], int]] | None:
    """What tells a `StartGate`: the characters and categories (s, d, w) of the alternatives told by them, the
    words (longest first) and their reach of those told by words, and both of those told by both; None when
    not told."""
    firsts, words = _Telling(), _Telling()
    led_firsts, led_words = _Telling(), _Telling()
    try:
        for source in sources:
            parsed = _parser.parse(source)
            if parsed.state.flags & re.IGNORECASE:
                return None
            for alternative in _alternatives(list(parsed)):
                chars = _literal_firsts(alternative)
                # (one opening with a range, 1-4, told by its characters: with its words, if any, as a category)
                spread = chars is None and (chars := _literal_firsts(alternative, ranges=True)) is not None
                found = _required(alternative)
                reach = min(_parser.SubPattern(_parser.State(), alternative).getwidth()[1], _MAX_POS)
                if chars is not None and (spread or chars & _GATE_CATEGORIES.keys()) and found:
                    led_firsts.add_characters(chars)  # (2024年… opens most sentences: its words tell more)
                    led_words.add_words(found, reach)
                elif chars is not None:
                    firsts.add_characters(chars)
                elif found:
                    words.add_words(found, reach)
                else:
                    return None
    except Exception:  # the private parser of another Python than the one read here
        return None
    return firsts.characters(), words.words(), led_firsts.characters(), led_words.words()


class _Telling:
    """The characters, categories, words and reach of some alternatives, as `_start_gate` gathers them."""

    def __init__(self) -> None:
        self.chars: set[str] = set()
        self.categories: set[str] = set()
        self.found: set[str] = set()
        self.reach = 0

    def add_characters(self, chars: set[str]) -> None:
        for char in chars:
            if char in _GATE_CATEGORIES:
                self.categories.add(_GATE_CATEGORIES[char])
            else:
                self.chars.add(char)

    def add_words(self, found: set[str], reach: int) -> None:
        self.found |= found
        self.reach = max(self.reach, reach)

    def characters(self) -> tuple[str, str]:
        return "".join(sorted(self.chars)), "".join(sorted(self.categories))

    def words(self) -> tuple[tuple[str, ...], int]:
        return tuple(sorted(self.found, key=lambda w: (-len(w), w))), self.reach



# The categories a `StartGate` tests a character for, by str methods: each holds at least the characters the
# category holds in a pattern (str.isspace for \s, str.isdecimal for \d, isalnum or _ for \w).
_GATE_CATEGORIES: Final = {r"\s": "s", r"\d": "d", r"\w": "w"}


def _alternatives(items) -> list:
    """The alternatives a pattern anchored at the start opens with: the branches after ^ (of the first
    repetition of `^(?:…)+`, of a group), or the whole pattern."""
    if items and items[0] == (sre.AT, sre.AT_BEGINNING):
        items = items[1:]
    while len(items) == 1:
        op, av = items[0]
        if op == sre.SUBPATTERN and not av[1]:
            items = list(av[3])
        elif op in (sre.MAX_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            items = list(av[2])  # a match holds a first repetition, and spans it
        elif op == sre.BRANCH:
            return [list(branch) for branch in av[1]]
        else:
            break
    return [items]


def _literal_firsts(items, ranges: bool = False) -> set[str] | None:
    """The characters a sequence of parsed items opens with, when each is told and a literal or one of
    `_GATE_CATEGORIES` (not a range or another category; `ranges`: a range of `_FEW_IN_RANGE` characters at most
    is its characters); None otherwise, or when it may match the empty string."""
    try:
        chars, nullable = _first(items)
    except _Unknown:
        return None
    if nullable or not chars:
        return None
    literal: set[str] = set()
    for char in chars:
        if len(char) == 1:
            literal.add(char)
        elif len(char) == 2 and char[0] == "\\" and not char[1].isalnum():  # re.escape's
            literal.add(char[1])
        elif char in _GATE_CATEGORIES:
            literal.add(char)
        elif ranges and (spread := _range_characters(char)) is not None:
            literal |= spread
        else:
            return None  # a range (a-z) or a category (\d)
    return literal


_FEW_IN_RANGE: Final = 16


def _range_characters(part: str) -> set[str] | None:
    """The characters of a range as `_class` writes it (1-4, \\--/), if it holds `_FEW_IN_RANGE` at most."""
    low, rest = (part[1], part[2:]) if part[:1] == "\\" else (part[:1], part[1:])
    if rest[:1] != "-" or len(low) != 1:
        return None
    high = rest[2:] if rest[1:2] == "\\" else rest[1:]
    if len(high) != 1 or not 0 <= ord(high) - ord(low) < _FEW_IN_RANGE:
        return None
    return {chr(code) for code in range(ord(low), ord(high) + 1)}


# ---- patterns whose matches start lines -----------------------------------------------------------------------


class AtLineStarts:
    """A pattern each match of which starts a line (`^` under re.MULTILINE opens it), searched for by a match
    tried at the start of each line where its `StartGate` opens: the regex engine does not skip ahead to line
    starts, it tries `^` at every character (~10 ns a character for a pattern found at a few lines of a
    report). The gate reads words up to the line's end for a pattern that matches no line break, else within
    the most characters a match spans (a pattern that may span any number of lines is tried at every line
    start). `finditer` gives the matches of `pattern.finditer`; a pattern not so anchored, or one that may
    match the empty string, is searched as it is."""

    __slots__ = ("pattern", "anchored", "gate", "within_line")

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        told = regex_cache.remembered("line starts", pattern.pattern, pattern.flags, lambda: _line_anchored(pattern))
        self.anchored = told is not None
        self.within_line = bool(told)
        gate = StartGate([pattern.pattern]) if self.anchored else None
        # (words searched for up to the text's end at each line would make the search quadratic: a pattern that may
        # span lines without end is gated by the characters a line opens with alone)
        self.gate = gate if gate is None or self.within_line or gate.reach < _MAX_REACH else gate.by_characters()

    @property
    def words(self) -> tuple[str, ...]:
        """The words its gate reads, whose `Hits` in a text `finditer` may be given (none: it reads none)."""
        return self.gate.told_words if self.gate is not None else ()

    def finditer(self, text: str, hits: Hits | None = None) -> list[re.Match]:
        """`hits`: the `Hits` of `words` in `text`, where a pass shared with other words found them."""
        if not self.anchored:
            return list(self.pattern.finditer(text))
        match, gate, within_line = self.pattern.match, self.gate, self.within_line
        found: list[re.Match] = []
        pos, n = 0, len(text)
        while True:
            line_end = text.find("\n", pos)
            if line_end < 0:
                line_end = n
            opens = gate is None or gate.opens(text, pos, line_end if within_line else _MAX_POS, hits)
            m = match(text, pos) if opens else None
            if m is not None:
                found.append(m)
                line_end = text.find("\n", m.end() - 1)  # the next line starts at the match's end or after it
                if line_end < 0:
                    return found
            if line_end >= n:
                return found
            pos = line_end + 1


_MAX_REACH: Final = 256  # the most characters after a line's start where a gate looks for words, for a pattern spanning lines
_AT_LINE_STARTS: Final[dict[int, tuple[re.Pattern, AtLineStarts]]] = {}


def at_line_starts(pattern: re.Pattern) -> AtLineStarts:
    """The `AtLineStarts` of a pattern, made once."""
    return made_once(_AT_LINE_STARTS, AtLineStarts, pattern)


# ---- patterns whose matches start lines or follow a mark -------------------------------------------------------

# The opening `(?:^|(?<=[…]))` as written, its class of plain characters (no escape, range or negation)
_LINE_OR_MARK: Final = regex_cache.compile(r"\(\?:\^\|\(\?<=\[([^\]\[\\^-][^\]\[\\-]*)\]\)\)")


class AfterMarks:
    """A pattern opening with `(?:^|(?<=[…]))` under re.MULTILINE, each match of which starts a line or follows one
    of a few marks (a paragraph or a sentence opened by 预计，…), searched for as the mark or a line break followed
    by the rest of the pattern: that opening gives the regex engine no character to skip ahead to, and it was tried
    at every character (~8 ns each); the mark is, by a pass to each mark (`Leads`: the regex engine tested each
    character against their class). Each match found so is the pattern's own match from the character after the
    mark (matched again there), and one at the text's start is asked first. `finditer` gives the matches of
    `pattern.finditer`; a pattern opening otherwise, or that may match the empty string, is searched as it is."""

    __slots__ = ("pattern", "after_mark")

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern
        self.after_mark: Leads | None = None
        source = pattern.pattern
        opening = _LINE_OR_MARK.match(source) if isinstance(source, str) else None
        if opening is not None and pattern.flags & re.MULTILINE and _opens_whole(pattern):
            self.after_mark = Leads(regex_cache.compile(f"[\\n{opening.group(1)}](?:{source[opening.end():]})",
                                                        pattern.flags))

    def finditer(self, text: str) -> list[re.Match]:
        after_mark = self.after_mark
        if after_mark is None:
            return list(self.pattern.finditer(text))
        found: list[re.Match] = []
        m = self.pattern.match(text)  # at the text's start
        if m is not None:
            found.append(m)
        pos = m.end() if m is not None else 0
        while True:
            mark = after_mark.search(text, max(pos - 1, 0))  # (the last match's last character may be one)
            if mark is None:
                return found
            m = self.pattern.match(text, mark.start() + 1)
            if m is None:  # (never: the mark before it opens the pattern, and the rest matched)
                return list(self.pattern.finditer(text))
            found.append(m)
            pos = m.end()


_AFTER_MARKS: Final[dict[int, tuple[re.Pattern, AfterMarks]]] = {}


def after_marks(pattern: re.Pattern) -> AfterMarks:
    """The `AfterMarks` of a pattern, made once."""
    return made_once(_AFTER_MARKS, AfterMarks, pattern)


def _opens_whole(pattern: re.Pattern) -> bool:
    """Whether a pattern is a sequence of its opening group and more (not an alternation, whose other alternatives
    the opening does not open), never matching the empty string."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        return len(parsed) > 1 and parsed.getwidth()[0] > 0
    except Exception:  # the private parser of another Python than the one read here
        return False


def _line_anchored(pattern: re.Pattern) -> bool | None:
    """None unless every match of `pattern` starts a line and none is empty; else whether none holds a line
    break (its words then stand before the line's end)."""
    if not pattern.flags & re.MULTILINE or isinstance(pattern.pattern, bytes):
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        items = _opening_items(parsed)
        if not items or items[0] != (sre.AT, sre.AT_BEGINNING) or parsed.getwidth()[0] == 0:
            return None
        return not _may_break_line(list(parsed), bool(pattern.flags & re.DOTALL))
    except Exception:  # the private parser of another Python than the one read here
        return None


def _may_break_line(items, dotall: bool) -> bool:
    """Whether parsed items may match (or look at) a line break; True when that cannot be told."""
    for op, av in items:
        if op == sre.LITERAL:
            if av == 10:
                return True
        elif op == sre.ANY:
            if dotall:
                return True
        elif op == sre.IN:
            if _class_holds_line_break(av):
                return True
        elif op == sre.BRANCH:
            if any(_may_break_line(branch, dotall) for branch in av[1]):
                return True
        elif op == sre.SUBPATTERN:
            if _may_break_line(av[3], dotall or bool(av[1] & re.DOTALL)):
                return True
        elif op in _REPEATS:
            if _may_break_line(av[2], dotall):
                return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            if _may_break_line(av[1], dotall):
                return True
        elif op == sre.ATOMIC_GROUP:
            if _may_break_line(av, dotall):
                return True
        elif op != sre.AT:
            return True  # NOT_LITERAL, GROUPREF, conditionals…
    return False


def _class_holds_line_break(items) -> bool:
    negated = bool(items) and items[0][0] == sre.NEGATE
    holds = False
    for op, av in items[1:] if negated else items:
        if op == sre.LITERAL:
            holds = holds or av == 10
        elif op == sre.RANGE:
            holds = holds or av[0] <= 10 <= av[1]
        elif op == sre.CATEGORY:
            if av not in (sre.CATEGORY_DIGIT, sre.CATEGORY_WORD):
                return True  # \s, \D, \W… hold a line break (negated: cannot be told here)
        else:
            return True
    return holds != negated

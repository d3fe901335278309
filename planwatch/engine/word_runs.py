"""Runs of a grammar's words, read by a loop over their characters where the regex engine is not needed.

Each subject of a figure is asked for the predicate words that end it (地区生产总值同比增长: 同比增长) and whether
some words are nothing but predicate words and marks. As patterns, `(?:P|[、,])+$` searched from the last 24
characters and `(?:(?>P)|[marks])*+` matched, where P is the alternation of some 190 words and a dozen patterns
(比2023年, 连续3年, 扣除价格因素后), a search cost the regex engine ten thousand instructions or so, most of it
trying P at each character. Here the plain words are looked up by the character they open with, and each
pattern is matched only where a character it may open with stands: where none matches, the answer is the
plain words' own. Where one does, the answer is `UNTOLD`, and the caller asks the regex engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Final

from planwatch.engine import regex_cache
from planwatch.engine.scan import CharTable, first_characters, stands_at

UNTOLD: Final = -2  # a pattern among the alternatives matches in the text: ask the regex engine
NONE: Final = -1  # no run

_OPENS_WORD: Final = 1  # the character opens a plain word
_MARK: Final = 2  # the character is a mark
_OPENS_PATTERN: Final = 4  # the character may open a match of a pattern
_PLANE: Final = 0x10000  # the table stops at the Basic Multilingual Plane: a character past it may open any pattern


class WordRuns:
    """The alternatives of a grammar's alternation of words (plain words and patterns, the alternation trying its
    plain words longest first, as `grammar.alternation` does), and marks (single characters) that stand between
    them."""

    __slots__ = ("word_lists", "more_lists", "lists", "kinds", "patterns", "opening", "every_pattern", "told")

    def __init__(self, alternatives: Iterable[str], marks: str) -> None:
        words: list[str] = []
        patterns: list[str] = []
        for source in alternatives:
            plain = source != "" and re.escape(source) == source and ord(source[0]) < _PLANE
            (words if plain else patterns).append(source)
        by_first: dict[str, list[str]] = {}
        for word in sorted(set(words), key=len, reverse=True):  # the longest first
            by_first.setdefault(word[0], []).append(word)
        # the words opening with a character: word_lists[the byte of its code in `lists`] (a table read without
        # making the character a string), past the 255th character opening words, more_lists[the character]
        self.word_lists: list[tuple[str, ...]] = [()]
        self.more_lists: dict[str, tuple[str, ...]] = {}
        lists = bytearray(_PLANE)
        kinds = bytearray(_PLANE)
        for first, found in by_first.items():
            if len(self.word_lists) < 256:
                lists[ord(first)] = len(self.word_lists)
                self.word_lists.append(tuple(found))
            else:
                self.more_lists[first] = tuple(found)
            kinds[ord(first)] |= _OPENS_WORD
        self.lists = CharTable(lists)
        self.told = True
        for mark in marks:
            if ord(mark) < _PLANE:
                kinds[ord(mark)] |= _MARK
            else:  # (not in the table: the answers are the regex engine's)
                self.told = False
        # each character that may open a pattern's match → the bits of those patterns
        self.opening: dict[str, int] = {}
        for i, source in enumerate(patterns):
            chars = first_characters(source)
            if chars is None:  # a pattern whose first characters are not told may match anywhere
                self.told = False
                continue
            for char in _characters_of(chars):
                kinds[ord(char)] |= _OPENS_PATTERN
                self.opening[char] = self.opening.get(char, 0) | 1 << i
        self.kinds = CharTable(kinds)
        self.patterns = tuple(regex_cache.compile(source) for source in patterns)
        self.every_pattern = (1 << len(patterns)) - 1

    def last_run(self, text: str, start: int) -> int:
        """Where the run of words and marks that ends `text` (maybe before a last line break) starts, as the
        match of `(?:P|[marks])+$` searched from `start` does: the leftmost start of such a run; NONE when no
        run ends the text; UNTOLD when a pattern matches at or after `start`."""
        if not self.told:
            return UNTOLD
        n = len(text)
        end = run_end(text)
        kinds = self.kinds
        if start <= end < n and kinds.byte(10) & _OPENS_PATTERN and self._pattern_at(text, end):
            return UNTOLD  # (a pattern opening with the line break `$` stands before)
        runs = 1  # bit i: text[end - i : end] is a run of words and marks (or empty, i = 0)
        first = NONE
        j = end - 1
        while j >= start:
            code = ord(text[j])
            kind = kinds.byte(code) if code < _PLANE else _OPENS_PATTERN
            if kind & _OPENS_PATTERN and self._pattern_at(text, j):
                return UNTOLD
            if kind & _MARK and runs >> (end - j - 1) & 1:
                runs |= 1 << (end - j)
                first = j
            elif kind & _OPENS_WORD:
                for word in self._words_opening(text, j, code):
                    after = j + len(word)
                    if after <= end and runs >> (end - after) & 1 and stands_at(text, word, j):
                        runs |= 1 << (end - j)
                        first = j
                        break
            j -= 1
        return first

    def is_run(self, text: str) -> int:
        """1 when `text` is a run of words and marks as `(?:(?>P)|[marks])*+` fullmatches it: at each place the
        longest word standing there (the first of P's alternatives that matches: they are tried longest first),
        else a mark; 0 when it is not; UNTOLD when a pattern matches where a word or a mark would be read."""
        if not self.told:
            return UNTOLD
        kinds = self.kinds
        pos, n = 0, len(text)
        while pos < n:
            code = ord(text[pos])
            kind = kinds.byte(code) if code < _PLANE else _OPENS_PATTERN
            if kind & _OPENS_PATTERN and self._pattern_at(text, pos):
                return UNTOLD
            taken = 0
            if kind & _OPENS_WORD:
                for word in self._words_opening(text, pos, code):
                    if pos + len(word) <= n and stands_at(text, word, pos):
                        taken = len(word)
                        break
            if taken == 0:
                if not kind & _MARK:
                    return 0
                taken = 1
            pos += taken
        return 1

    def _words_opening(self, text: str, pos: int, code: int) -> tuple[str, ...]:
        """The words opening with the character at `pos` (of `code`), longest first."""
        found = self.lists.byte(code)
        return self.word_lists[found] if found else self.more_lists.get(text[pos], ())

    def _pattern_at(self, text: str, pos: int) -> bool:
        """Whether one of the patterns that may open with the character at `pos` matches there."""
        char = text[pos]
        bits = self.opening.get(char, 0) if ord(char) < _PLANE else self.every_pattern
        i = 0
        while bits:
            if bits & 1 and self.patterns[i].match(text, pos) is not None:
                return True
            bits >>= 1
            i += 1
        return False


def run_end(text: str) -> int:
    """Where a run ending `text` ends: where `$` matches last, before a last line break."""
    n = len(text)
    return n - 1 if n > 0 and ord(text[n - 1]) == 10 else n


def _characters_of(chars: str) -> str:
    """The characters of the Basic Multilingual Plane in the class `[chars]` (a body such as `0-9一二`; read once
    for all runs: a pass over the plane takes a while)."""
    return regex_cache.remembered("characters of a class", chars, 0,
                                  lambda: "".join(regex_cache.compile(f"[{chars}]").findall(_plane())))


@cache
def _plane() -> str:
    return "".join(map(chr, range(_PLANE)))

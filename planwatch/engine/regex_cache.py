"""Compiled regular expressions, and what is read off their sources, kept on disk between runs.

Python compiles a regular expression from its source in every process. The engine's ~400 patterns and the
scanners made of them (classes of thousands of Chinese characters, tries of unit words) took ~0.35 s of CPU,
half of what `planwatch extract one.txt` spent before its first document. What `re`'s compiler makes of a
pattern (its opcodes, group count and names) depends only on the source, the flags and the Python that
compiled it; so do the facts `scan` reads off a parsed pattern, and a grammar file parsed (`remembered`).
They are kept in one file of the user cache directory, named by the Python build and by the code that makes
them, and a pattern is made of its stored opcodes by `_sre.compile` as `re` itself does. A missing, stale,
corrupt or unwritable file only costs the compiling; what was made is written when the process ends.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import re
import sys
from collections.abc import Callable
from pathlib import Path
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from typing import Any, TypeVar

import _sre  # type: ignore[import-not-found]

from planwatch.engine.user_cache import cache_dir, write_atomically

T = TypeVar("T")

# A compiled pattern as `_sre.compile` takes it after the source: flags, opcodes, the number of groups, the
# groups' indexes by name and names by index.
Code = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]

_FORMAT = 1
_MAX_ENTRIES = 20_000  # a caller compiling patterns made of its input would otherwise grow the file forever
_DIGEST = hashlib.sha256().digest_size
# The modules whose code makes what is kept: compiled patterns, scanners and what `scan` tells of a pattern,
# the characters `normalize` leaves alone.
_MAKERS = ("regex_cache.py", "scan.py", "normalize.py")


class _Store:
    """The entries of this process: those read from the file, and those made since."""

    def __init__(self) -> None:
        self.file: Path | None = None
        self.entries: dict[tuple[str, str, int], Any] | None = None  # (kind, source, flags) → value
        self.added = False

    def loaded(self) -> dict[tuple[str, str, int], Any]:
        if self.entries is None:
            self.file = path()
            self.entries = _read(self.file)
        return self.entries

    def put(self, key: tuple[str, str, int], value: Any) -> None:
        entries = self.loaded()
        if len(entries) >= _MAX_ENTRIES:
            return
        try:
            marshal.dumps(value)
        except ValueError:
            return  # a value `marshal` does not write is made again by the next run
        entries[key] = value
        if not self.added:
            self.added = True
            atexit.register(self.save)

    def save(self) -> None:
        """Write this process's entries and those another process wrote meanwhile, by a rename: a reader
        sees the old file or the new one. Files of this Python made by other code go."""
        if not self.added or self.entries is None or self.file is None:
            return
        self.added = False
        target = self.file
        payload = marshal.dumps({**_read(target), **self.entries})  # (`put` keeps only what marshal writes)
        if not write_atomically(target, hashlib.sha256(payload).digest() + payload):
            return
        for old in target.parent.glob(f"regex-{sys.implementation.cache_tag}-*.marshal"):
            if old != target:
                try:
                    old.unlink(missing_ok=True)
                except OSError:
                    pass  # another user's, or gone meanwhile


def path() -> Path:
    """The file: its name changes with the Python build and with the code that makes what it keeps."""
    maker = hashlib.sha256(f"{sys.version}|{sre.MAGIC}|{_FORMAT}".encode())
    for name in _MAKERS:  # (their sources: a compiled module's file is elsewhere)
        source = Path(__file__).with_name(name)
        if source.exists():
            maker.update(source.read_bytes())
    return cache_dir() / f"regex-{sys.implementation.cache_tag}-{maker.hexdigest()[:16]}.marshal"


def _read(file: Path) -> dict[tuple[str, str, int], Any]:
    try:
        data = file.read_bytes()
        payload = data[_DIGEST:]
        if hashlib.sha256(payload).digest() != data[:_DIGEST]:
            return {}
        entries = marshal.loads(payload)
        return entries if isinstance(entries, dict) else {}
    except (OSError, ValueError, EOFError, TypeError):
        return {}


_STORE = _Store()


_MADE: dict[tuple[str, int], re.Pattern] = {}  # the patterns this process made, as `re` keeps its own


def compile(source: str, flags: int = 0) -> re.Pattern:
    """`re.compile(source, flags)`, its opcodes read from the cache when another run compiled it; the same
    pattern again when this process made it."""
    made = _MADE.get((source, int(flags)))
    if made is not None:
        return made
    key = ("re", source, int(flags))
    code = _STORE.loaded().get(key)
    if code is None:
        code = _code_of(source, int(flags))
        _STORE.put(key, code)
    made = pattern(source, code)
    if len(_MADE) < _MAX_ENTRIES:
        _MADE[(source, int(flags))] = made
    return made


def pattern(source: str, code: Code) -> re.Pattern:
    """The pattern `source` made of its compiled code."""
    return _sre.compile(source, *code)


def code_of(parsed: Any, flags: int, code: list[int]) -> Code:
    """The `Code` of a parsed pattern compiled (with `flags`) into the opcodes `code`."""
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # (the opcodes are ints of a subclass naming them, which `marshal` does not write)
    return (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def _code_of(source: str, flags: int) -> Code:
    parsed = _parser.parse(source, flags)
    return code_of(parsed, flags, _compiler._code(parsed, flags))


def remembered(kind: str, source: str, flags: int, make: Callable[[], T]) -> T:
    """`make()`, a value told of `source` (a pattern, a grammar file) that `marshal` writes (numbers, strings,
    tuples, lists, dicts, None), from the cache when another run made it. `kind` names what is told."""
    key = (kind, source, int(flags))
    entries = _STORE.loaded()
    if key in entries:
        return entries[key]
    value = make()
    _STORE.put(key, value)
    return value

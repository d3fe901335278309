"""The compiled patterns kept on disk: the same patterns as `re` compiles, whatever state the file is in."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from planwatch.engine import regex_cache, scan
from planwatch.engine.grammar import grammar

# Patterns of every shape the engine writes: named groups, flags inline and given, lookarounds, large classes
# of Chinese characters, a trie of the grammar's words.
PATTERNS = [
    (r"(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>%|万元)?", 0),
    (r"(?m)^[ \t]*(?:指标|项目)", 0),
    (r"^\d{1,2}[.、](?!\d)", re.M),
    (r"(?<![\d年])(\d{1,2})月(\d{1,2})日", 0),
    ("[\u3400-\u9fff]{2,24}(?:省|市|县)", 0),
    (r"(?:到|至)?(?P<year>(?:19|20)\d\d)年", 0),
]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> regex_cache._Store:
    """A store of this test's own, over an empty cache directory."""
    monkeypatch.setenv("PLANWATCH_CACHE_DIR", str(tmp_path))
    fresh = regex_cache._Store()
    monkeypatch.setattr(regex_cache, "_STORE", fresh)
    monkeypatch.setattr(regex_cache, "_MADE", {})
    return fresh


def _reopened(monkeypatch: pytest.MonkeyPatch) -> regex_cache._Store:
    """A store as the next process finds it."""
    regex_cache._STORE.save()
    fresh = regex_cache._Store()
    monkeypatch.setattr(regex_cache, "_STORE", fresh)
    monkeypatch.setattr(regex_cache, "_MADE", {})  # (a pattern this process made is not asked of the store)
    return fresh


def _all_patterns() -> list[tuple[str, int]]:
    return [*PATTERNS, (grammar().predicates, 0), (rf"(?:{grammar().unit_pattern})", 0)]


def test_compiled_as_re_compiles_them_then_read_back(store, monkeypatch, tmp_path) -> None:
    for source, flags in _all_patterns():
        assert regex_cache.compile(source, flags) == re.compile(source, flags)  # source, flags and code
        assert regex_cache.compile(source, flags) is regex_cache.compile(source, flags)  # made once, as re does
    assert not list(tmp_path.glob("*.marshal"))  # written when the process ends
    reopened = _reopened(monkeypatch)
    (file,) = tmp_path.glob("regex-*.marshal")
    monkeypatch.setattr(regex_cache, "_code_of", _must_not_compile)
    for source, flags in _all_patterns():
        found = regex_cache.compile(source, flags)
        assert found == re.compile(source, flags)
        assert found.groupindex == re.compile(source, flags).groupindex
    assert not reopened.added and file.exists()


def _must_not_compile(source: str, flags: int):
    raise AssertionError(f"compiled again: {source}")


def test_scanners_and_told_facts_are_read_back_the_same(store, monkeypatch) -> None:
    sources = [source for source, flags in PATTERNS if not flags]
    made = {source: scan._scanner(re.compile(source)) for source in sources}
    leads = {source: scan.Leads(re.compile(source)).leads for source in sources}
    told = {source: (scan.first_characters(source), scan.required_words(source)) for source in sources}
    _reopened(monkeypatch)
    monkeypatch.setattr(scan, "_scanner_code", _must_not_make)
    monkeypatch.setattr(scan, "_literal_leads", _must_not_make)
    for source in sources:
        assert scan._scanner(re.compile(source)) == made[source]
        assert scan.Leads(re.compile(source)).leads == leads[source]
        assert (scan.first_characters(source), scan.required_words(source)) == told[source]


def _must_not_make(pattern):
    raise AssertionError(f"made again: {pattern.pattern}")


@pytest.mark.parametrize("damage", ["flipped byte", "empty", "cut short", "not marshal"])
def test_a_damaged_file_is_not_trusted(store, monkeypatch, tmp_path, damage) -> None:
    source = PATTERNS[0][0]
    regex_cache.compile(source)
    regex_cache._STORE.save()
    (file,) = tmp_path.glob("regex-*.marshal")
    data = bytearray(file.read_bytes())
    if damage == "flipped byte":
        data[-5] ^= 0xFF
    elif damage == "empty":
        data = bytearray()
    elif damage == "cut short":
        data = data[: len(data) // 2]
    else:
        data = data[:32] + b"\x00not marshal"
    file.write_bytes(bytes(data))
    monkeypatch.setattr(regex_cache, "_STORE", reopened := regex_cache._Store())
    monkeypatch.setattr(regex_cache, "_MADE", {})
    assert regex_cache.compile(source) == re.compile(source)
    assert reopened.added  # compiled again, and written again
    reopened.save()
    assert regex_cache._read(file) == {("re", source, 0): regex_cache._code_of(source, 0)}


def test_an_unwritable_cache_directory_only_costs_the_compiling(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("PLANWATCH_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.setattr(regex_cache, "_STORE", regex_cache._Store())
    monkeypatch.setattr(regex_cache, "_MADE", {})
    assert regex_cache.compile(PATTERNS[1][0]) == re.compile(PATTERNS[1][0])
    regex_cache._STORE.save()  # no error
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_other_code_writes_another_file_and_removes_the_old(store, monkeypatch, tmp_path) -> None:
    regex_cache.compile(PATTERNS[0][0])
    _reopened(monkeypatch)
    (first,) = tmp_path.glob("regex-*.marshal")
    monkeypatch.setattr(regex_cache, "_FORMAT", regex_cache._FORMAT + 1)
    regex_cache.compile(PATTERNS[0][0])
    _reopened(monkeypatch)
    (second,) = tmp_path.glob("regex-*.marshal")
    assert second != first


def test_the_next_run_of_the_cli_reads_every_pattern_from_the_file(tmp_path: Path) -> None:
    """The first `planwatch extract` writes the file; the second makes no pattern of the engine's again and
    prints the same."""
    text = tmp_path / "plan.txt"
    text.write_text("2026年主要预期目标:地区生产总值增长6%左右,城镇新增就业1.2万人以上。\n", encoding="utf-8")
    probe = ("import sys\n"
             "from planwatch.engine import regex_cache\n"
             "if sys.argv[2] == 'strict':\n"
             "    regex_cache._STORE.put = lambda key, value: sys.exit(f'made again: {key}')\n"
             "sys.argv = ['planwatch', 'extract', sys.argv[1]]\n"
             "from planwatch.cli import main\nmain()\n")
    env = {"PLANWATCH_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe, str(text), mode], capture_output=True, text=True, env=env)
            for mode in ("first", "strict")]
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert [json.loads(line) for line in runs[1].stdout.splitlines()] == [
        json.loads(line) for line in runs[0].stdout.splitlines()]
    assert "增长6%左右" in runs[0].stdout

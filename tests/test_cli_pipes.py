"""`planwatch … | head`: a reader that stops reading ends the command quietly, with status 0."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planwatch.ingest import ingest
from stub_engine import ANALYSER, write_reports

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).parent / "planwatch")


def first_line_then_close(*args: str) -> tuple[int, str]:
    """Run `planwatch ARGS`, read one line of its output, close the pipe; (status, stderr)."""
    process = subprocess.Popen([CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    return process.wait(timeout=120), stderr


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> str:
    """A SQLite database of 150 stub reports: its exports are larger than a pipe's buffer."""
    folder = tmp_path_factory.mktemp("in")
    write_reports(folder, 150, figures=3)
    url = f"sqlite:///{folder / 'books.db'}"
    assert ingest([folder], db=url, jobs=1, analyser=ANALYSER).count("stored") == 150
    return url


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_into_a_closed_pipe(books, fmt):
    status, stderr = first_line_then_close("export", "--db", books, "--format", fmt)
    assert (status, stderr) == (0, "")


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_extract_into_a_closed_pipe(fmt):
    examples = [str(p) for p in sorted((ROOT / "examples").glob("*.txt"))] * 3
    status, stderr = first_line_then_close("extract", *examples, "--format", fmt)
    assert (status, stderr) == (0, "")

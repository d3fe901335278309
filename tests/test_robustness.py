"""A killed ingest and two ingests at once: every document stored once, whole, on SQLite and PostgreSQL.

The ingests run as real `planwatch ingest` processes (real loader and engine) over generated reports.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from planwatch import store
from planwatch.ingest import analyse
from planwatch.load import read_path
from planwatch.store.schema import DocumentRow
from planwatch.synth import generate

N_REPORTS = 40


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """A folder of generated reports, and how many figures the engine finds in each."""
    folder = tmp_path_factory.mktemp("reports")
    expected = {}
    for report in generate(N_REPORTS, seed=3):
        path = folder / report.name
        path.write_text(report.text, encoding="utf-8")
        expected[report.name] = len(analyse(read_path(path), {}))
    assert sum(expected.values()) > N_REPORTS  # the engine finds figures: a partial document would show
    return folder, expected


def start_ingest(folder: Path, db_url: str, cwd: Path, jobs: int = 2) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "planwatch.cli", "ingest", str(folder), "--db", db_url,
                             "--jobs", str(jobs)], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)


def stored_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(DocumentRow)).scalar_one()


def assert_whole_and_once(db_url: str, expected: dict[str, int]) -> list[str]:
    docs = store.documents(db_url)
    names = [d.name for d in docs]
    assert len(names) == len(set(names)), "a document stored twice"
    for d in docs:
        assert d.figure_count == expected[d.name], f"{d.name}: {d.figure_count} of {expected[d.name]} figures"
    return names


def test_a_killed_ingest_leaves_whole_documents_and_resumes(db_url, reports, tmp_path):
    folder, expected = reports
    store.get_engine(db_url)  # the schema exists before the ingest starts: we poll it
    watcher = create_engine(db_url)
    process = start_ingest(folder, db_url, tmp_path)
    try:
        while stored_count(watcher) < 5 and process.poll() is None:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # its workers too
        except ProcessLookupError:
            pass
        watcher.dispose()
    assert process.returncode == -signal.SIGKILL, process.stdout.read()
    after_kill = assert_whole_and_once(db_url, expected)
    assert 5 <= len(after_kill) < N_REPORTS

    again = start_ingest(folder, db_url, tmp_path)
    output, _ = again.communicate(timeout=300)
    assert again.returncode == 0, output
    assert sorted(assert_whole_and_once(db_url, expected)) == sorted(expected)
    assert re.search(rf"unchanged\s*│\s*{len(after_kill)}\b", output), output


def test_two_ingests_at_once_store_every_document_once(db_url, reports, tmp_path):
    folder, expected = reports
    store.get_engine(db_url)
    first, second = start_ingest(folder, db_url, tmp_path, jobs=1), start_ingest(folder, db_url, tmp_path, jobs=1)
    outputs = [p.communicate(timeout=300)[0] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert sorted(assert_whole_and_once(db_url, expected)) == sorted(expected)
    stored = [int(re.search(r"stored\s*│\s*(\d+)", out).group(1)) for out in outputs]
    assert sum(stored) == N_REPORTS, outputs


def test_two_ingests_on_a_new_database_both_migrate_it(db_url, reports, tmp_path):
    """Neither process finds the schema: both try to create it, one waits for the other."""
    folder, expected = reports
    few = tmp_path / "few"
    few.mkdir()
    for name in sorted(expected)[:3]:
        (few / name).write_bytes((folder / name).read_bytes())
    processes = [start_ingest(few, db_url, tmp_path, jobs=1) for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert len(assert_whole_and_once(db_url, expected)) == 3

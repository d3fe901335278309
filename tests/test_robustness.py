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


def live_processes_of_group(pgid: int) -> list[int]:
    """Processes of a process group that are not zombies (a zombie has ended; its parent's parent reaps it)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            found.append(int(stat.parent.name))
    return found


def wait_for_no_process(pgid: int, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := live_processes_of_group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_ingest_ends_cleanly(db_url, reports, tmp_path, signum, status):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) or SIGTERM: one line, whole
    documents, every worker gone, no traceback from the pool, no leaked semaphores."""
    folder, expected = reports
    store.get_engine(db_url)
    watcher = create_engine(db_url)
    process = start_ingest(folder, db_url, tmp_path)
    try:
        while stored_count(watcher) < 3 and process.poll() is None:
            time.sleep(0.02)
        os.killpg(process.pid, signum)
        output, _ = process.communicate(timeout=120)
        left = wait_for_no_process(process.pid, 10)
    finally:
        watcher.dispose()
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert process.returncode == status, output
    assert output.strip() == "planwatch: ingest interrupted: the documents stored so far are whole; run it again to go on"
    assert left == []
    assert 3 <= len(assert_whole_and_once(db_url, expected)) < N_REPORTS


def test_workers_end_when_the_ingest_is_killed_while_they_start(reports, tmp_path):
    """SIGKILL as soon as the workers exist (still starting: before any code of ours runs in them)."""
    folder, _ = reports
    process = start_ingest(folder, f"sqlite:///{tmp_path / 'books.db'}", tmp_path)
    try:
        deadline = time.monotonic() + 60
        while len(live_processes_of_group(process.pid)) < 3 and time.monotonic() < deadline:  # main + 2 workers
            time.sleep(0.01)
        assert len(live_processes_of_group(process.pid)) >= 3
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        left = wait_for_no_process(process.pid, 15)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert left == []


def test_two_ingests_of_edited_files_leave_one_current_version_each(db_url, reports, tmp_path):
    folder, expected = reports
    few = tmp_path / "few"
    few.mkdir()
    names = sorted(expected)[:6]
    for name in names:
        (few / name).write_bytes((folder / name).read_bytes())
    first = start_ingest(few, db_url, tmp_path, jobs=1)
    assert first.wait(timeout=300) == 0
    for name in names[:3]:
        with open(few / name, "a", encoding="utf-8") as f:
            f.write("\n附：本报告有修订。\n")
    processes = [start_ingest(few, db_url, tmp_path, jobs=1) for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    current = [d.name for d in store.documents(db_url)]
    assert sorted(current) == names
    assert len(store.documents(db_url, superseded=True)) == 9
    updated = [int(re.search(r"updated\s*│\s*(\d+)", out).group(1)) for out in outputs]
    assert sum(updated) == 3, outputs


def _open_database(url: str, barrier) -> None:
    barrier.wait()  # both processes open the new database at the same moment
    store.get_engine(url)


def test_processes_opening_a_new_sqlite_database_at_once_all_open_it(tmp_path):
    """Each switches the new file to WAL mode under a lock the other may hold: neither fails for it."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    for attempt in range(8):  # (before the switch was tried again, one open in five failed)
        barrier = context.Barrier(2)
        url = f"sqlite:///{tmp_path / f'new{attempt}.db'}"
        processes = [context.Process(target=_open_database, args=(url, barrier)) for _ in range(2)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=120)
        assert [process.exitcode for process in processes] == [0, 0], attempt


class _LockedCursor:
    """A cursor whose WAL switch fails `times` times with `error` before it succeeds."""

    def __init__(self, times: int, error: str):
        self.times, self.error, self.calls = times, error, 0

    def execute(self, sql: str) -> None:
        self.calls += 1
        if self.calls <= self.times:
            import sqlite3

            raise sqlite3.OperationalError(self.error)


def test_the_switch_to_wal_is_tried_again_while_the_database_is_locked_and_not_for_another_error():
    from planwatch.store.db import _write_ahead_log

    cursor = _LockedCursor(3, "database is locked")
    _write_ahead_log(cursor)
    assert cursor.calls == 4
    other = _LockedCursor(1, "disk I/O error")
    with pytest.raises(Exception, match="disk I/O error"):
        _write_ahead_log(other)
    assert other.calls == 1

"""Ingest at scale: N generated reports into SQLite and into PostgreSQL.

Prints, per backend: documents per second, the database's size and its bytes per document, per table and
index, the memory of the ingest (RSS of the
writer and of its workers, sampled every half second; printed at 10%, 50% and 100% — it must stay flat as
N grows), the CPU time of the writer and of the workers per document (what the wall time would be on
idle cores, whatever else the machine runs: the sum over the cores, or the writer's alone when it is
the longer) and the time of a scorecard and an annex query for one region at that size (the books' functions
over the store's query, as `planwatch scorecard/annex --region` run them). Not a test.

    .venv/bin/python benchmarks/ingest_scale.py            # 10 000 reports
    .venv/bin/python benchmarks/ingest_scale.py --n 1000 --backends sqlite

PostgreSQL is a throwaway server (`planwatch.store.pgserver`) unless --pg-url is given.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select, text

from planwatch import store
from planwatch.ingest import Outcome, ingest
from planwatch.store.db import dispose_engines
from planwatch.store.schema import DocumentRow, FigureRow
from planwatch.synth import generate


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return kids


class MemorySampler(threading.Thread):
    """Peak RSS of this process (the writer) and of its largest worker, sampled every `every` seconds."""

    def __init__(self, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.every, self.writer_peak, self.worker_peak = every, 0, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.wait(self.every):
            self.writer_peak = max(self.writer_peak, rss_kib(me))
            self.worker_peak = max([self.worker_peak, *(rss_kib(k) for k in children(me))])


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process (the writer; its sampling thread is a rounding error)
    and of its children that ended (the workers, once the ingest's pool is shut down)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def database_size(url: str) -> int:
    engine = store.get_engine(url)
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database)
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    with engine.connect() as conn:
        return conn.execute(text("select pg_database_size(current_database())")).scalar_one()


def relation_sizes(url: str) -> list[tuple[str, int]]:
    """Bytes of each table and index (SQLite: pages of the file, FTS shadow tables included; PostgreSQL:
    a table with its TOAST), largest first."""
    engine = store.get_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            rows = conn.exec_driver_sql("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").all()
        else:
            rows = conn.exec_driver_sql(
                "SELECT c.relname, pg_relation_size(c.oid) + coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) "
                "FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i')").all()
    return sorted(((name, int(size)) for name, size in rows), key=lambda r: -r[1])


def print_sizes(url: str, n: int) -> None:
    sizes = relation_sizes(url)
    total = sum(size for _, size in sizes)
    print(f"  bytes per document: {total / n:,.0f} ({total / 2**20:,.0f} MiB in tables and indexes)")
    for name, size in sizes:
        if size / n >= 10:
            print(f"    {name:<40} {size / n:>10,.0f} B/doc  {size / 2**20:>8,.1f} MiB")


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    """Median wall time in ms of `fn()` over `repeat` runs, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def queries(url: str) -> None:
    engine = store.get_engine(url)
    with engine.connect() as conn:
        region, year = conn.execute(
            select(DocumentRow.region, DocumentRow.plan_year).where(DocumentRow.region.is_not(None))
            .group_by(DocumentRow.region, DocumentRow.plan_year).order_by(func.count().desc()).limit(1)).one()
        figures = conn.execute(select(func.count()).select_from(FigureRow)).scalar_one()
    print(f"  figures stored: {figures:,}; queries for {region} {year}:")
    ms, records = timed(lambda: store.figures(url, region=region))
    print(f"    store.figures(region=…), every figure     {ms:8.1f} ms  ({len(records)} records)")
    try:
        from planwatch.assess import Ledger, annex, scorecard
        from planwatch.engine.catalog import catalog
    except ImportError:
        print("    (planwatch.assess not available: no scorecard or annex timing)")
        return
    indicators = list(catalog())

    def books(years: list[int] | None = None) -> Ledger:
        """What the books need of one region: its catalog figures, and the years its reports review."""
        return Ledger(store.figures(url, region=region, year=years, indicator=indicators),
                      reviews=store.reviews(url, region=region))

    ms, rows = timed(lambda: scorecard(books(), region=region, year=year - 1))
    print(f"    scorecard (queries + verdicts)            {ms:8.1f} ms  ({len(rows)} verdicts)")
    ms, table = timed(lambda: annex(books([year - 1, year]), region, year))
    print(f"    annex (queries + table)                   {ms:8.1f} ms  ({len(table.rows)} rows)")


def run(url: str, folder: Path, n: int, jobs: int | None) -> None:
    store.get_engine(url)
    sampler = MemorySampler()
    sampler.start()
    counts: Counter[str] = Counter()
    marks = {max(1, n // 10): "10%", max(1, n // 2): "50%", n: "100%"}
    start = time.perf_counter()

    def on_outcome(outcome: Outcome) -> None:
        counts[outcome.status] += 1
        done = sum(counts.values())
        if done in marks:
            elapsed = time.perf_counter() - start
            print(f"  {marks[done]:>4} {done:>6} docs  {done / elapsed:6.1f} docs/s  RSS writer "
                  f"{max(sampler.writer_peak, rss_kib(os.getpid())) / 1024:6.0f} MiB, largest worker "
                  f"{sampler.worker_peak / 1024:6.0f} MiB", flush=True)

    before = cpu_seconds()
    report = ingest([folder], db=url, jobs=jobs, on_outcome=on_outcome)
    elapsed = time.perf_counter() - start
    sampler.stopped.set()
    writer, workers = (after - then for after, then in zip(cpu_seconds(), before))
    cores = os.cpu_count() or 1
    print(f"  {dict(counts)} in {elapsed:.0f} s: {n / elapsed:.1f} documents per second (load average "
          f"{os.getloadavg()[0]:.1f})")
    print(f"  CPU per document: writer {writer / n * 1000:.1f} ms, workers {workers / n * 1000:.1f} ms; on {cores} "
          f"idle cores: {max((writer + workers) / cores, writer):.0f} s")
    for failure in report.failed[:5]:
        print(f"  failed: {failure.source}: {failure.reason}")
    print(f"  database size: {database_size(url) / 2**20:,.0f} MiB")
    print_sizes(url, n)
    queries(url)
    dispose_engines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=None, help="an empty PostgreSQL database (default: a throwaway server)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="planwatch-bench-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp) / "reports"
        folder.mkdir()
        start = time.perf_counter()
        chars = 0
        for report in generate(args.n, args.seed):
            (folder / report.name).write_text(report.text, encoding="utf-8")
            chars += len(report.text)
        print(f"{args.n} generated reports ({chars / args.n:,.0f} characters on average) in "
              f"{time.perf_counter() - start:.0f} s; {os.cpu_count()} cores, --jobs {args.jobs or 'auto'}")
        for backend in args.backends.split(","):
            print(f"\n{backend}")
            if backend == "sqlite":
                run(f"sqlite:///{tmp}/bench.db", folder, args.n, args.jobs)
            elif args.pg_url:
                run(args.pg_url, folder, args.n, args.jobs)
            else:
                from planwatch.store.pgserver import PostgresServer

                with PostgresServer() as server:
                    run(server.create_database(), folder, args.n, args.jobs)
            sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Serving under load: `planwatch serve` beside Datasette on the same SQLite file of N generated reports.

Builds (once; cached) a SQLite database of N reports from `planwatch.synth.generate(N, seed)` through the
ingest API, then starts `planwatch serve` (uvicorn, one worker) and Datasette (one process) on loopback
and loads each endpoint in turn with a fixed concurrency for a fixed time: every page (the overview, the
government page of the region with the most documents, one of its documents, the indicators, one
indicator's year, the comparison, the documents, search, the checks, the corrections) and the main APIs;
Datasette answers the equivalent SQL where there is one (canned queries over the same file, the store's
compressed texts read through the `plain` function a plugin registers). Prints requests per second and p50/p99 latency side
by side, with the input size and the time of the first request (before planwatch keeps the page; for the
answers over the whole books that planwatch computes in the background, the time of its first answer, a
503 with Retry-After, and how long they took to be there). Not a test.

    .venv/bin/python benchmarks/serve_load.py                      # 10 000 reports, wrk, 12 connections, 10 s
    .venv/bin/python benchmarks/serve_load.py --n 500 --duration 5 --client httpx

The load generator is `wrk` (Debian package wrk, `scripts/system-deps.sh`) when it is installed, else an
asyncio httpx client in this process (`--client httpx`; it takes CPU from the servers on a small machine,
so its figures are lower). Datasette comes from the `bench` extra (`.venv/bin/pip install -e '.[bench]'`;
its requirements fit the project's pins); it is looked for beside this Python, then in `.venv-bench/`, then
on PATH, else `--datasette PATH`; without it the Datasette rows are empty.
The database is cached in `--cache-dir` (default ~/.cache/planwatch) as serve_load-n{N}-seed{S}.db;
`--rebuild` makes it again.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

# The figures of a region as the store reads them (`store.figures(region=R)`: the figure's own region,
# else its document's), for Datasette's canned queries.
# (The store's lean columns: `other` is a NULL indicator, a region NULL or '' where it is the document's,
# the label a phrase; the catalog's figures have their quotes.)
REGION_FIGURES_SQL = """
select f.id, f.doc_id, f.indicator, p.text as label, f.measure, f.value, f.unit, f.op, f.kind, f.year,
       coalesce(nullif(f.region, ''), d.region) as region, f.quote, f.qualifier
from figures f join documents d on d.id = f.doc_id join phrases p on p.id = f.label_id
where (f.region = :region or (coalesce(f.region, '') = '' and d.region = :region)) {year_filter}
order by f.doc_id, f.position
"""
# A document and its figures (the document page's rows; the quotes of figures outside the catalog are
# the text's, which the page cuts out of it).
DOCUMENT_SQL = """
select f.id, f.indicator, p.text as label, f.measure, f.value, f.unit, f.op, f.kind, f.year, f.start, f.end,
       f.quote, d.name
from figures f join documents d on d.id = f.doc_id join phrases p on p.id = f.label_id
where f.doc_id = :doc order by f.position
"""
INDICATOR_SQL = """
select f.id, f.doc_id, coalesce(nullif(f.region, ''), d.region) as region, f.measure, f.value, f.unit, f.op,
       f.kind, f.quote
from figures f join documents d on d.id = f.doc_id
where f.indicator = :indicator and f.year = :year order by f.id
"""
# Datasette reads the store's compressed texts through the same SQL function planwatch registers.
DATASETTE_PLUGIN = """
from datasette import hookimpl
from planwatch.store.packing import register


@hookimpl
def prepare_connection(conn):
    register(conn)
"""
# A page of documents with a snippet (Datasette's side of /api/search, which also pages figures and counts
# both lists up to 1000): the store's trigram index has no positions, so a term of 4 characters is its
# trigrams, and the text is checked.
SEARCH_SQL = """
select d.id, d.name, d.region, substr(plain(d.text), max(1, instr(plain(d.text), :term) - 40), 160) as snippet
from documents d where d.id in (select rowid from documents_search where documents_search match :q)
and instr(plain(d.text), :term) > 0 order by d.id desc limit 20
"""
SEARCH_SHORT_SQL = """
select id, name, region, substr(plain(text), max(1, instr(plain(text), :q) - 40), 160) as snippet
from documents where instr(plain(text), :q) > 0 order by id desc limit 20
"""


# --- the database ------------------------------------------------------------------------------------------

def cached_database(cache_dir: Path, n: int, seed: int, rebuild: bool) -> Path:
    """The SQLite file of `n` generated reports, built when it is not in the cache (or `rebuild`)."""
    path = cache_dir / f"serve_load-n{n}-seed{seed}.db"
    if path.exists() and not rebuild:
        print(f"database: {path} (cached; --rebuild to make it again)")
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building.db")
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    build(building, n, seed)
    os.replace(building, path)
    print(f"database: {path} (built)")
    return path


def build(path: Path, n: int, seed: int) -> None:
    """Generate `n` reports into a temporary folder and ingest them into the SQLite file `path`."""
    from planwatch.ingest import ingest
    from planwatch.store.db import dispose_engines
    from planwatch.synth import generate

    url = f"sqlite:///{path}"
    with tempfile.TemporaryDirectory(prefix="planwatch-serve-load-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        for report in generate(n, seed):
            (folder / report.name).write_text(report.text, encoding="utf-8")
        print(f"generated {n} reports in {time.perf_counter() - start:.0f} s; ingesting into {path} …", flush=True)
        start, done = time.perf_counter(), 0

        def progress(_outcome: object) -> None:
            nonlocal done
            done += 1
            if done % max(1, n // 20) == 0:
                print(f"  {done}/{n} documents, {done / (time.perf_counter() - start):.1f}/s", flush=True)

        report = ingest([folder], db=url, on_outcome=progress)
        print(f"ingested {len(report.outcomes)} documents in {time.perf_counter() - start:.0f} s "
              f"({len(report.failed)} failed)", flush=True)
    dispose_engines()
    with sqlite3.connect(path) as conn:  # planner statistics, and one file without its WAL
        conn.execute("PRAGMA analysis_limit = 1000")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass
class Subject:
    """What the endpoints are asked about: the region with the most documents and a year of its targets."""

    region: str
    year: int
    doc_id: int  # the region's newest document
    documents: int
    region_figures: int
    year_figures: int
    total_documents: int
    total_figures: int
    size_mib: float


def choose_subject(path: Path) -> Subject:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        region, documents, doc_id = conn.execute(
            "select region, count(*), max(id) from documents where region is not null group by region "
            "order by count(*) desc, region limit 1").fetchone()
        year = conn.execute(
            "select f.year from figures f join documents d on d.id = f.doc_id where d.region = ? and "
            "f.kind = 0 and f.year is not null group by f.year order by count(*) desc, f.year desc limit 1",
            (region,)).fetchone()[0]  # kind 0: a target (the store's code)
        where = "(f.region = :r or (coalesce(f.region, '') = '' and d.region = :r))"
        region_figures = conn.execute(f"select count(*) from figures f join documents d on d.id = f.doc_id "
                                      f"where {where}", {"r": region}).fetchone()[0]
        year_figures = conn.execute(f"select count(*) from figures f join documents d on d.id = f.doc_id "
                                    f"where {where} and f.year = :y", {"r": region, "y": year}).fetchone()[0]
        total_documents = conn.execute("select count(*) from documents").fetchone()[0]
        total_figures = conn.execute("select count(*) from figures").fetchone()[0]
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / 2**20
    return Subject(region, year, doc_id, documents, region_figures, year_figures, total_documents, total_figures, size)


# --- the servers -----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"no answer from {url} in {timeout:.0f} s")


def start_planwatch(path: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PLANWATCH_TOKEN": ""}
    process = subprocess.Popen([str(VENV_BIN / "planwatch"), "serve", "--db", f"sqlite:///{path}",
                                "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wait_until_up(f"http://127.0.0.1:{port}/api/regions?per_page=1", process)
    return process


def find_datasette(given: str | None) -> str | None:
    for candidate in (given, VENV_BIN / "datasette", ROOT / ".venv-bench" / "bin" / "datasette",
                      shutil.which("datasette")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


def start_datasette(executable: str, path: Path, port: int, workdir: Path) -> subprocess.Popen[bytes]:
    metadata = {"databases": {path.stem: {"queries": {
        "region_figures": {"sql": REGION_FIGURES_SQL.format(year_filter="")},
        "region_year_figures": {"sql": REGION_FIGURES_SQL.format(year_filter="and f.year = :year")},
        "search": {"sql": SEARCH_SQL},
        "search_short": {"sql": SEARCH_SHORT_SQL},
        "document": {"sql": DOCUMENT_SQL},
        "indicator_year": {"sql": INDICATOR_SQL},
    }}}}
    metadata_file = workdir / "metadata.json"
    metadata_file.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    plugins = workdir / "plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / "planwatch_plain.py").write_text(DATASETTE_PLUGIN, encoding="utf-8")
    process = subprocess.Popen(
        [executable, "serve", str(path), "--host", "127.0.0.1", "--port", str(port), "--metadata",
         str(metadata_file), "--plugins-dir", str(plugins), "--setting", "max_returned_rows", "100000", "--setting", "sql_time_limit_ms", "60000",
         "--setting", "num_sql_threads", "3"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_up(f"http://127.0.0.1:{port}/-/versions.json", process)
    return process


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the load ----------------------------------------------------------------------------------------------

@dataclass
class Load:
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p99_ms: float


def check(url: str, patience: float = 900) -> tuple[int, int, float, float | None]:
    """One request before the load: its status, body size (a wrong URL must not be measured) and time in
    ms (the page computed, not yet kept: planwatch keeps pages while the books do not change); an answer
    over the whole books that planwatch computes in the background (503 with Retry-After) is asked for
    again as it says, and the seconds until it was there are the fourth value (else None)."""
    start = time.perf_counter()
    first = None
    while True:
        asked = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=600) as response:
                body = response.read()
                took = (time.perf_counter() - asked) * 1000
                return (response.status, len(body), took if first is None else first,
                        None if first is None else time.perf_counter() - start)
        except urllib.error.HTTPError as err:
            took = (time.perf_counter() - asked) * 1000
            retry = err.headers.get("Retry-After")
            if err.code != 503 or retry is None or time.perf_counter() - start > patience:
                return err.code, 0, took if first is None else first, None
            first = took if first is None else first
            time.sleep(float(retry))


_WRK_LATENCY = re.compile(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def load_wrk(url: str, concurrency: int, duration: int) -> Load:
    out = subprocess.run(["wrk", "-t1", f"-c{concurrency}", f"-d{duration}s", "--latency", "--timeout", "60s", url],
                         capture_output=True, text=True, check=True).stdout
    latency = {p: float(v) * _UNIT_MS[u] for p, v, u in _WRK_LATENCY.findall(out)}
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(x) for x in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return Load(requests, errors, rps, latency.get("50", float("nan")), latency.get("99", float("nan")))


def load_httpx(url: str, concurrency: int, duration: int) -> Load:
    import httpx

    async def run() -> Load:
        latencies: list[float] = []
        errors = 0
        deadline = time.perf_counter() + duration

        async def worker(client: httpx.AsyncClient) -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                response = await client.get(url)
                latencies.append((time.perf_counter() - start) * 1000)
                errors += response.status_code >= 400

        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(limits=limits, timeout=120) as client:
            start = time.perf_counter()
            await asyncio.gather(*(worker(client) for _ in range(concurrency)))
            elapsed = time.perf_counter() - start
        cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
        return Load(len(latencies), errors, len(latencies) / elapsed, cuts[49], cuts[98])

    return asyncio.run(run())


# --- the run -------------------------------------------------------------------------------------------------

def pad(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns (a Chinese character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - columns)


def quote(value: object) -> str:
    return urllib.parse.quote(str(value), safe="")


def endpoints(subject: Subject, planwatch: str, datasette: str | None, db_name: str) -> list[tuple[str, str, str | None]]:
    """(what, planwatch URL, Datasette URL of the equivalent query)."""
    r, y = quote(subject.region), subject.year
    ds = (lambda query, **params: f"{datasette}/{db_name}/{query}.json?_shape=array&"
          + "&".join(f"{k}={quote(v)}" for k, v in params.items())) if datasette else (lambda *a, **k: None)
    return [
        ("/ (overview)", f"{planwatch}/", None),
        (f"/region/{subject.region}", f"{planwatch}/region/{r}", ds("region_figures", region=subject.region)),
        (f"/doc/{subject.doc_id}", f"{planwatch}/doc/{subject.doc_id}", ds("document", doc=subject.doc_id)),
        ("/indicators", f"{planwatch}/indicators", None),
        (f"/indicator/gdp?year={y}", f"{planwatch}/indicator/gdp?year={y}",
         ds("indicator_year", indicator="gdp", year=y)),
        (f"/compare?year={y}", f"{planwatch}/compare?year={y}", None),
        ("/documents", f"{planwatch}/documents", ds("documents", _size=50)),
        ("/search?q=城镇就业 (trigram index)", f"{planwatch}/search?q={quote('城镇就业')}", ds("search", q='"城镇就" AND "镇就业"', term="城镇就业")),
        ("/search?q=就业 (2 characters)", f"{planwatch}/search?q={quote('就业')}", ds("search_short", q="就业")),
        ("/check", f"{planwatch}/check", None),
        ("/corrections", f"{planwatch}/corrections", None),
        (f"/api/scorecard?region=…&year={y}", f"{planwatch}/api/scorecard?region={r}&year={y}",
         ds("region_year_figures", region=subject.region, year=y)),
        ("/api/scorecard (every region)", f"{planwatch}/api/scorecard", None),
        ("/api/panel?level=county&indicator=gdp", f"{planwatch}/api/panel?level=county&indicator=gdp", None),
        ("/api/search?q=城镇就业", f"{planwatch}/api/search?q={quote('城镇就业')}", None),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="generated reports (default 10 000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint and server")
    parser.add_argument("--concurrency", type=int, default=12, help="connections kept busy (8–16)")
    parser.add_argument("--client", choices=("wrk", "httpx"), default="wrk" if shutil.which("wrk") else "httpx")
    parser.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                        / "planwatch")
    parser.add_argument("--rebuild", action="store_true", help="build the database even when it is cached")
    parser.add_argument("--build-only", action="store_true", help="build (or find) the database and stop")
    parser.add_argument("--datasette", default=None, help="the datasette executable (default: beside this Python)")
    args = parser.parse_args()

    path = cached_database(args.cache_dir, args.n, args.seed, args.rebuild)
    subject = choose_subject(path)
    print(f"input: {subject.total_documents:,} documents, {subject.total_figures:,} figures, "
          f"{subject.size_mib:,.0f} MiB SQLite; region {subject.region}: {subject.documents} documents, "
          f"{subject.region_figures:,} figures ({subject.year_figures:,} of {subject.year})")
    if args.build_only:
        return
    load = load_wrk if args.client == "wrk" else load_httpx
    datasette_exe = find_datasette(args.datasette)
    servers: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="planwatch-serve-load-") as tmp:
        try:
            pw_port = free_port()
            servers.append(start_planwatch(path, pw_port))
            ds_base = None
            if datasette_exe:
                ds_port = free_port()
                servers.append(start_datasette(datasette_exe, path, ds_port, Path(tmp)))
                ds_base = f"http://127.0.0.1:{ds_port}"
            else:
                print("Datasette not found (see the docstring): its column stays empty")
            print(f"load: {args.client}, {args.concurrency} connections, {args.duration} s per endpoint and server, "
                  f"one server loaded at a time; {os.cpu_count()} cores shared by servers and client\n")
            header = (f"{'endpoint':<44} {'server':<10} {'status':>6} {'bytes':>9} {'first ms':>9} {'req/s':>8} "
                      f"{'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
            print(header)
            print("-" * len(header))
            for what, pw_url, ds_url in endpoints(subject, f"http://127.0.0.1:{pw_port}", ds_base, path.stem):
                for server, url in (("planwatch", pw_url), ("datasette", ds_url)):
                    if url is None:
                        print(f"{pad(what, 44)} {server:<10} {'—':>6}")
                        continue
                    status, size, first, ready = check(url)
                    if status != 200:
                        print(f"{pad(what, 44)} {server:<10} {status:>6} {size:>9} {first:>9.0f}  (not loaded: the "
                              "request fails)", flush=True)
                        what = ""
                        continue
                    result = load(url, args.concurrency, args.duration)
                    computed = "" if ready is None else f"  (503 at first: computed in the background in {ready:.0f} s)"
                    print(f"{pad(what, 44)} {server:<10} {status:>6} {size:>9,} {first:>9.0f} {result.rps:>8.1f} "
                          f"{result.p50_ms:>8.1f} {result.p99_ms:>8.1f} {result.errors:>6}{computed}", flush=True)
                    what = ""
        finally:
            for process in servers:
                stop(process)


if __name__ == "__main__":
    main()

"""Search at scale: `planwatch.store.search` on N generated reports, SQLite and PostgreSQL side by side.

SQLite: the cached database of `benchmarks/serve_load.py` (built when missing: N reports through ingest,
so the FTS5 tables are filled by the migration's triggers). PostgreSQL: a throwaway server; the same rows
copied in (COPY), then the pg_trgm GIN indexes built (timed) — the index an ingest would have kept.
Prints the size of the search structures, what keeping them costs a writer (the rows of --write-docs
documents inserted into a new database with and without them), and, per query, the median time of
`search()` (one page of documents and one of figures, with their capped totals) and what it found.
Not a test.

    .venv/bin/python benchmarks/search_scale.py                 # 10 000 reports
    .venv/bin/python benchmarks/search_scale.py --n 500 --backends sqlite
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve_load import cached_database

QUERIES = [
    ("就业", "2 characters, in most documents"),
    ("收入", "2 characters, in most documents"),
    ("镁铝", "2 characters, nowhere: a full scan"),
    ("城镇就业", "4 characters, common"),
    ("城镇登记失业率", "7 characters"),
    ("就业 失业率", "2 + 3 characters"),
    ("不存在的词语", "6 characters, nowhere"),
]
DOCUMENT_COLUMNS = ["id", "sha256", "name", "source", "format", "encoding", "text", "meta", "overrides", "region",
                    "region_code", "parent", "level", "doc_type", "published", "review_year", "plan_year", "title",
                    "ingested_at", "engine_version"]
FIGURE_COLUMNS = ["id", "doc_id", "position", "key", "indicator", "label", "measure", "value", "unit", "op", "kind",
                  "year", "region", "quote", "start", "end", "qualifier", "source", "restated", "range", "doc",
                  "section"]
BOOLEAN_COLUMNS = {"restated", "range"}


def timed(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def run_queries(url: str, repeat: int) -> None:
    from planwatch.store.search import search

    print(f"  {'query':<16} {'what':<36} {'ms':>8} {'documents':>10} {'figures':>9}")
    for query, what in QUERIES:
        ms, results = timed(lambda q=query: search(url, q, per_page=20), repeat)
        docs, figs = results.documents, results.figures  # type: ignore[attr-defined]
        count = lambda page: f"{page.total}{'+' if page.total_capped else ''}"
        print(f"  {query:<{16 - sum(1 for c in query if ord(c) > 0x2E80)}} {what:<36} {ms:>8.1f} {count(docs):>10} "
              f"{count(figs):>9}", flush=True)


def sqlite_sizes(path: Path) -> None:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        try:
            rows = conn.execute("select name, sum(pgsize) from dbstat group by name").fetchall()
        except sqlite3.OperationalError:
            return
    sizes = dict(rows)
    total = sum(sizes.values())
    search = sum(v for k, v in sizes.items() if k.startswith(("documents_search", "figures_search")))
    print(f"  file {total / 2**20:,.0f} MiB, of which search tables {search / 2**20:,.0f} MiB "
          f"(documents_search {sum(v for k, v in sizes.items() if k.startswith('documents_search')) / 2**20:,.0f}, "
          f"figures_search {sum(v for k, v in sizes.items() if k.startswith('figures_search')) / 2**20:,.0f})")


def copy_into_postgres(path: Path, url: str) -> None:
    """The rows of the SQLite file into a new PostgreSQL database at the newest revision; the trigram
    indexes dropped during the copy and built afterwards (timed)."""
    import psycopg

    from planwatch.store import get_engine
    from planwatch.store.search import SEARCH_INDEXES

    engine = get_engine(url)  # the schema, by the migrations
    index_sql = {}
    with engine.begin() as conn:
        for name, sql in conn.exec_driver_sql(
                "select indexname, indexdef from pg_indexes where indexname = any(%(names)s)",
                {"names": sorted(SEARCH_INDEXES)}).all():
            index_sql[name] = sql
            conn.exec_driver_sql(f"drop index {name}")
    dsn = engine.url.render_as_string(hide_password=False).replace("postgresql+psycopg://", "postgresql://")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    start = time.perf_counter()
    with psycopg.connect(dsn) as pg:
        for table, columns in (("documents", DOCUMENT_COLUMNS), ("figures", FIGURE_COLUMNS)):
            quoted = ", ".join(f'"{c}"' for c in columns)
            flags = [c in BOOLEAN_COLUMNS for c in columns]
            with pg.cursor().copy(f"copy {table} ({quoted}) from stdin") as copy:
                for row in source.execute(f"select {quoted} from {table} order by id"):
                    copy.write_row([bool(v) if flag and v is not None else v for v, flag in zip(row, flags)])
            print(f"  copied {table} in {time.perf_counter() - start:.0f} s", flush=True)
        pg.commit()
        for name, sql in index_sql.items():
            start = time.perf_counter()
            pg.execute(sql)
            pg.commit()
            size = pg.execute("select pg_relation_size(%s)", (name,)).fetchone()[0]  # type: ignore[index]
            print(f"  {name}: built in {time.perf_counter() - start:.0f} s, {size / 2**20:,.0f} MiB", flush=True)
        pg.execute("analyze")
        pg.commit()
        for query in ("就业", "城镇就业"):
            plan = pg.execute("explain select id from documents where text like %s order by id desc limit 20",
                              (f"%{query}%",)).fetchall()
            scans = [r[0].strip() for r in plan if "Scan" in r[0]]
            print(f"  plan for documents LIKE '%{query}%' order by id desc limit 20: " + " / ".join(scans))
    source.close()


def write_cost(path: Path, urls: tuple[str, str], n_docs: int) -> None:
    """Seconds to insert the rows of the first `n_docs` documents (and their figures) into two new
    databases at the newest revision, the first with the search triggers or indexes, the second without."""
    from sqlalchemy import text as sql

    from planwatch.store import get_engine
    from planwatch.store.db import writer
    from planwatch.store.search import SEARCH_INDEXES

    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    source.row_factory = sqlite3.Row
    docs = [dict(r) for r in source.execute(f"select * from documents order by id limit {n_docs}")]
    figures = [dict(r) for r in source.execute(f"select * from figures where doc_id <= {docs[-1]['id']}")]
    source.close()
    for doc in docs:
        doc["meta"], doc["overrides"] = doc["meta"] or "{}", doc["overrides"] or "{}"
    for fig in figures:
        fig["restated"], fig["range"] = bool(fig["restated"]), bool(fig["range"])
    seconds = {}
    for with_search, database in zip(("with", "without"), urls):
        engine = writer(get_engine(database))
        with engine.begin() as conn:
            if with_search == "without":
                if engine.dialect.name == "sqlite":
                    for trigger in ("documents_search_insert", "figures_search_insert"):
                        conn.exec_driver_sql(f"drop trigger {trigger}")
                else:
                    for index in SEARCH_INDEXES:
                        conn.exec_driver_sql(f"drop index {index}")
        doc_sql = sql(f"insert into documents ({', '.join(DOCUMENT_COLUMNS)}) values "
                      f"({', '.join(':' + c for c in DOCUMENT_COLUMNS)})")
        fig_sql = sql(f"insert into figures ({', '.join(chr(34) + c + chr(34) for c in FIGURE_COLUMNS)}) values "
                      f"({', '.join(':' + c for c in FIGURE_COLUMNS)})")
        start = time.perf_counter()
        for doc in docs:  # one transaction per document, as ingest writes them
            with engine.begin() as conn:
                conn.execute(doc_sql, [doc])
                conn.execute(fig_sql, [f for f in figures if f["doc_id"] == doc["id"]])
        seconds[with_search] = time.perf_counter() - start
    extra = (seconds["with"] - seconds["without"]) / len(docs) * 1000
    print(f"  writing {len(docs)} documents and {len(figures):,} figures: {seconds['with']:.1f} s with the search "
          f"structures, {seconds['without']:.1f} s without: {extra:+.1f} ms per document", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--write-docs", type=int, default=200, help="documents written to measure the write cost")
    parser.add_argument("--cache-dir", type=Path, default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                        / "planwatch")
    args = parser.parse_args()

    path = cached_database(args.cache_dir, args.n, args.seed, rebuild=False)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        docs, chars = conn.execute("select count(*), sum(length(text)) from documents").fetchone()
        figures = conn.execute("select count(*) from figures").fetchone()[0]
    print(f"input: {docs:,} documents ({chars / 1e6:,.0f} M characters), {figures:,} figures; "
          f"median of {args.repeat} runs of search(q, per_page=20)")
    if "sqlite" in args.backends:
        print("\nsqlite (FTS5 trigram; instr/LIKE for 2-character terms)")
        sqlite_sizes(path)
        with tempfile.TemporaryDirectory(prefix="planwatch-search-") as tmp:
            write_cost(path, (f"sqlite:///{tmp}/with.db", f"sqlite:///{tmp}/without.db"), args.write_docs)
        run_queries(f"sqlite:///{path}", args.repeat)
    if "postgresql" in args.backends:
        from planwatch.store.db import dispose_engines
        from planwatch.store.pgserver import PostgresServer

        print("\npostgresql (pg_trgm GIN; LIKE, ILIKE for cased letters; strpos for 2-character terms)")
        with PostgresServer(port=5433) as server:
            write_cost(path, (server.create_database(), server.create_database()), args.write_docs)
            url = server.create_database()
            copy_into_postgres(path, url)
            run_queries(url, args.repeat)
            dispose_engines()


if __name__ == "__main__":
    main()

"""Export speed: CSV and XLSX rows per second at 100 000 figure rows, through the web's download and
through the writer alone (`planwatch.sheets`), with openpyxl's write-only mode as a baseline.

    .venv/bin/python benchmarks/export_speed.py [--rows 100000]

Builds a throwaway SQLite database of `--rows` generated figures (20 documents), then times
`GET /api/figures?format=csv|xlsx` (the query read in chunks, the file written and streamed) and the
writer on the same rows in memory. Prints rows/s and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from planwatch import sheets
from planwatch.models import Document, DocumentFacts, Figure
from planwatch.store.db import get_engine, writer
from planwatch.store.write import store_document
from planwatch.web import create_app
from planwatch.web.pages.lists import each_figure, figure_dict

DOCUMENTS = 20


def build(url: str, rows: int) -> None:
    per_document = rows // DOCUMENTS
    engine = get_engine(url)
    for d in range(DOCUMENTS):
        facts = DocumentFacts(region="九原区", doc_type="plan_notice", plan_year=2024, review_year=2023)
        document = Document(text="地区生产总值增长6.5%左右。" * 10, name=f"report_{d}.txt",
                            sha256=f"{d:064x}", facts=facts)
        figures = [Figure(indicator="gdp", label="地区生产总值", measure="growth", value=Decimal(f"6.{i % 10}"),
                          unit="%", op="approx", kind="target", year=2024, region="九原区",
                          quote="地区生产总值增长6.5%左右", start=i, end=i + 12, section="一、主要目标")
                   for i in range(per_document)]
        with Session(writer(engine)) as session, session.begin():
            store_document(session, document, figures, engine_version="bench")


def timed(label: str, rows: int, run) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    size = run()
    elapsed = time.perf_counter() - started
    print(f"{label:<34} {rows:>8} rows  {elapsed:6.2f} s  {rows / elapsed:>9,.0f} rows/s  {size / 1e6:6.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        build(url, args.rows)
        rows = args.rows // DOCUMENTS * DOCUMENTS
        client = TestClient(create_app(url))
        for fmt in ("csv", "xlsx"):
            def download(fmt: str = fmt) -> int:
                response = client.get(f"/api/figures?format={fmt}")
                assert response.status_code == 200, response.text[:200]
                return len(response.content)
            timed(f"web download, {fmt}", rows, download)
        records = [figure_dict(r) for r in each_figure(url)]
        columns = sheets.columns_of(records[:1])

        def to_csv() -> int:
            out = io.StringIO()
            sheets.write_csv(records, columns, out)
            return len(out.getvalue().encode())

        def to_xlsx() -> int:
            out = io.BytesIO()
            sheets.write_xlsx(records, columns, out)
            return len(out.getvalue())

        def openpyxl_write_only() -> int:
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            sheet = book.create_sheet("data")
            sheet.append(columns)
            for record in records:
                sheet.append([record[c] for c in columns])
            out = io.BytesIO()
            book.save(out)
            return len(out.getvalue())

        timed("writer alone, csv", len(records), to_csv)
        timed("writer alone, xlsx", len(records), to_xlsx)
        timed("baseline: openpyxl write-only xlsx", len(records), openpyxl_write_only)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MB ({len(columns)} columns per row)", file=sys.stderr)


if __name__ == "__main__":
    main()

"""`planwatch extract`: figures of documents, as JSONL, CSV or a table."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from planwatch.sheets import csv_cell

if TYPE_CHECKING:
    from planwatch.load import LoadError
    from planwatch.models import Document

# JSONL/CSV columns, in order: the fields a consumer needs first, then the rest of `Figure`.
FIELDS = ["doc", "region", "year", "period", "kind", "indicator", "label", "measure", "value", "unit", "op",
          "qualifier", "quote", "start", "end", "source", "restated", "range", "section"]
KIND_WORDS = {"target": "目标", "actual": "完成", "estimate": "预计"}


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(
        sources: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively), URLs, or - for "
                                                     "stdin.", show_default=False)],
        format: Annotated[Format, typer.Option("--format", "-f", help="jsonl, csv or a table.")] = Format.jsonl,
        region: Annotated[str | None, typer.Option(help="The documents' region, overriding detection.")] = None,
        year: Annotated[int | None, typer.Option(help="The plan year, overriding detection.")] = None,
        catalog_only: Annotated[bool, typer.Option("--catalog-only", help="Only catalog indicators.")] = False,
    ) -> None:
        """Extract every quantified target and result from reports (text, HTML, PDF, Word)."""
        from planwatch.load import LoadError
        from planwatch.pipeline import extract_figures, warnings_of

        failed = 0
        writer = _Writer(format)
        for item in read_sources(sources, region=region, year=year):
            if isinstance(item, LoadError):
                failed += 1
                typer.echo(f"error: {item}", err=True)
                continue
            for note in warnings_of(item):
                typer.echo(f"warning: {_where(item)}: {note}", err=True)
            try:
                figures = extract_figures(item)
            except Exception as e:  # a bug in the engine must not stop the batch
                failed += 1
                typer.echo(f"error: {item.name}: extraction failed ({type(e).__name__}: {e})", err=True)
                continue
            for figure in figures:
                if catalog_only and figure.indicator == "other":
                    continue
                row = figure.to_dict()
                row["doc"] = item.name
                writer.write(row)
        writer.close()
        if failed:
            typer.echo(f"{failed} document(s) could not be read; see the messages above.", err=True)
            raise typer.Exit(1)


def _where(document: Document) -> str:
    return document.source if document.source and document.source != "-" else document.name


def read_sources(sources: list[str], *, region: str | None = None,
                 year: int | None = None) -> Iterator[Document | LoadError]:
    """Each source's documents, or a `LoadError` naming it: files, folders and stdin as
    `planwatch.read_all` reads them, URLs as `planwatch ingest` fetches them."""
    from planwatch.fetch import FetchError, is_url, read_url
    from planwatch.load import LoadError
    from planwatch.pipeline import read_all, with_facts

    for source in sources:
        if not is_url(source):
            yield from read_all([source], region=region, year=year)
            continue
        try:
            yield with_facts(read_url(source), region, year)
        except LoadError as error:
            yield error
        except FetchError as error:
            yield LoadError(source, error.reason)


class _Writer:
    """Streams JSONL and CSV as figures come; collects rows for a table."""

    def __init__(self, format: Format):
        self.format = format
        self.rows: list[dict] = []
        if format is Format.csv:
            self.csv = csv.writer(sys.stdout)
            self.csv.writerow(FIELDS)

    def write(self, row: dict) -> None:
        if self.format is Format.jsonl:
            sys.stdout.write(json.dumps({k: row.get(k) for k in FIELDS}, ensure_ascii=False) + "\n")
        elif self.format is Format.csv:
            self.csv.writerow([csv_cell(row.get(k)) for k in FIELDS])  # no cell starts a formula
        else:
            self.rows.append(row)

    def close(self) -> None:
        if self.format is Format.table:
            _print_table(self.rows)
        sys.stdout.flush()


def _print_table(rows: list[dict]) -> None:
    from decimal import Decimal

    from planwatch.commands.console import PipeConsole
    from rich.markup import escape
    from rich.table import Table

    from planwatch.assess.wording import phrase

    console = PipeConsole()
    by_doc: dict[str, list[dict]] = {}
    for row in rows:
        by_doc.setdefault(row["doc"], []).append(row)
    for doc, doc_rows in by_doc.items():
        title = f"{doc}  ({doc_rows[0]['region'] or '地区未知'})"
        table = Table(title=escape(title), title_justify="left", expand=False)
        for header in ("年份", "类别", "指标", "数值", "原文"):
            table.add_column(header, overflow="fold")
        for row in doc_rows:
            value = None if row["value"] is None else Decimal(str(row["value"]))
            name = row["label"] if row["indicator"] == "other" else f"{row['label']} [{row['indicator']}]"
            if row["measure"] == "growth" and row["op"] not in ("sync", "qualitative"):
                name += " 增速"
            style = "bold" if row["indicator"] != "other" else ""
            cells = (str(row["year"] or ""), KIND_WORDS.get(row["kind"], row["kind"]), name,
                     phrase(value, row["op"], row["unit"]), row["quote"].replace("\n", " ")[:60])
            table.add_row(*(escape(c) for c in cells), style=style)
        console.print(table)
        console.print(f"{len(doc_rows)} figures, {sum(r['indicator'] != 'other' for r in doc_rows)} of catalog indicators\n")

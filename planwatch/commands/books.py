"""The books' commands: `ingest`, `reprocess`, `documents`, `export`, `correct`, `set-region`, `delete`,
`corrections`."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from planwatch.commands.console import PipeConsole

if TYPE_CHECKING:
    from planwatch.ingest import Outcome, Report

Runner = Callable[[Callable[[int], None], Callable[["Outcome"], None]], "Report"]

DbOption = Annotated[Optional[str], typer.Option("--db", help="Database URL or SQLite file "
                                                 "(default: $PLANWATCH_DB, else planwatch.db here).")]
JobsOption = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1,
                                                   help="Worker processes (default: one per core).")]

out = PipeConsole(highlight=False)
err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"planwatch: {message}", markup=False, soft_wrap=True)
    return typer.Exit(code)


def _open_db(db: str | None) -> str:
    """The resolved URL of a database that opens (its schema migrated), or a one-line error."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from planwatch.store.db import get_engine, resolve_url

    url = resolve_url(db)
    try:
        get_engine(url)
    except (ArgumentError, SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise _fail(f"cannot open database {url}: {reason}", 2) from None
    return url


def _run_with_progress(run: Runner, label: str) -> Report:
    """Run `run(on_start, on_outcome)` with a progress bar on stderr when there is more than one file."""
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=True)
    task = None

    def on_start(n: int) -> None:
        nonlocal task
        if n > 1:
            progress.start()
            task = progress.add_task(label, total=n)

    def on_outcome(_outcome: Outcome) -> None:
        if task is not None:
            progress.advance(task)

    from planwatch.pool import interrupt_on_sigterm

    try:
        with interrupt_on_sigterm():
            return run(on_start, on_outcome)
    except KeyboardInterrupt as interrupt:  # planwatch.pool.Interrupted, or Ctrl-C before the workers ran
        progress.stop()
        signum = getattr(interrupt, "signum", signal.SIGINT)
        raise _fail(f"{label} interrupted: the documents stored so far are whole; run it again to go on",
                    128 + signum) from None
    finally:
        progress.stop()


def _summary(report: Report, statuses: tuple[str, ...], title: str) -> None:
    table = Table(title=title, show_header=False, title_justify="left")
    for status in statuses:
        n = report.count(status)
        figures = sum(o.figures for o in report.outcomes if o.status == status)
        note = f"{figures} figures" if status in ("stored", "updated", "reprocessed") else ""
        table.add_row(status, str(n), note)
    out.print(table)
    for outcome in report.outcomes:
        if outcome.status == "updated":
            carried = f"; {outcome.carried} correction(s) carried over" if outcome.carried else ""
            was = f", superseding document {outcome.previous}" if outcome.previous else ""
            out.print(f"updated: {outcome.source}: document {outcome.doc_id}{was}{carried}", markup=False,
                      soft_wrap=True)
        for orphan in outcome.orphaned:
            out.print(f"orphaned: {outcome.source}: {orphan}", markup=False, soft_wrap=True)
        for note in outcome.warnings:
            out.print(f"warning: {outcome.source}: {note}", markup=False, soft_wrap=True)
        if outcome.status in ("skipped", "failed"):
            out.print(f"{outcome.status}: {outcome.source}: {outcome.reason}", markup=False, soft_wrap=True)


def _version_numbers(documents) -> dict[int, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Document id → (its version number, how many versions its source has), versions in stored order."""
    by_source: dict[object, list[int]] = {}
    for d in documents:
        by_source.setdefault(d.source_key or ("document", d.id), []).append(d.id)
    return {doc_id: (n, len(ids)) for ids in by_source.values() for n, doc_id in enumerate(sorted(ids), 1)}


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        sources: Annotated[list[str], typer.Argument(help="Files, folders or URLs.", show_default=False)],
        db: DbOption = None,
        region: Annotated[Optional[str], typer.Option(help="The region of every document (overrides what "
                                                      "they say).")] = None,
        year: Annotated[Optional[int], typer.Option(help="The plan year of every document.")] = None,
        jobs: JobsOption = None,
    ) -> None:
        """Read documents, extract their figures and store them (each document in one transaction)."""
        from planwatch.ingest import ingest as run_ingest

        from planwatch.validation import region_name

        try:
            region = region_name(region) if region else None
        except ValueError as error:
            raise _fail(f"--region: {error}", 2) from None
        report = _run_with_progress(
            lambda on_start, on_outcome: run_ingest(sources, db=_open_db(db), region=region, year=year, jobs=jobs,
                                                    on_start=on_start, on_outcome=on_outcome), "ingest")
        _summary(report, ("stored", "updated", "unchanged", "skipped", "failed"), "ingest")
        if not report.ok:
            raise typer.Exit(1)

    @app.command()
    def reprocess(
        db: DbOption = None,
        everything: Annotated[bool, typer.Option("--all", help="Every document, not only those extracted "
                                                 "by another engine version.")] = False,
        jobs: JobsOption = None,
    ) -> None:
        """Extract stored documents again from their texts after the engine changed (corrections kept)."""
        from planwatch.ingest import engine_version, reprocess as run_reprocess

        report = _run_with_progress(
            lambda on_start, on_outcome: run_reprocess(db=_open_db(db), jobs=jobs, everything=everything,
                                                       on_start=on_start, on_outcome=on_outcome), "reprocess")
        if not report.outcomes:
            out.print(f"nothing to reprocess: every document was extracted by engine {engine_version()}")
            return
        _summary(report, ("reprocessed", "failed"), "reprocess")
        if not report.ok:
            raise typer.Exit(1)

    @app.command()
    def export(
        what: Annotated[str, typer.Option("--what", help="figures, verdicts or documents.")] = "figures",
        fmt: Annotated[str, typer.Option("--format", help="csv, xlsx, parquet or jsonl.")] = "csv",
        out_path: Annotated[str, typer.Option("--out", help="File to write (- for standard output: csv, "
                                              "jsonl).")] = "-",
        db: DbOption = None,
        region: Annotated[Optional[str], typer.Option(help="Only this region.")] = None,
        year: Annotated[Optional[int], typer.Option(help="Only this year.")] = None,
        indicator: Annotated[Optional[str], typer.Option(help="Only this indicator.")] = None,
    ) -> None:
        """Export figures, verdicts or documents as CSV, XLSX, Parquet or JSON lines (values exact)."""
        from planwatch.export import ExportError, export as run_export

        url = _open_db(db)
        try:
            n = run_export(what, fmt, out_path, url, region=region, year=year, indicator=indicator)
        except BrokenPipeError:
            raise  # the reader of standard output has gone: the command ends quietly
        except (ExportError, OSError) as error:
            raise _fail(str(error)) from None
        if out_path != "-":
            err.print(f"wrote {n} {what} to {out_path}", markup=False)

    @app.command()
    def documents(
        db: DbOption = None,
        region: Annotated[Optional[str], typer.Option(help="Only this region.")] = None,
        year: Annotated[Optional[int], typer.Option(help="Only documents reviewing or planning this year.")] = None,
        everything: Annotated[bool, typer.Option("--all", help="Superseded versions too (history).")] = False,
        fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
    ) -> None:
        """The stored documents: the current version of each source, with how many versions it has."""
        from planwatch import store

        if fmt not in ("table", "jsonl"):
            raise _fail(f"unknown format {fmt!r}: table or jsonl", 2)
        url = _open_db(db)
        every = store.documents(url, region=region, year=year, superseded=True)
        numbers = _version_numbers(every)
        listed = [d for d in every if everything or d.current]
        if fmt == "jsonl":
            for d in listed:
                n, of = numbers[d.id]
                row = {"id": d.id, "name": d.name, "source": d.source, "region": d.facts.region,
                       "doc_type": d.facts.doc_type, "review_year": d.facts.review_year,
                       "plan_year": d.facts.plan_year, "figures": d.figure_count, "version": n, "versions": of,
                       "current": d.current, "superseded_by": d.superseded_by,
                       "ingested_at": d.ingested_at.isoformat()}
                out.print(json.dumps(row, ensure_ascii=False), markup=False, soft_wrap=True)
            return
        if not listed:
            out.print("no documents")
            return
        table = Table("id", "region", "years", "figures", "version", "stored (UTC)")
        table.add_column("document", overflow="fold", ratio=1)
        for d in listed:
            n, of = numbers[d.id]
            version = f"{n} of {of}" + ("" if d.current else f" (superseded by {d.superseded_by})")
            years = f"{d.facts.review_year or '–'} / {d.facts.plan_year or '–'}"
            table.add_row(str(d.id), d.facts.region or "", years, str(d.figure_count), version,
                          d.ingested_at.strftime("%Y-%m-%d %H:%M"), d.name)
        out.print(table)

    @app.command()
    def correct(
        figure_id: Annotated[int, typer.Argument(help="The figure's id (see `planwatch export`).")],
        changes: Annotated[list[str], typer.Argument(help="FIELD=VALUE, e.g. value=6.5 (VALUE empty clears "
                                                     "the field).", show_default=False)],
        why: Annotated[str, typer.Option("--why", help="Why the figure is wrong (kept in the log).")],
        author: Annotated[Optional[str], typer.Option(help="Who corrects (default: the OS user).")] = None,
        db: DbOption = None,
    ) -> None:
        """Override fields of a figure; the override survives re-extraction and is logged."""
        from planwatch.corrections import correct as run_correct

        parsed = {}
        for change in changes:
            field, sep, value = change.partition("=")
            if not sep or not field:
                raise _fail(f"{change!r} is not FIELD=VALUE", 2)
            parsed[field.strip()] = value
        url = _open_db(db)
        try:
            made = run_correct(url, figure_id, parsed, why=why, author=author)
        except (LookupError, ValueError) as error:
            raise _fail(str(error)) from None
        for c in made:
            out.print(f"figure {figure_id} ({c.doc_name}: {c.quote}): {c.field} {c.old} → {c.new}",
                      markup=False, soft_wrap=True)

    @app.command("set-region")
    def set_region(
        doc_id: Annotated[int, typer.Argument(help="The document's id (see `planwatch export --what documents`).")],
        region: Annotated[Optional[str], typer.Argument(help="A region of the gazetteer; left out, the "
                                                        "document's own words decide.", show_default=False)] = None,
        why: Annotated[str, typer.Option("--why", help="Why (kept in the corrections log).")] = "",
        author: Annotated[Optional[str], typer.Option(help="Who changes it (default: the OS user).")] = None,
        db: DbOption = None,
    ) -> None:
        """Change the region a document was given at ingest: it is extracted again with it; logged."""
        from planwatch.amend import set_region as run_set_region

        url = _open_db(db)
        try:
            outcome = run_set_region(doc_id, region, why=why, author=author, db=url)
        except (LookupError, ValueError) as error:
            raise _fail(str(error)) from None
        if outcome.status == "failed":
            raise _fail(f"document {doc_id}: {outcome.reason}")
        out.print(f"document {doc_id}: region {region or '(from its text)'}, {outcome.figures} figures",
                  markup=False, soft_wrap=True)

    @app.command()
    def delete(
        doc_id: Annotated[int, typer.Argument(help="The document's id.")],
        why: Annotated[str, typer.Option("--why", help="Why (kept in the corrections log).")] = "",
        author: Annotated[Optional[str], typer.Option(help="Who deletes it (default: the OS user).")] = None,
        db: DbOption = None,
    ) -> None:
        """Delete a document and its figures; logged (its corrections wait for the same content). Deleting
        the current version of a source makes the version before it current again."""
        from planwatch.amend import delete as run_delete

        url = _open_db(db)
        try:
            gone = run_delete(doc_id, why=why, author=author, db=url)
        except (LookupError, ValueError) as error:
            raise _fail(str(error)) from None
        again = "".join(f"; document {i}, the version before it, is current again" for i in gone.restored)
        out.print(f"deleted document {gone.doc_id} ({gone.name}){again}", markup=False, soft_wrap=True)

    @app.command()
    def corrections(
        db: DbOption = None,
        fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
    ) -> None:
        """The corrections log: who, when, why, old → new."""
        from planwatch.corrections import DOCUMENT_KEY, corrections as log

        url = _open_db(db)
        entries = log(url)
        if fmt == "jsonl":
            for c in entries:
                row = {"id": c.id, "at": c.at.isoformat(), "author": c.author, "figure_id": c.figure_id,
                       "doc": c.doc_name, "figure_key": c.figure_key, "field": c.field, "old": c.old,
                       "new": c.new, "why": c.why, "current": c.current, "carried_from": c.carried_from}
                out.print(json.dumps(row, ensure_ascii=False), markup=False, soft_wrap=True)
            return
        if fmt != "table":
            raise _fail(f"unknown format {fmt!r}: table or jsonl", 2)
        if not entries:
            out.print("no corrections")
            return
        table = Table("when (UTC)", "who", "figure", "document", "field", "old → new", "why")
        for c in entries:
            figure = str(c.figure_id) if c.figure_id is not None \
                else "(document)" if c.figure_key == DOCUMENT_KEY else "(gone)"
            if not c.current:
                figure += " (old version)"
            if c.carried_from is not None:
                figure += f" (carried from {c.carried_from})"
            table.add_row(c.at.strftime("%Y-%m-%d %H:%M"), c.author, figure, c.doc_name or c.doc_sha256[:12],
                          c.field, f"{c.old if c.old is not None else '∅'} → {c.new if c.new is not None else '∅'}",
                          c.why)
        out.print(table)

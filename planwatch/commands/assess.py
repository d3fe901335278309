"""The books' judgments: `scorecard`, `annex`, `compare` (read the database, print verdicts and tables)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from planwatch.commands.console import PipeConsole

T = TypeVar("T")

out = PipeConsole(highlight=False)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[Optional[str], typer.Option("--db", help="Database URL or SQLite file "
                                                 "(default: $PLANWATCH_DB, else planwatch.db here).")]
STATUS_STYLE = {"met": "bold green", "missed": "bold red", "not_reported": "yellow", "pending": "dim"}


class CardFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class AnnexFormat(str, Enum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"planwatch: {message}", markup=False, soft_wrap=True)
    return typer.Exit(code)


def _url(db: str | None) -> str:
    from sqlalchemy.engine import make_url

    from planwatch import store

    url = store.resolve_url(db)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        raise _fail(f"no database at {parsed.database}: run `planwatch ingest` first, or give --db", 2)
    return url


def _reading(load: Callable[[str], T], db: str | None) -> T:
    """`load(url)`, with a one-line error when the database cannot be read."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    url = _url(db)
    try:
        return load(url)
    except (ArgumentError, SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise _fail(f"cannot read database {url}: {reason}", 2) from None


def _tolerance(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _fail(f"--tolerance {text!r} is not a number", 2) from None
    if value < 0 or not value.is_finite():
        raise _fail(f"--tolerance must be a number ≥ 0, not {text}", 2)
    return value


def _emit(text: str, out_path: str | None) -> None:
    if out_path and out_path != "-":
        Path(out_path).write_text(text, encoding="utf-8")
        err.print(f"wrote {out_path}", markup=False)
    else:
        sys.stdout.write(text)


def register(app: typer.Typer) -> None:
    _register_check(app)

    @app.command()
    def scorecard(
        region: Annotated[Optional[str], typer.Option(help="Only this region (full name, e.g. 九原区).")] = None,
        year: Annotated[Optional[int], typer.Option(help="Only the targets of this year.")] = None,
        indicator: Annotated[Optional[str], typer.Option(help="Only this catalog indicator (e.g. gdp).")] = None,
        db: DbOption = None,
        tolerance: Annotated[str, typer.Option(help="Forgive a shortfall this large, in the target's unit "
                                               "(percentage points for growth).")] = "0",
        fmt: Annotated[CardFormat, typer.Option("--format", help="table, jsonl or csv.")] = CardFormat.table,
        out_path: Annotated[Optional[str], typer.Option("--out", help="File to write instead of standard "
                                                        "output.")] = None,
    ) -> None:
        """Verdicts on every target: met / missed / not reported / pending, provisional on 预计 figures."""
        from planwatch.assess import scorecard as build
        from planwatch.assess.ledgers import scorecard_ledger

        tol = _tolerance(tolerance)
        ledger = _reading(lambda url: scorecard_ledger(url, region, year), db)
        rows = build(ledger, region=region, year=year, indicator=indicator, tolerance=tol)
        if fmt is CardFormat.jsonl:
            _emit(rows.to_jsonl(), out_path)
        elif fmt is CardFormat.csv:
            _emit(rows.to_csv(), out_path)
        else:
            _print_scorecard(rows, tol, out_path)

    @app.command()
    def annex(
        region: Annotated[str, typer.Option(help="The region (full name, e.g. 九原区).")],
        year: Annotated[int, typer.Option(help="The plan year: its targets, and last year's targets and "
                                          "results.")],
        db: DbOption = None,
        fmt: Annotated[AnnexFormat, typer.Option("--format", help="table, markdown, csv, xlsx or json.")] =
        AnnexFormat.table,
        out_path: Annotated[Optional[str], typer.Option("--out", help="File to write (needed for xlsx).")] = None,
        complete: Annotated[bool, typer.Option("--all", help="Every indicator with a target, even when the "
                                               "government published its own annex with fewer.")] = False,
    ) -> None:
        """The annex table 主要预期目标安排: indicator | last year's target | result | this year's target."""
        import json

        from planwatch.assess import annex as build
        from planwatch.assess.ledgers import annex_ledger

        table = build(_reading(lambda url: annex_ledger(url, region, year), db), region, year, complete=complete)
        if not table.rows:
            raise _fail(f"no targets of {region} for {year - 1} or {year} in the database")
        if fmt is AnnexFormat.xlsx:
            if not out_path or out_path == "-":
                raise _fail("xlsx needs --out FILE", 2)
            table.to_xlsx(out_path)
            err.print(f"wrote {out_path}", markup=False)
        elif fmt is AnnexFormat.markdown:
            _emit(table.to_markdown(), out_path)
        elif fmt is AnnexFormat.csv:
            _emit(table.to_csv(), out_path)
        elif fmt is AnnexFormat.json:
            _emit(json.dumps(table.to_dict(), ensure_ascii=False, indent=1) + "\n", out_path)
        else:
            _print_annex(table, out_path)

    @app.command()
    def compare(
        year: Annotated[int, typer.Option(help="The year of the targets.")],
        indicator: Annotated[Optional[str], typer.Option(help="Only this catalog indicator (e.g. gdp).")] = None,
        db: DbOption = None,
        fmt: Annotated[CardFormat, typer.Option("--format", help="table, jsonl or csv.")] = CardFormat.table,
        out_path: Annotated[Optional[str], typer.Option("--out", help="File to write instead of standard "
                                                        "output.")] = None,
    ) -> None:
        """Each region's target beside its parent's, with the escalation (层层加码: child − parent)."""
        from planwatch.assess import compare as build
        from planwatch.assess.ledgers import compare_ledger

        rows = build(_reading(lambda url: compare_ledger(url, year), db), year, indicator=indicator)
        if fmt is CardFormat.jsonl:
            _emit(rows.to_jsonl(), out_path)
        elif fmt is CardFormat.csv:
            _emit(rows.to_csv(), out_path)
        else:
            _print_compare(rows, year, out_path)


class CheckFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"


def _register_check(app: typer.Typer) -> None:
    @app.command()
    def check(
        region: Annotated[Optional[str], typer.Option(help="Only this region (full name).")] = None,
        year: Annotated[Optional[int], typer.Option(help="Only findings of this year.")] = None,
        kind: Annotated[Optional[list[str]], typer.Option(help="Only findings of this kind (repeatable): "
                                                          "unplaced, conflict, implausible, missing_result, "
                                                          "unreported.")] = None,
        db: DbOption = None,
        fmt: Annotated[CheckFormat, typer.Option("--format", help="text or jsonl.")] = CheckFormat.text,
        out_path: Annotated[Optional[str], typer.Option("--out", help="File to write instead of standard "
                                                        "output.")] = None,
    ) -> None:
        """What looks wrong in the books: unplaced documents, conflicting values, implausible results,
        targets without results although the year is reported (likely missed extraction), and targets the
        year's report does not mention."""
        from planwatch.assess.check import KINDS
        from planwatch.assess.ledgers import check_books

        unknown = sorted(set(kind or ()) - set(KINDS))
        if unknown:
            raise _fail(f"unknown kind {', '.join(unknown)}: choose from {', '.join(KINDS)}", 2)
        findings = [f for f in _reading(lambda url: check_books(url, region, year), db)
                    if not kind or f.kind in kind]
        if fmt is CheckFormat.jsonl:
            import json

            _emit("".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in findings), out_path)
            return
        console = _console(out_path)
        if not findings:
            console.print("nothing looks wrong")
            return
        for name in KINDS:
            of_kind = [f for f in findings if f.kind == name]
            if of_kind:
                console.print(Text(f"{name} ({len(of_kind)})", style="bold"))
                for f in of_kind:
                    console.print(f"  {f.message}", markup=False, soft_wrap=True)
        counts = {name: sum(f.kind == name for f in findings) for name in KINDS}
        console.print("  ".join(f"{name}: {n}" for name, n in counts.items()))


def _console(out_path: str | None) -> Console:
    if out_path and out_path != "-":
        return Console(file=open(out_path, "w", encoding="utf-8"), highlight=False, width=160)
    return out


def _print_scorecard(rows, tolerance: Decimal, out_path: str | None) -> None:  # type: ignore[no-untyped-def]
    from planwatch.assess import counts
    from planwatch.assess.rows import format_decimal
    from planwatch.assess.wording import indicator_name, phrase, status_word

    console = _console(out_path)
    if not rows:
        console.print("no targets in the database (for these filters)")
        return
    title = "scorecard" + (f" (tolerance {format_decimal(tolerance)})" if tolerance else "")
    table = Table("地区", "年份", "指标", "目标", "结果", "差距", "判定", title=title, title_justify="left")
    measures: dict[tuple, set[str]] = {}
    for v in rows:
        measures.setdefault((v.region, v.year, v.indicator), set()).add(v.measure)
    for v in rows:
        fall = v.measure == "growth"
        name = indicator_name(v.indicator, v.measure, ambiguous=len(measures[(v.region, v.year, v.indicator)]) > 1)
        target = phrase(v.target.value, v.target.op, v.target.unit, fall=fall)
        if v.basis is not None:
            basis = phrase(v.basis.value, v.basis.op, v.basis.unit, estimate=v.basis.provisional, fall=True)
            target += f" ({basis})"
        result = (phrase(v.result.value, v.result.op, v.result.unit, estimate=v.result.provisional, fall=fall)
                  if v.result else "")
        verdict = Text(f"{status_word(v.status)} {v.status}", style=STATUS_STYLE.get(v.status, ""))
        if v.provisional:
            verdict.append(" 预计", style="italic")
        gap = "" if v.gap is None else ("+" if v.gap > 0 else "") + format_decimal(v.gap)
        table.add_row(v.region, str(v.year), name, target, result, gap, verdict)
    console.print(table)
    total = {s: sum(c[s] for c in counts(rows).values()) for s in ("met", "missed", "not_reported", "pending")}
    console.print("  ".join(f"{status}: {n}" for status, n in total.items()))


def _print_annex(table, out_path: str | None) -> None:  # type: ignore[no-untyped-def]
    console = _console(out_path)
    grid = Table(title=f"{table.region} {table.title}")
    for n, heading in enumerate(table.header()):
        grid.add_column(heading, overflow="fold", min_width=12 if n == 0 else 8)
    for row, cells in zip(table.rows, table.table()):
        style = STATUS_STYLE.get(row.status or "", "")
        grid.add_row(cells[0], cells[1], Text(cells[2], style=style), cells[3])
    console.print(grid)


def _print_compare(rows, year: int, out_path: str | None) -> None:  # type: ignore[no-untyped-def]
    from planwatch.assess.rows import format_decimal
    from planwatch.assess.wording import indicator_name, phrase

    console = _console(out_path)
    if not rows:
        console.print(f"no targets of {year} in the database")
        return
    table = Table("指标", "地区", "上级", "目标", "上级目标", "加码", title=f"{year}: targets across levels",
                  title_justify="left")
    measures: dict[tuple, set[str]] = {}
    for c in rows:
        measures.setdefault((c.region, c.indicator), set()).add(c.measure)
    for c in rows:
        fall = c.measure == "growth"
        name = indicator_name(c.indicator, c.measure, ambiguous=len(measures[(c.region, c.indicator)]) > 1)
        above = (phrase(c.parent_target.value, c.parent_target.op, c.parent_target.unit, fall=fall)
                 if c.parent_target else "")
        if c.escalation is None:
            escalation = Text("")
        else:
            escalation = Text(("+" if c.escalation > 0 else "") + format_decimal(c.escalation),
                              style="bold" if c.escalation else "dim")
        table.add_row(name, c.region, c.parent or "", phrase(c.target.value, c.target.op, c.target.unit, fall=fall),
                      above, escalation)
    console.print(table)

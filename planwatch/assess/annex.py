"""The annex table 主要预期目标安排 of a government and year: indicator | Y-1 target | Y-1 result | Y target.

Rows follow the catalog's order. When the government published such a table itself (target figures from a
table in its plan document of year Y), the rows are the indicators of that table; otherwise (or with
`complete=True`) every indicator with a target in Y-1 or Y. Cells read as users write them (9左右, 20以上,
与经济增长同步, 3.9以内); the unit goes in the header when every row has the same one, else in each cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planwatch import sheets
from planwatch.assess.ledger import Key, Ledger
from planwatch.assess.rows import Entry, Rows
from planwatch.assess.units import convert, effective_unit
from planwatch.assess.verdicts import judge
from planwatch.assess.wording import indicator_name, phrase, wording
from planwatch.engine.catalog import catalog, position
from planwatch.models import MEASURES, FigureRecord

if TYPE_CHECKING:
    import pandas


@dataclass(slots=True)
class AnnexRow:
    """One indicator of the annex: the figures behind each cell and the cells as written."""

    indicator: str
    name: str
    measure: str
    unit: str | None  # the row's unit; results are converted to it
    previous_target: Entry | None
    previous_result: Entry | None
    target: Entry | None
    status: str | None = None  # the verdict on last year's target
    provisional: bool = False
    previous_result_parts: dict[str, Entry] = field(default_factory=dict)  # joint indicator, no joint result
    cells: tuple[str, str, str] = ("", "", "")  # Y-1 target, Y-1 result, Y target

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        def side(e: Entry | None) -> dict[str, Any] | None:
            return e.to_dict(exact) if e else None

        return {
            "indicator": self.indicator,
            "name": self.name,
            "measure": self.measure,
            "unit": self.unit,
            "previous_target": self.cells[0],
            "previous_result": self.cells[1],
            "target": self.cells[2],
            "status": self.status,
            "provisional": self.provisional,
            "figures": {
                "previous_target": side(self.previous_target),
                "previous_result": side(self.previous_result),
                "previous_result_parts": {k: v.to_dict(exact) for k, v in self.previous_result_parts.items()},
                "target": side(self.target),
            },
        }


@dataclass(slots=True)
class Annex:
    region: str
    year: int
    unit: str | None  # the unit of every row, written in the header; None when cells carry units
    rows: Rows[AnnexRow]

    @property
    def title(self) -> str:
        return wording()["annex"]["title"].format(year=self.year)

    def header(self) -> list[str]:
        words = wording()["annex"]
        unit = words["header_unit"].format(unit=self.unit) if self.unit else ""
        return [
            words["indicator"],
            words["previous_target"].format(year=self.year - 1) + unit,
            words["previous_result"].format(year=self.year - 1) + unit,
            words["target"].format(year=self.year) + unit,
        ]

    def table(self) -> list[list[str]]:
        """The body as text: the indicator's name, then the three cells."""
        return [[row.name, *row.cells] for row in self.rows]

    def to_dict(self, exact: bool = False) -> dict[str, Any]:
        return {"region": self.region, "year": self.year, "title": self.title, "unit": self.unit,
                "header": self.header(), "rows": self.rows.to_dicts(exact)}

    def to_markdown(self) -> str:
        lines = [f"**{self.region} {self.title}**", "", "| " + " | ".join(self.header()) + " |",
                 "|" + "---|" * 4]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in self.table()]
        return "\n".join(lines) + "\n"

    def to_csv(self) -> str:
        out = io.StringIO()
        sheets.write_csv_table(self.header(), self.table(), out)
        return out.getvalue()

    def to_xlsx(self, path: str | Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        book = Workbook()
        sheet = book.active
        sheet.title = str(self.year)
        sheet.append([f"{self.region} {self.title}"])  # text cells: set as strings below, never formulas
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
        sheet["A1"].font = Font(bold=True)
        sheet["A1"].alignment = Alignment(horizontal="center")
        sheet.append(self.header())
        for row in self.table():
            sheet.append(row)
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        sheet.column_dimensions["A"].width = 36
        for column in "BCD":
            sheet.column_dimensions[column].width = 18
        book.save(path)

    def to_dataframe(self) -> pandas.DataFrame:
        import pandas

        return pandas.DataFrame(self.table(), columns=self.header())


def annex(records: Iterable[FigureRecord] | Ledger, region: str, year: int, *, complete: bool = False,
          tolerance: Decimal | int | str = 0) -> Annex:
    """The annex table of `region` for `year` (targets of `year`, targets and results of `year - 1`)."""
    ledger = records if isinstance(records, Ledger) else Ledger(records)
    rows: list[AnnexRow] = []
    for indicator, measure in _row_keys(ledger, region, year, complete):
        rows.append(_row(ledger, region, year, indicator, measure, Decimal(tolerance)))
    _qualify_names(rows)
    units = {row.unit for row in rows}
    common = units.pop() if len(units) == 1 else None
    for row in rows:
        row.cells = _cells(row, unit_in_cell=common is None)
    return Annex(region, year, common, Rows(rows))


def _row_keys(ledger: Ledger, region: str, year: int, complete: bool) -> list[tuple[str, str]]:
    targets = ledger.all_targets(region, year) + ledger.all_targets(region, year - 1)
    own_table = [r for r in targets if r.figure.source == "table" and r.plan_year == year]
    chosen = targets if complete or not own_table else own_table
    keys = {(r.figure.indicator, r.figure.measure) for r in chosen}
    return sorted(keys, key=lambda k: (position(k[0]), MEASURES.index(k[1]) if k[1] in MEASURES else 9))


def _qualify_names(rows: list[AnnexRow]) -> None:
    """Name the measure where the indicator's name alone would not say it."""
    count: dict[str, int] = {}
    for row in rows:
        count[row.indicator] = count.get(row.indicator, 0) + 1
    for row in rows:
        row.name = indicator_name(row.indicator, row.measure, ambiguous=count[row.indicator] > 1)


def _current_result(ledger: Ledger, key: Key) -> FigureRecord | None:
    results = [r for r in ledger.results(key) if r.figure.value is not None]
    return results[-1] if results else None


def _row(ledger: Ledger, region: str, year: int, indicator: str, measure: str, tolerance: Decimal) -> AnnexRow:
    key, previous = Key(region, year, indicator, measure), Key(region, year - 1, indicator, measure)
    target, previous_target = ledger.binding_target(key), ledger.binding_target(previous)
    result: Entry | None = None
    status, provisional, parts = None, False, {}
    if ledger.target(previous) is not None:
        verdict = judge(ledger, previous, tolerance)
        status, provisional = verdict.status, verdict.provisional
        if verdict.result is not None and verdict.result.indicator == indicator:
            result = verdict.result
    if result is None:
        found = _current_result(ledger, previous)
        result = Entry.of(found) if found else None
    if result is None:
        for part in catalog()[indicator].parts:
            found = _current_result(ledger, previous._replace(indicator=part))
            if found:
                parts[part] = Entry.of(found)
    sides = [Entry.of(r) if r else None for r in (target, previous_target)]
    written = [e.unit for e in (*sides, result) if e is not None and e.value is not None]
    unit = effective_unit(written[0] if written else None, measure)
    return AnnexRow(
        indicator=indicator,
        name=catalog()[indicator].name,
        measure=measure,
        unit=unit,
        previous_target=sides[1],
        previous_result=result,
        target=sides[0],
        status=status,
        provisional=provisional,
        previous_result_parts=parts,
    )


def _cell(entry: Entry | None, row_unit: str | None, measure: str, unit_in_cell: bool) -> str:
    if entry is None:
        return ""
    value, unit = entry.value, effective_unit(entry.unit, measure)
    if value is not None and unit != row_unit:
        converted = convert(value, unit, row_unit)
        if converted is not None:
            value, unit = converted, row_unit
    show_unit = unit if (unit_in_cell or unit != row_unit) else None
    return phrase(value, entry.op, show_unit, estimate=entry.provisional, fall=measure == "growth")


def _cells(row: AnnexRow, unit_in_cell: bool) -> tuple[str, str, str]:
    def cell(entry: Entry | None) -> str:
        return _cell(entry, row.unit, row.measure, unit_in_cell)

    result = cell(row.previous_result)
    if not result and row.previous_result_parts:
        result = wording()["parts_separator"].join(cell(e) for e in row.previous_result_parts.values())
    return cell(row.previous_target), result, cell(row.target)

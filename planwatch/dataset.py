"""Research datasets read from the books: the panel of targets and results, long or wide, in the formats
economists load (CSV with a BOM for Excel, Parquet with exact decimals, Stata `.dta` with Chinese and
English variable labels, XLSX).

    import planwatch
    frame = planwatch.panel("planwatch.db", level="province", indicator="gdp", from_year=2021)

The rows are `planwatch.assess.panel.PanelRow`s (see there for the columns); values stay `Decimal` in the
DataFrame and in Parquet, and become doubles only in Stata, which has no decimal type.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planwatch import export, store
from planwatch.assess.ledgers import scorecard_ledger
from planwatch.assess.panel import COLUMNS, LABELS, PanelRow, Place, Provenance, panel_rows, wide_label, widen
from planwatch.assess.verdicts import verdicts
from planwatch.store.db import SessionOrDb

if TYPE_CHECKING:
    import pandas

LEVELS = ("province", "city", "county")
FORMATS = ("csv", "parquet", "dta", "xlsx")
STATA_LABEL_CHARS = 80  # Stata's limit for a variable label


class DatasetError(ValueError):
    pass


def panel_records(db: SessionOrDb = None, *, level: str | None = None, indicator: str | Sequence[str] | None = None,
                  from_year: int | None = None, to_year: int | None = None,
                  tolerance: Decimal | int | str = 0) -> list[PanelRow]:
    """The panel's rows from the database, filtered by the region's level, indicators and years."""
    check_filters(level, from_year, to_year)
    return select_rows(every_row(db, tolerance), level=level, indicator=indicator, from_year=from_year,
                       to_year=to_year)


def check_filters(level: str | None, from_year: int | None, to_year: int | None) -> None:
    """A `DatasetError` when the filters cannot be met."""
    if level is not None and level not in LEVELS:
        raise DatasetError(f"unknown level {level!r}: choose one of {', '.join(LEVELS)}")
    if from_year is not None and to_year is not None and from_year > to_year:
        raise DatasetError(f"--from {from_year} is after --to {to_year}")


def every_row(db: SessionOrDb = None, tolerance: Decimal | int | str = 0) -> list[PanelRow]:
    """Every row of the panel (of the whole books: the server keeps them while the books do not change)."""
    ledger = scorecard_ledger(db)
    places = {r.name: Place(r.code, r.level, r.parent_name) for r in store.regions(db)}
    provenance = {d.id: Provenance(d.sha256, d.engine_version) for d in store.documents(db)}
    return panel_rows(ledger, places, provenance, verdicts=verdicts(ledger, tolerance))


def select_rows(rows: Sequence[PanelRow], *, level: str | None = None, indicator: str | Sequence[str] | None = None,
                from_year: int | None = None, to_year: int | None = None) -> list[PanelRow]:
    """The rows of the region's level, indicators and years asked for."""
    check_filters(level, from_year, to_year)
    wanted = {indicator} if isinstance(indicator, str) else set(indicator or ())
    return [r for r in rows
            if (level is None or r.level == level)
            and (not wanted or r.indicator in wanted)
            and (from_year is None or r.year >= from_year)
            and (to_year is None or r.year <= to_year)]


def panel(db: SessionOrDb = None, *, wide: bool = False, **filters: Any) -> pandas.DataFrame:
    """The panel as a DataFrame: long (one row per region × year × indicator × measure) or `wide` (one row
    per region × year). Filters as `panel_records`."""
    import pandas

    rows = panel_records(db, **filters)
    if wide:
        return pandas.DataFrame.from_records(widen(rows))
    return pandas.DataFrame.from_records([r.to_dict() for r in rows], columns=list(COLUMNS))


def write_panel(frame: pandas.DataFrame, fmt: str, out: str | Path) -> None:
    """Write a panel DataFrame to `out` in `fmt` (csv, parquet, dta or xlsx)."""
    if fmt not in FORMATS:
        raise DatasetError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "dta":
        _write_stata(frame, str(out))
        return
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    export.write(records, fmt, out)


def _write_stata(frame: pandas.DataFrame, out: str) -> None:
    """Stata 14+ (format 118: UTF-8 strings and labels): decimals as doubles, flags as 1/0, names of at most
    32 characters (a long indicator id is cut; the label keeps the whole name)."""
    import pandas
    from pandas.api.types import infer_dtype

    columns: dict[str, pandas.Series] = {}
    labels: dict[str, str] = {}
    for column in frame.columns:
        values = frame[column]
        kind = infer_dtype(values, skipna=True)
        if kind in ("decimal", "floating", "mixed-integer-float"):
            converted = pandas.to_numeric(values.map(lambda v: None if v is None else float(v)))
        elif kind == "boolean":
            converted = values.map(lambda v: None if v is None or v != v else int(v)).astype("Int8")
        elif kind == "integer":
            converted = values.astype("Int64")
        else:
            converted = values.map(lambda v: "" if v is None or v != v else str(v)).astype(object)
        name = _stata_name(column, taken=columns)
        columns[name] = converted
        labels[name] = (LABELS.get(column) or wide_label(column))[:STATA_LABEL_CHARS]
    pandas.DataFrame(columns).to_stata(out, write_index=False, version=118, variable_labels=labels)


STATA_NAME_CHARS = 32
_MEASURE_SHORT = {"_growth_": "_gr_", "_level_": "_lv_", "_change_pp_": "_pp_"}


def _stata_name(column: str, taken: Any) -> str:
    """`column` if Stata takes it, else the measure abbreviated and the indicator id cut to fit."""
    if len(column) <= STATA_NAME_CHARS:
        return column
    for long, short in _MEASURE_SHORT.items():
        if long in column:
            stem, rest = column.split(long, 1)
            name = stem[:STATA_NAME_CHARS - len(short) - len(rest)] + short + rest
            break
    else:
        name = column[:STATA_NAME_CHARS]
    n = 1
    while name in taken:
        suffix = f"_{n}"
        name = name[:STATA_NAME_CHARS - len(suffix)] + suffix
        n += 1
    return name

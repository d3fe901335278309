"""`planwatch panel`: targets and results as a research dataset (see `planwatch.dataset`)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from planwatch.commands.assess import DbOption, _fail, _reading, err


class PanelFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    dta = "dta"
    xlsx = "xlsx"


class Level(str, Enum):
    province = "province"
    city = "city"
    county = "county"


def register(app: typer.Typer) -> None:
    @app.command()
    def panel(
        out_path: Annotated[str, typer.Option("--out", help="File to write.")],
        fmt: Annotated[PanelFormat, typer.Option("--format", help="csv (with a BOM), parquet (exact decimals), "
                                                 "dta (Stata 14+, labelled) or xlsx.")] = PanelFormat.csv,
        level: Annotated[Optional[Level], typer.Option(help="Only regions of this level.")] = None,
        indicator: Annotated[Optional[list[str]], typer.Option(help="Only this catalog indicator (repeatable).")]
        = None,
        from_year: Annotated[Optional[int], typer.Option("--from", help="First year.")] = None,
        to_year: Annotated[Optional[int], typer.Option("--to", help="Last year.")] = None,
        wide: Annotated[bool, typer.Option("--wide", help="One row per region × year, columns per indicator "
                                           "(gdp_growth_target, gdp_growth_op, gdp_growth_result, …).")] = False,
        db: DbOption = None,
    ) -> None:
        """Targets, results and verdicts as a panel: one row per region × year × indicator × measure."""
        from planwatch.dataset import DatasetError, panel as build, write_panel

        try:
            frame = _reading(lambda url: build(url, wide=wide, level=level.value if level else None,
                                               indicator=indicator, from_year=from_year, to_year=to_year), db)
            write_panel(frame, fmt.value, out_path)
        except (DatasetError, OSError) as error:
            raise _fail(str(error)) from None
        err.print(f"wrote {len(frame)} rows to {out_path}", markup=False)

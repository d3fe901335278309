"""The scorecard: the verdicts of a region and/or year, and their counts.

Pass every record (not only the region's or the indicator's): a sync target needs the GDP growth result,
a joint indicator its parts, and `pending` versus `not_reported` needs to know which reports exist.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from planwatch.assess.ledger import Ledger
from planwatch.assess.rows import Rows
from planwatch.assess.verdicts import STATUSES, Verdict, judge
from planwatch.models import FigureRecord


def scorecard(records: Iterable[FigureRecord] | Ledger, *, region: str | None = None, year: int | None = None,
              indicator: str | None = None, tolerance: Decimal | int | str = 0) -> Rows[Verdict]:
    """One verdict per target of `region` in `year` (each filter optional), ordered by region, year and
    the catalog's order."""
    ledger = records if isinstance(records, Ledger) else Ledger(records)
    tol = Decimal(tolerance)
    return Rows(
        judge(ledger, key, tol)
        for key in ledger.target_keys()
        if (region is None or key.region == region)
        and (year is None or key.year == year)
        and (indicator is None or key.indicator == indicator)
    )


def counts(verdicts: Iterable[Verdict]) -> dict[tuple[str, int], Counter[str]]:
    """How many verdicts of each status each (region, year) has; `provisional` counts the 预计 ones."""
    found: dict[tuple[str, int], Counter[str]] = {}
    for v in verdicts:
        counter = found.setdefault((v.region, v.year), Counter({s: 0 for s in STATUSES}))
        counter[v.status] += 1
        counter["provisional"] += v.provisional
    return found

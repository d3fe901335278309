"""The overview: a page of regions with their verdict counts per year."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from planwatch.assess import STATUSES, counts, scorecard
from planwatch.assess.ledgers import regions_ledger
from planwatch.store.db import SessionOrDb
from planwatch.store.records import RegionRecord
from planwatch.web.pages.cache import BooksCache
from planwatch.web.pages.regions import document_counts, region_list


@dataclasses.dataclass(slots=True)
class RegionSummary:
    name: str
    code: str | None
    level: str | None
    parent: str | None
    documents: int
    counts: dict[int, dict[str, int]]  # year → status → how many (and "provisional")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def regions(db: SessionOrDb, level: str | None, cache: BooksCache | None = None) -> list[RegionRecord]:
    """`region_list`, kept in `cache` while the books do not change."""
    if cache is None:
        return region_list(db, level)
    return cache.get(db, ("regions", level), lambda: region_list(db, level))


def verdict_counts(db: SessionOrDb, regions: Sequence[str], year: int | None = None) -> dict[str, dict[int, dict[str, int]]]:
    """Verdict counts per region and year, for these regions only."""
    if not regions:
        return {}
    wanted = set(regions)
    found: dict[str, dict[int, dict[str, int]]] = {}
    rows = [v for v in scorecard(regions_ledger(db, regions, year), year=year) if v.region in wanted]
    for (region, y), counter in counts(rows).items():
        found.setdefault(region, {})[y] = dict(counter)
    return found


def overview(db: SessionOrDb, regions: Sequence[RegionRecord], year: int | None = None,
             cache: BooksCache | None = None) -> list[RegionSummary]:
    """The summaries of `regions` (a page of `region_list`) with their verdict counts per year."""
    names = [r.name for r in regions]
    if cache is None:
        tallies = verdict_counts(db, names, year)
    else:
        def compute(missing: list[Hashable]) -> dict[Hashable, dict[int, dict[str, int]]]:
            found = verdict_counts(db, [name for _, name, _ in missing], year)  # type: ignore[misc]
            return {("counts", name, year): tally for name, tally in found.items()}

        kept = cache.many(db, [("counts", name, year) for name in names], compute, {})
        tallies = {name: kept[("counts", name, year)] for name in names}
    documents = document_counts(db, names)
    return [RegionSummary(r.name, r.code, r.level, r.parent_name, documents.get(r.name, 0),
                          dict(sorted(tallies.get(r.name, {}).items())))
            for r in regions]


def totals_by_year(summaries: Iterable[RegionSummary]) -> dict[int, dict[str, int]]:
    total: dict[int, Counter[str]] = {}
    for summary in summaries:
        for year, tally in summary.counts.items():
            total.setdefault(year, Counter()).update({s: tally.get(s, 0) for s in STATUSES})
    return {y: dict(c) for y, c in sorted(total.items())}

"""One indicator across governments: every government's target in a year beside its parent's, with its
result and verdict; the years that have it. Read through the (indicator, year) index."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from planwatch.assess import Verdict, compare, scorecard
from planwatch.assess.ledgers import indicator_ledger
from planwatch.assess.rows import Entry
from planwatch.assess.wording import entry_phrase
from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.schema import FigureRow
from planwatch.web.pages.regions import levels_of


@dataclasses.dataclass(slots=True)
class LevelRow:
    region: str
    level: str | None
    parent: str | None
    measure: str
    target: Entry
    parent_target: Entry | None
    escalation: Decimal | None
    verdict: Verdict | None
    doc_of_figure: dict[int, int]

    def link(self, entry: Entry | None) -> str | None:
        if entry is None or entry.figure_id not in self.doc_of_figure:
            return None
        return f"/doc/{self.doc_of_figure[entry.figure_id]}#f{entry.figure_id}"

    def to_dict(self) -> dict[str, Any]:
        v = self.verdict
        return {
            "region": self.region, "level": self.level, "parent": self.parent, "measure": self.measure,
            "target": {**self.target.to_dict(), "text": entry_phrase(self.target, self.measure),
                       "url": self.link(self.target)},
            "parent_target": ({**self.parent_target.to_dict(), "text": entry_phrase(self.parent_target, self.measure),
                               "url": self.link(self.parent_target)} if self.parent_target else None),
            "escalation": self.escalation,
            "result": ({**v.result.to_dict(), "text": entry_phrase(v.result, self.measure), "url": self.link(v.result)}
                       if v is not None and v.result is not None else None),
            "status": v.status if v else None,
            "provisional": v.provisional if v else False,
        }


def indicator_rows(db: SessionOrDb, indicator: str, year: int) -> list[LevelRow]:
    """Every government's target of `indicator` in `year` beside its parent's, with its verdict."""
    ledger = indicator_ledger(db, indicator, year)
    verdicts = {(v.region, v.measure): v for v in scorecard(ledger, year=year, indicator=indicator)}
    regions = {r.region or r.figure.region for r in ledger.records} | {r.figure.region for r in ledger.records}
    levels = levels_of(db, [n for n in regions if n])
    doc_of = {r.id: r.doc_id for r in ledger.records}
    return [LevelRow(c.region, levels.get(c.region), c.parent, c.measure, c.target, c.parent_target, c.escalation,
                     verdicts.get((c.region, c.measure)), doc_of)
            for c in compare(ledger, year, indicator=indicator)]


def indicator_years(db: SessionOrDb, indicator: str) -> list[int]:
    """The years with a target of `indicator`, newest first."""
    with session_scope(db) as session:
        years = session.execute(select(FigureRow.year).where(FigureRow.indicator == indicator,
                                                             FigureRow.kind == "target").distinct()).scalars()
        return sorted((y for y in years if y is not None), reverse=True)

"""One document's page: each figure with the verdict on its key and the figure on the other side of it
(a target's current result, a result's target), judged against the figures of the document's own
regions and years."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from planwatch.assess import Verdict, judge
from planwatch.assess.ledger import Key, key_of, region_of
from planwatch.assess.ledgers import neighbourhood_ledger
from planwatch.assess.rows import format_decimal
from planwatch.assess.wording import entry_phrase, figure_phrase
from planwatch.engine.catalog import catalog
from planwatch.models import FigureRecord
from planwatch.store.db import SessionOrDb
from planwatch.store.write import FIGURE_FIELDS


@dataclasses.dataclass(slots=True)
class FigureView:
    """A figure as the document page and its detail panel show it."""

    record: FigureRecord
    verdict: Verdict | None
    linked: FigureRecord | None  # target ↔ result, possibly in another document

    def to_dict(self) -> dict[str, Any]:
        f, r = self.record.figure, self.record
        entry = catalog().get(f.indicator)
        data: dict[str, Any] = {"id": r.id, "doc_id": r.doc_id, **{k: getattr(f, k) for k in FIGURE_FIELDS},
                                "text": figure_phrase(f), "catalog": entry is not None,
                                "indicator_name": entry.name if entry else None,
                                "indicator_en": entry.en if entry else None}
        data["region"] = region_of(r)
        data["verdict"] = None
        if self.verdict is not None:
            v = self.verdict
            data["verdict"] = {"status": v.status, "provisional": v.provisional, "year": v.year,
                               "gap": None if v.gap is None else format_decimal(v.gap),
                               "target": entry_phrase(v.target, v.measure),
                               "result": entry_phrase(v.result, v.measure)}
        data["linked"] = None
        if self.linked is not None:
            lf = self.linked.figure
            data["linked"] = {"id": self.linked.id, "doc_id": self.linked.doc_id, "doc_name": self.linked.doc_name,
                              "kind": lf.kind, "quote": lf.quote, "text": figure_phrase(lf), "year": lf.year,
                              "url": f"/doc/{self.linked.doc_id}#f{self.linked.id}"}
        return data


def figure_views(db: SessionOrDb, records: Sequence[FigureRecord]) -> list[FigureView]:
    """Each figure with its verdict and linked figure; reads the figures of the records' regions and
    years only."""
    ledger = neighbourhood_ledger(db, (name for r in records if (name := region_of(r))),
                                  (r.figure.year for r in records if r.figure.year is not None))
    by_id = {r.id: r for r in ledger.records}
    judged: dict[Key, Verdict | None] = {}
    views = []
    for record in records:
        key = key_of(record)
        verdict = None
        if key is not None:
            if key not in judged:
                judged[key] = judge(ledger, key) if ledger.target(key) is not None else None
            verdict = judged[key]
        linked = None
        if verdict is not None:
            other = verdict.result if record.figure.kind == "target" else verdict.target
            if other is not None and other.figure_id != record.id:
                linked = by_id.get(other.figure_id) if other.figure_id is not None else None
        views.append(FigureView(record, verdict, linked))
    return views

"""The ledgers the judgments read from a database, shared by the command line and the web.

What each judgment needs from the store: no more than its region and years, so that it stays quick on a
large database, and no less (sync targets need GDP growth, pending vs not_reported the reviewing reports).
The rest of `planwatch.assess` is pure functions over the ledgers these return.
"""

from __future__ import annotations

import dataclasses
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import select

from planwatch import store
from planwatch.assess.check import DocumentEntry, Finding, check
from planwatch.assess.ledger import Key, Ledger
from planwatch.assess.rows import Rows
from planwatch.engine.catalog import catalog
from planwatch.engine.mentions import Named, named_from_data, named_in_review
from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.queries import CURRENT
from planwatch.store.records import StoredDocument
from planwatch.store.schema import DocumentRow

# How many years after a year a report may still review it (the five-year review of a new plan's report).
REVIEW_REACH = 5
# What stored reports name in their reviews (`named_in_review`), read from the texts of those stored before
# it was stored beside them (migration 0007), by their content and facts: it stays true while they do, so
# a check after a new document reads only that one. At most this many reports.
NAMED_KEPT = 50_000
_named: OrderedDict[tuple, Named] = OrderedDict()
# What a sync target (与经济增长同步) is judged against: it travels with every narrowed ledger.
SYNC_INDICATOR = "gdp"


def catalog_ids() -> list[str]:
    """The indicators judgments read: the catalog's (most stored figures are `other`)."""
    return list(catalog())


def scorecard_ledger(db: SessionOrDb, region: str | None = None, year: int | None = None) -> Ledger:
    """The catalog figures of `region` in `year` (each optional) and the reports reviewing them."""
    figures = store.figures(db, region=region, year=year, indicator=catalog_ids())
    return Ledger(figures, store.reviews(db, region=region))


def annex_ledger(db: SessionOrDb, region: str, year: int) -> Ledger:
    """The catalog figures of `region` in `year` and the year before, and the reports reviewing them."""
    records = store.figures(db, region=region, year=[year - 1, year], indicator=catalog_ids())
    return Ledger(records, store.reviews(db, region=region))


def compare_ledger(db: SessionOrDb, year: int) -> Ledger:
    """Every catalog target of `year`, of every region."""
    return Ledger(store.figures(db, year=year, kind="target", indicator=catalog_ids()))


def regions_ledger(db: SessionOrDb, regions: Sequence[str], year: int | None = None) -> Ledger:
    """The catalog figures of each of `regions` (in `year` when given) and the reports reviewing them: a
    query per region, each through the (region, year, indicator) index, which one query over a list of
    regions does not use."""
    records = [r for name in regions for r in store.figures(db, region=name, year=year, indicator=catalog_ids())]
    return Ledger(records, store.reviews(db, region=sorted(set(regions))) if regions else [])


def neighbourhood_ledger(db: SessionOrDb, regions: Iterable[str], years: Iterable[int]) -> Ledger:
    """The catalog figures of `regions` in `years` (what a document's own figures are judged against:
    the others have no verdict) and the reports reviewing them."""
    names, wanted = sorted(set(regions)), sorted(set(years))
    if not names or not wanted:
        return Ledger([])
    return Ledger(store.figures(db, region=names, year=wanted, indicator=catalog_ids()),
                  store.reviews(db, region=names))


def related_indicators(indicator: str) -> set[str]:
    """An indicator with what judging it needs: its parts, the joint indicator it is a part of, and GDP
    (the basis of targets synchronised with growth)."""
    entry = catalog()[indicator]
    return {indicator, SYNC_INDICATOR, *entry.parts} | {i.id for i in catalog().values() if indicator in i.parts}


def indicator_ledger(db: SessionOrDb, indicator: str, year: int) -> Ledger:
    """One indicator (with `related_indicators`) in `year`, of every region, through the (indicator,
    year) index; and the documents (current versions) that review that year."""
    records = store.figures(db, year=year, indicator=sorted(related_indicators(indicator)))
    query = (select(DocumentRow.region).distinct()
             .where(DocumentRow.region.is_not(None), DocumentRow.review_year == year, CURRENT))
    with session_scope(db) as session:
        reviews = [(name, year) for name in session.execute(query).scalars()]
    return Ledger(records, reviews)


def check_books(db: SessionOrDb, region: str | None = None, year: int | None = None) -> Rows[Finding]:
    """What looks wrong in the books (`planwatch.assess.check`), of `region` and `year` when given."""
    ledger = Ledger(store.figures(db, region=region, indicator=catalog_ids()), store.reviews(db, region=region))
    stored = list(store.documents(db, region=region))
    documents = [DocumentEntry(d.id, d.name, d.facts.region, d.facts.plan_year, d.facts.review_year)
                 for d in stored]
    return Rows(f for f in check(ledger, documents, named=_named_in_reviews(db, stored, region))
                if year is None or f.year == year)


def _named_in_reviews(db: SessionOrDb, stored: Sequence[StoredDocument],
                      region: str | None) -> Callable[[Key], bool | None]:
    """`check`'s `named`: whether a region's reports reviewing a year name an indicator there with a number
    of the target's measure, as stored beside them (`store.named_in_review`); a report stored before that
    is read only when a target asks (`_named_in_review`)."""
    reviewing: dict[str, list[StoredDocument]] = defaultdict(list)
    for d in stored:
        if d.facts.region and d.facts.review_year:
            reviewing[d.facts.region].append(d)
    kept = {doc_id: named_from_data(data) for doc_id, data in store.named_in_review(db, region=region).items()
            if data is not None}

    def named(key: Key) -> bool | None:
        reports = [d for d in reviewing.get(key.region, ())
                   if key.year <= d.facts.review_year < key.year + REVIEW_REACH]  # type: ignore[operator]
        if not reports:
            return None
        return any((key.indicator, key.measure) in (kept[d.id] if d.id in kept else _named_in_review(db, d))
                   .get(key.year, ()) for d in reports)

    return named


def _named_in_review(db: SessionOrDb, d: StoredDocument) -> Named:
    """`named_in_review` of a report stored without it, read from its text once per content and facts."""
    key = (d.sha256, *dataclasses.astuple(d.facts))
    if key in _named:
        _named.move_to_end(key)
        return _named[key]
    full = store.get_document(db, d.id)
    found = named_in_review(full.to_document()) if full is not None else {}
    _named[key] = found
    if len(_named) > NAMED_KEPT:
        _named.popitem(last=False)
    return found

"""The ledgers the judgments read from a database, shared by the command line and the web.

What each judgment needs from the store: no more than its region and years, so that it stays quick on a
large database, and no less (sync targets need GDP growth, pending vs not_reported the reviewing reports).
The rest of `planwatch.assess` is pure functions over the ledgers these return.
"""

from __future__ import annotations

from planwatch import store
from planwatch.assess.check import DocumentEntry, Finding, check
from planwatch.assess.ledger import Ledger
from planwatch.assess.rows import Rows
from planwatch.engine.catalog import catalog
from planwatch.store.db import SessionOrDb


def _catalog_ids() -> list[str]:
    """The indicators judgments read: the catalog's (most stored figures are `other`)."""
    return list(catalog())


def scorecard_ledger(db: SessionOrDb, region: str | None = None, year: int | None = None) -> Ledger:
    """The catalog figures of `region` in `year` (each optional) and the reports reviewing them."""
    figures = store.figures(db, region=region, year=year, indicator=_catalog_ids())
    return Ledger(figures, store.reviews(db, region=region))


def annex_ledger(db: SessionOrDb, region: str, year: int) -> Ledger:
    """The catalog figures of `region` in `year` and the year before, and the reports reviewing them."""
    records = store.figures(db, region=region, year=[year - 1, year], indicator=_catalog_ids())
    return Ledger(records, store.reviews(db, region=region))


def compare_ledger(db: SessionOrDb, year: int) -> Ledger:
    """Every catalog target of `year`, of every region."""
    return Ledger(store.figures(db, year=year, kind="target", indicator=_catalog_ids()))


def check_books(db: SessionOrDb, region: str | None = None, year: int | None = None) -> Rows[Finding]:
    """What looks wrong in the books (`planwatch.assess.check`), of `region` and `year` when given."""
    ledger = Ledger(store.figures(db, region=region, indicator=_catalog_ids()), store.reviews(db, region=region))
    documents = [DocumentEntry(d.id, d.name, d.facts.region, d.facts.plan_year, d.facts.review_year)
                 for d in store.documents(db, region=region)]
    return Rows(f for f in check(ledger, documents)
                if year is None or f.year == year)

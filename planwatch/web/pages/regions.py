"""The regions table and the gazetteer, as pages read them: names, levels, parents and children."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from planwatch.store.db import SessionOrDb, session_scope
from planwatch.store.queries import CURRENT
from planwatch.store.records import RegionRecord
from planwatch.store.schema import DocumentRow, RegionRow

LEVELS = ("province", "city", "county")
LEVEL_ORDER = {level: n for n, level in enumerate(LEVELS)}


def region_records(db: SessionOrDb, *, names: Sequence[str] | None = None,
                   parent: str | None = None) -> list[RegionRecord]:
    """Rows of the regions table by name, or the regions whose parent is `parent` (no document counts)."""
    query = select(RegionRow).order_by(RegionRow.name, RegionRow.code)
    if names is not None:
        if not names:
            return []
        query = query.where(RegionRow.name.in_(list(names)))
    if parent is not None:
        query = query.where(RegionRow.parent_name == parent)
    with session_scope(db) as session:
        return [RegionRecord(name=r.name, code=r.code, level=r.level, parent_code=r.parent_code,
                             parent_name=r.parent_name) for r in session.execute(query).scalars()]


def levels_of(db: SessionOrDb, names: Sequence[str]) -> dict[str, str | None]:
    """The level of each of `names` that the regions table knows."""
    return {r.name: r.level for r in region_records(db, names=sorted(set(names)))}


def region_list(db: SessionOrDb, level: str | None = None) -> list[RegionRecord]:
    """The stored regions (one per name), provinces first, then cities, then counties, by name."""
    by_name: dict[str, RegionRecord] = {}
    for record in region_records(db):
        if level is not None and (record.level or "unknown") != level:
            continue
        by_name.setdefault(record.name, record)
    return sorted(by_name.values(), key=lambda r: (LEVEL_ORDER.get(r.level or "", 9), r.name))


def document_counts(db: SessionOrDb, regions: Sequence[str]) -> dict[str, int]:
    """How many stored documents (current versions) each of `regions` has (one grouped query through the
    region index)."""
    if not regions:
        return {}
    with session_scope(db) as session:
        rows = session.execute(select(DocumentRow.region, func.count())
                               .where(DocumentRow.region.in_(list(regions)), CURRENT)
                               .group_by(DocumentRow.region)).all()
    return {name: n for name, n in rows}


def years_in_database(db: SessionOrDb) -> list[int]:
    """Every year a stored document (a current version) plans or reviews, newest first (two small index
    scans)."""
    with session_scope(db) as session:
        years = set(session.execute(select(DocumentRow.plan_year).where(CURRENT).distinct()).scalars())
        years |= set(session.execute(select(DocumentRow.review_year).where(CURRENT).distinct()).scalars())
    return sorted((y for y in years if y is not None), reverse=True)


def gazetteer_children(name: str) -> list[str]:
    """The divisions directly below `name` in the gazetteer, when it knows the place by that name."""
    place = _gazetteer_place(name)
    if place is None:
        return []
    from planwatch.engine.regions import get_gazetteer

    return [child.name for child in get_gazetteer().children(place)]


def gazetteer_level(name: str) -> str | None:
    place = _gazetteer_place(name)
    return getattr(place, "level", None) if place is not None else None


def _gazetteer_place(name: str):  # type: ignore[no-untyped-def]
    try:
        from planwatch.engine.regions import get_gazetteer

        gazetteer = get_gazetteer()
    except (ImportError, OSError):
        return None
    place = gazetteer.resolve(name)
    if place is None or not place.known or place.name != name:
        return None
    return place

"""Writing the books: a document with its figures, all in the caller's transaction.

`store_document` inserts a document and raises `IntegrityError` when the same content (sha256) is already
stored — possibly by another process a moment ago. `store_version` is what ingest calls: it knows where the
document was read from (`source_key`) and keeps that source's versions — new content supersedes the
current version (whose corrections follow the figures that are still the same), content stored before
becomes current again, the same content changes nothing. `replace_figures` is reprocess's half: figures
that the new extraction still finds keep their row and id. `delete_document` takes a document out and
leaves its source's other versions a whole chain.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, event, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from planwatch.models import Document, DocumentFacts, Figure
from planwatch.store.schema import (
    KIND_CODES,
    MEASURE_CODES,
    OP_CODES,
    SOURCE_CODES,
    OTHER,
    DocumentRow,
    ExactDecimal,
    FigureRow,
    PhraseRow,
    RegionRow,
)

FIGURE_FIELDS = tuple(f.name for f in dataclasses.fields(Figure))
FACT_FIELDS = tuple(f.name for f in dataclasses.fields(DocumentFacts))
# The figures table's columns as `_figure_rows` writes them (key and ident: NULL, derived; see FigureRow).
STORED_COLUMNS = ("doc_id", "position", "indicator", "label_id", "measure", "value", "unit", "op", "kind", "year",
                  "region", "start", "end", "qualifier", "source", "restated", "range", "section_id", "period",
                  "quote", "doc")
_CODES = {name: {word: n for n, word in enumerate(words)}
          for name, words in (("measure", MEASURE_CODES), ("op", OP_CODES), ("kind", KIND_CODES),
                              ("source", SOURCE_CODES))}
_CHUNK = 500  # values per IN (...) list


def figure_keys(figures: Sequence[Figure]) -> list[str]:
    """Keys that name each figure across re-extractions: `start:end:indicator:measure`, with `#n` for the
    n-th repeat of the same key in one document (the two bounds of a range can share a span)."""
    return _numbered([f"{f.start}:{f.end}:{f.indicator}:{f.measure}" for f in figures])


def _numbered(bases: list[str]) -> list[str]:
    """Each of `bases`, with `#n` for the n-th repeat of it."""
    seen: Counter[str] = Counter()
    keys = []
    for base in bases:
        keys.append(base if not seen[base] else f"{base}#{seen[base]}")
        seen[base] += 1
    return keys


def figure_idents(figures: Sequence[Figure]) -> list[str]:
    """Each figure's identity across versions of its document: a digest of its indicator, measure, kind,
    year and quote, with `#n` for the n-th repeat (the offsets are left out: an edit above moves them)."""
    words = ("\x1f".join(str(part) for part in (f.indicator, f.measure, f.kind, f.year, f.quote)) for f in figures)
    return _numbered([hashlib.sha256(w.encode()).hexdigest()[:32] for w in words])


def source_key(source: str | os.PathLike[str] | None) -> str | None:
    """The identity of where a document was read from, whose documents are versions of one another: a
    digest of the URL, or of the file's absolute path; None for standard input and unnamed bytes."""
    from planwatch.fetch import is_url

    source = str(source or "")
    if not source or source == "-":
        return None
    where = source if is_url(source) else "file:" + os.path.abspath(source)
    return hashlib.sha256(where.encode()).hexdigest()


def _facts_columns(facts: DocumentFacts) -> dict[str, Any]:
    return {name: getattr(facts, name) for name in FACT_FIELDS}


def _dialect_insert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def driver_query(session: Session, sql: str, params: tuple[Any, ...] | list[tuple[Any, ...]]) -> Any:
    """The result of `sql` (with `?` placeholders) sent straight through the driver, an executemany for a
    list of rows: what ingest does for every document, where SQLAlchemy's statement and parameter handling
    cost more than the work itself."""
    conn = session.connection()
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    return conn.exec_driver_sql(sql, params)


def phrase_ids(session: Session, texts: Iterable[str | None]) -> dict[str, int]:
    """The id of each text in the phrases table, the new ones inserted (never fails on a race); those the
    session knows already (`_known_phrases`) are not looked up again."""
    known = _known_phrases(session)
    asked = {t for t in texts if t is not None}
    found = {t: known[t] for t in asked if t in known}
    wanted = sorted(asked - found.keys())
    if not wanted:
        return found

    def look_up(words: list[str]) -> None:  # through the driver: SQLAlchemy's IN lists cost more than the lookup
        for i in range(0, len(words), _CHUNK):
            chunk = words[i:i + _CHUNK]
            sql = f"SELECT text, id FROM phrases WHERE text IN ({', '.join('?' * len(chunk))})"
            found.update(driver_query(session, sql, tuple(chunk)).all())

    look_up(wanted)
    missing = [t for t in wanted if t not in found]
    if missing:
        session.execute(_dialect_insert(session)(PhraseRow).on_conflict_do_nothing(index_elements=["text"]),
                        [{"text": t} for t in missing])
        look_up(missing)
    known.update(found)
    return found


_PHRASES = "planwatch_phrase_ids"


def _known_phrases(session: Session) -> dict[str, int]:
    """The phrase ids a session has looked up or inserted (a batch of ingest writes many documents that
    share their labels and headings). Phrases are never deleted: they stay true until the session rolls
    back (a savepoint included), which may take the session's new phrases with it, and forgets them."""
    known = session.info.get(_PHRASES)
    if known is None:
        known = session.info[_PHRASES] = {}
        event.listen(session, "after_soft_rollback", lambda s, _previous: s.info[_PHRASES].clear())
    return known


def stored_region(region: str | None, doc_region: str | None) -> str | None:
    """How a figure's region is stored: NULL where it is its document's, '' where it has none of its
    own but the document has one, else the region (`FigureRow`)."""
    if region == doc_region:
        return None
    return "" if region is None else region


@dataclasses.dataclass(frozen=True, slots=True)
class PackedFigures:
    """A document's figures as the rows of the figures table, each without its document's id, with its
    label and section as texts (`PACKED_COLUMNS`): what an ingest worker sends the writer, who only puts in
    the ids. Half the bytes of the figures pickled, and none of the writer's work of turning them into rows."""

    rows: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def keys(self) -> list[str]:
        """`figure_keys` of the figures packed."""
        start, end, indicator, measure = (PACKED_COLUMNS.index(c) for c in ("start", "end", "indicator", "measure"))
        return _numbered([f"{r[start]}:{r[end]}:{r[indicator] or OTHER}:{MEASURE_CODES[r[measure]]}"
                          for r in self.rows])


# STORED_COLUMNS but the document's id, with the texts of label_id and section_id
PACKED_COLUMNS = tuple({"label_id": "label", "section_id": "section"}.get(c, c) for c in STORED_COLUMNS[1:])
_LABEL, _SECTION = PACKED_COLUMNS.index("label"), PACKED_COLUMNS.index("section")


def pack_figures(figures: Sequence[Figure] | PackedFigures, text: str, name: str,
                 doc_region: str | None) -> PackedFigures:
    """A document's figures (of `text`, named `name`, placed in `doc_region`) as stored rows (`FigureRow`
    says what is left out); packed figures as they are."""
    if isinstance(figures, PackedFigures):
        return figures
    measures, ops, kinds, sources = (_CODES[c] for c in ("measure", "op", "kind", "source"))
    exact = ExactDecimal.as_text
    rows = []
    for position, f in enumerate(figures):
        other = f.indicator == OTHER
        rows.append((position, None if other else f.indicator, f.label, measures[f.measure], exact(f.value), f.unit,
                     ops[f.op], kinds[f.kind], f.year, stored_region(f.region, doc_region), f.start, f.end,
                     f.qualifier, sources[f.source], bool(f.restated), bool(f.range), f.section, f.period,
                     f.quote if not other or text[f.start:f.end] != f.quote else None,
                     None if f.doc in (None, name) else f.doc))
    return PackedFigures(rows)


# What Python's sqlite3 binds without looking for an adapter (which it does for every None and bool, at half
# the cost of a figure's insert): NaN, which SQLite stores as NULL, and the integers SQLite stores for booleans
_SQLITE_VALUES: dict[Any, Any] = {None: float("nan"), True: 1, False: 0}


def _figure_rows(session: Session, doc_id: int, packed: PackedFigures) -> list[tuple[Any, ...]]:
    """The rows of `STORED_COLUMNS` of a document's packed figures, as the database driver takes them (on
    SQLite, with `_SQLITE_VALUES`)."""
    rows, label, section = packed.rows, _LABEL, _SECTION
    phrases = phrase_ids(session, [t for r in rows for t in (r[label], r[section])])
    with_ids = ((doc_id, *r[:label], phrases[r[label]], *r[label + 1:section],
                 None if r[section] is None else phrases[r[section]], *r[section + 1:]) for r in rows)
    if session.get_bind().dialect.name != "sqlite":
        return list(with_ids)
    value = _SQLITE_VALUES.get  # (1 and 0 are equal to True and False: they stay as they are)
    return [tuple([value(v, v) for v in row]) for row in with_ids]


_COLUMN_LIST = ", ".join(f'"{c}"' for c in STORED_COLUMNS)
_INSERT_FIGURES = f"INSERT INTO figures ({_COLUMN_LIST}) VALUES ({', '.join('?' for _ in STORED_COLUMNS)})"
_UPDATE_FIGURES = (f"UPDATE figures SET {', '.join(f'{chr(34)}{c}{chr(34)} = ?' for c in STORED_COLUMNS)}, "
                   '"key" = NULL, "ident" = NULL WHERE id = ?')


def _insert_figures(session: Session, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        driver_query(session, _INSERT_FIGURES, rows)


def identities(session: Session, doc_id: int) -> list[tuple[int, str, str]]:
    """(id, key, ident) of each figure of a document, in its order: as stored once pinned, else derived
    from the figures (see `FigureRow`)."""
    from planwatch.store.queries import figures as stored_figures

    rows = session.execute(select(FigureRow.id, FigureRow.key, FigureRow.ident).where(FigureRow.doc_id == doc_id)
                           .order_by(FigureRow.position)).all()
    if all(r.key is not None and r.ident is not None for r in rows):
        return [(r.id, r.key, r.ident) for r in rows]
    found = [r.figure for r in stored_figures(session, doc_id=doc_id)]
    return [(r.id, r.key or key, r.ident or ident)
            for r, key, ident in zip(rows, figure_keys(found), figure_idents(found))]


def keys_of(session: Session, doc_id: int) -> dict[str, int]:
    """figure key → figure id, of a document's figures."""
    return {key: figure_id for figure_id, key, _ in identities(session, doc_id)}


def pin_identities(session: Session, doc_id: int) -> None:
    """Store the keys and idents of a document's figures (derived until now) before a correction may
    change the fields they are derived from."""
    rows = session.execute(select(FigureRow.id).where(FigureRow.doc_id == doc_id, FigureRow.key.is_(None))).first()
    if rows is None:
        return
    driver_query(session, 'UPDATE figures SET "key" = ?, "ident" = ? WHERE id = ?',
                [(key, ident, figure_id) for figure_id, key, ident in identities(session, doc_id)])


def set_fields(session: Session, figure_id: int, values: dict[str, Any]) -> None:
    """Write corrected fields of a figure, stored as `FigureRow` says (a figure made a catalog one gets
    its quote stored)."""
    columns = dict(values)
    texts = {name: columns.pop(name) for name in ("label", "section") if name in columns}
    if texts:
        ids = phrase_ids(session, texts.values())
        columns.update({f"{name}_id": None if text is None else ids[text] for name, text in texts.items()})
    if "region" in columns or columns.get("indicator", OTHER) != OTHER:
        row = session.execute(select(DocumentRow.region, DocumentRow.text, FigureRow.quote, FigureRow.start,
                                     FigureRow.end).join(FigureRow, FigureRow.doc_id == DocumentRow.id)
                              .where(FigureRow.id == figure_id)).one()
        if "region" in columns:
            columns["region"] = stored_region(columns["region"], row.region)
        if columns.get("indicator", OTHER) != OTHER and row.quote is None:
            columns["quote"] = row.text[row.start:row.end]
    session.execute(update(FigureRow).where(FigureRow.id == figure_id).values(columns))


def store_document(session: Session, document: Document, figures: Sequence[Figure] | PackedFigures, *,
                   engine_version: str, overrides: dict[str, Any] | None = None, source_key: str | None = None,
                   named: dict[str, Any] | None = None) -> int:
    """Insert a document, its region and its figures (with any stored corrections re-applied); its id.
    It is no version of anything (see `store_version`), unless given the `source_key` of a source that
    has no current version. `named`: what it names in its reviews (`DocumentRow.named_in_review`), None
    when not computed."""
    from planwatch.corrections import apply_corrections

    values = dict(sha256=document.sha256, name=document.name, source=document.source or "",
                  source_key=source_key, format=document.format, encoding=document.encoding, text=document.text,
                  meta=dict(document.meta), overrides=dict(overrides or {}),
                  ingested_at=dt.datetime.now(dt.timezone.utc), engine_version=engine_version,
                  named_in_review=named, **_facts_columns(document.facts))
    documents = DocumentRow.__table__
    doc_id = session.execute(documents.insert().returning(documents.c.id), values).scalar_one()  # Core: cheaper
    upsert_region(session, document.facts)
    packed = pack_figures(figures, document.text, document.name, document.facts.region)
    _insert_figures(session, _figure_rows(session, doc_id, packed))
    apply_corrections(session, doc_id)
    _index_at_commit(session, doc_id)
    return doc_id


_UNINDEXED = "planwatch_unindexed_documents"


def _index_at_commit(session: Session, doc_id: int) -> None:
    """On SQLite, put a new document in the search index when its transaction commits, with the other new
    documents of the transaction in one statement (migration 0008: FTS5 writes a segment of its index at
    the end of every statement that changes it)."""
    if session.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's trigram index follows the table
    pending = session.info.get(_UNINDEXED)
    if pending is None:
        pending = session.info[_UNINDEXED] = set()
        event.listen(session, "before_commit", _index_before_commit)
        event.listen(session, "after_transaction_end", _forget_unindexed)
    pending.add(doc_id)


def _forget_unindexed(session: Session, transaction: Any) -> None:
    """The transaction's end (a rollback: its documents are gone, and another may take their ids)."""
    if transaction.parent is None:
        session.info[_UNINDEXED].clear()


def _index_before_commit(session: Session) -> None:
    if not session.in_nested_transaction():  # a savepoint released: its transaction goes on
        index_pending(session)


def index_pending(session: Session) -> None:
    """Index the documents inserted in the session's transaction and not indexed yet (one whose savepoint
    was rolled back is no longer there to be read); done before the commit, and before a deletion (the
    index's delete trigger takes out what was put in)."""
    pending = session.info.get(_UNINDEXED)
    if not pending:
        return
    ids = sorted(pending)
    pending.clear()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        driver_query(session, "INSERT INTO documents_search(rowid, text) SELECT id, plain(text) || '  ' FROM documents "
                     f"WHERE id IN ({', '.join('?' * len(chunk))})", tuple(chunk))


@dataclasses.dataclass(slots=True)
class Written:
    """What `store_version` did: `status` is stored (a new source), updated (a new version of a source, or
    an earlier version current again) or unchanged; `previous` the version it superseded."""

    doc_id: int
    status: str
    previous: int | None = None
    carried: int = 0  # corrections carried over from the previous version
    orphaned: list[str] = dataclasses.field(default_factory=list)  # those whose figure is gone, described


def store_version(session: Session, document: Document, figures: Sequence[Figure] | PackedFigures, *,
                  source_key: str | None, engine_version: str, overrides: dict[str, Any] | None = None,
                  named: dict[str, Any] | None = None) -> Written:
    """Store what was read from a source (`source_key`, None for no source) as its current version.

    New content is inserted and supersedes the source's current version; content stored before (an edit
    undone, or a file now a copy of another source's) becomes the source's current version again; the
    current content changes nothing. Corrections of the superseded version are carried to the figures
    that are the same in the new one (`corrections.carry_corrections`). On PostgreSQL the source is
    locked for the transaction (SQLite's writers hold the database's write lock). `named` as for
    `store_document`."""
    from planwatch.corrections import apply_corrections, carry_corrections

    if source_key is not None and session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(int(source_key[:15], 16))))
    current = None
    if source_key is not None:
        current = driver_query(session, "SELECT id FROM documents WHERE source_key = ? AND superseded_by IS NULL",
                               (source_key,)).scalar()
    existing = driver_query(session, "SELECT id, superseded_by FROM documents WHERE sha256 = ?",
                            (document.sha256,)).first()
    if existing is None:  # a new source's first version is stored as such; a newer one, once the old gave way
        doc_id = store_document(session, document, figures, engine_version=engine_version, overrides=overrides,
                                source_key=source_key if current is None else None, named=named)
        if current is None:
            return Written(doc_id, "stored")
    elif source_key is None or (existing.superseded_by is None and current in (None, existing.id)):
        return Written(existing.id, "unchanged")
    else:
        doc_id = existing.id
    if current is not None and current != doc_id:
        _supersede(session, current, doc_id)
    if source_key is not None and (existing is None or existing.superseded_by is not None):
        # after the old version gave way (one current version per source); content that is current for
        # another source (a copy of its file) stays that source's
        session.execute(update(DocumentRow).where(DocumentRow.id == doc_id)
                        .values(source_key=source_key, superseded_by=None, superseded_at=None))
    if current is None or current == doc_id:
        return Written(doc_id, "stored" if existing is None else "updated")
    carried, orphaned = carry_corrections(session, current, doc_id)
    apply_corrections(session, doc_id)
    return Written(doc_id, "updated", current, carried, orphaned)


def _supersede(session: Session, old_id: int, new_id: int) -> None:
    session.execute(update(DocumentRow).where(DocumentRow.id == old_id)
                    .values(superseded_by=new_id, superseded_at=dt.datetime.now(dt.timezone.utc)))


def replace_figures(session: Session, doc_id: int, facts: DocumentFacts,
                    figures: Sequence[Figure] | PackedFigures, *,
                    engine_version: str, named: dict[str, Any] | None = None) -> None:
    """A document's new extraction: its facts updated (and what it names in its reviews: `named`, None
    when not computed), its figures replaced, corrections re-applied.

    A figure found again (the same key: offsets, indicator, measure) keeps its row, so its id — in an
    export, a link, a correction — still names it; the others are deleted and inserted."""
    from planwatch.corrections import apply_corrections

    session.execute(update(DocumentRow).where(DocumentRow.id == doc_id)
                    .values(engine_version=engine_version, named_in_review=named, **_facts_columns(facts)))
    upsert_region(session, facts)
    text, name = session.execute(select(DocumentRow.text, DocumentRow.name).where(DocumentRow.id == doc_id)).one()
    ids = keys_of(session, doc_id)
    kept, new = [], []
    packed = pack_figures(figures, text, name, facts.region)
    for row, key in zip(_figure_rows(session, doc_id, packed), packed.keys()):
        figure_id = ids.pop(key, None)
        if figure_id is None:
            new.append(row)
        else:
            kept.append((*row, figure_id))
    if ids:
        session.execute(delete(FigureRow).where(FigureRow.id.in_(list(ids.values()))))
    if kept:
        driver_query(session, _UPDATE_FIGURES, kept)  # the new extraction's identities: derived again
    _insert_figures(session, new)
    apply_corrections(session, doc_id)


def region_key(name: str, code: str | None, parent: str | None) -> str:
    return code or f"{parent or ''}/{name}"


def upsert_region(session: Session, facts: DocumentFacts) -> None:
    """Record the document's region once (by code, else by parent and name); never fails on a race."""
    if not facts.region:
        return
    known = _gazetteer_entry(facts.region_code)
    values = (region_key(facts.region, facts.region_code, facts.parent), facts.region, facts.region_code,
              facts.level or (known and known.level),
              known.parent_code if known else _derived_parent_code(facts.region_code),
              facts.parent or (known and known.parent_name))
    driver_query(session, 'INSERT INTO regions ("key", name, code, level, parent_code, parent_name) '
                 'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT ("key") DO NOTHING', values)


def _gazetteer_entry(code: str | None) -> Any:
    """The gazetteer's entry for a GB/T 2260 code (`planwatch.engine.regions`), when it can be had."""
    if not code:
        return None
    try:
        from planwatch.engine.regions import get_gazetteer

        return get_gazetteer().by_code(code)
    except (ImportError, OSError):
        return None


def _derived_parent_code(code: str | None) -> str | None:
    """The parent's code read off the region's own: a county's city is its first four digits + 00, a
    city's province its first two + 0000 (no gazetteer at hand)."""
    if not code or len(code) != 6 or not code.isdigit():
        return None
    if code[4:] != "00":
        return code[:4] + "00"
    if code[2:4] != "00":
        return code[:2] + "0000"
    return None


@dataclasses.dataclass(slots=True)
class Removed:
    """What `delete_document` did: the document's content and name, and the versions current again."""

    sha256: str
    name: str
    restored: list[int] = dataclasses.field(default_factory=list)


def delete_document(session: Session, doc_id: int) -> Removed | None:
    """Delete a document with its figures (and its region when no other document has it), in the caller's
    transaction; None when there is no such document.

    The versions it superseded do not point at nothing: an old version deleted hands them to its own
    successor; the current version deleted makes the latest of them current again (per source, unless
    the source has another current version), its corrections carried back."""
    from planwatch.corrections import apply_corrections, carry_corrections

    index_pending(session)
    found = session.execute(select(DocumentRow.sha256, DocumentRow.name, DocumentRow.superseded_by)
                            .where(DocumentRow.id == doc_id)).first()
    if found is None:
        return None
    # out of its source first: a version current again is then the source's one current version
    session.execute(update(DocumentRow).where(DocumentRow.id == doc_id).values(source_key=None))
    restored = _hand_over_versions(session, doc_id, found.superseded_by)
    for version in restored:
        carry_corrections(session, doc_id, version)
        apply_corrections(session, version)
    session.execute(delete(FigureRow).where(FigureRow.doc_id == doc_id))
    session.execute(delete(DocumentRow).where(DocumentRow.id == doc_id))
    prune_regions(session)
    return Removed(found.sha256, found.name, restored)


def _hand_over_versions(session: Session, doc_id: int, newer: int | None) -> list[int]:
    """Re-point the versions `doc_id` superseded before it goes; the ids made current again."""
    if newer is not None:
        session.execute(update(DocumentRow).where(DocumentRow.superseded_by == doc_id).values(superseded_by=newer))
        return []
    older = session.execute(select(DocumentRow.id, DocumentRow.source_key).where(DocumentRow.superseded_by == doc_id)
                            .order_by(DocumentRow.superseded_at.desc(), DocumentRow.id.desc())).all()
    by_source: dict[str | None, list[int]] = {}
    for row in older:
        by_source.setdefault(row.source_key, []).append(row.id)
    restored = []
    for key, ids in by_source.items():
        heir = None if key is None else session.execute(
            select(DocumentRow.id).where(DocumentRow.source_key == key, DocumentRow.superseded_by.is_(None))).scalar()
        if heir is None:  # the latest version before it is current again
            heir = ids.pop(0)
            session.execute(update(DocumentRow).where(DocumentRow.id == heir)
                            .values(superseded_by=None, superseded_at=None))
            restored.append(heir)
        if ids:
            session.execute(update(DocumentRow).where(DocumentRow.id.in_(ids)).values(superseded_by=heir))
    return restored


def prune_regions(session: Session) -> None:
    """Delete the regions that no stored document has any more (after a deletion or a region changed)."""
    doc_key = func.coalesce(DocumentRow.region_code,
                            func.coalesce(DocumentRow.parent, "") + "/" + DocumentRow.region)  # region_key()
    session.execute(delete(RegionRow).where(RegionRow.key.not_in(
        select(doc_key).where(DocumentRow.region.is_not(None)))))

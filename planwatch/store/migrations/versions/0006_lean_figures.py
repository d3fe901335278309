"""lean figures and packed texts: the whole country's reports in a laptop's database

- phrases: the texts many figures share, once each (their labels and section headings);
  figures.label_id / section_id name them.
- figures.measure, op, kind, source: small integer codes (`schema.Code`); figures.indicator NULL for
  `other`; figures.region NULL where it is the document's, '' where the figure has none of its own
  (`store.write.stored_region`); the (region, year, indicator) and (indicator, year) indexes partial:
  the figures that name another region, the catalog's figures.
- figures.quote: NULL where it is the document's text[start:end] (kept for the catalog's figures);
  figures.doc: NULL where it is the document's name; figures.key and ident: NULL until a correction of
  the document may change what they are derived from (`store.write.pin_identities`).
- SQLite: documents.text zlib-compressed, a BLOB value in its TEXT column (`store.packing`); `documents_search` a contentless
  FTS5 trigram index without positions (detail=none; `store.search` checks what it cannot decide) kept by
  triggers through the SQL function `plain`; `figures_search` dropped (figures are searched through
  their documents). PostgreSQL: the trigram indexes on figures.label and quote dropped.
- figures' index by document is (doc_id, start): a document's figures, and those around a place in its
  text (search); documents.superseded_by gets an index (the versions of a document, the superseded ones
  left out of lists, the state of the books that caches check).

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any, Sequence, Union

import sqlalchemy as sa
from alembic import op

from planwatch.store.packing import pack_text, unpack_text
from planwatch.store.schema import KIND_CODES, MEASURE_CODES, OP_CODES, SOURCE_CODES, ExactDecimal
from planwatch.store.write import stored_region

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OTHER = "other"
CODES = {"measure": MEASURE_CODES, "op": OP_CODES, "kind": KIND_CODES, "source": SOURCE_CODES}
COMMON = ("id", "doc_id", "position", "indicator", "value", "unit", "year", "region", "start", "end", "qualifier",
          "restated", "range", "period")
INDEXES = {"ix_figures_region_year_indicator": ["region", "year", "indicator"],
           "ix_figures_indicator_year": ["indicator", "year"], "ix_figures_doc_start": ["doc_id", "start"]}

SQLITE_SEARCH = [
    # a document's text padded with two spaces: every string of one or two characters it contains then
    # begins one of its trigrams (`store.search` finds short terms through the index's vocabulary)
    """CREATE VIRTUAL TABLE documents_search USING fts5(
           text, content='', tokenize='trigram', detail=none, columnsize=0)""",
    "CREATE VIRTUAL TABLE documents_search_terms USING fts5vocab(documents_search, 'row')",
    """CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
           INSERT INTO documents_search(rowid, text) VALUES (new.id, plain(new.text) || '  ');
       END""",
    """CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
           INSERT INTO documents_search(documents_search, rowid, text)
           VALUES ('delete', old.id, plain(old.text) || '  ');
       END""",
    """CREATE TRIGGER documents_search_update AFTER UPDATE OF text ON documents BEGIN
           INSERT INTO documents_search(documents_search, rowid, text)
           VALUES ('delete', old.id, plain(old.text) || '  ');
           INSERT INTO documents_search(rowid, text) VALUES (new.id, plain(new.text) || '  ');
       END""",
    "INSERT INTO documents_search(rowid, text) SELECT id, plain(text) || '  ' FROM documents",
]
SQLITE_SEARCH_DROP = [
    "DROP TRIGGER IF EXISTS documents_search_update",
    "DROP TRIGGER IF EXISTS documents_search_delete",
    "DROP TRIGGER IF EXISTS documents_search_insert",
    "DROP TABLE IF EXISTS documents_search_terms",
    "DROP TABLE IF EXISTS documents_search",
]


def _search_0003() -> Any:
    return importlib.import_module("planwatch.store.migrations.versions.0003_search")


def _lean_table(name: str) -> sa.Table:
    return op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=True),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.SmallInteger(), nullable=False),
        sa.Column("value", ExactDecimal(), nullable=True),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.Column("op", sa.SmallInteger(), nullable=False),
        sa.Column("kind", sa.SmallInteger(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("qualifier", sa.String(length=64), nullable=True),
        sa.Column("source", sa.SmallInteger(), nullable=False),
        sa.Column("restated", sa.Boolean(), nullable=False),
        sa.Column("range", sa.Boolean(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=16), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("doc", sa.String(length=1000), nullable=True),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("ident", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["label_id"], ["phrases.id"]),
        sa.ForeignKeyConstraint(["section_id"], ["phrases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def _wide_table(name: str) -> sa.Table:
    return op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("doc_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("value", ExactDecimal(), nullable=True),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("qualifier", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("restated", sa.Boolean(), nullable=False),
        sa.Column("range", sa.Boolean(), nullable=False),
        sa.Column("doc", sa.String(length=1000), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("period", sa.String(length=16), nullable=True),
        sa.Column("ident", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["doc_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )


def _documents(bind: sa.Connection) -> Iterator[tuple[int, str, str, str, str | None]]:
    """(id, sha256, name, text, region) of every document, a few at a time."""
    ids = [row[0] for row in bind.exec_driver_sql("SELECT id FROM documents ORDER BY id")]
    for i in range(0, len(ids), 200):
        chunk = ids[i:i + 200]
        marks = ", ".join(str(int(n)) for n in chunk)
        for doc_id, sha, name, text, region in bind.exec_driver_sql(
                f"SELECT id, sha256, name, text, region FROM documents WHERE id IN ({marks}) ORDER BY id"):
            yield doc_id, sha, name, unpack_text(text), region


def _swap(bind: sa.Connection, new: str, lean: bool) -> None:
    op.drop_table("figures")
    op.rename_table(new, "figures")
    indexes = INDEXES if lean else {**{k: v for k, v in INDEXES.items() if k != "ix_figures_doc_start"},
                                    "ix_figures_doc_position": ["doc_id", "position"]}
    for name, columns in indexes.items():
        where = {"ix_figures_region_year_indicator": "region IS NOT NULL",
                 "ix_figures_indicator_year": "indicator IS NOT NULL"}.get(name) if lean else None
        op.create_index(name, "figures", columns, sqlite_where=sa.text(where) if where else None,
                        postgresql_where=sa.text(where) if where else None)
    if bind.dialect.name == "postgresql":  # the constraints (and the key's index) named as the table is
        for (name,) in bind.exec_driver_sql("SELECT conname FROM pg_constraint WHERE conrelid = 'figures'::regclass "
                                            "AND starts_with(conname, %s)", (new,)).all():
            bind.exec_driver_sql(f'ALTER TABLE figures RENAME CONSTRAINT "{name}" TO "figures{name[len(new):]}"')
        bind.exec_driver_sql(f"ALTER SEQUENCE IF EXISTS {new}_id_seq RENAME TO figures_id_seq")
        bind.exec_driver_sql("SELECT setval(pg_get_serial_sequence('figures', 'id'), "
                             "coalesce((SELECT max(id) FROM figures), 0) + 1, false)")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        for statement in _search_0003().SQLITE_DOWNGRADE:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_figures_quote_trgm")
        op.execute("DROP INDEX IF EXISTS ix_figures_label_trgm")
    phrases = op.create_table("phrases", sa.Column("id", sa.Integer(), nullable=False),
                              sa.Column("text", sa.Text(), nullable=False), sa.PrimaryKeyConstraint("id"),
                              sa.UniqueConstraint("text"))
    lean = _lean_table("figures_lean")
    old = sa.table("figures", *(sa.column(c) for c in (*COMMON, "key", "ident", "label", "section", "quote", "doc",
                                                        "measure", "op", "kind", "source")))
    corrected = {row[0] for row in bind.exec_driver_sql("SELECT DISTINCT doc_sha256 FROM corrections")}
    phrase_ids: dict[str, int] = {}

    def phrase(text: str | None) -> int | None:
        if text is None:
            return None
        if text not in phrase_ids:
            phrase_ids[text] = bind.execute(phrases.insert().values(text=text).returning(phrases.c.id)).scalar_one()
        return phrase_ids[text]

    for doc_id, sha, name, text, doc_region in _documents(bind):
        rows = []
        for f in bind.execute(sa.select(old).where(old.c.doc_id == doc_id).order_by(old.c.position)).mappings():
            row = {c: f[c] for c in COMMON}
            row.update({c: CODES[c].index(f[c]) for c in CODES})
            row.update(indicator=None if f["indicator"] == OTHER else f["indicator"],
                       region=stored_region(f["region"], doc_region))
            row.update(label_id=phrase(f["label"]), section_id=phrase(f["section"]),
                       quote=f["quote"] if f["indicator"] != OTHER or text[f["start"]:f["end"]] != f["quote"] else None,
                       doc=None if f["doc"] in (None, name) else f["doc"],
                       key=f["key"] if sha in corrected else None, ident=f["ident"] if sha in corrected else None)
            rows.append(row)
        if rows:
            bind.execute(lean.insert(), rows)
    _swap(bind, "figures_lean", lean=True)
    op.create_index("ix_documents_superseded_by", "documents", ["superseded_by"])
    if sqlite:
        for doc_id, _sha, _name, text, _region in _documents(bind):
            bind.exec_driver_sql("UPDATE documents SET text = ? WHERE id = ?", (pack_text(text), doc_id))
        for statement in SQLITE_SEARCH:
            op.execute(statement)


def downgrade() -> None:
    from planwatch.models import Figure
    from planwatch.store.write import figure_idents, figure_keys

    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        for statement in SQLITE_SEARCH_DROP:
            op.execute(statement)
        for doc_id, _sha, _name, text, _region in _documents(bind):
            bind.exec_driver_sql("UPDATE documents SET text = ? WHERE id = ?", (text, doc_id))
    op.drop_index("ix_documents_superseded_by", table_name="documents")
    wide = _wide_table("figures_wide")
    lean = sa.table("figures", *(sa.column(c) for c in (*COMMON, "key", "ident", "label_id", "section_id", "quote",
                                                         "doc", "measure", "op", "kind", "source")))
    phrases = dict(bind.exec_driver_sql("SELECT id, text FROM phrases").all())
    for doc_id, _sha, name, text, doc_region in _documents(bind):
        rows = []
        for f in bind.execute(sa.select(lean).where(lean.c.doc_id == doc_id).order_by(lean.c.position)).mappings():
            row = {c: f[c] for c in COMMON}
            row.update({c: CODES[c][f[c]] for c in CODES})
            row.update(indicator=f["indicator"] or OTHER,
                       region=doc_region if f["region"] is None else (f["region"] or None))
            row.update(label=phrases[f["label_id"]], section=phrases.get(f["section_id"]),
                       quote=f["quote"] if f["quote"] is not None else text[f["start"]:f["end"]],
                       doc=f["doc"] or name, key=f["key"], ident=f["ident"])
            rows.append(row)
        figures = [Figure(**{k: v for k, v in r.items() if k in Figure.__dataclass_fields__}) for r in rows]
        for row, key, ident in zip(rows, figure_keys(figures), figure_idents(figures)):
            row["key"], row["ident"] = row["key"] or key, row["ident"] or ident
        if rows:
            bind.execute(wide.insert(), rows)
    _swap(bind, "figures_wide", lean=False)
    op.drop_table("phrases")
    if sqlite:
        for statement in _search_0003().SQLITE_UPGRADE:
            op.execute(statement)
    else:
        op.execute("CREATE INDEX ix_figures_label_trgm ON figures USING gin (label gin_trgm_ops)")
        op.execute("CREATE INDEX ix_figures_quote_trgm ON figures USING gin (quote gin_trgm_ops)")

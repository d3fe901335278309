"""full-text search: SQLite FTS5 trigram tables kept by triggers; PostgreSQL pg_trgm GIN indexes

SQLite: `documents_search` (document text) and `figures_search` (figure label and quote), FTS5 tables with
the trigram tokenizer over external content (rowid = the row's id, no second copy of the text), filled
from the rows already stored and kept in sync by triggers, so that ingest, reprocess and corrections need
not know about them (no column sizes: nothing ranks by bm25). PostgreSQL: the `pg_trgm` extension and GIN trigram indexes on documents.text,
figures.label and figures.quote, which serve `ILIKE '%term%'` for terms of three characters and more.
`planwatch/store/search.py` reads them; alembic's comparison leaves them out (`search.include_name`).

Revision ID: 0003
Revises: 0002
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SQLITE_UPGRADE = [
    # documents: the text only (the title is in the text); the text of a stored document never changes
    """CREATE VIRTUAL TABLE documents_search USING fts5(
           text, content='documents', content_rowid='id', tokenize='trigram', columnsize=0)""",
    """CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
           INSERT INTO documents_search(rowid, text) VALUES (new.id, new.text);
       END""",
    """CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
           INSERT INTO documents_search(documents_search, rowid, text) VALUES ('delete', old.id, old.text);
       END""",
    """CREATE TRIGGER documents_search_update AFTER UPDATE OF text ON documents BEGIN
           INSERT INTO documents_search(documents_search, rowid, text) VALUES ('delete', old.id, old.text);
           INSERT INTO documents_search(rowid, text) VALUES (new.id, new.text);
       END""",
    "INSERT INTO documents_search(documents_search) VALUES ('rebuild')",
    # figures: label and quote (a correction may change the label; reprocess deletes and inserts)
    """CREATE VIRTUAL TABLE figures_search USING fts5(
           label, quote, content='figures', content_rowid='id', tokenize='trigram', columnsize=0)""",
    """CREATE TRIGGER figures_search_insert AFTER INSERT ON figures BEGIN
           INSERT INTO figures_search(rowid, label, quote) VALUES (new.id, new.label, new.quote);
       END""",
    """CREATE TRIGGER figures_search_delete AFTER DELETE ON figures BEGIN
           INSERT INTO figures_search(figures_search, rowid, label, quote)
           VALUES ('delete', old.id, old.label, old.quote);
       END""",
    """CREATE TRIGGER figures_search_update AFTER UPDATE OF label, quote ON figures BEGIN
           INSERT INTO figures_search(figures_search, rowid, label, quote)
           VALUES ('delete', old.id, old.label, old.quote);
           INSERT INTO figures_search(rowid, label, quote) VALUES (new.id, new.label, new.quote);
       END""",
    "INSERT INTO figures_search(figures_search) VALUES ('rebuild')",
]

SQLITE_DOWNGRADE = [
    "DROP TRIGGER IF EXISTS figures_search_update",
    "DROP TRIGGER IF EXISTS figures_search_delete",
    "DROP TRIGGER IF EXISTS figures_search_insert",
    "DROP TABLE IF EXISTS figures_search",
    "DROP TRIGGER IF EXISTS documents_search_update",
    "DROP TRIGGER IF EXISTS documents_search_delete",
    "DROP TRIGGER IF EXISTS documents_search_insert",
    "DROP TABLE IF EXISTS documents_search",
]

POSTGRESQL_UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",  # a trusted extension: the database's owner may create it
    "CREATE INDEX ix_documents_text_trgm ON documents USING gin (text gin_trgm_ops)",
    "CREATE INDEX ix_figures_label_trgm ON figures USING gin (label gin_trgm_ops)",
    "CREATE INDEX ix_figures_quote_trgm ON figures USING gin (quote gin_trgm_ops)",
]

POSTGRESQL_DOWNGRADE = [
    "DROP INDEX IF EXISTS ix_figures_quote_trgm",
    "DROP INDEX IF EXISTS ix_figures_label_trgm",
    "DROP INDEX IF EXISTS ix_documents_text_trgm",
    # the extension stays: other objects of the database may use it
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_UPGRADE)
    elif dialect == "postgresql":
        _run(POSTGRESQL_UPGRADE)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_DOWNGRADE)
    elif dialect == "postgresql":
        _run(POSTGRESQL_DOWNGRADE)

"""SQLite: documents enter the search index when their transaction commits, not by a trigger

FTS5 writes the terms it holds in memory out to a new segment of its index at the end of every statement
that changed it (its savepoint). The insert trigger of 0006 made that one segment per document, which
took a sixth of ingest's writer. Now `store.write` indexes a transaction's new documents in one statement
before it commits (`write.index_pending`). The delete and update triggers stay.

Revision ID: 0008
Revises: 0007
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS documents_search_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("""CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
                          INSERT INTO documents_search(rowid, text) VALUES (new.id, plain(new.text) || '  ');
                      END""")

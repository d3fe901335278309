"""document versions: a source's documents, the current one and those it superseded; figure idents

- documents.source_key: sha256 of where a document was read from (a file's absolute path, a URL); the
  documents of one source are its versions. documents.superseded_by / superseded_at: the newer version
  that replaced it (NULL: current). A partial unique index keeps one current version per source.
- figures.ident: a figure's identity across versions (indicator, measure, kind, year, quote as
  extracted); filled for new figures, computed from the row for figures stored before (see
  `store.write.figure_idents`).
- corrections.carried_from: the correction a copy was carried from into a new version.

Documents stored before get their source_key from their `source` as stored. A source stored several times
already (an edited file ingested again) keeps its newest document current; the older ones are superseded
when the source says unambiguously where they came from (an absolute path, a URL), else they are left as
they were (current, without a source_key): a relative path depends on the working folder, and migrating
must not take figures out of the books on a guess.

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from planwatch.store.schema import UTCDateTime

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CURRENT = "superseded_by IS NULL"


def upgrade() -> None:
    op.add_column("documents", sa.Column("source_key", sa.String(length=64), nullable=True))
    op.add_column("documents", sa.Column("superseded_by", sa.Integer(), nullable=True))
    op.add_column("documents", sa.Column("superseded_at", UTCDateTime(), nullable=True))
    op.add_column("figures", sa.Column("ident", sa.String(length=40), nullable=True))
    op.add_column("corrections", sa.Column("carried_from", sa.Integer(), nullable=True))
    _key_stored_documents()
    op.create_index("ix_documents_source_key", "documents", ["source_key"], unique=False)
    op.create_index("uq_documents_current_source", "documents", ["source_key"], unique=True,
                    sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))


def _key_stored_documents() -> None:
    from planwatch.fetch import is_url
    from planwatch.store.write import source_key

    bind = op.get_bind()
    documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("source", sa.Text),
                         sa.column("source_key", sa.String), sa.column("superseded_by", sa.Integer),
                         sa.column("superseded_at", UTCDateTime()))
    rows = bind.execute(sa.select(documents.c.id, documents.c.source).order_by(documents.c.id)).all()
    by_key: dict[str, list[int]] = {}
    certain: dict[str, bool] = {}
    for doc_id, source in rows:
        key = source_key(source)
        if key is not None:
            by_key.setdefault(key, []).append(doc_id)
            certain[key] = is_url(source) or Path(source).is_absolute()
    now = dt.datetime.now(dt.timezone.utc)
    for key, ids in by_key.items():
        bind.execute(documents.update().where(documents.c.id == ids[-1]).values(source_key=key))
        if not certain[key]:
            continue
        for older, newer in zip(ids, ids[1:]):
            bind.execute(documents.update().where(documents.c.id == older)
                         .values(source_key=key, superseded_by=newer, superseded_at=now))


def downgrade() -> None:
    op.drop_index("uq_documents_current_source", table_name="documents")
    op.drop_index("ix_documents_source_key", table_name="documents")
    op.drop_column("corrections", "carried_from")
    op.drop_column("figures", "ident")
    op.drop_column("documents", "superseded_at")
    op.drop_column("documents", "superseded_by")
    op.drop_column("documents", "source_key")

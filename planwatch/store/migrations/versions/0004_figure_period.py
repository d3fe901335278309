"""figures.period: the years a figure of several years covers ("2021-2025"), NULL for a figure of one year

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# Plain ALTER TABLE on both backends (SQLite ≥ 3.35 drops columns): a batch copy of the table would drop
# the search triggers of 0003 with it.
def upgrade() -> None:
    op.add_column("figures", sa.Column("period", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("figures", "period")

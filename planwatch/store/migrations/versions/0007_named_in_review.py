"""documents.named_in_review: what a report names with a number in its review of each year

`planwatch check` tells a target without a result that its report never names (`unreported`) from one the
engine missed (`missing_result`) by what the report on the target's year names there
(`engine.mentions.named_in_review`). Ingest and reprocess now store it beside the figures, as JSON
({"2023": [["gdp", "growth"], …]}), so that a check reads a column instead of every report's text. NULL
for the documents stored before: the check reads those texts as before (once per content and facts), and
`planwatch reprocess` fills the column.

Revision ID: 0007
Revises: 0006
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# Plain ALTER TABLE on both backends, as 0004: a batch copy of the table would drop the search triggers.
def upgrade() -> None:
    op.add_column("documents", sa.Column("named_in_review", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    op.drop_column("documents", "named_in_review")

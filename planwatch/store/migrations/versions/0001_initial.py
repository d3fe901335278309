"""initial schema: documents, figures, regions, corrections

Revision ID: 0001
Revises: 

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from planwatch.store.schema import ExactDecimal, UTCDateTime


# revision identifiers, used by Alembic.
revision: str = '0001'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_sha256', sa.String(length=64), nullable=False),
    sa.Column('figure_key', sa.String(length=200), nullable=False),
    sa.Column('figure_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('at', UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.create_index('ix_corrections_doc_key', ['doc_sha256', 'figure_key'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=1000), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('encoding', sa.String(length=64), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('overrides', sa.JSON(), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('parent', sa.String(length=200), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('doc_type', sa.String(length=32), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('review_year', sa.Integer(), nullable=True),
    sa.Column('plan_year', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('ingested_at', UTCDateTime(), nullable=False),
    sa.Column('engine_version', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_engine_version'), ['engine_version'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_plan_year'), ['plan_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_review_year'), ['review_year'], unique=False)

    op.create_table('regions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=420), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('parent_code', sa.String(length=12), nullable=True),
    sa.Column('parent_name', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_regions_name'), ['name'], unique=False)

    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('indicator', sa.String(length=64), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('measure', sa.String(length=16), nullable=False),
    sa.Column('value', ExactDecimal(), nullable=True),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('op', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('qualifier', sa.String(length=64), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('restated', sa.Boolean(), nullable=False),
    sa.Column('range', sa.Boolean(), nullable=False),
    sa.Column('doc', sa.String(length=1000), nullable=True),
    sa.Column('section', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['doc_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index('ix_figures_doc_position', ['doc_id', 'position'], unique=False)
        batch_op.create_index('ix_figures_indicator_year', ['indicator', 'year'], unique=False)
        batch_op.create_index('ix_figures_region_year_indicator', ['region', 'year', 'indicator'], unique=False)
        batch_op.create_index('ix_figures_year', ['year'], unique=False)



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index('ix_figures_year')
        batch_op.drop_index('ix_figures_region_year_indicator')
        batch_op.drop_index('ix_figures_indicator_year')
        batch_op.drop_index('ix_figures_doc_position')

    op.drop_table('figures')
    with op.batch_alter_table('regions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_regions_name'))

    op.drop_table('regions')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_review_year'))
        batch_op.drop_index(batch_op.f('ix_documents_region_code'))
        batch_op.drop_index(batch_op.f('ix_documents_region'))
        batch_op.drop_index(batch_op.f('ix_documents_plan_year'))
        batch_op.drop_index(batch_op.f('ix_documents_engine_version'))

    op.drop_table('documents')
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.drop_index('ix_corrections_doc_key')

    op.drop_table('corrections')

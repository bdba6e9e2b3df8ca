"""the day a unit was registered, so a past month's branch count stays put

Revision ID: 0009_unit_registered
Revises: 0007_perf
Create Date: 2026-12-02 04:40:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0009_unit_registered'
down_revision = '0007_perf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Units registered before this revision keep NULL: they count in every
    # month, as they did (the store did not record when they came).
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('created_on')

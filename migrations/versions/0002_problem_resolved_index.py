"""index problems by resolution date for the month report

Revision ID: 0002_problem_resolved_index
Revises: 0001_initial
Create Date: 2026-11-26 10:34:46.900398
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002_problem_resolved_index'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The month report counts problems resolved in a month (resolved_on in a
    # range); without this it read every problem of the campaign.
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.create_index('ix_problem_campaign_resolved', ['campaign_id', 'resolved_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.drop_index('ix_problem_campaign_resolved')


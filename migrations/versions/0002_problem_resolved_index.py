"""index problems by resolution date; cover on-time counts in the done-date index

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
    # The dashboard's and the report's on-time counts read each done task's
    # deadline and department: carried in the index, no table lookups.
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_campaign_done')
        batch_op.create_index('ix_task_campaign_done', ['campaign_id', 'done_on', 'deadline', 'department_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_campaign_done')
        batch_op.create_index('ix_task_campaign_done', ['campaign_id', 'done_on'], unique=False)
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.drop_index('ix_problem_campaign_resolved')


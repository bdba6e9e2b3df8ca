"""command history for undo, per-actor current campaign, created_on, phase pins, problem leader

Revision ID: 0003_undo_and_pins
Revises: 0002_problem_resolved_index
Create Date: 2026-12-01 21:15:52.725752
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003_undo_and_pins'
down_revision = '0002_problem_resolved_index'
branch_labels = None
depends_on = None


def _created_on(table: str, column: str = "created_on", source: str = "created_at") -> None:
    """A day column filled from the timestamp of existing rows."""
    op.execute(f"UPDATE {table} SET {column} = substr({source}, 1, 10)" if op.get_bind().dialect.name == "sqlite"
               else f"UPDATE {table} SET {column} = CAST(substr({source}, 1, 10) AS DATE)")


def upgrade() -> None:
    # Every write command gets one row; its events point at it, so `undo`
    # takes a command back whole (issue 11).
    op.create_table('command',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('undone_by', sa.Integer(), nullable=True),
    sa.Column('undoes', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_command_campaign', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['undoes'], ['command.id'], name='fk_command_undoes', ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['undone_by'], ['command.id'], name='fk_command_undone_by', ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('command', schema=None) as batch_op:
        batch_op.create_index('ix_command_campaign_actor', ['campaign_id', 'actor'], unique=False)

    # The current campaign per actor; the old store-wide setting stays as a
    # fallback for actors who never chose one.
    op.create_table('current_campaign',
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_current_campaign_campaign',
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('actor')
    )

    # created_on: the day a row was entered, for reports that must not change
    # after the month (issue 12); filled from created_at for existing rows.
    for table in ('activity', 'problem', 'task'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('created_on', sa.Date(), nullable=True))
        _created_on(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('created_on', existing_type=sa.Date(), nullable=False)

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('command_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('undo', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('day', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_command_id'), ['command_id'], unique=False)
        batch_op.create_index('ix_event_campaign_field', ['campaign_id', 'entity', 'field'], unique=False)
        batch_op.create_foreign_key('fk_event_command', 'command', ['command_id'], ['id'], ondelete='SET NULL')
    # The day of a change as its command saw it (--today); older events by their UTC time.
    _created_on('event', column='day', source='at')

    # The month report counts only rows entered by as_of: the indexes it
    # reads carry created_on (and done_on) so they still cover the counts.
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_campaign_deadline')
        batch_op.create_index('ix_task_campaign_deadline', ['campaign_id', 'deadline', 'status', 'department_id',
                                                            'created_on', 'done_on'], unique=False)
        batch_op.drop_index('ix_task_campaign_done')
        batch_op.create_index('ix_task_campaign_done', ['campaign_id', 'done_on', 'deadline', 'department_id',
                                                        'created_on'], unique=False)
        batch_op.create_index('ix_task_campaign_created', ['campaign_id', 'created_on', 'done_on'], unique=False)
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.drop_index('ix_problem_campaign_found')
        batch_op.create_index('ix_problem_campaign_found', ['campaign_id', 'found_on', 'created_on', 'verified_on',
                                                            'source_activity_id'], unique=False)

    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.add_column(sa.Column('leader', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('phase_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_problem_phase', 'phase', ['phase_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index('ix_problem_phase', ['phase_id'], unique=False)

    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phase_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_task_phase', 'phase', ['phase_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index('ix_task_phase', ['phase_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index('ix_task_phase')
        batch_op.drop_index('ix_task_campaign_created')
        batch_op.drop_index('ix_task_campaign_done')
        batch_op.create_index('ix_task_campaign_done', ['campaign_id', 'done_on', 'deadline', 'department_id'],
                              unique=False)
        batch_op.drop_index('ix_task_campaign_deadline')
        batch_op.create_index('ix_task_campaign_deadline', ['campaign_id', 'deadline', 'status', 'department_id'],
                              unique=False)
        batch_op.drop_constraint('fk_task_phase', type_='foreignkey')
        batch_op.drop_column('phase_id')
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.drop_index('ix_problem_phase')
        batch_op.drop_index('ix_problem_campaign_found')
        batch_op.create_index('ix_problem_campaign_found', ['campaign_id', 'found_on'], unique=False)
        batch_op.drop_constraint('fk_problem_phase', type_='foreignkey')
        batch_op.drop_column('phase_id')
        batch_op.drop_column('leader')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint('fk_event_command', type_='foreignkey')
        batch_op.drop_index('ix_event_campaign_field')
        batch_op.drop_column('day')
        batch_op.drop_index(batch_op.f('ix_event_command_id'))
        batch_op.drop_column('undo')
        batch_op.drop_column('command_id')
    for table in ('task', 'problem', 'activity'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('created_on')
    op.drop_table('current_campaign')
    with op.batch_alter_table('command', schema=None) as batch_op:
        batch_op.drop_index('ix_command_campaign_actor')
    op.drop_table('command')

"""evidence files (blob, evidence), two-step review (problem.submitted_on/by), rechecks (回头看)

Revision ID: 0004_evidence_review_recheck
Revises: 0003_undo_and_pins
Create Date: 2026-12-02 01:20:00
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004_evidence_review_recheck'
down_revision = '0003_undo_and_pins'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Evidence content is kept in the store itself, once per sha256 (SPEC §6).
    op.create_table('blob',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('added_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_evidence_campaign', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sha256'], ['blob.sha256'], name='fk_evidence_blob'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name='fk_evidence_task', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_campaign', ['campaign_id', 'task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_task_id'), ['task_id'], unique=False)

    # 回头看: a recheck of a verified problem, due some days after verification.
    op.create_table('recheck',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('checked_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('created_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_recheck_campaign', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problem.id'], name='fk_recheck_problem', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recheck', schema=None) as batch_op:
        batch_op.create_index('ix_recheck_campaign_due', ['campaign_id', 'done_on', 'due'], unique=False)
        batch_op.create_index(batch_op.f('ix_recheck_problem_id'), ['problem_id'], unique=False)

    # Two-step review: 申请销号 before 销号.
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('submitted_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('problem', schema=None) as batch_op:
        batch_op.drop_column('submitted_by')
        batch_op.drop_column('submitted_on')
    with op.batch_alter_table('recheck', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recheck_problem_id'))
        batch_op.drop_index('ix_recheck_campaign_due')
    op.drop_table('recheck')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_task_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_sha256'))
        batch_op.drop_index('ix_evidence_campaign')
    op.drop_table('evidence')
    op.drop_table('blob')

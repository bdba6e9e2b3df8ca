"""members of units and attendance at activities

Revision ID: 0005_members_attendance
Revises: 0004_evidence_review_recheck
Create Date: 2026-12-02 01:00:54.576127
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005_members_attendance'
down_revision = '0004_evidence_review_recheck'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The people of a unit (issue 16): attendance is taken from this roll.
    op.create_table('member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_member_campaign', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name='fk_member_unit', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'name', name='uq_member_unit_name')
    )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index('ix_member_campaign_name', ['campaign_id', 'name'], unique=False)

    # Who took part in an activity: present, absent or on leave.
    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name='fk_attendance_activity', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name='fk_attendance_member', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('activity_id', 'member_id', name='uq_attendance_activity_member')
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_member', ['member_id', 'status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_member')

    op.drop_table('attendance')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index('ix_member_campaign_name')

    op.drop_table('member')

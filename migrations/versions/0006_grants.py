"""grants: which server login may read and write which campaign; row-level security on PostgreSQL

Revision ID: 0006_grants
Revises: 0005_members_attendance
Create Date: 2026-12-02 01:20:00

On every dialect: the `store_grant` table, and the current campaign keyed
by (actor, campaign) — on PostgreSQL each login sees only the rows of its
campaigns, so two schools' clerks may carry the same actor name.
On PostgreSQL only: row-level security on every campaign table
(campaign_cli/store/policies.py).
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel

from campaign_cli.store import policies

revision = '0006_grants'
down_revision = '0005_members_attendance'
branch_labels = None
depends_on = None

# The campaign tables of this revision; a later revision protects its own
# new tables with policies.protect(op, policies.spec(name)).
PROTECTED = ('campaign', 'setting', 'unit', 'phase', 'activity', 'problem', 'responsibility', 'task', 'command',
             'event', 'current_campaign', 'member', 'attendance', 'evidence', 'blob', 'recheck')


def _current_campaign_keyed_by(*key: str) -> None:
    """SQLite cannot change a primary key: a new table, the rows copied over."""
    op.create_table('_current_campaign_new',
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_current_campaign_campaign',
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint(*key)
    )
    op.execute('INSERT INTO _current_campaign_new (actor, campaign_id) SELECT actor, campaign_id FROM current_campaign')
    op.drop_table('current_campaign')
    op.rename_table('_current_campaign_new', 'current_campaign')


def upgrade() -> None:
    op.create_table('store_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sqlmodel.sql.sqltypes.AutoString(length=63), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('granted_at', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('granted_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name='fk_store_grant_campaign', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('login', 'campaign_id', 'role', name='uq_store_grant')
    )
    with op.batch_alter_table('store_grant', schema=None) as batch_op:
        batch_op.create_index('ix_store_grant_login', ['login', 'role', 'campaign_id'], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute('ALTER TABLE current_campaign DROP CONSTRAINT current_campaign_pkey')
        op.execute('ALTER TABLE current_campaign ADD CONSTRAINT current_campaign_pkey PRIMARY KEY (actor, campaign_id)')
        policies.protect_all(op, tuple(policies.spec(t) for t in PROTECTED))
    else:
        _current_campaign_keyed_by('actor', 'campaign_id')


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        policies.unprotect_all(op, tuple(policies.spec(t) for t in PROTECTED))
        op.execute('DELETE FROM current_campaign c WHERE EXISTS (SELECT 1 FROM current_campaign d '
                   'WHERE d.actor = c.actor AND d.campaign_id > c.campaign_id)')
        op.execute('ALTER TABLE current_campaign DROP CONSTRAINT current_campaign_pkey')
        op.execute('ALTER TABLE current_campaign ADD CONSTRAINT current_campaign_pkey PRIMARY KEY (actor)')
    else:
        op.execute('DELETE FROM current_campaign WHERE EXISTS (SELECT 1 FROM current_campaign d '
                   'WHERE d.actor = current_campaign.actor AND d.campaign_id > current_campaign.campaign_id)')
        _current_campaign_keyed_by('actor')
    with op.batch_alter_table('store_grant', schema=None) as batch_op:
        batch_op.drop_index('ix_store_grant_login')
    op.drop_table('store_grant')

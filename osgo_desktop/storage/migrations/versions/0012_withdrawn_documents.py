"""a document registered by mistake can be withdrawn: when, and why; the row stays

Two columns of ``document``: ``withdrawn_at`` (UTC, null while the document counts) and ``withdraw_reason`` (the
secretariat's words; not a personal field, see ``domain.audit_chain.PERSONAL_FIELDS``). Both have a default, so
the rows already written are unchanged and the audit chain still matches them (the check compares the columns a
row and its last entry share).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdraw_reason", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("withdraw_reason")
        batch_op.drop_column("withdrawn_at")

"""the audit chain

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 03:54:15.647200
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from osgo_desktop.domain.audit_chain import GENESIS
from osgo_desktop.storage import audit
from osgo_desktop.storage.db import migration_clock

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("table_name", sa.String(length=100), nullable=False),
        sa.Column("row_key", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_table_key", ["table_name", "row_key"], unique=False)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.execute(
        sa.insert(sa.table("audit_head", sa.column("id"), sa.column("seq"), sa.column("hash"))).values(
            id=1, seq=0, hash=GENESIS
        )
    )
    # The rows already there get a "baseline" entry each, once, so the first check has something to compare with.
    # Format-1 entries (the whole row in data), as this schema holds them: migration 0011 re-chains them.
    audit.write_baseline(op.get_bind(), migration_clock(context.config.attributes).utc_naive(), chain_format=1)


def downgrade() -> None:
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_table_key")
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")

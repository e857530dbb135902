"""wrong PINs in a row, and the lock they lead to, kept per entrant

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 06:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wrong_pins", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("pin_locked_until", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entrant", schema=None) as batch_op:
        batch_op.drop_column("pin_locked_until")
        batch_op.drop_column("wrong_pins")

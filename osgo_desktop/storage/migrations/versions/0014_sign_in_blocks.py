"""sign-in blocks: the failed sign-ins of logins that name no account, counted and locked as an account's are

- ``sign_in_block``: a login's key (the SHA-256 of the login as typed, case-folded), its failed sign-ins in a row
  and until when it is refused. Without it an unknown login never locked, so whether a login locked told whoever
  tried logins that it exists. Not in the audit chain.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_block",
        sa.Column("login_key", sa.String(length=64), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("login_key", name=op.f("pk_sign_in_block")),
    )


def downgrade() -> None:
    op.drop_table("sign_in_block")

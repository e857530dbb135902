"""a struck-out paper has a column of its own

Typed storage (enum and JSON columns, ``storage/types.py``) keeps every stored value as it was: the schema does not
change for it. What changes is the paper struck out, which earlier versions stored as a settlement whose marks
were JSON null: it is now ``struck_out`` with no marks (``[]``). The rows changed are logged in the audit chain,
so its check still finds every row as the log last recorded it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from osgo_desktop.storage import audit
from osgo_desktop.storage.db import migration_clock

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: who the audit chain says changed the rows
ACTOR = "migration 0008"

_settlement = sa.table(
    "ballot_settlement",
    sa.column("id", sa.Integer()),
    sa.column("marks", sa.Text()),
    sa.column("struck_out", sa.Boolean()),
)


def upgrade() -> None:
    with op.batch_alter_table("ballot_settlement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("struck_out", sa.Boolean(), server_default=sa.false(), nullable=False))
    bind = op.get_bind()
    struck = list(bind.scalars(sa.select(_settlement.c.id).where(_settlement.c.marks == "null")))
    if struck:
        bind.execute(
            sa.update(_settlement).where(_settlement.c.id.in_(struck)).values(marks="[]", struck_out=sa.true())
        )
        at = migration_clock(context.config.attributes).utc_naive()
        keys = [{"id": row_id} for row_id in struck]
        audit.log_rows(bind, at, ACTOR, "ballot_settlement", keys, chain_format=1)  # 0011 re-chains them


def downgrade() -> None:
    bind = op.get_bind()
    struck = list(bind.scalars(sa.select(_settlement.c.id).where(_settlement.c.struck_out)))
    if struck:
        bind.execute(sa.update(_settlement).where(_settlement.c.id.in_(struck)).values(marks="null"))
    with op.batch_alter_table("ballot_settlement", schema=None) as batch_op:
        batch_op.drop_column("struck_out")
    # A downgrade is handed no clock: its entries take the time of the chain's last entry.
    at = bind.scalar(sa.select(sa.func.max(sa.column("at"))).select_from(sa.table("audit_entry"))) if struck else None
    if at is not None:
        keys = [{"id": row_id} for row_id in struck]
        audit.log_rows(bind, at, f"{ACTOR} (undone)", "ballot_settlement", keys, chain_format=1)

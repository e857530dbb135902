"""people and workstations: accounts, entrants signed in by account, document contents in the database, row versions

- ``account``: who signs in — a login, a name, the roles held, an Argon2id hash of the password and of the optional
  short station PIN, and the count of failed sign-ins that locks it for a while.
- ``entrant.account_id``: an entry station's person is an account (the session's own PINs go; ``pin_hash`` stays
  for the sessions held before, "" for the new ones).
- ``document_blob`` and ``document_chunk``: a document's bytes kept in the database itself, content-addressed by
  their SHA-256 and cut in chunks, so that every workstation of a server database reaches them. Not in the audit
  chain: the ``document`` row that names the SHA-256 is, and every read checks the hash.
- ``row_version`` on the rows people edit in forms: the optimistic check that tells the second of two people
  saving the same record that it changed meanwhile.
- ``person.personal_erased_at``: when the applicant's personal fields were erased (docs/decisions.md).

Every new column has a default, so the rows already written are unchanged and the audit chain still matches them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

#: the tables whose rows carry ``row_version``
VERSIONED = (
    "competition",
    "application",
    "person",
    "organization",
    "association",
    "commission_member",
    "counting_member",
    "state_body",
    "composition",
    "mandate",
)


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("roles", sa.String(length=200), server_default="", nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("station_pin_hash", sa.String(length=300), server_default="", nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("login", name=op.f("uq_account_login")),
    )
    with op.batch_alter_table("entrant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_entrant_account_id_account"), "account", ["account_id"], ["id"], ondelete="RESTRICT"
        )
    op.create_table(
        "document_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_document_blob")),
    )
    op.create_table(
        "document_chunk",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["document_blob.sha256"],
            name=op.f("fk_document_chunk_sha256_document_blob"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sha256", "part", name=op.f("pk_document_chunk")),
    )
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("row_version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("personal_erased_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("personal_erased_at")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("row_version")
    op.drop_table("document_chunk")
    op.drop_table("document_blob")
    with op.batch_alter_table("entrant", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_entrant_account_id_account"), type_="foreignkey")
        batch_op.drop_column("account_id")
    op.drop_table("account")

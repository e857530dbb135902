"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 02:04:22.582424
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commission_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("surname", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("patronymic", sa.String(length=300), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("seat", sa.String(length=20), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("body_index", sa.Integer(), nullable=True),
        sa.Column("organization", sa.String(length=300), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("seat IN ('permanent', 'civil')", name=op.f("ck_commission_member_seat")),
        sa.CheckConstraint("sex IN ('F', 'M')", name=op.f("ck_commission_member_sex")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_member")),
    )
    op.create_table(
        "counting_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("surname", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("patronymic", sa.String(length=300), nullable=False),
        sa.Column("body_index", sa.Integer(), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counting_member")),
    )
    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile")),
        sa.UniqueConstraint("code", name=op.f("uq_profile_code")),
    )
    op.create_table(
        "state_body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_ky", sa.String(length=300), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_state_body")),
    )
    op.create_table(
        "competition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("variant", sa.String(length=40), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("term_years", sa.Integer(), nullable=False),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.Column("vacancy_date", sa.Date(), nullable=True),
        sa.Column("publication_date", sa.Date(), nullable=True),
        sa.Column("media_outlet", sa.String(length=300), nullable=False),
        sa.Column("intake_address", sa.String(length=500), nullable=False),
        sa.Column("contact", sa.String(length=500), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=False),
        sa.Column("profile_data", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("seats >= 1", name=op.f("ck_competition_seats_positive")),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["state_body.id"],
            name=op.f("fk_competition_body_id_state_body"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competition")),
        sa.UniqueConstraint("number", name=op.f("uq_competition_number")),
    )
    with op.batch_alter_table("competition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_competition_state"), ["state"], unique=False)

    op.create_table(
        "competition_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("from_state", sa.String(length=20), nullable=False),
        sa.Column("to_state", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competition_id"],
            ["competition.id"],
            name=op.f("fk_competition_event_competition_id_competition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_competition_event")),
    )
    with op.batch_alter_table("competition_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_competition_event_competition_id"), ["competition_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("competition_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competition_event_competition_id"))

    op.drop_table("competition_event")
    with op.batch_alter_table("competition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_competition_state"))

    op.drop_table("competition")
    op.drop_table("state_body")
    op.drop_table("profile")
    op.drop_table("counting_member")
    op.drop_table("commission_member")

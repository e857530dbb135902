"""what the protocols state beyond the vote, and the Russian forms of the texts they print

The screening session (date, place, times, attendance and quorum) and what the secretariat enters for a protocol
(the times of the vote and of the count, objections and dissenting opinions, the decision's formation date and
vote) get tables of their own; the lots say who drew them and who witnessed it; places, addresses, media outlets
and the names of organisations and associations get a Russian form beside the Kyrgyz one. Every new column has a
default, so the rows already written are unchanged and the audit chain still matches them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: (table, column, length or None for Text) of the new text columns of existing tables
_TEXTS = (
    ("competition", "media_outlet_ru", 300),
    ("competition", "intake_address_ru", 500),
    ("organization", "name_ru", 300),
    ("association", "name_ru", 300),
    ("vote_session", "place_ru", 500),
    ("vote_round", "lots_drawn_by", 500),
    ("vote_round", "lots_witnesses", None),
)


def upgrade() -> None:
    for table, column, length in _TEXTS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            kind = sa.String(length=length) if length else sa.Text()
            batch_op.add_column(sa.Column(column, kind, server_default="", nullable=False))
    op.create_table(
        "screening_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=500), nullable=False),
        sa.Column("place_ru", sa.String(length=500), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=False),
        sa.Column("end_time", sa.String(length=5), nullable=False),
        sa.Column("members_total", sa.Integer(), nullable=False),
        sa.Column("quorum", sa.Integer(), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("secretary_id", sa.Integer(), nullable=True),
        sa.Column("roll", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competition_id"],
            ["competition.id"],
            name=op.f("fk_screening_session_competition_id_competition"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["chair_id"],
            ["commission_member.id"],
            name=op.f("fk_screening_session_chair_id_commission_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["secretary_id"],
            ["commission_member.id"],
            name=op.f("fk_screening_session_secretary_id_commission_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_session")),
        sa.UniqueConstraint("competition_id", name="one_per_competition"),
    )
    op.create_index(op.f("ix_screening_session_competition_id"), "screening_session", ["competition_id"], unique=False)
    op.create_table(
        "screening_attendance",
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["screening_session.id"],
            name=op.f("fk_screening_attendance_screening_id_screening_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["commission_member.id"],
            name=op.f("fk_screening_attendance_member_id_commission_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("screening_id", "member_id", name=op.f("pk_screening_attendance")),
    )
    op.create_table(
        "protocol_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("round_number", sa.Integer(), nullable=False),
        sa.Column("vote_began", sa.String(length=5), nullable=False),
        sa.Column("vote_ended", sa.String(length=5), nullable=False),
        sa.Column("count_began", sa.String(length=5), nullable=False),
        sa.Column("count_ended", sa.String(length=5), nullable=False),
        sa.Column("objections", sa.Text(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=False),
        sa.Column("formation_date", sa.Date(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstained", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competition_id"],
            ["competition.id"],
            name=op.f("fk_protocol_facts_competition_id_competition"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protocol_facts")),
        sa.UniqueConstraint("competition_id", "kind", "round_number", name="one_per_protocol"),
    )
    op.create_index(op.f("ix_protocol_facts_competition_id"), "protocol_facts", ["competition_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_protocol_facts_competition_id"), table_name="protocol_facts")
    op.drop_table("protocol_facts")
    op.drop_table("screening_attendance")
    op.drop_index(op.f("ix_screening_session_competition_id"), table_name="screening_session")
    op.drop_table("screening_session")
    for table, column, _length in reversed(_TEXTS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)

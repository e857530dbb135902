"""compositions over time: who sits on which council, or on the Commission, from when to when

A composition is one term of a state body's public council (or of the Commission); a mandate is one person holding
one of its seats, with how they came and how they left; a vacancy filled from a reserve list is a decision of its
own. State bodies get a short code, Commission members a link to the person they are, competitions the campaign
they were announced in, verdicts the members who took them, and the voter roll of a Commission competition the
candidate or association each line stands for. Every new column of an existing table has a default, so the rows
already written are unchanged and the audit chain still matches them. The ``council_member`` table, which nothing
wrote, stays for older databases and is no longer read.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="RESTRICT"
    )


def upgrade() -> None:
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
        sa.UniqueConstraint("number", name=op.f("uq_campaign_number")),
    )
    with op.batch_alter_table("state_body", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=16), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_state_body_code"), ["code"])
    with op.batch_alter_table("commission_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_commission_member_person_id"), ["person_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_commission_member_person_id_person"), "person", ["person_id"], ["id"], ondelete="RESTRICT"
        )
    with op.batch_alter_table("competition", schema=None) as batch_op:
        batch_op.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_competition_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_competition_campaign_id_campaign"), "campaign", ["campaign_id"], ["id"], ondelete="RESTRICT"
        )
    with op.batch_alter_table("screening_verdict", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deciders", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("voter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("application_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("association_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("present", sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_voter_application_id_application"),
            "application",
            ["application_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_voter_association_id_association"),
            "association",
            ["association_id"],
            ["id"],
            ondelete="RESTRICT",
        )
    op.create_table(
        "composition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("seats >= 1", name=op.f("ck_composition_seats_positive")),
        _fk("composition", "body_id", "state_body"),
        _fk("composition", "competition_id", "competition"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_composition")),
    )
    op.create_index(op.f("ix_composition_body_id"), "composition", ["body_id"], unique=False)
    op.create_index(op.f("ix_composition_competition_id"), "composition", ["competition_id"], unique=False)
    op.create_table(
        "mandate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("composition_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.String(length=20), nullable=False),
        sa.Column("body_index", sa.Integer(), nullable=True),
        sa.Column("organization", sa.String(length=300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("came", sa.String(length=20), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=True),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("left_reason", sa.String(length=20), nullable=True),
        sa.Column("left_note", sa.Text(), nullable=False),
        sa.Column("commission_member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("seat IN ('council', 'civil', 'permanent')", name=op.f("ck_mandate_seat")),
        _fk("mandate", "composition_id", "composition"),
        _fk("mandate", "person_id", "person"),
        _fk("mandate", "competition_id", "competition"),
        _fk("mandate", "application_id", "application"),
        sa.ForeignKeyConstraint(
            ["replaces_id"], ["mandate.id"], name=op.f("fk_mandate_replaces_id_mandate"), ondelete="RESTRICT"
        ),
        _fk("mandate", "commission_member_id", "commission_member"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandate")),
        sa.UniqueConstraint("composition_id", "person_id", name="once_per_composition"),
    )
    for column in ("composition_id", "person_id", "competition_id", "commission_member_id"):
        op.create_index(op.f(f"ix_mandate_{column}"), "mandate", [column], unique=False)
    op.create_table(
        "vacancy_fill",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=False),
        sa.Column("composition_id", sa.Integer(), nullable=False),
        sa.Column("vacated_id", sa.Integer(), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("skipped", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("vacancy_fill", "competition_id", "competition"),
        _fk("vacancy_fill", "composition_id", "composition"),
        sa.ForeignKeyConstraint(
            ["vacated_id"], ["mandate.id"], name=op.f("fk_vacancy_fill_vacated_id_mandate"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["mandate_id"], ["mandate.id"], name=op.f("fk_vacancy_fill_mandate_id_mandate"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy_fill")),
        sa.UniqueConstraint("number", name=op.f("uq_vacancy_fill_number")),
    )
    op.create_index(op.f("ix_vacancy_fill_competition_id"), "vacancy_fill", ["competition_id"], unique=False)
    op.create_index(op.f("ix_vacancy_fill_composition_id"), "vacancy_fill", ["composition_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_vacancy_fill_composition_id"), table_name="vacancy_fill")
    op.drop_index(op.f("ix_vacancy_fill_competition_id"), table_name="vacancy_fill")
    op.drop_table("vacancy_fill")
    for column in ("composition_id", "person_id", "competition_id", "commission_member_id"):
        op.drop_index(op.f(f"ix_mandate_{column}"), table_name="mandate")
    op.drop_table("mandate")
    op.drop_index(op.f("ix_composition_competition_id"), table_name="composition")
    op.drop_index(op.f("ix_composition_body_id"), table_name="composition")
    op.drop_table("composition")
    with op.batch_alter_table("voter", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_voter_association_id_association"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_voter_application_id_application"), type_="foreignkey")
        batch_op.drop_column("present")
        batch_op.drop_column("association_id")
        batch_op.drop_column("application_id")
    with op.batch_alter_table("screening_verdict", schema=None) as batch_op:
        batch_op.drop_column("deciders")
    with op.batch_alter_table("competition", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_competition_campaign_id_campaign"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_competition_campaign_id"))
        batch_op.drop_column("campaign_id")
    with op.batch_alter_table("commission_member", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_commission_member_person_id_person"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_commission_member_person_id"))
        batch_op.drop_column("person_id")
    with op.batch_alter_table("state_body", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_state_body_code"), type_="unique")
        batch_op.drop_column("code")
    op.drop_table("campaign")

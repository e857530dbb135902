"""applications, documents and screening

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 02:41:27.522952
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "association",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_association")),
    )
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("registration_number", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("surname", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("patronymic", sa.String(length=300), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("pin", sa.String(length=14), nullable=False),
        sa.Column("citizenship", sa.String(length=3), nullable=False),
        sa.Column("education", sa.String(length=20), nullable=False),
        sa.Column("public_service", sa.String(length=20), nullable=False),
        sa.Column("workplace", sa.String(length=300), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("organization", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("sex IN ('F', 'M')", name=op.f("ck_person_sex")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_pin"), ["pin"], unique=False)

    op.create_table(
        "association_member",
        sa.Column("association_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_association_member_association_id_association"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_association_member_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("association_id", "organization_id", name=op.f("pk_association_member")),
    )
    op.create_table(
        "council_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("surname", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("patronymic", sa.String(length=300), nullable=False),
        sa.Column("pin", sa.String(length=14), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["state_body.id"], name=op.f("fk_council_member_body_id_state_body"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_member")),
    )
    with op.batch_alter_table("council_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_member_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_member_pin"), ["pin"], unique=False)

    op.create_table(
        "application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("competition_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("nomination", sa.String(length=20), nullable=False),
        sa.Column("association_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("received_by", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("withdraw_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["association_id"],
            ["association.id"],
            name=op.f("fk_application_association_id_association"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["competition_id"],
            ["competition.id"],
            name=op.f("fk_application_competition_id_competition"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_application_organization_id_organization"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_application_person_id_person"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application")),
        sa.UniqueConstraint("competition_id", "number", name="number_per_competition"),
    )
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_application_competition_id"), ["competition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_application_person_id"), ["person_id"], unique=False)

    op.create_table(
        "conflict_of_interest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_conflict_of_interest_application_id_application"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["commission_member.id"],
            name=op.f("fk_conflict_of_interest_member_id_commission_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflict_of_interest")),
    )
    with op.batch_alter_table("conflict_of_interest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflict_of_interest_application_id"), ["application_id"], unique=False)

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("file_type", sa.String(length=10), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_document_application_id_application"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"], ["document.id"], name=op.f("fk_document_replaces_id_document"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_application_id"), ["application_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_sha256"), ["sha256"], unique=False)

    op.create_table(
        "screening_verdict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("criterion", sa.String(length=40), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=300), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_screening_verdict_application_id_application"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_verdict")),
    )
    with op.batch_alter_table("screening_verdict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_screening_verdict_application_id"), ["application_id"], unique=False)

    with op.batch_alter_table("commission_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pin", sa.String(length=14), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_commission_member_pin"), ["pin"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("commission_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commission_member_pin"))
        batch_op.drop_column("pin")

    with op.batch_alter_table("screening_verdict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_verdict_application_id"))

    op.drop_table("screening_verdict")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_sha256"))
        batch_op.drop_index(batch_op.f("ix_document_application_id"))

    op.drop_table("document")
    with op.batch_alter_table("conflict_of_interest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflict_of_interest_application_id"))

    op.drop_table("conflict_of_interest")
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_person_id"))
        batch_op.drop_index(batch_op.f("ix_application_competition_id"))

    op.drop_table("application")
    with op.batch_alter_table("council_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_member_pin"))
        batch_op.drop_index(batch_op.f("ix_council_member_body_id"))

    op.drop_table("council_member")
    op.drop_table("association_member")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_pin"))

    op.drop_table("person")
    op.drop_table("organization")
    op.drop_table("association")

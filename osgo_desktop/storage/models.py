"""The SQLAlchemy 2 mapping of the database (changed only together with a migration in ``migrations/``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedColumn, mapped_column, relationship

from osgo_desktop.domain.composition import Came, LeftReason, SeatKind
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.person import Channel, Education, Nomination, OrgKind, PublicService
from osgo_desktop.domain.profile import Kind, Variant
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.registry import Role, Seat, Sex
from osgo_desktop.domain.voting import Mode, RoundState, Side
from osgo_desktop.storage.documents import FileType
from osgo_desktop.storage.types import JSONText, enum_column

# Deterministic constraint names, so migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: the ``info`` key of a column that the unit of work's clock fills (``storage/stamps.py``): "insert", when the
#: row is first written, or "update", then and whenever the row changes
STAMP = "osgo_stamp"


def stamped(when: Literal["insert", "update"] = "insert") -> MappedColumn[Any]:
    """A UTC time column filled from the unit of work's clock (never from the system clock)."""
    return mapped_column(DateTime, info={STAMP: when})


def row_version() -> MappedColumn[Any]:
    """The row's version (migration 0013): the optimistic check that tells the second of two people saving the
    same record that it changed since they opened it."""
    return mapped_column(Integer, default=1, server_default="1")


def versioned(column: Mapped[int] | MappedColumn[Any]) -> dict[str, Any]:
    """A versioned class's mapper arguments: ``column`` (its :func:`row_version`) is the version every ORM UPDATE
    checks and moves on (``storage.versions``)."""
    return {"version_id_col": column}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --- the audit chain (migration 0004; written only by ``storage.audit``) -------------------------------------------


class AuditEntry(Base):
    """One change to one row, appended and never changed: each entry's hash covers the one before it."""

    __tablename__ = "audit_entry"

    #: assigned by ``storage.audit`` under the chain-head lock: 1, 2, 3 … without gaps
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    #: UTC
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(300))
    #: insert, update, delete, or baseline (a row that existed before the log began)
    action: Mapped[str] = mapped_column(String(10))
    table_name: Mapped[str] = mapped_column(String(100))
    #: the primary key as canonical JSON, e.g. {"id":7}
    row_key: Mapped[str] = mapped_column(Text)
    #: the row after the change (before it, for a delete) as canonical JSON, without its table's personal fields
    #: (``domain.audit_chain.PERSONAL_FIELDS``; record format 2, migration 0011)
    data: Mapped[str] = mapped_column(Text)
    #: the row's personal fields as canonical JSON (None: the table has none, or they were erased)
    personal: Mapped[str | None] = mapped_column(Text)
    #: 32 hex digits, random per entry, that salt ``personal_hash`` (None with ``personal``)
    salt: Mapped[str | None] = mapped_column(String(32))
    #: SHA-256 of ``salt:personal`` (None: the table has no personal fields); kept when they are erased
    personal_hash: Mapped[str | None] = mapped_column(String(64))
    #: the entry's format-1 hash, for an entry made before migration 0011 re-chained it (None after)
    legacy_hash: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


Index("ix_audit_entry_table_key", AuditEntry.table_name, AuditEntry.row_key)


class AuditHead(Base):
    """The chain's last entry, in one row: writers lock it to append, and a cut-off tail no longer matches it."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class Profile(Base):
    """A regulation profile, stored as a JSON document (see ``domain.profile``)."""

    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONText(sort_keys=True, ensure_ascii=False))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = stamped("update")


class StateBody(Base):
    __tablename__ = "state_body"

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    name_ky: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: a short code that names the body on the command line and in import files, e.g. "MOH" (migration 0010)
    code: Mapped[str | None] = mapped_column(String(16), unique=True)


class CommissionMember(Base):
    __tablename__ = "commission_member"
    __table_args__ = (
        CheckConstraint("sex IN ('F', 'M')", name="sex"),
        CheckConstraint("seat IN ('permanent', 'civil')", name="seat"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    surname: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    patronymic: Mapped[str] = mapped_column(String(300), default="")
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, 1))
    seat: Mapped[Seat] = mapped_column(enum_column(Seat, 20))
    role: Mapped[Role] = mapped_column(enum_column(Role, 20), default=Role.MEMBER)
    body_index: Mapped[int | None] = mapped_column(Integer)
    organization: Mapped[str] = mapped_column(String(300), default="")
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    contact: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: to find a member among applicants: a Commission member may not sit on a public council
    pin: Mapped[str] = mapped_column(String(14), default="", server_default="", index=True)
    #: the same person among applicants and in the compositions (migration 0010); None until known
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)


class CountingMember(Base):
    __tablename__ = "counting_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    surname: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    patronymic: Mapped[str] = mapped_column(String(300), default="")
    body_index: Mapped[int] = mapped_column(Integer)
    position: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Competition(Base):
    __tablename__ = "competition"
    __table_args__ = (
        UniqueConstraint("number"),
        CheckConstraint("seats >= 1", name="seats_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    #: the registration number printed on every document, e.g. "2026/03"
    number: Mapped[str] = mapped_column(String(40))
    kind: Mapped[Kind] = mapped_column(enum_column(Kind, 20))
    variant: Mapped[Variant] = mapped_column(enum_column(Variant, 40))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("state_body.id", ondelete="RESTRICT"))
    seats: Mapped[int] = mapped_column(Integer)
    term_years: Mapped[int] = mapped_column(Integer)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    vacancy_date: Mapped[dt.date | None] = mapped_column(Date)
    publication_date: Mapped[dt.date | None] = mapped_column(Date)
    media_outlet: Mapped[str] = mapped_column(String(300), default="")
    intake_address: Mapped[str] = mapped_column(String(500), default="")
    #: the Russian forms of the texts the documents print (migration 0009); "" when not entered yet
    media_outlet_ru: Mapped[str] = mapped_column(String(300), default="", server_default="")
    intake_address_ru: Mapped[str] = mapped_column(String(500), default="", server_default="")
    contact: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[State] = mapped_column(enum_column(State, 20), default=State.DRAFT, index=True)
    #: the campaign it was announced in, together with other councils' competitions (migration 0010)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="RESTRICT"), index=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    #: the competition's own copy of the regulation profile (JSON)
    profile_data: Mapped[dict[str, Any]] = mapped_column(JSONText(sort_keys=True, ensure_ascii=False))
    #: the election record as it stood when the signed copy closed the competition (JSON; "" while open): people
    #: are shared between competitions, and a later correction of a name elsewhere must not change a closed record
    closed_record: Mapped[dict[str, Any] | None] = mapped_column(
        JSONText(sort_keys=True, ensure_ascii=False, empty_is_none=True),
        nullable=False,
        default=None,
        server_default="",
    )
    created_at: Mapped[dt.datetime] = stamped()
    updated_at: Mapped[dt.datetime] = stamped("update")

    body: Mapped[StateBody | None] = relationship(lazy="joined")
    events: Mapped[list[CompetitionEvent]] = relationship(
        back_populates="competition", order_by="CompetitionEvent.id", cascade="all, delete-orphan"
    )


class CompetitionEvent(Base):
    """A recorded transition of a competition's lifecycle."""

    __tablename__ = "competition_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = stamped()
    from_state: Mapped[State] = mapped_column(enum_column(State, 20))
    to_state: Mapped[State] = mapped_column(enum_column(State, 20))
    note: Mapped[str] = mapped_column(Text, default="")

    competition: Mapped[Competition] = relationship(back_populates="events")


# --- applications (migration 0002) ---------------------------------------------------------------------------


class Person(Base):
    """An applicant. One row per person (matched by PIN), whatever the number of competitions they enter."""

    __tablename__ = "person"
    __table_args__ = (CheckConstraint("sex IN ('F', 'M')", name="sex"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    surname: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    patronymic: Mapped[str] = mapped_column(String(300), default="")
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, 1))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    pin: Mapped[str] = mapped_column(String(14), default="", index=True)
    citizenship: Mapped[str] = mapped_column(String(3), default="KG")
    education: Mapped[Education] = mapped_column(enum_column(Education, 20), default=Education.NONE)
    public_service: Mapped[PublicService] = mapped_column(enum_column(PublicService, 20), default=PublicService.NONE)
    workplace: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[str] = mapped_column(String(300), default="")
    organization: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    #: when the personal fields were erased (migration 0013; docs/decisions.md, "Personal data"); None while kept
    personal_erased_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = stamped("update")


class Organization(Base):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    name: Mapped[str] = mapped_column(String(300))
    #: the Russian form of the name (migration 0009); "" when not entered yet
    name_ru: Mapped[str] = mapped_column(String(300), default="", server_default="")
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind, 30))
    registration_number: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Association(Base):
    """An association (бирикме) of non-commercial organisations that nominates a Commission candidate."""

    __tablename__ = "association"

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    name: Mapped[str] = mapped_column(String(300))
    #: the Russian form of the name (migration 0009); "" when not entered yet
    name_ru: Mapped[str] = mapped_column(String(300), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    members: Mapped[list[Organization]] = relationship(secondary="association_member", order_by="Organization.name")


class AssociationMember(Base):
    __tablename__ = "association_member"

    association_id: Mapped[int] = mapped_column(ForeignKey("association.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"), primary_key=True)


class CouncilMember(Base):
    """A sitting member of some public council: a person may sit on only one, and not on the Commission too."""

    __tablename__ = "council_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("state_body.id", ondelete="RESTRICT"), index=True)
    surname: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    patronymic: Mapped[str] = mapped_column(String(300), default="")
    pin: Mapped[str] = mapped_column(String(14), default="", index=True)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Application(Base):
    __tablename__ = "application"
    __table_args__ = (UniqueConstraint("competition_id", "number", name="number_per_competition"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    #: sequential within the competition: 1, 2, 3 … (printed as "2026/01-003")
    number: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    #: when the documents were received (UTC)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, 20))
    nomination: Mapped[Nomination] = mapped_column(enum_column(Nomination, 20))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("association.id", ondelete="RESTRICT"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"))
    #: received after the intake deadline: registered, flagged, and not admitted
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    received_by: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdraw_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = stamped()

    person: Mapped[Person] = relationship(lazy="joined")
    association: Mapped[Association | None] = relationship()
    organization_row: Mapped[Organization | None] = relationship()
    documents: Mapped[list[Document]] = relationship(back_populates="application", order_by="Document.id")
    verdicts: Mapped[list[ScreeningVerdict]] = relationship(order_by="ScreeningVerdict.id")


class Document(Base):
    """A file handed in, kept unchanged in the document store under its SHA-256. Replacing one adds a version."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="RESTRICT"), index=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    file_type: Mapped[FileType] = mapped_column(enum_column(FileType, 10))
    display_name: Mapped[str] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: the earlier version this one replaces
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="RESTRICT"))
    #: set on the version a newer one replaced
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[dt.datetime] = stamped()
    #: when the secretariat withdrew the document, registered by mistake (UTC; migration 0012): the row stays,
    #: and no longer counts
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: why it was withdrawn (a slip at the desk, not a fact about the applicant: not a personal field)
    withdraw_reason: Mapped[str] = mapped_column(Text, default="", server_default="")

    application: Mapped[Application] = relationship(back_populates="documents")

    @property
    def current(self) -> bool:
        """Whether the document counts: neither replaced by a newer version nor withdrawn."""
        return not self.superseded and self.withdrawn_at is None


class ScreeningVerdict(Base):
    """The Commission's verdict on one criterion of one application (the latest one counts)."""

    __tablename__ = "screening_verdict"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="RESTRICT"), index=True)
    criterion: Mapped[str] = mapped_column(String(40))
    passed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(300), default="")
    #: the Commission members who took the decision (JSON list of commission_member ids; migration 0010): those
    #: present at the screening session but for any who declared a conflict towards the candidate. None: not recorded
    deciders: Mapped[list[int] | None] = mapped_column(
        JSONText(empty_is_none=True), nullable=False, default=None, server_default=""
    )
    decided_at: Mapped[dt.datetime] = stamped()


class ConflictOfInterest(Base):
    """A Commission member's declared conflict of interest towards a candidate (relative, same organisation)."""

    __tablename__ = "conflict_of_interest"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="RESTRICT"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("commission_member.id", ondelete="RESTRICT"))
    reason: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[dt.datetime] = stamped()


class ScreeningSession(Base):
    """The Commission's session at which the applications were screened (migration 0009): recorded before the
    screening protocol is issued, which prints its date, place, times, attendance and quorum."""

    __tablename__ = "screening_session"
    __table_args__ = (UniqueConstraint("competition_id", name="one_per_competition"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(500))
    place_ru: Mapped[str] = mapped_column(String(500), default="")
    #: Bishkek wall-clock times as the minutes say them ("10:00")
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5), default="")
    #: the Commission's size and the attendance the quorum required, when the session was recorded
    members_total: Mapped[int] = mapped_column(Integer)
    quorum: Mapped[int] = mapped_column(Integer)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("commission_member.id", ondelete="RESTRICT"))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("commission_member.id", ondelete="RESTRICT"))
    #: who was present as recorded — names, roles (JSON, as ``VoteSession.roll``): a later registry change must not
    #: change the minutes
    roll: Mapped[dict[str, Any] | None] = mapped_column(
        JSONText(ensure_ascii=False, empty_is_none=True), nullable=False, default=None, server_default=""
    )
    recorded_at: Mapped[dt.datetime] = stamped("update")

    present: Mapped[list[CommissionMember]] = relationship(
        secondary="screening_attendance", order_by="CommissionMember.surname"
    )


class ScreeningAttendance(Base):
    __tablename__ = "screening_attendance"

    screening_id: Mapped[int] = mapped_column(ForeignKey("screening_session.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("commission_member.id", ondelete="RESTRICT"), primary_key=True)


# --- the rating vote (migration 0003) --------------------------------------------------------------------------


class VoteSession(Base):
    """A session of the Commission at which a rating vote is held, with its attendance and quorum."""

    __tablename__ = "vote_session"
    __table_args__ = (CheckConstraint("mode IN ('paper', 'open')", name="mode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(500))
    #: the Russian form of the place (migration 0009); "" when not entered yet
    place_ru: Mapped[str] = mapped_column(String(500), default="", server_default="")
    #: the start time as the minutes say it (Bishkek wall-clock time, "10:00")
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5), default="")
    #: "paper": secret ballots entered twice; "open": each member's vote entered by name
    mode: Mapped[Mode] = mapped_column(enum_column(Mode, 10), default=Mode.PAPER)
    #: the Commission's size and the attendance the quorum required, as they were when the session opened
    members_total: Mapped[int] = mapped_column(Integer)
    quorum: Mapped[int] = mapped_column(Integer)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("commission_member.id", ondelete="RESTRICT"))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("commission_member.id", ondelete="RESTRICT"))
    #: the copy of the database and its documents made when the session opened, on the machine that opened it
    #: ("" when none could be made)
    backup_path: Mapped[str] = mapped_column(Text, default="")
    #: who was present as the session recorded them — names, roles, bodies (JSON; migration 0006): a name or role
    #: changed in the registry later must not change the minutes of a session already held
    roll: Mapped[dict[str, Any] | None] = mapped_column(
        JSONText(ensure_ascii=False, empty_is_none=True), nullable=False, default=None, server_default=""
    )
    opened_at: Mapped[dt.datetime] = stamped()

    present: Mapped[list[CommissionMember]] = relationship(
        secondary="vote_attendance", order_by="CommissionMember.surname"
    )
    counting_present: Mapped[list[CountingMember]] = relationship(
        secondary="vote_counting_present", order_by="CountingMember.body_index"
    )
    voters: Mapped[list[Voter]] = relationship(order_by="Voter.number", cascade="all, delete-orphan")
    entrants: Mapped[list[Entrant]] = relationship(order_by="Entrant.id", cascade="all, delete-orphan")


class VoteAttendance(Base):
    __tablename__ = "vote_attendance"

    session_id: Mapped[int] = mapped_column(ForeignKey("vote_session.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("commission_member.id", ondelete="RESTRICT"), primary_key=True)


class VoteCountingPresent(Base):
    __tablename__ = "vote_counting_present"

    session_id: Mapped[int] = mapped_column(ForeignKey("vote_session.id", ondelete="CASCADE"), primary_key=True)
    counting_member_id: Mapped[int] = mapped_column(
        ForeignKey("counting_member.id", ondelete="RESTRICT"), primary_key=True
    )


class Voter(Base):
    """One line of the voter roll: one voter, one ballot."""

    __tablename__ = "voter"
    __table_args__ = (UniqueConstraint("session_id", "number", name="number_per_session"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_session.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(500))
    #: a Commission member voting (council competitions); None for a candidate or a delegate
    member_id: Mapped[int | None] = mapped_column(ForeignKey("commission_member.id", ondelete="RESTRICT"))
    #: a Commission competition's voter taken from the data (migration 0010): an admitted candidate, or the
    #: registered delegate of a nominating association; None for a Commission member
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="RESTRICT"))
    association_id: Mapped[int | None] = mapped_column(ForeignKey("association.id", ondelete="RESTRICT"))
    #: ticked as present at the session (only those present get a ballot)
    present: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    note: Mapped[str] = mapped_column(String(500), default="")


class Entrant(Base):
    """A person who enters ballots at a session, confirmed by a personal PIN set when the session opened."""

    __tablename__ = "entrant"
    __table_args__ = (CheckConstraint("side IN ('secretariat', 'counting')", name="side"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_session.id", ondelete="CASCADE"), index=True)
    side: Mapped[Side] = mapped_column(enum_column(Side, 20))
    name: Mapped[str] = mapped_column(String(500))
    counting_member_id: Mapped[int | None] = mapped_column(ForeignKey("counting_member.id", ondelete="RESTRICT"))
    #: the account the person signs in with at the entry station (migration 0013); None for a session held before
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="RESTRICT"))
    #: sessions held before migration 0013: PBKDF2-SHA256 of the session's own PIN ("iterations$salt$hash", hex);
    #: "" for an entrant signed in by account
    pin_hash: Mapped[str] = mapped_column(String(200), default="")
    #: wrong PINs in a row since the last right one or the last lock (migration 0007)
    wrong_pins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: until when (UTC) every PIN of this person is refused, after too many wrong ones in a row
    pin_locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class VoteRound(Base):
    """One round of the rating vote: its rules and candidates fixed when it opens, its result when it closes."""

    __tablename__ = "vote_round"
    __table_args__ = (
        UniqueConstraint("competition_id", "number", name="round_number_per_competition"),
        CheckConstraint("state IN ('open', 'closed')", name="state"),
        CheckConstraint("seats >= 1", name="seats_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_session.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    #: the round whose tie this one settles (None for the first round)
    runoff_of_id: Mapped[int | None] = mapped_column(ForeignKey("vote_round.id", ondelete="RESTRICT"))
    state: Mapped[RoundState] = mapped_column(enum_column(RoundState, 10), default=RoundState.OPEN)
    # the tally rules (see domain.tally.TallyInput)
    seats: Mapped[int] = mapped_column(Integer)
    max_marks: Mapped[int] = mapped_column(Integer)
    blank_is_valid: Mapped[bool] = mapped_column(Boolean, default=True)
    sex_cap_percent: Mapped[int | None] = mapped_column(Integer)
    composition_size: Mapped[int] = mapped_column(Integer)
    one_per_organization: Mapped[bool] = mapped_column(Boolean, default=False)
    min_votes: Mapped[int] = mapped_column(Integer, default=0)
    #: application ids elected in earlier rounds (JSON list)
    already_elected: Mapped[list[str]] = mapped_column(JSONText(), default=list)
    #: the papers printed (serials 1..papers_printed); issued, returned and unused as counted at the close
    papers_printed: Mapped[int] = mapped_column(Integer, default=0)
    papers_issued: Mapped[int | None] = mapped_column(Integer)
    papers_returned: Mapped[int | None] = mapped_column(Integer)
    papers_unused: Mapped[int | None] = mapped_column(Integer)
    #: a drawing of lots: the drawn order of application ids (JSON list), entered by a counting-commission member
    lot_order: Mapped[list[str]] = mapped_column(JSONText(ensure_ascii=False), default=list)
    lots_entrant_id: Mapped[int | None] = mapped_column(ForeignKey("entrant.id", ondelete="RESTRICT"))
    lots_note: Mapped[str] = mapped_column(Text, default="")
    #: who drew the lots, and who witnessed the drawing, as the protocol names them (migration 0009)
    lots_drawn_by: Mapped[str] = mapped_column(String(500), default="", server_default="")
    lots_witnesses: Mapped[str] = mapped_column(Text, default="", server_default="")
    opened_at: Mapped[dt.datetime] = stamped()
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: the exact tally input (the `osgo tally` format) and its result, stored when the round closes
    input_json: Mapped[dict[str, Any] | None] = mapped_column(
        JSONText(sort_keys=True, ensure_ascii=False, empty_is_none=True), nullable=False, default=None
    )
    result_json: Mapped[dict[str, Any] | None] = mapped_column(
        JSONText(sort_keys=True, ensure_ascii=False, empty_is_none=True), nullable=False, default=None
    )

    candidates: Mapped[list[RoundCandidate]] = relationship(
        order_by="RoundCandidate.number", cascade="all, delete-orphan"
    )
    session: Mapped[VoteSession] = relationship()


class RoundCandidate(Base):
    """A candidate on a round's ballot paper, with the number printed beside the name."""

    __tablename__ = "round_candidate"
    __table_args__ = (UniqueConstraint("round_id", "number", name="number_per_round"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("vote_round.id", ondelete="CASCADE"), primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="RESTRICT"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer)

    application: Mapped[Application] = relationship(lazy="joined")


class BallotEntry(Base):
    """One side's entry of one ballot paper (or, in an open vote, of one voter's vote). Saved once confirmed."""

    __tablename__ = "ballot_entry"
    __table_args__ = (
        UniqueConstraint("round_id", "serial", "side", name="one_per_side"),
        CheckConstraint("side IN ('secretariat', 'counting')", name="side"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("vote_round.id", ondelete="RESTRICT"), index=True)
    serial: Mapped[int] = mapped_column(Integer)
    side: Mapped[Side] = mapped_column(enum_column(Side, 20))
    entrant_id: Mapped[int] = mapped_column(ForeignKey("entrant.id", ondelete="RESTRICT"))
    #: the candidates' numbers marked on the paper (JSON list, ascending); [] is a blank paper
    marks: Mapped[list[int]] = mapped_column(JSONText())
    entered_at: Mapped[dt.datetime] = stamped()


class BallotSettlement(Base):
    """A disagreement between the two entries settled against the paper, both entrants present."""

    __tablename__ = "ballot_settlement"
    __table_args__ = (UniqueConstraint("round_id", "serial", name="one_per_serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("vote_round.id", ondelete="RESTRICT"), index=True)
    serial: Mapped[int] = mapped_column(Integer)
    #: what the paper says (JSON list, ascending); [] for a paper struck out
    marks: Mapped[list[int]] = mapped_column(JSONText())
    #: no such paper was in the ballot box: an entry typed under a wrong serial, struck out by both sides; the serial
    #: counts for nothing (migration 0008; before it, marks held JSON null)
    struck_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    note: Mapped[str] = mapped_column(Text, default="")
    secretariat_entrant_id: Mapped[int] = mapped_column(ForeignKey("entrant.id", ondelete="RESTRICT"))
    counting_entrant_id: Mapped[int] = mapped_column(ForeignKey("entrant.id", ondelete="RESTRICT"))
    settled_at: Mapped[dt.datetime] = stamped()


# --- protocols, the signed copy and amendments (migration 0005) -------------------------------------------------


class Protocol(Base):
    """A protocol as issued: the PDF kept in the document store, and the fingerprint of the record it was made from.

    Issuing the same protocol again from the same data gives the same fingerprint and reuses the row; data that
    changed meanwhile gives a new version, and the earlier one is kept, marked superseded.
    """

    __tablename__ = "protocol"
    __table_args__ = (
        UniqueConstraint("competition_id", "kind", "round_number", "lang", "version", name="protocol_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    #: screening | vote | tally_sheet | decision
    kind: Mapped[ProtocolKind] = mapped_column(enum_column(ProtocolKind, 20))
    round_number: Mapped[int] = mapped_column(Integer, default=0)
    lang: Mapped[str] = mapped_column(String(5))
    #: the number printed on it, e.g. "2026/04-V1"
    number: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: SHA-256 of the canonical record the protocol was made from (printed on it, and in its QR code)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    #: the PDF in the document store
    file_sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    made_at: Mapped[dt.datetime] = stamped()


class ProtocolFacts(Base):
    """What the secretariat enters for a protocol beyond the data it reports (migration 0009): the times of the
    vote and of the count, the objections and dissenting opinions, and — for the decision on the composition — the
    formation date and the Commission's vote on the decision. Part of the protocol's fingerprint basis."""

    __tablename__ = "protocol_facts"
    __table_args__ = (UniqueConstraint("competition_id", "kind", "round_number", name="one_per_protocol"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[ProtocolKind] = mapped_column(enum_column(ProtocolKind, 20))
    round_number: Mapped[int] = mapped_column(Integer, default=0)
    #: Bishkek wall-clock times ("10:00"); "" when not entered
    vote_began: Mapped[str] = mapped_column(String(5), default="")
    vote_ended: Mapped[str] = mapped_column(String(5), default="")
    count_began: Mapped[str] = mapped_column(String(5), default="")
    count_ended: Mapped[str] = mapped_column(String(5), default="")
    #: as said at the session, in the language it was said in; "" prints "none"
    objections: Mapped[str] = mapped_column(Text, default="")
    dissent: Mapped[str] = mapped_column(Text, default="")
    #: the decision: the date the new composition is formed (its members' terms run from it)
    formation_date: Mapped[dt.date | None] = mapped_column(Date)
    #: the decision: the Commission's vote on adopting it
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstained: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = stamped("update")


class SignedScan(Base):
    """The scan of a signed paper protocol, kept unchanged under its SHA-256: attaching it closes the competition."""

    __tablename__ = "signed_scan"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id", ondelete="RESTRICT"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    file_type: Mapped[FileType] = mapped_column(enum_column(FileType, 10))
    display_name: Mapped[str] = mapped_column(String(300))
    attached_by: Mapped[str] = mapped_column(String(300), default="")
    attached_at: Mapped[dt.datetime] = stamped()


class Amendment(Base):
    """A correction of a closed competition's record: never an edit, always a reason and a new protocol version."""

    __tablename__ = "amendment"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    #: the protocol it corrects
    protocol_id: Mapped[int] = mapped_column(ForeignKey("protocol.id", ondelete="RESTRICT"))
    reason: Mapped[str] = mapped_column(Text)
    #: what the correction says, printed in the amended protocol
    correction: Mapped[str] = mapped_column(Text)
    made_by: Mapped[str] = mapped_column(String(300), default="")
    made_at: Mapped[dt.datetime] = stamped()


# --- compositions over time (migration 0010) --------------------------------------------------------------------


class Campaign(Base):
    """Several councils' competitions announced together: one call in the media, one intake window."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: printed on the joint announcement, e.g. "2026/K1"
    number: Mapped[str] = mapped_column(String(40), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = stamped()


class Composition(Base):
    """One term of a state body's public council, or of the Commission (``body_id`` None): its seats and the dates
    its powers run. Formed by a competition's signed decision, or imported as it sat before the app."""

    __tablename__ = "composition"
    __table_args__ = (CheckConstraint("seats >= 1", name="seats_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("state_body.id", ondelete="RESTRICT"), index=True)
    seats: Mapped[int] = mapped_column(Integer)
    term_start: Mapped[dt.date] = mapped_column(Date)
    #: the last day of its powers
    term_end: Mapped[dt.date] = mapped_column(Date)
    #: the competition whose signed decision formed it; None when imported
    competition_id: Mapped[int | None] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    #: the last day of its powers when they ended before ``term_end`` (the next composition was formed)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = stamped()

    body: Mapped[StateBody | None] = relationship(lazy="joined")
    mandates: Mapped[list[Mandate]] = relationship(
        back_populates="composition", order_by="Mandate.id", foreign_keys="Mandate.composition_id"
    )


class Mandate(Base):
    """One person holding one seat of a composition, from a date to a date: how they came and how they left.
    Never deleted: a departure sets ``left_on`` and ``left_reason``."""

    __tablename__ = "mandate"
    __table_args__ = (
        UniqueConstraint("composition_id", "person_id", name="once_per_composition"),
        CheckConstraint("seat IN ('council', 'civil', 'permanent')", name="seat"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    composition_id: Mapped[int] = mapped_column(ForeignKey("composition.id", ondelete="RESTRICT"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    seat: Mapped[SeatKind] = mapped_column(enum_column(SeatKind, 20))
    #: a permanent Commission seat: the index of the appointing body in the profile's ``commission_permanent_bodies``
    body_index: Mapped[int | None] = mapped_column(Integer)
    #: the organisation the member came from, as it was when seated (one per organisation is checked against it)
    organization: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[dt.date] = mapped_column(Date)
    #: the planned last day (the composition's term end, for a replacement the rest of the vacated term)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    came: Mapped[Came] = mapped_column(enum_column(Came, 20))
    #: the competition they were elected in, or whose reserve list they came from
    competition_id: Mapped[int | None] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    #: the application that brought them (elected or from the reserve), when they came by competition
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="RESTRICT"))
    #: the mandate whose vacancy this one fills
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("mandate.id", ondelete="RESTRICT"))
    #: the day the member left early (the seat is vacant from that day on); None while they sit or when the term ran out
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    left_reason: Mapped[LeftReason | None] = mapped_column(enum_column(LeftReason, 20))
    left_note: Mapped[str] = mapped_column(Text, default="")
    #: a Commission mandate: the member's row in the Commission's roster (attendance, roles)
    commission_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("commission_member.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[dt.datetime] = stamped()

    composition: Mapped[Composition] = relationship(back_populates="mandates", foreign_keys=[composition_id])
    person: Mapped[Person] = relationship(lazy="joined")


class VacancyFill(Base):
    """The Commission's decision on filling a vacancy from the reserve list of the competition that formed the
    composition: numbered, printed and signed like a protocol, kept in that competition's record."""

    __tablename__ = "vacancy_fill"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the competition whose reserve list was used
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="RESTRICT"), index=True)
    composition_id: Mapped[int] = mapped_column(ForeignKey("composition.id", ondelete="RESTRICT"), index=True)
    #: the mandate that left the seat vacant
    vacated_id: Mapped[int] = mapped_column(ForeignKey("mandate.id", ondelete="RESTRICT"))
    #: the mandate it made
    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandate.id", ondelete="RESTRICT"))
    #: the number printed on it, e.g. "2026/04-R1"
    number: Mapped[str] = mapped_column(String(60), unique=True)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    #: the reserve candidates passed over before the chosen one, with the reason (JSON list of {id, name, reason})
    skipped: Mapped[list[dict[str, Any]]] = mapped_column(JSONText(ensure_ascii=False), default=list)
    created_at: Mapped[dt.datetime] = stamped()


# --- people and workstations (migration 0013) ---------------------------------------------------------------------


class Account(Base):
    """Someone who signs in: a login, a name, the roles held (``domain.roles``), Argon2id hashes of the password and
    of the optional short station PIN. Never deleted: ``active`` False refuses the sign-in."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    row_version: Mapped[int] = row_version()
    __mapper_args__ = versioned(row_version)
    #: what is typed to sign in, kept case-folded
    login: Mapped[str] = mapped_column(String(100), unique=True)
    #: the person's name, as the audit log and the papers name them
    name: Mapped[str] = mapped_column(String(300))
    #: the roles' codes, comma-separated and sorted (``domain.roles.Role``)
    roles: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: Argon2id (argon2-cffi's encoded form); the password itself is never stored
    password_hash: Mapped[str] = mapped_column(String(300))
    #: Argon2id of the short station PIN (at least 6 digits) that unlocks an entry station; "" when none is set
    station_pin_hash: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: failed sign-ins in a row since the last good one
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: until when (UTC) every sign-in of this account is refused, after too many failed ones
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[dt.datetime] = stamped()


class SignInBlock(Base):
    """The failed sign-ins of a login that names no active account, counted and locked as an account's are — so
    that whether a login locks tells nobody whether it exists. The login is kept only as a hash (a password typed
    in the login field by mistake is not stored). Not in the audit chain: it records no one's work."""

    __tablename__ = "sign_in_block"

    #: SHA-256 (hex) of the login as typed, case-folded (``services.accounts.normal_login``)
    login_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)


class DocumentBlob(Base):
    """A document's bytes kept in the database (a server database's store, ``storage.documents``), by SHA-256."""

    __tablename__ = "document_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    #: how many chunks hold it
    parts: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[dt.datetime] = stamped()


class DocumentChunk(Base):
    """One chunk of a :class:`DocumentBlob`, in order of ``part`` from 0."""

    __tablename__ = "document_chunk"

    sha256: Mapped[str] = mapped_column(ForeignKey("document_blob.sha256", ondelete="CASCADE"), primary_key=True)
    part: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)

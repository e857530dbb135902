"""The SQLAlchemy 2 mapping of the database (changed only together with a migration in ``migrations/``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Deterministic constraint names, so migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Profile(Base):
    """A regulation profile, stored as a JSON document (see ``domain.profile``)."""

    __tablename__ = "profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    data: Mapped[str] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class StateBody(Base):
    __tablename__ = "state_body"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ky: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CommissionMember(Base):
    __tablename__ = "commission_member"
    __table_args__ = (
        CheckConstraint("sex IN ('F', 'M')", name="sex"),
        CheckConstraint("seat IN ('permanent', 'civil')", name="seat"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    surname: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    patronymic: Mapped[str] = mapped_column(String(300), default="")
    sex: Mapped[str] = mapped_column(String(1))
    seat: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20), default="member")
    body_index: Mapped[int | None] = mapped_column(Integer)
    organization: Mapped[str] = mapped_column(String(300), default="")
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    contact: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CountingMember(Base):
    __tablename__ = "counting_member"

    id: Mapped[int] = mapped_column(primary_key=True)
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
    #: the registration number printed on every document, e.g. "2026/03"
    number: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    variant: Mapped[str] = mapped_column(String(40))
    body_id: Mapped[int | None] = mapped_column(ForeignKey("state_body.id", ondelete="RESTRICT"))
    seats: Mapped[int] = mapped_column(Integer)
    term_years: Mapped[int] = mapped_column(Integer)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    vacancy_date: Mapped[dt.date | None] = mapped_column(Date)
    publication_date: Mapped[dt.date | None] = mapped_column(Date)
    media_outlet: Mapped[str] = mapped_column(String(300), default="")
    intake_address: Mapped[str] = mapped_column(String(500), default="")
    contact: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    #: the competition's own copy of the regulation profile (JSON)
    profile_data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    body: Mapped[StateBody | None] = relationship(lazy="joined")
    events: Mapped[list[CompetitionEvent]] = relationship(
        back_populates="competition", order_by="CompetitionEvent.id", cascade="all, delete-orphan"
    )


class CompetitionEvent(Base):
    """A recorded transition of a competition's lifecycle."""

    __tablename__ = "competition_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    competition: Mapped[Competition] = relationship(back_populates="events")

"""The screening session: the Commission's session at which the applications were screened, recorded before the
screening protocol is issued (its date, place, times, attendance and quorum are what the protocol prints).

Modelled on the vote's session (``services.voting.session``): the dialog gets a :class:`ScreeningSetup`, the rules
are :func:`check_screening_session`, and who was present is kept as a ``roll`` of names and roles, so that a later
change to the Commission's registry does not change the minutes of a session already held. The session may be
corrected until the competition is closed; it is part of the screening protocol's fingerprint basis
(``services.record``), so a protocol issued again after a correction is a new version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from osgo_desktop.domain import lifecycle
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import RegulationProfile
from osgo_desktop.domain.registry import Role, full_name
from osgo_desktop.domain.screening_session import (
    ScreeningSessionDraft,
    ScreeningSetup,
    check_screening_session,
    clock_time,
)
from osgo_desktop.domain.session import Person
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import _
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

__all__ = [
    "ScreeningSessionDraft",
    "ScreeningSessionView",
    "ScreeningSetup",
    "check_screening_session",
    "get_screening_session",
    "record_screening_session",
    "screening_setup",
]


@dataclass(frozen=True)
class ScreeningSessionView:
    """The screening session as recorded; names as the roll kept them, in Kyrgyz alphabetical order."""

    competition_id: int
    held_on: dt.date
    place: str
    place_ru: str
    start_time: str
    end_time: str
    members_total: int
    quorum: int
    present: tuple[str, ...]
    #: each present member's role on the Commission (chair, deputy, secretary, member), as at the session
    present_roles: tuple[str, ...]
    #: the active Commission members who were not present
    absent: tuple[str, ...]
    chair: str
    secretary: str
    recorded_at: dt.datetime

    def place_in(self, lang: str) -> str:
        """The place as a document in ``lang`` prints it: the Russian form on a Russian paper, when entered."""
        if lang != "ky" and self.place_ru.strip():
            return self.place_ru
        return self.place

    @property
    def quorum_met(self) -> bool:
        return len(self.present) >= self.quorum


def _member_name(member: models.CommissionMember) -> str:
    return full_name(member.surname, member.name, member.patronymic)


def _active_members(uow: UnitOfWork) -> list[models.CommissionMember]:
    members = [m for m in uow.commission.list(models.CommissionMember.surname) if m.active]
    members.sort(key=lambda m: kyrgyz_sort_key(_member_name(m)))
    return members


def _row(uow: UnitOfWork, competition_id: int) -> models.ScreeningSession | None:
    return uow.session.scalars(
        select(models.ScreeningSession).where(models.ScreeningSession.competition_id == competition_id)
    ).one_or_none()


def screening_setup(uow: UnitOfWork, competition_id: int) -> ScreeningSetup:
    """What the screening session's dialog offers: the active members, the quorum, the session recorded so far."""
    competition = uow.competitions.require(competition_id)
    profile = RegulationProfile.from_obj(competition.profile_data)
    members = _active_members(uow)
    row = _row(uow, competition_id)
    recorded = None
    if row is not None:
        ticked = {m.id for m in row.present}
        recorded = ScreeningSessionDraft(
            held_on=row.held_on,
            place=row.place,
            start_time=row.start_time,
            end_time=row.end_time,
            present=tuple(m.id for m in members if m.id in ticked),  # in Kyrgyz order, as the dialog lists them
            chair_id=row.chair_id,
            secretary_id=row.secretary_id,
            place_ru=row.place_ru,
        )
    return ScreeningSetup(
        competition_id=competition.id,
        competition_number=competition.number,
        members_total=profile.commission_size,
        quorum=profile.quorum(profile.commission_size),
        members=tuple(Person(m.id, _member_name(m), m.role) for m in members),
        chair_id=next((m.id for m in members if m.role is Role.CHAIR), None),
        secretary_id=next((m.id for m in members if m.role is Role.SECRETARY), None),
        today=uow.clock.today(),
        earliest=competition.publication_date,
        recorded=recorded,
    )


def _view(competition_id: int, row: models.ScreeningSession) -> ScreeningSessionView:
    roll: dict[str, Any] = row.roll or {}
    present = roll.get("present", [])
    return ScreeningSessionView(
        competition_id=competition_id,
        held_on=row.held_on,
        place=row.place,
        place_ru=row.place_ru,
        start_time=row.start_time,
        end_time=row.end_time,
        members_total=row.members_total,
        quorum=row.quorum,
        present=tuple(str(p["name"]) for p in present),
        present_roles=tuple(str(p["role"]) for p in present),
        absent=tuple(str(p["name"]) for p in roll.get("absent", [])),
        chair=str(roll.get("chair", "")),
        secretary=str(roll.get("secretary", "")),
        recorded_at=row.recorded_at,
    )


def get_screening_session(uow: UnitOfWork, competition_id: int) -> ScreeningSessionView | None:
    """The screening session of the competition; None while it is not recorded."""
    row = _row(uow, competition_id)
    return None if row is None else _view(competition_id, row)


def _recordable(competition: models.Competition) -> None:
    state = competition.state
    if state is State.CANCELLED:
        raise KnownError(_("The competition was cancelled."))
    if state is State.CLOSED:
        raise KnownError(_("The competition is closed: its screening session can no longer be changed."))
    if lifecycle.ORDER.index(state) < lifecycle.ORDER.index(State.SCREENING):
        raise KnownError(_("The screening session is recorded once the screening has started."))


def record_screening_session(uow: UnitOfWork, competition_id: int, draft: ScreeningSessionDraft) -> int:
    """Check the session (quorum, times, chair and secretary among those present) and record it, or correct the
    one recorded; returns its id. Refused once the competition is closed."""
    competition = uow.competitions.require(competition_id)
    _recordable(competition)
    setup = screening_setup(uow, competition_id)
    errors = check_screening_session(setup, draft)
    if errors:
        raise ValidationError(errors)
    chosen = set(draft.present)
    present = [uow.commission.require(m.id) for m in setup.members if m.id in chosen]
    absent = [uow.commission.require(m.id) for m in setup.members if m.id not in chosen]
    chair = uow.commission.require(draft.chair_id) if draft.chair_id is not None else None
    secretary = uow.commission.require(draft.secretary_id) if draft.secretary_id is not None else None
    row = _row(uow, competition_id) or models.ScreeningSession(competition_id=competition.id)
    row.held_on = draft.held_on
    row.place = draft.place.strip()
    row.place_ru = draft.place_ru.strip()
    row.start_time = clock_time(draft.start_time) or ""
    row.end_time = clock_time(draft.end_time) or ""
    row.members_total = setup.members_total
    row.quorum = setup.quorum
    row.chair_id = draft.chair_id
    row.secretary_id = draft.secretary_id
    row.present = present
    row.roll = {
        "present": [{"name": _member_name(m), "role": m.role} for m in present],
        "absent": [{"name": _member_name(m), "role": m.role} for m in absent],
        "chair": _member_name(chair) if chair is not None else "",
        "secretary": _member_name(secretary) if secretary is not None else "",
    }
    uow.session.add(row)
    uow.session.flush()
    uow.commit()
    return row.id

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from osgo_desktop.domain import lifecycle
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import RegulationProfile
from osgo_desktop.domain.registry import Role, full_name
from osgo_desktop.domain.roles import Action
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
    "Deciders",
    "ScreeningSessionDraft",
    "ScreeningSessionView",
    "ScreeningSetup",
    "StoodAside",
    "check_screening_session",
    "conflicts_of",
    "deciders_of",
    "get_screening_session",
    "member_names",
    "record_screening_session",
    "resolve_deciders",
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
    uow.require(Action.SCREENING_SESSION)
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


# --- who takes the decision on a candidate: conflicts of interest take effect (issue 13) -------------------------


@dataclass(frozen=True)
class StoodAside:
    """A Commission member who declared a conflict of interest towards a candidate: they take no part in the
    decisions on that candidate."""

    application_id: int
    member_id: int
    member_name: str
    reason: str


@dataclass(frozen=True)
class Deciders:
    """Who decides on one candidate: the members of the screening session (those present, once it is recorded;
    the active members until then) but those who stood aside. ``members`` is the default a verdict records."""

    application_id: int
    members: tuple[Person, ...]
    stood_aside: tuple[StoodAside, ...]


def conflicts_of(uow: UnitOfWork, application_ids: Iterable[int]) -> dict[int, tuple[StoodAside, ...]]:
    """Application id → the members who declared a conflict towards it, in the order declared (one entry per
    member: a second declaration by the same member adds nothing to who stands aside)."""
    ids = set(application_ids)
    out: dict[int, list[StoodAside]] = {i: [] for i in ids}
    if not ids:
        return {}
    rows = uow.session.execute(
        select(models.ConflictOfInterest, models.CommissionMember)
        .join(models.CommissionMember, models.ConflictOfInterest.member_id == models.CommissionMember.id)
        .where(models.ConflictOfInterest.application_id.in_(ids))
        .order_by(models.ConflictOfInterest.id)
    )
    for conflict, member in rows:
        found = out[conflict.application_id]
        if all(s.member_id != member.id for s in found):
            found.append(StoodAside(conflict.application_id, member.id, _member_name(member), conflict.reason))
    return {i: tuple(found) for i, found in out.items()}


def _session_members(uow: UnitOfWork, competition_id: int) -> list[models.CommissionMember]:
    row = _row(uow, competition_id)
    if row is not None:
        present = list(row.present)
        present.sort(key=lambda m: kyrgyz_sort_key(_member_name(m)))
        return present
    return _active_members(uow)


def deciders_of(uow: UnitOfWork, application_id: int) -> Deciders:
    """Who takes the decisions on this candidate, and who stands aside from them and why."""
    application = uow.applications.require(application_id)
    aside = conflicts_of(uow, [application_id]).get(application_id, ())
    conflicted = {s.member_id for s in aside}
    members = [m for m in _session_members(uow, application.competition_id) if m.id not in conflicted]
    return Deciders(
        application_id=application_id,
        members=tuple(Person(m.id, _member_name(m), m.role) for m in members),
        stood_aside=aside,
    )


def resolve_deciders(uow: UnitOfWork, application_id: int, chosen: Sequence[int] | None = None) -> list[int]:
    """The deciders a verdict on this candidate records: ``chosen`` checked, or by default the session's members
    but those who declared a conflict towards the candidate. A member who declared one is refused, saying why."""
    setup = deciders_of(uow, application_id)
    if chosen is None:
        if not setup.members:
            raise ValidationError({"deciders": _("No member of the Commission is left to decide on this candidate.")})
        return [m.id for m in setup.members]
    aside = {s.member_id: s for s in setup.stood_aside}
    for member_id in chosen:
        if member_id in aside:
            refused = aside[member_id]
            raise ValidationError(
                {
                    "deciders": _(
                        "{member} declared a conflict of interest towards this candidate ({reason}): they take no "
                        "part in the decisions on this candidate."
                    ).format(member=refused.member_name, reason=refused.reason)
                }
            )
    allowed = {m.id for m in setup.members}
    if not chosen or any(member_id not in allowed for member_id in chosen):
        raise ValidationError(
            {"deciders": _("The members who decide must be members present at the screening session.")}
        )
    return list(dict.fromkeys(chosen))


def member_names(uow: UnitOfWork, member_ids: Iterable[int]) -> list[str]:
    """The names of these Commission members, in the order given (a record prints names, not row ids)."""
    return [_member_name(uow.commission.require(member_id)) for member_id in member_ids]

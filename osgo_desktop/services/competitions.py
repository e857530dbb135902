"""Use cases of a competition: create, edit, announce, close the intake, cancel; list and show."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from sqlalchemy import func, select, text

from osgo_desktop.domain import calendar, competition, lifecycle
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.lifecycle import State, TransitionFacts
from osgo_desktop.domain.profile import Kind, LocalText, RegulationProfile, Variant
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import ValidationError
from osgo_desktop.i18n import _
from osgo_desktop.services import applications, listing, voting
from osgo_desktop.services.registries import current_profile
from osgo_desktop.services.transitions import transition
from osgo_desktop.services.views import CompetitionDetail, CompetitionRow, EventRow
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork
from osgo_desktop.storage.versions import check_version


def _facts_of(row: models.Competition) -> listing.CompetitionFacts:
    return listing.CompetitionFacts(
        kind=row.kind,
        variant=row.variant,
        state=row.state,
        profile=_profile(row),
        publication_date=row.publication_date,
        expiry_date=row.expiry_date,
        vacancy_date=row.vacancy_date,
        entered=listing.entered_days((e.to_state, e.at) for e in row.events),
    )


def _profile(row: models.Competition) -> RegulationProfile:
    return listing.profile_from_text(json.dumps(row.profile_data, sort_keys=True))


def _body(row: models.Competition) -> LocalText | None:
    return LocalText(row.body.name_ky, row.body.name_ru, row.body.name_en) if row.body is not None else None


def _calendar(row: models.Competition, today: dt.date) -> list[calendar.Deadline]:
    return listing.calendar_of(_facts_of(row), today)


def _intake_deadline(row: models.Competition) -> dt.date | None:
    if row.publication_date is None:  # no need to read its history
        return None
    return calendar.intake_deadline(row.publication_date, _profile(row).rules(row.kind))


def _draft_of(row: models.Competition) -> CompetitionDraft:
    return CompetitionDraft(
        kind=row.kind,
        variant=row.variant,
        body_id=row.body_id,
        seats=row.seats,
        term_years=row.term_years,
        expiry_date=row.expiry_date,
        vacancy_date=row.vacancy_date,
        intake_address=row.intake_address,
        contact=row.contact,
        notes=row.notes,
        intake_address_ru=row.intake_address_ru,
    )


def _facts(row: models.Competition, today: dt.date) -> TransitionFacts:
    problems = competition.validate(_draft_of(row), _profile(row).rules(row.kind))
    return TransitionFacts(
        state=row.state,
        today=today,
        publication_date=row.publication_date,
        intake_deadline=_intake_deadline(row),
        announce_problems=tuple(problems.values()),
    )


# --- queries -----------------------------------------------------------------------------------------------------


def list_competitions(uow: UnitOfWork) -> list[CompetitionRow]:
    """Every competition's line, newest first (the same statements and rules as the app's first look)."""
    competitions = uow.session.execute(text(listing.COMPETITIONS_SQL)).all()
    events = uow.session.execute(text(listing.EVENTS_SQL)).all()
    return listing.competition_rows(competitions, events, uow.clock.today())


def get_competition(uow: UnitOfWork, competition_id: int) -> CompetitionDetail:
    today = uow.clock.today()
    row = uow.competitions.require(competition_id)
    state = row.state
    facts = _facts(row, today)
    if state in (State.SCREENING, State.SCREENED, State.TALLIED):
        facts = applications.with_screening_counts(uow, row.id, facts)
    if state in (State.VOTING, State.TALLIED):
        facts = voting.with_vote_facts(uow, row.id, facts)
    blocked = {target: tuple(lifecycle.guard(facts, target)) for target in lifecycle.TRANSITIONS[state]}
    # Announcing needs a publication date, which the announce action itself asks for.
    if State.ANNOUNCED in blocked:
        blocked[State.ANNOUNCED] = tuple(facts.announce_problems)
    return CompetitionDetail(
        id=row.id,
        number=row.number,
        kind=row.kind,
        variant=row.variant,
        body_id=row.body_id,
        body=_body(row),
        seats=row.seats,
        term_years=row.term_years,
        expiry_date=row.expiry_date,
        vacancy_date=row.vacancy_date,
        publication_date=row.publication_date,
        media_outlet=row.media_outlet,
        intake_address=row.intake_address,
        media_outlet_ru=row.media_outlet_ru,
        intake_address_ru=row.intake_address_ru,
        contact=row.contact,
        notes=row.notes,
        state=state,
        cancel_reason=row.cancel_reason,
        profile=_profile(row),
        intake_deadline=_intake_deadline(row),
        calendar=tuple(_calendar(row, today)),
        events=tuple(EventRow(e.at, e.from_state, e.to_state, e.note) for e in row.events),
        created_at=row.created_at,
        blocked=blocked,
        row_version=row.row_version,
    )


def draft_of(uow: UnitOfWork, competition_id: int) -> CompetitionDraft:
    """The competition as the edit dialog shows it."""
    return _draft_of(uow.competitions.require(competition_id))


# --- actions -------------------------------------------------------------------------------------------------


def _next_number(uow: UnitOfWork, year: int) -> str:
    prefix = f"{year}/"
    count = uow.session.scalar(
        select(func.count()).select_from(models.Competition).where(models.Competition.number.like(f"{prefix}%"))
    )
    number = (count or 0) + 1
    while uow.session.scalar(select(models.Competition.id).where(models.Competition.number == f"{prefix}{number:02d}")):
        number += 1
    return f"{prefix}{number:02d}"


def _check_draft(uow: UnitOfWork, draft: CompetitionDraft, profile: RegulationProfile) -> None:
    errors = competition.validate(draft, profile.rules(draft.kind))
    if draft.body_id is not None:
        body = uow.bodies.get(draft.body_id)
        if body is None:
            errors["body_id"] = _("The state body no longer exists; choose another.")
    if draft.kind is Kind.COMMISSION and draft.body_id is not None:
        errors["body_id"] = _("A Commission competition is not held for a state body.")
    if errors:
        raise ValidationError(errors)


def _apply(row: models.Competition, draft: CompetitionDraft) -> None:
    row.kind, row.variant, row.body_id = draft.kind, draft.variant, draft.body_id
    row.seats, row.term_years = draft.seats, draft.term_years
    row.expiry_date = draft.expiry_date if draft.variant is Variant.REGULAR else None
    row.vacancy_date = draft.vacancy_date if draft.variant is not Variant.REGULAR else None
    row.intake_address, row.contact, row.notes = (
        draft.intake_address.strip(),
        draft.contact.strip(),
        draft.notes,
    )
    row.intake_address_ru = draft.intake_address_ru.strip()


def create_competition(uow: UnitOfWork, draft: CompetitionDraft) -> int:
    """A new competition in draft, under a copy of the current regulation profile."""
    uow.require(Action.EDIT_COMPETITIONS)
    row = add_competition(uow, draft)
    uow.commit()
    return row.id


def add_competition(uow: UnitOfWork, draft: CompetitionDraft) -> models.Competition:
    """:func:`create_competition` within the caller's transaction (a campaign creates several at once)."""
    today = uow.clock.today()
    profile = current_profile(uow)
    _check_draft(uow, draft, profile)
    row = models.Competition(number=_next_number(uow, today.year), profile_data=profile.to_obj(), state=State.DRAFT)
    _apply(row, draft)
    uow.competitions.add(row)
    uow.session.flush()
    return row


def update_competition(
    uow: UnitOfWork, competition_id: int, draft: CompetitionDraft, expected_version: int | None = None
) -> None:
    """Save the edit form of a competition (``expected_version``: the version the form was filled from; a
    competition changed meanwhile is refused, see ``storage.versions``)."""
    uow.require(Action.EDIT_COMPETITIONS)
    row = uow.competitions.require(competition_id)
    check_version(uow.session, row, expected_version)
    if row.state not in lifecycle.EDITABLE_STATES:
        raise ValidationError({"state": _("This competition can no longer be edited.")})
    if row.state is not State.DRAFT and draft.kind is not row.kind:
        raise ValidationError({"kind": _("The kind of an announced competition cannot change.")})
    _check_draft(uow, draft, _profile(row))
    _apply(row, draft)
    uow.commit()


def announce(
    uow: UnitOfWork,
    competition_id: int,
    publication_date: dt.date,
    media_outlet: str,
    media_outlet_ru: str = "",
) -> dt.date:
    """Record the publication in the media (the outlet named in Kyrgyz and in Russian) and open the intake; returns
    the intake deadline."""
    uow.require(Action.ANNOUNCE)
    row = uow.competitions.require(competition_id)
    deadline = record_announcement(uow, row, publication_date, media_outlet, media_outlet_ru)
    uow.commit()
    return deadline


def record_announcement(
    uow: UnitOfWork, row: models.Competition, publication_date: dt.date, media_outlet: str, media_outlet_ru: str = ""
) -> dt.date:
    """:func:`announce` within the caller's transaction (a campaign announces all its competitions at once)."""
    today = uow.clock.today()
    errors = competition.validate_announcement(publication_date, media_outlet, today, media_outlet_ru)
    if errors:
        raise ValidationError(errors)
    facts = dataclasses.replace(_facts(row, today), publication_date=publication_date)
    transition(row, State.ANNOUNCED, facts, note=media_outlet.strip())
    row.publication_date = publication_date
    row.media_outlet = media_outlet.strip()
    row.media_outlet_ru = media_outlet_ru.strip()
    deadline = _intake_deadline(row)
    assert deadline is not None
    return deadline


def close_intake(uow: UnitOfWork, competition_id: int) -> None:
    uow.require(Action.CLOSE_INTAKE)
    today = uow.clock.today()
    row = uow.competitions.require(competition_id)
    transition(row, State.INTAKE_CLOSED, _facts(row, today))
    uow.commit()


def cancel(uow: UnitOfWork, competition_id: int, reason: str) -> None:
    uow.require(Action.CANCEL_COMPETITION)
    today = uow.clock.today()
    errors = competition.validate_cancellation(reason)
    if errors:
        raise ValidationError(errors)
    row = uow.competitions.require(competition_id)
    facts = dataclasses.replace(_facts(row, today), cancel_reason=reason)
    transition(row, State.CANCELLED, facts, note=reason.strip())
    row.cancel_reason = reason.strip()
    uow.commit()

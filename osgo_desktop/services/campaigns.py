"""Campaigns: several councils' competitions created together from the due list and announced together — one call
in the media, one intake window, one publication date — each competition still its own (an application names its
council: it belongs to that council's competition).

A person applies to one council of a campaign (docs/decisions.md, "Compositions: campaigns"): a second application
in another competition of the same campaign is refused at intake while the first one stands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from osgo_desktop.domain import calendar
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import LocalText, RegulationProfile
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError, NotFoundError, ValidationError
from osgo_desktop.i18n import _, current_language
from osgo_desktop.services import competitions, due
from osgo_desktop.services.applications import display_number
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork


@dataclass(frozen=True)
class CampaignCouncil:
    """One council of a campaign: its competition."""

    competition_id: int
    number: str
    body_code: str
    body: LocalText
    seats: int
    term_years: int
    expiry_date: dt.date | None
    state: State


@dataclass(frozen=True)
class CampaignDetail:
    id: int
    number: str
    councils: tuple[CampaignCouncil, ...]
    #: the regulation profile of its competitions (made together: the same copy)
    profile: RegulationProfile
    publication_date: dt.date | None
    media_outlet: str
    media_outlet_ru: str
    intake_deadline: dt.date | None
    intake_address: str
    intake_address_ru: str
    contact: str

    @property
    def seats(self) -> int:
        return sum(c.seats for c in self.councils)


@dataclass(frozen=True)
class CampaignCreated:
    campaign_id: int
    number: str
    competition_ids: tuple[int, ...]


def _next_number(uow: UnitOfWork, year: int) -> str:
    """ "2026/K1", "2026/K2" …: K for the councils (Kyrgyz "кеңеш", Russian "комплекс" alike read it)."""
    prefix = f"{year}/K"
    count = uow.session.scalar(
        select(func.count()).select_from(models.Campaign).where(models.Campaign.number.like(f"{prefix}%"))
    )
    number = (count or 0) + 1
    while uow.session.scalar(select(models.Campaign.id).where(models.Campaign.number == f"{prefix}{number}")):
        number += 1
    return f"{prefix}{number}"


def create_campaign(
    uow: UnitOfWork,
    picks: Sequence[tuple[int, int | None]],
    *,
    intake_address: str = "",
    intake_address_ru: str = "",
    note: str = "",
) -> CampaignCreated:
    """A campaign and, in draft, one regular competition per chosen council ((body id, seats or None for the
    composition's)): body, seats and expiry from each council's composition — all of them or none."""
    uow.require(Action.EDIT_COMPETITIONS)
    drafts = due.drafts_for_campaign(uow, picks)
    campaign = models.Campaign(number=_next_number(uow, uow.clock.today().year), note=note.strip())
    uow.session.add(campaign)
    uow.session.flush()
    ids = []
    for row, draft in drafts:
        if intake_address.strip():
            draft = due._with_address(draft, intake_address, intake_address_ru)
        try:
            competition = competitions.add_competition(uow, draft)
        except ValidationError as exc:  # say which council
            name = row.body.name.get(current_language())
            raise ValidationError(
                {key: _("{body}: {message}").format(body=name, message=text) for key, text in exc.errors.items()}
            ) from exc
        competition.campaign_id = campaign.id
        ids.append(competition.id)
    uow.commit()
    return CampaignCreated(campaign.id, campaign.number, tuple(ids))


def _campaign(uow: UnitOfWork, campaign_id: int) -> models.Campaign:
    row = uow.session.get(models.Campaign, campaign_id)
    if row is None:
        raise NotFoundError(_("The campaign no longer exists."))
    return row


def _members(uow: UnitOfWork, campaign_id: int) -> list[models.Competition]:
    query = select(models.Competition).where(models.Competition.campaign_id == campaign_id)
    return list(uow.session.scalars(query.order_by(models.Competition.id)).unique())


def campaign_id_of(uow: UnitOfWork, ident: str) -> int:
    """The campaign an id or number names (``2026/K1``)."""
    for cid, number in uow.session.execute(select(models.Campaign.id, models.Campaign.number)):
        if ident in (str(cid), number):
            return int(cid)
    raise KnownError(_("No campaign has the id or number {ident}.").format(ident=ident))


def get_campaign(uow: UnitOfWork, campaign_id: int) -> CampaignDetail:
    campaign = _campaign(uow, campaign_id)
    rows = _members(uow, campaign_id)
    if not rows:
        raise KnownError(_("Campaign {number} has no competition.").format(number=campaign.number))
    first = rows[0]
    profile = RegulationProfile.from_obj(first.profile_data)
    deadline = (
        calendar.intake_deadline(first.publication_date, profile.rules(first.kind))
        if first.publication_date is not None
        else None
    )
    councils = tuple(
        CampaignCouncil(
            competition_id=row.id,
            number=row.number,
            body_code=(row.body.code or "") if row.body is not None else "",
            body=LocalText(row.body.name_ky, row.body.name_ru, row.body.name_en) if row.body else LocalText("", ""),
            seats=row.seats,
            term_years=row.term_years,
            expiry_date=row.expiry_date,
            state=row.state,
        )
        for row in rows
    )
    return CampaignDetail(
        id=campaign.id,
        number=campaign.number,
        councils=councils,
        profile=profile,
        publication_date=first.publication_date,
        media_outlet=first.media_outlet,
        media_outlet_ru=first.media_outlet_ru,
        intake_deadline=deadline,
        intake_address=first.intake_address,
        intake_address_ru=first.intake_address_ru,
        contact=first.contact,
    )


def list_campaigns(uow: UnitOfWork) -> list[CampaignDetail]:
    ids = uow.session.scalars(select(models.Campaign.id).order_by(models.Campaign.id.desc()))
    return [get_campaign(uow, cid) for cid in ids]


def announce_campaign(
    uow: UnitOfWork, campaign_id: int, publication_date: dt.date, media_outlet: str, media_outlet_ru: str = ""
) -> dt.date:
    """Record the one publication of the campaign's call for every competition in it (each opens its intake on
    that day) — all of them or none; returns the intake deadline they share."""
    uow.require(Action.ANNOUNCE)
    campaign = _campaign(uow, campaign_id)
    rows = _members(uow, campaign_id)
    if not rows:
        raise KnownError(_("Campaign {number} has no competition.").format(number=campaign.number))
    deadlines = set()
    for row in rows:
        if row.state is not State.DRAFT:
            raise KnownError(
                _("Competition {number} of the campaign is no longer a draft: it was announced already.").format(
                    number=row.number
                )
            )
        deadlines.add(competitions.record_announcement(uow, row, publication_date, media_outlet, media_outlet_ru))
    uow.commit()
    return min(deadlines)


def announcement(uow: UnitOfWork, campaign_id: int, lang: str) -> bytes:
    """The campaign's one announcement for the media: every council, its seats, one intake window."""
    from osgo_desktop.reports.announcement import campaign_announcement_pdf

    return campaign_announcement_pdf(get_campaign(uow, campaign_id), lang, uow.clock.today())


# --- one council per person within a campaign ---------------------------------------------------------------------


def application_elsewhere(uow: UnitOfWork, competition_id: int, pin: str, exclude: int | None = None) -> str | None:
    """The application (its number as printed, e.g. "2026/07-3") the person with ``pin`` already has in another
    competition of the same campaign and has not withdrawn; None when there is none (or no campaign, no PIN)."""
    if not pin:
        return None
    campaign_id = uow.session.scalar(
        select(models.Competition.campaign_id).where(models.Competition.id == competition_id)
    )
    if campaign_id is None:
        return None
    found = uow.session.execute(
        select(models.Competition.number, models.Application.number)
        .join(models.Application, models.Application.competition_id == models.Competition.id)
        .join(models.Person, models.Application.person_id == models.Person.id)
        .where(
            models.Competition.campaign_id == campaign_id,
            models.Competition.id != competition_id,
            models.Competition.state != State.CANCELLED,
            models.Application.withdrawn_at.is_(None),
            models.Application.id != (exclude or 0),
            models.Person.pin == pin,
        )
        .limit(1)
    ).first()
    return None if found is None else display_number(found[0], found[1])


def one_council_refusal(uow: UnitOfWork, competition_id: int, pin: str, exclude: int | None = None) -> str | None:
    """The intake's refusal of a second application in one campaign, as a translated sentence; None when allowed."""
    other = application_elsewhere(uow, competition_id, pin, exclude)
    if other is None:
        return None
    return _(
        "This person (PIN {pin}) has already applied to another council of this campaign (application {number}): "
        "one council per person. The other application must be withdrawn first."
    ).format(pin=pin, number=other)

"""What the vote's use cases share: reading a round's rows, its entries and settlements, and names as printed."""

from __future__ import annotations

from sqlalchemy import select

from osgo_desktop.domain import voting
from osgo_desktop.domain.profile import RegulationProfile
from osgo_desktop.domain.registry import full_name
from osgo_desktop.domain.rounds import TallyParameters
from osgo_desktop.domain.voting import Entry, Marks, Reconciliation
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork


def _profile(competition: models.Competition) -> RegulationProfile:
    return RegulationProfile.from_obj(competition.profile_data)


def _name(application: models.Application) -> str:
    p = application.person
    return full_name(p.surname, p.name, p.patronymic)


def _member_name(member: models.CommissionMember | models.CountingMember) -> str:
    return full_name(member.surname, member.name, member.patronymic)


def _settled(settlement: models.BallotSettlement) -> Marks | None:
    """A settlement's marks; None for a serial struck out."""
    return None if settlement.struck_out else tuple(settlement.marks)


def _round(uow: UnitOfWork, round_id: int) -> models.VoteRound:
    return uow.rounds.require(round_id)


def _entries(uow: UnitOfWork, round_id: int) -> list[models.BallotEntry]:
    query = select(models.BallotEntry).where(models.BallotEntry.round_id == round_id).order_by(models.BallotEntry.id)
    return list(uow.session.scalars(query))


def _settlements(uow: UnitOfWork, round_id: int) -> list[models.BallotSettlement]:
    query = (
        select(models.BallotSettlement)
        .where(models.BallotSettlement.round_id == round_id)
        .order_by(models.BallotSettlement.serial)
    )
    return list(uow.session.scalars(query))


def _reconcile(
    uow: UnitOfWork,
    round_id: int,
    entries: list[models.BallotEntry] | None = None,
    settlements: list[models.BallotSettlement] | None = None,
) -> Reconciliation:
    """The two sides' entries compared (the rows already read may be handed in, not read again)."""
    entries = _entries(uow, round_id) if entries is None else entries
    settlements = _settlements(uow, round_id) if settlements is None else settlements
    return voting.reconcile(
        (Entry(e.serial, e.side, tuple(e.marks)) for e in entries),
        {st.serial: _settled(st) for st in settlements},
    )


def _rounds(uow: UnitOfWork, competition_id: int) -> list[models.VoteRound]:
    query = (
        select(models.VoteRound)
        .where(models.VoteRound.competition_id == competition_id)
        .order_by(models.VoteRound.number)
    )
    return list(uow.session.scalars(query))


def _parameters(row: models.VoteRound) -> TallyParameters:
    """The parameters the round was opened with, as stored on it."""
    return TallyParameters(
        seats=row.seats,
        max_marks=row.max_marks,
        blank_is_valid=row.blank_is_valid,
        sex_cap_percent=row.sex_cap_percent,
        composition_size=row.composition_size,
        one_per_organization=row.one_per_organization,
        min_votes=row.min_votes,
    )

"""Recording what the secretariat enters for a protocol: the times of the vote and the count, objections and
dissenting opinions, and the decision's formation date and vote.

The facts are part of the protocol's fingerprint basis (``services.record``): a protocol issued before they change
is issued again as a new version. They can be edited until the competition is closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from osgo_desktop.domain import calendar
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import RegulationProfile, Variant
from osgo_desktop.domain.protocol_facts import FactsContext, ProtocolFactsDraft, facts_errors, facts_warnings
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import _
from osgo_desktop.services import voting
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork


@dataclass(frozen=True)
class FactsRecorded:
    """What :func:`record_protocol_facts` recorded, and what deserves a second look (translated)."""

    facts: ProtocolFactsDraft
    warnings: tuple[str, ...] = ()


def _row(uow: UnitOfWork, competition_id: int, kind: ProtocolKind, round_number: int) -> models.ProtocolFacts | None:
    return uow.session.scalar(
        select(models.ProtocolFacts).where(
            models.ProtocolFacts.competition_id == competition_id,
            models.ProtocolFacts.kind == kind,
            models.ProtocolFacts.round_number == round_number,
        )
    )


def _draft(row: models.ProtocolFacts) -> ProtocolFactsDraft:
    return ProtocolFactsDraft(
        vote_began=row.vote_began,
        vote_ended=row.vote_ended,
        count_began=row.count_began,
        count_ended=row.count_ended,
        objections=row.objections,
        dissent=row.dissent,
        formation_date=row.formation_date,
        votes_for=row.votes_for,
        votes_against=row.votes_against,
        votes_abstained=row.votes_abstained,
    )


def protocol_facts(
    uow: UnitOfWork, competition_id: int, kind: ProtocolKind, round_number: int = 0
) -> ProtocolFactsDraft:
    """The facts entered for a protocol (every field empty when nothing was entered)."""
    row = _row(uow, competition_id, kind, round_number if kind.per_round else 0)
    return ProtocolFactsDraft() if row is None else _draft(row)


def all_protocol_facts(uow: UnitOfWork, competition_id: int) -> list[tuple[ProtocolKind, int, ProtocolFactsDraft]]:
    """Every protocol's facts that say something, in the order kind, round (the election record lists them)."""
    rows = uow.session.scalars(
        select(models.ProtocolFacts)
        .where(models.ProtocolFacts.competition_id == competition_id)
        .order_by(models.ProtocolFacts.kind, models.ProtocolFacts.round_number)
    )
    return [(row.kind, row.round_number, draft) for row in rows if not (draft := _draft(row)).empty]


def facts_context(uow: UnitOfWork, competition_id: int, kind: ProtocolKind, round_number: int = 0) -> FactsContext:
    """What the checks of a protocol's facts go by: the session that voted, the legal calendar."""
    competition = uow.competitions.require(competition_id)
    if kind.per_round:
        session = voting.get_round(uow, voting.round_by_number(uow, competition_id, round_number)).session
        return FactsContext(kind, len(session.present), session.held_on)
    if kind is not ProtocolKind.DECISION:
        return FactsContext(kind)
    closed = [view for rid in voting.round_ids(uow, competition_id) if (view := voting.get_round(uow, rid)).result]
    if not closed:
        raise KnownError(_("The decision's details are entered once the vote is counted."))
    session = closed[-1].session
    rules = RegulationProfile.from_obj(competition.profile_data).rules_by_name(competition.kind)
    latest: dt.date | None = None
    if Variant(competition.variant) is Variant.REGULAR and competition.expiry_date is not None:
        latest = calendar.latest_formation(competition.expiry_date, rules)
    return FactsContext(kind, len(session.present), session.held_on, latest, rules.form_days_before_expiry or 0)


def record_protocol_facts(
    uow: UnitOfWork, competition_id: int, kind: ProtocolKind, round_number: int, facts: ProtocolFactsDraft
) -> FactsRecorded:
    """Record (or replace) what was entered for a protocol; refused once the competition is closed."""
    uow.require(Action.ISSUE_PROTOCOLS)
    competition = uow.competitions.require(competition_id)
    if competition.state is State.CLOSED:
        raise KnownError(_("The competition is closed: a correction is made by an amendment, with its reason."))
    if competition.state is State.CANCELLED:
        raise KnownError(_("The competition was cancelled."))
    round_number = round_number if kind.per_round else 0
    context = facts_context(uow, competition_id, kind, round_number)
    facts = facts.cleaned()
    errors = facts_errors(facts, context)
    if errors:
        raise ValidationError(errors)
    row = _row(uow, competition_id, kind, round_number)
    if row is None:
        row = models.ProtocolFacts(competition_id=competition_id, kind=kind, round_number=round_number)
        uow.session.add(row)
    row.vote_began, row.vote_ended = facts.vote_began, facts.vote_ended
    row.count_began, row.count_ended = facts.count_began, facts.count_ended
    row.objections, row.dissent = facts.objections, facts.dissent
    row.formation_date = facts.formation_date
    row.votes_for, row.votes_against, row.votes_abstained = facts.votes_for, facts.votes_against, facts.votes_abstained
    uow.commit()
    return FactsRecorded(facts, tuple(facts_warnings(facts, context)))

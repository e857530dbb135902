"""Opening the vote: what the session dialog offers, and the session recorded with its first round."""

from __future__ import annotations

import dataclasses
import logging
import re
import sqlite3

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from osgo_desktop.domain import event_notes, lifecycle, roles, rounds
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.eligibility import ScreeningStatus
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind, VoterRoll
from osgo_desktop.domain.registry import Role
from osgo_desktop.domain.roles import Action
from osgo_desktop.domain.session import (
    Conflict,
    EntrantDraft,
    Person,
    SessionDraft,
    SessionSetup,
    ballot_holders,
    check_session,
    roll_lines,
    stood_aside,
)
from osgo_desktop.domain.voting import Side
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.services import compositions
from osgo_desktop.services.applications import display_number, screening_grid
from osgo_desktop.services.backup import automatic_copy
from osgo_desktop.services.transitions import transition
from osgo_desktop.services.voting._common import (
    _member_name,
    _name,
    _profile,
)
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def _admitted(uow: UnitOfWork, competition_id: int) -> list[models.Application]:
    grid = screening_grid(uow, competition_id)
    ids = [r.application.id for r in grid.rows if r.decision.status is ScreeningStatus.ADMITTED]
    rows = [uow.applications.require(i) for i in ids]
    return sorted(rows, key=lambda a: kyrgyz_sort_key(_name(a)))


def _conflicts(uow: UnitOfWork, admitted: list[models.Application]) -> tuple[Conflict, ...]:
    """The conflicts of interest declared towards the admitted candidates, in the order declared."""
    names = {a.id: _name(a) for a in admitted}
    rows = uow.session.scalars(
        select(models.ConflictOfInterest)
        .where(models.ConflictOfInterest.application_id.in_(names))
        .order_by(models.ConflictOfInterest.id)
    )
    return tuple(
        Conflict(
            c.member_id,
            _member_name(uow.commission.require(c.member_id)),
            c.application_id,
            names[c.application_id],
            c.reason,
        )
        for c in rows
    )


def _roll_sources(
    competition: models.Competition, voter_roll: VoterRoll, admitted: list[models.Application]
) -> tuple[Person, ...]:
    """What a Commission competition's roll is taken from: the admitted candidates, or the associations that
    nominated them (each once, in Kyrgyz alphabetical order)."""
    if voter_roll is VoterRoll.DELEGATES:
        associations = {a.association.id: a.association.name for a in admitted if a.association is not None}
        ordered = sorted(associations.items(), key=lambda item: kyrgyz_sort_key(item[1]))
        return tuple(Person(i, name) for i, name in ordered)
    return tuple(Person(a.id, _name(a), display_number(competition.number, a.number)) for a in admitted)


def _accounts_holding(uow: UnitOfWork, role: roles.Role) -> tuple[Person, ...]:
    """The active accounts holding ``role``, by name (Kyrgyz order): who may be chosen to enter a side's papers."""
    rows = uow.session.scalars(select(models.Account).where(models.Account.active))
    people = [Person(a.id, a.name, a.login) for a in rows if role in roles.parse_roles(a.roles)]
    return tuple(sorted(people, key=lambda p: (kyrgyz_sort_key(p.name), p.detail)))


def session_setup(uow: UnitOfWork, competition_id: int) -> SessionSetup:
    competition = uow.competitions.require(competition_id)
    profile = _profile(competition)
    admitted = _admitted(uow, competition_id)
    commission = competition.kind is Kind.COMMISSION
    voter_roll = profile.rules(competition.kind).voter_roll if commission else None
    members = [m for m in uow.commission.list(models.CommissionMember.surname) if m.active]
    members.sort(key=lambda m: kyrgyz_sort_key(_member_name(m)))
    counting = [m for m in uow.counting.list(models.CountingMember.body_index) if m.active]
    chair = next((m.id for m in members if m.role is Role.CHAIR), None)
    secretary = next((m.id for m in members if m.role is Role.SECRETARY), None)
    return SessionSetup(
        competition_id=competition.id,
        competition_number=competition.number,
        kind=competition.kind,
        seats=competition.seats,
        members_total=profile.commission_size,
        quorum=profile.quorum(profile.commission_size),
        members=tuple(Person(m.id, _member_name(m), m.role) for m in members),
        chair_id=chair,
        secretary_id=secretary,
        counting=tuple(Person(m.id, _member_name(m), m.position) for m in counting),
        candidates=tuple(Person(a.id, _name(a), display_number(competition.number, a.number)) for a in admitted),
        voter_roll=voter_roll,
        roll=_roll_sources(competition, voter_roll, admitted) if voter_roll is not None else (),
        conflicts=_conflicts(uow, admitted),
        secretariat_accounts=_accounts_holding(uow, roles.Role.SECRETARIAT),
        counting_accounts=_accounts_holding(uow, roles.Role.COUNTING),
    )


def _entrant_name(uow: UnitOfWork, entrant: EntrantDraft) -> str:
    """An entrant's name as the session records it: the counting commission's member as on the roll, the
    secretariat's as their account names them."""
    if entrant.side is Side.COUNTING and entrant.counting_member_id is not None:
        return _member_name(uow.counting.require(entrant.counting_member_id))
    account = uow.session.get(models.Account, entrant.account_id)
    assert account is not None  # check_session chose it among the active accounts
    return account.name


def open_session(uow: UnitOfWork, competition_id: int, draft: SessionDraft) -> int:
    """Check the quorum and the rest, record the session, open the first round; returns the round's id.

    The database and its documents are backed up (``services.backup``, the backup file of docs/backup.md) as soon
    as the session is recorded, so whatever happens during the vote, the state it started from is kept.
    """
    uow.require(Action.OPEN_VOTE_SESSION)
    today = uow.clock.today()
    competition = uow.competitions.require(competition_id)
    setup = session_setup(uow, competition_id)
    errors = check_session(setup, draft)
    if errors:
        raise ValidationError(errors)
    admitted = _admitted(uow, competition_id)
    facts = lifecycle.TransitionFacts(state=competition.state, today=today, admitted=len(admitted))
    transition(competition, State.VOTING, facts, note=event_notes.note("vote_opened"))
    session = models.VoteSession(
        competition_id=competition.id,
        held_on=draft.held_on,
        place=draft.place.strip(),
        place_ru=draft.place_ru.strip(),
        start_time=draft.start_time.strip(),
        mode=draft.mode,
        members_total=setup.members_total,
        quorum=setup.quorum,
        chair_id=draft.chair_id,
        secretary_id=draft.secretary_id,
    )
    present = set(draft.present)
    session.present = [uow.commission.require(m.id) for m in setup.members if m.id in present]
    session.counting_present = [uow.counting.require(i) for i in sorted(set(draft.counting_present))]
    lines = roll_lines(setup, draft)
    session.voters = [
        models.Voter(
            number=i,
            name=line.name,
            member_id=line.member_id,
            application_id=line.application_id,
            association_id=line.association_id,
            present=line.present,
        )
        for i, line in enumerate(lines, start=1)
    ]
    members_voting = {line.member_id for line in lines if line.member_id is not None}
    candidate_ids = {a.id for a in admitted}
    # what the conflicts were when the session opened: each round takes its stood-aside members from this
    conflicts = [c for c in setup.conflicts if c.member_id in members_voting]
    voters = ballot_holders(lines, stood_aside(conflicts, members_voting, candidate_ids))
    # each side's person signs in with their account; the papers name the counting side's as the roll does
    session.entrants = [
        models.Entrant(
            side=e.side,
            name=_entrant_name(uow, e),
            counting_member_id=e.counting_member_id,
            account_id=e.account_id,
            pin_hash="",
        )
        for e in draft.entrants
    ]
    session.roll = {
        "present": [{"name": _member_name(m), "role": m.role} for m in session.present],
        "counting": [{"name": _member_name(m), "body_index": m.body_index} for m in session.counting_present],
        "chair": _member_name(uow.commission.require(draft.chair_id)) if draft.chair_id is not None else "",
        "secretary": _member_name(uow.commission.require(draft.secretary_id)) if draft.secretary_id is not None else "",
        "conflicts": [dataclasses.asdict(c) for c in conflicts],
    }
    uow.session.add(session)
    uow.session.flush()
    rules = _profile(competition).rules(competition.kind)
    staying = compositions.staying_members(uow, competition.id)  # a replacement: the composition it fills a seat in
    parameters = rounds.first_round(
        rules, competition.variant, competition.seats, draft.min_votes, staying.seats if staying else None
    )
    round_row = models.VoteRound(
        competition_id=competition.id,
        session_id=session.id,
        number=1,
        **dataclasses.asdict(parameters),
        papers_printed=draft.papers or len(voters),
    )
    round_row.candidates = [
        models.RoundCandidate(application_id=a.id, number=i) for i, a in enumerate(admitted, start=1)
    ]
    uow.session.add(round_row)
    uow.commit()
    label = "vote-" + re.sub(r"[^0-9A-Za-z]+", "-", competition.number)
    try:
        backup = automatic_copy(uow.session.get_bind().engine, label, uow.clock)
    except (
        OSError,
        sqlite3.Error,
        SQLAlchemyError,
        KnownError,
    ):  # the session is open and recorded; the copy is a precaution, logged if it fails
        log.warning("no backup was made when the session of %s opened", competition.number, exc_info=True)
        backup = None
    if backup is not None:
        session.backup_path = str(backup)
        uow.commit()
    return round_row.id

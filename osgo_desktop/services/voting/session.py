"""Opening the vote: what the session dialog offers, and the session recorded with its first round."""

from __future__ import annotations

import dataclasses
import logging
import re
import sqlite3

from osgo_desktop.domain import lifecycle, rounds, voting
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.eligibility import ScreeningStatus
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind
from osgo_desktop.domain.registry import Role
from osgo_desktop.domain.session import (
    Person,
    SessionDraft,
    SessionSetup,
    check_session,
    voter_names,
)
from osgo_desktop.errors import ValidationError
from osgo_desktop.i18n import _
from osgo_desktop.services.applications import display_number, screening_grid
from osgo_desktop.services.transitions import transition
from osgo_desktop.services.voting._common import (
    _member_name,
    _name,
    _profile,
)
from osgo_desktop.storage import models
from osgo_desktop.storage.db import backup_sqlite
from osgo_desktop.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def _admitted(uow: UnitOfWork, competition_id: int) -> list[models.Application]:
    grid = screening_grid(uow, competition_id)
    ids = [r.application.id for r in grid.rows if r.decision.status is ScreeningStatus.ADMITTED]
    rows = [uow.applications.require(i) for i in ids]
    return sorted(rows, key=lambda a: kyrgyz_sort_key(_name(a)))


def session_setup(uow: UnitOfWork, competition_id: int) -> SessionSetup:
    competition = uow.competitions.require(competition_id)
    profile = _profile(competition)
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
        candidates=tuple(
            Person(a.id, _name(a), display_number(competition.number, a.number)) for a in _admitted(uow, competition_id)
        ),
    )


def open_session(uow: UnitOfWork, competition_id: int, draft: SessionDraft) -> int:
    """Check the quorum and the rest, record the session, open the first round; returns the round's id.

    The database is copied (SQLite's backup API) as soon as the session is recorded, so whatever happens during the
    vote, the state it started from is kept.
    """
    today = uow.clock.today()
    competition = uow.competitions.require(competition_id)
    setup = session_setup(uow, competition_id)
    errors = check_session(setup, draft)
    if errors:
        raise ValidationError(errors)
    admitted = _admitted(uow, competition_id)
    facts = lifecycle.TransitionFacts(state=competition.state, today=today, admitted=len(admitted))
    transition(competition, State.VOTING, facts, note=_("Rating vote session opened"))
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
    member_ids = {m.name: m.id for m in setup.members}
    session.voters = [
        models.Voter(number=i, name=name, member_id=member_ids.get(name) if setup.kind is Kind.COUNCIL else None)
        for i, name in enumerate(voter_names(setup, draft), start=1)
    ]
    session.entrants = [
        models.Entrant(
            side=e.side,
            name=e.name.strip(),
            counting_member_id=e.counting_member_id,
            pin_hash=voting.hash_pin(e.pin),
        )
        for e in draft.entrants
    ]
    session.roll = {
        "present": [{"name": _member_name(m), "role": m.role} for m in session.present],
        "counting": [{"name": _member_name(m), "body_index": m.body_index} for m in session.counting_present],
        "chair": _member_name(uow.commission.require(draft.chair_id)) if draft.chair_id is not None else "",
        "secretary": _member_name(uow.commission.require(draft.secretary_id)) if draft.secretary_id is not None else "",
    }
    uow.session.add(session)
    uow.session.flush()
    rules = _profile(competition).rules(competition.kind)
    parameters = rounds.first_round(rules, competition.variant, competition.seats, draft.min_votes)
    round_row = models.VoteRound(
        competition_id=competition.id,
        session_id=session.id,
        number=1,
        **dataclasses.asdict(parameters),
        papers_printed=draft.papers or len(session.voters),
    )
    round_row.candidates = [
        models.RoundCandidate(application_id=a.id, number=i) for i, a in enumerate(admitted, start=1)
    ]
    uow.session.add(round_row)
    uow.commit()
    label = "vote-" + re.sub(r"[^0-9A-Za-z]+", "-", competition.number)
    try:
        backup = backup_sqlite(uow.session.get_bind().engine, label, uow.clock)
    except (OSError, sqlite3.Error):  # the session is open and recorded; the copy is a precaution, logged if it fails
        log.warning("no backup was made when the session of %s opened", competition.number, exc_info=True)
        backup = None
    if backup is not None:
        session.backup_path = str(backup)
        uow.commit()
    return round_row.id

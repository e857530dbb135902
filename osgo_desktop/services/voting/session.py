"""Opening the vote: what the session dialog offers, and the session recorded with its first round."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
from dataclasses import dataclass
from typing import Final

from osgo_desktop.domain import lifecycle, voting
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.eligibility import ScreeningStatus
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind, KindRules, Variant
from osgo_desktop.domain.registry import Role
from osgo_desktop.domain.voting import Mode, Side
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

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# --- opening a session -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntrantDraft:
    side: Side
    name: str
    pin: str
    counting_member_id: int | None = None


@dataclass(frozen=True)
class SessionDraft:
    held_on: dt.date
    place: str
    start_time: str
    present: tuple[int, ...]
    counting_present: tuple[int, ...]
    entrants: tuple[EntrantDraft, ...]
    mode: Mode = Mode.PAPER
    chair_id: int | None = None
    secretary_id: int | None = None
    #: Commission competitions: the candidates or delegates registered at the session; council competitions vote
    #: by the Commission members present, and this stays empty
    voters: tuple[str, ...] = ()
    #: papers to print; 0: one per voter
    papers: int = 0
    min_votes: int = 0


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    detail: str = ""


@dataclass(frozen=True)
class SessionSetup:
    """What the session dialog offers."""

    competition_id: int
    competition_number: str
    kind: Kind
    seats: int
    members_total: int
    quorum_numerator: int
    quorum_denominator: int
    members: tuple[Person, ...]
    chair_id: int | None
    secretary_id: int | None
    counting: tuple[Person, ...]
    candidates: tuple[Person, ...]

    def quorum(self) -> int:
        return -(-self.members_total * self.quorum_numerator // self.quorum_denominator)


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
    chair = next((m.id for m in members if m.role == Role.CHAIR.value), None)
    secretary = next((m.id for m in members if m.role == Role.SECRETARY.value), None)
    return SessionSetup(
        competition_id=competition.id,
        competition_number=competition.number,
        kind=Kind(competition.kind),
        seats=competition.seats,
        members_total=profile.commission_size,
        quorum_numerator=profile.quorum_numerator,
        quorum_denominator=profile.quorum_denominator,
        members=tuple(Person(m.id, _member_name(m), m.role) for m in members),
        chair_id=chair,
        secretary_id=secretary,
        counting=tuple(Person(m.id, _member_name(m), m.position) for m in counting),
        candidates=tuple(
            Person(a.id, _name(a), display_number(competition.number, a.number)) for a in _admitted(uow, competition_id)
        ),
    )


#: the key of :func:`check_session`'s errors about the counting commission's person who enters ballots (those about
#: the secretariat's, and about the entrants as a whole, are under "entrants")
COUNTING_ENTRANT: Final = "counting_entrant"


def check_session(setup: SessionSetup, draft: SessionDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not draft.place.strip():
        errors["place"] = _("Enter where the session is held.")
    if not _TIME.match(draft.start_time.strip()):
        errors["start_time"] = _("Enter the start time as hours and minutes, e.g. 10:00.")
    members = {m.id for m in setup.members}
    counting = {m.id for m in setup.counting}
    present = set(draft.present) & members
    if (problem := voting.quorum_problem(setup.members_total, len(present), setup.quorum())) is not None:
        errors["present"] = problem
    if (problem := voting.counting_problem(len(counting & set(draft.counting_present)))) is not None:
        errors["counting_present"] = problem
    for key, member in (("chair_id", draft.chair_id), ("secretary_id", draft.secretary_id)):
        if member is not None and member not in present:
            errors[key] = _("The chair and the secretary of the session must be among the members present.")
    voters = _voter_names(setup, draft)
    if not voters:
        errors["voters"] = _("The voter roll is empty: register the voters present.")
    elif len(set(voters)) != len(voters):
        errors["voters"] = _("A voter is on the roll twice.")
    if draft.papers and draft.papers < len(voters):
        errors["papers"] = _("Print at least one paper for each of the {count} voters.").format(count=len(voters))
    if draft.min_votes < 0:
        errors["min_votes"] = _("The minimum number of votes cannot be negative.")
    if not draft.entrants:
        errors["entrants"] = _("Name who enters the ballots.")
    sides = {e.side for e in draft.entrants}
    if sides != {Side.SECRETARIAT, Side.COUNTING}:  # an open vote is entered twice too
        errors["entrants"] = _(
            "Paper ballots are entered twice: name one person of the secretariat and one of the counting commission."
        )
    secretariat_pins = [e.pin for e in draft.entrants if e.side is Side.SECRETARIAT]
    for entrant in draft.entrants:
        # what concerns the counting side's person is said next to them (the form's second row), the rest above
        key = COUNTING_ENTRANT if entrant.side is Side.COUNTING else "entrants"
        if not entrant.name.strip():
            errors[key] = _("Give the name of each person who enters ballots.")
        elif (problem := voting.pin_problem(entrant.pin)) is not None:
            errors[key] = _("{name}: {problem}").format(name=entrant.name, problem=problem)
        elif entrant.side is Side.COUNTING and entrant.counting_member_id not in set(draft.counting_present):
            errors[key] = _("{name} enters for the counting commission but is not marked present.").format(
                name=entrant.name
            )
        elif entrant.side is Side.COUNTING and (shared := _same_pin(secretariat_pins, entrant.pin)) is not None:
            errors[key] = shared
    names = [e.name.strip() for e in draft.entrants]
    if len(set(names)) != len(names):
        errors["entrants"] = _("Each person enters ballots under their own name, once.")
    if not setup.candidates:
        errors["present"] = _("No candidate was admitted: there is nobody to vote for.")
    return errors


def _same_pin(secretariat_pins: list[str], counting_pin: str) -> str | None:
    return next(filter(None, (voting.same_pin_problem(pin, counting_pin) for pin in secretariat_pins)), None)


def _voter_names(setup: SessionSetup, draft: SessionDraft) -> list[str]:
    if setup.kind is Kind.COUNCIL:
        return [m.name for m in setup.members if m.id in set(draft.present)]
    return [v.strip() for v in draft.voters if v.strip()]


def _composition_size(competition: models.Competition, rules: KindRules) -> int:
    """What the cap on one sex is a share of. A regular competition forms the whole composition; a replacement
    fills seats in a body whose sitting members the app does not know, so the cap is taken on the smallest
    composition the law allows (never on the vacant seats alone: 70% of one seat would let nobody in)."""
    if Variant(competition.variant) is Variant.REGULAR:
        return competition.seats
    return max(competition.seats, rules.seats_min)


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
    facts = lifecycle.TransitionFacts(state=State(competition.state), today=today, admitted=len(admitted))
    transition(competition, State.VOTING, facts, note=_("Rating vote session opened"))
    session = models.VoteSession(
        competition_id=competition.id,
        held_on=draft.held_on,
        place=draft.place.strip(),
        start_time=draft.start_time.strip(),
        mode=draft.mode.value,
        members_total=setup.members_total,
        quorum=setup.quorum(),
        chair_id=draft.chair_id,
        secretary_id=draft.secretary_id,
    )
    present = set(draft.present)
    session.present = [uow.commission.require(m.id) for m in setup.members if m.id in present]
    session.counting_present = [uow.counting.require(i) for i in sorted(set(draft.counting_present))]
    member_ids = {m.name: m.id for m in setup.members}
    session.voters = [
        models.Voter(number=i, name=name, member_id=member_ids.get(name) if setup.kind is Kind.COUNCIL else None)
        for i, name in enumerate(_voter_names(setup, draft), start=1)
    ]
    session.entrants = [
        models.Entrant(
            side=e.side.value,
            name=e.name.strip(),
            counting_member_id=e.counting_member_id,
            pin_hash=voting.hash_pin(e.pin),
        )
        for e in draft.entrants
    ]
    session.roll = json.dumps(
        {
            "present": [{"name": _member_name(m), "role": m.role} for m in session.present],
            "counting": [{"name": _member_name(m), "body_index": m.body_index} for m in session.counting_present],
            "chair": _member_name(uow.commission.require(draft.chair_id)) if draft.chair_id is not None else "",
            "secretary": _member_name(uow.commission.require(draft.secretary_id))
            if draft.secretary_id is not None
            else "",
        },
        ensure_ascii=False,
    )
    uow.session.add(session)
    uow.session.flush()
    rules = _profile(competition).rules(Kind(competition.kind))
    round_row = models.VoteRound(
        competition_id=competition.id,
        session_id=session.id,
        number=1,
        seats=competition.seats,
        max_marks=competition.seats,
        blank_is_valid=True,
        sex_cap_percent=rules.sex_cap_percent,
        composition_size=_composition_size(competition, rules),
        one_per_organization=rules.one_per_organization or rules.one_per_association,
        min_votes=draft.min_votes,
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

"""Use cases of the rating vote: open a session, enter ballots twice, settle, close a round, hold a runoff, draw lots.

Every confirmed entry is committed on its own, so a crash loses nothing confirmed. A round's tally is the engine of
``domain.tally`` run on exactly the input ``osgo ballots export`` writes, so an observer's recount on another machine
starts from the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import math
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from osgo_desktop.domain import lifecycle, tally, voting
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.eligibility import ScreeningStatus
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind, KindRules, LocalText, RegulationProfile, Variant
from osgo_desktop.domain.registry import Role, full_name
from osgo_desktop.domain.voting import Entry, Marks, Mode, Reconciliation, Side
from osgo_desktop.errors import KnownError, NotFoundError, ValidationError
from osgo_desktop.i18n import _, ngettext
from osgo_desktop.services.applications import display_number, screening_grid
from osgo_desktop.services.transitions import transition
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


def _profile(competition: models.Competition) -> RegulationProfile:
    return RegulationProfile.from_json(competition.profile_data)


def _admitted(uow: UnitOfWork, competition_id: int) -> list[models.Application]:
    grid = screening_grid(uow, competition_id)
    ids = [r.application.id for r in grid.rows if r.decision.status is ScreeningStatus.ADMITTED]
    rows = [uow.applications.require(i) for i in ids]
    return sorted(rows, key=lambda a: kyrgyz_sort_key(_name(a)))


def _name(application: models.Application) -> str:
    p = application.person
    return full_name(p.surname, p.name, p.patronymic)


def _member_name(member: models.CommissionMember | models.CountingMember) -> str:
    return full_name(member.surname, member.name, member.patronymic)


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


# --- the round as the screens show it ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateView:
    number: int
    application_id: int
    #: the id in the tally input: the application's registration number ("2026/01-003")
    tally_id: str
    name: str
    sex: str
    organization: str | None


@dataclass(frozen=True)
class EntrantView:
    id: int
    side: Side
    name: str


@dataclass(frozen=True)
class SettlementView:
    serial: int
    #: what the paper says; None: struck out, no such paper was in the ballot box
    marks: Marks | None
    note: str
    secretariat: str
    counting: str
    settled_at: dt.datetime


@dataclass(frozen=True)
class SessionView:
    id: int
    held_on: dt.date
    place: str
    start_time: str
    mode: Mode
    members_total: int
    quorum: int
    present: tuple[str, ...]
    #: each present member's role on the Commission (chair, deputy, secretary, member), as at the session
    present_roles: tuple[str, ...]
    chair: str
    secretary: str
    counting_present: tuple[str, ...]
    #: the body each counting member present represents (an index into the profile's counting bodies)
    counting_bodies: tuple[int, ...]
    voters: tuple[str, ...]
    entrants: tuple[EntrantView, ...]
    backup_path: str


@dataclass(frozen=True)
class RoundView:
    id: int
    competition_id: int
    competition_number: str
    body: LocalText | None
    kind: Kind
    number: int
    runoff: bool
    #: the number of the round whose result holds the tie this runoff settles (None: the first round)
    runoff_of: int | None
    open: bool
    seats: int
    max_marks: int
    min_votes: int
    papers_printed: int
    papers_issued: int | None
    papers_returned: int | None
    papers_unused: int | None
    candidates: tuple[CandidateView, ...]
    session: SessionView
    entered: dict[Side, int]
    reconciliation: Reconciliation
    settlements: tuple[SettlementView, ...]
    #: the stored result of a closed round
    result: tally.TallyResult | None
    lot_order: tuple[str, ...]
    lots_by: str
    lots_note: str
    #: this is the latest round of the competition
    latest: bool

    @property
    def mode(self) -> Mode:
        return self.session.mode

    @property
    def ballots_expected(self) -> int:
        return len(self.session.voters)

    def candidate(self, tally_id: str) -> CandidateView:
        return next(c for c in self.candidates if c.tally_id == tally_id)


def paper_serial(number: int) -> str:
    """A paper's serial as printed on it: "007"."""
    return f"{number:03d}"


def _marks(text: str) -> Marks:
    return tuple(json.loads(text))


def _settled(text: str) -> Marks | None:
    """A settlement's marks; None (stored as JSON null) for a serial struck out."""
    marks = json.loads(text)
    return None if marks is None else tuple(marks)


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
        (Entry(e.serial, Side(e.side), _marks(e.marks)) for e in entries),
        {st.serial: _settled(st.marks) for st in settlements},
    )


def candidate_organization(competition: models.Competition, application: models.Application) -> str | None:
    """What the one-per-organisation rule goes by: the nominating association (Commission seats) or organisation
    (a council); None for a self-nominated candidate, who is never in conflict."""
    if Kind(competition.kind) is Kind.COMMISSION:
        return application.association.name if application.association is not None else None
    return application.organization_row.name if application.organization_row is not None else None


def _candidate_view(competition: models.Competition, rc: models.RoundCandidate) -> CandidateView:
    a = rc.application
    organization = candidate_organization(competition, a)
    return CandidateView(
        number=rc.number,
        application_id=a.id,
        tally_id=display_number(competition.number, a.number),
        name=_name(a),
        sex=a.person.sex,
        organization=organization,
    )


def _roll(uow: UnitOfWork, s: models.VoteSession) -> dict[str, Any]:
    """Who was present, as the session recorded them (a session opened before migration 0006: the registry now)."""
    if s.roll:
        recorded: dict[str, Any] = json.loads(s.roll)
        return recorded

    def member(member_id: int | None) -> str:
        return _member_name(uow.commission.require(member_id)) if member_id is not None else ""

    return {
        "present": [{"name": _member_name(m), "role": m.role} for m in s.present],
        "counting": [{"name": _member_name(m), "body_index": m.body_index} for m in s.counting_present],
        "chair": member(s.chair_id),
        "secretary": member(s.secretary_id),
    }


def _session_view(uow: UnitOfWork, s: models.VoteSession) -> SessionView:
    roll = _roll(uow, s)
    return SessionView(
        id=s.id,
        held_on=s.held_on,
        place=s.place,
        start_time=s.start_time,
        mode=Mode(s.mode),
        members_total=s.members_total,
        quorum=s.quorum,
        present=tuple(m["name"] for m in roll["present"]),
        present_roles=tuple(m["role"] for m in roll["present"]),
        chair=roll["chair"],
        secretary=roll["secretary"],
        counting_present=tuple(m["name"] for m in roll["counting"]),
        counting_bodies=tuple(m["body_index"] for m in roll["counting"]),
        voters=tuple(v.name for v in s.voters),
        entrants=tuple(EntrantView(e.id, Side(e.side), e.name) for e in s.entrants),
        backup_path=s.backup_path,
    )


def _rounds(uow: UnitOfWork, competition_id: int) -> list[models.VoteRound]:
    query = (
        select(models.VoteRound)
        .where(models.VoteRound.competition_id == competition_id)
        .order_by(models.VoteRound.number)
    )
    return list(uow.session.scalars(query))


def get_round(uow: UnitOfWork, round_id: int) -> RoundView:
    row = _round(uow, round_id)
    competition = uow.competitions.require(row.competition_id)
    session = _session_view(uow, row.session)
    entrants = {e.id: e for e in session.entrants}
    entries = _entries(uow, round_id)
    settlements = _settlements(uow, round_id)
    result = None
    if row.result_json:
        result = tally.tally(tally.parse_tally_input(json.loads(row.input_json)))
    latest = _rounds(uow, row.competition_id)[-1].id == row.id
    reconciliation = _reconcile(uow, round_id, entries, settlements)
    struck = reconciliation.struck
    return RoundView(
        id=row.id,
        competition_id=competition.id,
        competition_number=competition.number,
        body=LocalText(competition.body.name_ky, competition.body.name_ru, competition.body.name_en)
        if competition.body is not None
        else None,
        kind=Kind(competition.kind),
        number=row.number,
        runoff=row.runoff_of_id is not None,
        runoff_of=uow.rounds.require(row.runoff_of_id).number if row.runoff_of_id is not None else None,
        open=row.state == "open",
        seats=row.seats,
        max_marks=row.max_marks,
        min_votes=row.min_votes,
        papers_printed=row.papers_printed,
        papers_issued=row.papers_issued,
        papers_returned=row.papers_returned,
        papers_unused=row.papers_unused,
        candidates=tuple(_candidate_view(competition, rc) for rc in row.candidates),
        session=session,
        entered={side: sum(e.side == side.value and e.serial not in struck for e in entries) for side in Side},
        reconciliation=reconciliation,
        settlements=tuple(
            SettlementView(
                s.serial,
                _settled(s.marks),
                s.note,
                entrants[s.secretariat_entrant_id].name,
                entrants[s.counting_entrant_id].name,
                s.settled_at,
            )
            for s in settlements
        ),
        result=result,
        lot_order=tuple(json.loads(row.lot_order)),
        lots_by=entrants[row.lots_entrant_id].name if row.lots_entrant_id in entrants else "",
        lots_note=row.lots_note,
        latest=latest,
    )


def current_round(uow: UnitOfWork, competition_id: int) -> int | None:
    """The latest round of the competition (open or closed), None before the vote."""
    rounds = _rounds(uow, competition_id)
    return rounds[-1].id if rounds else None


def round_by_number(uow: UnitOfWork, competition_id: int, number: int) -> int:
    for row in _rounds(uow, competition_id):
        if row.number == number:
            return row.id
    raise NotFoundError(_("The competition has no round {number}.").format(number=number))


def round_ids(uow: UnitOfWork, competition_id: int) -> list[int]:
    return [r.id for r in _rounds(uow, competition_id)]


def own_entries(uow: UnitOfWork, round_id: int, side: Side) -> list[tuple[int, Marks]]:
    """One side's confirmed entries, in the order they were made: what its entry screen shows after a restart (a
    serial struck out, which counts for nothing, is not among them)."""
    struck = _reconcile(uow, round_id).struck
    return [
        (e.serial, _marks(e.marks)) for e in _entries(uow, round_id) if e.side == side.value and e.serial not in struck
    ]


def agreed_papers(uow: UnitOfWork, round_id: int) -> list[tuple[int, Marks, bool]]:
    """The papers that count, by serial: (serial, marks, settled against the paper); what the counting commission's
    tally sheet lists paper by paper (of a closed round: exactly the ballots its tally was computed from)."""
    reconciliation = _reconcile(uow, round_id)
    return [
        (serial, marks, serial in reconciliation.settled) for serial, marks in sorted(reconciliation.agreed.items())
    ]


# --- entering ballots -------------------------------------------------------------------------------------------


def _entrant(row: models.VoteRound, entrant_id: int) -> models.Entrant:
    for entrant in row.session.entrants:
        if entrant.id == entrant_id:
            return entrant
    raise NotFoundError(_("This person does not enter ballots at this session."))


class PinLocked(KnownError):
    """Too many wrong PINs in a row: every PIN of the person is refused until ``until`` (naive UTC)."""

    def __init__(self, name: str, until: dt.datetime, now: dt.datetime) -> None:
        super().__init__(pin_lock_text(name, max(1, math.ceil((until - now).total_seconds()))))
        self.until = until


def pin_lock_text(name: str, seconds: int) -> str:
    """What a person locked out after too many wrong PINs is told (a countdown says it again every second)."""
    return ngettext(
        "Wrong PIN {count} times in a row for {name}: try again in {seconds} second.",
        "Wrong PIN {count} times in a row for {name}: try again in {seconds} seconds.",
        seconds,
    ).format(count=voting.PIN_TRIES, name=name, seconds=seconds)


def unlock(uow: UnitOfWork, round_id: int, entrant_id: int, pin: str) -> EntrantView:
    """Check an entrant's personal PIN; a wrong one is refused. After ``PIN_TRIES`` wrong ones in a row every PIN of
    the person is refused for ``PIN_LOCK`` (:class:`PinLocked`), wherever it is asked: the count is kept in the
    database, committed even though the caller fails, so neither another dialog nor a restart resets it."""
    entrant = _entrant(_round(uow, round_id), entrant_id)
    now = uow.clock.utc_naive()
    if entrant.pin_locked_until is not None and entrant.pin_locked_until > now:
        raise PinLocked(entrant.name, entrant.pin_locked_until, now)
    if not voting.pin_matches(pin, entrant.pin_hash):
        entrant.wrong_pins += 1
        locked = entrant.wrong_pins >= voting.PIN_TRIES
        if locked:
            entrant.wrong_pins = 0
            entrant.pin_locked_until = now + voting.PIN_LOCK
        uow.commit()
        if entrant.pin_locked_until is not None and locked:
            raise PinLocked(entrant.name, entrant.pin_locked_until, now)
        raise KnownError(_("The PIN of {name} is not right.").format(name=entrant.name))
    if entrant.wrong_pins:
        entrant.wrong_pins = 0  # saved with the caller's work (or the login's commit)
    return EntrantView(entrant.id, Side(entrant.side), entrant.name)


def _closed(row: models.VoteRound) -> KnownError:
    return KnownError(_("Round {number} is closed: its ballots can no longer change.").format(number=row.number))


def check_entry_open(uow: UnitOfWork, round_id: int) -> None:
    """Refuse to start entering into a round that is closed (the entry screen's login): a read, no lock —
    :func:`record_entry` checks again under the round's lock when a paper is saved."""
    row = _round(uow, round_id)
    _refuse_entry(uow, row, is_open=row.state == "open")


def _refuse_entry(uow: UnitOfWork, row: models.VoteRound, is_open: bool) -> None:
    """Refuse entering into ``row``: the round is closed (``is_open`` False), or the competition is no longer at its
    vote (cancelled). The one rule the login and every save apply."""
    if not is_open:
        raise _closed(row)
    if uow.competitions.require(row.competition_id).state != State.VOTING.value:
        raise KnownError(_("The competition is not at its vote any more (it was cancelled or closed)."))


def _require_open(uow: UnitOfWork, row: models.VoteRound) -> None:
    """Refuse a round that is closed — checked under the round's row lock, taken here by a write to the row, so a
    close at another station cannot fall between this check and the caller's write (two stations on one
    database); and refuse a competition no longer voting (cancelled)."""
    locked = uow.session.execute(
        update(models.VoteRound)
        .where(models.VoteRound.id == row.id, models.VoteRound.state == "open")
        .values(state="open")
        .execution_options(synchronize_session=False)
    )
    _refuse_entry(uow, row, is_open=bool(locked.rowcount))  # type: ignore[attr-defined]


def _check_marks(row: models.VoteRound, marks: Sequence[int]) -> Marks:
    count = len(row.candidates)
    for mark in marks:
        if not 1 <= mark <= count:
            raise KnownError(
                _("There is no candidate No. {mark} on the paper (1 to {count}).").format(mark=mark, count=count)
            )
    if len(set(marks)) != len(marks):
        raise KnownError(_("A candidate is marked twice."))
    return tuple(sorted(marks))


def _check_serial(row: models.VoteRound, serial: int) -> None:
    limit = row.papers_printed if Mode(row.session.mode) is Mode.PAPER else len(row.session.voters)
    if not 1 <= serial <= limit:
        raise KnownError(
            _("There is no paper No. {serial} in this round (1 to {limit}).").format(serial=serial, limit=limit)
        )


def _require_not_entered(uow: UnitOfWork, round_id: int, side: str, serial: int) -> None:
    existing = uow.session.scalar(
        select(models.BallotEntry.id).where(
            models.BallotEntry.round_id == round_id,
            models.BallotEntry.serial == serial,
            models.BallotEntry.side == side,
        )
    )
    if existing is not None:
        raise KnownError(
            _(
                "Paper No. {serial} is already entered for your side. If that entry was wrong, it is put right by "
                "settling the disagreement against the paper with the other side."
            ).format(serial=paper_serial(serial))
        )
    struck = uow.session.scalar(
        select(models.BallotSettlement.id).where(
            models.BallotSettlement.round_id == round_id,
            models.BallotSettlement.serial == serial,
            models.BallotSettlement.marks == json.dumps(None),
        )
    )
    if struck is not None:
        raise KnownError(
            _(
                "Paper No. {serial} was struck out: both sides found no such paper in the ballot box. If it is there "
                "after all, tell the chair: the round's protocol records the strike-out."
            ).format(serial=paper_serial(serial))
        )


def check_new_serial(uow: UnitOfWork, round_id: int, entrant_id: int, serial: int) -> None:
    """Refuse, as soon as it is typed, a serial the entrant's side has already entered (the rule
    :func:`record_entry` applies when the paper is saved), so no marks are typed for a paper that cannot be saved."""
    _require_not_entered(uow, round_id, _entrant(_round(uow, round_id), entrant_id).side, serial)


def record_entry(uow: UnitOfWork, round_id: int, entrant_id: int, serial: int, marks: Sequence[int]) -> None:
    """Save one side's confirmed entry of one paper, at once (its own transaction)."""
    row = _round(uow, round_id)
    _require_open(uow, row)
    entrant = _entrant(row, entrant_id)
    _check_serial(row, serial)
    clean = _check_marks(row, marks)
    _require_not_entered(uow, round_id, entrant.side, serial)
    uow.session.add(
        models.BallotEntry(
            round_id=round_id, serial=serial, side=entrant.side, entrant_id=entrant.id, marks=json.dumps(clean)
        )
    )
    try:
        uow.commit()
    except IntegrityError as exc:  # the same paper, same side, saved at another station a moment before
        uow.rollback()
        raise KnownError(
            _("Paper No. {serial} was entered for your side at another station a moment ago.").format(
                serial=paper_serial(serial)
            )
        ) from exc


def settle(
    uow: UnitOfWork,
    round_id: int,
    serial: int,
    marks: Sequence[int],
    note: str,
    secretariat: tuple[int, str],
    counting: tuple[int, str],
) -> None:
    """Record what the paper says where the two entries disagree; both entrants confirm with their PINs."""
    row = _round(uow, round_id)
    _require_open(uow, row)
    people = [unlock(uow, round_id, entrant_id, pin) for entrant_id, pin in (secretariat, counting)]
    if [p.side for p in people] != [Side.SECRETARIAT, Side.COUNTING]:
        raise KnownError(_("A settlement is confirmed by one person of each side."))
    disputed = {d.serial for d in _reconcile(uow, round_id).disagreements}
    if serial not in disputed:
        raise KnownError(_("The two entries of paper No. {serial} do not disagree.").format(serial=serial))
    clean = _check_marks(row, marks)
    uow.session.add(
        models.BallotSettlement(
            round_id=round_id,
            serial=serial,
            marks=json.dumps(clean),
            note=note.strip(),
            secretariat_entrant_id=people[0].id,
            counting_entrant_id=people[1].id,
        )
    )
    uow.commit()


def strike_out(
    uow: UnitOfWork,
    round_id: int,
    serial: int,
    note: str,
    secretariat: tuple[int, str],
    counting: tuple[int, str],
) -> None:
    """Strike out a paper entered by one side only that is not in the ballot box (its serial was typed wrong):
    both sides confirm with their PINs and say why; the serial then counts for nothing. A paper that is in the box
    is entered by the other side instead."""
    row = _round(uow, round_id)
    _require_open(uow, row)
    if not note.strip():
        raise ValidationError({"note": _("Say why the entry is struck out (e.g. which serial was meant).")})
    people = [unlock(uow, round_id, entrant_id, pin) for entrant_id, pin in (secretariat, counting)]
    if [p.side for p in people] != [Side.SECRETARIAT, Side.COUNTING]:
        raise KnownError(_("A settlement is confirmed by one person of each side."))
    if serial not in {s for s, _side in _reconcile(uow, round_id).single}:
        raise KnownError(
            _("Only a paper entered by one side only can be struck out; No. {serial} is not.").format(
                serial=paper_serial(serial)
            )
        )
    uow.session.add(
        models.BallotSettlement(
            round_id=round_id,
            serial=serial,
            marks=json.dumps(None),
            note=note.strip(),
            secretariat_entrant_id=people[0].id,
            counting_entrant_id=people[1].id,
        )
    )
    uow.commit()


# --- the tally input: one builder for closing, exporting and recounting -------------------------------------------


def tally_input(uow: UnitOfWork, round_id: int) -> dict[str, Any]:
    """The round in the ``osgo tally`` input format, with its agreed ballots (the stored input once closed)."""
    row = _round(uow, round_id)
    if row.input_json:
        loaded: dict[str, Any] = json.loads(row.input_json)
        return loaded
    competition = uow.competitions.require(row.competition_id)
    candidates = [_candidate_view(competition, rc) for rc in row.candidates]
    by_number = {c.number: c.tally_id for c in candidates}
    agreed = _reconcile(uow, round_id).agreed
    data: dict[str, Any] = {
        "seats": row.seats,
        "max_marks": row.max_marks,
        "blank_is_valid": row.blank_is_valid,
        "sex_cap_percent": row.sex_cap_percent,
        "composition_size": row.composition_size,
        "one_per_organization": row.one_per_organization,
        "min_votes": row.min_votes,
        "already_elected": json.loads(row.already_elected),
        "lot_order": json.loads(row.lot_order),
        "candidates": [
            {"id": c.tally_id, "name": c.name, "sex": c.sex, "organization": c.organization} for c in candidates
        ],
        "ballots": [
            {"serial": paper_serial(serial), "marks": [by_number[m] for m in marks]}
            for serial, marks in sorted(agreed.items())
        ],
    }
    # The already elected take part in the constraints: the engine needs them among its candidates.
    for elected in _already_elected_candidates(uow, row):
        data["candidates"].append(elected)
    return data


def _already_elected_candidates(uow: UnitOfWork, row: models.VoteRound) -> list[dict[str, Any]]:
    ids = set(json.loads(row.already_elected))
    if not ids:
        return []
    competition = uow.competitions.require(row.competition_id)
    out: list[dict[str, Any]] = []
    for earlier in _rounds(uow, row.competition_id):
        for rc in earlier.candidates:
            view = _candidate_view(competition, rc)
            if view.tally_id in ids and all(o["id"] != view.tally_id for o in out):
                out.append({"id": view.tally_id, "name": view.name, "sex": view.sex, "organization": view.organization})
    return out


def _closed_inputs(uow: UnitOfWork, competition_id: int) -> list[tally.TallyInput]:
    return [
        tally.parse_tally_input(json.loads(r.input_json)) for r in _rounds(uow, competition_id) if r.state == "closed"
    ]


def outcome(uow: UnitOfWork, competition_id: int) -> voting.Outcome:
    """The competition's result over its closed rounds: the first round, its ties settled by the runoffs."""
    inputs = _closed_inputs(uow, competition_id)
    if not inputs:
        return voting.Outcome((), (), (), 0, 0)
    return voting.combine(inputs[0], [tally.tally(inp) for inp in inputs[1:]])


def candidate_names(uow: UnitOfWork, competition_id: int) -> dict[str, str]:
    """Every candidate of the competition's rounds: tally id → full name."""
    competition = uow.competitions.require(competition_id)
    return {
        display_number(competition.number, rc.application.number): _name(rc.application)
        for row in _rounds(uow, competition_id)
        for rc in row.candidates
    }


def with_vote_facts(
    uow: UnitOfWork, competition_id: int, facts: lifecycle.TransitionFacts
) -> lifecycle.TransitionFacts:
    """``facts`` with what the vote's guards look at: an open round, a tie not yet settled."""
    rounds = _rounds(uow, competition_id)
    open_round = any(r.state == "open" for r in rounds)
    tie = bool(rounds) and not open_round and bool(outcome(uow, competition_id).tie)
    return dataclasses.replace(facts, open_round=open_round, tie_pending=tie)


# --- closing a round, runoffs and lots --------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperCounts:
    issued: int | None
    returned: int | None
    unused: int | None


def close_round(uow: UnitOfWork, round_id: int, papers: PaperCounts) -> tally.TallyResult:
    """Lock the round's ballots, store its tally, and move the competition on: to "tallied", or straight into a
    runoff when the first round of a tie leaves seats undecided."""
    today = uow.clock.today()
    row = _round(uow, round_id)
    _require_open(uow, row)
    reconciliation = _reconcile(uow, round_id)
    problems: list[str] = []
    if reconciliation.disagreements:
        problems.append(
            _("Papers No. {serials}: the two entries disagree; settle them against the paper first.").format(
                serials=", ".join(str(d.serial) for d in reconciliation.disagreements)
            )
        )
    if reconciliation.single:
        problems.append(
            _("Papers No. {serials} are entered by one side only.").format(
                serials=", ".join(str(s) for s, _side in reconciliation.single)
            )
        )
    counted = len(reconciliation.agreed)
    if Mode(row.session.mode) is Mode.PAPER:
        problems.extend(
            voting.paper_count_problems(row.papers_printed, papers.issued, papers.returned, papers.unused, counted)
        )
        row.papers_issued, row.papers_returned, row.papers_unused = papers.issued, papers.returned, papers.unused
    else:
        row.papers_issued = row.papers_returned = counted
        row.papers_unused = 0
    if counted == 0:
        problems.append(_("No ballot is entered."))
    if problems:
        raise KnownError("\n".join(problems))
    data = tally_input(uow, round_id)
    result = tally.tally(tally.parse_tally_input(data))
    row.input_json = json.dumps(data, ensure_ascii=False, sort_keys=True)
    row.result_json = json.dumps(tally.result_to_json(result), ensure_ascii=False, sort_keys=True)
    row.state = "closed"
    row.closed_at = uow.clock.utc_naive()
    competition = uow.competitions.require(row.competition_id)
    facts = lifecycle.TransitionFacts(state=State(competition.state), today=today)
    transition(competition, State.TALLIED, facts, note=_("Round {number} closed").format(number=row.number))
    uow.session.flush()
    # A tie at the cut-off — in the first round, or further down its ranking once a runoff settled the one above —
    # opens a runoff at once; a runoff that ties again waits for the Commission: another round, or lots.
    repeated = row.runoff_of_id is not None and result.tie is not None
    if outcome(uow, competition.id).tie and not repeated:
        _open_runoff(uow, row, today)
    uow.commit()
    return result


def _open_runoff(uow: UnitOfWork, tied: models.VoteRound, today: dt.date) -> models.VoteRound:
    competition = uow.competitions.require(tied.competition_id)
    combined = outcome(uow, competition.id)
    if not combined.tie:
        raise KnownError(_("There is no tie to settle."))
    facts = with_vote_facts(
        uow,
        competition.id,
        lifecycle.TransitionFacts(state=State(competition.state), today=today, admitted=len(combined.tie)),
    )
    already = list(combined.elected_so_far)
    transition(
        competition,
        State.VOTING,
        facts,
        note=_("Runoff round {number} among the tied candidates").format(number=tied.number + 1),
    )
    # the tie may lie in the first round's ranking below an earlier one: its candidates are the first round's
    first = _rounds(uow, competition.id)[0]
    # the round whose result holds the tie: a runoff that tied again, else the first round (further down its
    # ranking, once the runoffs settled the ties above)
    repeated = tied.runoff_of_id is not None and json.loads(tied.result_json or "{}").get("tie") is not None
    holder = tied if repeated else first
    numbers = {_candidate_view(competition, rc).tally_id: rc for rc in first.candidates}
    tied_rows = sorted((numbers[cid] for cid in combined.tie), key=lambda rc: kyrgyz_sort_key(_name(rc.application)))
    runoff = models.VoteRound(
        competition_id=competition.id,
        session_id=tied.session_id,
        number=tied.number + 1,
        runoff_of_id=holder.id,
        seats=combined.tie_seats,
        max_marks=combined.tie_seats,
        blank_is_valid=tied.blank_is_valid,
        sex_cap_percent=tied.sex_cap_percent,
        composition_size=tied.composition_size,
        one_per_organization=tied.one_per_organization,
        min_votes=0,
        already_elected=json.dumps(already),
        # as many papers as the session printed for its first round, spares for spoiled papers included
        papers_printed=max(first.papers_printed, len(tied.session.voters)),
    )
    runoff.candidates = [
        models.RoundCandidate(application_id=rc.application_id, number=i) for i, rc in enumerate(tied_rows, start=1)
    ]
    uow.session.add(runoff)
    uow.session.flush()
    return runoff


def open_runoff(uow: UnitOfWork, competition_id: int) -> int:
    """Another round among the candidates a runoff left tied again; returns its id."""
    rounds = _rounds(uow, competition_id)
    if not rounds or rounds[-1].state != "closed":
        raise KnownError(_("There is no closed round with a tie."))
    runoff = _open_runoff(uow, rounds[-1], uow.clock.today())
    uow.commit()
    return runoff.id


def draw_lots(
    uow: UnitOfWork, round_id: int, order: Sequence[str], counting: tuple[int, str], note: str = ""
) -> tally.TallyResult:
    """Settle a runoff's repeated tie by the drawn order, entered and confirmed by a counting-commission member."""
    row = _round(uow, round_id)
    if row.state != "closed" or row.runoff_of_id is None:
        raise KnownError(_("Lots are drawn only when a runoff round ties again."))
    if _rounds(uow, row.competition_id)[-1].id != row.id:
        raise KnownError(_("Lots are drawn for the latest round only."))
    if uow.competitions.require(row.competition_id).state != State.TALLIED.value:
        raise KnownError(_("The competition is not at its vote any more (it was cancelled or closed)."))
    entrant = unlock(uow, round_id, *counting)
    if entrant.side is not Side.COUNTING:
        raise KnownError(_("The drawing of lots is entered by a member of the counting commission."))
    data = json.loads(row.input_json)
    result = tally.tally(tally.parse_tally_input(data))
    if result.tie is None:
        raise KnownError(_("This round has no tie to settle."))
    if sorted(order) != sorted(result.tie.candidates):
        raise KnownError(_("The drawn order must list each tied candidate exactly once."))
    data["lot_order"] = list(order)
    settled = tally.tally(tally.parse_tally_input(data))
    row.input_json = json.dumps(data, ensure_ascii=False, sort_keys=True)
    row.result_json = json.dumps(tally.result_to_json(settled), ensure_ascii=False, sort_keys=True)
    row.lot_order = json.dumps(list(order), ensure_ascii=False)
    row.lots_entrant_id = entrant.id
    row.lots_note = note.strip()
    uow.commit()
    return settled

"""The round and its session as the screens and the documents show them: plain frozen data."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from osgo_desktop.domain import tally, voting
from osgo_desktop.domain.profile import Kind, LocalText
from osgo_desktop.domain.session import Conflict, RollLine, ballot_holders, stood_aside
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.domain.voting import Marks, Mode, Reconciliation, RoundState, Side
from osgo_desktop.errors import NotFoundError
from osgo_desktop.i18n import _
from osgo_desktop.services.applications import display_number
from osgo_desktop.services.voting._common import (
    _entries,
    _member_name,
    _name,
    _reconcile,
    _round,
    _rounds,
    _settled,
    _settlements,
)
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork


@dataclass(frozen=True)
class CandidateView:
    number: int
    application_id: int
    #: the id in the tally input: the application's registration number ("2026/01-003")
    tally_id: str
    name: str
    sex: str
    #: what the one-per-organisation rule goes by (the Kyrgyz name: see :func:`candidate_organization`)
    organization: str | None
    #: the nominating organisation's or association's name in both languages, as the papers print it
    organization_name: Bilingual | None = None


@dataclass(frozen=True)
class EntrantView:
    id: int
    side: Side
    name: str
    #: the account they sign in with at the entry station; None: a session held before accounts (a PIN of its own)
    account_id: int | None = None


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
    #: the voters present (the names of the roll's lines ticked present)
    voters: tuple[str, ...]
    entrants: tuple[EntrantView, ...]
    backup_path: str
    #: the place in Russian ("" while not entered)
    place_ru: str = ""
    #: the voter roll, every line in its order, present or not
    roll: tuple[RollLine, ...] = ()
    #: the conflicts of interest of the members voting, as declared when the session opened
    conflicts: tuple[Conflict, ...] = ()


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
    #: who drew the lots and who witnessed the drawing, as entered ("" before a drawing, or before migration 0009)
    lots_drawn_by: str
    lots_witnesses: str
    #: this is the latest round of the competition
    latest: bool
    #: who gets a ballot in this round: the voters present, but for the members who stand aside
    voters: tuple[str, ...] = ()
    #: the members present who take no ballot in this round, for a conflict towards a candidate on its paper
    stood_aside: tuple[Conflict, ...] = ()
    #: why the closed round's result stops at a tie (None: it does not)
    tie_cause: voting.TieCause | None = None
    #: a runoff: the tie it settles, in the round it comes from
    runoff_cause: voting.TieCause | None = None
    #: the number of the runoff opened for this round's own tie (the next round, held among its tied); None: none
    runoff_round: int | None = None

    @property
    def mode(self) -> Mode:
        return self.session.mode

    @property
    def ballots_expected(self) -> int:
        return len(self.voters)

    @property
    def papers_to_enter(self) -> int:
        """The highest serial an entry may have."""
        return voting.papers_to_enter(self.mode, self.papers_printed, self.ballots_expected)

    def candidate(self, tally_id: str) -> CandidateView:
        return next(c for c in self.candidates if c.tally_id == tally_id)


def candidate_organization(competition: models.Competition, application: models.Application) -> str | None:
    """What the one-per-organisation rule goes by: the nominating association (Commission seats) or organisation
    (a council); None for a self-nominated candidate, who is never in conflict. The rule goes by the Kyrgyz name,
    which does not change with the language a paper is printed in."""
    name = candidate_organization_name(competition, application)
    return name.ky if name is not None else None


def candidate_organization_name(competition: models.Competition, application: models.Application) -> Bilingual | None:
    """The name of the association or organisation that nominated the candidate, in both languages (None: none)."""
    nominator: models.Association | models.Organization | None = (
        application.association if competition.kind is Kind.COMMISSION else application.organization_row
    )
    return Bilingual(nominator.name, nominator.name_ru) if nominator is not None else None


def _candidate_view(competition: models.Competition, rc: models.RoundCandidate) -> CandidateView:
    a = rc.application
    organization = candidate_organization_name(competition, a)
    return CandidateView(
        number=rc.number,
        application_id=a.id,
        tally_id=display_number(competition.number, a.number),
        name=_name(a),
        sex=a.person.sex,
        organization=organization.ky if organization is not None else None,
        organization_name=organization,
    )


def _roll(uow: UnitOfWork, s: models.VoteSession) -> dict[str, Any]:
    """Who was present, as the session recorded them (a session opened before migration 0006: the registry now)."""
    if s.roll is not None:
        return s.roll

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
    number = uow.competitions.require(s.competition_id).number
    return SessionView(
        id=s.id,
        held_on=s.held_on,
        place=s.place,
        start_time=s.start_time,
        mode=s.mode,
        members_total=s.members_total,
        quorum=s.quorum,
        present=tuple(m["name"] for m in roll["present"]),
        present_roles=tuple(m["role"] for m in roll["present"]),
        chair=roll["chair"],
        secretary=roll["secretary"],
        counting_present=tuple(m["name"] for m in roll["counting"]),
        counting_bodies=tuple(m["body_index"] for m in roll["counting"]),
        voters=tuple(v.name for v in s.voters if v.present),
        entrants=tuple(EntrantView(e.id, e.side, e.name, e.account_id) for e in s.entrants),
        backup_path=s.backup_path,
        place_ru=s.place_ru,
        roll=tuple(_roll_line(uow, number, v) for v in s.voters),
        conflicts=tuple(Conflict(**c) for c in roll.get("conflicts", ())),
    )


def _roll_line(uow: UnitOfWork, number: str, voter: models.Voter) -> RollLine:
    """A line of the roll as recorded; beside the name, the candidate's registration number or the delegate's
    association (``number``: the competition's)."""
    detail = ""
    if voter.application_id is not None:
        detail = display_number(number, uow.applications.require(voter.application_id).number)
    elif voter.association_id is not None:
        association = uow.session.get(models.Association, voter.association_id)
        detail = association.name if association is not None else ""
    return RollLine(
        voter.name,
        voter.present,
        member_id=voter.member_id,
        application_id=voter.application_id,
        association_id=voter.association_id,
        detail=detail,
    )


def round_voters(session: SessionView, candidates: set[int]) -> tuple[tuple[str, ...], tuple[Conflict, ...]]:
    """Who gets a ballot in a round whose paper carries ``candidates`` (application ids), and who stands aside."""
    members = {line.member_id for line in session.roll if line.present and line.member_id is not None}
    aside = stood_aside(session.conflicts, members, candidates)
    return tuple(line.name for line in ballot_holders(session.roll, aside)), aside


def get_round(uow: UnitOfWork, round_id: int) -> RoundView:
    row = _round(uow, round_id)
    competition = uow.competitions.require(row.competition_id)
    session = _session_view(uow, row.session)
    entrants = {e.id: e for e in session.entrants}
    entries = _entries(uow, round_id)
    settlements = _settlements(uow, round_id)
    result, cause = _counted(row)
    every = _rounds(uow, row.competition_id)
    latest = every[-1].id == row.id
    following = next((r for r in every if r.number == row.number + 1), None)
    reconciliation = _reconcile(uow, round_id, entries, settlements)
    voters, aside = round_voters(session, {rc.application_id for rc in row.candidates})
    return RoundView(
        id=row.id,
        competition_id=competition.id,
        competition_number=competition.number,
        body=LocalText(competition.body.name_ky, competition.body.name_ru, competition.body.name_en)
        if competition.body is not None
        else None,
        kind=competition.kind,
        number=row.number,
        runoff=row.runoff_of_id is not None,
        runoff_of=uow.rounds.require(row.runoff_of_id).number if row.runoff_of_id is not None else None,
        open=row.state is RoundState.OPEN,
        seats=row.seats,
        max_marks=row.max_marks,
        min_votes=row.min_votes,
        papers_printed=row.papers_printed,
        papers_issued=row.papers_issued,
        papers_returned=row.papers_returned,
        papers_unused=row.papers_unused,
        candidates=tuple(_candidate_view(competition, rc) for rc in row.candidates),
        session=session,
        entered=_entered(entries, reconciliation),
        reconciliation=reconciliation,
        settlements=tuple(
            SettlementView(
                s.serial,
                _settled(s),
                s.note,
                entrants[s.secretariat_entrant_id].name,
                entrants[s.counting_entrant_id].name,
                s.settled_at,
            )
            for s in settlements
        ),
        result=result,
        lot_order=tuple(row.lot_order),
        lots_by=entrants[row.lots_entrant_id].name if row.lots_entrant_id in entrants else "",
        lots_note=row.lots_note,
        lots_drawn_by=row.lots_drawn_by,
        lots_witnesses=row.lots_witnesses,
        latest=latest,
        voters=voters,
        stood_aside=aside,
        tie_cause=cause,
        runoff_cause=_counted(uow.rounds.require(row.runoff_of_id))[1] if row.runoff_of_id is not None else None,
        runoff_round=following.number if following is not None and following.runoff_of_id == row.id else None,
    )


def _counted(row: models.VoteRound) -> tuple[tally.TallyResult | None, voting.TieCause | None]:
    """A closed round's result and why it stops at a tie; (None, None) while the round is open."""
    if row.result_json is None or row.input_json is None:
        return None, None
    inp = tally.parse_tally_input(row.input_json)
    result = tally.tally(inp)
    return result, voting.tie_cause(inp, result)


@dataclass(frozen=True)
class RoundProgress:
    """What entering changes in a round (its entries and settlements), without the rest of :class:`RoundView`:
    the page on screen brings its view up to date with it after each paper, at the cost of two queries."""

    entered: dict[Side, int]
    reconciliation: Reconciliation
    settlements: tuple[SettlementView, ...]

    def applied_to(self, view: RoundView) -> RoundView:
        return dataclasses.replace(
            view, entered=self.entered, reconciliation=self.reconciliation, settlements=self.settlements
        )


def round_progress(uow: UnitOfWork, round_id: int) -> RoundProgress:
    """The round's entries and settlements as they stand (see :class:`RoundProgress`)."""
    entries = _entries(uow, round_id)
    secretariat, counting = aliased(models.Entrant), aliased(models.Entrant)
    settled = uow.session.execute(
        select(models.BallotSettlement, secretariat.name, counting.name)
        .join(secretariat, secretariat.id == models.BallotSettlement.secretariat_entrant_id)
        .join(counting, counting.id == models.BallotSettlement.counting_entrant_id)
        .where(models.BallotSettlement.round_id == round_id)
        .order_by(models.BallotSettlement.serial)
    ).all()
    settlements = [row[0] for row in settled]
    reconciliation = _reconcile(uow, round_id, entries, settlements)
    return RoundProgress(
        entered=_entered(entries, reconciliation),
        reconciliation=reconciliation,
        settlements=tuple(
            SettlementView(s.serial, _settled(s), s.note, by_secretariat, by_counting, s.settled_at)
            for s, by_secretariat, by_counting in settled
        ),
    )


def _entered(entries: list[models.BallotEntry], reconciliation: Reconciliation) -> dict[Side, int]:
    """Each side's entries that count (a serial struck out does not)."""
    struck = reconciliation.struck
    return {side: sum(e.side is side and e.serial not in struck for e in entries) for side in Side}


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

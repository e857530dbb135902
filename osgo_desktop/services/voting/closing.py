"""Closing a round: its tally stored, a runoff opened for a tie, lots drawn for a runoff that ties again."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Sequence

from osgo_desktop.domain import event_notes, lifecycle, rounds, tally
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.roles import Action
from osgo_desktop.domain.voting import RoundState, Side
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.services.transitions import transition
from osgo_desktop.services.voting._common import (
    _name,
    _parameters,
    _reconcile,
    _round,
    _rounds,
)
from osgo_desktop.services.voting.entry import _act_for, _require_open, confirm
from osgo_desktop.services.voting.tally_input import outcome, tally_input, with_vote_facts
from osgo_desktop.services.voting.views import _candidate_view, _session_view, round_voters
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork


def close_round(uow: UnitOfWork, round_id: int, papers: rounds.PaperCounts) -> tally.TallyResult:
    """Lock the round's ballots, store its tally, and move the competition on: to "tallied", or straight into a
    runoff when the first round of a tie leaves seats undecided."""
    uow.require(Action.CLOSE_ROUND)
    today = uow.clock.today()
    row = _round(uow, round_id)
    _require_open(uow, row)
    reconciliation = _reconcile(uow, round_id)
    mode = row.session.mode
    recorded = rounds.recorded_counts(mode, papers, len(reconciliation.agreed))
    row.papers_issued, row.papers_returned, row.papers_unused = recorded.issued, recorded.returned, recorded.unused
    voters = len(round_voters(_session_view(uow, row.session), {rc.application_id for rc in row.candidates})[0])
    problems = rounds.close_problems(reconciliation, mode, row.papers_printed, papers, voters)
    if problems:
        raise KnownError("\n".join(problems))
    data = tally_input(uow, round_id)
    result = tally.tally(tally.parse_tally_input(data))
    row.input_json = data
    row.result_json = tally.result_to_json(result)
    row.state = RoundState.CLOSED
    row.closed_at = uow.clock.utc_naive()
    competition = uow.competitions.require(row.competition_id)
    facts = lifecycle.TransitionFacts(state=competition.state, today=today)
    transition(competition, State.TALLIED, facts, note=event_notes.note("round_closed", number=row.number))
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
        lifecycle.TransitionFacts(state=competition.state, today=today, admitted=len(combined.tie)),
    )
    already = list(combined.elected_so_far)
    transition(
        competition,
        State.VOTING,
        facts,
        note=event_notes.note("runoff_opened", number=tied.number + 1),
    )
    # the tie may lie in the first round's ranking below an earlier one: its candidates are the first round's
    first = _rounds(uow, competition.id)[0]
    # the round whose result holds the tie: a runoff that tied again, else the first round (further down its
    # ranking, once the runoffs settled the ties above)
    repeated = tied.runoff_of_id is not None and (tied.result_json or {}).get("tie") is not None
    holder = tied if repeated else first
    numbers = {_candidate_view(competition, rc).tally_id: rc for rc in first.candidates}
    tied_rows = sorted((numbers[cid] for cid in combined.tie), key=lambda rc: kyrgyz_sort_key(_name(rc.application)))
    runoff = models.VoteRound(
        competition_id=competition.id,
        session_id=tied.session_id,
        number=tied.number + 1,
        runoff_of_id=holder.id,
        **dataclasses.asdict(rounds.runoff(_parameters(tied), combined.tie_seats)),
        already_elected=already,
        # as many papers as the session printed for its first round, spares for spoiled papers included
        papers_printed=max(first.papers_printed, sum(v.present for v in tied.session.voters)),
    )
    runoff.candidates = [
        models.RoundCandidate(application_id=rc.application_id, number=i) for i, rc in enumerate(tied_rows, start=1)
    ]
    uow.session.add(runoff)
    uow.session.flush()
    return runoff


def open_runoff(uow: UnitOfWork, competition_id: int) -> int:
    """Another round among the candidates a runoff left tied again; returns its id."""
    uow.require(Action.OPEN_RUNOFF)
    rounds = _rounds(uow, competition_id)
    if not rounds or rounds[-1].state is not RoundState.CLOSED:
        raise KnownError(_("There is no closed round with a tie."))
    runoff = _open_runoff(uow, rounds[-1], uow.clock.today())
    uow.commit()
    return runoff.id


def draw_lots(
    uow: UnitOfWork,
    round_id: int,
    order: Sequence[str],
    counting: tuple[int, str],
    note: str = "",
    *,
    drawn_by: str,
    witnesses: str,
) -> tally.TallyResult:
    """Settle a runoff's repeated tie by the drawn order, entered and confirmed by a counting-commission member (their
    password or station PIN); the protocol names who drew the lots and who witnessed the drawing (both required)."""
    drawn_by, witnesses = drawn_by.strip(), witnesses.strip()
    missing = [
        message
        for value, message in (
            (drawn_by, _("Name who drew the lots.")),
            (witnesses, _("Name who witnessed the drawing of lots.")),
        )
        if not value
    ]
    if missing:
        raise KnownError("\n".join(missing))
    row = _round(uow, round_id)
    if row.state is not RoundState.CLOSED or row.runoff_of_id is None or row.input_json is None:
        raise KnownError(_("Lots are drawn only when a runoff round ties again."))
    if _rounds(uow, row.competition_id)[-1].id != row.id:
        raise KnownError(_("Lots are drawn for the latest round only."))
    if uow.competitions.require(row.competition_id).state is not State.TALLIED:
        raise KnownError(_("The competition is not at its vote any more (it was cancelled or closed)."))
    entrant, principal = confirm(uow, round_id, *counting)
    if entrant.side is not Side.COUNTING:
        raise KnownError(_("The drawing of lots is entered by a member of the counting commission."))
    _act_for(uow, principal, Action.ENTER_LOTS)  # the member who confirmed it: their roles, their name in the log
    # a changed copy, not the loaded value changed in place: the ORM finds a change by comparing the two
    data = copy.deepcopy(row.input_json)
    result = tally.tally(tally.parse_tally_input(data))
    if result.tie is None:
        raise KnownError(_("This round has no tie to settle."))
    if sorted(order) != sorted(result.tie.candidates):
        raise KnownError(_("The drawn order must list each tied candidate exactly once."))
    data["lot_order"] = list(order)
    settled = tally.tally(tally.parse_tally_input(data))
    row.input_json = data
    row.result_json = tally.result_to_json(settled)
    row.lot_order = list(order)
    row.lots_entrant_id = entrant.id
    row.lots_note = note.strip()
    row.lots_drawn_by = drawn_by
    row.lots_witnesses = witnesses
    uow.commit()
    return settled

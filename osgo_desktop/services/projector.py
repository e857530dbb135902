"""What the projector in the meeting room shows during a rating vote: plain frozen data, no Qt.

These dataclasses live in the core, next to the other view rows (:mod:`osgo_desktop.services.views`), because the
vote service is what produces them — from the ballot entries and the tally — and the CLI or a test can build and
check them without a display. They sit in a module of their own only so that the vote service, written alongside,
can import them without both sides editing ``views.py`` at once; they may move there when the two meet.

The projector never decides anything: ranks, seats, ties and skips all come from ``domain`` via the vote service;
the UI only draws them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from osgo_desktop.domain.voting import Outcome, Standing, standings

if TYPE_CHECKING:
    from osgo_desktop.services.voting import RoundView

#: what became of a candidate in the tally: ``""`` while nothing is decided (or no mark is due)
RowStatus = Standing
#: ``"entry"``: ballots are being entered (the audience sees the counts); ``"result"``: the tally is final
#: ``"composition"``: after the last round, the composition elected over every round and the reserve
Phase = Literal["entry", "result", "composition"]

PHASES: Final[tuple[Phase, ...]] = ("entry", "result", "composition")


@dataclass(frozen=True)
class ProjectorRow:
    """A candidate on the projected ranking, in the order the tally ranks them (equal votes: Kyrgyz alphabetical)."""

    #: the candidate's number on the ballot
    number: int
    #: the full name, as printed on the ballot
    name: str
    #: ``None`` before the tally (phase ``"entry"``)
    votes: int | None
    #: equal votes, equal rank; ``None`` before the tally
    rank: int | None
    status: RowStatus = ""


@dataclass(frozen=True)
class ProjectorState:
    """Everything the projector shows at one moment; the vote service hands a new one after every change.

    The counts describe paper ballots entered twice (DOMAIN.md, "The rating vote"): ``ballots_entered_once`` is
    how many ballots have been entered at least once, by either side; ``ballots_agreed`` how many have both entries
    and they agree (only these count); ``disagreements`` how many have both entries and they differ, waiting to be
    settled against the paper. So ``ballots_agreed + disagreements <= ballots_entered_once <= ballots_expected``.

    ``title`` and ``note`` are shown as given: the service writes them in the UI language, and hands a new state
    when the language changes. Everything else the projector words itself, in the current language.
    """

    #: e.g. the council's name, or "Public council of the Ministry of …"
    title: str
    competition_number: str
    #: 1 for the main vote; 2, 3, … for runoff rounds
    round_number: int
    #: a runoff round among tied candidates only
    runoff: bool
    #: seats filled by this round
    seats: int
    phase: Phase
    #: ballots issued (one per voter on the roll present)
    ballots_expected: int
    ballots_agreed: int
    ballots_entered_once: int
    disagreements: int
    rows: tuple[ProjectorRow, ...] = ()
    #: a line for the audience, e.g. why a seat stays vacant or that lots will be drawn
    note: str = ""


def projector_state(view: RoundView, title: str) -> ProjectorState:
    """What the projector shows of a round: the live counts while it is open, the ranking once it is closed."""
    recon = view.reconciliation
    result = view.result
    phase: Phase = "entry" if result is None else "result"
    rows: tuple[ProjectorRow, ...]
    if result is None:
        rows = tuple(ProjectorRow(c.number, c.name, None, None) for c in view.candidates)
    else:
        statuses = standings(result, view.seats)
        rows = tuple(
            ProjectorRow(
                view.candidate(r.id).number, view.candidate(r.id).name, r.votes, r.rank, statuses.get(r.id, "")
            )
            for r in result.tally
        )
    return ProjectorState(
        title=title,
        competition_number=view.competition_number,
        round_number=view.number,
        runoff=view.runoff,
        seats=view.seats,
        phase=phase,
        ballots_expected=view.ballots_expected,
        ballots_agreed=len(recon.agreed),
        ballots_entered_once=len(recon.agreed) + len(recon.disagreements) + len(recon.single),
        disagreements=len(recon.disagreements),
        rows=rows,
    )


def composition_state(view: RoundView, title: str, outcome: Outcome, names: Mapping[str, str]) -> ProjectorState:
    """After the last round of a vote that needed runoffs: the composition elected over all its rounds, in the
    order elected, then the reserve in its order (the decision's two lists; ``names`` by tally id). A runoff's own
    ranking names only the tied; the room wants to see who sits."""
    if outcome.tie:
        raise ValueError("a tie is pending: there is no composition yet")
    passed_over = {skip.id for skip in outcome.skipped}
    elected = [ProjectorRow(i, names[cid], None, None, "elected") for i, cid in enumerate(outcome.elected, start=1)]
    reserve = [
        ProjectorRow(i, names[cid], None, None, "skipped" if cid in passed_over else "reserve")
        for i, cid in enumerate(outcome.reserve, start=1)
    ]
    return dataclasses.replace(
        projector_state(view, title),
        phase="composition",
        seats=len(outcome.elected) + outcome.vacant_seats,
        rows=(*elected, *reserve),
    )

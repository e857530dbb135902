"""The lifecycle of a competition: its states, the transitions between them and the guard on each.

draft → announced → intake closed → screening → screened → voting → tallied → closed; a tie sends a tallied
competition back to voting for another round. Cancelled from any state before closed, with a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import N_, _, format_date, ngettext


class State(StrEnum):
    DRAFT = "draft"
    ANNOUNCED = "announced"
    INTAKE_CLOSED = "intake_closed"
    SCREENING = "screening"
    SCREENED = "screened"
    VOTING = "voting"
    TALLIED = "tallied"
    CLOSED = "closed"
    CANCELLED = "cancelled"


STATE_LABELS: Final = {
    State.DRAFT: N_("Draft"),
    State.ANNOUNCED: N_("Announced"),
    State.INTAKE_CLOSED: N_("Intake closed"),
    State.SCREENING: N_("Screening"),
    State.SCREENED: N_("Screened"),
    State.VOTING: N_("Voting"),
    State.TALLIED: N_("Tallied"),
    State.CLOSED: N_("Closed"),
    State.CANCELLED: N_("Cancelled"),
}

#: Where each state may go (besides cancellation, allowed from every state but closed and cancelled).
TRANSITIONS: Final[dict[State, frozenset[State]]] = {
    State.DRAFT: frozenset({State.ANNOUNCED}),
    State.ANNOUNCED: frozenset({State.INTAKE_CLOSED}),
    State.INTAKE_CLOSED: frozenset({State.SCREENING}),
    State.SCREENING: frozenset({State.SCREENED}),
    State.SCREENED: frozenset({State.VOTING}),
    State.VOTING: frozenset({State.TALLIED}),
    State.TALLIED: frozenset({State.VOTING, State.CLOSED}),
    State.CLOSED: frozenset(),
    State.CANCELLED: frozenset(),
}

#: States in which the competition's own data (seats, dates, body) can still be edited.
EDITABLE_STATES: Final = frozenset({State.DRAFT, State.ANNOUNCED})


@dataclass(frozen=True)
class TransitionFacts:
    """What the guards look at. Counts that a later step owns default to "nothing there yet"."""

    state: State
    today: dt.date
    publication_date: dt.date | None = None
    intake_deadline: dt.date | None = None
    #: problems with the competition's own data that block announcing it (from ``competition.validate``)
    announce_problems: tuple[str, ...] = ()
    applications: int = 0
    undecided_applications: int = 0
    admitted: int = 0
    open_round: bool = False
    tie_pending: bool = False
    signed_scan: bool = False
    cancel_reason: str = ""


class TransitionError(KnownError):
    """A transition refused by its guard; ``reasons`` are translated sentences for the user."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def guard(facts: TransitionFacts, target: State) -> list[str]:
    """Why the competition cannot go to ``target`` now; an empty list when it can."""
    state = facts.state
    if target is State.CANCELLED:
        if state in (State.CLOSED, State.CANCELLED):
            return [_("A closed or cancelled competition cannot be cancelled.")]
        return [] if facts.cancel_reason.strip() else [_("Give the reason for the cancellation.")]
    if target not in TRANSITIONS[state]:
        return [
            _("A competition cannot go from “{source}” to “{target}”.").format(
                source=_(STATE_LABELS[state]), target=_(STATE_LABELS[target])
            )
        ]
    reasons: list[str] = []
    if target is State.ANNOUNCED:
        reasons.extend(facts.announce_problems)
        if facts.publication_date is None:
            reasons.append(_("Enter the date the announcement was published in the media."))
        elif facts.publication_date > facts.today:
            reasons.append(_("The publication date cannot be in the future."))
    elif target is State.INTAKE_CLOSED:
        if facts.intake_deadline is not None and facts.today <= facts.intake_deadline:
            reasons.append(
                _("Documents are accepted until {date} inclusive: the intake cannot be closed before then.").format(
                    date=format_date(facts.intake_deadline)
                )
            )
    elif target is State.SCREENED:
        if facts.applications == 0:
            reasons.append(_("There are no applications to screen."))
        if facts.undecided_applications:
            reasons.append(
                ngettext(
                    "{count} application has no screening decision yet.",
                    "{count} applications have no screening decision yet.",
                    facts.undecided_applications,
                ).format(count=facts.undecided_applications)
            )
    elif target is State.VOTING:
        if facts.admitted == 0:
            reasons.append(_("No candidate was admitted: there is nobody to vote for."))
        if state is State.TALLIED and not facts.tie_pending:
            reasons.append(_("Another round is held only to settle a tie."))
    elif target is State.TALLIED:
        if facts.open_round:
            reasons.append(_("Close the voting round first."))
    elif target is State.CLOSED:
        if facts.tie_pending:
            reasons.append(_("A tie is not settled yet."))
        if not facts.signed_scan:
            reasons.append(_("Attach the scan of the signed protocol first."))
    return reasons


def check(facts: TransitionFacts, target: State) -> None:
    """Raise :class:`TransitionError` when the guard refuses."""
    reasons = guard(facts, target)
    if reasons:
        raise TransitionError(reasons)


ORDER: Final = (
    State.DRAFT,
    State.ANNOUNCED,
    State.INTAKE_CLOSED,
    State.SCREENING,
    State.SCREENED,
    State.VOTING,
    State.TALLIED,
    State.CLOSED,
)


@dataclass(frozen=True)
class Step:
    """A step of the workflow a user walks through; it is current while the state is between its bounds."""

    code: str
    label: str
    first: State
    last: State


STEPS: Final = (
    Step("announce", N_("Announcement"), State.DRAFT, State.DRAFT),
    Step("applications", N_("Applications"), State.ANNOUNCED, State.ANNOUNCED),
    Step("screening", N_("Screening"), State.INTAKE_CLOSED, State.SCREENING),
    Step("vote", N_("Rating vote"), State.SCREENED, State.VOTING),
    Step("protocols", N_("Protocols"), State.TALLIED, State.TALLIED),
)


class StepStatus(StrEnum):
    DONE = "done"
    CURRENT = "current"
    AHEAD = "ahead"
    CANCELLED = "cancelled"


def step_status(step: Step, state: State) -> StepStatus:
    if state is State.CANCELLED:
        return StepStatus.CANCELLED
    position = ORDER.index(state)
    if position > ORDER.index(step.last):
        return StepStatus.DONE
    if position >= ORDER.index(step.first):
        return StepStatus.CURRENT
    return StepStatus.AHEAD

"""What is due: for each council and for the Commission's civil seats, the next step the law sets and its date.

From a body's latest composition (when its powers expire) and the profile, a *renewal* row: the latest day to
announce the competition for the next composition and the latest day to form it; from each open vacancy, a
*replacement* row and its deadline; a body with no composition on record, a row that says so. The rows are sorted by
urgency: what is overdue first (the longest overdue first), then by date. These are the pure rules;
``services/due.py`` gathers the facts.

Decisions (``docs/decisions.md``, "Compositions: what is due"):

* A composition's powers expire on its ``term_end``, or on ``ended_on`` when they ended early.
* A renewal is *in hand* once a regular competition for the body is announced (or further on, not yet closed or
  cancelled); a draft does not count — nothing is published yet — but it is named, so that no second one is made.
  In hand does not hide a missed formation date: a competition under way when the latest formation date has passed
  is overdue again, for the formation.
* A vacancy is in hand once a replacement competition for the body is under way (a draft counts: the reserve list or
  the replacement competition is the Commission's next step, not a publication).
* "Due soon" is :data:`SOON_DAYS` ahead: an announcement needs its texts in two languages and a media outlet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from osgo_desktop.domain import calendar
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind, KindRules, LocalText, Variant
from osgo_desktop.i18n import N_, _, format_date, ngettext

#: how many days ahead a step is flagged as due soon
SOON_DAYS: Final = 30


class Step(StrEnum):
    """What a due row asks for."""

    ANNOUNCE = "announce"  # announce the competition for the next composition
    FORM = "form"  # form the next composition (the competition is under way)
    REPLACE = "replace"  # fill a vacancy (a replacement competition, or the reserve list)
    NO_RECORD = "no_record"  # no composition on record: import the sitting one, or hold a competition


STEP_LABELS: Final = {
    Step.ANNOUNCE: N_("Announce the competition for the next composition"),
    Step.FORM: N_("Form the next composition"),
    Step.REPLACE: N_("Fill a vacant seat"),
    Step.NO_RECORD: N_("No composition on record"),
}


class Urgency(StrEnum):
    OVERDUE = "overdue"
    SOON = "soon"
    LATER = "later"
    NO_RECORD = "no_record"
    IN_HAND = "in_hand"


#: the order of the overview: what is overdue first, what nobody has started before what is in hand
URGENCY_ORDER: Final = (Urgency.OVERDUE, Urgency.SOON, Urgency.LATER, Urgency.NO_RECORD, Urgency.IN_HAND)

#: the states in which a competition is under way (announced, not yet closed or cancelled)
UNDER_WAY: Final = frozenset(
    {State.ANNOUNCED, State.INTAKE_CLOSED, State.SCREENING, State.SCREENED, State.VOTING, State.TALLIED}
)
#: the states in which a competition counts as started for a body (a draft is named, so none is made twice)
OPEN_STATES: Final = UNDER_WAY | {State.DRAFT}


@dataclass(frozen=True)
class BodyFacts:
    """A council's body, or the Commission (``body_id`` None)."""

    body_id: int | None
    code: str
    name: LocalText


@dataclass(frozen=True)
class CompositionFacts:
    """A body's latest composition, as the due rules see it."""

    composition_id: int
    seats: int
    term_start: dt.date
    term_end: dt.date
    ended_on: dt.date | None = None

    @property
    def expires(self) -> dt.date:
        """The last day of its powers."""
        return self.ended_on if self.ended_on is not None else self.term_end


@dataclass(frozen=True)
class VacancyFacts:
    """An open vacancy: the seat a member left early that nobody has taken since."""

    mandate_id: int
    composition_id: int
    #: the day the seat became vacant
    vacant_from: dt.date
    #: the member who left, as the row names them
    member: str
    #: the last day to fill it (None when the profile sets no deadline)
    deadline: dt.date | None


@dataclass(frozen=True)
class OpenCompetition:
    """A competition for a body not yet closed or cancelled."""

    id: int
    number: str
    variant: Variant
    state: State


@dataclass(frozen=True)
class DueRow:
    """One line of the overview."""

    body: BodyFacts
    kind: Kind
    step: Step
    urgency: Urgency
    #: the date that counts now: the latest announcement, the latest formation or the replacement deadline
    due_on: dt.date | None
    #: days from today to ``due_on`` (negative: overdue by that many days); None without a date
    days_left: int | None
    composition_id: int | None = None
    #: the composition's seats (a replacement row: the vacant seats of the composition)
    seats: int = 0
    #: when the composition's powers expire
    expires: dt.date | None = None
    announce_by: dt.date | None = None
    form_by: dt.date | None = None
    #: a replacement row: the seat's vacancy
    vacancy: VacancyFacts | None = None
    #: the competition under way (or drafted) for this step
    competition: OpenCompetition | None = None

    @property
    def overdue(self) -> bool:
        return self.urgency is Urgency.OVERDUE

    @property
    def can_create(self) -> bool:
        """Whether a competition can be created from this row in one step (none started for it, a composition to
        take the body, seats and expiry from)."""
        return self.composition_id is not None and self.competition is None and self.step is not Step.NO_RECORD


def _urgency(due: dt.date | None, today: dt.date) -> Urgency:
    if due is None:
        return Urgency.LATER
    if due < today:
        return Urgency.OVERDUE
    return Urgency.SOON if (due - today).days <= SOON_DAYS else Urgency.LATER


def _days(due: dt.date | None, today: dt.date) -> int | None:
    return None if due is None else calendar.days_left(due, today)


def renewal_row(
    body: BodyFacts,
    kind: Kind,
    composition: CompositionFacts | None,
    rules: KindRules,
    competitions: Sequence[OpenCompetition],
    today: dt.date,
) -> DueRow:
    """The body's renewal: announce by, form by, and where it stands (``competitions``: the body's open ones)."""
    regular = next((c for c in competitions if c.variant is Variant.REGULAR), None)
    if composition is None:
        return DueRow(body, kind, Step.NO_RECORD, Urgency.NO_RECORD, None, None, competition=regular)
    expires = composition.expires
    announce_by = calendar.latest_announcement(expires, rules)
    form_by = calendar.latest_formation(expires, rules)
    if regular is not None and regular.state in UNDER_WAY:
        step, due = Step.FORM, form_by or expires
        urgency = Urgency.OVERDUE if due < today else Urgency.IN_HAND
    else:
        # Nothing published: the announcement is what is owed (the Commission's profile sets no announcement date:
        # then the formation date, then the expiry).
        due = announce_by or form_by or expires
        step = Step.ANNOUNCE if announce_by is not None or form_by is None else Step.FORM
        urgency = _urgency(due, today)
    return DueRow(
        body,
        kind,
        step,
        urgency,
        due,
        _days(due, today),
        composition_id=composition.composition_id,
        seats=composition.seats,
        expires=expires,
        announce_by=announce_by,
        form_by=form_by,
        competition=regular,
    )


def vacancy_rows(
    body: BodyFacts,
    kind: Kind,
    vacancies: Iterable[VacancyFacts],
    competitions: Sequence[OpenCompetition],
    today: dt.date,
) -> list[DueRow]:
    """One row per open vacancy, with its deadline; in hand while a replacement competition is open."""
    replacement = next((c for c in competitions if c.variant is not Variant.REGULAR), None)
    vacancies = list(vacancies)
    out = []
    for vacancy in vacancies:
        same = sum(1 for v in vacancies if v.composition_id == vacancy.composition_id)
        urgency = Urgency.IN_HAND if replacement is not None else _urgency(vacancy.deadline, today)
        out.append(
            DueRow(
                body,
                kind,
                Step.REPLACE,
                urgency,
                vacancy.deadline,
                _days(vacancy.deadline, today),
                composition_id=vacancy.composition_id,
                seats=same,
                vacancy=vacancy,
                competition=replacement,
            )
        )
    return out


def urgency_key(row: DueRow) -> tuple[int, dt.date, str, str]:
    """Overdue first, then by date; bodies in Kyrgyz alphabetical order on the same day."""
    return (
        URGENCY_ORDER.index(row.urgency),
        row.due_on or dt.date.max,
        kyrgyz_sort_key(row.body.name.ky),
        row.step.value,
    )


def by_urgency(rows: Iterable[DueRow]) -> list[DueRow]:
    return sorted(rows, key=urgency_key)


def within(rows: Iterable[DueRow], today: dt.date, days: int) -> list[DueRow]:
    """The rows with a date up to ``days`` from ``today`` (what is overdue too), and those with no composition on
    record, which no date can tell about."""
    limit = today + dt.timedelta(days=days)
    return [r for r in rows if r.step is Step.NO_RECORD or (r.due_on is not None and r.due_on <= limit)]


def status_text(row: DueRow) -> str:
    """Where the row stands, in words: not in colour alone."""
    if row.urgency is Urgency.NO_RECORD:
        return _("no composition on record")
    if row.urgency is Urgency.IN_HAND:
        assert row.competition is not None
        return _("in hand: competition {number}").format(number=row.competition.number)
    days = row.days_left
    if days is None:
        return "—"
    if days < 0:
        text = ngettext("OVERDUE by {count} day", "OVERDUE by {count} days", -days).format(count=-days)
    elif days == 0:
        text = _("due today")
    else:
        text = calendar.days_left_text(days)
    if row.competition is not None:  # in hand no longer: the formation is late; or a draft
        text = _("{status}; competition {number}").format(status=text, number=row.competition.number)
    return text


def step_text(row: DueRow) -> str:
    """The step, and for a vacancy whose seat it is."""
    if row.vacancy is not None:
        return _("Fill the seat of {member} (vacant from {date})").format(
            member=row.vacancy.member, date=format_date(row.vacancy.vacant_from, style="numeric")
        )
    return _(STEP_LABELS[row.step])

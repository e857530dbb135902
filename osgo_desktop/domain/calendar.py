"""The legal calendar of a competition: deadlines computed from the profile, with days left and warnings.

Dates are calendar days in the Asia/Bishkek time zone. "Within N months" runs up to and including the same
calendar day N months later; when that month is shorter, the last day of that month (31 January → the last day
of February).
"""

from __future__ import annotations

import calendar as _cal
import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind, KindRules, Variant
from osgo_desktop.i18n import N_, _, ngettext


def add_months(day: dt.date, months: int) -> dt.date:
    """The same calendar day ``months`` later (or earlier), clamped to the last day of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def intake_deadline(publication: dt.date, rules: KindRules) -> dt.date:
    """The last day documents are accepted: "within 1 month from the day the announcement is published"."""
    return add_months(publication, rules.intake_months)


def latest_announcement(expiry: dt.date, rules: KindRules) -> dt.date | None:
    """The last day to announce: "at least 2 months before the current composition's powers expire"."""
    if rules.announce_months_before_expiry is None:
        return None
    # Clamping a 30 April expiry back to 28 February keeps the whole two months: the safe side.
    return add_months(expiry, -rules.announce_months_before_expiry)


def latest_formation(expiry: dt.date, rules: KindRules) -> dt.date | None:
    """The last day to form the new composition: "no later than 7 calendar days before they expire"."""
    if rules.form_days_before_expiry is None:
        return None
    return expiry - dt.timedelta(days=rules.form_days_before_expiry)


def replacement_deadline(vacancy: dt.date, rules: KindRules, variant: Variant) -> dt.date | None:
    """The last day to fill a vacancy of ``vacancy``'s date: 10 days for a civil-society member of the Commission,
    14 for its civil-society representative, a council's as its profile says (the law sets none).

    A one-month intake cannot fit in 10 or 14 days, so the deadline governs the step the Commission takes itself
    (docs/decisions.md, "Compositions: vacancies"): its decision from the reserve list, or — the reserve exhausted —
    the announcement of the replacement competition, which then runs its intake and vote as the law sets them."""
    days = (
        rules.representative_replacement_days
        if variant is Variant.REPRESENTATIVE_REPLACEMENT
        else rules.replacement_days
    )
    return None if days is None else vacancy + dt.timedelta(days=days)


class DeadlineStatus(StrEnum):
    PENDING = "pending"  # ahead
    DUE_SOON = "due_soon"  # ahead, within the warning period
    MISSED = "missed"  # passed and not done: a warning
    DONE = "done"  # done in time
    LATE = "late"  # done, but after the date: a warning
    PASSED = "passed"  # an informative date that has gone by (the intake deadline)


#: How many days ahead a pending deadline is flagged as coming soon.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Deadline:
    code: str
    #: an untranslated label (N_): translate where it is shown
    label: str
    date: dt.date
    status: DeadlineStatus
    days_left: int
    #: for a window, its last day (``date`` is its first)
    until: dt.date | None = None

    @property
    def is_warning(self) -> bool:
        return self.status in (DeadlineStatus.MISSED, DeadlineStatus.LATE)

    @property
    def is_open(self) -> bool:
        return self.status in (DeadlineStatus.PENDING, DeadlineStatus.DUE_SOON, DeadlineStatus.MISSED)


@dataclass(frozen=True)
class CalendarFacts:
    """What the calendar needs to know of a competition."""

    kind: Kind
    variant: Variant
    state: State
    expiry_date: dt.date | None
    vacancy_date: dt.date | None
    publication_date: dt.date | None
    #: the day the vote was held (a round closed), if it was
    voted_on: dt.date | None = None
    #: the day the competition was closed (the composition formed)
    closed_on: dt.date | None = None


_LABELS = {
    "announce_by": N_("Latest announcement date"),
    "intake_deadline": N_("Intake deadline"),
    "vote_window": N_("Rating vote window"),
    "form_by": N_("Latest formation date"),
    #: a replacement competition: announced by the vacancy's deadline (docs/decisions.md, "Compositions: vacancies")
    "replace_by": N_("Latest announcement of the replacement competition"),
    "expiry": N_("Current composition's powers expire"),
}


def days_left(due: dt.date, today: dt.date) -> int:
    """Days from ``today`` to ``due`` (its last day, for a window): 0 on the day itself, negative once it passed."""
    return (due - today).days


def _status(due: dt.date, today: dt.date, done_on: dt.date | None, informative: bool = False) -> DeadlineStatus:
    if done_on is not None:
        return DeadlineStatus.DONE if done_on <= due else DeadlineStatus.LATE
    if today > due:
        return DeadlineStatus.PASSED if informative else DeadlineStatus.MISSED
    return DeadlineStatus.DUE_SOON if days_left(due, today) <= DUE_SOON_DAYS else DeadlineStatus.PENDING


def legal_calendar(facts: CalendarFacts, rules: KindRules, today: dt.date) -> list[Deadline]:
    """Every date the law sets for this competition, in date order."""
    out: list[Deadline] = []

    def add(
        code: str,
        due: dt.date,
        done_on: dt.date | None,
        informative: bool = False,
        until: dt.date | None = None,
    ) -> None:
        status = _status(until or due, today, done_on, informative)
        if facts.state is State.CANCELLED and status in (
            DeadlineStatus.MISSED,
            DeadlineStatus.DUE_SOON,
            DeadlineStatus.PENDING,
        ):
            status = DeadlineStatus.PASSED  # nothing is owed on a cancelled competition
        out.append(Deadline(code, _LABELS[code], due, status, days_left(until or due, today), until))

    if facts.variant is Variant.REGULAR and facts.expiry_date is not None:
        announce_by = latest_announcement(facts.expiry_date, rules)
        if announce_by is not None:
            add("announce_by", announce_by, facts.publication_date)
    if facts.publication_date is not None:
        deadline = intake_deadline(facts.publication_date, rules)
        add("intake_deadline", deadline, None, informative=True)
        if facts.state not in (State.DRAFT, State.ANNOUNCED):  # the intake is over: nothing left to count down
            out[-1] = dataclasses.replace(out[-1], status=DeadlineStatus.PASSED)
        if rules.vote_window_days is not None and facts.variant is Variant.REGULAR:
            first, last = rules.vote_window_days
            add(
                "vote_window",
                deadline + dt.timedelta(days=first),
                facts.voted_on,
                until=deadline + dt.timedelta(days=last),
            )
    if facts.variant is not Variant.REGULAR and facts.vacancy_date is not None:
        replace_by = replacement_deadline(facts.vacancy_date, rules, facts.variant)
        if replace_by is not None:
            # met by the announcement: the intake that follows takes the month the law gives it
            add("replace_by", replace_by, facts.publication_date)
    if facts.variant is Variant.REGULAR and facts.expiry_date is not None:
        form_by = latest_formation(facts.expiry_date, rules)
        if form_by is not None:
            add("form_by", form_by, facts.closed_on)
        add("expiry", facts.expiry_date, None, informative=True)
    out.sort(key=lambda d: (d.date, d.code))
    return out


def days_left_text(days: int) -> str:
    """ "9 days left", in the current language."""
    return ngettext("{count} day left", "{count} days left", days).format(count=days)


def status_text(deadline: Deadline) -> str:
    """Where a deadline stands, in words (the app's tables, the competition page and the CLI say it alike)."""
    days = deadline.days_left
    if deadline.status is DeadlineStatus.DONE:
        return _("done")
    if deadline.status is DeadlineStatus.LATE:
        return _("done late")
    if deadline.status is DeadlineStatus.PASSED:
        return _("passed")
    if days < 0:
        return ngettext("overdue by {count} day", "overdue by {count} days", -days).format(count=-days)
    if days == 0:
        return _("today")
    return days_left_text(days)


def next_deadline(deadlines: list[Deadline]) -> Deadline | None:
    """The deadline to show in a list: the earliest one still owed (missed ones first), if any."""
    owed = [d for d in deadlines if d.is_open and d.code != "expiry"]
    return min(owed, key=lambda d: d.until or d.date) if owed else None

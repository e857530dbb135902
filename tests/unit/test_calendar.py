"""The legal calendar: the "within 1 month" rule, the 2-month and 7-day rules, replacements, statuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from osgo_desktop.domain.calendar import (
    CalendarFacts,
    Deadline,
    DeadlineStatus,
    add_months,
    days_left,
    intake_deadline,
    latest_announcement,
    latest_formation,
    legal_calendar,
    next_deadline,
    replacement_deadline,
)
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import LAW_2014, Kind, KindRules, Variant

COUNCIL = LAW_2014.council
COMMISSION = LAW_2014.commission
D = dt.date


@pytest.mark.parametrize(
    ("published", "deadline"),
    [
        (D(2026, 1, 31), D(2026, 2, 28)),  # the last day of a shorter month
        (D(2028, 1, 31), D(2028, 2, 29)),  # leap year
        (D(2028, 1, 29), D(2028, 2, 29)),
        (D(2026, 1, 29), D(2026, 2, 28)),
        (D(2026, 3, 31), D(2026, 4, 30)),
        (D(2026, 12, 15), D(2027, 1, 15)),  # over the new year
        (D(2026, 2, 28), D(2026, 3, 28)),  # the same day, not the month's end
        (D(2026, 11, 3), D(2026, 12, 3)),
    ],
)
def test_intake_runs_to_the_same_day_of_the_next_month(published: dt.date, deadline: dt.date) -> None:
    assert intake_deadline(published, COUNCIL) == deadline


@pytest.mark.parametrize(
    ("expiry", "announce_by"),
    [
        (D(2027, 3, 15), D(2027, 1, 15)),
        (
            D(2027, 4, 30),
            D(2027, 2, 28),
        ),  # 30 February does not exist: the earlier day keeps two whole months
        (D(2028, 4, 30), D(2028, 2, 29)),
        (D(2027, 1, 10), D(2026, 11, 10)),  # back over the new year
    ],
)
def test_announcement_is_due_two_months_before_expiry(expiry: dt.date, announce_by: dt.date) -> None:
    assert latest_announcement(expiry, COUNCIL) == announce_by


def test_formation_is_due_seven_days_before_expiry() -> None:
    assert latest_formation(D(2027, 3, 5), COUNCIL) == D(2027, 2, 26)
    assert latest_formation(D(2028, 3, 6), COUNCIL) == D(2028, 2, 28)  # leap year: 29 February counts


def test_commission_kind_has_no_expiry_rules() -> None:
    assert latest_announcement(D(2027, 3, 15), COMMISSION) is None
    assert latest_formation(D(2027, 3, 15), COMMISSION) is None


def test_replacement_deadlines_are_10_and_14_days() -> None:
    vacancy = D(2026, 12, 25)
    assert replacement_deadline(vacancy, COMMISSION, Variant.REPLACEMENT) == D(2027, 1, 4)
    assert replacement_deadline(vacancy, COMMISSION, Variant.REPRESENTATIVE_REPLACEMENT) == D(2027, 1, 8)
    assert replacement_deadline(vacancy, COUNCIL, Variant.REPLACEMENT) is None


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31)), st.integers(-36, 36))
def test_add_months_lands_in_the_right_month_never_after_the_day(day: dt.date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    # Clamped only when the target month is too short.
    if result.day < day.day:
        assert (result + dt.timedelta(days=1)).month != result.month


def council(state: State = State.DRAFT, **kw: object) -> CalendarFacts:
    base: dict[str, Any] = dict(
        kind=Kind.COUNCIL,
        variant=Variant.REGULAR,
        state=state,
        expiry_date=D(2027, 3, 15),
        vacancy_date=None,
        publication_date=None,
    )
    base.update(kw)
    return CalendarFacts(**base)


def by_code(facts: CalendarFacts, today: dt.date, rules: KindRules = COUNCIL) -> dict[str, Deadline]:
    return {d.code: d for d in legal_calendar(facts, rules, today)}


def test_draft_council_shows_announcement_formation_and_expiry() -> None:
    cal = by_code(council(), D(2026, 12, 1))
    assert set(cal) == {"announce_by", "form_by", "expiry"}
    announce = cal["announce_by"]
    assert announce.date == D(2027, 1, 15) and announce.days_left == 45
    assert announce.status is DeadlineStatus.PENDING


def test_missed_announcement_is_a_warning() -> None:
    cal = by_code(council(), D(2027, 1, 16))
    assert cal["announce_by"].status is DeadlineStatus.MISSED
    assert cal["announce_by"].days_left == -1
    assert cal["announce_by"].is_warning


def test_due_soon_within_a_week() -> None:
    assert by_code(council(), D(2027, 1, 8))["announce_by"].status is DeadlineStatus.DUE_SOON
    assert by_code(council(), D(2027, 1, 7))["announce_by"].status is DeadlineStatus.PENDING


def test_announced_on_time_is_done_and_late_is_flagged() -> None:
    on_time = by_code(council(State.ANNOUNCED, publication_date=D(2027, 1, 15)), D(2027, 1, 20))
    assert on_time["announce_by"].status is DeadlineStatus.DONE
    assert on_time["intake_deadline"].date == D(2027, 2, 15)
    late = by_code(council(State.ANNOUNCED, publication_date=D(2027, 1, 16)), D(2027, 1, 20))
    assert late["announce_by"].status is DeadlineStatus.LATE


def test_intake_deadline_passes_without_a_warning() -> None:
    cal = by_code(council(State.ANNOUNCED, publication_date=D(2027, 1, 10)), D(2027, 2, 11))
    assert cal["intake_deadline"].status is DeadlineStatus.PASSED
    assert not cal["intake_deadline"].is_warning


def test_cancelled_competition_owes_nothing() -> None:
    cal = by_code(council(State.CANCELLED), D(2027, 2, 1))
    assert not any(d.is_warning for d in cal.values())
    assert next_deadline(list(cal.values())) is None


def test_commission_vote_window_is_10_to_20_days_after_intake() -> None:
    facts = CalendarFacts(Kind.COMMISSION, Variant.REGULAR, State.ANNOUNCED, None, None, D(2026, 1, 31))
    cal = by_code(facts, D(2026, 2, 1), COMMISSION)
    window = cal["vote_window"]
    assert (window.date, window.until) == (D(2026, 3, 10), D(2026, 3, 20))


def test_replacement_calendar_and_next_deadline() -> None:
    facts = CalendarFacts(Kind.COMMISSION, Variant.REPLACEMENT, State.DRAFT, None, D(2026, 11, 11), None)
    deadlines = legal_calendar(facts, COMMISSION, D(2026, 11, 23))
    assert [d.code for d in deadlines] == ["replace_by"]
    soonest = next_deadline(deadlines)
    assert soonest is not None and soonest.status is DeadlineStatus.MISSED and soonest.days_left == -2


def test_next_deadline_prefers_the_earliest_owed() -> None:
    deadlines = legal_calendar(council(State.ANNOUNCED, publication_date=D(2027, 1, 10)), COUNCIL, D(2027, 1, 20))
    soonest = next_deadline(deadlines)
    assert soonest is not None and soonest.code == "intake_deadline"


def test_once_the_intake_is_closed_its_deadline_no_longer_counts_down() -> None:
    facts = council(State.INTAKE_CLOSED, publication_date=D(2027, 1, 10))
    cal = by_code(facts, D(2027, 1, 20))  # closed early, as a test can make it
    assert cal["intake_deadline"].status is DeadlineStatus.PASSED
    assert next_deadline(list(cal.values())) is not None and next_deadline(list(cal.values())).code == "form_by"  # type: ignore[union-attr]


def test_days_left_counts_to_the_day_itself_and_below_zero_after() -> None:
    due = dt.date(2026, 5, 31)
    assert days_left(due, dt.date(2026, 5, 24)) == 7
    assert days_left(due, due) == 0
    assert days_left(due, dt.date(2026, 6, 2)) == -2
    assert days_left(dt.date(2027, 1, 1), dt.date(2026, 12, 31)) == 1  # across a year's end

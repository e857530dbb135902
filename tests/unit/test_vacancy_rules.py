"""The pure rules of a vacancy: its deadline, who counts as the Commission's representative, what a departure may
be, the reserve walk, and the calendar of a replacement competition."""

from __future__ import annotations

import datetime as dt

from osgo_desktop.domain.calendar import CalendarFacts, DeadlineStatus, legal_calendar
from osgo_desktop.domain.composition import (
    LeftReason,
    ReserveCandidate,
    SeatKind,
    Sitting,
    Skip,
    Term,
    departure_problems,
    is_representative,
    next_from_reserve,
    vacancy_deadline,
)
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import LAW_2014, Kind, Variant
from osgo_desktop.domain.registry import Role

D = dt.date
TERM = Term(D(2026, 11, 23), D(2028, 11, 22))


def test_the_commission_fills_a_civil_seat_in_10_days_and_its_representative_in_14() -> None:
    left = D(2027, 3, 1)
    assert vacancy_deadline(left, SeatKind.CIVIL, LAW_2014.commission, False) == D(2027, 3, 11)
    assert vacancy_deadline(left, SeatKind.CIVIL, LAW_2014.commission, True) == D(2027, 3, 15)
    assert vacancy_deadline(left, SeatKind.PERMANENT, LAW_2014.commission, False) is None
    assert vacancy_deadline(left, SeatKind.COUNCIL, LAW_2014.council, False) is None  # the law sets none


def test_the_representative_is_the_civil_society_chair() -> None:
    assert is_representative(SeatKind.CIVIL, Role.CHAIR)
    assert not is_representative(SeatKind.CIVIL, Role.MEMBER)
    assert not is_representative(SeatKind.PERMANENT, Role.CHAIR)


def test_what_a_departure_may_be() -> None:
    today = D(2027, 3, 1)
    assert departure_problems(TERM, D(2027, 2, 1), LeftReason.RESIGNED, "", today) == {}
    assert set(departure_problems(TERM, D(2027, 3, 2), LeftReason.RESIGNED, "", today)) == {"left_on"}
    assert set(departure_problems(TERM, D(2026, 11, 22), LeftReason.DIED, "", today)) == {"left_on"}
    assert set(departure_problems(TERM, D(2027, 2, 1), LeftReason.TERM_ENDED, "", today)) == {"reason"}
    assert set(departure_problems(TERM, D(2027, 2, 1), LeftReason.OTHER, " ", today)) == {"note"}
    left = Term(TERM.starts_on, TERM.ends_on, D(2027, 1, 5))
    assert set(departure_problems(left, D(2027, 2, 1), LeftReason.RESIGNED, "", today)) == {"mandate"}


def candidate(cid: str, sex: str, organization: str = "", ineligible: str | None = None) -> ReserveCandidate:
    return ReserveCandidate(cid, cid, sex, organization, ineligible, "MOH" if ineligible else "")


def test_the_reserve_walk_passes_over_with_a_reason_each() -> None:
    sitting = [Sitting("F", "«Жаран»")] + [Sitting("F", "")] * 3 + [Sitting("M", "")] * 2
    choice = next_from_reserve(
        [
            candidate("a", "M", ineligible=Skip.OTHER_COUNCIL),
            candidate("b", "M", " «жаран» "),
            candidate("c", "F"),
            candidate("d", "M"),
        ],
        sitting,
        seats=7,
        sex_cap_percent=70,
        one_per_organization=True,
    )
    assert choice.chosen is not None and choice.chosen.id == "d"
    assert [(s.candidate.id, s.reason, s.detail) for s in choice.skipped] == [
        ("a", "other_council", "MOH"),
        ("b", "organization", "«Жаран»"),
        ("c", "sex_cap", "4/7"),
    ]
    exhausted = next_from_reserve(
        [candidate("c", "F")], sitting, seats=7, sex_cap_percent=70, one_per_organization=True
    )
    assert exhausted.exhausted and [s.reason for s in exhausted.skipped] == ["sex_cap"]


def test_a_replacement_competition_meets_its_deadline_by_its_announcement() -> None:
    vacancy = D(2027, 3, 1)
    draft = CalendarFacts(Kind.COMMISSION, Variant.REPLACEMENT, State.DRAFT, None, vacancy, None)
    (deadline,) = legal_calendar(draft, LAW_2014.commission, D(2027, 3, 5))
    assert (deadline.code, deadline.date, deadline.status) == ("replace_by", D(2027, 3, 11), DeadlineStatus.DUE_SOON)
    announced = CalendarFacts(Kind.COMMISSION, Variant.REPLACEMENT, State.ANNOUNCED, None, vacancy, D(2027, 3, 10))
    by_code = {d.code: d for d in legal_calendar(announced, LAW_2014.commission, D(2027, 3, 20))}
    assert by_code["replace_by"].status is DeadlineStatus.DONE  # the intake runs its month after it
    assert by_code["intake_deadline"].date == D(2027, 4, 10)
    late = CalendarFacts(
        Kind.COMMISSION, Variant.REPRESENTATIVE_REPLACEMENT, State.ANNOUNCED, None, vacancy, D(2027, 3, 16)
    )
    assert {d.code: d for d in legal_calendar(late, LAW_2014.commission, D(2027, 3, 20))}[
        "replace_by"
    ].status is DeadlineStatus.LATE

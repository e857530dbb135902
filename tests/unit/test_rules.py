"""Competition data rules, the registries' composition rules and the regulation profile as data."""

from __future__ import annotations

import dataclasses
import datetime as dt

from osgo_desktop.domain import competition, registry
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.profile import LAW_2014, Kind, LocalText, RegulationProfile, Variant
from osgo_desktop.domain.registry import CommissionMemberDraft, CountingMemberDraft, Role, Seat, Sex

TODAY = dt.date(2026, 11, 23)
DRAFT = CompetitionDraft(
    Kind.COUNCIL,
    Variant.REGULAR,
    body_id=1,
    seats=9,
    term_years=2,
    expiry_date=dt.date(2027, 6, 1),
    intake_address="Бишкек, Чүй пр., 205",
)


def test_a_complete_council_draft_is_valid() -> None:
    assert competition.validate(DRAFT, LAW_2014.council) == {}


def test_a_council_needs_its_state_body_and_7_to_15_seats() -> None:
    errors = competition.validate(dataclasses.replace(DRAFT, body_id=None, seats=6), LAW_2014.council)
    assert set(errors) == {"body_id", "seats"}
    assert errors["seats"] == "The number of seats must be from 7 to 15."
    assert competition.validate(dataclasses.replace(DRAFT, seats=16), LAW_2014.council).keys() == {"seats"}
    assert competition.validate(dataclasses.replace(DRAFT, seats=15), LAW_2014.council) == {}


def test_a_replacement_needs_its_vacancy_date_and_may_fill_one_seat() -> None:
    draft = dataclasses.replace(DRAFT, variant=Variant.REPLACEMENT, seats=1, expiry_date=None)
    assert competition.validate(draft, LAW_2014.council).keys() == {"vacancy_date"}
    assert competition.validate(dataclasses.replace(draft, vacancy_date=TODAY), LAW_2014.council) == {}


def test_only_commission_competitions_replace_the_representative() -> None:
    draft = dataclasses.replace(DRAFT, variant=Variant.REPRESENTATIVE_REPLACEMENT, vacancy_date=TODAY)
    assert "variant" in competition.validate(draft, LAW_2014.council)


def test_the_announcement_must_say_where_documents_are_accepted() -> None:
    errors = competition.validate(dataclasses.replace(DRAFT, intake_address="   "), LAW_2014.council)
    assert errors.keys() == {"intake_address"}


def test_missed_dates_are_warnings_not_errors() -> None:
    late = dataclasses.replace(DRAFT, expiry_date=dt.date(2027, 1, 10))  # announce by 10.11.2026
    assert competition.validate(late, LAW_2014.council) == {}
    assert competition.warnings(late, LAW_2014.council, TODAY) == [
        "The latest announcement date (November 10, 2026) has already passed."
    ]


def test_announcement_and_cancellation_inputs() -> None:
    assert competition.validate_announcement(TODAY, "«Кабар»", TODAY) == {}
    assert competition.validate_announcement(TODAY + dt.timedelta(days=1), "", TODAY).keys() == {
        "publication_date",
        "media_outlet",
    }
    assert competition.validate_cancellation("") == {"reason": "Give the reason for the cancellation."}


def member(role: Role = Role.MEMBER, seat: Seat = Seat.CIVIL, body: int | None = None) -> CommissionMemberDraft:
    return CommissionMemberDraft("Асанова", "Гүлнара", "", Sex.FEMALE, seat, role, body_index=body)


def full_commission() -> list[CommissionMemberDraft]:
    permanent = [member(seat=Seat.PERMANENT, body=i) for i in range(5)]
    civil = [member(Role.CHAIR), member(Role.SECRETARY), *[member() for _ in range(8)]]
    return permanent + civil


def test_a_full_commission_has_no_problems() -> None:
    assert registry.commission_problems(full_commission(), LAW_2014) == []


def test_commission_composition_problems_are_named() -> None:
    members = full_commission()
    members[1] = member(seat=Seat.PERMANENT, body=0)  # two from the Apparatus of the Jogorku Kenesh
    members.append(member(Role.CHAIR))
    problems = registry.commission_problems(members, LAW_2014)
    assert "Apparatus of the Jogorku Kenesh has 2 permanent members; it has one seat." in problems
    assert "The Commission must have exactly one chair; it has 2." in problems
    assert "There are 11 civil-society members; the law allows 10." in problems


def test_inactive_members_do_not_count() -> None:
    members = full_commission()
    members[-1] = dataclasses.replace(members[-1], active=False)
    assert registry.commission_problems(members, LAW_2014) == ["14 of 15 seats are filled."]


def test_member_validation() -> None:
    permanent_without_body = member(seat=Seat.PERMANENT)
    assert registry.validate_member(permanent_without_body, LAW_2014).keys() == {"body_index"}
    blank = dataclasses.replace(member(), surname=" ", term_start=TODAY, term_end=TODAY)
    assert registry.validate_member(blank, LAW_2014).keys() == {"surname", "term_end"}


def test_counting_commission_needs_one_per_body() -> None:
    members = [CountingMemberDraft("A", "B", "", i) for i in (0, 1, 1)]
    problems = registry.counting_problems(members, LAW_2014)
    assert problems == [
        "Apparatus of the Government has 2 representatives; it has one.",
        "Apparatus of the Ombudsman has no representative.",
        "Central Commission for Elections and Referenda (CEC) has no representative.",
    ]


def test_the_profile_is_data_that_round_trips() -> None:
    assert RegulationProfile.from_json(LAW_2014.to_json()) == LAW_2014
    changed = dataclasses.replace(
        LAW_2014,
        title=LocalText("Жаңы мыйзам", "Новый закон", "New law"),
        council=dataclasses.replace(LAW_2014.council, seats_max=21, sex_cap_percent=60),
    )
    restored = RegulationProfile.from_json(changed.to_json())
    assert restored.council.seats_max == 21 and restored.council.sex_cap_percent == 60
    assert restored.title.get("ky") == "Жаңы мыйзам"


def test_statutory_numbers_of_the_2014_law() -> None:
    assert (LAW_2014.commission_size, LAW_2014.commission_civil_seats) == (15, 10)
    assert len(LAW_2014.commission_permanent_bodies) == 5 and len(LAW_2014.counting_bodies) == 4
    assert LAW_2014.quorum(15) == 10 and LAW_2014.quorum(14) == 10 and LAW_2014.quorum(16) == 11
    assert (LAW_2014.council.seats_min, LAW_2014.council.seats_max, LAW_2014.council.term_years) == (7, 15, 2)
    assert LAW_2014.commission.min_age == 25 and LAW_2014.commission.term_years == 5
    letters = next(d for d in LAW_2014.council.documents if d.code == "recommendation_letter")
    assert letters.min_count == 2


def test_a_broken_profile_file_says_what_is_wrong() -> None:
    import json

    import pytest

    from osgo_desktop.domain.profile import ProfileError

    good = json.loads(LAW_2014.to_json())
    for mutate, message in (
        (lambda o: o.pop("title"), "missing key 'title'"),
        (lambda o: o["council"].update(seats_max="fifteen"), "seats_max: expected a whole number"),
        (lambda o: o["council"].update(self_nomination=1), "self_nomination: expected true or false"),
        (lambda o: o["council"].update(sex_cap_percent=None), None),  # no cap: allowed
    ):
        broken = json.loads(json.dumps(good))
        mutate(broken)
        if message is None:
            assert RegulationProfile.from_json(json.dumps(broken)).council.sex_cap_percent is None
        else:
            with pytest.raises(ProfileError, match=message):
                RegulationProfile.from_json(json.dumps(broken))
    with pytest.raises(ProfileError):
        RegulationProfile.from_json("[1, 2]")

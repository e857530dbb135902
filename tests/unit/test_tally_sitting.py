"""A replacement competition fills a seat among members who stay: they count for the cap on one sex and for one per
organisation, and are no candidates (the tally input's ``sitting``)."""

from __future__ import annotations

import pytest

from osgo_desktop.domain.tally import Ballot, Candidate, TallyInput, TallyInputError, load_tally_json, tally

SIX_STAYING = tuple(
    Candidate(f"seat-{i}", f"Мүчө {i}", "F" if i <= 4 else "M", organization=f"Уюм {i}") for i in range(1, 7)
)


def one_seat(*, sitting: tuple[Candidate, ...] = SIX_STAYING, size: int | None = 7) -> TallyInput:
    return TallyInput(
        seats=1,
        candidates=(
            Candidate("a", "Айгүл", "F", organization="Жаңы уюм"),
            Candidate("b", "Бакыт", "M", organization="Уюм 5"),
            Candidate("c", "Чыңгыз", "M", organization="Башка уюм"),
        ),
        ballots=tuple(Ballot(str(n), marks) for n, marks in enumerate((("a",),) * 5 + (("b",),) * 4 + (("c",),) * 3)),
        sex_cap_percent=70,
        composition_size=size,
        one_per_organization=True,
        sitting=sitting,
    )


def test_the_members_who_stay_count_for_the_cap_and_the_organisations() -> None:
    result = tally(one_seat())
    # four women stay on seven seats: a fifth would break the cap (70 % of 7 is 4); Бакыт's organisation sits already
    assert result.elected == ("c",)
    assert {(s.id, s.reason) for s in result.skipped} == {("a", "sex_cap"), ("b", "organization")}
    # without them, the one seat is the most voted candidate's
    assert tally(one_seat(sitting=(), size=7)).elected == ("a",)


def test_the_composition_size_defaults_to_the_seats_and_the_members_who_stay() -> None:
    assert tally(one_seat(size=None)).elected == ("c",)  # 1 + 6 = 7 seats, the same cap


def test_a_member_who_stays_is_no_candidate_and_is_listed_once() -> None:
    with pytest.raises(TallyInputError, match="also a candidate"):
        one_seat(sitting=(Candidate("a", "Айгүл", "F"),))
    with pytest.raises(TallyInputError, match="listed twice"):
        one_seat(sitting=(SIX_STAYING[0], SIX_STAYING[0]))
    text = (
        '{"seats": 1, "candidates": [{"id": "a", "name": "A", "sex": "F", "organization": null}], "ballots": [],'
        ' "sitting": [{"id": "s", "name": "S", "sex": "X", "organization": null}]}'
    )
    with pytest.raises(TallyInputError, match=r"sitting\[0\]\.sex"):
        load_tally_json(text)

"""The read views of the Compositions page and ``osgo compositions``: every body on a date, one body in detail."""

from __future__ import annotations

import datetime as dt

import pytest

from osgo_desktop import i18n
from osgo_desktop.domain.composition import Came, LeftReason, SeatKind
from osgo_desktop.errors import KnownError
from osgo_desktop.services import composition_views as views
from osgo_desktop.services import registries
from osgo_desktop.storage.uow import Database
from tests.composition_support import Made, make_compositions

D = dt.date
TODAY = D(2026, 11, 23)


@pytest.fixture
def made(db: Database) -> Made:
    return make_compositions(db)


def _by_code(rows: list[views.BodyComposition]) -> dict[str, views.BodyComposition]:
    return {row.code: row for row in rows}


def test_the_list_shows_every_body_with_its_composition_on_the_date(db: Database, made: Made) -> None:
    rows = db.run(views.list_compositions, TODAY).value
    assert rows[0].is_commission and rows[0].code == "commission"
    # the bodies after the Commission, in Kyrgyz alphabetical order of their names
    assert [r.code for r in rows[1:]] == ["EDU", "MOH", "JUST"]
    moh = _by_code(rows)["MOH"]
    assert (moh.seats, moh.filled, moh.vacant, moh.term_end) == (5, 4, 1, D(2027, 2, 28))
    just = _by_code(rows)["JUST"]
    assert (just.seats, just.filled, just.vacant, just.term_end, just.composition_id) == (0, 0, 0, None, None)


def test_the_commission_counts_civil_and_permanent_seats_and_the_roster(db: Database, made: Made) -> None:
    commission = db.run(views.list_compositions, TODAY).value[0]
    # 2 civil seats (1 held) + 5 permanent (one mandate, one roster member)
    assert (commission.seats, commission.filled, commission.vacant) == (7, 3, 4)
    detail = db.run(views.composition_detail, None, TODAY).value
    assert detail.body.filled == commission.filled and detail.body.vacant == commission.vacant
    names = {m.full_name: m for m in detail.members}
    assert set(names) == {"Эсенова Динара", "Нуралиев Нурлан", "Сыдыков Темир"}
    # the roster row linked to a mandate is shown once, as the mandate
    assert names["Эсенова Динара"].mandate_id is not None
    assert names["Сыдыков Темир"].mandate_id is None and names["Сыдыков Темир"].came is None
    assert views.came_text(names["Сыдыков Темир"]) == "On the Commission's roster (no mandate on record)"
    assert views.came_text(names["Нуралиев Нурлан"]) == "Appointed by Apparatus of the Jogorku Kenesh"
    assert names["Нуралиев Нурлан"].ends_on is None  # appointed until recalled
    seats = [(v.seat, v.represents.en if v.represents else "") for v in detail.vacancies]
    assert seats[0] == (SeatKind.CIVIL, "")
    assert [s for s, _ in seats[1:]] == [SeatKind.PERMANENT] * 3
    assert "Apparatus of the President" not in {b for _, b in seats}  # Сыдыков holds it, from the roster


def test_the_detail_shows_the_sitting_members_in_kyrgyz_order_with_the_pin_masked(db: Database, made: Made) -> None:
    detail = db.run(views.composition_detail, made.moh, TODAY).value
    assert [m.full_name for m in detail.members] == [
        "Абдыкадырова Азамат",
        "Осмонов Канат",
        "Үсөнова Нургүл",
        "Ысаков Азамат",
    ]
    osmonov = detail.members[1]
    assert osmonov.pin == "2•••••••••••45"
    assert "21203198500045" not in repr(detail)
    assert views.came_text(osmonov) == "Elected in competition 2025/01"
    reserve = detail.members[2]
    assert reserve.came is Came.RESERVE and reserve.replaces == "Өмүрбеков Улан"
    assert views.came_text(reserve) == "From the reserve list of competition 2025/01"


def test_a_departure_shows_a_vacancy_until_the_seat_is_filled(db: Database, made: Made) -> None:
    now = db.run(views.composition_detail, made.moh, TODAY).value
    assert [(v.vacated_id, v.left_name, v.left_reason, v.since) for v in now.vacancies] == [
        (made.petrov, "Петров Иван", LeftReason.RESIGNED, D(2026, 9, 10))
    ]
    assert views.left_text(now.vacancies[0]) == "Resigned"
    # between the death and the reserve's seat: that seat is vacant, Петров still sits
    then = db.run(views.composition_detail, made.moh, D(2026, 1, 20)).value
    assert [v.vacated_id for v in then.vacancies] == [made.omurbekov]
    assert "Петров Иван" in {m.full_name for m in then.members}
    # the day before the death, nobody is missing
    assert db.run(views.composition_detail, made.moh, D(2026, 1, 14)).value.vacancies == ()


def test_a_date_in_the_past_shows_the_old_composition(db: Database, made: Made) -> None:
    detail = db.run(views.composition_detail, made.moh, D(2024, 6, 1)).value
    assert [m.full_name for m in detail.members] == ["Асанов Айбек", "Бакирова Айбек"]
    assert (detail.body.seats, detail.body.filled, detail.body.vacant) == (3, 2, 1)
    assert [(v.vacated_id, v.since) for v in detail.vacancies] == [(None, D(2023, 3, 1))]  # a seat never filled
    row = _by_code(db.run(views.list_compositions, D(2024, 6, 1)).value)["MOH"]
    assert (row.seats, row.filled, row.term_end) == (3, 2, D(2025, 2, 28))
    # before any composition
    assert db.run(views.composition_detail, made.moh, D(2020, 1, 1)).value.members == ()


def test_the_history_holds_every_composition_newest_first(db: Database, made: Made) -> None:
    history = db.run(views.composition_detail, made.moh, TODAY).value.history
    assert [(t.term_start, t.competition, t.seats) for t in history] == [
        (D(2025, 3, 1), "2025/01", 5),
        (D(2023, 3, 1), "", 3),
    ]
    left = {m.full_name: views.left_text(m) for m in history[0].mandates}
    assert left["Өмүрбеков Улан"] == "Died" and left["Осмонов Канат"] == ""


def test_texts_follow_the_language(db: Database, made: Made) -> None:
    detail = db.run(views.composition_detail, made.moh, TODAY).value
    i18n.set_language("ky")
    assert views.came_text(detail.members[1]) != "Elected in competition 2025/01"
    assert "2025/01" in views.came_text(detail.members[1])


def test_find_body_and_an_unknown_body(db: Database, made: Made) -> None:
    assert db.run(registries.body_by_code, " moh ").value.body_id == made.moh
    with pytest.raises(KnownError):
        db.run(registries.body_by_code, "NOPE")
    with pytest.raises(KnownError):
        db.run(views.composition_detail, 999_999, TODAY)


def test_mask_pin() -> None:
    assert views.mask_pin("21203198500045") == "2•••••••••••45"
    assert views.mask_pin("") == ""
    assert views.mask_pin("123") == "•••"

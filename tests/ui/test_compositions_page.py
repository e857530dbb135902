"""The Compositions page: the bodies in Kyrgyz alphabetical order, the members on a date, vacancies, history."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osgo_desktop.changes import Area, Changes
from osgo_desktop.domain.composition import LeftReason
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from tests.composition_support import Made, make_compositions
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.models.compositions import BodiesModel
from ui.models.table import ROW_ROLE
from ui.pages.compositions import CompositionsPage


@pytest.fixture
def made(db: Database) -> Made:
    return make_compositions(db)


@pytest.fixture
def page(qtbot: QtBot, made: Made, window: MainWindow) -> CompositionsPage:
    return window.ws.open_compositions(made.moh)


def _names(page: CompositionsPage) -> list[str]:
    model = page.bodies_table.model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_reached_from_the_view_menu(qtbot: QtBot, made: Made, window: MainWindow) -> None:
    window.compositions_action.trigger()
    page = window.ws.compositions_page
    assert window.ws.currentWidget() is page
    assert page.detail is not None and page.detail.body.is_commission  # the Commission at first
    page.back_button.click()
    assert window.ws.currentWidget() is window.ws.competitions_page


def test_the_models_pass_the_model_tester(qtmodeltester: ModelTester, page: CompositionsPage) -> None:
    for model in (page.bodies, page.proxy, page.members, page.vacancy_rows, page.history):
        qtmodeltester.check(model)


def test_the_members_of_the_selected_body_on_today(page: CompositionsPage) -> None:
    assert page.on == dt.date(2026, 11, 23)  # the context's clock
    assert [m.full_name for m in page.members.rows()] == [
        "Абдыкадырова Азамат",
        "Осмонов Канат",
        "Үсөнова Нургүл",
        "Ысаков Азамат",
    ]
    assert page.members.index(1, 1).data() == "2•••••••••••45"
    assert "Seats: 5, filled: 4, vacant: 1." in page.summary.text()
    assert page.tabs.tabText(1) == "Vacancies (1)"
    assert page.vacancy_rows.index(0, 2).data() == "Петров Иван"
    assert page.tabs.tabText(2) == "History (2)"
    assert page.history.rowCount() == 8


def test_another_date_shows_the_old_composition(qtbot: QtBot, page: CompositionsPage) -> None:
    page.on_date.setDate(QDate(2024, 6, 1))
    assert [m.full_name for m in page.members.rows()] == ["Асанов Айбек", "Бакирова Айбек"]
    moh = next(r for r in page.bodies.rows() if r.code == "MOH")
    assert (moh.seats, moh.filled) == (3, 2)
    page.today_button.click()
    assert page.on == dt.date(2026, 11, 23) and len(page.members.rows()) == 4


def test_selecting_a_body_shows_it(qtbot: QtBot, made: Made, page: CompositionsPage) -> None:
    row = page.proxy.mapFromSource(page.bodies.index(page.bodies.row_of(made.edu) or 0, 0)).row()
    page.bodies_table.selectRow(row)
    assert page.detail is not None and page.detail.body.body_id == made.edu
    assert [m.full_name for m in page.members.rows()] == ["Жумабаев Бекзат", "Кадырова Бекзат"]


def test_the_bodies_are_in_kyrgyz_alphabetical_order_not_code_point_order(
    qtbot: QtBot, db: Database, made: Made, page: CompositionsPage, ctx: AppContext
) -> None:
    # Ө and Ү sort after every Russian letter by code point, but among the letters in the Kyrgyz alphabet
    with db.uow() as uow:
        for name in ("Өкмөттүн аппараты", "Үй-бүлө министрлиги", "Пенсия фонду", "Ыйык жерлер агенттиги"):
            uow.session.add(models.StateBody(name_ky=name, name_ru=name))
        uow.commit()
    ctx.announce(Changes(frozenset({Area.REGISTRIES}), None))
    ctx.set_language("ky")
    names = _names(page)
    assert names[0].startswith("Коомдук кеңештердин")  # the Commission first
    expected = [
        "Билим берүү министрлиги",
        "Өкмөттүн аппараты",
        "Пенсия фонду",
        "Саламаттык сактоо министрлиги",
        "Үй-бүлө министрлиги",
        "Ыйык жерлер агенттиги",
        "Юстиция министрлиги",
    ]
    assert names[1:] == expected
    assert names[1:] != sorted(names[1:])  # code point order would differ
    # sorting by another column and back to the name keeps the collation
    page.bodies_table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    page.bodies_table.sortByColumn(BodiesModel.NAME, Qt.SortOrder.AscendingOrder)
    assert _names(page)[1:] == expected


def test_a_change_to_the_compositions_reloads_the_page(
    qtbot: QtBot, db: Database, made: Made, page: CompositionsPage, ctx: AppContext
) -> None:
    with db.uow() as uow:
        mandate = uow.session.get(models.Mandate, made.osmonov)
        assert mandate is not None
        mandate.left_on = dt.date(2026, 11, 20)
        mandate.left_reason = LeftReason.RESIGNED
        uow.commit()
    ctx.announce(Changes(frozenset({Area.COMPOSITIONS}), None))
    assert "Осмонов Канат" not in {m.full_name for m in page.members.rows()}
    assert page.tabs.tabText(1) == "Vacancies (2)"


def test_the_actions_need_a_member_or_a_vacancy_chosen(page: CompositionsPage) -> None:
    assert not page.depart_button.isEnabled() and not page.fill_button.isEnabled()
    page.members_table.selectRow(0)
    page.tabs.setCurrentIndex(1)
    page.vacancies_table.selectRow(0)
    assert page.depart_button.isEnabled() and page.fill_button.isEnabled()


def test_the_departure_dialog_returns_what_record_departure_takes(qtbot: QtBot, page: CompositionsPage) -> None:
    from ui.dialogs.compositions import Departure, DepartureDialog

    member = page.members.rows()[1]
    dialog = DepartureDialog(member, dt.date(2026, 11, 23), page)
    qtbot.addWidget(dialog)
    dialog.reason.setCurrentIndex(dialog.reason.findData(LeftReason.DIED))
    dialog.note.setText("note")
    assert dialog.value() == Departure(made_id(member), dt.date(2026, 11, 23), LeftReason.DIED, "note")
    assert LeftReason.TERM_ENDED not in [dialog.reason.itemData(i) for i in range(dialog.reason.count())]


def made_id(member: object) -> int:
    mandate_id = getattr(member, "mandate_id", None)
    assert isinstance(mandate_id, int)
    return mandate_id


def test_the_fill_dialog_shows_who_is_next_and_who_is_passed_over(qtbot: QtBot, page: CompositionsPage) -> None:
    from dataclasses import dataclass

    from ui.dialogs.compositions import Fill, FillDialog

    @dataclass(frozen=True)
    class Candidate:
        id: str
        name: str
        organization: str
        reason_text: str = ""

    @dataclass(frozen=True)
    class Preview:
        mandate_id: int
        competition_number: str
        chosen: Candidate | None
        skipped: tuple[Candidate, ...]
        deadline: dt.date | None
        ends_on: dt.date
        exhausted_text: str = ""

    vacancy = page.vacancy_rows.rows()[0]
    assert vacancy.vacated_id is not None
    preview = Preview(
        vacancy.vacated_id,
        "2025/01",
        Candidate("2025/01-007", "Сыдыкова Айгүл", "«Жаран» КБ"),
        (Candidate("2025/01-004", "Токтосунов Улан", "«Жаран» КБ", "One member per organisation"),),
        dt.date(2026, 9, 20),
        dt.date(2027, 2, 28),
    )
    dialog = FillDialog(vacancy, preview, dt.date(2026, 11, 23), page)
    qtbot.addWidget(dialog)
    assert "Сыдыкова Айгүл" in dialog.next_label.text() and "Петров Иван" in dialog.next_label.text()
    assert dialog.skipped_model.index(0, 3).data() == "One member per organisation"
    assert dialog.value() == Fill(vacancy.vacated_id, dt.date(2026, 11, 23))
    assert dialog.revalidate()
    exhausted = FillDialog(
        vacancy,
        Preview(vacancy.vacated_id, "2025/01", None, (), None, dt.date(2027, 2, 28)),
        dt.date(2026, 11, 23),
        page,
    )
    qtbot.addWidget(exhausted)
    assert not exhausted.revalidate()
    assert "exhausted" in exhausted.next_label.text()


def test_row_role_serves_the_row(page: CompositionsPage) -> None:
    index = page.proxy.index(0, 0)
    assert index.data(ROW_ROLE).is_commission

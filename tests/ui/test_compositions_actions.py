"""The Compositions page's actions against the real vacancies' use cases: a member of the council 2026/04 formed
leaves (the departure form), the seat is a vacancy, the reserve fills it (the fill form, its decision issued in the
background in Kyrgyz and Russian); what the page shows after each step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import select

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.composition import LeftReason
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from tests.conftest import opened_copy
from tests.record_support import election
from ui.context import AppContext
from ui.dialogs.compositions import DepartureDialog, FillDialog
from ui.main_window import MainWindow
from ui.pages.compositions import CompositionsPage
from ui.widgets.forms import FormDialog

__all__ = ["election"]  # the fixture, imported for pytest

#: three months into the term the 2026/04 decision started on 23 November 2026
LATER = dt.date(2027, 2, 26)


@pytest.fixture
def db(tmp_path: Path, election: tuple[Path, bytes]) -> Iterator[Database]:
    """2026/04 voted, decided and closed: its seven elected sit on the council of the Ministry of Education."""
    yield from opened_copy(election[0], tmp_path / "vacancy.sqlite", FixedClock.on(LATER))


@pytest.fixture
def messages(ctx: AppContext) -> list[str]:
    said: list[str] = []
    ctx.message_handler = lambda text, _parent: said.append(text)

    def bug(exc: BaseException) -> None:
        raise AssertionError(f"a bug was reported: {exc!r}")

    ctx.bug_handler = bug
    return said


@pytest.fixture
def page(qtbot: QtBot, db: Database, window: MainWindow, messages: list[str]) -> CompositionsPage:
    with db.uow() as uow:
        body_id = uow.session.scalars(
            select(models.Competition.body_id).where(models.Competition.number == "2026/04")
        ).one()
    return window.ws.open_compositions(body_id)


def closed(dialog: FormDialog) -> bool:
    """Whether the form is closed (a closed form is deleted)."""
    return not isValid(dialog) or not dialog.isVisible()


def error(dialog: FormDialog, name: str) -> str:
    """The error line under the field ``name``."""
    return dialog._fields[name][2].text()


def select_member(page: CompositionsPage, name: str) -> None:
    page.tabs.setCurrentIndex(0)
    model = page.members_table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    page.members_table.selectRow(row)


def depart(qtbot: QtBot, page: CompositionsPage, name: str, on: dt.date, reason: LeftReason, note: str) -> None:
    select_member(page, name)
    assert page.depart_button.isEnabled()
    dialog = page.record_departure()
    assert isinstance(dialog, DepartureDialog)
    dialog.left_on.setDate(on)
    dialog.reason.setCurrentIndex(dialog.reason.findData(reason))
    dialog.note.setText(note)
    dialog.submit()
    assert not dialog.isVisible()


def test_a_departure_then_a_fill_from_the_reserve_through_the_page(
    qtbot: QtBot, db: Database, page: CompositionsPage, messages: list[str]
) -> None:
    assert len(page.members.rows()) == 7 and page.vacancy_rows.rowCount() == 0

    depart(qtbot, page, "Мураталиев Бакыт Жапарович", dt.date(2027, 2, 20), LeftReason.OTHER, "moved abroad")
    assert page.message.text() == "The departure is recorded."
    # the page reloaded: six sit, the seat is vacant, the history keeps the member with why they left
    assert "Мураталиев Бакыт Жапарович" not in {m.full_name for m in page.members.rows()}
    assert page.tabs.tabText(0) == "Members (6)" and page.tabs.tabText(1) == "Vacancies (1)"
    assert "Seats: 7, filled: 6, vacant: 1." in page.summary.text()
    (vacancy,) = page.vacancy_rows.rows()
    assert vacancy.left_name == "Мураталиев Бакыт Жапарович" and vacancy.since == dt.date(2027, 2, 20)
    assert page.vacancy_rows.index(0, 3).data() == "Other (moved abroad)"
    left = next(r for r in page.history.rows() if r.mandate.full_name == "Мураталиев Бакыт Жапарович")
    row = page.history.rows().index(left)
    assert page.history.index(row, 4).data() == "2027-02-20: Other (moved abroad)"

    # the reserve fills it: the dialog says who is next before anything is decided
    page.tabs.setCurrentIndex(1)
    page.vacancies_table.selectRow(0)
    assert page.fill_button.isEnabled()
    dialog = page.fill_vacancy()
    assert isinstance(dialog, FillDialog)
    assert "Өмөрова Нургүл Бакытбековна" in dialog.next_label.text()
    assert "Мураталиев Бакыт Жапарович" in dialog.next_label.text()
    dialog.decided_on.setDate(dt.date(2027, 2, 24))
    dialog.submit()
    # the decision is issued in the background: the form waits, greyed out, then closes
    assert not dialog.isEnabled()
    qtbot.waitUntil(lambda: closed(dialog), timeout=30000)
    assert messages == []
    assert page.message.text() == "Өмөрова Нургүл Бакытбековна takes the seat; decision No. 2026/04-R1 is issued."
    assert page.tabs.tabText(0) == "Members (7)" and page.tabs.tabText(1) == "Vacancies (0)"
    seated = next(m for m in page.members.rows() if m.full_name == "Өмөрова Нургүл Бакытбековна")
    assert seated.starts_on == dt.date(2027, 2, 24) and seated.ends_on == dt.date(2028, 11, 22)
    row = page.members.rows().index(seated)
    assert page.members.index(row, 6).data() == "From the reserve list of competition 2026/04"
    assert page.members.index(row, 6).data(3) == "In place of Мураталиев Бакыт Жапарович"  # the tooltip
    with db.uow() as uow:
        issued = uow.session.scalars(
            select(models.Protocol.lang).where(models.Protocol.kind == ProtocolKind.VACANCY_FILL)
        ).all()
    assert sorted(issued) == ["ky", "ru"]


def test_a_fill_refused_by_the_service_keeps_the_form_open_with_the_message_at_its_field(
    qtbot: QtBot, page: CompositionsPage, messages: list[str]
) -> None:
    depart(qtbot, page, "Мураталиев Бакыт Жапарович", dt.date(2027, 2, 20), LeftReason.RESIGNED, "")
    page.tabs.setCurrentIndex(1)
    page.vacancies_table.selectRow(0)
    dialog = page.fill_vacancy()
    assert isinstance(dialog, FillDialog)
    dialog.decided_on.setDate(dt.date(2027, 2, 19))  # before the seat fell vacant
    dialog.submit()
    qtbot.waitUntil(lambda: bool(error(dialog, "decided_on")), timeout=30000)
    assert "cannot come before it" in error(dialog, "decided_on")
    assert dialog.isVisible() and messages == []
    # corrected, it goes through
    dialog.decided_on.setDate(dt.date(2027, 2, 24))
    dialog.submit()
    qtbot.waitUntil(lambda: closed(dialog), timeout=30000)
    assert page.vacancy_rows.rowCount() == 0


def test_a_departure_refused_by_the_service_shows_at_its_field(
    qtbot: QtBot, page: CompositionsPage, messages: list[str]
) -> None:
    select_member(page, "Мураталиев Бакыт Жапарович")
    dialog = page.record_departure()
    assert isinstance(dialog, DepartureDialog)
    dialog.left_on.setDate(dt.date(2027, 3, 5))  # still to come
    dialog.submit()
    assert dialog.isVisible() and "still to come" in error(dialog, "left_on")
    assert page.vacancy_rows.rowCount() == 0


def test_a_seat_filled_meanwhile_is_said_and_the_form_stays(
    qtbot: QtBot, db: Database, page: CompositionsPage, messages: list[str]
) -> None:
    from osgo_desktop.services import vacancies

    depart(qtbot, page, "Мураталиев Бакыт Жапарович", dt.date(2027, 2, 20), LeftReason.RESIGNED, "")
    page.tabs.setCurrentIndex(1)
    page.vacancies_table.selectRow(0)
    dialog = page.fill_vacancy()
    assert isinstance(dialog, FillDialog)
    db.run(vacancies.fill_from_reserve, db.document_store(), dialog.preview.mandate_id, LATER)  # another workstation
    dialog.submit()
    qtbot.waitUntil(lambda: bool(messages), timeout=30000)
    assert messages == ["The vacancy is already filled."]
    assert dialog.isVisible() and dialog.isEnabled()

"""Keyboard-first where the secretary types a lot: each form opens with the cursor where typing starts, Tab walks
its fields in the order the eye reads them (top to bottom, left to right), and Enter goes on."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.lifecycle import State
from osgo_desktop.services import competitions, demo, voting
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock
from tests.voting_support import SECRETARIAT_PIN, open_session, screened_competition
from ui.context import AppContext
from ui.dialogs.application import ApplicationDialog
from ui.dialogs.voting import SessionDialog
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.windows.entry import EntryWindow

SECRETARY_PASSWORD = demo.DEMO_ACCOUNTS[1][1]


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def _rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def tab_walk(qtbot: QtBot, window: QWidget, start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start``, pressing Tab as a user does, until it comes round again (a date field
    once, though Tab walks its day, month and year before leaving it)."""
    window.activateWindow()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: focused() is start)
    walk = [start]
    for _press in range(400):
        current = focused()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        after = focused()
        assert after is not None
        if after is current:  # a date's Tab steps through its day, month, year (and time) first
            continue
        if after is start:
            return walk
        assert after not in walk, f"Tab comes round to {after!r} without coming back to the start"
        walk.append(after)
    raise AssertionError("Tab never comes back to where it started")


def out_of_order(walk: list[QWidget], window: QWidget) -> list[tuple[str, str]]:
    """The steps of ``walk`` that go back up, or left within a row: a field is after another when it starts below
    the other's top half, or, side by side with it, to its right."""
    wrong = []
    for before, after in pairwise(walk):
        a, b = _rect(before, window), _rect(after, window)
        below = b.top() >= a.center().y()
        beside = b.top() < a.bottom() and a.top() < b.bottom() and b.left() >= a.center().x()
        if not (below or beside):
            wrong.append((f"{_name(before)} {a.getRect()}", f"{_name(after)} {b.getRect()}"))
    return wrong


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName() or widget.accessibleName() or ''})"


def first_in_walk(walk: list[QWidget], window: QWidget) -> QWidget:
    """The field the eye reads first: the top one, the leftmost of the top row."""
    return min(walk, key=lambda w: (_rect(w, window).top() // 8, _rect(w, window).left()))


# --- the entry station ----------------------------------------------------------------------------------------


@pytest.fixture
def vote_ctx(full_demo_db: Database, settings: Settings, home: Path) -> AppContext:
    return AppContext(full_demo_db, settings, full_demo_db.clock)


@pytest.fixture
def entry_window(qtbot: QtBot, vote_ctx: AppContext) -> EntryWindow:
    round_id = open_session(vote_ctx.db)
    with vote_ctx.db.uow() as uow:
        view = voting.get_round(uow, round_id)
    window = EntryWindow(vote_ctx, view)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


def test_the_entry_station_opens_on_the_secret_and_enter_signs_in(qtbot: QtBot, entry_window: EntryWindow) -> None:
    qtbot.waitUntil(lambda: focused() is entry_window.secret)  # the person is preselected: their secret is next
    qtbot.keyClicks(focused(), SECRETARIAT_PIN)  # typed at once: it lands in the password / station PIN field
    assert entry_window.secret.text() == SECRETARIAT_PIN
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert entry_window.entry is not None and focused() is entry_window.entry.serial_edit


def test_the_entry_station_takes_the_accounts_password_and_locking_asks_again(
    qtbot: QtBot, entry_window: EntryWindow
) -> None:
    qtbot.waitUntil(lambda: focused() is entry_window.secret)
    qtbot.keyClicks(focused(), SECRETARY_PASSWORD)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert entry_window.entry is not None and entry_window.entrant is not None
    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # locked: the secret is asked again
    assert entry_window.entry is None and entry_window.entrant is None
    assert focused() is entry_window.secret and entry_window.secret.text() == ""
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # nothing typed: it stays locked, and says what it needs
    assert entry_window.entry is None
    assert entry_window.unlock_message.text() == "! Enter the password or the station PIN."


def test_the_entry_stations_tab_goes_who_secret_start(qtbot: QtBot, entry_window: EntryWindow) -> None:
    walk = tab_walk(qtbot, entry_window, entry_window.who)
    assert walk[:3] == [entry_window.who, entry_window.secret, entry_window.unlock_button]
    assert out_of_order(walk, entry_window) == []


def test_enter_on_who_enters_goes_on_to_the_secret(qtbot: QtBot, entry_window: EntryWindow) -> None:
    entry_window.who.setFocus()
    qtbot.waitUntil(lambda: focused() is entry_window.who)
    qtbot.keyClick(entry_window.who, Qt.Key.Key_Return)
    assert focused() is entry_window.secret


# --- the application form -------------------------------------------------------------------------------------


@pytest.fixture
def application_dialog(qtbot: QtBot, demo_db: Database, window: MainWindow) -> ApplicationDialog:
    with demo_db.uow() as uow:
        announced = next(r.id for r in competitions.list_competitions(uow) if r.state is State.ANNOUNCED)
    window.open_competition(announced)
    window.competition_page.applications_button.click()
    page = window.ws.applications_page
    page.register_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ApplicationDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_application_form_opens_on_the_surname_and_tab_follows_the_fields(
    qtbot: QtBot, application_dialog: ApplicationDialog
) -> None:
    dialog = application_dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focused() is dialog.surname)
    qtbot.keyClicks(focused(), "Asanova")
    assert dialog.surname.text() == "Asanova"
    walk = tab_walk(qtbot, dialog, dialog.surname)
    assert walk[:3] == [dialog.surname, dialog.name, dialog.patronymic]
    assert first_in_walk(walk, dialog) is dialog.surname
    assert out_of_order(walk, dialog) == []
    assert dialog.notes_edit in walk and walk.index(dialog.pin) > walk.index(dialog.sex)


# --- the session form -----------------------------------------------------------------------------------------


@pytest.fixture
def session_dialog(qtbot: QtBot, full_demo_db: Database) -> SessionDialog:
    with full_demo_db.uow() as uow:
        setup = voting.session_setup(uow, screened_competition(uow))
    dialog = SessionDialog(setup, pinned_clock())
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_session_form_opens_where_typing_starts_and_tab_follows_the_fields(
    qtbot: QtBot, session_dialog: SessionDialog
) -> None:
    dialog = session_dialog
    qtbot.waitUntil(lambda: focused() is dialog.place)  # the date above is today's already: the place is typed first
    walk = tab_walk(qtbot, dialog, dialog.held_on)
    assert out_of_order(walk, dialog) == []
    order: list[QWidget] = [dialog.place, dialog.place_ru, dialog.start_time, dialog.secretariat_account]
    order += [dialog.counting_entrant, dialog.counting_account, dialog.papers]
    assert [w for w in walk if w in order] == order


def test_enter_goes_on_to_the_next_field_and_ctrl_enter_saves(
    qtbot: QtBot, application_dialog: ApplicationDialog
) -> None:
    dialog = application_dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focused() is dialog.surname)
    submitted: list[object] = []
    dialog.submitted.connect(submitted.append)
    for edit, text in ((dialog.surname, "Asanova"), (dialog.name, "Aijan"), (dialog.patronymic, "")):
        assert focused() is edit
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert focused() is dialog.sex and submitted == []  # Enter went on, it did not try to save
    qtbot.keyClick(dialog.sex, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert submitted == []  # the PIN is missing: nothing is saved, the form says why
    assert dialog._fields["pin"][2].text()


def test_enter_goes_on_through_the_session_form(qtbot: QtBot, session_dialog: SessionDialog) -> None:
    dialog = session_dialog
    dialog.place.setFocus()
    qtbot.waitUntil(lambda: focused() is dialog.place)
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)
    assert focused() is dialog.place_ru
    qtbot.keyClick(dialog.place_ru, Qt.Key.Key_Return)
    assert focused() is dialog.start_time
    dialog.secretariat_account.setFocus()
    qtbot.waitUntil(lambda: focused() is dialog.secretariat_account)
    qtbot.keyClick(dialog.secretariat_account, Qt.Key.Key_Return)
    assert focused() is dialog.counting_entrant
    qtbot.keyClick(dialog.counting_entrant, Qt.Key.Key_Return)
    assert focused() is dialog.counting_account


def test_the_entry_station_of_the_person_signed_in_starts_on_them(qtbot: QtBot, vote_ctx: AppContext) -> None:
    from osgo_desktop.domain.voting import Side
    from osgo_desktop.services import accounts

    round_id = open_session(vote_ctx.db)
    with vote_ctx.db.uow() as uow:
        view = voting.get_round(uow, round_id)
    with vote_ctx.db.uow() as uow:  # the counting commission's machine: its member signed in there
        vote_ctx.set_principal(accounts.sign_in(uow, "counter", demo.DEMO_ACCOUNTS[2][1]))
    window = EntryWindow(vote_ctx, view)
    qtbot.addWidget(window)
    counter = next(e for e in view.session.entrants if e.side is Side.COUNTING)
    assert window.who.currentData() == counter.id

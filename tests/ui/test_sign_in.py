"""Signing in at the window: the first start makes the administrator, a wrong password is said inline, signing
out lets the next person in, the administrator adds an account."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from osgo_desktop import i18n
from osgo_desktop.domain.roles import Role
from osgo_desktop.services import accounts
from osgo_desktop.storage.uow import Database
from tests.ui.conftest import Answers
from ui import settings as S
from ui.context import AppContext
from ui.dialogs.accounts import AccountForm, AccountsDialog
from ui.dialogs.sign_in import FirstAdministratorDialog, SignInDialog, SignInFlow
from ui.main_window import MainWindow
from ui.settings import Settings


def _flow(qtbot: QtBot, ctx: AppContext, db: Database, window: MainWindow) -> SignInFlow:
    """What the app does once the database is open and nobody is signed in (``ui.app``)."""
    flow = SignInFlow(ctx, db, window)
    flow.signed_in.connect(lambda _principal: ctx.attach(db))
    flow.start()
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible())
    return flow


def _people(db: Database) -> None:
    with db.uow() as uow:
        accounts.create_first_administrator(uow, "admin", "Айгүл Токтосунова", "correct horse")
    with db.uow() as uow:
        draft = accounts.AccountDraft("secretary", "Мээрим Кадырова", "secretary pass", frozenset({Role.SECRETARIAT}))
        accounts.seed_account(uow, draft)
        uow.commit()


def _sign_in_form(
    qtbot: QtBot, db: Database, unopened: tuple[AppContext, MainWindow]
) -> tuple[SignInFlow, SignInDialog]:
    """The sign-in form in front of the window, on a database with the two people's accounts."""
    _people(db)
    ctx, window = unopened
    flow = _flow(qtbot, ctx, db, window)
    assert isinstance(flow.dialog, SignInDialog)
    return flow, flow.dialog


@pytest.fixture
def unopened(qtbot: QtBot, db: Database, settings: Settings, home: object) -> tuple[AppContext, MainWindow]:
    """The window as it starts: no database yet; the database open, nobody signed in."""
    db.principal = None
    context = AppContext(None, settings, db.clock)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    return context, main


def test_the_first_start_makes_the_administrator_and_opens_the_window(
    qtbot: QtBot, db: Database, unopened: tuple[AppContext, MainWindow]
) -> None:
    ctx, window = unopened
    flow = _flow(qtbot, ctx, db, window)
    dialog = flow.dialog
    assert isinstance(dialog, FirstAdministratorDialog)
    assert window.workspace is None  # nothing to use before somebody signs in
    dialog.login.setText("Aigul")
    dialog.name.setText("Айгүл Токтосунова")
    dialog.password.setText("correct horse")
    dialog.again.setText("correct horse battery")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # the two differ
    dialog.again.setText("correct horse")
    with qtbot.waitSignal(flow.signed_in, timeout=10_000):
        dialog.submit()
    assert db.principal is not None and db.principal.login == "aigul"
    assert window.workspace is not None
    assert "Айгүл Токтосунова" in window.user_label.text() and "Administrator" in window.user_label.text()
    assert window.accounts_action.isVisible() and window.accounts_action.isEnabled()


def test_a_wrong_password_is_said_inline_then_the_right_one_signs_in(
    qtbot: QtBot, db: Database, unopened: tuple[AppContext, MainWindow], settings: Settings
) -> None:
    flow, dialog = _sign_in_form(qtbot, db, unopened)
    window = unopened[1]
    assert dialog.focusWidget() is dialog.login
    dialog.login.setText("secretary")
    dialog.password.setText("not the password")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message() != "", timeout=10_000)
    assert "not right" in dialog.message()
    assert dialog.isVisible() and dialog.password.text() == "" and dialog.login.text() == "secretary"
    assert window.workspace is None
    dialog.password.setText("secretary pass")
    with qtbot.waitSignal(flow.signed_in, timeout=10_000):
        dialog.submit()
    assert window.workspace is not None and "Мээрим Кадырова" in window.user_label.text()
    assert not window.accounts_action.isVisible()  # not an administrator

    again = SignInDialog(settings.get(S.LAST_LOGIN), db.clock)
    assert again.login.text() == "secretary"
    qtbot.addWidget(again)
    again.show()
    assert again.focusWidget() is again.password  # the login remembered: typing starts at the password


def test_repeated_failures_show_the_time_left(
    qtbot: QtBot, db: Database, unopened: tuple[AppContext, MainWindow]
) -> None:
    dialog = _sign_in_form(qtbot, db, unopened)[1]
    dialog.login.setText("secretary")
    for _ in range(accounts.SIGN_IN_TRIES):
        dialog.password.setText("wrong again")
        dialog.submit()
        assert not dialog.isEnabled()  # while Argon2 works in the background
        qtbot.waitUntil(dialog.isEnabled, timeout=10_000)
    assert "try again in 60 seconds" in dialog.message()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_escape_on_the_sign_in_form_asks_before_it_quits(
    qtbot: QtBot, db: Database, unopened: tuple[AppContext, MainWindow], answers: Answers
) -> None:
    flow, dialog = _sign_in_form(qtbot, db, unopened)
    quits: list[bool] = []
    flow.cancelled.connect(lambda: quits.append(True))
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)  # to dismiss a message, say: the answer is "Stay"
    assert answers.asked == ["Quit OSGO Desktop?"]
    assert dialog.isVisible() and not quits
    answers.yes = True
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
    assert quits and not dialog.isVisible()


def test_the_demo_hint_gives_the_password_on_a_line_of_its_own(qtbot: QtBot, db: Database) -> None:
    """A password wrapped at one of its hyphens reads as two words; on a line of its own it is never wrapped."""
    dialog = SignInDialog("", db.clock, demo=True)
    qtbot.addWidget(dialog)
    for language in ("ru", "ky", "en"):
        with i18n.language(language):
            dialog.retranslate()
            lines = dialog.intro.text().splitlines()
        assert any(line.endswith(": osgo-admin-2026") and len(line) < 30 for line in lines), lines
        assert any(line.endswith(": admin") for line in lines), lines


def test_signing_out_lets_another_person_in_without_a_restart(qtbot: QtBot, db: Database, window: MainWindow) -> None:
    _people(db)
    with db.uow() as uow:
        db.principal = accounts.sign_in(uow, "admin", "correct horse")
    window.ctx.principal_changed.emit()
    assert "Айгүл Токтосунова" in window.user_label.text()
    accounts_dialog = window.open_accounts()
    flow = window.sign_out()
    assert not accounts_dialog.isVisible()  # what the last person left open is closed
    assert db.principal is None and window.user_label.text() == ""
    assert window.stack.currentWidget() is window.signed_out  # nothing of the last person's behind the form
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible())
    dialog = flow.dialog
    assert isinstance(dialog, SignInDialog)
    assert dialog.login.text() == "" or dialog.login.text() == "admin"
    dialog.login.setText("secretary")
    dialog.password.setText("secretary pass")
    with qtbot.waitSignal(flow.signed_in, timeout=10_000):
        dialog.submit()
    assert db.principal is not None and db.principal.login == "secretary"
    assert "Мээрим Кадырова" in window.user_label.text()
    assert not window.accounts_action.isVisible()
    assert window.workspace is None or window.stack.currentWidget() is window.workspace


def test_the_administrator_adds_an_account_in_the_accounts_dialog(
    qtbot: QtBot, db: Database, window: MainWindow
) -> None:
    _people(db)
    with db.uow() as uow:
        db.principal = accounts.sign_in(uow, "admin", "correct horse")
    dialog = window.open_accounts()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, AccountsDialog)
    assert dialog.model.rowCount() == 2
    dialog.add_button.click()
    form = dialog.form
    assert isinstance(form, AccountForm)
    form.login.setText("Counter")
    form.name.setText("Чолпон Иманалиева")
    form.password.setText("counting pass")
    form.again.setText("counting pass")
    assert not form.buttons.button(form.buttons.StandardButton.Ok).isEnabled()  # no role yet
    form.roles.boxes[Role.COUNTING].setChecked(True)
    form.submit()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=10_000)
    selected = dialog.selected_row()
    assert selected is not None and selected.login == "counter" and selected.roles == frozenset({Role.COUNTING})
    with db.uow() as uow:
        assert accounts.sign_in(uow, "counter", "counting pass").name == "Чолпон Иманалиева"


def test_a_workstation_connects_to_the_server_before_any_local_account(
    qtbot: QtBot, db: Database, unopened: tuple[AppContext, MainWindow]
) -> None:
    from ui.dialogs.connect import ConnectDialog

    ctx, window = unopened
    flow = _flow(qtbot, ctx, db, window)
    assert isinstance(flow.dialog, FirstAdministratorDialog)  # a new machine's own, empty database
    flow.connect_button.click()
    chooser = next(d for d in flow.dialog.findChildren(ConnectDialog) if d.isVisible())
    assert chooser.isVisible()  # over the form, which blocks every other window until somebody is in
    chooser.reject()
    assert flow.dialog.isVisible()  # nothing chosen: the form is still there

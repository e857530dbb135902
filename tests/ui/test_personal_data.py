"""Personal fields in the UI (issue 15, item 6): an observer sees a "hidden" mark instead of a PIN, and cannot edit
the forms that hold them; an administrator erases the personal data of those due after a confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.competition import Kind
from osgo_desktop.domain.roles import Principal, Role
from osgo_desktop.services import applications, competitions, registries
from osgo_desktop.storage.uow import Database
from tests.conftest import TESTER
from tests.ui.conftest import Answers
from ui.context import AppContext
from ui.dialogs.application import ApplicationDialog, ApplicationValue
from ui.dialogs.personal_data import PersonalDataDialog
from ui.dialogs.registries import MemberForm
from ui.models import columns
from ui.settings import Settings

OBSERVER = Principal(account_id=None, login="observer", name="Observer", roles=frozenset({Role.OBSERVER}))


def _first_application(ctx: AppContext) -> int:
    for competition in ctx.call(competitions.list_competitions):
        rows = ctx.call(applications.list_applications, competition.id)
        if rows:
            return rows[0].id
    raise AssertionError("the demo has no application")


@pytest.fixture
def full_ctx(full_demo_db: Database, settings: Settings, home: Path) -> Iterator[AppContext]:
    """The app's context over the demo with its applicants (2026/01, 2026/04)."""
    context = AppContext(full_demo_db, settings, full_demo_db.clock)
    yield context
    context.tasks.cancel_all()
    context.tasks.wait()


def test_an_observer_sees_hidden_instead_of_a_pin_and_cannot_edit(
    qtbot: QtBot, full_ctx: AppContext, full_demo_db: Database
) -> None:
    ctx, demo_db = full_ctx, full_demo_db
    application_id = _first_application(ctx)
    demo_db.principal = OBSERVER
    detail = ctx.call(applications.get_application, application_id)
    assert detail.personal_hidden and detail.person.pin == ""
    pin_column = next(c for c in columns.APPLICATION_COLUMNS if c.title == "PIN")
    assert pin_column.text(detail.row) == "hidden"

    profile = ctx.call(registries.current_profile)
    dialog = ApplicationDialog(
        profile.rules(Kind.COUNCIL),
        [],
        [],
        ctx.clock,
        value=ApplicationValue(detail.person, detail.intake),
        personal_hidden=True,
    )
    qtbot.addWidget(dialog)
    assert dialog.pin.text() == "" and dialog.pin.placeholderText() == "hidden"
    assert dialog.pin.isReadOnly() and dialog.surname.isReadOnly()
    assert dialog.birth.check.text() == "hidden"
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    member = ctx.call(registries.list_commission)[0]
    assert member.personal_hidden and member.pin == ""
    form = MemberForm(profile, member, ctx.clock.today())
    qtbot.addWidget(form)
    assert form.pin.placeholderText() == "hidden" and form.pin.isReadOnly()
    assert not form.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    demo_db.principal = TESTER  # the secretariat and the administrator see them, and may edit
    detail = ctx.call(applications.get_application, application_id)
    assert detail.person.pin and not detail.personal_hidden


def _select_first(dialog: PersonalDataDialog) -> None:
    """Select the first row alone, whatever keys an earlier test left pressed (``selectRow`` of an extended
    selection toggles while Ctrl is held)."""
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    dialog.table.selectionModel().select(dialog.model.index(0, 0), flags)


def test_an_administrator_erases_after_confirming(
    qtbot: QtBot, ctx: AppContext, demo_db: Database, answers: Answers
) -> None:
    clock = demo_db.clock
    assert isinstance(clock, FixedClock)
    clock.set_day(dt.date(2028, 12, 1))  # the demo's imported members whose seats ended are due
    dialog = PersonalDataDialog(ctx)
    qtbot.addWidget(dialog)
    due = dialog.model.rowCount()
    assert due > 0 and dialog.erase_button.isEnabled()
    _select_first(dialog)
    chosen = dialog.chosen()
    assert len(chosen) == 1

    dialog.erase_button.click()  # answered "no": nothing erased
    assert answers.asked == ["Erase personal data"] and dialog.model.rowCount() == due

    answers.yes = True
    _select_first(dialog)
    assert dialog.chosen() == chosen
    dialog.erase_button.click()
    assert dialog.model.rowCount() == due - 1
    assert "was erased" in dialog.message.text()
    assert chosen[0].person_id not in {dialog.model.row_at(i).person_id for i in range(dialog.model.rowCount())}
    assert demo_db.check_audit().ok

    demo_db.principal = OBSERVER
    dialog.reload()
    assert not dialog.erase_button.isEnabled()

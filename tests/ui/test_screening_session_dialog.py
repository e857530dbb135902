"""The screening session's dialog: the attendance checklist with the quorum shown as it is ticked, the chair and the
secretary among the present, the times checked as they are typed; it opens with the session recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from osgo_desktop.services import screening
from osgo_desktop.services.demo import SESSION_PLACE
from osgo_desktop.services.screening import ScreeningSetup
from osgo_desktop.storage.uow import Database
from tests.voting_support import screened_competition
from ui.dialogs.screening import ScreeningSessionDialog


@pytest.fixture
def setup(full_demo_db: Database) -> ScreeningSetup:
    with full_demo_db.uow() as uow:
        return screening.screening_setup(uow, screened_competition(uow))


@pytest.fixture
def dialog(qtbot: QtBot, setup: ScreeningSetup) -> ScreeningSessionDialog:
    form = ScreeningSessionDialog(setup)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def ok_enabled(dialog: ScreeningSessionDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def error_of(dialog: ScreeningSessionDialog, name: str) -> str:
    return dialog._fields[name][2].text() if dialog._fields[name][2].isVisible() else ""


def tick(dialog: ScreeningSessionDialog, member_id: int, checked: bool) -> None:
    box = dialog.present
    for row in range(box.count()):
        item = box.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == member_id:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            return
    raise AssertionError(member_id)


def test_it_opens_with_the_session_recorded(dialog: ScreeningSessionDialog, setup: ScreeningSetup) -> None:
    recorded = setup.recorded
    assert recorded is not None
    assert (dialog.place.text(), dialog.place_ru.text()) == SESSION_PLACE
    assert (dialog.start_time.text(), dialog.end_time.text()) == ("10:00", "12:30")
    assert dialog.quorum_label.text() == "✔ Present: 13 of 15. Quorum: 10 members."
    assert dialog.chair.currentData() == setup.chair_id and dialog.secretary.currentData() == setup.secretary_id
    assert ok_enabled(dialog)
    assert dialog.value() == recorded


def test_the_quorum_follows_the_ticks(dialog: ScreeningSessionDialog, setup: ScreeningSetup) -> None:
    others = [m.id for m in setup.members if m.id not in (setup.chair_id, setup.secretary_id)]
    ticked = set(dialog.value().present)
    for member in [m for m in others if m in ticked][:4]:
        tick(dialog, member, False)
    assert dialog.quorum_label.text() == "Present: 9 of 15. Quorum: 10 members."
    assert not ok_enabled(dialog)
    assert error_of(dialog, "present") == "9 of 15 Commission members are present; the quorum is 10 members."
    tick(dialog, others[-1], True)
    assert dialog.quorum_label.text().startswith("✔ Present: 10 of 15.")
    assert ok_enabled(dialog) and error_of(dialog, "present") == ""


def test_the_chair_is_chosen_among_the_present(dialog: ScreeningSessionDialog, setup: ScreeningSetup) -> None:
    assert setup.chair_id is not None
    offered = [dialog.chair.itemData(i) for i in range(dialog.chair.count())]
    assert None in offered and len(offered) == 14  # "—" and the 13 present
    tick(dialog, setup.chair_id, False)
    assert dialog.chair.currentData() is None
    assert error_of(dialog, "chair_id") == "Choose the chair of the session."
    tick(dialog, setup.chair_id, True)
    dialog.chair.setCurrentIndex(dialog.chair.findData(setup.chair_id))
    assert ok_enabled(dialog)


def test_the_times_are_checked_as_they_are_typed(dialog: ScreeningSessionDialog) -> None:
    dialog.end_time.setText("09:00")
    assert error_of(dialog, "start_time") == "The session ends after it starts." and not ok_enabled(dialog)
    dialog.end_time.setText("12:45")
    dialog.start_time.setText("ten")
    assert error_of(dialog, "start_time") == "Enter the start time as hours and minutes, e.g. 10:00."
    dialog.start_time.setText("9:15")
    assert ok_enabled(dialog)
    assert (dialog.value().start_time, dialog.value().end_time) == ("9:15", "12:45")


def test_a_new_session_starts_with_everyone_present_today(qtbot: QtBot, setup: ScreeningSetup) -> None:
    import dataclasses

    form = ScreeningSessionDialog(dataclasses.replace(setup, recorded=None))
    qtbot.addWidget(form)
    value = form.value()
    assert value.held_on == setup.today and value.place == "" and len(value.present) == 15
    assert value.chair_id == setup.chair_id and value.secretary_id == setup.secretary_id
    assert isinstance(value.held_on, dt.date)


def test_it_fits_a_laptop_screen(dialog: ScreeningSessionDialog) -> None:
    hint = dialog.sizeHint()
    assert hint.width() <= 1366 - 40 and hint.height() <= 768 - 80, hint

"""The registry editors: adding and editing records through their forms; the composition warnings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.registry import Role, Seat
from osgo_desktop.services import registries
from osgo_desktop.storage.uow import Database
from tests.ui.conftest import Answers
from ui.dialogs.registries import BodyForm, MemberForm
from ui.main_window import MainWindow
from ui.widgets.forms import FormDialog


def test_add_a_state_body(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    dialog = window.open_bodies()
    dialog.add_button.click()
    form = dialog.form
    assert isinstance(form, BodyForm)
    form.name_ky.setText("Кыргыз Республикасынын Юстиция министрлиги")  # type: ignore[attr-defined]
    form.submit()
    assert form.isVisible()  # the Russian name is required too
    assert form._fields["name_ru"][2].text() == "This field is required."
    form.name_ru.setText("Министерство юстиции Кыргызской Республики")  # type: ignore[attr-defined]
    form.submit()
    assert not form.isVisible()
    assert [r.name.ru for r in dialog.model.rows()] == ["Министерство юстиции Кыргызской Республики"]
    with db.uow() as uow:
        assert registries.list_bodies(uow)[0].name.ky == "Кыргыз Республикасынын Юстиция министрлиги"


def test_an_empty_commission_says_what_is_missing(window: MainWindow) -> None:
    dialog = window.open_commission()
    text = dialog.problems.text()
    assert "0 of 15 seats are filled." in text and "exactly one chair" in text


def test_edit_a_commission_member(qtbot: QtBot, demo_db: Database, window: MainWindow) -> None:
    dialog = window.open_commission()
    assert dialog.problems.isHidden()  # the demo Commission is complete
    chair_row = next(i for i, r in enumerate(dialog.model.rows()) if r.role is Role.CHAIR)
    dialog.table.selectRow(dialog.proxy.mapFromSource(dialog.model.index(chair_row, 0)).row())
    dialog.edit_button.click()
    form = dialog.form
    assert isinstance(form, MemberForm)
    assert form.seat.currentData() == Seat.CIVIL and form.organization.isVisible()
    form.role.setCurrentIndex(form.role.findData(Role.MEMBER))
    form.submit()
    assert not form.isVisible()
    assert "exactly one chair; it has 0" in dialog.problems.text()


def test_the_profile_numbers_are_edited_for_new_competitions(window: MainWindow, db: Database) -> None:
    from osgo_desktop.services import registries as services

    dialog = window.open_profile()
    assert dialog.spins["council.seats_max"].value() == 15
    assert dialog.spins["council.sex_cap_percent"].value() == 70
    assert dialog.spins["commission.sex_cap_percent"].text() == "—"  # no such rule for the Commission
    dialog.spins["council.seats_min"].setValue(16)  # above the maximum
    assert "minimum ≤ default ≤ maximum" in dialog._fields["council.seats_default"][2].text()
    dialog.spins["council.seats_min"].setValue(5)
    dialog.spins["council.sex_cap_percent"].setValue(60)
    dialog.submit()
    assert not dialog.isVisible()
    with db.uow() as uow:
        saved = services.current_profile(uow)
    assert (saved.council.seats_min, saved.council.sex_cap_percent) == (5, 60)
    assert saved.commission.sex_cap_percent is None and saved.commission.min_age == 25


def test_esc_in_a_half_filled_form_asks_before_dropping_it(
    qtbot: QtBot, window: MainWindow, db: Database, answers: Answers
) -> None:
    dialog = window.open_bodies()
    dialog.add_button.click()
    form = dialog.form
    assert isinstance(form, BodyForm)
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # nothing typed: it just closes
    assert not form.isVisible() and answers.asked == []
    dialog.add_button.click()
    form = dialog.form
    assert isinstance(form, BodyForm)
    form.name_ky.setText("Кыргыз Республикасынын Юстиция министрлиги")  # type: ignore[attr-defined]
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # "keep editing"
    assert form.isVisible() and answers.asked == ["Discard the changes?"]
    assert form.name_ky.text() == "Кыргыз Республикасынын Юстиция министрлиги"  # type: ignore[attr-defined]
    answers.yes = True
    form.close()  # the window's close button asks too
    assert not form.isVisible() and len(answers.asked) == 2
    with db.uow() as uow:
        assert registries.list_bodies(uow) == []


class _TwoFields(FormDialog):
    def value(self) -> tuple[str, str]:
        return ("", "")


def test_tab_leaves_a_many_line_field_for_the_next_one(qtbot: QtBot) -> None:
    dialog = _TwoFields()
    qtbot.addWidget(dialog)
    reason, name = QPlainTextEdit(), QLineEdit()
    dialog.add_field("reason", reason, lambda: "Reason")
    dialog.add_field("name", name, lambda: "Name")
    dialog.show()
    qtbot.waitExposed(dialog)
    reason.setFocus()
    qtbot.keyClicks(reason, "typo")
    qtbot.keyClick(reason, Qt.Key.Key_Tab)
    assert reason.toPlainText() == "typo" and dialog.focusWidget() is name


class _LongMessage(FormDialog):
    def __init__(self) -> None:
        super().__init__()
        self.first, self.second = QLineEdit(), QLineEdit()
        self.add_field("first", self.first, lambda: "First")
        self.add_field("second", self.second, lambda: "Second")
        self.resize(360, 200)

    def value(self) -> tuple[str, str]:
        return self.first.text(), self.second.text()

    def validate_value(self, value: tuple[str, str]) -> dict[str, str]:
        long = "Type the numbers of the candidates marked on the paper, or tick that the paper is blank, please."
        return {"first": long} if value[0] == "x" else {}


def test_fields_do_not_jump_as_messages_come_and_go(qtbot: QtBot) -> None:
    dialog = _LongMessage()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.first.setText("x")  # a message of two lines or more under the first field
    qtbot.wait(10)
    with_message = dialog.second.mapTo(dialog, dialog.second.rect().topLeft()).y()
    dialog.first.setText("ok")  # the message goes
    qtbot.wait(10)
    assert dialog.second.mapTo(dialog, dialog.second.rect().topLeft()).y() == with_message

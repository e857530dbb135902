"""The rating vote's forms on their own: what they start with, what they refuse, and where they say why."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from osgo_desktop import i18n
from osgo_desktop.domain.protocol_facts import ProtocolFactsDraft
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import voting
from osgo_desktop.services.voting import RoundView
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock
from tests.voting_support import (
    COUNTING_PIN,
    FIRST_ROUND,
    SECRETARIAT_PIN,
    ballots_from_counts,
    enter_all,
    open_session,
    screened_competition,
)
from ui.dialogs.voting import CloseRoundDialog, LotsDialog, SessionDialog, SettleDialog
from ui.widgets.forms import FormDialog


@pytest.fixture
def disputed_round(full_demo_db: Database) -> RoundView:
    """Round 1 with 15 papers entered twice; the two sides read paper No. 9 differently: 14 agreed."""
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    misread = list(papers)
    misread[8] = tuple(sorted({*papers[8], 12} - {papers[8][0]}))
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, misread, Side.COUNTING)
    with full_demo_db.uow() as uow:
        view = voting.get_round(uow, round_id)
    assert [d.serial for d in view.reconciliation.disagreements] == [9] and len(view.reconciliation.agreed) == 14
    return view


def shown(qtbot: QtBot, dialog: FormDialog) -> FormDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def ok_enabled(dialog: FormDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def error_of(dialog: FormDialog, name: str) -> str:
    """The text of a field's error line, when it is shown."""
    column = dialog.field(name).parentWidget()
    lines = [label for label in column.findChildren(QLabel) if label.styleSheet() and label.isVisible()]
    return "\n".join(label.text() for label in lines)


def fully_shown(label: QLabel) -> bool:
    """A word-wrapped label with the height its text needs at its width: nothing cut off."""
    return label.isVisible() and label.wordWrap() and label.height() >= label.heightForWidth(label.width())


# --- closing a round ------------------------------------------------------------------------------------------


def test_the_paper_counts_start_empty_and_enter_cannot_close_the_round(qtbot: QtBot, disputed_round: RoundView) -> None:
    dialog = shown(qtbot, CloseRoundDialog(disputed_round))
    assert isinstance(dialog, CloseRoundDialog)
    assert (dialog.issued.text(), dialog.returned.text(), dialog.unused.text()) == ("", "", "")
    assert not ok_enabled(dialog)
    assert error_of(dialog, "issued") == "Enter how many papers were issued to voters."
    assert error_of(dialog, "returned") == "Enter how many papers were found in the ballot box."
    assert error_of(dialog, "unused") == "Enter how many papers were left unused."
    submitted: list[object] = []
    dialog.submitted.connect(submitted.append)
    dialog.issued.setFocus()
    qtbot.keyClick(dialog.issued, Qt.Key.Key_Return)
    assert submitted == []

    qtbot.keyClicks(dialog.issued, "15")
    qtbot.keyClicks(dialog.returned, "14")
    assert not ok_enabled(dialog) and error_of(dialog, "unused") and not error_of(dialog, "issued")
    qtbot.keyClicks(dialog.unused, "0")
    assert ok_enabled(dialog)
    qtbot.keyClick(dialog.unused, Qt.Key.Key_Return)
    assert submitted == [(voting.PaperCounts(15, 14, 0), ProtocolFactsDraft())]  # the times etc. are optional


def test_counts_that_do_not_add_up_are_said_in_full_where_they_belong(qtbot: QtBot, disputed_round: RoundView) -> None:
    dialog = shown(qtbot, CloseRoundDialog(disputed_round))
    assert isinstance(dialog, CloseRoundDialog)
    qtbot.keyClicks(dialog.issued, "15")
    qtbot.keyClicks(dialog.returned, "15")
    qtbot.keyClicks(dialog.unused, "1")
    # issued + unused ≠ printed concerns two counts: the banner says it, whole; the box count is the returned field's
    assert dialog.banner.text() == "Issued (15) and unused (1) papers must add up to the 15 printed."
    assert fully_shown(dialog.banner)
    assert error_of(dialog, "issued") == "" and error_of(dialog, "unused") == ""
    assert error_of(dialog, "returned") == "15 papers were returned to the ballot box, but 14 are entered and agreed."
    returned_error = next(
        label for label in dialog.field("returned").parentWidget().findChildren(QLabel) if label.isVisible()
    )
    assert fully_shown(returned_error)
    assert not ok_enabled(dialog)
    dialog.unused.setText("0")
    assert not dialog.banner.isVisible()


def test_the_times_objections_and_dissent_are_entered_when_the_round_closes(
    qtbot: QtBot, disputed_round: RoundView
) -> None:
    dialog = shown(qtbot, CloseRoundDialog(disputed_round))
    assert isinstance(dialog, CloseRoundDialog)
    for edit, number in ((dialog.issued, "15"), (dialog.returned, "14"), (dialog.unused, "0")):
        qtbot.keyClicks(edit, number)
    assert ok_enabled(dialog)  # the times are optional
    times = dialog.facts.times
    qtbot.keyClicks(times["vote_began"], "10:20")
    qtbot.keyClicks(times["vote_ended"], "11:05")
    qtbot.keyClicks(times["count_began"], "10:59")
    assert error_of(dialog, "count_began") == "The count begins once the vote has ended." and not ok_enabled(dialog)
    times["count_began"].setText("11:05")
    qtbot.keyClicks(times["count_ended"], "25:00")
    assert error_of(dialog, "count_ended") == "Enter the time as hours and minutes, e.g. 10:00."
    times["count_ended"].setText("11:50")
    dialog.facts.objections.setPlainText("Байкоочу бюллетендерди кайра санап чыгууну сурады.")
    assert ok_enabled(dialog)
    submitted: list[object] = []
    dialog.submitted.connect(submitted.append)
    dialog.submit()
    assert submitted == [
        (
            voting.PaperCounts(15, 14, 0),
            ProtocolFactsDraft(
                vote_began="10:20",
                vote_ended="11:05",
                count_began="11:05",
                count_ended="11:50",
                objections="Байкоочу бюллетендерди кайра санап чыгууну сурады.",
            ),
        )
    ]


# --- settling a disagreement ----------------------------------------------------------------------------------


def settle_dialog(qtbot: QtBot, view: RoundView) -> SettleDialog:
    dialog = shown(qtbot, SettleDialog(view, 9))
    assert isinstance(dialog, SettleDialog)
    dialog.secretariat_secret.setText(SECRETARIAT_PIN)
    dialog.counting_secret.setText(COUNTING_PIN)
    return dialog


def test_an_empty_marks_field_does_not_settle_a_paper_as_blank(qtbot: QtBot, disputed_round: RoundView) -> None:
    dialog = settle_dialog(qtbot, disputed_round)
    submitted: list[object] = []
    dialog.submitted.connect(submitted.append)
    assert dialog.marks.text() == "" and not dialog.blank.isChecked()
    assert not ok_enabled(dialog)
    assert error_of(dialog, "marks") == (
        "Type the numbers of the candidates marked on the paper, or tick “The paper is blank”."
    )
    for typed in ("0", "-"):
        dialog.marks.setText(typed)
        assert not ok_enabled(dialog)
    dialog.submit()
    assert submitted == []

    dialog.marks.setText("3 5")
    assert ok_enabled(dialog) and dialog.marks_value() == (3, 5)


def test_a_blank_settlement_is_ticked_in_so_many_words(qtbot: QtBot, disputed_round: RoundView) -> None:
    dialog = settle_dialog(qtbot, disputed_round)
    dialog.marks.setText("3 5")
    qtbot.keyClick(dialog.blank, Qt.Key.Key_Space)
    assert dialog.blank.isChecked()
    assert dialog.marks.text() == "" and not dialog.marks.isEnabled()
    assert ok_enabled(dialog) and error_of(dialog, "marks") == ""
    assert dialog.marks_value() == ()
    assert dialog.notes.text() == "The paper says: blank"
    dialog.blank.setChecked(False)
    assert dialog.marks.isEnabled() and not ok_enabled(dialog)


@pytest.mark.parametrize("lang", ["en", "ky", "ru"])
def test_the_marks_placeholder_is_read_whole(qtbot: QtBot, disputed_round: RoundView, lang: str) -> None:
    i18n.set_language(lang)
    dialog = settle_dialog(qtbot, disputed_round)
    edit = dialog.marks
    room = edit.contentsRect().width() - edit.textMargins().left() - edit.textMargins().right() - 8
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room


def test_the_settle_title_names_the_paper_as_it_is_printed(qtbot: QtBot, disputed_round: RoundView) -> None:
    dialog = settle_dialog(qtbot, disputed_round)
    assert dialog.windowTitle() == "Settle paper No. 009"
    assert voting.paper_serial(9) in dialog.windowTitle()


# --- opening the session --------------------------------------------------------------------------------------


@pytest.fixture
def session_setup(full_demo_db: Database) -> voting.SessionSetup:
    with full_demo_db.uow() as uow:
        return voting.session_setup(uow, screened_competition(uow))


def session_dialog(qtbot: QtBot, setup: voting.SessionSetup) -> SessionDialog:
    dialog = shown(qtbot, SessionDialog(setup, pinned_clock()))
    assert isinstance(dialog, SessionDialog)
    dialog.place.setText("Бишкек ш., Чүй пр., 205, чоң зал")
    dialog.start_time.setText("10:00")
    return dialog


def test_each_side_is_entered_by_an_account_holding_its_role(qtbot: QtBot, session_setup: voting.SessionSetup) -> None:
    """The session form offers the active accounts holding each side's role — no PIN is set for the session: each
    person signs in at the entry station with their own account's password or station PIN."""
    dialog = session_dialog(qtbot, session_setup)
    offered = [dialog.secretariat_account.itemText(i) for i in range(dialog.secretariat_account.count())]
    assert offered == ["Кадырова Мээрим Аскаровна (secretary)"]
    counters = [dialog.counting_account.itemText(i) for i in range(dialog.counting_account.count())]
    assert counters == ["Иманалиева Чолпон Дүйшөновна (counter)", "Кулматов Эмил Сейтбекович (counter2)"]
    assert ok_enabled(dialog)
    entrants = dialog.value().entrants
    assert [(e.side, e.account_id is not None) for e in entrants] == [(Side.SECRETARIAT, True), (Side.COUNTING, True)]
    # another counting member chosen: the account bearing their name comes with them
    dialog.counting_entrant.setCurrentIndex(dialog.counting_entrant.findText("Кулматов Эмил Сейтбекович"))
    assert dialog.counting_account.currentText() == "Кулматов Эмил Сейтбекович (counter2)"
    assert ok_enabled(dialog) and error_of(dialog, voting.COUNTING_ENTRANT) == ""


def test_a_counting_members_own_problem_is_said_under_their_row(
    qtbot: QtBot, session_setup: voting.SessionSetup
) -> None:
    dialog = session_dialog(qtbot, session_setup)
    chosen = dialog.counting_entrant.currentText()
    for row in range(dialog.counting_present.count()):  # the member who enters is ticked off as absent
        item = dialog.counting_present.item(row)
        if item.text() == chosen:
            item.setCheckState(Qt.CheckState.Unchecked)
    dialog.counting_entrant.setCurrentIndex(-1)
    assert not ok_enabled(dialog)
    assert error_of(dialog, voting.COUNTING_ENTRANT) == "Choose the counting commission's member who enters the papers."
    assert error_of(dialog, "entrants") == ""


def test_a_side_without_an_account_holding_its_role_is_said(qtbot: QtBot, session_setup: voting.SessionSetup) -> None:
    dialog = session_dialog(qtbot, dataclasses.replace(session_setup, secretariat_accounts=()))
    assert not ok_enabled(dialog)
    assert error_of(dialog, "entrants") == (
        "No active account holds the role Secretariat: an administrator gives it to who enters."
    )


def test_every_member_is_in_sight_and_the_form_fits_a_1000_pixel_screen(
    qtbot: QtBot, session_setup: voting.SessionSetup
) -> None:
    i18n.set_language("ky")
    dialog = session_dialog(qtbot, session_setup)
    assert dialog.present.count() == 15 and dialog.counting_present.count() == 4
    for box in (dialog.present, dialog.counting_present):
        viewport = box.viewport().rect()
        for row in range(box.count()):
            assert viewport.contains(box.visualItemRect(box.item(row))), box.item(row).text()
    assert dialog.height() <= 1000 - 50  # a title bar, and a panel, still leave the buttons on screen
    # on any smaller screen the fields scroll and OK and Cancel stay in sight
    assert dialog.height() <= dialog.screen().availableGeometry().height() - 80
    assert dialog.rect().contains(dialog.buttons.geometry())


def test_a_long_label_wraps_and_keeps_away_from_its_field(qtbot: QtBot, session_setup: voting.SessionSetup) -> None:
    i18n.set_language("ky")
    dialog = session_dialog(qtbot, session_setup)
    for label in dialog.findChildren(QLabel):
        field = label.buddy()
        if field is None or not label.isVisible() or not label.text():
            continue
        column = field.parentWidget()
        assert column.geometry().left() - label.geometry().right() >= 12, label.text()  # a gap one can see
        assert label.height() >= label.heightForWidth(label.width()) or not label.wordWrap(), label.text()
    entrants = next(label for label in dialog.findChildren(QLabel) if label.buddy() is dialog.field("entrants"))
    assert entrants.text() == "Бюллетендерди ким киргизет (ар бири өз каттоо эсеби менен кирет)"
    assert entrants.wordWrap() and entrants.height() >= 2 * entrants.fontMetrics().height()  # on two lines


# --- drawing lots ---------------------------------------------------------------------------------------------


def test_the_names_to_order_by_lot_are_read_whole(qtbot: QtBot, disputed_round: RoundView) -> None:
    i18n.set_language("ky")
    tied = tuple(c.tally_id for c in disputed_round.candidates[:3])
    dialog = shown(qtbot, LotsDialog(disputed_round, tied))
    assert isinstance(dialog, LotsDialog)
    room = dialog.order.viewport().width()
    for row in range(dialog.order.count()):
        assert dialog.order.visualItemRect(dialog.order.item(row)).right() <= room, dialog.order.item(row).text()


def test_the_drawing_of_lots_names_who_drew_and_who_witnessed(qtbot: QtBot, disputed_round: RoundView) -> None:
    i18n.set_language("en")
    tied = tuple(c.tally_id for c in disputed_round.candidates[:2])
    dialog = shown(qtbot, LotsDialog(disputed_round, tied))
    assert isinstance(dialog, LotsDialog)
    # the counting commission present witnesses the drawing unless the secretariat says otherwise
    assert dialog.witnesses.toPlainText() == ", ".join(disputed_round.session.counting_present)
    dialog.secret.setText(COUNTING_PIN)
    assert not ok_enabled(dialog) and error_of(dialog, "drawn_by") == "Name who drew the lots."
    dialog.drawn_by.setText("Асанова Айгүл")
    assert ok_enabled(dialog)
    dialog.witnesses.setPlainText("  ")
    assert not ok_enabled(dialog) and error_of(dialog, "witnesses") == "Name who witnessed the drawing of lots."
    dialog.witnesses.setPlainText("Осмонов Т.")
    assert ok_enabled(dialog)
    order, _note, counting, drawn_by, witnesses = dialog.value()
    assert order == tied and counting[1] == COUNTING_PIN
    assert (drawn_by, witnesses) == ("Асанова Айгүл", "Осмонов Т.")

"""A whole rating vote in the GUI: open the session, print the papers, enter 15 ballots twice by keyboard with one
discrepancy, settle it, close the round into a runoff, close the runoff, and see the result on the projector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionComboBox, QWidget
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import competitions, voting
from osgo_desktop.services.accounts import SIGN_IN_LOCK
from osgo_desktop.storage.uow import Database
from tests.conftest import fixed_clock
from tests.ui.conftest import Answers
from tests.voting_support import (
    COUNTING_PIN,
    FIRST_ROUND,
    SECRETARIAT_PIN,
    ballots_from_counts,
    enter_all,
    entrants,
    screened_competition,
)
from tests.voting_support import open_session as open_session_in
from ui.context import AppContext
from ui.dialogs.voting import CloseRoundDialog
from ui.main_window import MainWindow
from ui.pages.voting import VotingPage
from ui.pages.workspace import Workspace
from ui.settings import Settings
from ui.widgets.ballot_entry import Mode as EntryMode
from ui.windows.entry import EntryWindow


@pytest.fixture
def vote_ctx(full_demo_db: Database, settings: Settings, home: Path) -> Iterator[AppContext]:
    context = AppContext(full_demo_db, settings, full_demo_db.clock)
    yield context
    context.tasks.cancel_all()
    context.tasks.wait()


@pytest.fixture
def workspace(qtbot: QtBot, vote_ctx: AppContext) -> Workspace:
    space = Workspace(vote_ctx)
    qtbot.addWidget(space)
    space.resize(1300, 850)
    space.show()
    qtbot.waitExposed(space)
    return space


@pytest.fixture
def entry_window(qtbot: QtBot, vote_ctx: AppContext) -> EntryWindow:
    """The entry window of an open first round, shown, nobody logged in."""
    round_id = open_session_in(vote_ctx.db)
    with vote_ctx.db.uow() as uow:
        view = voting.get_round(uow, round_id)
    window = EntryWindow(vote_ctx, view)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_line(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def unlock(qtbot: QtBot, window: EntryWindow, side: Side, secret: str) -> None:
    index = next(i for i, e in enumerate(window.view.session.entrants) if e.side is side)
    window.who.setCurrentIndex(index)
    window.activateWindow()
    window.secret.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.secret)
    type_line(qtbot, secret)
    qtbot.waitUntil(lambda: window.entry is not None and QApplication.focusWidget() is window.entry.serial_edit)


def enter_by_keyboard(qtbot: QtBot, window: EntryWindow, papers: list[tuple[int, ...]]) -> None:
    for serial, marks in enumerate(papers, start=1):
        type_line(qtbot, f"{serial:03d}")
        type_line(qtbot, " ".join(map(str, marks)) or "0")
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # confirm: saved at once


def count_papers(qtbot: QtBot, dialog: CloseRoundDialog, issued: int, returned: int, unused: int) -> None:
    """The counts start empty: the counting commission types what it counted."""
    for edit, number in ((dialog.issued, issued), (dialog.returned, returned), (dialog.unused, unused)):
        qtbot.keyClicks(edit, str(number))


def open_session(qtbot: QtBot, workspace: Workspace, competition_id: int) -> None:
    workspace.open_voting(competition_id)
    dialog = workspace.dialog
    from ui.dialogs.voting import SessionDialog

    assert isinstance(dialog, SessionDialog)
    assert "Quorum: 10 members" in dialog.quorum_label.text() and dialog.quorum_label.text().startswith("✔")
    dialog.place.setText("Бишкек ш., Чүй пр., 205, чоң зал")
    dialog.start_time.setText("10:00")
    # who enters: the demo's secretary, and the first counting member present with the account of that name
    assert dialog.secretariat_account.currentText() == "Кадырова Мээрим Аскаровна (secretary)"
    assert dialog.counting_account.currentText() == f"{dialog.counting_entrant.currentText()} (counter)"
    with qtbot.waitSignal(dialog.accepted):
        dialog.submit()
    assert workspace.currentWidget() is workspace.voting_page


def test_a_whole_vote_with_a_discrepancy_and_a_runoff(
    qtbot: QtBot, workspace: Workspace, full_demo_db: Database
) -> None:
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
    open_session(qtbot, workspace, competition_id)
    page = workspace.voting_page
    assert page.view is not None and page.view.number == 1 and len(page.view.candidates) == 12

    with qtbot.waitSignal(page.document_ready, timeout=30_000) as printed:
        page.print_papers("ky")
    assert Path(printed.args[0]).read_bytes().startswith(b"%PDF")
    for preview in page.printer.previews:
        preview.close()

    papers = ballots_from_counts(FIRST_ROUND, 15)
    slipped = list(papers)
    slipped[6] = tuple(sorted({*papers[6], 12} - {papers[6][0]}))
    window = page.open_entry()
    assert window is not None  # closes (and deletes itself) below
    unlock(qtbot, window, Side.SECRETARIAT, SECRETARIAT_PIN)
    enter_by_keyboard(qtbot, window, papers)
    window.lock()
    unlock(qtbot, window, Side.COUNTING, COUNTING_PIN)
    enter_by_keyboard(qtbot, window, slipped)
    window.close()

    view = page.view
    assert view is not None and view.entered == {Side.SECRETARIAT: 15, Side.COUNTING: 15}
    assert [d.serial for d in view.reconciliation.disagreements] == [7]
    assert page.disagreements_model.rowCount() == 1 and page.settle_button.isEnabled()

    settle = page.settle()
    assert settle is not None
    settle.marks.setText(" ".join(map(str, papers[6])))
    settle.note.setPlainText("Бюллетень эки тарап менен бирге каралды")
    settle.secretariat_secret.setText(SECRETARIAT_PIN)
    settle.counting_secret.setText(COUNTING_PIN)
    with qtbot.waitSignal(settle.accepted):
        settle.submit()
    assert page.view is not None and page.view.reconciliation.complete and "No. 007 settled" in page.settled_text.text()

    projector = page.open_projector()
    qtbot.addWidget(projector)
    assert projector.state is not None and projector.state.phase == "entry" and projector.state.ballots_agreed == 15

    closing = page.close_round()
    assert closing is not None
    count_papers(qtbot, closing, issued=15, returned=15, unused=0)
    with qtbot.waitSignal(closing.accepted):
        closing.submit()
    view = page.view
    assert view is not None and view.number == 2 and view.runoff and len(view.candidates) == 2
    assert "runoff round 2 is open" in page.message.text()

    runoff = [(1,)] * 6 + [(2,)] * 9  # Өмөрова wins the runoff
    enter_all(page.ctx.db, view.id, runoff, Side.SECRETARIAT)
    enter_all(page.ctx.db, view.id, runoff, Side.COUNTING)
    page.reload()
    closing = page.close_round()
    assert closing is not None
    count_papers(qtbot, closing, issued=15, returned=15, unused=0)
    with qtbot.waitSignal(closing.accepted):
        closing.submit()

    # the last round closed: the room sees who sits, over all rounds, not just the runoff's two
    state = projector.state
    assert state is not None and state.phase == "composition" and state.seats == 7
    elected = [r.name for r in state.rows if r.status == "elected"]
    assert len(elected) == 7 and "Өмөрова" in " ".join(elected)
    assert {r.status for r in state.rows[7:]} <= {"reserve", "skipped"}
    assert projector.model.rowCount() == len(state.rows) and projector.table.isColumnHidden(3)
    # the runoff's own ranking is on the page, and on the projector when it is chosen again
    assert "✔ Elected" in page.result_model.data(page.result_model.index(0, 4))
    assert "The composition over all rounds (7):" in page.result_note.text() and "Өмөрова" in page.result_note.text()
    with full_demo_db.uow() as uow:
        final = voting.outcome(uow, competition_id)
        assert competitions.get_competition(uow, competition_id).state is State.TALLIED
    assert len(final.elected) == 7 and not final.tie


def test_a_paper_already_entered_by_this_side_is_refused_at_its_serial(qtbot: QtBot, entry_window: EntryWindow) -> None:
    unlock(qtbot, entry_window, Side.SECRETARIAT, SECRETARIAT_PIN)
    entry = entry_window.entry
    assert entry is not None
    enter_by_keyboard(qtbot, entry_window, [(1, 2)])
    type_line(qtbot, "1")
    assert entry.serial_error.text().startswith("Paper No. 001 is already entered for your side.")
    assert focused() is entry.serial_edit and entry.mode is EntryMode.EDITING
    # The other side enters the same paper as usual.
    entry_window.lock()
    unlock(qtbot, entry_window, Side.COUNTING, COUNTING_PIN)
    type_line(qtbot, "1")
    assert entry_window.entry is not None and focused() is entry_window.entry.marks_edit


def test_the_round_selector_is_wide_enough_for_its_longest_round(qtbot: QtBot, vote_ctx: AppContext) -> None:
    round_id = open_session_in(vote_ctx.db)
    page = VotingPage(vote_ctx)
    qtbot.addWidget(page)
    with vote_ctx.db.uow() as uow:
        competition_id = voting.get_round(uow, round_id).competition_id
    page.show_competition(competition_id)
    page.resize(1300, 850)
    page.show()
    qtbot.waitExposed(page)
    page.layout().activate()  # the selector is laid out with round 1 only, as the user first sees it
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(vote_ctx.db, round_id, papers, Side.SECRETARIAT)
    enter_all(vote_ctx.db, round_id, papers, Side.COUNTING)
    with vote_ctx.db.uow() as uow:
        voting.close_round(uow, round_id, voting.PaperCounts(issued=15, returned=15, unused=0))  # a tie: a runoff
    vote_ctx.set_language("ky")
    page.reload()
    combo = page.round_choice
    assert combo.count() == 2

    def text_room() -> int:
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        return field.width()

    for index in range(combo.count()):
        text = combo.itemText(index)
        qtbot.waitUntil(lambda text=text: text_room() >= combo.fontMetrics().horizontalAdvance(text))


def test_closing_the_entry_window_asks_before_dropping_a_typed_paper(
    qtbot: QtBot, entry_window: EntryWindow, answers: Answers
) -> None:
    unlock(qtbot, entry_window, Side.SECRETARIAT, SECRETARIAT_PIN)
    entry = entry_window.entry
    assert entry is not None
    type_line(qtbot, "3")
    type_line(qtbot, "1 2")  # staged, not saved
    assert not entry_window.close()  # "keep entering"
    assert answers.asked == ["Drop the paper being entered?"]
    assert entry_window.isVisible() and entry.staged() == (3, (1, 2))
    answers.yes = True
    assert entry_window.close()
    assert not entry_window.isVisible()


def test_closing_the_entry_window_with_nothing_typed_asks_nothing(
    qtbot: QtBot, entry_window: EntryWindow, answers: Answers
) -> None:
    unlock(qtbot, entry_window, Side.SECRETARIAT, SECRETARIAT_PIN)
    enter_by_keyboard(qtbot, entry_window, [(1, 2)])  # saved: nothing is lost by closing
    assert entry_window.close()
    assert answers.asked == []


def test_quitting_the_app_asks_before_dropping_a_typed_paper(
    qtbot: QtBot, vote_ctx: AppContext, answers: Answers
) -> None:
    round_id = open_session_in(vote_ctx.db)
    main = MainWindow(vote_ctx)
    qtbot.addWidget(main)
    main.show()
    with vote_ctx.db.uow() as uow:
        competition_id = voting.get_round(uow, round_id).competition_id
    page = main.ws.voting_page
    page.show_competition(competition_id)
    window = page.open_entry()
    assert window is not None
    qtbot.waitExposed(window)
    unlock(qtbot, window, Side.COUNTING, COUNTING_PIN)
    type_line(qtbot, "5")  # the serial typed, the marks not yet
    main.quit_action.trigger()  # Ctrl+Q
    assert answers.asked == ["Drop the paper being entered?"]
    assert main.isVisible() and window.isVisible()
    answers.yes = True
    main.quit_action.trigger()
    assert not main.isVisible()
    assert answers.asked == ["Drop the paper being entered?"] * 2  # asked once each time, not again by the window


def _page_with_entry_window(qtbot: QtBot, vote_ctx: AppContext) -> tuple[VotingPage, EntryWindow, int]:
    """The voting page of an open first round whose papers are all entered by both sides, and its entry window."""
    round_id = open_session_in(vote_ctx.db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(vote_ctx.db, round_id, papers, Side.SECRETARIAT)
    enter_all(vote_ctx.db, round_id, papers, Side.COUNTING)
    page = VotingPage(vote_ctx)
    qtbot.addWidget(page)
    with vote_ctx.db.uow() as uow:
        page.show_competition(voting.get_round(uow, round_id).competition_id, round_id)
    page.show()
    window = page.open_entry()
    assert window is not None
    qtbot.waitExposed(window)
    return page, window, round_id


def _close_round(qtbot: QtBot, page: VotingPage) -> None:
    closing = page.close_round()
    assert closing is not None
    count_papers(qtbot, closing, issued=15, returned=15, unused=0)
    with qtbot.waitSignal(closing.accepted):
        closing.submit()


def test_the_entry_window_closes_with_its_round(qtbot: QtBot, vote_ctx: AppContext, answers: Answers) -> None:
    page, window, _round_id = _page_with_entry_window(qtbot, vote_ctx)
    unlock(qtbot, window, Side.SECRETARIAT, SECRETARIAT_PIN)
    _close_round(qtbot, page)
    qtbot.waitUntil(lambda: page.entry_window is None)  # closed (and deleted): nothing was typed there
    assert answers.asked == []


def test_a_paper_typed_when_the_round_closes_stays_on_screen_and_says_it_was_not_saved(
    qtbot: QtBot, vote_ctx: AppContext, answers: Answers
) -> None:
    page, window, round_id = _page_with_entry_window(qtbot, vote_ctx)
    unlock(qtbot, window, Side.SECRETARIAT, SECRETARIAT_PIN)
    type_line(qtbot, "7")
    _close_round(qtbot, page)
    # no question (it could stand on another screen and hold up the page): the window stays and says why
    assert answers.asked == [] and window.isVisible()
    assert window.entry is not None and window.entry.message.text().startswith("Round 1 is closed")
    assert "was not saved" in window.entry.message.text()
    window.entry.serial_edit.returnPressed.emit()  # Enter shows no "valid" paper for a closed round
    assert window.entry.staged() is None and window.entry.serial_edit.isReadOnly()
    assert "was not saved" in window.entry.message.text()
    assert page.competition_id is not None
    page.show_competition(page.competition_id, round_id)  # told once, not again at each reload
    assert window.close() and answers.asked == []  # nothing to ask: the paper could not be saved anyway


def test_a_login_to_a_closed_round_is_refused(qtbot: QtBot, vote_ctx: AppContext) -> None:
    _page, window, round_id = _page_with_entry_window(qtbot, vote_ctx)
    with vote_ctx.db.uow() as uow:  # closed at another station: this window was not told
        voting.close_round(uow, round_id, voting.PaperCounts(issued=15, returned=15, unused=0))
    index = next(i for i, e in enumerate(window.view.session.entrants) if e.side is Side.SECRETARIAT)
    window.who.setCurrentIndex(index)
    window.secret.setText(SECRETARIAT_PIN)
    window.unlock_button.click()
    assert window.entry is None
    assert "Round 1 is closed" in window.unlock_message.text()


def _try_secret(window: EntryWindow, side: Side, secret: str) -> None:
    window.who.setCurrentIndex(next(i for i, e in enumerate(window.view.session.entrants) if e.side is side))
    window.secret.setText(secret)
    window.secret.returnPressed.emit()  # Enter in the password / station PIN field


def test_five_wrong_secrets_in_a_row_lock_that_person_out_for_a_while(qtbot: QtBot, entry_window: EntryWindow) -> None:
    wrong = "000000"
    for _attempt in range(4):
        _try_secret(entry_window, Side.SECRETARIAT, wrong)
        message = entry_window.unlock_message.text()
        assert "The password or the station PIN of" in message and "try again" not in message
    _try_secret(entry_window, Side.SECRETARIAT, wrong)
    message = entry_window.unlock_message.text()
    assert "Too many failed sign-ins for Кадырова Мээрим Аскаровна" in message and "try again in 60 seconds" in message
    assert not entry_window.unlock_button.isEnabled()
    _try_secret(entry_window, Side.SECRETARIAT, SECRETARIAT_PIN)  # even the right PIN waits
    assert entry_window.entry is None and "try again in" in entry_window.unlock_message.text()
    # Someone else is not held up.
    _try_secret(entry_window, Side.COUNTING, COUNTING_PIN)
    assert entry_window.entry is not None


def test_the_lockout_counts_down_and_ends(qtbot: QtBot, entry_window: EntryWindow) -> None:
    clock = fixed_clock(entry_window.ctx.db)
    for _attempt in range(5):
        _try_secret(entry_window, Side.SECRETARIAT, "000000")
    assert "try again in 60 seconds" in entry_window.unlock_message.text()
    clock.advance(SIGN_IN_LOCK - dt.timedelta(seconds=0.5))  # the countdown follows the app's clock
    qtbot.waitUntil(lambda: "try again in 1 second." in entry_window.unlock_message.text())
    assert not entry_window.unlock_button.isEnabled()
    clock.advance(dt.timedelta(seconds=0.5))
    qtbot.waitUntil(entry_window.unlock_button.isEnabled)
    assert entry_window.unlock_message.isHidden()  # the countdown is over
    _try_secret(entry_window, Side.SECRETARIAT, SECRETARIAT_PIN)
    assert entry_window.entry is not None


def test_a_paper_entered_by_one_side_only_is_struck_out_from_the_page(qtbot: QtBot, vote_ctx: AppContext) -> None:
    round_id = open_session_in(vote_ctx.db)
    people = entrants(vote_ctx.db, round_id)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(vote_ctx.db, round_id, papers[:14], Side.SECRETARIAT)
    enter_all(vote_ctx.db, round_id, papers[:14], Side.COUNTING)
    with vote_ctx.db.uow() as uow:
        voting.record_entry(uow, round_id, people[Side.COUNTING], 15, papers[14])  # no paper 015 in the box, say
        competition_id = voting.get_round(uow, round_id).competition_id
    page = VotingPage(vote_ctx)
    qtbot.addWidget(page)
    page.show_competition(competition_id, round_id)
    assert page.strike_button.isEnabled() and not page.settle_button.isEnabled()
    assert "Entered by one side only: 1 (015)." in page.counts.text()  # which paper, not only how many
    dialog = page.strike_out()
    assert dialog is not None and dialog.paper.currentText().startswith("No. 015")
    dialog.secretariat_secret.setText(SECRETARIAT_PIN)
    dialog.counting_secret.setText(COUNTING_PIN)
    dialog.submit()
    assert dialog.isVisible() and dialog._fields["note"][2].text()  # the reason is required
    dialog.note.setPlainText("Бюллетень 015 кутуда жок")
    with qtbot.waitSignal(dialog.accepted):
        dialog.submit()
    assert page.view is not None and page.view.reconciliation.complete
    assert "No. 015 settled as struck out (not in the box)" in page.settled_text.text()
    assert not page.strike_button.isEnabled()


def test_a_paper_saved_at_another_station_meanwhile_shows_in_the_list_when_this_save_is_refused(
    qtbot: QtBot, entry_window: EntryWindow
) -> None:
    unlock(qtbot, entry_window, Side.SECRETARIAT, SECRETARIAT_PIN)
    type_line(qtbot, "2")
    type_line(qtbot, "1 3")  # staged, waiting for Enter
    assert entry_window.entry is not None and entry_window.entry.staged() == (2, (1, 3))
    people = entrants(entry_window.ctx.db, entry_window.view.id)
    with entry_window.ctx.db.uow() as uow:  # the same paper, same side, at another station a moment before
        voting.record_entry(uow, entry_window.view.id, people[Side.SECRETARIAT], 2, (1, 3))
    entry_window.entry.confirm()
    assert "already entered" in entry_window.entry.message.text()
    assert entry_window.entry.confirmed() == [(2, (1, 3))]  # the list says what is saved for this side


def test_once_the_vote_is_counted_its_protocols_are_the_next_step(workspace: Workspace, full_demo_db: Database) -> None:
    from osgo_desktop.services import demo

    with full_demo_db.uow() as uow:
        voted = screened_competition(uow)
    workspace.open_competition(voted)
    page = workspace.competition_page
    assert page.voting_button.objectName() == "primary" and page.protocols_button.objectName() != "primary"
    with full_demo_db.uow() as uow:
        demo.hold_demo_vote(uow, voted)
    workspace.open_competition(voted)
    assert page.protocols_button.objectName() == "primary" and page.voting_button.objectName() != "primary"


def test_locking_the_screen_asks_before_dropping_a_typed_paper(
    qtbot: QtBot, entry_window: EntryWindow, answers: Answers
) -> None:
    unlock(qtbot, entry_window, Side.SECRETARIAT, SECRETARIAT_PIN)
    type_line(qtbot, "3")
    entry_window.lock()  # Ctrl+L: "keep entering"
    assert answers.asked == ["Drop the paper being entered?"] and entry_window.entry is not None
    assert answers.texts[-1].endswith("Lock the screen and drop what is typed?")  # locking, not closing
    answers.yes = True
    entry_window.lock()
    assert entry_window.entry is None and entry_window.entrant is None


def _organisation_tie(vote_ctx: AppContext) -> tuple[int, int]:
    """Round 1 closed with six clear, then Байтемиров (No. 2), Кенжебаева (No. 5, his organisation's) and Ногойбаева
    (No. 7) with 9 votes each for the last seat: (the round, its competition)."""
    round_id = open_session_in(vote_ctx.db)
    votes = {1: 15, 3: 14, 4: 13, 6: 12, 9: 11, 8: 10, 2: 9, 5: 9, 7: 9}
    papers = ballots_from_counts(votes, 15)
    enter_all(vote_ctx.db, round_id, papers, Side.SECRETARIAT)
    enter_all(vote_ctx.db, round_id, papers, Side.COUNTING)
    with vote_ctx.db.uow() as uow:
        voting.close_round(uow, round_id, voting.PaperCounts(15, 15, 0))
        competition_id = voting.get_round(uow, round_id).competition_id
    return round_id, competition_id


def test_a_tie_is_explained_on_the_page_naming_the_organisation_the_tied_share(
    qtbot: QtBot, vote_ctx: AppContext
) -> None:
    """Six clear, then Байтемиров (No. 2), Кенжебаева (No. 5, his organisation's) and Ногойбаева (No. 7) with 9
    votes each for the last seat: the page says who, for how many seats, and that two of them share an
    organisation — above the ranking and in each tied row, as the protocol does."""
    round_id, competition_id = _organisation_tie(vote_ctx)
    page = VotingPage(vote_ctx)
    qtbot.addWidget(page)
    page.show_competition(competition_id, round_id)
    assert page.view is not None and page.view.tie_cause is not None
    banner = page.tie_banner.text()
    assert not page.tie_banner.isHidden()
    assert banner.startswith("Tie: 3 candidates for 1 seat.")
    assert "are nominated by the same organisation" in banner and "Байтемиров" in banner and "Кенжебаева" in banner
    assert "several sets of them are admissible" in banner
    assert banner.endswith("Runoff round 2 was opened among the tied candidates for the 1 seat in question.")
    rows = {
        page.result_model.data(page.result_model.index(row, 2)): page.result_model.data(page.result_model.index(row, 4))
        for row in range(page.result_model.rowCount())
    }
    tied = {name: status for name, status in rows.items() if status.startswith("= Tie: ")}
    assert len(tied) == 3
    assert "the same organisation as Кенжебаева" in next(s for n, s in tied.items() if "Байтемиров" in n)
    assert next(s for n, s in tied.items() if "Ногойбаева" in n).endswith("equal votes with the others tied")
    # the runoff round says which tie it settles
    page.show_competition(competition_id)
    assert page.view is not None and page.view.runoff and page.view.open
    assert "is a runoff among the candidates tied in round 1" in page.tie_banner.text()
    assert "the same organisation" in page.tie_banner.text()


def test_the_session_shows_in_one_line_and_its_details_on_demand_leaving_the_results_their_room(
    qtbot: QtBot, vote_ctx: AppContext
) -> None:
    """Issue 16: with a tie explained above them, the results of a round of ten candidates showed five rows at
    1366 × 768 — the session's six lines took the room. The session now says when, where and the quorum in one line,
    the rest on demand, and the ranking down to the tied rows is in sight in the page's room on that screen."""
    round_id, competition_id = _organisation_tie(vote_ctx)
    vote_ctx.set_language("ky")
    page = VotingPage(vote_ctx)
    qtbot.addWidget(page)
    page.show_competition(competition_id, round_id)
    page.resize(1366, 660)  # a maximised window's page on a 1366 × 768 laptop, below the menu and the title
    page.show()
    qtbot.waitExposed(page)
    assert "15" in page.session_text.text()  # members present of 15, with the date and the place
    assert page.session_details.isHidden() and "Кадырова" in page.session_details.text()  # the secretary, on demand
    table = page.result

    def rows_in_sight() -> int:
        height = table.viewport().height()
        rows = range(page.result_model.rowCount())
        return sum(
            1
            for r in rows
            if table.rowViewportPosition(r) >= 0 and table.rowViewportPosition(r) + table.rowHeight(r) <= height
        )

    qtbot.waitUntil(lambda: rows_in_sight() >= 8)  # the six elected and the tied below them (five rows before)
    page.session_toggle.click()
    assert page.session_details.isVisible()
    page.session_toggle.click()
    assert page.session_details.isHidden()

"""The projector view of the rating vote: what the audience reads in each phase, full screen, the language."""

from __future__ import annotations

from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QScreen
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osgo_desktop.i18n import _
from osgo_desktop.services.projector import ProjectorRow, ProjectorState
from ui.context import AppContext
from ui.dialogs.projector_screen import ScreenDialog, default_screen
from ui.models.projector import status_text
from ui.windows.projector import ProjectorWindow

ROWS = (
    ProjectorRow(2, "Айтматова Гүлнара Сыдыковна", 12, 1, "elected"),
    ProjectorRow(5, "Жумабаева Айпери Кубанычбековна", 11, 2, "elected"),
    ProjectorRow(10, "Өмүрова Асел Жолдошбековна", 8, 3, "tie"),
    ProjectorRow(13, "Үсөнов Кубат Бакытбекович", 8, 3, "tie"),
    ProjectorRow(3, "Бакиева Жылдыз Асановна", 4, 5, "skipped"),
    ProjectorRow(14, "Шарипова Мээрим Талантбековна", 1, 6, "reserve"),
)


def state(phase: str = "entry", **changes: object) -> ProjectorState:
    values: dict[str, object] = {
        "title": "Финансы министрлигинин коомдук байкоочу кеңеши",
        "competition_number": "2026-07",
        "round_number": 1,
        "runoff": False,
        "seats": 3,
        "phase": phase,
        "ballots_expected": 15,
        "ballots_agreed": 10,
        "ballots_entered_once": 12,
        "disagreements": 1,
        "rows": ROWS,
    }
    values.update(changes)
    return ProjectorState(**values)  # type: ignore[arg-type]


@pytest.fixture
def projector(qtbot: QtBot, ctx: AppContext) -> ProjectorWindow:
    window = ProjectorWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def shown_rows(window: ProjectorWindow) -> list[list[str]]:
    model = window.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_entry_shows_the_ballot_counts(projector: ProjectorWindow) -> None:
    projector.show_state(state())
    assert projector.pages.currentWidget() is projector.entry_page
    assert projector.entered_label.text() == "Ballots entered: 12 of 15"
    assert projector.agreed_label.text() == "Both entries agree: 10"
    assert projector.disagreements_label.text() == "Disagreements: 1"
    assert projector.once_label.text() == "Waiting for the second entry: 1"
    assert projector.title.text() == "Финансы министрлигинин коомдук байкоочу кеңеши"
    assert projector.subtitle.text() == "Competition No. 2026-07 · Round 1 · Seats to fill: 3"
    assert projector.entered_label.isVisible() and not projector.table.isVisible()
    # the audience does not see votes before the tally
    assert projector.model.rowCount() == 0


def test_counts_follow_each_new_state(projector: ProjectorWindow) -> None:
    projector.show_state(state())
    projector.show_state(state(ballots_entered_once=13, ballots_agreed=12, disagreements=0))
    assert projector.entered_label.text() == "Ballots entered: 13 of 15"
    assert projector.agreed_label.text() == "Both entries agree: 12"
    assert projector.disagreements_label.text() == "Disagreements: 0"


def test_result_shows_the_ranking_with_marks_not_colour_only(
    projector: ProjectorWindow, qtmodeltester: ModelTester
) -> None:
    projector.show_state(state("result", note="Тең добуш: кайра добуш берүү"))
    assert projector.pages.currentWidget() is projector.table and projector.table.isVisible()
    assert projector.phase_label.text() == "Result of the rating vote"
    assert "Seats to fill: 3" in projector.subtitle.text()
    rows = shown_rows(projector)
    assert rows[0] == ["1", "2", "Айтматова Гүлнара Сыдыковна", "12", "✔ Elected"]
    assert [row[4] for row in rows] == ["✔ Elected", "✔ Elected", "= Tie", "= Tie", "– Skipped", "Reserve"]
    assert [row[0] for row in rows[2:4]] == ["3", "3"]  # equal votes, equal rank
    model = projector.model
    elected = model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole)
    tied = model.index(2, 2).data(Qt.ItemDataRole.BackgroundRole)
    assert elected is not None and tied is not None and elected.color() != tied.color()
    assert model.index(5, 2).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(0, 2).data(Qt.ItemDataRole.FontRole).bold()
    assert projector.note.isVisible() and projector.note.text() == "Тең добуш: кайра добуш берүү"
    qtmodeltester.check(model)


def test_switching_back_to_entry_hides_the_ranking(projector: ProjectorWindow) -> None:
    projector.show_state(state("result"))
    projector.show_state(state("entry", round_number=2, runoff=True, seats=1, rows=ROWS[2:4]))
    assert projector.pages.currentWidget() is projector.entry_page
    assert projector.model.rowCount() == 0
    assert projector.subtitle.text() == "Competition No. 2026-07 · Runoff, round 2 · Seats to fill: 1"
    assert not projector.note.isVisible()


def test_votes_not_yet_counted_show_a_dash(projector: ProjectorWindow) -> None:
    projector.show_state(state("result", rows=(ProjectorRow(1, "Абдыкадыров Нурлан", None, None),)))
    assert shown_rows(projector) == [["—", "1", "Абдыкадыров Нурлан", "—", ""]]


def test_type_grows_with_the_window(projector: ProjectorWindow) -> None:
    projector.show_state(state("result"))
    small_count, small_rows = projector.entered_label.font().pixelSize(), projector.table.font().pixelSize()
    projector.resize(1920, 1080)
    assert projector.entered_label.font().pixelSize() > small_count
    assert projector.table.font().pixelSize() >= small_rows
    # every row fits: nothing to scroll on a projector
    table = projector.table
    assert table.horizontalHeader().height() + table.verticalHeader().length() <= table.height()


def test_show_on_goes_full_screen_on_that_screen(qtbot: QtBot, projector: ProjectorWindow) -> None:
    screen = QGuiApplication.primaryScreen()
    projector.show_on(screen)
    qtbot.waitUntil(projector.isFullScreen)
    assert projector.windowState() & Qt.WindowState.WindowFullScreen
    assert projector.screen() is screen
    assert projector.geometry() == screen.geometry()


def test_escape_leaves_full_screen_then_closes(qtbot: QtBot, projector: ProjectorWindow) -> None:
    projector.show_on(QGuiApplication.primaryScreen())
    qtbot.waitUntil(projector.isFullScreen)
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isFullScreen()
    with qtbot.waitSignal(projector.closed):
        qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible()


def test_f11_toggles_full_screen(qtbot: QtBot, projector: ProjectorWindow) -> None:
    qtbot.keyClick(projector, Qt.Key.Key_F11)
    assert projector.isFullScreen()
    qtbot.keyClick(projector, Qt.Key.Key_F11)
    assert not projector.isFullScreen()


def test_the_projector_follows_the_language(projector: ProjectorWindow, ctx: AppContext) -> None:
    projector.show_state(state("result"))
    header = projector.model.headerData(2, Qt.Orientation.Horizontal)
    assert header == "Candidate"
    ctx.set_language("ru")
    assert projector.model.headerData(2, Qt.Orientation.Horizontal) == _("Candidate") == "Кандидат"
    assert projector.phase_label.text() == _("Result of the rating vote")
    assert shown_rows(projector)[0][4] == status_text("elected") == f"✔ {_('Elected')}"
    projector.show_state(state("entry"))
    assert projector.entered_label.text() == _("Ballots entered: {entered} of {expected}").format(
        entered=12, expected=15
    )


def test_the_screen_dialog_lists_every_screen(qtbot: QtBot, projector: ProjectorWindow) -> None:
    dialog = ScreenDialog(projector)
    qtbot.addWidget(dialog)
    screens = QGuiApplication.screens()
    assert dialog.list.count() == len(screens)
    size = screens[0].geometry()
    # named as a person names it, not by the system's name for the output ("screen — 1366 × 768")
    assert dialog.list.item(0).text().startswith(f"Screen 1 (primary), {size.width()} × {size.height()}")
    assert dialog.selected_screen() is screens[0]  # one screen: that one
    with qtbot.waitSignal(dialog.accepted):
        dialog.list.itemActivated.emit(dialog.list.item(0))


def test_with_two_screens_the_other_one_is_offered() -> None:
    first, second = cast(QScreen, object()), cast(QScreen, object())
    assert default_screen([first, second], first) is second
    assert default_screen([first, second], second) is first
    assert default_screen([first], first) is first
    assert default_screen([], None) is None

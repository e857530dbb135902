"""The main window as a user meets it: the first-run guide, creating a competition, the table, languages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.profile import Kind
from osgo_desktop.domain.registry import StateBodyDraft
from osgo_desktop.services import competitions, listing, registries
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from ui.context import AppContext
from ui.dialogs.competition import CompetitionDialog
from ui.main_window import MainWindow
from ui.settings import Settings


def add_body(db: Database) -> int:
    with db.uow() as uow:
        return registries.save_body(
            uow, StateBodyDraft("Финансы министрлиги", "Министерство финансов", "Ministry of Finance")
        )


def fill_council(dialog: CompetitionDialog, body_id: int) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(Kind.COUNCIL))
    dialog.body.setCurrentIndex(dialog.body.findData(body_id))
    dialog.seats.setValue(11)
    dialog.address.setText("Бишкек ш., Абдымомунов к., 207")


def test_a_new_database_shows_the_first_run_guide(window: MainWindow) -> None:
    page = window.competitions_page
    assert page.guide.isVisible() and not page.table.isVisible()
    assert "new and empty" in page.guide.text()


def test_create_a_council_competition_through_the_dialog(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    body_id = add_body(db)
    dialog = window.new_competition()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no state body, no address yet
    assert "Choose the state body" in dialog._fields["body_id"][2].text()
    fill_council(dialog, body_id)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    # The new competition opens; back in the list it is a row of the table.
    assert window.ws.currentWidget() is window.competition_page
    assert "Ministry of Finance" in window.competition_page.title.text()
    window.show_competitions()
    page = window.competitions_page
    assert page.table.isVisible() and not page.guide.isVisible()
    rows = page.model.rows()
    assert len(rows) == 1 and rows[0].seats == 11 and rows[0].state is State.DRAFT
    assert page.proxy.index(0, 1).data() == "Ministry of Finance"


def test_a_double_click_on_ok_creates_one_competition(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    body_id = add_body(db)
    dialog = window.new_competition()
    fill_council(dialog, body_id)
    dialog._submitting = True  # the first click's save is under way
    dialog.submit()
    dialog._submitting = False
    dialog.submit()
    dialog.submit()  # the dialog has closed; a late click does nothing
    with db.uow() as uow:
        assert len(competitions.list_competitions(uow)) == 1


def test_errors_from_saving_stay_in_the_form(qtbot: QtBot, window: MainWindow, db: Database) -> None:
    body_id = add_body(db)
    dialog = window.new_competition()
    fill_council(dialog, body_id)
    with db.uow() as uow:  # someone deactivates... no: the body disappears behind the dialog's back
        uow.session.execute(uow.bodies.cls.__table__.delete())  # type: ignore[attr-defined]
        uow.commit()
    dialog.submit()
    assert dialog.isVisible()
    assert "no longer exists" in dialog._fields["body_id"][2].text()
    assert dialog.address.text() == "Бишкек ш., Абдымомунов к., 207"  # nothing typed is lost


def test_models_pass_the_model_tester(qtmodeltester: ModelTester, demo_db: Database, window: MainWindow) -> None:
    qtmodeltester.check(window.competitions_page.model)
    qtmodeltester.check(window.competitions_page.proxy)
    window.open_competition(window.competitions_page.model.rows()[0].id)
    qtmodeltester.check(window.competition_page.calendar_model)
    for opener in (window.open_bodies, window.open_commission, window.open_counting):
        dialog = opener()
        assert dialog.model.rowCount() > 0
        qtmodeltester.check(dialog.model)
        qtmodeltester.check(dialog.proxy)
        dialog.close()


def test_the_table_filters_and_colours_overdue_deadlines(demo_db: Database, window: MainWindow) -> None:
    page = window.competitions_page
    window.ctx.refresh_all()
    assert page.proxy.rowCount() == 3
    overdue = [page.proxy.index(r, 4) for r in range(3) if "overdue" in page.proxy.index(r, 4).data()]
    assert len(overdue) == 1
    assert overdue[0].data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    page.filter.setText("finance")
    assert page.proxy.rowCount() == 1
    page.filter.setText("")
    page.show_finished.setChecked(False)
    assert page.proxy.rowCount() == 3  # nothing is closed or cancelled in the demo


def test_the_language_switch_changes_what_is_shown(demo_db: Database, window: MainWindow, ctx: AppContext) -> None:
    page = window.competitions_page
    header = page.model.headerData(3, Qt.Orientation.Horizontal)
    assert header == "State"
    ctx.set_language("ru")
    assert page.model.headerData(3, Qt.Orientation.Horizontal) == "Состояние"
    assert window.file_menu.title() == "&Файл"
    assert "Министерство финансов" in " ".join(page.proxy.index(r, 1).data() for r in range(3))
    ctx.set_language("ky")
    assert page.model.headerData(3, Qt.Orientation.Horizontal) != "Состояние"
    assert "Финансы министрлиги" in " ".join(page.proxy.index(r, 1).data() for r in range(3))
    assert window.language_actions["ky"].isChecked() and not window.language_actions["ru"].isChecked()


def test_the_first_start_fills_the_screen(window: MainWindow) -> None:
    """Issue 16: the window opened at 1200 × 688 on any screen; on first start it is maximised."""
    assert window.isMaximized()
    assert window.frameGeometry().size() == window.screen().availableGeometry().size()


def test_the_window_comes_back_where_and_as_large_as_it_was_left(
    qtbot: QtBot, ctx: AppContext, window: MainWindow
) -> None:
    window.showNormal()
    window.setGeometry(60, 70, 700, 503)
    qtbot.waitUntil(lambda: window.geometry().size().toTuple() == (700, 503))
    left = window.geometry()
    window.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.isMaximized()
    assert again.geometry() == left


def test_a_window_left_maximised_comes_back_maximised(qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    window.showNormal()
    window.showMaximized()
    window.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.isMaximized()


def test_the_window_fits_a_small_screen_in_kyrgyz(window: MainWindow, ctx: AppContext) -> None:
    """Long Kyrgyz button labels in one row made the competition page too wide for a small screen (on the trial's
    1,600 px screen the window ran off its edge): the rows of buttons wrap, so the window fits a 1,024 px one."""
    ctx.set_language("ky")
    assert window.minimumSizeHint().width() <= 1024


def test_the_window_un_maximised_leaves_room_for_its_frame_on_a_small_screen(window: MainWindow) -> None:
    """Opened at 1200 × 760 on a 768 px laptop, its frame pushed the status bar off the screen."""
    screen = window.screen().availableGeometry()  # the test screen is 800 × 800
    normal = window.normalGeometry()  # where it goes when the user un-maximises it
    assert normal.height() <= screen.height() - 80 and normal.width() <= screen.width() - 40


def test_the_competitions_show_before_the_database_is_open_and_stay_once_it_is(
    qtbot: QtBot, demo_db: Database, settings: Settings
) -> None:
    """The first look (sqlite3 alone) fills the list while the database opens; the workspace takes the page over."""
    ctx = AppContext(None, settings, demo_db.clock)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert demo_db.engine.url.database is not None
    rows = listing.first_look(sqlite_url(Path(demo_db.engine.url.database)), demo_db.clock)
    assert rows is not None and len(rows) == 3
    window.show_first_look(rows)
    page = window.first_look
    assert page is not None and page.isVisible() and page.proxy.rowCount() == 3
    assert not window.new_action.isEnabled()  # nothing that needs the database before it is open
    demo_db.run(competitions.cancel, rows[0].id, "A late change the first look did not see")
    ctx.attach(demo_db)
    assert window.workspace is not None and window.workspace.competitions_page is page
    assert page.isVisible() and window.first_look is None
    states = {page.model.row_at(r).id: page.model.row_at(r).state for r in range(page.model.rowCount())}
    assert states[rows[0].id] is State.CANCELLED  # reloaded from the open database
    ctx.close()

"""A competition's page: its steps and calendar, announcing it, the announcement PDF, editing and cancelling."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.lifecycle import State
from osgo_desktop.services import competitions, demo
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY
from ui.context import AppContext
from ui.dialogs.actions import AnnounceDialog, CancelDialog
from ui.dialogs.competition import CompetitionDialog
from ui.main_window import MainWindow
from ui.pages.competition import CompetitionPage


def competition_id(db: Database, state: State) -> int:
    with db.uow() as uow:
        return next(r.id for r in competitions.list_competitions(uow) if r.state is state and r.body is not None)


@pytest.fixture
def page(demo_db: Database, window: MainWindow) -> CompetitionPage:
    window.open_competition(competition_id(demo_db, State.DRAFT))
    return window.competition_page


def test_a_draft_shows_its_steps_and_calendar(page: CompetitionPage) -> None:
    assert page.state_label.text() == "Draft"
    assert "Print the announcement" in page.step_text.text()
    assert page.announce_button.isVisible() and not page.close_intake_button.isVisible()
    whats = [page.calendar_model.index(r, 1).data() for r in range(page.calendar_model.rowCount())]
    assert whats == ["Latest announcement date", "Latest formation date", "Current composition's powers expire"]


def test_announcing_through_the_dialog(qtbot: QtBot, page: CompetitionPage, demo_db: Database) -> None:
    page.announce_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AnnounceDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no media outlet yet
    dialog.date.setDate(QDate(TODAY + dt.timedelta(days=1)))
    dialog.outlet.setText("«Эркин-Тоо»")
    assert not ok.isEnabled() and "future" in dialog._fields["publication_date"][2].text()
    dialog.date.setDate(QDate(TODAY))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.state_label.text() == "Announced"
    assert "Announced. Documents are accepted until" in page.message.text()
    assert "Register each application" in page.step_text.text()
    assert page.applications_button.isVisible()
    assert page.close_intake_button.isVisible() and not page.close_intake_button.isEnabled()
    assert "cannot be closed before then" in page.close_intake_button.toolTip()
    assert any("Draft » Announced — «Эркин-Тоо»" in page.history.item(i).text() for i in range(page.history.count()))


def test_the_announcement_pdf_is_made_in_the_background_and_shown(
    qtbot: QtBot, page: CompetitionPage, home: Path
) -> None:
    with qtbot.waitSignal(page.document_ready, timeout=20000) as blocker:
        page.pdf_ru.click()
        assert not page.pdf_ru.isEnabled()  # no second click while it renders
    path = blocker.args[0]
    assert path.is_file() and path.name.endswith("-ru.pdf") and path.is_relative_to(home)
    assert path.read_bytes().startswith(b"%PDF")
    assert page.pdf_ru.isEnabled()
    preview = page.printer.previews[-1]
    assert preview.isVisible() and preview.page_count >= 1
    preview.close()


def test_editing_keeps_what_was_typed_and_saves(page: CompetitionPage, demo_db: Database) -> None:
    page.edit_button.click()
    dialog = page.dialog
    assert isinstance(dialog, CompetitionDialog)
    assert dialog.seats.value() == 11 and dialog.kind.isEnabled()  # a draft may still change its kind
    dialog.seats.setValue(13)
    dialog.submit()
    assert not dialog.isVisible()
    assert page.detail is not None and page.detail.seats == 13


def test_cancelling_needs_a_reason(page: CompetitionPage) -> None:
    page.cancel_button.click()
    dialog = page.dialog
    assert isinstance(dialog, CancelDialog)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.reason.setPlainText("Мамлекеттик орган кайра уюшулду")
    dialog.submit()
    assert page.state_label.text() == "Cancelled"
    assert "Мамлекеттик орган кайра уюшулду" in page.step_text.text()
    assert not page.cancel_button.isVisible() and not page.edit_button.isVisible()


def test_the_page_follows_the_language(page: CompetitionPage, ctx: AppContext) -> None:
    ctx.set_language("ky")
    assert page.state_label.text() == "Долбоор"
    assert "Кыргыз Республикасынын Финансы министрлиги" in page.title.text()
    ctx.set_language("ru")
    assert page.state_label.text() == "Черновик"
    assert "Министерство финансов Кыргызской Республики" in page.title.text()


def test_the_address_and_the_outlet_are_shown_in_the_ui_language(
    demo_db: Database, window: MainWindow, ctx: AppContext
) -> None:
    """Both are entered in Kyrgyz and in Russian: the Russian screen shows the Russian forms."""
    window.open_competition(competition_id(demo_db, State.ANNOUNCED))
    page = window.competition_page

    def shown() -> str:
        form = page.details
        fields = (form.itemAt(row, QFormLayout.ItemRole.FieldRole) for row in range(form.rowCount()))
        return " ".join(f.widget().text() for f in fields if f is not None and isinstance(f.widget(), QLabel))

    ctx.set_language("ru")
    assert demo.INTAKE_ADDRESS_RU in shown() and demo.INTAKE_ADDRESS not in shown()
    ctx.set_language("ky")
    assert demo.INTAKE_ADDRESS in shown() and demo.INTAKE_ADDRESS_RU not in shown()


def test_the_page_shows_its_details_whole_on_a_small_window_in_kyrgyz(
    qtbot: QtBot, demo_db: Database, window: MainWindow, ctx: AppContext
) -> None:
    """Issue 16: at the window's old first size the details, the calendar's status column and the history were cut
    off. The values wrap and scroll, the status column stays in sight, a long history note wraps."""
    ctx.set_language("ky")
    window.showNormal()
    window.resize(1200, 560)
    window.open_competition(competition_id(demo_db, State.ANNOUNCED))
    page = window.competition_page
    qtbot.waitUntil(lambda: page.history.count() > 0)
    body = page.details_scroll.widget()
    values = [label for label in body.findChildren(QLabel) if label.wordWrap()]
    assert len(values) >= 8
    for label in values:
        assert label.height() >= label.heightForWidth(label.width()), label.text()  # no line cut off
        assert label.geometry().bottom() <= body.height()
    bar = page.details_scroll.verticalScrollBar()
    assert body.height() <= page.details_scroll.viewport().height() + bar.maximum()  # all of it within reach
    status = page.calendar.horizontalHeader()
    last = page.calendar_model.columnCount() - 1
    assert status.sectionViewportPosition(last) + status.sectionSize(last) <= page.calendar.viewport().width()
    assert page.history.wordWrap() and not page.history.horizontalScrollBar().isVisible()

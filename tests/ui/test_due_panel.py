"""The due overview on the start screen: a real model sorted by urgency, overdue rows standing out in colour and
words, a competition and a campaign made from the selected rows."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.due import Step
from osgo_desktop.services import campaigns, competitions
from osgo_desktop.storage.uow import Database
from tests.due_support import seed_due
from ui.main_window import MainWindow
from ui.widgets.due import BODY_COLUMN, STEP_COLUMN, CampaignDialog, DuePanel

ADDRESS = "Бишкек ш., Эркиндик бульвары, 1"


def panel_of(window: MainWindow) -> DuePanel:
    return window.ws.due_panel


def test_the_start_screen_shows_what_is_due(
    qtbot: QtBot, db: Database, window: MainWindow, qtmodeltester: ModelTester, tmp_path: Path
) -> None:
    with db.uow() as uow:
        seed_due(uow)
    window.ctx.refresh_all()
    panel = panel_of(window)
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    statuses = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert statuses[0] == "OVERDUE by 13 days" and statuses[-1] == "no composition on record"
    first = panel.proxy.index(0, 2)
    assert first.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    font = first.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert panel.proxy.index(1, 2).data(Qt.ItemDataRole.FontRole) is None
    assert panel.summary.text() == "1 step is overdue"
    # Sorted by name: Kyrgyz alphabetical order.
    panel.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    names = [panel.proxy.index(r, 2).data() for r in range(panel.proxy.rowCount())]
    assert names == sorted(names, key=kyrgyz_sort_key)
    if os.environ.get("OSGO_SHOTS"):
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        panel.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        for lang in ("en", "ky", "ru"):
            window.ctx.set_language(lang)
            qtbot.wait(50)  # the layouts settle on the new texts before the picture (pictures only)
            window.grab().save(str(Path(os.environ["OSGO_SHOTS"]) / f"due-{lang}.png"))


def test_the_name_and_the_step_share_the_width_at_1366(qtbot: QtBot, db: Database, window: MainWindow) -> None:
    """Neither long text squeezes the other out, in the longest language: what one lacks, the other lacks in the
    same proportion, and the table fills its width."""
    with db.uow() as uow:
        seed_due(uow)
    window.ctx.set_language("ky")
    window.ctx.refresh_all()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    table = panel_of(window).table
    header = table.horizontalHeader()
    shown = {c: header.sectionSize(c) / table.sizeHintForColumn(c) for c in (BODY_COLUMN, STEP_COLUMN)}
    assert shown[STEP_COLUMN] == pytest.approx(min(shown[BODY_COLUMN], 1.0), abs=0.02)
    assert shown[BODY_COLUMN] >= min(shown[STEP_COLUMN], 1.0) - 0.02
    assert sum(header.sectionSize(c) for c in range(header.count())) >= table.viewport().width() - 2
    # what a narrow column cuts, its tooltip says whole
    model = table.model()
    for row in range(model.rowCount()):
        for column in (BODY_COLUMN, STEP_COLUMN):
            index = model.index(row, column)
            assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data(Qt.ItemDataRole.DisplayRole)


def test_a_competition_from_the_selected_row(qtbot: QtBot, db: Database, window: MainWindow) -> None:
    with db.uow() as uow:
        seeded = seed_due(uow)
    window.ctx.refresh_all()
    panel = panel_of(window)
    panel.table.selectRow(0)  # MOH, overdue
    assert panel.create_button.isEnabled() and not panel.campaign_button.isEnabled()
    # No competition gave the intake address yet: the form opens with the row's data, only that to type.
    with qtbot.waitSignal(panel.draft_requested) as asked:
        panel.create_button.click()
    draft = asked.args[0]
    assert (draft.body_id, draft.seats, draft.expiry_date) == (seeded.body_ids["MOH"], 9, dt.date(2027, 1, 10))
    dialog = window.ws.dialog
    assert dialog is not None and dialog.seats.value() == 9  # type: ignore[attr-defined]
    dialog.address.setText(ADDRESS)  # type: ignore[attr-defined]
    dialog.buttons.accepted.emit()  # type: ignore[attr-defined]
    with db.uow() as uow:
        (_made,) = competitions.list_competitions(uow)
    assert window.ws.currentWidget() is window.ws.competition_page
    # The next row is made at once: the address is known now.
    window.ws.show_competitions()
    moe = next(r for r in range(panel.proxy.rowCount()) if panel.model.row_at(r).body.code == "MOE")
    panel.table.selectRow(moe)
    panel.create_button.click()
    with db.uow() as uow:
        made = competitions.get_competition(uow, max(r.id for r in competitions.list_competitions(uow)))
    assert (made.body_id, made.expiry_date, made.intake_address) == (
        seeded.body_ids["MOE"],
        dt.date(2027, 2, 1),
        ADDRESS,
    )


def test_a_campaign_of_the_selected_councils(qtbot: QtBot, db: Database, window: MainWindow) -> None:
    with db.uow() as uow:
        seed_due(uow)
    window.ctx.refresh_all()
    panel = panel_of(window)
    rows = [
        r
        for r in range(panel.proxy.rowCount())
        if panel.model.row_at(r).body.code in ("MOH", "MOE", "MOF") and panel.model.row_at(r).step is Step.ANNOUNCE
    ]
    for r in rows:
        panel.table.selectionModel().select(
            panel.proxy.index(r, 0),
            panel.table.selectionModel().SelectionFlag.Select | panel.table.selectionModel().SelectionFlag.Rows,
        )
    assert panel.campaign_button.isEnabled() and not panel.create_button.isEnabled()
    panel.campaign_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, CampaignDialog)
    assert [s.value() for s in dialog.seats] == [9, 7, 11]
    dialog.seats[1].setValue(9)
    dialog.address.ky.setText(ADDRESS)
    dialog.buttons.accepted.emit()
    with db.uow() as uow:
        (campaign,) = campaigns.list_campaigns(uow)
    assert [c.seats for c in campaign.councils] == [9, 9, 11]
    assert all(panel.model.row_at(r).competition is not None for r in rows)

"""The audit viewer: its model, its filters, the chain check from the dialog; the warning on opening."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from osgo_desktop.domain.roles import Role
from osgo_desktop.services import accounts
from osgo_desktop.services import audit as audit_service
from osgo_desktop.storage.uow import Database
from ui.app import audit_warning
from ui.dialogs.audit import AuditDialog
from ui.main_window import MainWindow


def answered(qtbot: QtBot, dialog: AuditDialog) -> AuditDialog:
    """``dialog`` once the database has answered its last request and the chain's check has ended (both run in the
    background)."""
    qtbot.waitUntil(lambda: not dialog.loading and not dialog.checking, timeout=10_000)
    return dialog


def test_the_viewer_filters_by_table_and_text(
    qtbot: QtBot, qtmodeltester: ModelTester, demo_db: Database, window: MainWindow
) -> None:
    dialog = answered(qtbot, window.open_audit())
    qtmodeltester.check(dialog.model)
    everything = dialog.model.rowCount()
    assert everything >= 30 and window.audit_action.isEnabled()
    dialog.table_filter.setCurrentIndex(dialog.table_filter.findData("state_body"))
    assert dialog.loading and dialog.model.rowCount() == everything  # the table shows the last answer meanwhile
    answered(qtbot, dialog)
    assert {r.table for r in dialog.model.rows()} == {"state_body"}
    assert dialog.table_filter.currentText() == "State body"  # the reader's name for it, not the database's
    assert dialog.model.index(0, 4).data() == "State body"
    record = dialog.model.index(0, 5)  # its tooltip: the record whole, then its key in the database
    assert record.data(Qt.ItemDataRole.ToolTipRole).startswith(record.data() + "\nid=")
    assert 0 < dialog.model.rowCount() < everything
    dialog.text_filter.setText("Министерство здравоохранения")
    assert dialog.proxy.rowCount() == 1
    dialog.table_filter.setCurrentIndex(0)  # all tables again; the text filter still applies
    answered(qtbot, dialog)
    assert dialog.model.rowCount() == everything and dialog.proxy.rowCount() >= 1
    actors = [dialog.actor_filter.itemText(i) for i in range(1, dialog.actor_filter.count())]
    # the demo is written by its people, not by the operating system's user
    assert {"Администратор (admin)", "Кадырова Мээрим Аскаровна (secretary)"} <= set(actors)
    dialog.actor_filter.setCurrentIndex(dialog.actor_filter.findText("Администратор (admin)"))
    answered(qtbot, dialog)
    assert 0 < dialog.model.rowCount() < everything
    dialog.actor_filter.setCurrentIndex(0)
    dialog.since_check.setChecked(True)  # today, in Bishkek: everything was written today
    answered(qtbot, dialog)
    assert dialog.model.rowCount() == everything


def test_the_check_button_shows_where_the_data_was_changed(qtbot: QtBot, demo_db: Database, window: MainWindow) -> None:
    with demo_db.engine.begin() as connection:
        connection.execute(text("UPDATE competition SET seats = 15 WHERE id = 1"))
    dialog = window.open_audit()
    assert dialog.checking and not dialog.check_button.isEnabled()
    assert dialog.status.text() == "Checking the audit chain and every row against it…"
    answered(qtbot, dialog)  # opening the log checks it: the verdict of now, not of the app's start
    assert "Competition (competition, id=1): changed outside the app — seats" in dialog.status.text()
    assert dialog.status.text().endswith("Checked at 12:00:00.") and dialog.check_button.isEnabled()
    dialog.check_button.click()
    assert dialog.checking
    answered(qtbot, dialog)
    assert "Competition (competition, id=1): changed outside the app — seats" in dialog.status.text()
    assert demo_db.audit_report is not None
    assert "Competition (competition, id=1)" in audit_warning(demo_db.audit_report)


def test_the_chain_state_says_how_many_entries_came_after_the_last_check(
    qtbot: QtBot, demo_db: Database, window: MainWindow
) -> None:
    dialog = answered(qtbot, window.open_audit())
    assert dialog.status.text().startswith("The audit chain is intact (entries checked: ")
    with demo_db.uow() as uow:  # work done after the check: the count on screen no longer covers it
        accounts.seed_account(
            uow, accounts.AccountDraft("clerk", "Нурлан Асанов", "clerk pass", frozenset({Role.SECRETARIAT}))
        )
        uow.commit()
    dialog.reload()
    answered(qtbot, dialog)
    assert "was intact when it was last checked" in dialog.status.text()
    assert "Entries added since: " in dialog.status.text()
    dialog.check_button.click()
    answered(qtbot, dialog)
    assert dialog.status.text().startswith("The audit chain is intact (entries checked: ")
    with demo_db.engine.begin() as connection:  # the newest entry removed behind the app's back
        connection.execute(text("DELETE FROM audit_entry WHERE seq = (SELECT max(seq) FROM audit_entry)"))
    dialog.reload()
    answered(qtbot, dialog)
    assert "holds fewer entries than at its last check" in dialog.status.text()


def test_an_answer_overtaken_by_a_newer_filter_is_dropped(qtbot: QtBot, demo_db: Database, window: MainWindow) -> None:
    dialog = answered(qtbot, window.open_audit())
    dialog.table_filter.setCurrentIndex(dialog.table_filter.findData("state_body"))
    first = dialog._asked
    dialog.table_filter.setCurrentIndex(dialog.table_filter.findData("competition"))  # before the first answer
    dialog._on_load_failed(first)  # the first request failing while the second is on its way
    assert dialog.loading
    answered(qtbot, dialog)
    late = demo_db.run(audit_service.audit_view, table="state_body").value
    dialog._on_loaded(first, late)  # the first request's answer, coming last
    assert dialog.model.rowCount() > 0 and {r.table for r in dialog.model.rows()} == {"competition"}


def test_closing_the_viewer_while_it_reads_is_harmless(qtbot: QtBot, demo_db: Database, window: MainWindow) -> None:
    dialog = window.open_audit()
    assert dialog.loading
    dialog.close()  # deleted on close, before the database answers
    qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=10_000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # gone, and its answer went nowhere

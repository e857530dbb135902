"""A restored older copy of the database: warned on opening, shown in the audit viewer, acknowledged there (issue
14, item 4)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from osgo_desktop.storage import audit, chain_head, models
from osgo_desktop.storage.uow import Database
from tests.ui.conftest import Answers
from tests.ui.test_audit_dialog import answered
from ui.app import check_audit, restored_warning
from ui.main_window import MainWindow


def seen_newer(db: Database) -> None:
    """This computer saw the chain five entries further on: as if an older copy had been restored over it."""
    path = chain_head.state_path(db.engine.url)
    state = chain_head.load(path)
    assert state.head is not None
    chain_head.save(path, chain_head.ChainState(head=(state.head[0] + 5, "f" * 64), checked=state.checked))


def test_a_restored_copy_is_warned_and_acknowledged(
    qtbot: QtBot, demo_db: Database, window: MainWindow, answers: Answers
) -> None:
    assert check_audit(demo_db).restored is None  # the first opening: its head is the newest seen
    seen_newer(demo_db)
    opening = check_audit(demo_db)
    assert opening.report.ok and opening.restored is not None
    warning = restored_warning(opening.restored)
    assert "This database is an older copy" in warning and "View » Audit log » Acknowledge the restore" in warning

    dialog = answered(qtbot, window.open_audit())
    assert dialog.ack_button.isVisible() and "older copy" in dialog.restored_label.text()
    dialog.ack_button.click()  # answered "no"
    assert answers.asked == ["Acknowledge the restore"] and dialog.ack_button.isVisible()
    answers.yes = True
    dialog.ack_button.click()
    answered(qtbot, dialog)
    assert not dialog.ack_button.isVisible() and not dialog.restored_label.isVisible()
    with demo_db.engine.connect() as connection:
        last = connection.execute(select(models.AuditEntry).order_by(models.AuditEntry.seq.desc()).limit(1)).first()
    assert last is not None and (last.action, last.table_name) == ("restore", audit.ACK_TABLE)
    assert dialog.model.index(0, 3).data() == "restore acknowledged"
    assert dialog.model.index(0, 4).data() == "Restored older copy acknowledged"
    again = check_audit(demo_db)
    assert again.report.ok and again.restored is None

"""File » Back up… and File » Restore…: a backup made from the window, work done after it, and the backup restored
over the open database once the user acknowledged that it is older (issue 15, item 5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from osgo_desktop.domain.person import OrgKind
from osgo_desktop.storage import audit, models
from osgo_desktop.storage.uow import Database
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture
def demo_window(qtbot: QtBot, full_demo_db: Database, settings: Settings, home: Path) -> Iterator[MainWindow]:
    context = AppContext(full_demo_db, settings, full_demo_db.clock)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    context.tasks.cancel_all()
    context.tasks.wait()


def _organizations(db: Database) -> int:
    with db.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(models.Organization)).scalar_one())


def test_back_up_then_restore_an_older_backup_over_the_open_database(
    qtbot: QtBot, demo_window: MainWindow, full_demo_db: Database, tmp_path: Path
) -> None:
    db = full_demo_db
    out = tmp_path / "saved" / "meeting"
    dialog = demo_window.open_backup()
    dialog.set_path(out)
    with qtbot.waitSignal(dialog.backed_up, timeout=60_000) as made:
        dialog.start_button.click()
    backup_file = made.args[0].path
    assert backup_file.name == "meeting.osgo-backup" and "Backup written" in dialog.outcome.text()
    dialog.close()

    before = _organizations(db)
    with db.uow() as uow:  # work done after the backup: one more audit entry
        uow.session.add(models.Organization(name="Кийин кошулган", name_ru="", kind=OrgKind.FOUNDATION))
        uow.commit()
    assert _organizations(db) == before + 1

    restore = demo_window.open_restore()
    restore.set_path(backup_file)
    assert not restore.start_button.isEnabled()  # compare first
    assert "compare it with the open database" in restore.note.text() and restore.verdict.isHidden()
    restore.check_button.click()
    qtbot.waitUntil(lambda: restore.comparison is not None and restore.task is None, timeout=30_000)
    assert restore.comparison is not None and restore.comparison.kind == "older"
    assert "OLDER" in restore.verdict.text() and "1 entry more" in restore.verdict.text()
    assert restore.verdict.isVisible()
    assert restore.acknowledge.isVisible() and not restore.start_button.isEnabled()
    restore.acknowledge.setChecked(True)
    assert restore.start_button.isEnabled()
    with qtbot.waitSignal(restore.restored, timeout=60_000) as done:
        restore.start_button.click()
    replaced = done.args[0]
    assert "The audit log is whole" in restore.outcome.text()
    assert f"Restored into {db.url}." in restore.outcome.text() and ".restoring" not in restore.outcome.text()
    assert restore.verdict.isHidden()  # the comparison was with the database now replaced

    assert _organizations(db) == before  # the open database is the backup now
    assert db.check_audit().ok
    with db.engine.connect() as connection:
        last = connection.execute(select(models.AuditEntry).order_by(models.AuditEntry.seq.desc()).limit(1)).one()
        documents = list(connection.execute(select(models.Document.sha256).distinct()).scalars())
    assert (last.action, last.table_name) == ("restore", audit.ACK_TABLE)
    store = db.document_store()
    assert documents and all(store.verify(sha) for sha in documents)

    kept = Database.open(f"sqlite:///{replaced.kept}", db.clock)  # the replaced database is kept, whole
    try:
        assert _organizations(kept) == before + 1
        assert all(kept.document_store().verify(sha) for sha in documents)
    finally:
        kept.close()

    restore.close()  # its outcome read: the restored database's own accounts sign in to it again
    assert db.principal is None and demo_window.sign_in_flow is not None
    assert demo_window.stack.currentWidget() is demo_window.signed_out

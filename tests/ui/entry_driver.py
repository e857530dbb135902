"""A ballot-entry session in a process of its own, for the crash test: the real entry window on a real database,
typing papers one after another and printing ``confirmed N`` the moment each is saved, until it is killed.

    python -m tests.ui.entry_driver DATABASE.sqlite ROUND_ID PIN
"""

from __future__ import annotations

import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from osgo_desktop.services import voting
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock
from ui.context import AppContext
from ui.settings import Settings
from ui.windows.entry import EntryWindow


def main(path: str, round_id: int, pin: str) -> None:
    app = QApplication([])
    db = Database.open(sqlite_url(path), pinned_clock())
    settings = Settings(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat))
    ctx = AppContext(db, settings, db.clock)
    with db.uow() as uow:
        view = voting.get_round(uow, round_id)
    window = EntryWindow(ctx, view)
    window.show()
    window.who.setCurrentIndex(0)  # the secretariat
    window.secret.setText(pin)
    window._on_unlock_clicked()
    entry = window.entry
    assert entry is not None, window.unlock_message.text()
    serial = 0
    while True:  # until killed: one paper after another, as fast as the machine saves them
        serial = serial % view.papers_printed + 1
        entry.serial_edit.setText(str(serial))
        entry.marks_edit.setText(str(serial % len(view.candidates) + 1))
        if entry.stage():
            entry.confirm()
            if entry.staged() is None:
                print(f"confirmed {serial}", flush=True)
        app.processEvents()
        if serial == view.papers_printed:
            print("done", flush=True)
            app.exec()  # wait to be killed


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])

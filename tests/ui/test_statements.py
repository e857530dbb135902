"""What one confirmed paper costs the database, from the key press to the screen updated: at most 15 SQL
statements (the issue's budget), counted by a listener on the engine — the save with its checks and its audit entry,
and the refresh of what is on screen (the entry window and the vote's page behind it; hidden pages wait until
they are shown)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from osgo_desktop.domain.voting import Side
from osgo_desktop.storage.uow import Database
from tests.ui.test_voting_page import focused, open_session, type_line, unlock
from tests.voting_support import SECRETARIAT_PIN, screened_competition
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import Settings

#: the budget: the save is about half of it, the refresh of the page on screen the rest
MOST_STATEMENTS = 15


@contextmanager
def counting(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def test_confirming_one_paper_costs_at_most_15_statements(
    qtbot: QtBot, full_demo_db: Database, settings: Settings, home: Path
) -> None:
    ctx = AppContext(full_demo_db, settings, full_demo_db.clock)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    qtbot.waitExposed(window)
    workspace = window.workspace
    assert workspace is not None
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
    workspace.open_competition(competition_id)  # a page that shows the vote's facts, hidden behind the vote's
    open_session(qtbot, workspace, competition_id)
    page = workspace.voting_page
    entry_window = page.open_entry()
    assert entry_window is not None
    qtbot.waitExposed(entry_window)
    unlock(qtbot, entry_window, Side.SECRETARIAT, SECRETARIAT_PIN)
    type_line(qtbot, "001")
    type_line(qtbot, "1 2 3")
    assert "Entered by the secretariat: 0;" in page.counts.text()
    with counting(full_demo_db) as statements:
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # confirm: saved at once
        qtbot.waitUntil(lambda: "Entered by the secretariat: 1;" in page.counts.text())
    assert len(statements) <= MOST_STATEMENTS, "\n".join(statements)
    assert workspace.competition_page.isHidden()
    ctx.tasks.cancel_all()
    ctx.tasks.wait()

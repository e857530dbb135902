"""SQL statements per confirmed paper ballot, from the key press to the screen updated, in the real app.

    python bench/bench_statements.py [--papers N]

The demo's screened competition gets a session; the main window shows its vote's page (the competition's page
built and hidden behind it) and the entry window, where one person confirms N papers. A listener on the engine
counts every statement from the key press that confirms a paper until the page shows it. The baseline, in the same
run, is the save alone (``voting.record_entry`` called directly): what remains is what keeping the screen up to
date costs. Goal: at most 15 per paper (the issue's budget; ``tests/ui/test_statements.py`` holds it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GOAL = 15


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=15)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="osgo-bench-"))
    os.environ["OSGO_HOME"] = str(home)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import event

    from osgo_desktop import i18n
    from osgo_desktop.clock import SystemClock
    from osgo_desktop.domain.voting import Side
    from osgo_desktop.services import demo, voting
    from osgo_desktop.storage.quick import sqlite_url
    from osgo_desktop.storage.uow import Database
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.settings import Settings

    i18n.set_language("en")  # the page's text is read back below
    app = QApplication([])
    db = Database.open(sqlite_url(home / "bench.sqlite"), SystemClock())
    db.run(demo.load_demo, db.document_store())
    competition_id = db.run(demo.screened_demo_competition).value
    assert competition_id is not None
    round_id = db.run(
        lambda uow: voting.open_session(uow, competition_id, demo.demo_session(uow, competition_id))
    ).value
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def counted(action: object) -> int:
        statements.clear()
        action()  # type: ignore[operator]
        return len(statements)

    # the baseline: the counting side's save alone, paper by paper
    people = {e.side: e.id for e in db.run(voting.get_round, round_id).value.session.entrants}
    saves = [
        counted(lambda s=serial: db.run(voting.record_entry, round_id, people[Side.COUNTING], s, (1, 2)))
        for serial in range(1, args.papers + 1)
    ]

    settings = Settings(QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat))
    ctx = AppContext(db, settings, db.clock)
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    workspace = window.workspace
    assert workspace is not None
    workspace.open_competition(competition_id)
    workspace.open_voting(competition_id)
    page = workspace.voting_page
    entry_window = page.open_entry()
    assert entry_window is not None
    entrants = entry_window.view.session.entrants
    entry_window.who.setCurrentIndex(next(i for i, e in enumerate(entrants) if e.side is Side.SECRETARIAT))
    entry_window.secret.setText(demo.DEMO_SECRETARIAT_PIN)
    entry_window._on_unlock_clicked()
    entry = entry_window.entry
    assert entry is not None
    papers = []
    for serial in range(1, args.papers + 1):
        entry.serial_edit.setText(str(serial))
        entry.marks_edit.setText("1 2")
        assert entry.stage(), "the paper did not stage"

        def confirm() -> None:
            entry.confirm()
            app.processEvents()

        papers.append(counted(confirm))
        assert f"Entered by the secretariat: {serial};" in page.counts.text(), page.counts.text()
    ctx.close()
    median, base = statistics.median(papers), statistics.median(saves)
    print(
        f"SQL statements per confirmed paper, key press to screen updated: median {median:.0f}, max {max(papers)} "
        f"over {len(papers)} papers; the save alone: median {base:.0f}; ratio {median / base:.2f}x; "
        f"goal <= {GOAL} ({'met' if max(papers) <= GOAL else 'NOT met'})"
    )
    return 0 if max(papers) <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())

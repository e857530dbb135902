"""The app's first look at its competitions, read with sqlite3 alone before SQLAlchemy loads, is the same list the
open database gives, and is skipped whenever it cannot be trusted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from osgo_desktop.services import competitions, listing
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _file(db: Database) -> Path:
    assert db.engine.url.database is not None
    return Path(db.engine.url.database)


def test_the_first_look_lists_what_the_open_database_lists(full_demo_db: Database) -> None:
    url = sqlite_url(_file(full_demo_db))
    looked = listing.first_look(url, full_demo_db.clock)
    assert looked is not None and len(looked) == 4
    assert looked == full_demo_db.run(competitions.list_competitions).value
    assert any(row.next_deadline is not None for row in looked)


def test_no_first_look_where_it_cannot_be_trusted(tmp_path: Path) -> None:
    clock = pinned_clock()
    older = tmp_path / "older.sqlite"
    older.write_bytes((FIXTURES / "db_v0007.sqlite").read_bytes())  # to be upgraded first
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database" * 100)
    assert listing.first_look(sqlite_url(older), clock) is None
    assert listing.first_look(sqlite_url(garbage), clock) is None
    assert listing.first_look(sqlite_url(tmp_path / "missing.sqlite"), clock) is None
    assert not (tmp_path / "missing.sqlite").exists()  # nothing is created by a look
    assert listing.first_look("postgresql+psycopg://osgo@localhost/osgo", clock) is None


def test_the_first_look_and_the_first_screen_load_no_sqlalchemy(full_demo_db: Database) -> None:
    script = (
        "import sys\n"
        "from osgo_desktop.clock import SystemClock\n"
        "from osgo_desktop.services import listing\n"
        "import ui.app, ui.pages.competitions\n"
        f"rows = listing.first_look({sqlite_url(_file(full_demo_db))!r}, SystemClock())\n"
        "assert rows is not None and len(rows) == 4, rows\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'reportlab') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "[]"

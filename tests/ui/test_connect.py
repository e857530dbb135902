"""File » Connect to a database…: a second SQLite file or a PostgreSQL server, tried off the GUI thread and said in
words; the last connections remembered without their passwords; connecting reopens the app on the database chosen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from osgo_desktop.services import accounts
from osgo_desktop.services.server import Found, file_url
from osgo_desktop.storage.db import DatabaseError, make_engine
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock
from tests.ui.conftest import Answers
from ui import settings as S
from ui.app import last_database, remember_database
from ui.context import AppContext
from ui.dialogs.connect import ConnectDialog, recent_connections, remember_connection
from ui.main_window import MainWindow
from ui.settings import Settings

PG_URL = os.environ.get("OSGO_TEST_POSTGRES_URL", "")
WAIT_MS = 15_000


def _tried(qtbot: QtBot, dialog: ConnectDialog, button: str = "test") -> Found:
    with qtbot.waitSignal(dialog.tried, timeout=WAIT_MS) as blocker:
        (dialog.test_button if button == "test" else dialog.connect_button).click()
    found: Found = blocker.args[0].found
    return found


def test_connecting_to_a_second_sqlite_file_reopens_the_app_on_it(
    qtbot: QtBot, window: MainWindow, ctx: AppContext, tmp_path: Path
) -> None:
    second = tmp_path / "meeting.sqlite"
    Database.open(file_url(second), pinned_clock()).close()
    dialog = window.open_connect()  # the window's child, deleted when closed
    assert window.connect_action.isEnabled()
    assert not dialog.connect_button.isEnabled()  # nothing chosen yet
    dialog.path_edit.setText(str(second))
    assert _tried(qtbot, dialog) is Found.READY
    assert "ready to open" in dialog.said.text()
    with qtbot.waitSignal(dialog.connection_chosen, timeout=WAIT_MS) as chosen:
        dialog.connect_button.click()
    assert chosen.args == [file_url(second)]
    assert window.reopen_url == file_url(second)  # ui.app opens the app again on it once the window closed
    assert not window.isVisible()
    assert recent_connections(ctx.settings)[0] == file_url(second)


def test_a_path_with_no_database_makes_one_only_when_asked_to(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    typo = tmp_path / "meetng" / "osgo.sqlite"
    dialog = window.open_connect()
    dialog.path_edit.setText(str(typo))
    chosen: list[str] = []
    dialog.connection_chosen.connect(chosen.append)
    assert _tried(qtbot, dialog, "connect") is Found.NEW
    assert answers.asked == ["Make a new database?"] and str(typo) in answers.texts[0]
    assert not chosen and dialog.isVisible() and not typo.parent.exists()  # answered no: nothing made
    answers.yes = True
    assert _tried(qtbot, dialog, "connect") is Found.NEW
    assert chosen == [file_url(typo)]


def test_the_database_in_use_is_offered_among_the_recent_ones(settings: Settings, tmp_path: Path) -> None:
    remember_database(settings, file_url(tmp_path / "osgo.sqlite"))  # opened at the start
    remember_connection(settings, "postgresql+psycopg://osgo@192.168.1.10:5432/osgo")  # then connected elsewhere
    assert recent_connections(settings) == [
        "postgresql+psycopg://osgo@192.168.1.10:5432/osgo",
        file_url(tmp_path / "osgo.sqlite"),  # the way back
    ]


def test_a_file_that_is_no_database_is_not_connected_to(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("minutes of the meeting " * 100)
    dialog = window.open_connect()  # the window's child, deleted when closed
    dialog.path_edit.setText(str(notes))
    assert _tried(qtbot, dialog, "connect") is Found.NOT_OSGO
    assert "not an OSGO Desktop database" in dialog.said.text()
    assert window.reopen_url is None and dialog.isVisible()


def test_the_last_connections_are_remembered_without_their_passwords(qtbot: QtBot, ctx: AppContext) -> None:
    remember_connection(ctx.settings, "postgresql+psycopg://osgo:Secret-9@192.168.1.10:5432/osgo")
    remember_connection(ctx.settings, "sqlite:////srv/osgo.sqlite")
    remember_connection(ctx.settings, "postgresql+psycopg://osgo:Other-9@192.168.1.10:5432/osgo")
    urls = recent_connections(ctx.settings)
    assert urls == ["postgresql+psycopg://osgo@192.168.1.10:5432/osgo", "sqlite:////srv/osgo.sqlite"]
    dialog = ConnectDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.recent.setCurrentIndex(1)
    dialog.recent.activated.emit(1)
    assert dialog.is_server and dialog.host_edit.text() == "192.168.1.10" and dialog.user_edit.text() == "osgo"
    assert dialog.password_edit.text() == ""  # asked each time
    dialog.password_edit.setText("Secret-9")
    assert make_url(dialog.url()).password == "Secret-9"


def test_a_server_that_does_not_answer_is_said_in_words(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = ConnectDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.server_choice.setChecked(True)
    dialog.host_edit.setText("127.0.0.1")
    dialog.port_spin.setValue(1)
    dialog.database_edit.setText("osgo")
    dialog.user_edit.setText("osgo")
    assert _tried(qtbot, dialog) is Found.REFUSED
    assert "Nothing answers at 127.0.0.1:1" in dialog.said.text()


@pytest.mark.skipif(not PG_URL, reason="OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
def test_a_postgresql_server_is_tried(qtbot: QtBot, ctx: AppContext) -> None:
    url = make_url(PG_URL)
    dialog = ConnectDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.server_choice.setChecked(True)
    dialog.host_edit.setText(url.host or "localhost")
    dialog.port_spin.setValue(url.port or 5432)
    dialog.user_edit.setText(url.username or "")
    dialog.database_edit.setText("osgo_no_such_database")
    assert _tried(qtbot, dialog) is Found.NO_DATABASE
    assert "has no database named osgo_no_such_database" in dialog.said.text()
    dialog.database_edit.setText(url.database or "")
    assert _tried(qtbot, dialog) in {Found.READY, Found.EMPTY, Found.OLDER, Found.NEWER}


#: a program that starts the app with the arguments after "--" and, every 100 ms, runs TICK (with ``app`` and
#: ``argv``, the arguments before "--")
DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.app
from ui.dialogs.connect import ConnectDialog
from ui.main_window import MainWindow

split = sys.argv.index("--")
argv, app_args = sys.argv[1:split], sys.argv[split + 1 :]
app = QApplication(sys.argv[:1])
seen = []
TICK
timer = QTimer()
timer.timeout.connect(tick)
timer.start(100)
sys.exit(ui.app.main(app_args))
"""

REOPEN_TICK = """
def tick():
    for window in app.topLevelWidgets():
        if isinstance(window, MainWindow) and window.isVisible() and window.workspace is not None:
            if not seen:
                seen.append(window)
                window.reopen_on(argv[0])
            elif window is not seen[0]:
                window.close()
"""


def _program(env: dict[str, str], *argv: str, tick: str = "") -> subprocess.CompletedProcess[str]:
    """The real program in a process of its own: ``argv`` for ``ui.app``, or with ``tick`` the :data:`DRIVER`
    (``argv`` then: the tick's arguments, "--", the app's)."""
    command = ["-c", DRIVER.replace("TICK", tick)] if tick else ["-m", "ui.app"]
    return subprocess.run(
        [sys.executable, *command, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )


@pytest.mark.slow
def test_the_app_reopens_on_the_database_chosen(tmp_path: Path) -> None:
    """The real program: File » Connect… closes the first database and opens the app again on the second."""
    second = tmp_path / "meeting.sqlite"
    home = tmp_path / "home"
    for path in (home / "data" / "osgo.sqlite", second):  # each with its administrator, who signs in to both
        made = Database.open(file_url(path), pinned_clock())
        with made.uow() as uow:
            accounts.create_first_administrator(uow, "admin", "Администратор", "a long password")
        made.close()
    env = dict(
        os.environ,
        OSGO_HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        OSGO_USER="admin",
        OSGO_PASSWORD="a long password",
    )
    result = _program(env, file_url(second), "--", "--lang", "ky", tick=REOPEN_TICK)
    assert result.returncode == 0, result.stderr
    log = (home / "log" / "osgo-desktop.log").read_text(encoding="utf-8")
    started = [line.rsplit(" started on ", 1)[1] for line in log.splitlines() if " started on " in line]
    assert started == [f"sqlite:///{home / 'data' / 'osgo.sqlite'}", file_url(second)]
    assert "Traceback" not in log

    # Started again as a user starts it, with no --db: the workstation comes back on the database it used last.
    again = _program({**env, "OSGO_EXIT_WHEN": "ready"}, "--lang", "ky")
    assert again.returncode == 0, again.stderr
    log = (home / "log" / "osgo-desktop.log").read_text(encoding="utf-8")
    assert [line.rsplit(" started on ", 1)[1] for line in log.splitlines() if " started on " in line][-1] == (
        file_url(second)
    )


CONNECT_TICK = """
def tick():
    for widget in app.topLevelWidgets():
        if isinstance(widget, ConnectDialog) and widget.isVisible():
            focus = "password" if widget.focusWidget() is widget.password_edit else "other"
            print("CONNECT", widget.host_edit.text(), widget.port_spin.value(), widget.database_edit.text(), focus)
            print("SAID", widget.said.text())
            app.closeAllWindows()
"""


@pytest.mark.slow
def test_a_server_used_last_that_does_not_answer_is_offered_in_connect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start without --db goes back to the server used last; when it cannot be opened (its password is not kept,
    or it is off), the Connect dialog opens on it, at the password: the meeting room's workstation is one field away
    from its server, or chooses another database."""
    home = tmp_path / "home"
    monkeypatch.setenv("OSGO_HOME", str(home))
    settings = Settings()  # in this test's home, where the program reads it
    settings.set(S.LAST_DATABASE, "postgresql+psycopg://osgo@127.0.0.1:1/meeting")  # nothing listens on port 1
    settings.sync()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = _program(env, "--", "--lang", "ru", tick=CONNECT_TICK)
    assert "CONNECT 127.0.0.1 1 meeting password" in result.stdout, result.stdout + result.stderr
    assert "SAID Не удаётся открыть базу данных" in result.stdout  # why the dialog opened, in the user's language
    log = (home / "log" / "osgo-desktop.log").read_text(encoding="utf-8")
    assert "cannot open the database" in log and "Traceback" not in log
    assert not (home / "data" / "osgo.sqlite").exists()  # no empty local database made in the server's stead


def test_a_database_is_remembered_without_its_password_and_by_its_whole_path(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember_database(settings, "postgresql+psycopg://osgo:Secret-9@192.168.1.10:5432/osgo?password=Other-9")
    assert settings.get(S.LAST_DATABASE) == "postgresql+psycopg://osgo@192.168.1.10:5432/osgo"
    remember_connection(settings, "postgresql+psycopg://osgo@192.168.1.10/osgo?password=Other-9&sslmode=require")
    assert recent_connections(settings)[0] == "postgresql+psycopg://osgo@192.168.1.10/osgo?sslmode=require"
    remember_connection(settings, "postgresql+psycopg://osgo:Secret-9@192.168.1.10:port/osgo")  # not an address
    assert "Secret-9" not in settings.get(S.RECENT_CONNECTIONS)
    monkeypatch.chdir(tmp_path)
    remember_database(settings, "sqlite:///meeting.sqlite")  # started in tmp_path with a relative --db
    assert settings.get(S.LAST_DATABASE) == file_url(tmp_path / "meeting.sqlite")
    remember_connection(settings, "sqlite:///meeting.sqlite")  # the same file, connected to as typed
    assert recent_connections(settings).count(file_url(tmp_path / "meeting.sqlite")) == 1
    assert "sqlite:///meeting.sqlite" not in recent_connections(settings)


def test_an_address_with_a_port_that_is_no_number_is_refused_in_words() -> None:
    with pytest.raises(DatabaseError, match="This is not a database address") as refused:
        make_engine("postgresql+psycopg://osgo:Secret-9@127.0.0.1:abc/meeting")
    assert "Secret-9" not in str(refused.value)  # said on screen and in the log: never the password


def test_a_file_used_last_that_is_gone_is_not_made_anew(tmp_path: Path, settings: Settings) -> None:
    assert last_database(settings) is None  # nothing used yet: the default database
    gone = tmp_path / "usb" / "meeting.sqlite"
    settings.set(S.LAST_DATABASE, file_url(gone))
    assert last_database(settings) is None  # a stick taken out: not an empty database in its place
    gone.parent.mkdir()
    Database.open(file_url(gone), pinned_clock()).close()
    assert last_database(settings) == file_url(gone)
    settings.set(S.LAST_DATABASE, file_url(gone) + "?timeout=5")  # a file this start cannot check: not reopened
    assert last_database(settings) is None

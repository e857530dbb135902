"""Qt fixtures: the app context over a real SQLite file and settings in a temporary INI file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from osgo_desktop.services import demo
from osgo_desktop.storage.uow import Database
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.widgets import questions


class Answers:
    """The questions the app asked (their titles), answered with :attr:`yes`."""

    def __init__(self) -> None:
        self.yes = False
        self.asked: list[str] = []
        self.texts: list[str] = []

    def ask(self, _parent: object, title: str, text: str, *_buttons: str) -> bool:
        self.asked.append(title)
        self.texts.append(text)
        return self.yes


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """Every yes-or-no question is answered here, "no" unless a test says otherwise: a modal box left open would
    hang the suite."""
    answers = Answers()
    monkeypatch.setattr(questions, "ask", answers.ask)
    return answers


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def ctx(db: Database, settings: Settings, home: Path) -> Iterator[AppContext]:
    context = AppContext(db, settings, db.clock)
    yield context
    context.tasks.cancel_all()
    context.tasks.wait()


@pytest.fixture
def demo_db(db: Database) -> Database:
    with db.uow() as uow:
        demo.load_demo(uow)
    return db


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main

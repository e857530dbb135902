"""Test setup: offscreen Qt, every app directory under a temporary OSGO_HOME, a real SQLite file per test."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt or computes a path.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("OSGO_HOME", tempfile.mkdtemp(prefix="osgo-tests-"))

import pytest

from osgo_desktop import i18n
from osgo_desktop.storage.db import sqlite_url
from osgo_desktop.storage.uow import Database, UnitOfWork

#: a fixed "today" for tests that must not depend on the calendar
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Tests read English unless they switch; the language is restored after each test."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh OSGO_HOME for the test: data, documents, settings, logs."""
    monkeypatch.setenv("OSGO_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated once per run; each test gets a copy (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    Database.open(sqlite_url(path)).close()
    return path


@pytest.fixture
def db(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    path = tmp_path / "test.sqlite"
    with sqlite3.connect(migrated_template) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    copy.close()
    source.close()
    database = Database.open(sqlite_url(path))
    yield database
    database.close()


@pytest.fixture
def uow(db: Database) -> Iterator[UnitOfWork]:
    with db.uow() as unit:
        yield unit

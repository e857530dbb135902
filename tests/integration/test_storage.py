"""The database: migrations from empty, SQLite's settings, the backup before an upgrade, round trips."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from osgo_desktop.domain.registry import StateBodyDraft
from osgo_desktop.errors import NotFoundError
from osgo_desktop.services import registries
from osgo_desktop.storage import db as storage_db
from osgo_desktop.storage import models, quick
from osgo_desktop.storage.db import DatabaseError
from osgo_desktop.storage.models import Base
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock


def test_migrations_build_exactly_the_mapped_schema(db: Database) -> None:
    with db.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diffs == []
    assert storage_db.current_revision(db.engine) == quick.SCHEMA_HEAD


def test_the_schema_head_constant_is_alembics_head(db: Database) -> None:
    # Opening skips Alembic when the database is at SCHEMA_HEAD: it must name the newest migration.
    assert storage_db.script_head(db.engine) == quick.SCHEMA_HEAD


def test_sqlite_runs_in_wal_with_foreign_keys_and_full_sync(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_foreign_keys_are_enforced(db: Database) -> None:
    with db.engine.connect() as connection, pytest.raises(Exception, match="FOREIGN KEY"):
        connection.execute(
            text(
                "INSERT INTO competition (number, kind, variant, body_id, seats, term_years, media_outlet, "
                "intake_address, contact, notes, state, cancel_reason, profile_data, created_at, updated_at) "
                "VALUES ('x', 'council', 'regular', 999, 9, 2, '', '', '', '', 'draft', '', '{}', "
                "'2026-01-01', '2026-01-01')"
            )
        )


def test_opening_an_older_database_backs_it_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    first = Database.open(sqlite_url(path), pinned_clock())
    with first.uow() as uow:
        registries.save_body(uow, StateBodyDraft("Маморган", "Госорган"))
    storage_db.downgrade(first.engine, "base")  # an "older" database: the schema before the first revision
    first.close()

    reopened = Database.open(sqlite_url(path), pinned_clock())
    try:
        backup = reopened.opened.backup
        assert backup is not None and backup.exists() and backup.parent == tmp_path
        assert "before-" in backup.name
        with sqlite3.connect(backup) as copy:  # the copy holds the old database, as it was
            assert copy.execute("SELECT count(*) FROM alembic_version").fetchone() == (0,)
        assert storage_db.current_revision(reopened.engine) == quick.SCHEMA_HEAD
    finally:
        reopened.close()


def test_an_up_to_date_database_is_not_copied(tmp_path: Path) -> None:
    path = tmp_path / "same.sqlite"
    Database.open(sqlite_url(path), pinned_clock()).close()
    again = Database.open(sqlite_url(path), pinned_clock())
    assert again.opened.backup is None
    again.close()
    assert [p.name for p in tmp_path.iterdir() if ".bak" in p.name] == []


def test_a_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "foreign.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE payroll (id INTEGER PRIMARY KEY)")
    with pytest.raises(DatabaseError, match="not made by OSGO Desktop"):
        Database.open(sqlite_url(path), pinned_clock())
    with sqlite3.connect(path) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"payroll"}


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    Database.open(sqlite_url(path), pinned_clock()).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseError, match="newer version"):
        Database.open(sqlite_url(path), pinned_clock())
    assert [p.name for p in tmp_path.iterdir() if ".bak" in p.name] == []


def test_a_bad_url_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="not a database address"):
        Database.open("no such thing", pinned_clock())


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(DatabaseError, match="cannot be opened"):
        Database.open(sqlite_url(path), pinned_clock())
    assert path.read_text().startswith("these are my notes")


def test_missing_rows_are_a_known_error(db: Database) -> None:
    with db.uow() as uow, pytest.raises(NotFoundError):
        registries.save_body(uow, StateBodyDraft("A", "B"), body_id=12345)


def test_what_is_not_committed_is_rolled_back(db: Database) -> None:
    with db.uow() as uow:
        uow.bodies.add(models.StateBody(name_ky="A", name_ru="B", name_en=""))
    with db.uow() as uow:
        assert registries.list_bodies(uow) == []


def test_a_version_1_database_is_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite"
    first = Database.open(sqlite_url(path), pinned_clock())
    storage_db.downgrade(first.engine, "0001")  # as the first release left it
    with first.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO commission_member"
                " (surname, name, patronymic, sex, seat, role, organization, contact, active)"
                " VALUES ('Токтосунова', 'Динара', '', 'F', 'civil', 'chair', '«Ачык маалымат» КФ', '', 1)"
            )
        )
    first.close()

    upgraded = Database.open(sqlite_url(path), pinned_clock())
    try:
        assert upgraded.opened.upgraded_from == "0001" and upgraded.opened.backup is not None
        with upgraded.uow() as uow:
            members = registries.list_commission(uow)
        assert [(m.surname, m.organization) for m in members] == [("Токтосунова", "«Ачык маалымат» КФ")]
        with sqlite3.connect(upgraded.opened.backup) as copy:
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    finally:
        upgraded.close()


def test_a_connection_in_use_when_the_database_closes_is_closed_when_given_back(tmp_path: Path) -> None:
    """A connection still held when the database closes (a document being read, a worker's session) is closed as
    soon as it is given back, not kept open in a pool nobody holds."""
    database = Database.open(sqlite_url(tmp_path / "closing.sqlite"), pinned_clock())
    idle, held = database.engine.connect(), database.engine.connect()
    idle_raw, held_raw = idle.connection.dbapi_connection, held.connection.dbapi_connection
    assert held_raw is not None and idle_raw is not None and held_raw is not idle_raw
    idle.close()
    database.close()
    with pytest.raises(sqlite3.ProgrammingError):  # the idle one at once
        idle_raw.execute("SELECT 1")
    assert held.execute(text("SELECT 1")).scalar() == 1  # the one in use works on until it is given back
    held.close()
    with pytest.raises(sqlite3.ProgrammingError):
        held_raw.execute("SELECT 1")

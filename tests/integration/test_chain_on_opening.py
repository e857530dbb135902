"""The CLI checks the audit chain whenever it opens a database (issue 14, item 4): an edit made with sqlite3 is a
warning on every command, refuses the export unless asked, and a restored older copy is said to be one until an
administrator acknowledges it."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import make_url

from osgo_desktop.storage import audit, chain_head
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from osgo_desktop.verifier.record import verify_record
from tests.conftest import pinned_clock
from tests.integration.test_cli import osgo


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "chain.sqlite"
    assert osgo("--db", sqlite_url(path), "--lang", "en", "demo")[0] == 0
    return path


def edit_with_sqlite3(path: Path, sql: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(sql)
    connection.close()


def entry_of_person(path: Path, person_id: int) -> int:
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT max(seq) FROM audit_entry WHERE table_name = 'person' AND row_key = ?", (f'{{"id":{person_id}}}',)
        ).fetchone()
    connection.close()
    return int(row[0])


def test_a_clean_database_opens_without_a_word(db_file: Path) -> None:
    url = sqlite_url(db_file)
    for _ in range(2):  # the second opening is the incremental one
        code, out, err = osgo("--db", url, "--lang", "en", "competitions", "list")
        assert code == 0 and err == "" and "2026/" in out
    code, out, _err = osgo("--db", url, "--lang", "en", "audit", "check")
    assert code == 0 and "The audit chain holds" in out


def test_a_surname_edited_with_sqlite3_is_a_warning_on_any_command(db_file: Path, tmp_path: Path) -> None:
    url = sqlite_url(db_file)
    assert osgo("--db", url, "--lang", "en", "competitions", "list")[2] == ""  # checked once: the next is incremental
    edit_with_sqlite3(db_file, "UPDATE person SET surname = 'Forged' WHERE id = 2")
    seq = entry_of_person(db_file, 2)
    for command in (["competitions", "list"], ["competitions", "show", "1"]):
        code, _out, err = osgo("--db", url, "--lang", "en", *command)
        assert code == 0
        assert f"the audit check failed at audit entry {seq}" in err
        assert "Person (person, id=2): changed outside the app — surname" in err

    code, out, err = osgo("--db", url, "--lang", "en", "audit", "check")
    assert code == 1 and "Person (person, id=2): changed outside the app — surname" in out

    target = tmp_path / "record.zip"
    code, out, err = osgo("--db", url, "--lang", "en", "export", "1", "--out", str(target))
    assert code == 1 and "is not exported" in err and "--despite-broken-chain" in err
    assert not target.exists()

    code, out, err = osgo("--db", url, "--lang", "en", "export", "1", "--out", str(target), "--despite-broken-chain")
    assert code == 0 and target.exists()
    report = verify_record(target)
    assert not report.ok
    [failure] = [f for f in report.failures if f.where == "audit check at export"]
    assert "exported although the database's audit check failed" in failure.detail
    assert "Person (person, id=2): changed outside the app — surname" in failure.detail
    code, out, _err = osgo("--lang", "en", "verify", str(target))
    assert code == 1 and "audit check at export" in out


def test_the_warning_is_in_the_users_language(db_file: Path) -> None:
    edit_with_sqlite3(db_file, "UPDATE person SET surname = 'Forged' WHERE id = 2")
    for lang in ("ky", "ru"):
        code, _out, err = osgo("--db", sqlite_url(db_file), "--lang", lang, "competitions", "list")
        assert code == 0 and "osgo:" in err and "surname" in err
        assert "the audit check failed" not in err  # translated


def test_an_edited_entry_is_found_after_a_full_check_falls_back(db_file: Path) -> None:
    """The incremental check starts after the last entry checked; when that entry was changed, it checks all."""
    url = sqlite_url(db_file)
    osgo("--db", url, "competitions", "list")
    state = chain_head.load(chain_head.state_path(make_url(url)))
    assert state.checked is not None
    edit_with_sqlite3(db_file, f"UPDATE audit_entry SET hash = 'x' || substr(hash, 2) WHERE seq = {state.checked[0]}")
    code, out, _err = osgo("--db", url, "--lang", "en", "audit", "check")
    assert code == 1 and f"Audit log entry {state.checked[0]}" in out


def test_the_head_file_is_private_and_next_to_the_database(db_file: Path) -> None:
    osgo("--db", sqlite_url(db_file), "competitions", "list")
    path = db_file.with_name("chain.sqlite.chain-head")
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_server_databases_head_is_kept_in_the_data_directory(home: Path) -> None:
    path = chain_head.state_path(make_url("postgresql+psycopg://osgo:secret@db.example:5432/osgo"))
    assert path is not None and path.is_relative_to(home) and "secret" not in path.name


def write_through_the_app(path: Path) -> None:
    """One change made by the app (a state body renamed), and its head remembered as the CLI does on closing."""
    from osgo_desktop.storage import models

    db = Database.open(sqlite_url(path), pinned_clock())
    with db.uow() as uow:
        body = uow.session.get(models.StateBody, 1)
        assert body is not None
        body.name_en += " (renamed)"
        uow.commit()
    chain_head.remember_head(db.engine)
    db.close()


def test_a_restored_older_copy_is_said_until_acknowledged(db_file: Path, tmp_path: Path) -> None:
    url = sqlite_url(db_file)
    backup = tmp_path / "backup.sqlite"
    osgo("--db", url, "competitions", "list")
    shutil.copy(db_file, backup)
    write_through_the_app(db_file)
    with sqlite3.connect(db_file) as connection:
        newest = connection.execute("SELECT seq FROM audit_head").fetchone()[0]
    connection.close()
    shutil.copy(backup, db_file)  # the older copy restored over the live one: its own chain holds

    for _ in range(2):  # said on every opening
        code, _out, err = osgo("--db", url, "--lang", "en", "competitions", "list")
        assert code == 0
        assert f"This database is an older copy: its audit log ends at entry {newest - 1}" in err
        assert f"entry {newest} was seen on this computer before" in err
    code, out, _err = osgo("--db", url, "--lang", "en", "audit", "check")
    assert code == 1 and "older copy" in out

    code, out, _err = osgo("--db", url, "--lang", "en", "audit", "acknowledge-restore")
    assert code == 0 and "Acknowledged" in out
    with sqlite3.connect(db_file) as connection:
        action, table, data = connection.execute(
            "SELECT action, table_name, data FROM audit_entry ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    connection.close()
    assert (action, table) == ("restore", audit.ACK_TABLE)
    assert f'"found_seq":{newest - 1}' in data and f'"known_seq":{newest}' in data

    code, out, err = osgo("--db", url, "--lang", "en", "competitions", "list")
    assert code == 0 and err == ""
    assert osgo("--db", url, "--lang", "en", "audit", "check")[0] == 0
    code, out, _err = osgo("--db", url, "--lang", "en", "audit", "acknowledge-restore")
    assert code == 0 and "Nothing to acknowledge" in out


def test_an_incremental_opening_reads_only_the_new_entries(db_file: Path) -> None:
    url = make_url(sqlite_url(db_file))
    db = Database.open(sqlite_url(db_file), pinned_clock())
    try:
        first = chain_head.check_on_opening(db.engine)
        assert first.report.ok and first.report.from_seq == 1 and first.report.rows_checked
        again = chain_head.check_on_opening(db.engine)  # the file has not changed: no row is read
        assert again.report.ok and not again.report.rows_checked and again.report.entries == 0
    finally:
        db.close()
    write_through_the_app(db_file)
    db = Database.open(sqlite_url(db_file), pinned_clock())
    try:
        after = chain_head.check_on_opening(db.engine)
        head = chain_head.load(chain_head.state_path(url)).head
        assert head is not None
        assert after.report.ok and after.report.rows_checked and after.report.from_seq == first.report.entries + 1
    finally:
        db.close()

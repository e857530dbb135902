"""Backups that restore: ``osgo backup`` writes one file with the database, its documents and a SHA-256 manifest;
``osgo restore`` puts it into an empty database and checks the audit chain and every document (docs/backup.md)."""

from __future__ import annotations

import io
import json
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select

from osgo_desktop.cli import main
from osgo_desktop.domain.person import OrgKind
from osgo_desktop.domain.roles import Principal, Role
from osgo_desktop.errors import KnownError
from osgo_desktop.services import backup as backup_service
from osgo_desktop.storage import audit, models
from osgo_desktop.storage.backup import MANIFEST, BackupError, open_backup
from osgo_desktop.storage.quick import SCHEMA_HEAD, sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import empty_postgres, pinned_clock
from tests.hostile_support import Member, bomb, write_raw_zip

PG_URL = os.environ.get("OSGO_TEST_POSTGRES_URL", "")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, clock=pinned_clock())
    return code, out.getvalue(), err.getvalue()


def _documents(db: Database) -> list[str]:
    with db.engine.connect() as connection:
        return list(connection.execute(select(models.Document.sha256).distinct()).scalars())


@pytest.fixture
def made(full_demo_db: Database, tmp_path: Path) -> Path:
    out = tmp_path / "out" / "demo.osgo-backup"
    with full_demo_db.uow() as uow:
        backup_service.back_up(uow, out)
    return out


def test_a_backup_holds_the_database_its_documents_and_a_manifest(full_demo_db: Database, made: Path) -> None:
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    with zipfile.ZipFile(made) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read(MANIFEST))
        assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
    assert names[-1] == MANIFEST and "database.sqlite" in names
    documents = _documents(full_demo_db)
    assert documents and {f"documents/{sha}" for sha in documents} <= set(names)
    with full_demo_db.engine.connect() as connection:
        seq, digest = audit.read_head(connection)
    assert manifest["chain_head"]["seq"] == seq and manifest["chain_head"]["hash"] == digest
    assert manifest["schema"] == SCHEMA_HEAD and manifest["source"] == "sqlite"
    assert manifest["created_at"].startswith(pinned_clock().now().isoformat()[:10])
    assert {m["name"] for m in manifest["members"]} == set(names) - {MANIFEST}


def test_restore_into_a_new_file_opens_with_its_documents_and_its_chain(
    full_demo_db: Database, made: Path, tmp_path: Path
) -> None:
    target = tmp_path / "restored" / "osgo.sqlite"
    code, out, err = _run("restore", str(made), "--db", sqlite_url(target))
    assert code == 0, err
    assert "The audit log is whole" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    restored = Database.open(sqlite_url(target), pinned_clock())
    try:
        store = restored.document_store()
        for sha in _documents(full_demo_db):
            assert store.verify(sha)
        assert restored.check_audit().ok
    finally:
        restored.close()
    assert not [p for p in target.parent.iterdir() if ".restoring" in p.name]


def test_restore_refuses_a_database_that_is_not_empty(made: Path, tmp_path: Path) -> None:
    target = tmp_path / "there.sqlite"
    target.write_bytes(b"")
    code, _out, err = _run("restore", str(made), "--db", sqlite_url(target))
    assert code == 1 and "already exists" in err and "Traceback" not in err
    assert target.read_bytes() == b""


def test_backup_needs_the_role(full_demo_db: Database, tmp_path: Path) -> None:
    full_demo_db.principal = Principal(None, "observer", "Observer", frozenset({Role.OBSERVER}))
    with full_demo_db.uow() as uow, pytest.raises(KnownError, match="may not do this"):
        backup_service.back_up(uow, tmp_path / "no.osgo-backup")
    assert not (tmp_path / "no.osgo-backup").exists()


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["truncated", "flipped", "bomb", "wrong types", "deep", "extra member", "empty"])
def test_a_damaged_or_hostile_backup_is_refused_in_words(made: Path, tmp_path: Path, damage: str) -> None:
    bad = tmp_path / "bad.osgo-backup"
    with zipfile.ZipFile(made) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        members = {name: archive.read(name) for name in archive.namelist() if name != MANIFEST}
    if damage == "truncated":
        bad.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    elif damage == "flipped":
        bad.write_bytes(made.read_bytes())
        with zipfile.ZipFile(bad) as archive:
            info = archive.getinfo("database.sqlite")
        _flip(bad, info.header_offset + 30 + len(info.filename) + 100)
    elif damage == "bomb":
        bad.write_bytes(write_raw_zip([bomb("database.sqlite", b"", 64, b""), Member.of(MANIFEST, b"{}")]))
    elif damage in ("wrong types", "deep", "extra member", "empty"):
        if damage == "wrong types":
            manifest["chain_head"]["seq"] = "12"
        with zipfile.ZipFile(bad, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
            if damage == "extra member":
                archive.writestr("../../evil.sh", b"#!/bin/sh\n")
            if damage != "empty":
                archive.writestr(MANIFEST, json.dumps(manifest) if damage != "deep" else "[" * 100_000)
    target = tmp_path / "never.sqlite"
    code, out, err = _run("restore", str(bad), "--db", sqlite_url(target))
    assert code == 1, out
    assert "Traceback" not in err and "not an OSGO Desktop backup, or it is damaged" in err
    assert not target.exists() and not (tmp_path / "never-documents").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".never")]


def test_the_cli_writes_a_backup_and_refuses_to_overwrite(full_demo_db: Database, tmp_path: Path) -> None:
    out = tmp_path / "cli.osgo-backup"
    url = full_demo_db.url
    full_demo_db.close()
    code, text_out, err = _run("--db", url, "backup", "--out", str(out))
    assert code == 0, err
    assert "documents" in text_out
    with open_backup(out) as opened:
        opened.check()
    code, _text_out, err = _run("--db", url, "backup", "--out", str(out))
    assert code == 1 and "already exists" in err


def test_the_copy_made_when_a_vote_opens_is_a_backup_with_documents(full_demo_db: Database) -> None:
    from osgo_desktop.services import voting
    from tests.voting_support import open_session

    round_id = open_session(full_demo_db)
    with full_demo_db.uow() as uow:
        path = Path(voting.get_round(uow, round_id).session.backup_path)
    assert path.name.endswith(".osgo-backup")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with open_backup(path) as opened:
        opened.check()
        assert {m.sha256 for m in opened.manifest.documents} == set(_documents(full_demo_db))


# --- PostgreSQL -----------------------------------------------------------------------------------------------------


@pytest.fixture
def empty_pg() -> Iterator[str]:
    if not PG_URL:
        pytest.skip("OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
    empty_postgres(PG_URL)
    yield PG_URL


def test_a_sqlite_backup_restores_into_postgresql_and_back(
    full_demo_db: Database, made: Path, empty_pg: str, tmp_path: Path, home: Path
) -> None:
    report = backup_service.restore(made, empty_pg, pinned_clock())
    assert report.ok, report.lines()
    server = Database.open(empty_pg, pinned_clock())
    try:
        assert server.check_audit().ok
        with server.engine.connect() as connection:
            applications = connection.execute(select(func.count()).select_from(models.Application)).scalar()
        with server.uow() as uow:
            again = backup_service.back_up(uow, tmp_path / "server.osgo-backup")
        assert again.manifest.source == "postgresql"
        with server.uow() as uow:  # the sequences continue after the restored rows
            uow.session.add(models.Organization(name="Жаңы", name_ru="Новая", kind=OrgKind.FOUNDATION))
            uow.commit()
    finally:
        server.close()
    with pytest.raises(BackupError, match="not empty"):
        backup_service.restore(made, empty_pg, pinned_clock())
    target = tmp_path / "from-server.sqlite"
    report = backup_service.restore(again.path, sqlite_url(target), pinned_clock())
    assert report.ok, report.lines()
    back = Database.open(sqlite_url(target), pinned_clock())
    try:
        with back.engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(models.Application)).scalar() == applications
        assert {sha for sha in _documents(back) if back.document_store().verify(sha)} == set(_documents(full_demo_db))
    finally:
        back.close()


def _rewritten(source: Path, target: Path, member: str, change: object) -> None:
    """A copy of the backup ``source`` with ``member`` changed by ``change(bytes) -> bytes`` and the manifest made to
    agree (a backup edited by someone who knows the format)."""
    import hashlib

    with zipfile.ZipFile(source) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        members = {name: archive.read(name) for name in archive.namelist() if name != MANIFEST}
    members[member] = change(members[member])  # type: ignore[operator]
    for entry in manifest["members"]:
        data = members[entry["name"]]
        entry["sha256"], entry["size"] = hashlib.sha256(data).hexdigest(), len(data)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr(MANIFEST, json.dumps(manifest))


def test_a_failed_server_restore_leaves_the_database_empty(made: Path, empty_pg: str, tmp_path: Path) -> None:
    report = backup_service.restore(made, empty_pg, pinned_clock())
    assert report.ok
    server = Database.open(empty_pg, pinned_clock())
    with server.uow() as uow:
        logical = backup_service.back_up(uow, tmp_path / "server.osgo-backup").path
    server.close()
    with zipfile.ZipFile(logical) as archive:
        member = next(n for n in archive.namelist() if n.endswith("-application.jsonl"))
    bad = tmp_path / "edited.osgo-backup"

    def break_last_row(data: bytes) -> bytes:
        lines = data.rstrip(b"\n").split(b"\n")
        row = json.loads(lines[-1])
        row[0] = "not a number"
        return b"\n".join([*lines[:-1], json.dumps(row).encode()]) + b"\n"

    _rewritten(logical, bad, member, break_last_row)
    empty_postgres(empty_pg)
    engine = create_engine(empty_pg)
    code, _out, err = _run("restore", str(bad), "--db", empty_pg)
    assert code == 1 and "Traceback" not in err, err
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_a_backup_whose_chain_does_not_check_out_is_not_restored(made: Path, tmp_path: Path) -> None:
    """A backup edited by someone who knows the format (the manifest agrees) but not the chain: a row changed
    behind the app's back is found, said, and no restored database is left."""
    import sqlite3

    def edit(data: bytes) -> bytes:
        scratch = tmp_path / "scratch.sqlite"
        scratch.write_bytes(data)
        with sqlite3.connect(scratch) as connection:
            connection.execute("UPDATE organization SET name = 'Changed behind the app' WHERE id = 1")
        connection.close()
        return scratch.read_bytes()

    edited = tmp_path / "edited.osgo-backup"
    _rewritten(made, edited, "database.sqlite", edit)
    target = tmp_path / "restored.sqlite"
    code, out, err = _run("restore", str(edited), "--db", sqlite_url(target))
    assert code == 1, out
    assert "does NOT check out" in err and "Not restored" in err and "Traceback" not in err
    assert not target.exists() and not (tmp_path / "restored-documents").exists()


def test_a_damaged_backup_is_refused_in_the_users_language(made: Path, tmp_path: Path) -> None:
    bad = tmp_path / "cut.osgo-backup"
    bad.write_bytes(made.read_bytes()[:1000])
    code, _out, err = _run("--lang", "ky", "restore", str(bad), "--db", sqlite_url(tmp_path / "x.sqlite"))
    assert code == 1 and "OSGO Desktop камдык көчүрмөсү эмес же бузулган" in err


def test_replacing_the_open_database_needs_the_administrator(full_demo_db: Database, made: Path) -> None:
    full_demo_db.principal = Principal(None, "desk", "Desk", frozenset({Role.SECRETARIAT}))
    with pytest.raises(KnownError, match="may not do this"):
        backup_service.replace_open(full_demo_db, made, acknowledged=True)
    full_demo_db.principal = Principal(None, "admin", "Admin", frozenset({Role.ADMINISTRATOR}))
    with full_demo_db.uow() as uow:  # an older backup is refused until it is acknowledged
        uow.session.add(models.Organization(name="Кийин", name_ru="", kind=OrgKind.FOUNDATION))
        uow.commit()
    with pytest.raises(backup_service.AcknowledgementNeeded, match="OLDER"):
        backup_service.replace_open(full_demo_db, made, acknowledged=False)


def test_a_backup_of_a_document_gone_bad_in_the_store_still_restores_the_rest(
    full_demo_db: Database, tmp_path: Path, home: Path
) -> None:
    store = full_demo_db.document_store()
    rotten = sorted(_documents(full_demo_db))[0]
    path = store.path(rotten)
    path.chmod(0o600)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with full_demo_db.uow() as uow:
        made = backup_service.back_up(uow, tmp_path / "rot.osgo-backup")
    assert made.manifest.missing == (rotten,)
    report = backup_service.restore(made.path, sqlite_url(tmp_path / "restored.sqlite"), pinned_clock())
    assert not report.ok and report.missing_in_backup == (rotten,) and not report.bad_documents
    assert any(rotten in line for line in report.lines())  # said in words: restored, but for that document
    assert report.chain.ok


def test_a_server_databases_vote_opens_with_a_backup_on_the_machine_that_opened_it(
    made: Path, empty_pg: str, home: Path
) -> None:
    from osgo_desktop.services import voting
    from tests.voting_support import open_session

    assert backup_service.restore(made, empty_pg, pinned_clock()).ok
    server = Database.open(empty_pg, pinned_clock())
    try:
        round_id = open_session(server)
        with server.uow() as uow:
            path = Path(voting.get_round(uow, round_id).session.backup_path)
        assert path.parent.name == "backups" and path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
        with open_backup(path) as opened:
            opened.check()
            assert opened.manifest.source == "postgresql" and opened.manifest.documents
    finally:
        server.close()

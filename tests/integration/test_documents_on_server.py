"""Documents on a server database are kept in the database, where every workstation reaches them; ``osgo documents
check`` finds a missing or damaged one, on SQLite and PostgreSQL alike; ``osgo server init`` makes an empty server
database (issue 15, items 3 and 4).

The PostgreSQL tests run when OSGO_TEST_POSTGRES_URL names a database they may empty (skipped otherwise).
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, select, text, update
from sqlalchemy.engine import make_url

from osgo_desktop import cli
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.errors import KnownError
from osgo_desktop.services import applications, competitions, demo
from osgo_desktop.services.document_check import Trouble, check_documents
from osgo_desktop.services.server import ServerNotEmpty, init_server
from osgo_desktop.storage import models
from osgo_desktop.storage.connect import Found, probe
from osgo_desktop.storage.documents import DocumentNotFound, DocumentStore
from osgo_desktop.storage.documents_db import DatabaseDocumentStore, DocumentDamaged
from osgo_desktop.storage.uow import Database
from tests.conftest import empty_postgres, pinned_clock
from tests.integration.test_applications import deadline, person, received, register
from tests.pdf_support import inert_bytes

URL = os.environ.get("OSGO_TEST_POSTGRES_URL", "")
needs_pg = pytest.mark.skipif(not URL, reason="OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
PASSWORD = "Correct-horse-9"


def _empty(url: str) -> None:
    empty_postgres(url)


def _workstation(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """The following Database objects run as on another computer: their own data and cache folders."""
    monkeypatch.setenv("OSGO_HOME", str(home))


@pytest.fixture
def pg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    _empty(URL)
    _workstation(monkeypatch, tmp_path / "secretariat")
    database = Database.open(URL, pinned_clock())
    yield database
    database.close()


def _pdf(tmp_path: Path, name: str, size: int = 0) -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n% " + name.encode() + b"\n" + inert_bytes(size) + b"\ntrailer<<>>\n%%EOF\n")
    return path


def _filed(db: Database, tmp_path: Path, name: str = "cv.pdf", size: int = 0) -> tuple[int, str]:
    """An application of the demo's announced competition (2026/01) with one document registered: (application
    id, the document's SHA-256)."""
    with db.uow() as uow:
        demo.load_demo(uow)
    with db.uow() as uow:
        council = next(r.id for r in competitions.list_competitions(uow) if r.state is State.ANNOUNCED)
    application = register(db, council, person(), received(deadline(db, council))).application_id
    stored = db.document_store().put(_pdf(tmp_path, name, size))
    with db.uow() as uow:
        applications.add_documents(uow, application, "cv_with_photo", [stored])
    return application, stored.sha256


def _check(db: Database) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(["--db", db.url if "sqlite" in db.url else URL, "documents", "check"], out, err, db.clock)
    return status, out.getvalue() + err.getvalue()


# --- PostgreSQL: two workstations, one database --------------------------------------------------------------------


@needs_pg
def test_a_document_registered_on_one_workstation_opens_on_another(
    pg: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = pg.document_store()
    assert isinstance(store, DatabaseDocumentStore)
    _application, sha = _filed(pg, tmp_path, size=3 * 1024 * 1024)  # four chunks of at most 1 MiB
    original = (tmp_path / "cv.pdf").read_bytes()
    with pg.engine.connect() as connection:
        assert connection.scalar(select(models.DocumentBlob.parts).where(models.DocumentBlob.sha256 == sha)) == 4
    assert not pg.documents_root.exists()  # nothing kept on the first workstation's own disk

    _workstation(monkeypatch, tmp_path / "counting")
    other = Database.open(URL, pinned_clock())
    try:
        there = other.document_store()
        assert there.exists(sha) and there.size_of(sha) == len(original) and there.verify(sha)
        copy = there.path(sha)  # the copy a viewer opens: checked, in this workstation's private folder
        assert copy.read_bytes() == original
        assert str(copy).startswith(str(tmp_path / "counting"))
        assert stat.S_IMODE(copy.stat().st_mode) == 0o400
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
        with there.open(sha) as file:
            assert file.read() == original
        again = there.put(tmp_path / "cv.pdf")  # the same content from the other machine: stored once
        assert again.sha256 == sha and again.already_stored
    finally:
        other.close()


@needs_pg
def test_a_registration_refused_loses_no_content_and_leaves_no_row_without_it(pg: Database, tmp_path: Path) -> None:
    application, _sha = _filed(pg, tmp_path)
    stored = pg.document_store().put(_pdf(tmp_path, "letter.pdf"))  # committed in a transaction of its own
    with pytest.raises(KnownError), pg.uow() as uow:
        applications.add_documents(uow, application, "no_such_type", [stored])  # the registration fails
    store = pg.document_store()
    assert store.exists(stored.sha256) and store.verify(stored.sha256)  # the content stays (unreferenced)
    with pg.uow() as uow:
        named = uow.session.scalars(select(models.Document.sha256)).all()
        assert stored.sha256 not in named
        assert all(store.exists(sha) for sha in named)  # every row's content is there
        applications.add_documents(uow, application, "cv_with_photo", [stored])  # registered again: no upload
    assert _check(pg)[0] == cli.EXIT_OK


@needs_pg
def test_check_finds_a_damaged_chunk_and_a_missing_blob_on_postgresql(pg: Database, tmp_path: Path) -> None:
    _application, sha = _filed(pg, tmp_path, size=2 * 1024 * 1024)
    assert _check(pg)[0] == cli.EXIT_OK
    store = pg.document_store()
    with pg.engine.begin() as connection:
        connection.execute(
            update(models.DocumentChunk)
            .where(models.DocumentChunk.sha256 == sha, models.DocumentChunk.part == 1)
            .values(data=b"\x00" * 1024)
        )
    with pytest.raises(DocumentDamaged, match="damaged"):
        store.path(sha)
    with pytest.raises(DocumentDamaged), store.open(sha) as file:
        file.read()
    status, said = _check(pg)
    assert status == cli.EXIT_NOT_VERIFIED
    assert "DAMAGED" in said and "2026/01" in said and "Асанова Гүлнара" in said and "cv.pdf" in said
    assert "0 missing, 1 damaged" in said

    with pg.engine.begin() as connection:
        connection.execute(delete(models.DocumentBlob).where(models.DocumentBlob.sha256 == sha))
    with pytest.raises(DocumentNotFound):
        store.open(sha)
    with pg.uow() as uow:
        report = check_documents(uow, store)
    assert [p.trouble for p in report.problems] == [Trouble.MISSING]
    assert report.problems[0].document.sha256 == sha
    status, said = _check(pg)
    assert status == cli.EXIT_NOT_VERIFIED and "MISSING" in said and "1 missing, 0 damaged" in said

    # Registered again (the applicant's copy), the content is whole once more.
    store.put(tmp_path / "cv.pdf")
    assert _check(pg)[0] == cli.EXIT_OK


@needs_pg
def test_documents_kept_in_the_old_local_folder_are_imported(pg: Database, tmp_path: Path) -> None:
    """Before this version a server database kept its documents in a folder on the registering workstation."""
    application, _sha = _filed(pg, tmp_path)
    old = DocumentStore(pg.documents_root).put(_pdf(tmp_path, "diploma.pdf"))
    with pg.uow() as uow:
        applications.add_documents(uow, application, "cv_with_photo", [old])
    status, said = _check(pg)
    assert status == cli.EXIT_NOT_VERIFIED and "import-folder" in said
    out = io.StringIO()
    assert cli.main(["--db", URL, "documents", "import-folder"], out, io.StringIO(), pg.clock) == cli.EXIT_OK
    assert "Imported 1 document " in out.getvalue()
    assert _check(pg)[0] == cli.EXIT_OK
    out = io.StringIO()
    assert cli.main(["--db", URL, "documents", "import-folder"], out, io.StringIO(), pg.clock) == cli.EXIT_OK
    assert "Imported 0 documents" in out.getvalue()  # run again: nothing twice


# --- SQLite: the folder store, checked the same way -------------------------------------------------------------


def test_check_finds_a_damaged_and_a_missing_document_on_sqlite(db: Database, tmp_path: Path) -> None:
    application, sha = _filed(db, tmp_path)
    store = db.document_store()
    assert type(store) is DocumentStore
    assert _check(db)[0] == cli.EXIT_OK
    other = store.put(_pdf(tmp_path, "letter.pdf"))
    with db.uow() as uow:
        applications.add_documents(uow, application, "cv_with_photo", [other])
    damaged = store.path(sha)
    os.chmod(damaged, 0o600)
    damaged.write_bytes(damaged.read_bytes().replace(b"cv.pdf", b"xx.pdf"))
    store.path(other.sha256).unlink()
    status, said = _check(db)
    assert status == cli.EXIT_NOT_VERIFIED
    assert "DAMAGED" in said and "MISSING" in said and "letter.pdf" in said and "Асанова Гүлнара" in said


def test_check_needs_the_right_to_check_documents(db: Database) -> None:
    from osgo_desktop.domain.roles import NotPermitted, Principal, Role

    db.principal = Principal(account_id=None, login="counter", name="Counter", roles=frozenset({Role.COUNTING}))
    with pytest.raises(NotPermitted), db.uow() as uow:
        check_documents(uow, db.document_store())


# --- osgo server init, and a look at a database ------------------------------------------------------------------


@needs_pg
def test_server_init_makes_the_schema_and_the_first_administrator(tmp_path: Path) -> None:
    _empty(URL)
    assert probe(URL).found is Found.EMPTY
    out, err = io.StringIO(), io.StringIO()
    os.environ["OSGO_PASSWORD"] = PASSWORD
    try:
        status = cli.main(["server", "init", URL, "--login", "Admin", "--name", "Айгүл Асанова"], out, err)
    finally:
        del os.environ["OSGO_PASSWORD"]
    assert status == cli.EXIT_OK, err.getvalue()
    assert "Айгүл Асанова (admin)" in out.getvalue()
    assert probe(URL).found is Found.READY
    database = Database.open(URL, pinned_clock())
    try:
        with database.uow() as uow:
            from osgo_desktop.services import accounts

            assert accounts.sign_in(uow, "admin", PASSWORD).login == "admin"
    finally:
        database.close()
    with pytest.raises(ServerNotEmpty, match="already an OSGO database"):
        init_server(URL, pinned_clock(), "second", "Second", PASSWORD)


@needs_pg
def test_server_init_refuses_a_database_that_holds_other_tables() -> None:
    _empty(URL)
    engine = create_engine(URL)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE payroll (id integer)"))
    engine.dispose()
    with pytest.raises(ServerNotEmpty, match="did not make"):
        init_server(URL, pinned_clock(), "admin", "Admin", PASSWORD)
    assert probe(URL).found is Found.NOT_OSGO


@needs_pg
def test_server_init_with_a_weak_password_makes_nothing() -> None:
    _empty(URL)
    with pytest.raises(KnownError):
        init_server(URL, pinned_clock(), "admin", "Admin", "123")
    assert probe(URL).found is Found.EMPTY


@needs_pg
def test_a_look_at_a_server_says_what_is_wrong_in_words() -> None:
    wrong_db = make_url(URL).set(database="osgo_h5_no_such_database").render_as_string(hide_password=False)
    assert probe(wrong_db).found is Found.NO_DATABASE
    refused = make_url(URL).set(port=1).render_as_string(hide_password=False)
    looked = probe(refused)
    assert looked.found is Found.REFUSED and "127.0.0.1:1" in looked.message
    _empty(URL)
    Database.open(URL, pinned_clock()).close()
    engine = create_engine(URL)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    assert probe(URL).found is Found.NEWER


def test_a_look_at_sqlite_files(tmp_path: Path, db: Database) -> None:
    assert probe(db.url).found is Found.READY
    assert probe(f"sqlite:///{tmp_path / 'new.sqlite'}").found is Found.NEW
    assert not (tmp_path / "new.sqlite").exists()  # a look makes nothing
    (tmp_path / "notes.sqlite").write_bytes(b"not a database at all, just some text" * 100)
    assert probe(f"sqlite:///{tmp_path / 'notes.sqlite'}").found is Found.NOT_OSGO

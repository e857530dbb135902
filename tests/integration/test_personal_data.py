"""Personal data kept close (issue 15, item 6): files owner-only, personal fields shown only to the roles that may
see them, and their erasure once the keeping time is over — the audit chain still whole and checkable."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text

from osgo_desktop import private_files
from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.roles import NotPermitted, Principal, Role
from osgo_desktop.services import applications, audit, competitions, composition_views, personal_data, registries
from osgo_desktop.services.export import export_record
from osgo_desktop.storage import models
from osgo_desktop.storage.audit import verify_chain
from osgo_desktop.storage.db import backup_sqlite
from osgo_desktop.storage.documents import DocumentStore
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from osgo_desktop.verifier.record import verify_record
from tests.conftest import TESTER, copy_database, empty_postgres, pinned_clock
from tests.integration.test_cli import osgo
from tests.record_support import election  # noqa: F401  (a fixture)

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes mean little on Windows")

OBSERVER = Principal(account_id=None, login="observer", name="Observer", roles=frozenset({Role.OBSERVER}))
SECRETARIAT = Principal(account_id=None, login="secretary", name="Secretary", roles=frozenset({Role.SECRETARIAT}))
#: a day on which the demo's competition 2026/04 (closed on TODAY) and the composition it formed are long over
LATER = dt.date(2030, 1, 10)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- files ------------------------------------------------------------------------------------------------------


@posix_only
def test_a_new_database_and_its_wal_files_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "osgo.sqlite"
    db = Database.open(sqlite_url(path), pinned_clock())
    try:
        with db.uow() as uow:
            competitions.list_competitions(uow)
        assert mode(path) == 0o600
        assert mode(path.parent) == 0o700
        for companion in ("-wal", "-shm"):
            side = path.with_name(path.name + companion)
            if side.exists():
                assert mode(side) == 0o600, companion
    finally:
        db.close()


@posix_only
def test_an_existing_readable_database_is_tightened_and_the_log_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "old.sqlite"
    Database.open(sqlite_url(path), pinned_clock()).close()
    path.chmod(0o644)
    with caplog.at_level(logging.INFO, logger="osgo_desktop.storage.db"):
        db = Database.open(sqlite_url(path), pinned_clock())
    db.close()
    assert mode(path) == 0o600
    assert any("readable by its owner only" in record.getMessage() for record in caplog.records)


@posix_only
def test_the_copy_before_an_upgrade_is_owner_only(tmp_path: Path) -> None:
    db = Database.open(sqlite_url(tmp_path / "a.sqlite"), pinned_clock())
    try:
        copy = backup_sqlite(db.engine, "before-test", pinned_clock())
    finally:
        db.close()
    assert copy is not None and mode(copy) == 0o600


@posix_only
def test_saved_files_and_the_documents_are_owner_only(tmp_path: Path) -> None:
    saved = private_files.write_private(tmp_path / "out" / "record.zip", b"PK")
    assert mode(saved) == 0o600 and saved.read_bytes() == b"PK"
    (tmp_path / "leftover.pdf.part").write_bytes(b"old")
    (tmp_path / "leftover.pdf.part").chmod(0o644)
    assert mode(private_files.write_private(tmp_path / "leftover.pdf", b"%PDF")) == 0o600

    store = DocumentStore(tmp_path / "db-documents")
    source = tmp_path / "cv.pdf"
    source.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    stored = store.put(source)
    assert mode(store.root) == 0o700
    assert mode(store.path(stored.sha256).parent) == 0o700
    assert mode(store.path(stored.sha256)) == 0o400  # read-only, and by its owner only


@posix_only
def test_the_cli_writes_an_export_owner_only(election: tuple[Path, bytes], tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "e.sqlite"
    copy_database(election[0], path)
    code, _out, err = osgo("--db", sqlite_url(path), "export", "2026/04", "--out", str(tmp_path / "r.zip"))
    assert code == 0, err
    assert mode(tmp_path / "r.zip") == 0o600
    # the audit log's personal entries are never exported: no PIN nor birth date of anyone is in the record
    db = Database.open(sqlite_url(path), pinned_clock())
    try:
        with db.uow() as uow:
            people = uow.session.execute(select(models.Person.pin, models.Person.birth_date)).all()
    finally:
        db.close()
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        record = archive.read("record.json").decode()
    assert people and not [pin for pin, _born in people if pin and pin in record]
    assert '"personal":' not in record and '"salt":' not in record


# --- who sees it ------------------------------------------------------------------------------------------------


def _competition(db: Database, number: str) -> int:
    with db.uow() as uow:
        return next(row.id for row in competitions.list_competitions(uow) if row.number == number)


def test_an_observer_sees_no_pin_birth_date_or_contacts(full_demo_db: Database) -> None:
    db = full_demo_db
    competition_id = _competition(db, "2026/01")
    with db.uow() as uow:
        rows = applications.list_applications(uow, competition_id)
        detail = applications.get_application(uow, rows[0].id)
        members = registries.list_commission(uow)
        sitting = composition_views.composition_detail(uow, None, uow.clock.today())
    assert any(m.pin for m in sitting.members)
    assert any(row.pin for row in rows) and not any(row.personal_hidden for row in rows)
    assert detail.person.pin and detail.person.birth_date is not None and not detail.personal_hidden
    assert any(member.pin or member.contact for member in members)

    db.principal = OBSERVER
    with db.uow() as uow:
        hidden_rows = applications.list_applications(uow, competition_id)
        hidden = applications.get_application(uow, rows[0].id)
        hidden_members = registries.list_commission(uow)
        counting = registries.list_counting(uow)
        grid = applications.screening_grid(uow, competition_id)
        hidden_sitting = composition_views.composition_detail(uow, None, uow.clock.today())
    assert all(m.pin == "" for m in hidden_sitting.members)
    assert all(m.pin == "" for term in hidden_sitting.history for m in term.mandates)
    assert [r.full_name for r in hidden_rows] == [r.full_name for r in rows]  # names are not personal fields
    assert all(r.pin == "" and r.birth_date is None and r.personal_hidden for r in hidden_rows)
    person = hidden.person
    assert (person.pin, person.birth_date, person.phone, person.email, person.address) == ("", None, "", "", "")
    assert (person.workplace, person.position, hidden.intake.notes, hidden.withdraw_reason) == ("", "", "", "")
    assert hidden.personal_hidden and person.surname == detail.person.surname
    assert all(m.pin == "" and m.contact == "" and m.personal_hidden for m in hidden_members)
    assert all(m.contact == "" and m.personal_hidden for m in counting)
    assert all(row.application.pin == "" for row in grid.rows)

    db.principal = SECRETARIAT
    with db.uow() as uow:
        assert applications.get_application(uow, rows[0].id).person.pin == detail.person.pin


def test_the_audit_log_hides_personal_fields_from_an_observer(full_demo_db: Database) -> None:
    db = full_demo_db
    with db.uow() as uow:
        pin = uow.session.scalars(select(models.Person.pin).where(models.Person.pin != "")).first()
    assert pin
    with db.uow() as uow:
        found = audit.list_audit(uow, table="person", text=pin)
    assert found and any(pin in row.summary for row in found)

    db.principal = OBSERVER
    with db.uow() as uow:
        assert audit.list_audit(uow, table="person", text=pin) == []  # nobody finds a person by their PIN
        rows = audit.list_audit(uow, table="person")
    assert rows
    for row in rows:
        assert pin not in row.summary
        assert all(pin not in json.dumps([str(v) for v in values]) for values in row.values)
    inserted = next(row for row in rows if row.action in ("insert", "baseline") and "pin" in row.fields)
    assert inserted.values[inserted.fields.index("pin")][1] is audit.HIDDEN
    assert "PIN: hidden" in inserted.summary


# --- how long it is kept, and its erasure -----------------------------------------------------------------------


@pytest.fixture
def closed_db(election: tuple[Path, bytes], tmp_path: Path) -> Iterator[Database]:  # noqa: F811
    """The demo with 2026/04 voted, signed and closed on TODAY (the record tests' election), on a clock of its own."""
    path = tmp_path / "closed.sqlite"
    copy_database(election[0], path)
    db = Database.open(sqlite_url(path), pinned_clock())
    yield db
    db.close()


def _candidates(db: Database) -> dict[int, str]:
    """The applicants of 2026/04: person id → registration number."""
    with db.uow() as uow:
        found = uow.session.execute(
            select(models.Application.person_id, models.Application.number)
            .join(models.Competition, models.Competition.id == models.Application.competition_id)
            .where(models.Competition.number == "2026/04")
        )
        return {person_id: f"2026/04-{number:03d}" for person_id, number in found}


def test_applicants_are_kept_while_the_composition_sits_and_a_year_after(closed_db: Database) -> None:
    db = closed_db
    clock = db.clock
    assert isinstance(clock, FixedClock)
    candidates = _candidates(db)
    with db.uow() as uow:
        assert not set(candidates) & {p.person_id for p in personal_data.due_for_erasure(uow)}
    clock.set_day(LATER)
    with db.uow() as uow:
        due = {p.person_id: p for p in personal_data.due_for_erasure(uow)}
    assert set(candidates) <= set(due)
    one = due[next(iter(candidates))]
    assert one.since <= LATER and one.applications == (candidates[one.person_id],)
    with db.uow() as uow:  # still within the composition's term plus a year: kept
        clock.set_day(one.since - dt.timedelta(days=1))
        assert one.person_id not in {p.person_id for p in personal_data.due_for_erasure(uow)}


def test_erasure_clears_the_fields_and_the_audit_entries_and_the_chain_still_holds(
    closed_db: Database, tmp_path: Path
) -> None:
    db = closed_db
    assert isinstance(db.clock, FixedClock)
    db.clock.set_day(LATER)
    candidates = _candidates(db)
    person_id = min(candidates)
    with db.uow() as uow:
        person = uow.session.get_one(models.Person, person_id)
        pin, name = person.pin, person.surname
        held = uow.session.scalar(
            text(
                "SELECT count(*) FROM audit_entry"
                " WHERE table_name = 'person' AND row_key = :key AND personal IS NOT NULL"
            ),
            {"key": json.dumps({"id": person_id}, separators=(",", ":"))},
        )
    assert pin and held

    with db.uow() as uow:
        erased = personal_data.erase_personal_data(uow, [person_id])
    assert [e.person_id for e in erased] == [person_id] and erased[0].entries >= held

    with db.uow() as uow:
        person = uow.session.get_one(models.Person, person_id)
        assert (person.pin, person.birth_date, person.phone, person.email, person.address) == ("", None, "", "", "")
        assert person.surname == name and person.personal_erased_at is not None
        left = uow.session.execute(
            text("SELECT personal, salt, personal_hash FROM audit_entry WHERE table_name = 'person' AND row_key = :k"),
            {"k": json.dumps({"id": person_id}, separators=(",", ":"))},
        ).all()
        assert all(pin not in (row.personal or "") for row in left)
        assert all(row.personal_hash for row in left)  # the hash of what was there stays: the chain is whole
        logged = uow.session.execute(
            text("SELECT actor, data FROM audit_entry WHERE table_name = 'personal_erasure' ORDER BY seq")
        ).all()
        assert pin not in json.dumps([list(row) for row in logged])
        dump = uow.session.execute(text("SELECT group_concat(coalesce(personal, ''), '') FROM audit_entry")).scalar()
        assert pin not in (dump or "")
    assert len(logged) == 1 and logged[0].actor == TESTER.actor
    assert json.loads(logged[0].data)["person_id"] == person_id

    report = db.check_audit()
    assert report.ok, (report.broken, report.findings)
    with db.engine.connect() as connection:
        assert verify_chain(connection).ok

    # an export made afterwards still verifies, and carries no personal field
    competition_id = _competition(db, "2026/04")
    with db.uow() as uow:
        data = export_record(uow, db.document_store(), competition_id)
    path = tmp_path / "after.zip"
    path.write_bytes(data)
    outcome = verify_record(path)
    assert outcome.ok, outcome.failures
    with zipfile.ZipFile(path) as archive:
        assert pin.encode() not in archive.read("record.json")
    code, out, _err = osgo("--lang", "en", "verify", str(path))
    assert code == 0 and out.startswith("Verified")

    # the person now shows as erased, and is no longer due
    with db.uow() as uow:
        assert person_id not in {p.person_id for p in personal_data.due_for_erasure(uow)}


def test_only_an_administrator_erases_and_only_who_is_due(closed_db: Database) -> None:
    db = closed_db
    person_id = min(_candidates(db))
    for principal in (OBSERVER, SECRETARIAT):
        db.principal = principal
        with db.uow() as uow, pytest.raises(NotPermitted):
            personal_data.erase_personal_data(uow, [person_id])
    db.principal = TESTER
    with db.uow() as uow, pytest.raises(personal_data.NotDue):  # the competition closed today: kept
        personal_data.erase_personal_data(uow, [person_id])
    with db.uow() as uow:
        assert uow.session.get_one(models.Person, person_id).pin


def test_the_cli_lists_who_is_due_and_erases_after_yes(election: tuple[Path, bytes], tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "cli.sqlite"
    copy_database(election[0], path)
    url = sqlite_url(path)
    later = FixedClock.on(LATER)
    db = Database.open(url, later)
    try:
        applicant = min(_candidates(db))
    finally:
        db.close()
    code, out, err = osgo("--db", url, "personal-data", "due", clock=later)
    assert code == 0 and "2026/04-001" in out and "due since" in out, err
    code, out, err = osgo("--db", url, "personal-data", "erase", "--person", str(applicant), clock=later)
    assert code == 1 and "--yes" in err and str(applicant) in out
    code, out, err = osgo(
        "--db", url, "personal-data", "erase", "--person", str(applicant), "--yes", clock=FixedClock.on(LATER)
    )
    assert code == 0 and "Erased the personal data" in out, err
    code, out, err = osgo("--db", url, "audit", "check", clock=FixedClock.on(LATER))
    assert code == 0, out
    code, out, err = osgo("--db", url, "personal-data", "erase", "--person", str(applicant), "--yes", clock=later)
    assert code != 0 and "still kept" in err


POSTGRES_URL = os.environ.get("OSGO_TEST_POSTGRES_URL", "")


@pytest.mark.skipif(not POSTGRES_URL, reason="OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
def test_erasure_on_postgresql_leaves_the_chain_whole() -> None:
    empty_postgres(POSTGRES_URL)
    clock = pinned_clock()
    db = Database.open(POSTGRES_URL, clock)
    try:
        from osgo_desktop.services import demo

        with db.uow() as uow:
            demo.load_demo(uow)
        clock.set_day(dt.date(2028, 12, 1))  # the demo's imported members whose seats ended are due
        with db.uow() as uow:
            due = personal_data.due_for_erasure(uow)
        assert due
        with db.uow() as uow:
            erased = personal_data.erase_personal_data(uow, [due[0].person_id])
        assert erased[0].entries > 0
        with db.uow() as uow:
            assert uow.session.get_one(models.Person, due[0].person_id).pin == ""
        assert db.check_audit().ok
    finally:
        db.close()

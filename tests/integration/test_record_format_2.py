"""Record format 2 (issue 14, item 3): migration 0011 re-chains a database written at schema 0010, nothing lost; a
chain head seen or printed before is still recognised; a format-1 record still verifies; the fingerprints hold.

``tests/fixtures/election_v0010.sqlite`` is an election held at schema 0010 and ``record_v1.zip`` its export in
format 1, both written by that version (``tools/make_record_fixture.py``, ``tests/fixtures/README.md``).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from osgo_desktop.domain.audit_chain import PERSONAL_FIELDS
from osgo_desktop.services.export import export_record
from osgo_desktop.storage import audit, chain_head, models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from osgo_desktop.verifier.record import verify_record
from tests.conftest import pinned_clock
from tests.integration.test_cli import osgo
from tests.record_support import edited, election

__all__ = ["election"]  # the fixture, imported for pytest

FIXTURES = Path(__file__).parent.parent / "fixtures"
DATABASE = FIXTURES / "election_v0010.sqlite"
RECORD_V1 = FIXTURES / "record_v1.zip"
VOTED = "2026/04"


def _record(data: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        loaded: dict[str, Any] = json.loads(archive.read("record.json"))
    return loaded


def _old_chain(path: Path) -> tuple[dict[int, tuple[str, str, str]], tuple[int, str]]:
    """Every entry's (table, data, hash) by seq, and the head, as the old version left them."""
    with sqlite3.connect(path) as connection:
        entries = {
            seq: (table, data, digest)
            for seq, table, data, digest in connection.execute("SELECT seq, table_name, data, hash FROM audit_entry")
        }
        head = connection.execute("SELECT seq, hash FROM audit_head").fetchone()
    connection.close()
    return entries, (head[0], head[1])


@pytest.fixture
def old_election(tmp_path: Path) -> Path:
    """A copy of the 0010 database with its document store rebuilt from the old record's files (the protocol PDFs
    and the signed scan are all an export reads)."""
    path = tmp_path / "election.sqlite"
    shutil.copyfile(DATABASE, path)
    store = tmp_path / "election-documents"
    with zipfile.ZipFile(RECORD_V1) as archive:
        for name in archive.namelist():
            if name.startswith(("protocols/", "signed/")):
                data = archive.read(name)
                digest = hashlib.sha256(data).hexdigest()
                (store / digest[:2]).mkdir(parents=True, exist_ok=True)
                (store / digest[:2] / digest).write_bytes(data)
    return path


def test_the_fixture_is_a_0010_database_and_a_format_1_record() -> None:
    with sqlite3.connect(DATABASE) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0010",)
        columns = {row[1] for row in connection.execute("PRAGMA table_info(audit_entry)")}
    connection.close()
    assert "personal" not in columns
    record = _record(RECORD_V1.read_bytes())
    assert record["format"] == "osgo-election-record/1" and "withheld_tables" in record["audit"]


def test_a_format_1_record_still_verifies_and_says_what_was_only_linked() -> None:
    report = verify_record(RECORD_V1)
    assert report.ok, report.failures
    assert report.record_format == 1 and 0 < report.audit_withheld < report.audit_entries
    code, out, err = osgo("--lang", "en", "verify", str(RECORD_V1))
    assert code == 0, out + err
    assert "withheld for personal data and checked by their links" in out


def test_migration_0011_rechains_the_log_and_loses_nothing(old_election: Path) -> None:
    before, old_head = _old_chain(old_election)
    db = Database.open(sqlite_url(old_election), pinned_clock())
    try:
        assert db.opened.upgraded_from == "0010"
        report = db.check_audit()
        assert report.ok and report.entries == len(before), report
        with sqlite3.connect(old_election) as connection:
            after = {
                row[0]: row[1:]
                for row in connection.execute(
                    "SELECT seq, data, personal, salt, personal_hash, legacy_hash, hash FROM audit_entry"
                )
            }
            head = connection.execute("SELECT seq, hash FROM audit_head").fetchone()
        connection.close()
        assert after.keys() == before.keys()
        salts = set()
        for seq, (table, old_data, old_hash) in before.items():
            data, personal, salt, hidden, legacy, digest = after[seq]
            assert legacy == old_hash and digest != old_hash  # the old hash kept, a new one made
            row = json.loads(data)
            if table in PERSONAL_FIELDS:
                assert personal is not None and salt is not None and len(salt) == 32 and len(hidden) == 64
                assert not PERSONAL_FIELDS[table] & row.keys()
                row.update(json.loads(personal))
                salts.add(salt)
            else:
                assert personal is None and salt is None and hidden is None
            assert row == json.loads(old_data)  # nothing lost
        assert len(salts) == sum(1 for table, _data, _hash in before.values() if table in PERSONAL_FIELDS)
        assert head[0] == old_head[0] and head[1] == after[head[0]][5]
    finally:
        db.close()
    code, out, err = osgo("--db", sqlite_url(old_election), "--lang", "en", "audit", "check")
    assert code == 0, out + err


def test_a_chain_head_kept_before_the_migration_is_the_same_head_and_is_rewritten(old_election: Path) -> None:
    _before, old_head = _old_chain(old_election)
    migrated = Database.open(sqlite_url(old_election), pinned_clock())
    path = chain_head.state_path(migrated.engine.url)
    migrated.close()
    # a head file written by the old version names the old hashes
    assert path is not None
    chain_head.save(path, chain_head.ChainState(head=old_head, checked=old_head))
    db = Database.open(sqlite_url(old_election), pinned_clock())
    try:
        opening = chain_head.check_on_opening(db.engine)
        assert opening.restored is None and opening.report.ok, opening
        assert opening.report.from_seq == old_head[0] + 1  # incremental from the entry the old hash names
        with db.engine.connect() as connection:
            now = audit.read_head(connection)
            assert audit.known_hash(connection, old_head[0], old_head[1]) == now[1]
            assert audit.known_hash(connection, old_head[0], "0" * 63 + "1") is None
        assert now[0] == old_head[0] and now[1] != old_head[1]
        kept = chain_head.load(path)
        assert kept.head == now and kept.checked == now
        with db.engine.connect() as connection:
            assert chain_head.restored_on(connection) is None
    finally:
        db.close()


def test_after_the_migration_the_export_is_format_2_with_the_same_fingerprints(
    old_election: Path, tmp_path: Path
) -> None:
    old = _record(RECORD_V1.read_bytes())
    db = Database.open(sqlite_url(old_election), pinned_clock())
    try:
        with db.uow() as uow:
            competition_id = uow.session.scalar(select(models.Competition.id).where(models.Competition.number == VOTED))
            assert competition_id is not None
            data = export_record(uow, db.document_store(), competition_id)
    finally:
        db.close()
    new = _record(data)
    assert new["format"] == "osgo-election-record/2"
    # a fingerprint printed before stays the fingerprint of its basis: by the migration, by the new format
    assert [(p["number"], p["lang"], p["fingerprint"]) for p in new["protocols"]] == [
        (p["number"], p["lang"], p["fingerprint"]) for p in old["protocols"]
    ]
    assert [e["legacy_hash"] for e in new["audit"]["entries"]] == [e["hash"] for e in old["audit"]["entries"]]
    for old_entry, entry in zip(old["audit"]["entries"], new["audit"]["entries"], strict=True):
        if old_entry["data"] is not None:  # format 1 gave the whole row of a table without personal fields
            assert entry["data"] == old_entry["data"]
    # the decision's PDF, printed before the migration, names the chain head by its old hash: still the record's
    report = verify_record(data)
    assert report.ok, report.failures
    assert report.record_format == 2 and 0 < report.audit_withheld < report.audit_entries
    head = old["audit"]["head"]
    decision_head = _printed_head(data)
    assert decision_head is not None and decision_head[1] in {e["hash"] for e in old["audit"]["entries"]}
    path = tmp_path / "record.zip"
    path.write_bytes(data)
    code, out, err = osgo("--lang", "en", "verify", str(path), "--chain-head", f"{head['seq']}:{head['hash']}")
    assert code == 0, out + err
    assert f"Audit entry {head['seq']} printed on the paper is in the record's chain, unchanged." in out


def _printed_head(data: bytes) -> tuple[int, str] | None:
    from osgo_desktop.verifier.record import CHAIN_HEAD_KEY, paper_keys

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("protocols/") and "-D-" in name:
                values = paper_keys(archive.read(name)).get(CHAIN_HEAD_KEY)
                if values and values[0]:
                    seq, digest = values[0].split(":")
                    return int(seq), digest
    return None


BROKEN_AT = 200


def _break(path: Path, how: str) -> None:
    """Damage the old database with plain SQL, as someone around the app would."""
    with sqlite3.connect(path) as connection:
        last = connection.execute("SELECT max(seq) FROM audit_entry").fetchone()[0]
        if how == "hash":
            connection.execute("UPDATE audit_entry SET actor = actor || 'x' WHERE seq = ?", (BROKEN_AT,))
        elif how == "prev":
            connection.execute("UPDATE audit_entry SET prev_hash = ? WHERE seq = ?", ("ab" * 32, BROKEN_AT))
        elif how == "gap":
            connection.execute("DELETE FROM audit_entry WHERE seq = ?", (BROKEN_AT,))
        elif how == "head":  # the last entry cut off, the head left where it was
            connection.execute("DELETE FROM audit_entry WHERE seq = ?", (last,))
        elif how == "row":  # a row changed behind the log's back: the log still holds the old one
            connection.execute("UPDATE person SET phone = '+996 700 00-00-00' WHERE id = 1")
    connection.close()


@pytest.mark.parametrize("how", ["hash", "prev", "gap", "head", "row"])
def test_a_chain_broken_before_the_migration_stays_broken_where_it_was(old_election: Path, how: str) -> None:
    before, _head = _old_chain(old_election)
    _break(old_election, how)
    db = Database.open(sqlite_url(old_election), pinned_clock())
    try:
        report = db.check_audit()
    finally:
        db.close()
    if how == "row":
        assert report.broken is None
        assert [(f.table, f.kind, f.fields) for f in report.findings] == [("person", "changed", ("phone",))]
    elif how == "head":
        assert report.broken == audit.ChainBreak(max(before), "head")
    else:
        assert report.broken == audit.ChainBreak(BROKEN_AT, how)
    code, out, _err = osgo("--db", sqlite_url(old_election), "--lang", "en", "audit", "check")
    assert code == 1 and out


def test_the_issue_s_tamperings_of_a_format_2_chain_are_named_by_verify(
    election: tuple[Path, bytes], tmp_path: Path
) -> None:
    record = _record(election[1])
    person = next(e["seq"] for e in record["audit"]["entries"] if e["table"] == "person")

    def entry(audit_record: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = audit_record["audit"]["entries"][person - 1]
        return found

    def blank(r: dict[str, Any]) -> None:
        entry(r)["data"] = None

    def retime(r: dict[str, Any]) -> None:
        entry(r)["at"] = "2026-01-01T00:00:00.000000"

    def restore_pin(r: dict[str, Any]) -> None:
        entry(r)["data"] = entry(r)["data"][:-1] + ',"pin":"12345678901234"}'

    def unhash(r: dict[str, Any]) -> None:
        entry(r)["personal_hash"] = None

    cases = [
        (blank, "its data was removed"),
        (retime, "was altered: its contents no longer match its hash"),
        (restore_pin, "its data holds personal fields the record must withhold: pin"),
        (unhash, "the hash of its personal fields is missing or malformed"),
    ]
    for change, detail in cases:
        path = tmp_path / f"{change.__name__}.zip"
        path.write_bytes(edited(election[1], change))
        code, out, err = osgo("--lang", "en", "verify", str(path))
        assert code == 1 and f"audit entry {person}: {detail}" in out, (change.__name__, out, err)


def test_the_audit_log_shows_and_finds_the_row_with_its_personal_fields(old_election: Path) -> None:
    from osgo_desktop.services.audit import list_audit

    db = Database.open(sqlite_url(old_election), pinned_clock())
    try:
        with db.uow() as uow:
            person = uow.session.get(models.Person, 1)
            assert person is not None and person.pin
            pin = person.pin
            found = list_audit(uow, table="person", text=pin)
        assert found and all(row.table == "person" for row in found)
        assert any("pin" in row.fields and pin in row.summary for row in found)
    finally:
        db.close()


def test_erased_personal_fields_leave_the_chain_whole(old_election: Path) -> None:
    """What erasure after the retention period will do (issue 15): the personal fields and their salt set null."""
    db = Database.open(sqlite_url(old_election), pinned_clock())
    db.close()
    with sqlite3.connect(old_election) as connection:
        erased = connection.execute("UPDATE audit_entry SET personal = NULL, salt = NULL WHERE table_name = 'person'")
        assert erased.rowcount > 0
        connection.execute("UPDATE person SET phone = '', pin = '' WHERE id = 1")  # the row's fields erased too
    connection.close()
    db = Database.open(sqlite_url(old_election), pinned_clock())
    try:
        report = db.check_audit()
        assert report.ok, report  # the chain holds; the rows are compared on their other fields
        with sqlite3.connect(old_election) as connection:
            connection.execute("UPDATE person SET surname = 'Башка' WHERE id = 1")
        connection.close()
        changed = db.check_audit()
        assert [(f.table, f.kind, f.fields) for f in changed.findings] == [("person", "changed", ("surname",))]
    finally:
        db.close()


def test_a_downgrade_gives_the_format_1_chain_back(old_election: Path) -> None:
    from osgo_desktop.storage import db as storage_db

    def chain() -> tuple[list[tuple[object, ...]], tuple[object, ...]]:
        with sqlite3.connect(old_election) as connection:
            rows = list(connection.execute("SELECT seq, data, prev_hash, hash FROM audit_entry ORDER BY seq"))
            head = connection.execute("SELECT seq, hash FROM audit_head").fetchone()
        connection.close()
        return rows, head

    before = chain()
    db = Database.open(sqlite_url(old_election), pinned_clock())
    try:
        storage_db.downgrade(db.engine, "0010")
    finally:
        db.close()
    assert chain() == before

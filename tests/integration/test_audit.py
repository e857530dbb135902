"""The audit chain: what the app writes is logged and chained; what is written behind its back is found."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from osgo_desktop import i18n
from osgo_desktop.domain.audit_chain import GENESIS
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.person import OrganizationDraft, OrgKind
from osgo_desktop.domain.registry import StateBodyDraft
from osgo_desktop.services import audit as audit_service
from osgo_desktop.services import competitions, demo, registries
from osgo_desktop.storage import audit, models
from osgo_desktop.storage import db as storage_db
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import empty_postgres, pinned_clock


def entries(db: Database) -> list[Any]:
    with db.engine.connect() as connection:
        return list(connection.execute(select(models.AuditEntry.__table__).order_by(models.AuditEntry.seq)))


def body(db: Database, name: str = "Маморган", body_id: int | None = None, actor: str | None = None) -> int:
    with db.uow(actor=actor) as uow:
        return registries.save_body(uow, StateBodyDraft(name, "Госорган", "State body"), body_id=body_id)


def test_inserts_updates_and_deletes_are_chained(db: Database) -> None:
    body_id = body(db, actor="secretary")
    body(db, "Маморган 2", body_id=body_id, actor="chair")
    with db.uow(actor="chair") as uow:
        uow.session.delete(uow.bodies.require(body_id))
        uow.commit()

    log = entries(db)
    assert [(e.seq, e.action, e.table_name, e.actor) for e in log] == [
        (1, "insert", "state_body", "secretary"),
        (2, "update", "state_body", "chair"),
        (3, "delete", "state_body", "chair"),
    ]
    assert {json.loads(e.row_key)["id"] for e in log} == {body_id}
    assert json.loads(log[1].data)["name_ky"] == "Маморган 2"  # the full row after the change
    assert json.loads(log[2].data)["name_ky"] == "Маморган 2"  # the row before the delete
    assert log[0].prev_hash == GENESIS
    assert [e.prev_hash for e in log[1:]] == [e.hash for e in log[:-1]]
    with db.engine.connect() as connection:
        report = audit.verify_chain(connection)
    assert report.ok and report.entries == 3 and report.broken is None


def test_a_rolled_back_change_leaves_no_entry(db: Database) -> None:
    with db.uow() as uow:
        uow.bodies.add(models.StateBody(name_ky="A", name_ru="B", name_en=""))  # flushed, never committed
    assert entries(db) == []
    assert db.check_audit().ok


def test_the_demo_and_a_lifecycle_step_pass_the_check(db: Database) -> None:
    with db.uow() as uow:
        demo.load_demo(uow, store=db.document_store())  # with applicants and their documents
    with db.uow() as uow:
        draft = next(r for r in competitions.list_competitions(uow) if r.state is State.DRAFT and r.body)
        competitions.announce(uow, draft.id, dt.date(2026, 11, 20), "«Кабар»")
    report = db.check_audit()
    assert report.ok, audit.describe(report)
    assert report.rows > 100 and report.entries > report.rows  # every row, and the updates on top
    tables = {e.table_name for e in entries(db)}
    assert {"competition", "competition_event", "association_member", "person", "application"} <= tables


def test_many_to_many_links_are_logged_when_added_and_removed(db: Database) -> None:
    with db.uow() as uow:
        orgs = [registries.save_organization(uow, OrganizationDraft(f"Уюм {i}", OrgKind.FOUNDATION)) for i in range(3)]
    with db.uow() as uow:
        association = registries.save_association(uow, registries.AssociationDraft("Бирикме", tuple(orgs)))
    with db.uow() as uow:
        registries.save_association(uow, registries.AssociationDraft("Бирикме", tuple(orgs[:2])), association)
    links = [(e.action, json.loads(e.row_key)) for e in entries(db) if e.table_name == "association_member"]
    assert ("delete", {"association_id": association, "organization_id": orgs[2]}) in links
    assert sum(action == "insert" for action, _key in links) == 3
    assert db.check_audit().ok


def test_an_update_behind_the_apps_back_is_found_and_named(db: Database) -> None:
    body_id = body(db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE state_body SET name_ru = 'Подделка' WHERE id = :id"), {"id": body_id})
    report = db.check_audit()
    assert not report.ok and report.broken is None  # the log itself is intact
    [finding] = report.findings
    assert (finding.table, finding.key, finding.kind, finding.fields) == (
        "state_body",
        {"id": body_id},
        "changed",
        ("name_ru",),
    )
    assert "State body (state_body, id=1): changed outside the app — name_ru" in audit.describe(report)


def test_rows_added_or_removed_behind_the_apps_back_are_found(db: Database) -> None:
    kept, removed = body(db, "A"), body(db, "B")
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM state_body WHERE id = :id"), {"id": removed})
        connection.execute(
            text("INSERT INTO state_body (id, name_ky, name_ru, name_en, active) VALUES (99, 'C', 'C', '', 1)")
        )
    report = db.check_audit()
    kinds = {(f.kind, f.key["id"]) for f in report.findings}
    assert kinds == {("missing", removed), ("unlogged", 99)}
    assert kept not in {f.key["id"] for f in report.findings}


def test_tampering_with_an_entrys_data_breaks_the_chain_there(db: Database) -> None:
    for name in "ABCD":
        body(db, name)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET data = replace(data, '\"B\"', '\"X\"') WHERE seq = 2"))
    report = db.check_audit()
    assert report.broken == audit.ChainBreak(2, "hash")
    assert "Audit log entry 2 was altered: its contents no longer match its hash." in audit.describe(report)


def test_deleting_an_entry_in_the_middle_breaks_the_chain_at_its_seq(db: Database) -> None:
    for name in "ABCD":
        body(db, name)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry WHERE seq = 3"))
    report = db.check_audit()
    assert report.broken == audit.ChainBreak(3, "gap")
    assert report.findings[0].kind == "unlogged"  # and the row it described has no entry now


def test_cutting_off_the_tail_is_found_through_the_head(db: Database) -> None:
    for name in "ABC":
        body(db, name)
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry WHERE seq = 3"))
        connection.execute(text("DELETE FROM state_body WHERE name_ky = 'C'"))
    assert db.check_audit().broken == audit.ChainBreak(3, "head")


def test_a_forged_entry_with_a_wrong_previous_hash_is_found(db: Database) -> None:
    body(db, "A")
    body(db, "B")
    with db.engine.begin() as connection:
        connection.execute(text(f"UPDATE audit_entry SET prev_hash = '{'1' * 64}' WHERE seq = 2"))
    assert db.check_audit().broken == audit.ChainBreak(2, "prev")


def test_an_older_database_gets_a_baseline_once(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    first = Database.open(sqlite_url(path), pinned_clock())
    storage_db.downgrade(first.engine, "0003")  # before the log began
    with first.engine.begin() as connection:
        connection.execute(text("INSERT INTO state_body (name_ky, name_ru, name_en, active) VALUES ('A', 'A', '', 1)"))
        connection.execute(
            text("INSERT INTO organization (name, kind, registration_number, active) VALUES ('O', 'foundation', '', 1)")
        )
    first.close()

    upgraded = Database.open(sqlite_url(path), pinned_clock())
    try:
        log = entries(upgraded)
        assert [(e.action, e.table_name) for e in log] == [
            ("baseline", "state_body"),
            ("baseline", "organization"),
        ] or [(e.action, e.table_name) for e in log] == [("baseline", "organization"), ("baseline", "state_body")]
        assert upgraded.check_audit().ok
        body(upgraded, "B")
        assert upgraded.check_audit().ok
    finally:
        upgraded.close()
    again = Database.open(sqlite_url(path), pinned_clock())  # no second baseline
    try:
        assert len(entries(again)) == 3
    finally:
        again.close()


def test_list_audit_filters_and_summarises_updates(db: Database) -> None:
    body_id = body(db, "A", actor="secretary")
    body(db, "B", body_id=body_id, actor="chair")
    body(db, "Бөлөк", actor="secretary")
    with db.uow() as uow:
        rows = audit_service.list_audit(uow)
        assert [r.seq for r in rows] == [3, 2, 1]  # newest first
        update = rows[1]
        assert update.fields == ("name_ky",) and update.summary == "Name in Kyrgyz: A → B"
        assert [r.seq for r in audit_service.list_audit(uow, actor="chair")] == [2]
        assert [r.seq for r in audit_service.list_audit(uow, text="бөлөк")] == [3] or [
            r.seq for r in audit_service.list_audit(uow, text="Бөлөк")
        ] == [3]
        assert [r.seq for r in audit_service.list_audit(uow, table="state_body", limit=1)] == [3]
        today = rows[0].at_bishkek.date()
        assert len(audit_service.list_audit(uow, since=today, until=today)) == 3
        assert audit_service.list_audit(uow, until=today - dt.timedelta(days=1)) == []
        filters = audit_service.audit_filters(uow)
    assert filters == audit_service.AuditFilters(("state_body",), ("chair", "secretary"))


URL = os.environ.get("OSGO_TEST_POSTGRES_URL", "")


@pytest.fixture
def pg() -> Iterator[Database]:
    if not URL:
        pytest.skip("OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
    empty_postgres(URL)
    database = Database.open(URL, pinned_clock())
    yield database
    database.close()


def test_the_chain_on_postgresql(pg: Database) -> None:
    with pg.uow() as uow:
        demo.load_demo(uow)
    assert pg.check_audit().ok
    with pg.engine.begin() as connection:
        connection.execute(text("UPDATE commission_member SET surname = 'Башка' WHERE id = 1"))
        connection.execute(text("UPDATE audit_entry SET actor = 'someone' WHERE seq = 5"))
    report = pg.check_audit()
    assert report.broken == audit.ChainBreak(5, "hash")
    assert [(f.table, f.key, f.fields) for f in report.findings] == [("commission_member", {"id": 1}, ("surname",))]


def test_every_logged_table_has_a_name_for_its_readers(db: Database) -> None:
    with db.engine.connect() as connection:
        tables = {table.name for table in audit.audited_tables(connection)}
    assert tables == set(audit.TABLE_LABELS)
    with i18n.language("ru"):
        assert audit.table_label("ballot_entry") == "Ввод бюллетеня"
        assert audit.table_label("a_table_of_a_newer_version") == "a_table_of_a_newer_version"

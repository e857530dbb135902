"""A database written by an earlier version, upgraded: nothing lost, the audit chain still checks.

``tests/fixtures/db_v0007.sqlite`` was written at schema 0007 (see ``tests/fixtures/README.md``): every kind of
data, a paper struck out the old way (marks JSON null). The test reads it with plain sqlite3 first, then opens a
copy through the app — which upgrades it — and compares.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, create_engine, insert, select, text

from osgo_desktop.domain.lifecycle import State
from osgo_desktop.services import competitions, registries, voting
from osgo_desktop.storage import db as storage_db
from osgo_desktop.storage import models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import empty_postgres, pinned_clock

FIXTURE = Path(__file__).parent.parent / "fixtures" / "db_v0007.sqlite"
POSTGRES_URL = os.environ.get("OSGO_TEST_POSTGRES_URL", "")
#: the closed competition the fixture voted on
VOTED = "2026/04"


def _tables(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    connection.close()
    return counts


@pytest.fixture
def old_copy(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_is_a_0007_database_with_a_paper_struck_out_the_old_way() -> None:
    with sqlite3.connect(FIXTURE) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
        assert connection.execute("SELECT count(*) FROM ballot_settlement WHERE marks = 'null'").fetchone() == (1,)
    connection.close()
    assert all(count > 0 for name, count in _tables(FIXTURE).items() if name != "alembic_version")


def _before(path: Path) -> dict[str, object]:
    """What the fixture says, read with plain sqlite3 before anything upgrades it."""
    with sqlite3.connect(path) as connection:
        competition_id, state = connection.execute(
            "SELECT id, state FROM competition WHERE number = ?", (VOTED,)
        ).fetchone()
        struck = connection.execute("SELECT id FROM ballot_settlement WHERE marks = 'null'").fetchall()
        result = connection.execute(
            "SELECT result_json FROM vote_round WHERE competition_id = ? ORDER BY number", (competition_id,)
        ).fetchall()
    connection.close()
    return {"id": competition_id, "state": state, "struck": {row[0] for row in struck}, "results": result}


def test_upgrading_a_0007_database_loses_nothing(old_copy: Path) -> None:
    counts = _tables(old_copy)
    before = _before(old_copy)
    db = Database.open(sqlite_url(old_copy), pinned_clock())
    try:
        assert db.opened.upgraded_from == "0007" and db.opened.backup is not None
        assert storage_db.current_revision(db.engine) == storage_db.SCHEMA_HEAD
        report = db.check_audit()
        assert report.ok, (report.broken, report.findings)
        after = _tables(old_copy)
        # every row is still there; the chain gained one entry per row the migration changed
        assert {name: after[name] for name in counts if name != "audit_entry"} == {
            name: count for name, count in counts.items() if name != "audit_entry"
        }
        assert after["audit_entry"] == counts["audit_entry"] + len(before["struck"])  # type: ignore[arg-type]
        _check_upgraded(db, before)
        # the app goes on writing the text earlier versions wrote: the default profile changed, then changed back
        old_profile = _stored_profile(old_copy)
        with db.uow() as uow:
            profile = registries.current_profile(uow)
            registries.save_profile(uow, dataclasses.replace(profile, code=profile.code + "-x"))
        assert _stored_profile(old_copy) != old_profile
        with db.uow() as uow:
            registries.save_profile(uow, profile)
        assert _stored_profile(old_copy) == old_profile
        assert db.check_audit().ok
    finally:
        db.close()


def _stored_profile(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        text_ = connection.execute("SELECT data FROM profile WHERE is_default").fetchone()[0]
    connection.close()
    assert isinstance(text_, str)
    return text_


def _check_upgraded(db: Database, before: dict[str, object]) -> None:
    competition_id = before["id"]
    assert isinstance(competition_id, int)
    with db.uow() as uow:
        settlements = uow.session.scalars(select(models.BallotSettlement)).all()
        assert {s.id for s in settlements if s.struck_out} == before["struck"]
        assert all(s.marks == [] for s in settlements if s.struck_out)
        assert all(s.marks for s in settlements if not s.struck_out)
        detail = competitions.get_competition(uow, competition_id)
        assert detail.state is State.CLOSED and detail.state == before["state"]
        rounds = [voting.get_round(uow, round_id) for round_id in voting.round_ids(uow, competition_id)]
        first = rounds[0]
        assert first.reconciliation.struck == {16} and len(first.reconciliation.agreed) == 15
        assert [s.marks is None for s in first.settlements] == [False, True]
        result = voting.outcome(uow, competition_id)
        assert len(result.elected) == 7 and not result.tie
        stored = [r[0] for r in before["results"]]  # type: ignore[attr-defined]
        assert [uow.rounds.require(r.id).result_json for r in rounds] == [json.loads(s) for s in stored]


@pytest.mark.skipif(not POSTGRES_URL, reason="OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
def test_upgrading_a_0007_database_on_postgresql(old_copy: Path) -> None:
    """The fixture's rows copied as they are into a PostgreSQL schema at 0007, then opened (upgraded) there."""
    before = _before(old_copy)
    empty_postgres(POSTGRES_URL)
    made = Database.open(POSTGRES_URL, pinned_clock())
    storage_db.downgrade(made.engine, "0007")
    source = create_engine(sqlite_url(old_copy))
    counts = _tables(old_copy)
    try:
        _copy_rows(source, made)
    finally:
        source.dispose()
        made.close()
    db = Database.open(POSTGRES_URL, pinned_clock())
    try:
        assert db.opened.upgraded_from == "0007"
        report = db.check_audit()
        assert report.ok, (report.broken, report.findings)
        with db.engine.connect() as connection:
            for name, count in counts.items():
                expected = count + len(before["struck"]) if name == "audit_entry" else count  # type: ignore[arg-type]
                if name != "alembic_version":
                    assert connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar() == expected, name
        _check_upgraded(db, before)
    finally:
        db.close()


def _copy_rows(source: Engine, target: Database) -> None:
    """Every row of the SQLite database into the PostgreSQL one, as stored (reflected: no mapped types)."""
    old, new = MetaData(), MetaData()
    old.reflect(source)
    new.reflect(target.engine)
    with source.connect() as reading, target.engine.begin() as writing:
        writing.execute(new.tables["audit_head"].delete())  # migration 0004 starts the chain: the copy's replaces it
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            order = list(table.primary_key.columns)
            rows = [dict(row) for row in reading.execute(select(table).order_by(*order)).mappings()]
            if rows:
                writing.execute(insert(new.tables[table.name]), rows)
        for table in new.sorted_tables:  # the sequences go on from the copied ids
            if "id" in table.c and table.c.id.autoincrement is not False and table.name != "audit_head":
                writing.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f'COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
                    )
                )

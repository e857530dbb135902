"""The same schema and use cases on PostgreSQL, for offices that outgrow one machine.

Runs when OSGO_TEST_POSTGRES_URL names an empty database (``.ci/run`` starts a server and sets it); skipped
otherwise, and says so.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from osgo_desktop.domain.lifecycle import State
from osgo_desktop.services import competitions, demo, registries
from osgo_desktop.storage import db as storage_db
from osgo_desktop.storage import quick
from osgo_desktop.storage.models import Base
from osgo_desktop.storage.uow import Database
from tests.conftest import empty_postgres, pinned_clock

URL = os.environ.get("OSGO_TEST_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not URL, reason="OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")


@pytest.fixture
def pg() -> Iterator[Database]:
    database = Database.open(empty_postgres(URL), pinned_clock())
    yield database
    database.close()


def test_migrations_build_the_mapped_schema_on_postgresql(pg: Database) -> None:
    with pg.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    assert storage_db.current_revision(pg.engine) == quick.SCHEMA_HEAD
    again = Database.open(URL, pinned_clock())
    try:
        assert again.opened.backup is None and again.opened.upgraded_from is None  # nothing to upgrade
    finally:
        again.close()


def test_the_use_cases_on_postgresql(pg: Database) -> None:
    with pg.uow() as uow:
        demo.load_demo(uow)
    with pg.uow() as uow:
        rows = competitions.list_competitions(uow)
        assert len(rows) == 3 and len(registries.list_commission(uow)) == 15
        draft = next(r for r in rows if r.state is State.DRAFT and r.body is not None)
        deadline = competitions.announce(uow, draft.id, dt.date(2026, 11, 20), "«Кабар»")
        assert deadline == dt.date(2026, 12, 20)
    with pg.uow() as uow:
        detail = competitions.get_competition(uow, draft.id)
        assert detail.state is State.ANNOUNCED and detail.body is not None
        assert "министрлиги" in detail.body.ky  # Kyrgyz letters survive the round trip


def test_a_server_session_in_use_when_the_database_closes_ends_when_given_back(pg: Database) -> None:
    held = pg.engine.connect()
    raw = held.connection.dbapi_connection
    assert raw is not None and not raw.closed
    pg.close()
    held.close()
    assert raw.closed  # not left open in the old pool until the garbage collector finds it

"""Test setup: offscreen Qt, every app directory under a temporary OSGO_HOME, a real SQLite file per test, and a
clock pinned to :data:`TODAY` (the suite passes on any date: nothing reads the computer's clock)."""

from __future__ import annotations

import datetime as dt
import os
import select
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Before anything imports Qt or computes a path.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("OSGO_HOME", tempfile.mkdtemp(prefix="osgo-tests-"))

if "faketime" in os.environ.get("LD_PRELOAD", ""):
    # CI runs the suite a second time five years ahead under libfaketime, whose 0.9.10 fails every time.sleep with
    # EINVAL when monotonic time is left real; subprocess's timed wait sleeps (a child still exiting), so sleep
    # through select() instead for as long as the run is faked. The app itself never sleeps.
    def _select_sleep(seconds: float) -> None:
        select.select([], [], [], max(0.0, seconds))

    time.sleep = _select_sleep

import pytest
from hypothesis import settings

from osgo_desktop import i18n, passwords
from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.roles import Principal, Role
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database, UnitOfWork

# A property test checks what holds, never how fast (speed is measured in bench/): no example has a deadline. CI
# sets CI, and Hypothesis then loads its own "ci" profile (the same examples every run, no deadline either).
settings.register_profile("local", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")

#: the tests' "today": every clock the tests hand the app stands on this day, at noon in Bishkek
TODAY = dt.date(2026, 11, 23)


def empty_postgres(url: str) -> str:
    """The test server's database ``url`` emptied — its public schema made anew — for a test that starts from
    nothing (CI starts the server; OSGO_TEST_POSTGRES_URL names it)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def pinned_clock() -> FixedClock:
    """A clock at noon (Bishkek) on :data:`TODAY`; a test moves it with ``set_day`` or ``advance``."""
    return FixedClock.on(TODAY)


@pytest.fixture
def clock() -> FixedClock:
    """The clock of the test's database and app context."""
    return pinned_clock()


def fixed_clock(database: Database) -> FixedClock:
    """The pinned clock a test database was opened with."""
    assert isinstance(database.clock, FixedClock), "tests open databases on a pinned clock"
    return database.clock


@contextmanager
def clock_at(database: Database, moment: dt.datetime) -> Iterator[None]:
    """The database's pinned clock stands at ``moment`` inside, and where it was afterwards."""
    clock = fixed_clock(database)
    before = clock.now()
    clock.set(moment)
    try:
        yield
    finally:
        clock.set(before)


#: who the tests' databases act for unless a test signs in as someone else: an account holding every role
TESTER = Principal(account_id=None, login="tester", name="Test Operator", roles=frozenset(Role))


@pytest.fixture(autouse=True, scope="session")
def signed_in_tester() -> Iterator[None]:
    """Every database a test opens acts for :data:`TESTER`, and new secrets are hashed with Argon2id's lowest cost
    (tests that check a refusal sign in as an account with fewer roles)."""
    before_principal, Database.default_principal = Database.default_principal, TESTER
    before_cost = passwords.use_cost(passwords.LOW)
    yield
    Database.default_principal = before_principal
    passwords.use_cost(before_cost)


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
    Database.open(sqlite_url(path), pinned_clock()).close()
    return path


@pytest.fixture
def db(tmp_path: Path, migrated_template: Path, clock: FixedClock) -> Iterator[Database]:
    path = tmp_path / "test.sqlite"
    with sqlite3.connect(migrated_template) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    copy.close()
    source.close()
    database = Database.open(sqlite_url(path), clock)
    yield database
    database.close()


@pytest.fixture
def uow(db: Database) -> Iterator[UnitOfWork]:
    with db.uow() as unit:
        yield unit


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """The demo with its documents, loaded once per run (its screened competition 2026/04 is ready to vote)."""
    from osgo_desktop.services import demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    copy_database(migrated_template, path)
    database = Database.open(sqlite_url(path), pinned_clock())
    with database.uow() as unit:
        demo.load_demo(unit, database.document_store())
    database.close()
    return path


def copy_database(source_path: Path, target_path: Path) -> None:
    """A SQLite file and its document store, copied the safe way."""
    import shutil

    with sqlite3.connect(source_path) as source, sqlite3.connect(target_path) as copy:
        source.backup(copy)
    copy.close()
    source.close()
    documents = source_path.with_name(f"{source_path.stem}-documents")
    if documents.exists():
        shutil.copytree(documents, target_path.with_name(f"{target_path.stem}-documents"))


@pytest.fixture(scope="session")
def voted_template(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """The demo with 2026/04 voted through its runoff and tallied, no protocol issued (``load_demo(full=True,
    close=False)``): made once per run, each test gets a copy."""
    from osgo_desktop.services import demo
    from tests.voting_support import screened_competition

    path = tmp_path_factory.mktemp("voted") / "voted.sqlite"
    copy_database(demo_template, path)
    database = Database.open(sqlite_url(path), pinned_clock())
    with database.uow() as unit:
        demo.hold_demo_vote(unit, screened_competition(unit))
    database.close()
    return path


def opened_copy(template: Path, path: Path, clock: FixedClock) -> Iterator[Database]:
    """A fixture's body: a copy of ``template`` (and its documents) at ``path``, open on ``clock``, closed after."""
    copy_database(template, path)
    database = Database.open(sqlite_url(path), clock)
    yield database
    database.close()


@pytest.fixture
def full_demo_db(tmp_path: Path, demo_template: Path, clock: FixedClock) -> Iterator[Database]:
    """A copy of the demo with documents: 2026/01 has applicants, 2026/04 is screened and ready to vote."""
    yield from opened_copy(demo_template, tmp_path / "demo.sqlite", clock)

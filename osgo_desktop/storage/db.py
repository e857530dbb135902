"""Opening a database: the URL, SQLite's pragmas, migrations to the current schema, and the backup before them."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from osgo_desktop import private_files
from osgo_desktop.clock import Clock
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.storage.connect import without_password
from osgo_desktop.storage.quick import SCHEMA_HEAD

log = logging.getLogger(__name__)


class DatabaseError(KnownError):
    """A database that cannot be opened or upgraded; the message is translated, for the user."""


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Autocommit mode for the pragmas; SQLAlchemy drives the transactions itself.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA busy_timeout = 5000")
    finally:
        cursor.close()


#: the files SQLite keeps beside a database in WAL mode (it creates them with the database file's own mode)
_SQLITE_COMPANIONS = ("-wal", "-shm")


def _private_sqlite_file(path: Path) -> None:
    """Make a SQLite database file owner-only before SQLite opens it: created so when new (SQLite would create it
    readable by everyone, and its ``-wal`` and ``-shm`` files after it, with the same mode), tightened when an
    earlier version of the app left it readable by others — with a line in the log saying so."""
    private_files.make_private_dir(path.parent)
    if private_files.create_private(path):
        return
    for each in (path, *(path.with_name(path.name + suffix) for suffix in _SQLITE_COMPANIONS)):
        if private_files.tighten(each):
            # the app's log (INFO): on the command line a line on standard error would read as a failure
            log.info("%s could be read by other users of this computer; it is now readable by its owner only", each)


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with the house settings (SQLite: WAL, foreign keys on, synchronous FULL)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise DatabaseError(_("This is not a database address: {url}").format(url=without_password(url))) from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        engine = create_engine(parsed)
        if database and database != ":memory:" and not database.startswith("file:"):
            path = Path(database).expanduser()

            def _before_connect(*_args: Any) -> None:
                # when a connection is made, not when the engine is: an engine made only to learn where a database
                # keeps its documents creates no file
                _private_sqlite_file(path)

            event.listen(engine, "do_connect", _before_connect)
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise DatabaseError(
            _("This kind of database is not supported: {url}").format(url=parsed.render_as_string())
        ) from exc
    except ImportError as exc:
        raise DatabaseError(_("The driver for this database is not installed: {error}").format(error=exc)) from exc


def _alembic_config(engine: Engine, clock: Clock | None = None) -> Any:
    from alembic.config import Config  # imported only when a migration runs

    config = Config()
    script_location = resources.files("osgo_desktop.storage").joinpath("migrations")
    config.set_main_option("script_location", str(script_location))
    config.attributes["engine"] = engine
    #: the time a migration writes (the audit chain's baseline entries); see migration_clock()
    config.attributes["clock"] = clock
    return config


def migration_clock(attributes: dict[str, Any]) -> Clock:
    """The clock a running migration was handed by :func:`open_database` (a downgrade writes no time)."""
    clock = attributes.get("clock")
    if not isinstance(clock, Clock):
        raise RuntimeError("this migration writes the time: run it through storage.db.open_database")
    return clock


@dataclass(frozen=True)
class OpenResult:
    engine: Engine
    #: the copy made before an upgrade, if one was made
    backup: Path | None
    upgraded_from: str | None


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None: no OSGO schema yet)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def script_head(engine: Engine) -> str:
    """Alembic's head, read from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    assert head is not None
    return head


def _known_revision(engine: Engine, revision: str) -> bool:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(_alembic_config(engine)).get_revision(revision) is not None
    except CommandError:
        return False


def _table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def backup_sqlite(engine: Engine, label: str, clock: Clock) -> Path | None:
    """A consistent copy of a SQLite database file next to it (through SQLite's backup API), named with the
    Bishkek time of ``clock``; None for other databases."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    source_path = Path(database)
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    target = source_path.with_name(f"{source_path.stem}.{label}-{stamp}.bak{source_path.suffix}")
    counter = 1
    while target.exists():
        target = source_path.with_name(f"{source_path.stem}.{label}-{stamp}-{counter}.bak{source_path.suffix}")
        counter += 1
    private_files.create_private(target)  # the copy holds the same personal data: owner-only from the start
    with sqlite3.connect(source_path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    copy.close()
    source.close()
    return target


def open_database(url: str, clock: Clock) -> OpenResult:
    """Open ``url`` and bring it to the current schema; an older database is backed up before it is upgraded
    (``clock`` names the copy, and dates what a migration writes)."""
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
        head = SCHEMA_HEAD
        backup = None
        if revision != head:
            from alembic import command

            tables = _table_names(engine)
            if revision is not None and not _known_revision(engine, revision):
                raise DatabaseError(
                    _("This database was made by a newer version of OSGO Desktop: update the app to open it.")
                )
            if revision is not None or tables:
                if "alembic_version" not in tables:
                    raise DatabaseError(
                        _("This database was not made by OSGO Desktop, or is damaged: {url}").format(
                            url=engine.url.render_as_string(hide_password=True)
                        )
                    )
                backup = backup_sqlite(engine, f"before-{head}", clock)
                if backup is None:
                    log.warning(
                        "upgrading %s without a file backup: back it up with the server's own tools",
                        engine.url.render_as_string(hide_password=True),
                    )
                else:
                    log.info("backed up %s to %s before upgrading", engine.url.database, backup)
            command.upgrade(_alembic_config(engine, clock), "head")
        return OpenResult(engine=engine, backup=backup, upgraded_from=revision if revision != head else None)
    except DBAPIError as exc:
        close_engine(engine)
        raise DatabaseError(_("The database cannot be opened: {error}").format(error=exc.orig)) from exc
    except BaseException:  # whatever went wrong, no connection of an engine nobody holds is left open
        close_engine(engine)
        raise


def close_engine(engine: Engine) -> None:
    """Close ``engine``'s connections: the idle ones now, and each one still in use as it is given back.

    SQLAlchemy's ``dispose`` closes only the idle connections and puts a fresh pool in place; one in use at that
    moment (a document being streamed, a worker's session) goes back into the old pool when it is done and stays
    open there — a server session held until the garbage collector finds it."""
    pool = engine.pool
    engine.dispose()
    # after dispose, not before: the fresh pool copies the old one's listeners, and must keep what it is given back
    event.listen(pool, "checkin", _close_given_back)


def _close_given_back(dbapi_connection: Any, _record: Any) -> None:
    if dbapi_connection is not None:
        dbapi_connection.close()


def downgrade(engine: Engine, revision: str) -> None:
    """Used by tests to make an older database."""
    from alembic import command

    command.downgrade(_alembic_config(engine), revision)

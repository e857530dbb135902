"""Connecting to a database before opening it: the address of a server database, and a quick look at what is
there (reachable? the right password? an OSGO database? a schema this version can open?) in words."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from osgo_desktop.i18n import _
from osgo_desktop.storage.quick import SCHEMA_HEAD, sqlite_path, sqlite_url

log = logging.getLogger(__name__)

#: PostgreSQL's own port
DEFAULT_PORT: Final = 5432
#: how long a look at a server waits for it before saying it does not answer
PROBE_SECONDS: Final = 5


def server_url(host: str, port: int, database: str, user: str, password: str = "") -> str:
    """The URL of a PostgreSQL database (psycopg 3), with the password when one is given."""
    return URL.create(
        "postgresql+psycopg",
        username=user or None,
        password=password or None,
        host=host or None,
        port=port or None,
        database=database,
    ).render_as_string(hide_password=False)


def file_url(path: Path) -> str:
    """The URL of a SQLite database file."""
    return sqlite_url(path)


@dataclass(frozen=True)
class Address:
    """A database's address as a form shows it: a file, or a server's fields (a remembered one has no password)."""

    path: Path | None = None
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""
    password: str = ""


def address_of(url: str) -> Address | None:
    """The fields of ``url`` (None: not an address the form can show)."""
    path = sqlite_path(url)
    if path is not None:
        return Address(path=path)
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "postgresql":
        return None
    return Address(
        host=parsed.host or "",
        port=parsed.port or DEFAULT_PORT,
        database=parsed.database or "",
        user=parsed.username or "",
        password=parsed.password or "",
    )


def remembered(url: str) -> str:
    """The URL as it may be kept in the settings: no password (:func:`without_password`), and a file by its whole
    path (a relative one would be read from wherever the app is started next)."""
    path = sqlite_path(url)
    return sqlite_url(path.expanduser().absolute()) if path is not None else without_password(url)


#: the password part of "scheme://user:password@host"
_USER_PASSWORD: Final = re.compile(r"(://[^:/@]*):[^@/]*@")


def without_password(url: str) -> str:
    """The URL as it may be remembered or shown: no password, neither after the user's name nor as a ``password=``
    parameter (which the server's client library also reads)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # not an address that opens; whatever stands between ":" and "@" goes
        return _USER_PASSWORD.sub(r"\1@", url)
    return parsed._replace(password=None).difference_update_query(["password"]).render_as_string(hide_password=False)


class Found(StrEnum):
    """What a look at a database found."""

    READY = "ready"  # an OSGO database at this version's schema
    NEW = "new"  # no SQLite file there yet: opening makes a new database
    OLDER = "older"  # an OSGO database that opening will upgrade (after a backup)
    EMPTY = "empty"  # reachable, no tables: osgo server init makes it
    NOT_OSGO = "not_osgo"
    NEWER = "newer"
    REFUSED = "refused"  # nothing answers at that address, or not in time
    WRONG_PASSWORD = "wrong_password"
    NO_DATABASE = "no_database"
    NOT_ALLOWED = "not_allowed"  # the server's pg_hba.conf lets this machine or user in nowhere
    OTHER = "other"


#: what may be opened
OPENABLE: Final = frozenset({Found.READY, Found.OLDER, Found.NEW})


@dataclass(frozen=True)
class Probe:
    found: Found
    #: a sentence for the user
    message: str
    revision: str | None = None

    @property
    def ok(self) -> bool:
        return self.found in OPENABLE


def _engine(url: str, timeout: int) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, connect_args={"connect_timeout": max(1, timeout)}, poolclass=_null_pool())
    return create_engine(parsed, poolclass=_null_pool())


def _null_pool() -> type:
    from sqlalchemy.pool import NullPool

    return NullPool


def probe(url: str, timeout: int = PROBE_SECONDS) -> Probe:
    """Look at the database ``url`` without changing anything, waiting at most about ``timeout`` seconds for a
    server; what was found, in words. Slow on an unreachable server: call it off the GUI thread."""
    path = sqlite_path(url)
    if path is not None:
        return _probe_sqlite(path)
    try:
        engine = _engine(url, timeout)
    except (ArgumentError, ValueError):
        return Probe(Found.OTHER, _("This is not a database address: {url}").format(url=without_password(url)))
    except (NoSuchModuleError, ImportError) as exc:
        return Probe(Found.OTHER, _("The driver for this database is not installed: {error}").format(error=exc))
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if not tables:
                return Probe(
                    Found.EMPTY,
                    _(
                        "The connection works, and the database is empty. Make it an OSGO database first: "
                        "osgo server init (see docs/server.md)."
                    ),
                )
            if "alembic_version" not in tables:
                return Probe(
                    Found.NOT_OSGO,
                    _("The connection works, but this database was not made by OSGO Desktop. Choose another one."),
                )
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as exc:
        return _failure(exc, make_url(url))
    finally:
        engine.dispose()
    return _by_revision(revision)


def _probe_sqlite(path: Path) -> Probe:
    """A SQLite file, read-only (a look must not create the file, nor take its lock for long)."""
    if not path.exists():
        return Probe(Found.NEW, _("There is no database file there yet: a new, empty database will be made."))
    if path.is_dir():
        return Probe(Found.OTHER, _("{path} is a folder, not a database file.").format(path=path))
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=PROBE_SECONDS)
    except (sqlite3.Error, ValueError) as exc:
        return Probe(Found.OTHER, _("The database cannot be opened: {error}").format(error=exc))
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return Probe(Found.NEW, _("The file is an empty database: OSGO Desktop will make its tables."))
        if "alembic_version" not in tables:
            return Probe(
                Found.NOT_OSGO, _("This file is not an OSGO Desktop database (or it is damaged). Choose another one.")
            )
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return Probe(
            Found.NOT_OSGO, _("This file is not an OSGO Desktop database (or it is damaged). Choose another one.")
        )
    finally:
        connection.close()
    return _by_revision(row[0] if row else None)


def _by_revision(revision: str | None) -> Probe:
    if revision == SCHEMA_HEAD:
        return Probe(Found.READY, _("The connection works: an OSGO database, ready to open."), revision)
    if revision is not None and revision.isdigit() and int(revision) < int(SCHEMA_HEAD):
        return Probe(
            Found.OLDER,
            _("The connection works: an OSGO database of an older version, which opening will upgrade."),
            revision,
        )
    return Probe(
        Found.NEWER,
        _("This database was made by a newer version of OSGO Desktop: update the app on this computer to open it."),
        revision,
    )


def _failure(exc: DBAPIError, url: URL) -> Probe:
    """The refusal a driver reported, in words (psycopg's SQLSTATE where the server sent one)."""
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)
    detail = str(orig).strip()
    log.info("connecting to %s failed: %s (%s)", url.render_as_string(hide_password=True), detail, state)
    where = f"{url.host or 'localhost'}:{url.port or DEFAULT_PORT}"
    if state == "28P01" or "password authentication failed" in detail:
        return Probe(
            Found.WRONG_PASSWORD,
            _("The server refused the user {user}: the password is not right.").format(user=url.username or ""),
        )
    if state == "3D000" or ("database" in detail and "does not exist" in detail):
        return Probe(
            Found.NO_DATABASE,
            _("The server at {where} has no database named {database}. Check the name.").format(
                where=where, database=url.database or ""
            ),
        )
    if state == "28000" or "no pg_hba.conf entry" in detail:
        return Probe(
            Found.NOT_ALLOWED,
            _(
                "The server at {where} does not let this computer or this user in. Its administrator adds this "
                "computer's network to pg_hba.conf (docs/server.md)."
            ).format(where=where),
        )
    lowered = detail.lower()
    if "refused" in lowered or "timeout" in lowered or "timed out" in lowered or "could not" in lowered:
        return Probe(
            Found.REFUSED,
            _(
                "Nothing answers at {where}. Check the address and the port, that the server computer is on and in "
                "the same network, and that its firewall lets the port through."
            ).format(where=where),
        )
    return Probe(Found.OTHER, _("The database cannot be reached: {error}").format(error=detail))

"""Connecting to a database: a look at it before opening (the GUI's File » Connect…), and making an empty server
database an OSGO database — its schema and its first administrator (``osgo server init``)."""

from __future__ import annotations

from sqlalchemy import func, inspect, select
from sqlalchemy.exc import DBAPIError

from osgo_desktop import passwords
from osgo_desktop.clock import Clock
from osgo_desktop.domain.roles import Principal
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import _
from osgo_desktop.services import accounts
from osgo_desktop.storage import models
from osgo_desktop.storage.connect import (
    DEFAULT_PORT,
    OPENABLE,
    PROBE_SECONDS,
    Address,
    Found,
    Probe,
    address_of,
    file_url,
    probe,
    remembered,
    server_url,
    without_password,
)
from osgo_desktop.storage.db import make_engine
from osgo_desktop.storage.uow import Database

__all__ = [
    "DEFAULT_PORT",
    "PROBE_SECONDS",
    "Address",
    "Found",
    "Probe",
    "ServerNotEmpty",
    "address_of",
    "file_url",
    "init_server",
    "look_at",
    "remembered",
    "server_url",
    "without_password",
]


def look_at(url: str) -> Probe:
    """What is at ``url``, in words, without changing anything (slow on an unreachable server: in the background)."""
    return probe(url)


class ServerNotEmpty(KnownError):
    """The database holds something already: ``server init`` makes only empty databases."""


def _half_made(url: str) -> bool:
    """An OSGO schema with no account and no competition yet: an earlier ``server init`` stopped before its
    administrator was made (a bad password); finishing it loses nothing."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(models.Account.__tablename__):
                return False
            accounts_there = connection.scalar(select(func.count()).select_from(models.Account))
            competitions = connection.scalar(select(func.count()).select_from(models.Competition))
            return not accounts_there and not competitions
    except DBAPIError:
        return False
    finally:
        engine.dispose()


def init_server(url: str, clock: Clock, login: str, name: str, password: str) -> Principal:
    """Make the schema on the empty database ``url`` and its first administrator; refuse a database that holds
    anything (an OSGO database in use, or someone else's tables) with a message that says so."""
    errors: dict[str, str] = {}
    if not accounts.normal_login(login):
        errors["login"] = _("Enter a login.")
    if not name.strip():
        errors["name"] = _("Enter the person's name.")
    problem = passwords.password_problem(password)
    if problem:
        errors["password"] = problem
    if errors:
        raise ValidationError(errors)
    looked = probe(url)
    shown = without_password(url)
    if looked.found is Found.NOT_OSGO:
        raise ServerNotEmpty(
            _(
                "{url} already holds tables that OSGO Desktop did not make: it is left as it is. Create an empty "
                "database for OSGO (docs/server.md) and give its address."
            ).format(url=shown)
        )
    if looked.found in OPENABLE and not _half_made(url):
        raise ServerNotEmpty(
            _(
                "{url} is already an OSGO database: it is left as it is. Connect to it (File » Connect to a "
                "database…, or osgo --db), and sign in."
            ).format(url=shown)
        )
    if looked.found not in OPENABLE and looked.found is not Found.EMPTY:
        raise KnownError(looked.message)
    db = Database.open(url, clock)
    try:
        with db.uow() as uow:
            return accounts.create_first_administrator(uow, login, name, password)
    finally:
        db.close()

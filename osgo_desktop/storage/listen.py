"""Listening for what other processes commit to a server database: PostgreSQL's LISTEN on ``changes.CHANNEL``.

A :class:`ChangeListener` holds one dedicated connection (psycopg, autocommit) and hands back the
:class:`~osgo_desktop.changes.Changes` each commit of another process announced, within moments of the commit. It
blocks while it waits, so it runs off the GUI thread (``ui/live.py``); it knows nothing of Qt.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import URL, make_url

from osgo_desktop.changes import Changes
from osgo_desktop.storage import changes

if TYPE_CHECKING:
    import psycopg


def listens(url: str | URL) -> bool:
    """Whether a database at ``url`` announces its commits (a PostgreSQL server does; a SQLite file does not)."""
    return make_url(url).get_backend_name() == "postgresql"


def conninfo(url: str | URL) -> str:
    """The libpq connection string of a SQLAlchemy URL (``postgresql+psycopg://…`` → ``postgresql://…``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeListener:
    """``with ChangeListener(url, own_sender) as listener: for found in listener.wait(1.0): ...`` — the changes
    other processes committed; those announced with ``own_sender`` (this process's own commits, which it already
    told its screens about) are skipped. A dropped connection raises :class:`psycopg.OperationalError` from
    :meth:`wait`; the caller connects again (and reloads everything: notices sent meanwhile are lost)."""

    def __init__(self, url: str | URL, own_sender: str = "", connect_timeout: int = 5) -> None:
        self.url = url
        self.own_sender = own_sender
        self.connect_timeout = connect_timeout
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None

    def connect(self) -> None:
        import psycopg  # only a server database needs it (start-up of a SQLite app does not load it)

        connection = psycopg.connect(conninfo(self.url), autocommit=True, connect_timeout=self.connect_timeout)
        try:
            connection.execute(f"LISTEN {changes.CHANNEL}")
        except BaseException:  # the server dropped it at once: not left open for the garbage collector
            connection.close()
            raise
        self._connection = connection

    def __enter__(self) -> ChangeListener:
        self.connect()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def connected(self) -> bool:
        return self._connection is not None and not self._connection.closed

    def wait(self, timeout: float) -> Iterator[Changes]:
        """The changes announced by other processes, as they arrive, for up to ``timeout`` seconds (returns
        earlier once at least one notice came and no more is waiting)."""
        connection = self._connection
        if connection is None:
            raise RuntimeError("not connected")
        for notice in connection.notifies(timeout=timeout, stop_after=1):
            found, sender = changes.decode(notice.payload)
            if sender != self.own_sender or not sender:
                yield found
        for notice in connection.notifies(timeout=0):  # whatever else is already there, without waiting
            found, sender = changes.decode(notice.payload)
            if sender != self.own_sender or not sender:
                yield found

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

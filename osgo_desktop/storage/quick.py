"""Reading a SQLite database with the standard library alone, for the first screen: no SQLAlchemy, no Alembic.

The app shows its competitions while SQLAlchemy, the migrations' check and the rest still load (``ui.app``). That
first look reads the file read-only and only when it is at the schema this version writes (:data:`SCHEMA_HEAD`);
anything else — a missing file, an older or newer schema, a server database — gives None, and the app waits for
the full open, which upgrades and reports. The URL helpers live here too, so that knowing where the database is
loads nothing heavy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from osgo_desktop import paths

#: The newest migration in ``migrations/versions``. Checked against Alembic's own view by a test, so that opening
#: an up-to-date database (every start) needs no Alembic import and no reading of migration scripts.
SCHEMA_HEAD: Final = "0014"

_SQLITE_PREFIX: Final = "sqlite:///"


def sqlite_url(path: Path) -> str:
    return f"{_SQLITE_PREFIX}{path}"


def default_url(demo: bool = False) -> str:
    """The embedded default: a SQLite file in the user's data directory (the demo has a file of its own)."""
    return sqlite_url(paths.data_dir() / ("demo.sqlite" if demo else "osgo.sqlite"))


def sqlite_path(url: str) -> Path | None:
    """The file of a plain SQLite URL (as :func:`sqlite_url` writes them); None for anything else."""
    if not url.startswith(_SQLITE_PREFIX):
        return None
    rest = url[len(_SQLITE_PREFIX) :]
    if not rest or rest == ":memory:" or "?" in rest or rest.startswith("file:"):
        return None
    return Path(rest)


def read(path: Path, statements: Sequence[str]) -> list[list[tuple[Any, ...]]] | None:
    """The rows of each of ``statements`` from the SQLite file at ``path``, opened read-only, in one read
    transaction; None when the file is missing, damaged, or not at :data:`SCHEMA_HEAD`."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError):
        return None
    try:
        connection.execute("BEGIN")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != SCHEMA_HEAD:
            return None
        return [connection.execute(statement).fetchall() for statement in statements]
    except sqlite3.Error:
        return None
    finally:
        connection.close()

"""The audit chain's head kept outside the database, and the check made whenever a database is opened.

A database holds its own chain head (``audit_head``), so a whole older copy restored over it carries an older head
that agrees with its older chain: the chain check alone cannot see it. So each workstation also keeps, per
database, the newest head it has seen, in a small file of its own — next to a SQLite file (``osgo.sqlite`` →
``osgo.sqlite.chain-head``), and in the data directory for a server database (named after a hash of its URL). A
database whose head is older than that, or that holds the entry seen with another hash, is a restored (or other)
copy, and is said to be one on every opening until an administrator acknowledges it; the acknowledgement is an
entry of the chain itself (``audit.acknowledge_restore``).

The same file remembers the last entry already checked and, for a SQLite file, the file's stamp (size, times,
inode) when its rows were last compared with the log: opening then recomputes only the hashes after that entry,
and compares the rows only when the file changed since (see docs/decisions.md, "The audit chain").

Migration 0011 re-chained every entry (record format 2): a head kept before it names the entry by its old hash,
which the entry still holds as its ``legacy_hash``. Such a head is the same head; the next opening rewrites it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final, Literal

from sqlalchemy import URL, Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from osgo_desktop import paths
from osgo_desktop.clock import Clock
from osgo_desktop.i18n import _
from osgo_desktop.storage import audit

log = logging.getLogger(__name__)

#: the head file's format
STATE_FORMAT: Final = 1
#: what a SQLite file's head file is named after it
SUFFIX: Final = ".chain-head"
#: the head file's permissions: the workstation's user alone
MODE: Final = 0o600

Head = tuple[int, str]


@dataclass(frozen=True)
class ChainState:
    """What this workstation remembers of one database's chain."""

    #: the newest head seen here (a restored older copy has an older one)
    head: Head | None = None
    #: the last entry whose hash was checked, with everything before it
    checked: Head | None = None
    #: a SQLite file's stamp when its rows were last found to match the log
    stamp: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Restored:
    """The database is not the newest this workstation has seen."""

    #: the newest head seen here
    known: Head
    #: the database's own head
    found: Head
    #: older: it ends before the entry seen; other: it holds that entry with another hash (a copy worked on since)
    kind: Literal["older", "other"]

    def message(self) -> str:
        if self.kind == "older":
            return _(
                "This database is an older copy: its audit log ends at entry {found}, but entry {known} was seen "
                "on this computer before. If a backup was restored on purpose, an administrator acknowledges it "
                "(osgo audit acknowledge-restore, or View » Audit log » Acknowledge the restore)."
            ).format(found=self.found[0], known=self.known[0])
        return _(
            "This database is not the copy last opened on this computer: its audit log entry {known} differs "
            "from the one seen here before. If a backup was restored on purpose, an administrator acknowledges it "
            "(osgo audit acknowledge-restore, or View » Audit log » Acknowledge the restore)."
        ).format(known=self.known[0])


@dataclass(frozen=True)
class OpeningCheck:
    report: audit.ChainReport
    restored: Restored | None


def state_path(url: URL) -> Path | None:
    """Where the head of the database at ``url`` is kept (None for a database in memory)."""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:" or url.database.startswith("file::memory:"):
            return None
        path = Path(url.database)
        return path.with_name(path.name + SUFFIX)
    name = hashlib.sha256(url.render_as_string(hide_password=True).encode("utf-8")).hexdigest()[:32]
    return paths.data_dir() / "chain-heads" / f"{name}.json"


def _head(value: Any) -> Head | None:
    if isinstance(value, dict) and isinstance(value.get("seq"), int) and isinstance(value.get("hash"), str):
        return value["seq"], value["hash"]
    return None


def load(path: Path | None) -> ChainState:
    """The state kept at ``path``; an empty one when there is none or it cannot be read."""
    if path is None:
        return ChainState()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        if not isinstance(exc, FileNotFoundError):
            log.warning("cannot read the chain head %s: %s", path, exc)
        return ChainState()
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        return ChainState()
    stamp = data.get("stamp")
    kept = tuple(stamp) if isinstance(stamp, list) and all(isinstance(n, int) for n in stamp) else None
    return ChainState(_head(data.get("head")), _head(data.get("checked")), kept)


def save(path: Path | None, state: ChainState) -> None:
    """Write ``state`` to ``path`` (readable by this user alone), replacing the old file in one step."""
    if path is None:
        return
    data: dict[str, Any] = {"format": STATE_FORMAT}
    for name, head in (("head", state.head), ("checked", state.checked)):
        if head is not None:
            data[name] = {"seq": head[0], "hash": head[1]}
    if state.stamp is not None:
        data["stamp"] = list(state.stamp)
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, MODE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            os.fchmod(file.fileno(), MODE)
            json.dump(data, file, sort_keys=True)
            file.write("\n")
        os.replace(temporary, path)
    except OSError as exc:  # a read-only folder: the check still ran, only nothing is remembered
        log.warning("cannot keep the chain head in %s: %s", path, exc)
        with contextlib.suppress(OSError):
            temporary.unlink()


def file_stamp(url: URL) -> tuple[int, ...] | None:
    """A SQLite file's size, times and inode, with its write-ahead log's when that holds anything: any write to the
    file changes it (the change time cannot be set back). None for a server database or a missing file."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    stamp: list[int] = []
    for path in (Path(url.database), Path(url.database + "-wal")):
        try:
            status = path.stat()
        except OSError:
            if not stamp:
                return None
            continue
        if stamp and status.st_size == 0:
            continue  # an empty log, made by whoever opened the file
        stamp += [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
    return tuple(stamp)


def _restored(connection: Connection, known: Head | None, found: Head) -> Restored | None:
    if known is None or known == found:
        return None
    if found[0] < known[0]:
        return Restored(known, found, "older")
    if audit.known_hash(connection, known[0], known[1]) is None:  # the hash seen, or the one before migration 0011
        return Restored(known, found, "other")
    return None


def check_on_opening(engine: Engine, full: bool = False) -> OpeningCheck:
    """Check the chain of the database ``engine`` opens, from the last entry checked here (everything when ``full``
    or when that entry no longer holds the hash seen), and compare it with the newest head seen here."""
    path = state_path(engine.url)
    state = load(path)
    stamp = file_stamp(engine.url)  # before anything is read: a write made during the check changes it
    with engine.connect() as connection:
        found = audit.read_head(connection)
        restored = _restored(connection, state.head, found)
        if full or state.checked is None:
            report = audit.verify_chain(connection)
        else:
            unchanged = stamp is not None and stamp == state.stamp
            report = audit.verify_chain(connection, since=state.checked, rows=not unchanged)
    head = state.head if restored is not None else found
    if report.ok:
        kept = ChainState(head, found, stamp if report.rows_checked else state.stamp)
    else:
        kept = ChainState(head, state.checked if not full else None, None)
    if kept != state:
        save(path, kept)
    return OpeningCheck(report, restored)


def remember_head(engine: Engine) -> None:
    """After the app wrote: the database's head is now the newest seen here (unless it is a restored copy not yet
    acknowledged, which keeps the one seen before). Remembering helps; it never fails the work done: a database
    that cannot be read now (locked, gone) is only logged."""
    path = state_path(engine.url)
    if path is None:
        return
    state = load(path)
    try:
        with engine.connect() as connection:
            found = audit.read_head(connection)
            if _restored(connection, state.head, found) is not None or state.head == found:
                return
    except SQLAlchemyError as exc:
        log.warning("cannot read the audit chain's head of %s: %s", engine.url, exc)
        return
    save(path, replace(state, head=found))


def restored_on(connection: Connection) -> Restored | None:
    """Whether the database ``connection`` reads is a restored (or other) copy, as this workstation knows it."""
    state = load(state_path(connection.engine.url))
    return _restored(connection, state.head, audit.read_head(connection))


def acknowledge_in(connection: Connection, clock: Clock, actor: str) -> tuple[Restored | None, Head]:
    """Log, in the caller's transaction, that ``actor`` accepts the restored copy. Returns what was acknowledged
    (None: nothing to) and the head to :func:`keep` once the caller has committed."""
    state = load(state_path(connection.engine.url))
    found = audit.read_head(connection)
    was = _restored(connection, state.head, found)
    if was is None:
        return None, found
    return was, audit.acknowledge_restore(connection, clock.utc_naive(), actor, was.known, found)


def keep(url: URL, head: Head) -> None:
    """Take ``head`` as the newest seen here (after an acknowledgement)."""
    path = state_path(url)
    save(path, replace(load(path), head=head))

"""Backing up and restoring: a backup of the open database with its documents, a restore into an empty database,
and the restore that replaces the open database once its chain heads were compared (docs/backup.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, select

from osgo_desktop import paths, private_files
from osgo_desktop.clock import Clock, in_bishkek
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _, ngettext
from osgo_desktop.storage import audit, chain_head, models
from osgo_desktop.storage.backup import (
    SUFFIX,
    BackupError,
    BackupResult,
    Manifest,
    Progress,
    RestoreReport,
    open_backup,
    restore_backup,
    write_backup,
)
from osgo_desktop.storage.db import OpenResult, make_engine
from osgo_desktop.storage.uow import Database, UnitOfWork

__all__ = [
    "SUFFIX",
    "AcknowledgementNeeded",
    "BackupError",
    "BackupResult",
    "HeadComparison",
    "Manifest",
    "Replaced",
    "RestoreReport",
    "automatic_copy",
    "back_up",
    "compare_heads",
    "inspect_backup",
    "replace_open",
    "restore",
    "store_for",
]


def _no_progress(_fraction: float, _message: str) -> None:
    return None


def store_for(engine: Engine, clock: Clock) -> Any:
    """The document store of the database ``engine`` opens — the one ``Database.document_store()`` gives, so the
    rule of where a database keeps its documents stays in one place."""
    return Database(OpenResult(engine, None, None), clock).document_store()


def back_up(uow: UnitOfWork, out: Path, progress: Progress = _no_progress) -> BackupResult:
    """Write a backup of the database and its documents to ``out`` (a new file, readable by its owner only)."""
    uow.require(Action.BACK_UP)
    engine = uow.session.get_bind().engine
    uow.session.close()  # the backup reads through its own connection; this unit of work holds no transaction open
    return write_backup(engine, store_for(engine, uow.clock), Path(out), uow.clock, progress)


def automatic_copy(engine: Engine, label: str, clock: Clock) -> Path | None:
    """The copy made when a vote session opens, its documents included, named with the Bishkek time: next to a
    SQLite file; for a server database, in the backups folder of the machine that opens the session (the data
    directory, readable by its user only). None for a database in memory."""
    url = engine.url
    database = url.database
    if not database or database == ":memory:":
        return None
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    label = re.sub(r"[^0-9A-Za-z-]+", "-", label)
    if url.get_backend_name() == "sqlite":
        source = Path(database)
        folder, stem = source.parent, source.stem
    else:
        folder = private_files.make_private_dir(paths.data_dir() / "backups")
        stem = re.sub(r"[^0-9A-Za-z-]+", "-", f"{url.host or 'local'}-{url.port or ''}-{database}")
    target = folder / f"{stem}.{label}-{stamp}{SUFFIX}"
    counter = 1
    while target.exists():
        target = folder / f"{stem}.{label}-{stamp}-{counter}{SUFFIX}"
        counter += 1
    return write_backup(engine, store_for(engine, clock), target, clock).path


def restore(path: Path, url: str, clock: Clock, progress: Progress = _no_progress) -> RestoreReport:
    """Restore the backup ``path`` into the empty database ``url`` and check it (``osgo restore``)."""
    return restore_backup(Path(path), url, clock, lambda engine: store_for(engine, clock), progress)


# --- replacing the open database (File » Restore…) ------------------------------------------------------------------


@dataclass(frozen=True)
class HeadComparison:
    """How the backup's audit chain stands to the open database's."""

    #: same: the same head; newer: the backup continues the open chain; older: the backup is a prefix of it (the
    #: open database holds ``entries_between`` entries more); other: the two chains part (one is no copy of the
    #: other as it stands now)
    kind: Literal["same", "newer", "older", "other"]
    current: tuple[int, str]
    backup: tuple[int, str]
    current_at: dt.datetime | None
    backup_at: dt.datetime | None
    entries_between: int
    backup_made: dt.datetime | None

    @property
    def needs_acknowledgement(self) -> bool:
        return self.kind in ("older", "other")

    def message(self) -> str:
        def when(moment: dt.datetime | None) -> str:
            return in_bishkek(moment).strftime("%d.%m.%Y %H:%M") if moment is not None else "—"

        if self.kind == "same":
            return _("The backup holds the same audit log as the open database (entry {seq}).").format(
                seq=self.current[0]
            )
        if self.kind == "newer":
            return ngettext(
                "The backup is newer than the open database: its audit log continues it by {count} entry (to {date}).",
                "The backup is newer than the open database: its audit log continues it by {count} entries "
                "(to {date}).",
                self.entries_between,
            ).format(count=self.entries_between, date=when(self.backup_at))
        if self.kind == "older":
            return ngettext(
                "The backup is OLDER than the open database: its audit log ends at entry {backup} of {backup_date}; "
                "the open database has {count} entry more, up to {current_date}. Restoring it loses that work.",
                "The backup is OLDER than the open database: its audit log ends at entry {backup} of {backup_date}; "
                "the open database has {count} entries more, up to {current_date}. Restoring it loses that work.",
                self.entries_between,
            ).format(
                backup=self.backup[0],
                backup_date=when(self.backup_at),
                count=self.entries_between,
                current_date=when(self.current_at),
            )
        return _(
            "The backup is NOT a copy of the open database as it stands: the two audit logs part (the backup ends at "
            "entry {backup} of {backup_date}, the open database at entry {current} of {current_date}). Restoring it "
            "replaces the open database's history with the backup's."
        ).format(
            backup=self.backup[0],
            backup_date=when(self.backup_at),
            current=self.current[0],
            current_date=when(self.current_at),
        )


def _parse_at(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def compare_heads(uow: UnitOfWork, manifest: Manifest) -> HeadComparison:
    """Compare the backup's chain head (its manifest's) with the open database's."""
    connection = uow.session.connection()
    current = audit.read_head(connection)
    backup = manifest.chain_head

    def entry_at(seq: int) -> dt.datetime | None:
        return connection.execute(select(models.AuditEntry.at).where(models.AuditEntry.seq == seq)).scalar()

    current_at = entry_at(current[0]) if current[0] else None
    backup_at = _parse_at(manifest.chain_at)
    made = _parse_at(manifest.created_at)
    kind: Literal["same", "newer", "older", "other"]
    if backup == current:
        kind, between = "same", 0
    elif backup[0] < current[0]:
        same_entry = audit.known_hash(connection, backup[0], backup[1]) is not None
        kind, between = ("older" if same_entry else "other"), current[0] - backup[0]
    else:
        # the backup's chain is longer: it continues this one only if it holds this head, which the restored copy
        # shows (replace_open checks it once restored); its manifest alone cannot
        kind, between = "newer", backup[0] - current[0]
    return HeadComparison(kind, current, backup, current_at, backup_at, between, made)


class AcknowledgementNeeded(KnownError):
    """The backup is older than (or parts from) the open database and nobody acknowledged that."""

    def __init__(self, comparison: HeadComparison) -> None:
        super().__init__(comparison.message())
        self.comparison = comparison


@dataclass(frozen=True)
class Replaced:
    report: RestoreReport
    comparison: HeadComparison
    #: where the database that was open is kept (with its documents folder beside it)
    kept: Path
    #: the audit entry that records the acknowledgement (None: none was needed)
    acknowledged_seq: int | None


def inspect_backup(path: Path) -> Manifest:
    """The manifest of the backup ``path`` (its structure checked; the members are read when it is restored)."""
    with open_backup(Path(path)) as backup:
        return backup.manifest


def _kept_path(source: Path, clock: Clock) -> Path:
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.replaced-{stamp}{source.suffix}")
    counter = 1
    while target.exists():
        target = source.with_name(f"{source.stem}.replaced-{stamp}-{counter}{source.suffix}")
        counter += 1
    return target


def replace_open(db: Database, path: Path, acknowledged: bool, progress: Progress = _no_progress) -> Replaced:
    """Restore the backup ``path`` in place of the open SQLite database ``db``: it is restored and checked under
    another name first; when its chain is older than the open one, or parts from it, ``acknowledged`` must be True
    and the acknowledgement is logged in the restored chain (``audit_ack``). The database that was open is kept,
    renamed ``<name>.replaced-<time>`` with its documents folder — never deleted. ``db`` then reads the restored
    file (its connections are reopened)."""
    with db.uow() as uow:
        uow.require(Action.RESTORE)
        manifest = inspect_backup(path)
        comparison = compare_heads(uow, manifest)
    if comparison.needs_acknowledgement and not acknowledged:
        raise AcknowledgementNeeded(comparison)
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            _(
                "A server database is not replaced from the app: restore the backup into a new, empty server "
                "database with osgo restore, then connect to it."
            )
        )
    current = Path(url.database)
    staged = current.with_name(f"{current.stem}.restoring{current.suffix}")
    if staged.exists():
        raise BackupError(
            _("{path} is left over from an interrupted restore: move it away, then restore again.").format(path=staged)
        )
    report = restore(path, f"sqlite:///{staged}", db.clock, progress)
    staged_documents = _documents_root(staged, db.clock)
    if not report.ok:
        _remove_database(staged, staged_documents)
        raise BackupError("\n".join(report.lines()))
    if comparison.kind == "newer":
        # the backup's longer chain must hold the open head to continue it
        probe = Database.open(f"sqlite:///{staged}", db.clock)
        try:
            with probe.engine.connect() as connection:
                continues = audit.known_hash(connection, comparison.current[0], comparison.current[1]) is not None
        finally:
            probe.close()
        if not continues:
            comparison = HeadComparison(
                "other",
                comparison.current,
                comparison.backup,
                comparison.current_at,
                comparison.backup_at,
                0,
                comparison.backup_made,
            )
            if not acknowledged:
                _remove_database(staged, staged_documents)
                raise AcknowledgementNeeded(comparison)
    kept = _kept_path(current, db.clock)
    current_documents = db.documents_root
    db.engine.dispose()
    with db.engine.connect() as connection:  # fold the write-ahead log in, so the kept file is whole alone
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.engine.dispose()
    os.replace(current, kept)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{current}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{kept}{suffix}"))
    if current_documents.exists():
        os.replace(current_documents, _documents_root(kept, db.clock))
    if staged_documents.exists():
        os.replace(staged_documents, current_documents)
    os.replace(staged, current)
    db.engine.dispose()
    db.audit_report = None
    acknowledged_seq = None
    if comparison.needs_acknowledgement:
        actor = db.principal.actor if db.principal else db.actor
        with db.engine.begin() as connection:
            found = audit.read_head(connection)
            head = audit.acknowledge_restore(connection, db.clock.utc_naive(), actor, comparison.current, found)
        chain_head.keep(db.engine.url, head)
        acknowledged_seq = head[0]
    else:
        chain_head.remember_head(db.engine)
    # restored into the staged file, which is now the open database: the report names the one in use
    report = dataclasses.replace(report, url=db.url)
    return Replaced(report, comparison, kept, acknowledged_seq)


def _documents_root(path: Path, clock: Clock) -> Path:
    """The documents folder of the SQLite file ``path`` (asked of ``Database.documents_root``: one rule)."""
    engine = make_engine(f"sqlite:///{path}")
    try:
        return Database(OpenResult(engine, None, None), clock).documents_root
    finally:
        engine.dispose()


def _remove_database(path: Path, documents: Path) -> None:
    import shutil

    for side in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        side.unlink(missing_ok=True)
    shutil.rmtree(documents, ignore_errors=True)

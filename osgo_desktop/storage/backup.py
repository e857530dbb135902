"""The backup file: one zip (stored, not compressed) holding a database, its documents and a SHA-256 manifest —
written, checked, and restored into an empty database (docs/backup.md).

The one place for the rule of what a backup holds: ``osgo backup``, File » Back up… and the copy made when a vote
session opens all write it here. Members:

* ``database.sqlite`` — a SQLite database, copied through SQLite's online backup API; or, for a server database,
  ``tables/NNN-<table>.jsonl`` — every table in dependency order, one JSON row a line, read in one repeatable-read
  transaction and streamed (a logical copy through the app, so it restores into SQLite or PostgreSQL alike and
  needs no ``pg_dump`` of the server's exact version);
* ``documents/<sha256>`` — every stored document the database names, under its own hash;
* ``manifest.json`` — last: the format, the source kind, the schema revision, the audit chain's head, the time, and
  every other member's SHA-256 and size.

Reading trusts nothing: any member not stored plain, any name outside those patterns, sizes that add up to more
than the file, a manifest too big, too deep or of the wrong shape — each is refused with a translated message.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import decimal
import errno
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Final, Protocol, TypeVar

from sqlalchemy import Connection, Engine, MetaData, Table, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from osgo_desktop import private_files
from osgo_desktop.clock import Clock
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.storage import audit, models
from osgo_desktop.storage.documents import DocumentError

FORMAT: Final = "osgo-backup"
VERSION: Final = 1
MANIFEST: Final = "manifest.json"
SQLITE_MEMBER: Final = "database.sqlite"
#: the suffix a backup file is given
SUFFIX: Final = ".osgo-backup"
#: backups, like the database they hold, are for their owner's eyes only
MODE: Final = private_files.PRIVATE_FILE
CHUNK: Final = 1024 * 1024
#: a manifest lists about 150 bytes a member: 64 MiB is room for several hundred thousand documents
MAX_MANIFEST: Final = 64 * 1024 * 1024
MAX_MEMBERS: Final = 1_000_000
#: a JSON row line of a server database's table (a chunk of a document kept in the database is the largest)
MAX_LINE: Final = 64 * 1024 * 1024
#: rows written to a server database at a time
BATCH: Final = 500

#: where a server database keeps document contents itself: not copied as tables, since every document is a member of
#: its own (``documents/<sha256>``), put back through the target's store
CONTENT_TABLES: Final = frozenset({models.DocumentChunk.__tablename__, models.DocumentBlob.__tablename__})

_SHA256 = re.compile(r"[0-9a-f]{64}")
_DOCUMENT = re.compile(r"documents/([0-9a-f]{64})")
_TABLE = re.compile(r"tables/([0-9]{3})-([a-z_][a-z0-9_]{0,62})\.jsonl")
_DOS_EPOCH: Final = (1980, 1, 1, 0, 0, 0)

Progress = Callable[[float, str], None]


def _no_progress(_fraction: float, _message: str) -> None:
    return None


class BackupError(KnownError):
    """A backup that cannot be written, read or restored; the message says why, for the user."""


class DocumentSource(Protocol):
    """What a backup reads documents through (``Database.document_store()``: files, or a server's own store)."""

    def exists(self, sha256: str) -> bool: ...

    def open(self, sha256: str) -> BinaryIO: ...


@dataclass(frozen=True)
class Member:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    source: str
    schema: str
    created_at: str
    chain_seq: int
    chain_hash: str
    #: when the chain's last entry was written (UTC, ISO; "" for an empty chain)
    chain_at: str
    members: tuple[Member, ...]
    #: documents the database names that were not in its store when the backup was made
    missing: tuple[str, ...] = ()

    @property
    def documents(self) -> tuple[Member, ...]:
        """The documents the backup holds: a member of a document found damaged while it was copied (listed in
        ``missing``) stays in the file, its bytes are no copy of the document, and is never restored."""
        gone = set(self.missing)
        return tuple(m for m in self.members if m.name.startswith("documents/") and m.name[10:] not in gone)

    @property
    def chain_head(self) -> tuple[int, str]:
        return self.chain_seq, self.chain_hash

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "source": self.source,
            "schema": self.schema,
            "created_at": self.created_at,
            "chain_head": {"seq": self.chain_seq, "hash": self.chain_hash, "at": self.chain_at},
            "members": [{"name": m.name, "sha256": m.sha256, "size": m.size} for m in self.members],
            "missing_documents": list(self.missing),
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    size: int

    @property
    def documents(self) -> int:
        return len(self.manifest.documents)


# --- writing -----------------------------------------------------------------------------------------------------


def _not_written(path: Path, exc: BaseException) -> BackupError:
    return BackupError(
        _(
            "The backup {path} cannot be written ({error}). Check that the disk is not full and the folder can be "
            "written."
        ).format(path=path, error=getattr(exc, "strerror", None) or exc)
    )


def _stored(name: str) -> zipfile.ZipInfo:
    """A member as every member of a backup is written: stored (never compressed), dated 1980, owner-only."""
    info = zipfile.ZipInfo(name, _DOS_EPOCH)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = MODE << 16
    return info


class _Writer:
    """A zip being written to a temporary file next to ``target``, renamed into place only when complete."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.members: list[Member] = []
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        if private_files.POSIX:
            os.fchmod(fd, MODE)
        self.temporary = Path(name)
        self._file = os.fdopen(fd, "w+b")
        self.zip = zipfile.ZipFile(self._file, "w", compression=zipfile.ZIP_STORED, allowZip64=True)

    def add_stream(self, name: str, reader: IO[bytes], progress: Callable[[int], None] | None = None) -> Member:
        """Copy ``reader`` into the member ``name``; the member is listed with what was written even when reading
        fails part way (a damaged stored document), so the manifest always names every member of the file."""
        hasher = hashlib.sha256()
        size = 0
        try:
            with self.zip.open(_stored(name), "w", force_zip64=True) as out:
                while chunk := reader.read(CHUNK):
                    hasher.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                    if progress is not None:
                        progress(len(chunk))
        finally:
            member = Member(name, hasher.hexdigest(), size)
            self.members.append(member)
        return member

    def add_lines(self, name: str, lines: Iterable[bytes]) -> Member:
        hasher = hashlib.sha256()
        size = 0
        with self.zip.open(_stored(name), "w", force_zip64=True) as out:
            for line in lines:
                hasher.update(line)
                out.write(line)
                size += len(line)
        member = Member(name, hasher.hexdigest(), size)
        self.members.append(member)
        return member

    def finish(self, manifest: Manifest) -> int:
        self.zip.writestr(_stored(MANIFEST), manifest.to_json(), compress_type=zipfile.ZIP_STORED)
        self.zip.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        size = self._file.tell()
        self._file.close()
        if self.target.exists():
            raise BackupError(_("{path} already exists: choose another name for the backup.").format(path=self.target))
        os.replace(self.temporary, self.target)
        return size

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self.zip.close()
        with contextlib.suppress(OSError):
            self._file.close()
        with contextlib.suppress(OSError):
            self.temporary.unlink()


def referenced_documents(connection: Connection) -> list[str]:
    """Every document hash the database names: applicants' documents, issued protocols, signed scans."""
    found: set[str] = set()
    for column in (models.Document.sha256, models.Protocol.file_sha256, models.SignedScan.sha256):
        found.update(value for value in connection.execute(select(column).distinct()).scalars() if value)
    return sorted(sha for sha in found if _SHA256.fullmatch(sha))


def _chain_at(connection: Connection, seq: int) -> str:
    if seq == 0:
        return ""
    at = connection.execute(select(models.AuditEntry.at).where(models.AuditEntry.seq == seq)).scalar()
    return at.isoformat() if isinstance(at, dt.datetime) else ""


def _revision(connection: Connection) -> str:
    if not inspect(connection).has_table("alembic_version"):
        raise BackupError(_("This database has no OSGO schema: there is nothing to back up."))
    return str(connection.execute(text("SELECT version_num FROM alembic_version")).scalar() or "")


def table_order(connection: Connection) -> list[str]:
    """The tables of the database in dependency order (parents first): the schema's own, then any other."""
    present = set(inspect(connection).get_table_names())
    ordered = [t.name for t in models.Base.metadata.sorted_tables if t.name in present]
    rest = sorted(present - set(ordered))
    return ordered + rest


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _table_lines(connection: Connection, table: Table) -> Iterator[bytes]:
    columns = [column.name for column in table.columns]
    yield json.dumps(columns).encode("utf-8") + b"\n"
    key = list(table.primary_key.columns) or list(table.columns)
    query = select(*table.columns).order_by(*key)
    result = connection.execution_options(stream_results=True, yield_per=1000).execute(query)
    for row in result:
        yield json.dumps([_encode(v) for v in row], ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def write_backup(
    engine: Engine, store: DocumentSource, out: Path, clock: Clock, progress: Progress = _no_progress
) -> BackupResult:
    """Write a backup of the database ``engine`` opens and of the documents in ``store`` to ``out`` (which must not
    exist): readable by its owner only, complete or not there at all."""
    out = Path(out)
    if out.exists():
        raise BackupError(_("{path} already exists: choose another name for the backup.").format(path=out))
    sqlite_file = engine.url.get_backend_name() == "sqlite"
    try:
        writer = _Writer(out)
    except OSError as exc:
        raise _not_written(out, exc) from exc
    scratch: Path | None = None
    try:
        progress(0.0, _("Copying the database…"))
        if sqlite_file:
            database = engine.url.database
            if not database or database == ":memory:":
                raise BackupError(_("A database in memory cannot be backed up."))
            scratch = writer.temporary.with_name(writer.temporary.name + ".sqlite")
            fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, MODE)
            os.close(fd)
            with (
                contextlib.closing(sqlite3.connect(database)) as source,
                contextlib.closing(sqlite3.connect(scratch)) as copy,
            ):
                source.backup(copy)
            copy_engine_url = f"sqlite:///{scratch}"
            from sqlalchemy import create_engine

            copy_engine = create_engine(copy_engine_url)
            try:
                with copy_engine.connect() as connection:
                    schema = _revision(connection)
                    head = audit.read_head(connection)
                    chain_at = _chain_at(connection, head[0])
                    documents = referenced_documents(connection)
            finally:
                copy_engine.dispose()
            with scratch.open("rb") as reader:
                writer.add_stream(SQLITE_MEMBER, reader)
            scratch.unlink()
            scratch = None
            source_kind = "sqlite"
        else:
            with engine.connect() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
                schema = _revision(connection)
                head = audit.read_head(connection)
                chain_at = _chain_at(connection, head[0])
                documents = referenced_documents(connection)
                names = [name for name in table_order(connection) if name not in CONTENT_TABLES]
                metadata = MetaData()
                for number, name in enumerate(names):
                    table = Table(name, metadata, autoload_with=connection)
                    writer.add_lines(f"tables/{number:03d}-{name}.jsonl", _table_lines(connection, table))
                    progress(0.1 * (number + 1) / len(names), _("Copying the database…"))
            source_kind = engine.url.get_backend_name()
        missing = _add_documents(writer, store, documents, progress)
        manifest = Manifest(
            source=source_kind,
            schema=schema,
            created_at=clock.now().isoformat(),
            chain_seq=head[0],
            chain_hash=head[1],
            chain_at=chain_at,
            members=tuple(writer.members),
            missing=tuple(missing),
        )
        size = writer.finish(manifest)
    except BaseException as exc:
        writer.discard()
        if scratch is not None:
            with contextlib.suppress(OSError):
                scratch.unlink()
        if isinstance(exc, OSError):
            raise _not_written(out, exc) from exc
        if isinstance(exc, sqlite3.Error | SQLAlchemyError):
            raise BackupError(_("The database cannot be read for the backup: {error}").format(error=exc)) from exc
        raise
    progress(1.0, "")
    return BackupResult(out, manifest, size)


def _add_documents(writer: _Writer, store: DocumentSource, documents: list[str], progress: Progress) -> list[str]:
    missing: list[str] = []
    present: list[str] = []
    for sha in documents:
        (present if store.exists(sha) else missing).append(sha)
    for number, sha in enumerate(present, start=1):
        try:
            with store.open(sha) as reader:
                member = writer.add_stream(f"documents/{sha}", reader)
        except DocumentError:  # the store itself found it damaged as it read (a server database's store)
            missing.append(sha)
        else:
            if member.sha256 != sha:  # the stored file rotted: it is no copy of the document
                missing.append(sha)
        progress(0.1 + 0.9 * number / len(present), _("Copying the documents…"))
    return sorted(missing)


# --- reading -----------------------------------------------------------------------------------------------------


def _damaged(path: Path, why: str) -> BackupError:
    return BackupError(
        _("{path} is not an OSGO Desktop backup, or it is damaged: {why}").format(path=path.name, why=why)
    )


def _expect(condition: bool, path: Path, why: str) -> None:
    if not condition:
        raise _damaged(path, why)


def _parse_manifest(path: Path, raw: bytes) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise _damaged(path, _("its manifest is not readable JSON.")) from exc
    bad = _("its manifest does not have the expected fields.")
    _expect(isinstance(data, dict), path, bad)
    _expect(data.get("format") == FORMAT, path, bad)
    if data.get("version") != VERSION:
        raise BackupError(
            _("{path} was written by another version of OSGO Desktop (backup format {version}).").format(
                path=path.name, version=str(data.get("version"))[:20]
            )
        )
    head = data.get("chain_head")
    members = data.get("members")
    missing = data.get("missing_documents", [])
    _expect(all(isinstance(data.get(k), str) for k in ("source", "schema", "created_at")), path, bad)
    _expect(data["source"] in ("sqlite", "postgresql"), path, bad)
    _expect(isinstance(head, dict), path, bad)
    _expect(type(head.get("seq")) is int and head["seq"] >= 0, path, bad)
    _expect(isinstance(head.get("hash"), str) and isinstance(head.get("at", ""), str), path, bad)
    _expect(isinstance(members, list) and len(members) <= MAX_MEMBERS, path, bad)
    _expect(isinstance(missing, list) and all(isinstance(m, str) and _SHA256.fullmatch(m) for m in missing), path, bad)
    parsed = []
    for m in members:
        _expect(isinstance(m, dict), path, bad)
        _expect(isinstance(m.get("name"), str) and isinstance(m.get("sha256"), str), path, bad)
        _expect(_SHA256.fullmatch(m["sha256"]) is not None, path, bad)
        _expect(type(m.get("size")) is int and m["size"] >= 0, path, bad)
        parsed.append(Member(m["name"], m["sha256"], m["size"]))
    return Manifest(
        source=data["source"],
        schema=data["schema"],
        created_at=data["created_at"],
        chain_seq=head["seq"],
        chain_hash=head["hash"],
        chain_at=head.get("at", ""),
        members=tuple(parsed),
        missing=tuple(missing),
    )


class _Bounded(io.RawIOBase):
    """``size`` bytes of ``file`` from where it stands; closing it closes the file."""

    def __init__(self, file: io.BufferedReader, size: int) -> None:
        super().__init__()
        self._file = file
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        want = min(len(view), self._left)
        if want == 0:
            return 0
        count = self._file.readinto(view[:want]) or 0
        if count == 0:
            raise OSError("the backup file ends inside a member")
        self._left -= count
        return count

    def read(self, size: int = -1) -> bytes:
        want = self._left if size is None or size < 0 else min(size, self._left)
        if want == 0:
            return b""
        data = self._file.read(want)
        if not data:
            raise OSError("the backup file ends inside a member")
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._file.close()
        super().close()


T = TypeVar("T")
R = TypeVar("R")


def _in_parallel(items: Iterable[T], work: Callable[[T], R]) -> Iterator[tuple[T, R]]:
    """``work(item)`` for every item on a few threads (hashlib lets go of the interpreter lock while it hashes),
    yielded in the caller's thread as each is done; the first failure is raised, and the rest are not started."""
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    workers = max(1, min(4, os.cpu_count() or 1))
    pending = iter(items)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running: dict[Future[R], T] = {}
        try:
            for item in pending:
                running[pool.submit(work, item)] = item
                if len(running) >= 2 * workers:
                    break
            while running:
                finished, _still = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    item = running.pop(future)
                    yield item, future.result()
                    following = next(pending, None)
                    if following is not None:
                        running[pool.submit(work, following)] = following
        finally:
            for future in running:
                future.cancel()


@dataclass
class BackupFile:
    """An open backup whose structure was checked (:func:`open_backup`); :meth:`check` reads every member."""

    path: Path
    archive: zipfile.ZipFile
    manifest: Manifest
    infos: dict[str, zipfile.ZipInfo] = field(default_factory=dict)

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> BackupFile:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def total(self) -> int:
        return sum(m.size for m in self.manifest.members)

    def open_member(self, name: str) -> IO[bytes]:
        """The member's bytes, read straight from the file: a stored member is its bytes as they are, and its
        SHA-256 is checked against the manifest, so zipfile's own CRC-32 pass (a third of the reading time of a
        large backup) is left out."""
        file = self.path.open("rb")
        try:
            offset, size = self.span(name, file)
            file.seek(offset)
        except BaseException:
            file.close()
            raise
        return io.BufferedReader(_Bounded(file, size), CHUNK)

    def span(self, name: str, file: IO[bytes]) -> tuple[int, int]:
        """Where the member's bytes start in the backup file, and how many there are."""
        info = self.infos[name]
        file.seek(info.header_offset)
        header = file.read(30)
        if len(header) != 30 or header[:4] != b"PK\x03\x04":
            raise _damaged(self.path, _("{member} cannot be read.").format(member=name))
        name_length = int.from_bytes(header[26:28], "little")
        extra_length = int.from_bytes(header[28:30], "little")
        return info.header_offset + 30 + name_length + extra_length, info.file_size

    def _member_digest(self, member: Member) -> tuple[str, int]:
        hasher = hashlib.sha256()
        size = 0
        try:
            with self.open_member(member.name) as reader:
                while chunk := reader.read(CHUNK):
                    hasher.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise _damaged(self.path, _("{member} cannot be read.").format(member=member.name)) from exc
        return hasher.hexdigest(), size

    def check(self, progress: Progress = _no_progress) -> None:
        """Read every member and compare its SHA-256 and size with the manifest's (several at once: hashing, not
        reading, is what takes the time)."""
        total = self.total or 1
        done = 0
        for member, (digest, size) in _in_parallel(self.manifest.members, self._member_digest):
            if size != member.size or digest != member.sha256:
                raise _damaged(
                    self.path, _("{member} does not match the SHA-256 its manifest gives.").format(member=member.name)
                )
            done += member.size
            progress(done / total, _("Checking the backup…"))


def open_backup(path: Path) -> BackupFile:
    """Open ``path`` as a backup and check its structure and manifest (not yet the members' hashes)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(_("There is no file {path}.").format(path=path)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _damaged(path, _("it is not a complete zip file.")) from exc
    try:
        infos = archive.infolist()
        _expect(len(infos) <= MAX_MEMBERS + 1, path, _("it holds too many files."))
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            _expect(info.filename not in by_name, path, _("a file name occurs twice in it."))
            _expect(info.compress_type == zipfile.ZIP_STORED, path, _("a file in it is compressed."))
            _expect(info.file_size == info.compress_size, path, _("a file in it is compressed."))
            name = info.filename
            _expect(
                name in (MANIFEST, SQLITE_MEMBER) or bool(_DOCUMENT.fullmatch(name)) or bool(_TABLE.fullmatch(name)),
                path,
                _("it holds a file no backup holds: {name}").format(name=name[:100]),
            )
            by_name[name] = info
        _expect(sum(i.file_size for i in infos) <= size, path, _("its files claim more bytes than it has."))
        _expect(MANIFEST in by_name, path, _("it has no manifest."))
        _expect(by_name[MANIFEST].file_size <= MAX_MANIFEST, path, _("its manifest is too large."))
        try:
            raw = archive.read(MANIFEST)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise _damaged(path, _("its manifest cannot be read.")) from exc
        manifest = _parse_manifest(path, raw)
        listed = {m.name: m for m in manifest.members}
        _expect(len(listed) == len(manifest.members), path, _("its manifest names a file twice."))
        _expect(set(listed) == set(by_name) - {MANIFEST}, path, _("its manifest and its files do not agree."))
        for name, member in listed.items():
            _expect(by_name[name].file_size == member.size, path, _("its manifest and its files do not agree."))
        if manifest.source == "sqlite":
            _expect(SQLITE_MEMBER in listed, path, _("it holds no database."))
        else:
            _expect(any(_TABLE.fullmatch(n) for n in listed), path, _("it holds no database."))
        for member in manifest.documents:
            match = _DOCUMENT.fullmatch(member.name)
            _expect(
                match is not None and match.group(1) == member.sha256,
                path,
                _("a document is filed under another hash."),
            )
    except BaseException:
        archive.close()
        raise
    return BackupFile(path, archive, manifest, by_name)


# --- restoring ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreReport:
    """What a restore found: the chain check and the documents check."""

    url: str
    tables: int
    rows: int
    chain: audit.ChainReport
    documents: int
    #: documents whose stored copy is missing or does not have its hash
    bad_documents: tuple[str, ...]
    #: documents the backup itself lacked (missing when it was made)
    missing_in_backup: tuple[str, ...]
    #: False: a server database whose restored chain did not check out was emptied again
    restored: bool = True

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.bad_documents and not self.missing_in_backup

    def lines(self) -> list[str]:
        words = [
            _("Restored into {url}.").format(url=self.url)
            if self.restored
            else _("Not restored: the database {url} was left empty.").format(url=self.url)
        ]
        if self.chain.ok:
            words.append(
                _("The audit log is whole: {entries} entries checked, and the data agrees with them.").format(
                    entries=self.chain.entries
                )
            )
        else:
            words.append(_("The audit log does NOT check out:"))
            words.extend("  " + line for line in audit.describe(self.chain))
        good = self.documents - len(self.bad_documents)
        words.append(
            _("Documents: {good} of {total} restored and checked against their SHA-256.").format(
                good=good, total=self.documents
            )
        )
        for sha in self.bad_documents:
            words.append("  " + _("damaged or missing after the restore: {sha256}").format(sha256=sha))
        for sha in self.missing_in_backup:
            words.append("  " + _("missing already when the backup was made: {sha256}").format(sha256=sha))
        return words


class DocumentTarget(Protocol):
    """Where a restore puts documents: the target database's store."""

    def exists(self, sha256: str) -> bool: ...

    def open(self, sha256: str) -> BinaryIO: ...


def _put_verified(store: Any, sha: str, backup: BackupFile, name: str) -> None:
    """Copy one document into ``store`` as it is (it passed every check when it was first filed, and its member's
    hash was checked a moment ago); the restore reads it back from the store and hashes it afterwards."""
    from osgo_desktop.storage.documents import STORED_MODE, DocumentStore

    put = getattr(store, "put_verified", None)  # a store kept in the database (storage/documents_db.py)
    if put is not None:
        with backup.open_member(name) as reader:
            put(sha, reader)
        return
    if not isinstance(store, DocumentStore):
        raise BackupError(_("This database's document store cannot take restored documents."))
    final = store.path(sha)
    if final.is_file():
        return
    fd, temporary_name = tempfile.mkstemp(prefix="restore-", suffix=".part", dir=store.root / ".tmp")
    temporary = Path(temporary_name)
    try:
        with os.fdopen(fd, "wb") as out, backup.path.open("rb") as source:
            # made durable by the check that reads it back (_document_ok); copied by the kernel where it can
            offset, size = backup.span(name, source)
            _copy_range(source, out, offset, size)
        os.chmod(temporary, STORED_MODE)
        final.parent.mkdir(exist_ok=True)
        os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _copy_range(source: BinaryIO, out: BinaryIO, offset: int, size: int) -> None:
    copy_file_range = getattr(os, "copy_file_range", None)
    left = size
    if copy_file_range is not None:
        try:
            while left:
                copied = copy_file_range(source.fileno(), out.fileno(), min(left, 1 << 30), offset + size - left)
                if copied == 0:
                    raise OSError("the backup file ends inside a member")
                left -= copied
            return
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                raise
            out.seek(0)
            out.truncate()
            left = size
    source.seek(offset)
    while left:
        chunk = source.read(min(CHUNK, left))
        if not chunk:
            raise OSError("the backup file ends inside a member")
        out.write(chunk)
        left -= len(chunk)


def _document_ok(store: DocumentTarget, sha: str) -> bool:
    """Whether the restored copy of ``sha`` is in ``store`` with that hash; a file of a folder store is synced to
    the disk first (here rather than as it is written, so that the disk writes them while others are copied)."""
    try:
        if not store.exists(sha):
            return False
        with store.open(sha) as reader:
            with contextlib.suppress(OSError, AttributeError, io.UnsupportedOperation):
                os.fsync(reader.fileno())
            hasher = hashlib.sha256()
            while chunk := reader.read(CHUNK):
                hasher.update(chunk)
            return hasher.hexdigest() == sha
    except (OSError, KnownError):
        return False


def _decoder(column: Any) -> Callable[[Any], Any]:
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return lambda v: v
    if kind is dt.datetime:
        return lambda v: dt.datetime.fromisoformat(v) if isinstance(v, str) else v
    if kind is dt.date:
        return lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else v
    if kind is bytes:
        return lambda v: base64.b64decode(v) if isinstance(v, str) else v
    if kind is decimal.Decimal:
        return lambda v: decimal.Decimal(v) if isinstance(v, str) else v
    if kind is bool:
        return lambda v: bool(v) if isinstance(v, int) else v
    return lambda v: v


def _json_rows(backup: BackupFile, member: str, path: Path) -> tuple[list[str], Iterator[list[Any]]]:
    reader = backup.open_member(member)
    header = reader.readline(MAX_LINE)
    try:
        columns = json.loads(header)
    except (ValueError, RecursionError) as exc:
        reader.close()
        raise _damaged(path, _("{member} cannot be read.").format(member=member)) from exc
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        reader.close()
        raise _damaged(path, _("{member} cannot be read.").format(member=member))

    def rows() -> Iterator[list[Any]]:
        with reader:
            while line := reader.readline(MAX_LINE):
                if len(line) == MAX_LINE and not line.endswith(b"\n"):
                    raise _damaged(path, _("{member} cannot be read.").format(member=member))
                try:
                    row = json.loads(line)
                except (ValueError, RecursionError) as exc:
                    raise _damaged(path, _("{member} cannot be read.").format(member=member)) from exc
                if not isinstance(row, list) or len(row) != len(columns):
                    raise _damaged(path, _("{member} cannot be read.").format(member=member))
                yield row

    return columns, rows()


def _source_tables(backup: BackupFile) -> list[tuple[str, str]]:
    found = []
    for member in backup.manifest.members:
        match = _TABLE.fullmatch(member.name)
        if match:
            found.append((match.group(1), match.group(2), member.name))
    return [(name, member) for _n, name, member in sorted(found)]


def _copy_rows(
    target: Connection,
    sources: Iterable[tuple[str, list[str], Iterator[list[Any]]]],
    path: Path,
) -> tuple[int, int]:
    """Insert every source table's rows into the target's table of the same name (which exists and is empty)."""
    metadata = MetaData()
    tables = rows_total = 0
    target_names = set(inspect(target).get_table_names())
    for name, columns, rows in sources:
        if name not in target_names:
            raise _damaged(path, _("it holds a table this version does not know: {name}").format(name=name))
        table = Table(name, metadata, autoload_with=target)
        known = {c.name: c for c in table.columns}
        if not set(columns) <= set(known):
            raise _damaged(path, _("its table {name} has columns this version does not know.").format(name=name))
        decoders = [_decoder(known[c]) for c in columns]
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append({c: d(v) for c, d, v in zip(columns, decoders, row, strict=True)})
            if len(batch) >= BATCH:
                target.execute(table.insert(), batch)
                rows_total += len(batch)
                batch = []
        if batch:
            target.execute(table.insert(), batch)
            rows_total += len(batch)
        tables += 1
    return tables, rows_total


def _engine_rows(source: Connection) -> Iterator[tuple[str, list[str], Iterator[list[Any]]]]:
    metadata = MetaData()
    for name in table_order(source):
        if name in CONTENT_TABLES:
            continue
        table = Table(name, metadata, autoload_with=source)
        columns = [c.name for c in table.columns]
        key = list(table.primary_key.columns) or list(table.columns)
        result = source.execution_options(stream_results=True, yield_per=1000).execute(
            select(*table.columns).order_by(*key)
        )
        yield name, columns, (list(row) for row in result)


def _reset_sequences(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    metadata = MetaData()
    for name in inspect(connection).get_table_names():
        table = Table(name, metadata, autoload_with=connection)
        for column in table.primary_key.columns:
            sequence = connection.execute(select(func.pg_get_serial_sequence(name, column.name))).scalar()
            if sequence:
                connection.execute(
                    text(
                        f'SELECT setval(:seq, COALESCE((SELECT MAX("{column.name}") FROM "{name}"), 1), '
                        f'(SELECT MAX("{column.name}") FROM "{name}") IS NOT NULL)'
                    ),
                    {"seq": sequence},
                )


def _target_is_empty(url: str) -> None:
    from osgo_desktop.storage.db import make_engine

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if not database or database == ":memory:" or database.startswith("file:"):
            raise BackupError(_("Restore into a database file: {url}").format(url=url))
        if Path(database).exists():
            raise BackupError(
                _(
                    "{path} already exists. A backup is restored into a new file only: name one that does not exist."
                ).format(path=database)
            )
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
    except SQLAlchemyError as exc:
        raise BackupError(_("The database cannot be opened: {error}").format(error=getattr(exc, "orig", exc))) from exc
    finally:
        engine.dispose()
    if tables:
        raise BackupError(
            _(
                "The database {url} is not empty ({count} tables). A backup is restored into an empty database only."
            ).format(url=parsed.render_as_string(hide_password=True), count=len(tables))
        )


def restore_backup(
    path: Path,
    url: str,
    clock: Clock,
    store_for: Callable[[Engine], Any],
    progress: Progress = _no_progress,
) -> RestoreReport:
    """Restore the backup ``path`` into the EMPTY database ``url``: every member's hash is checked before anything
    is written; a SQLite file is built under a temporary name and renamed when whole, a server database is filled
    in one transaction (its tables dropped again on failure). ``store_for(engine)`` gives the target's document
    store. Then the audit chain and every document are checked (the report says what was found)."""
    path = Path(path)
    _target_is_empty(url)
    with open_backup(path) as backup:
        if backup.manifest.source != "sqlite":
            from osgo_desktop.storage.quick import SCHEMA_HEAD

            if backup.manifest.schema != SCHEMA_HEAD:
                raise BackupError(
                    _(
                        "{path} holds a server database at schema {found}; this version restores schema {head}: "
                        "restore it with the version of OSGO Desktop that made it."
                    ).format(path=path.name, found=backup.manifest.schema, head=SCHEMA_HEAD)
                )
        backup.check(lambda f, m: progress(0.4 * f, m))
        if make_url(url).get_backend_name() == "sqlite":
            return _restore_sqlite(backup, url, clock, store_for, progress)
        return _restore_server(backup, url, clock, store_for, progress)


def _extract(backup: BackupFile, member: str, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, MODE)
    with os.fdopen(fd, "wb") as out, backup.open_member(member) as reader:
        shutil.copyfileobj(reader, out, CHUNK)
        out.flush()
        os.fsync(out.fileno())


def _restore_documents(backup: BackupFile, store: Any, progress: Progress, start: float, share: float) -> None:
    documents = backup.manifest.documents
    for number, member in enumerate(documents, start=1):
        _put_verified(store, member.sha256, backup, member.name)
        progress(start + share * number / len(documents), _("Restoring the documents…"))


def _check_documents(backup: BackupFile, store: Any, progress: Progress) -> tuple[str, ...]:
    bad = []
    documents = backup.manifest.documents
    checked = _in_parallel(documents, lambda member: _document_ok(store, member.sha256))
    for number, (member, ok) in enumerate(checked, start=1):
        if not ok:
            bad.append(member.sha256)
        progress(0.9 + 0.1 * number / len(documents), _("Checking the documents…"))
    return tuple(sorted(bad))


def _restore_sqlite(
    backup: BackupFile, url: str, clock: Clock, store_for: Callable[[Engine], Any], progress: Progress
) -> RestoreReport:
    from osgo_desktop.storage.db import make_engine, open_database

    final = Path(make_url(url).database or "")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{final.name}.restoring-", dir=final.parent))
    except OSError as exc:
        raise BackupError(
            _("The database cannot be restored into {folder}: {error}").format(
                folder=final.parent, error=exc.strerror or exc
            )
        ) from exc
    temporary = work / final.name
    final_engine = make_engine(url)
    final_store = store_for(final_engine)
    final_documents = Path(final_store.root) if hasattr(final_store, "root") else None
    final_engine.dispose()
    if final_documents is not None and _holds_documents(final_documents):
        shutil.rmtree(work, ignore_errors=True)
        raise BackupError(
            _("The document folder {folder} is not empty: a backup is restored next to no other documents.").format(
                folder=final_documents
            )
        )
    temporary_url = f"sqlite:///{temporary}"
    engine: Engine | None = None
    try:
        progress(0.4, _("Restoring the database…"))
        if backup.manifest.source == "sqlite":
            _extract(backup, SQLITE_MEMBER, temporary)
            engine = open_database(temporary_url, clock).engine
            tables = len(inspect(engine).get_table_names())
            rows = 0
        else:
            engine = open_database(temporary_url, clock).engine
            tables, rows = _fill(engine, backup)
        store = store_for(engine)
        _restore_documents(backup, store, progress, 0.5, 0.35)
        progress(0.85, _("Checking the audit log…"))
        with engine.connect() as connection:
            chain = audit.verify_chain(connection)
        if not chain.ok:
            engine.dispose()
            engine = None
            shutil.rmtree(work, ignore_errors=True)
            _remove_empty_store(final_documents)
            return RestoreReport(
                url, 0, 0, chain, len(backup.manifest.documents), (), backup.manifest.missing, restored=False
            )
        bad = _check_documents(backup, store, progress)
        temporary_documents = Path(store.root) if hasattr(store, "root") else None
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        engine = None
        private_files.make_private(temporary)
        if temporary_documents is not None and final_documents is not None and temporary_documents.exists():
            if final_documents.exists():
                shutil.rmtree(final_documents)  # it holds no document, checked above (a store makes its folders)
            os.replace(temporary_documents, final_documents)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(str(temporary) + suffix).unlink()
        if final.exists():
            raise BackupError(_("{path} appeared while the backup was restored.").format(path=final))
        os.replace(temporary, final)  # last: the database appears whole, or not at all
    except BaseException as exc:
        if engine is not None:
            engine.dispose()
        shutil.rmtree(work, ignore_errors=True)
        _remove_empty_store(final_documents)
        if isinstance(exc, OSError):
            raise BackupError(
                _("The backup cannot be restored to {path} ({error}).").format(path=final, error=exc.strerror or exc)
            ) from exc
        if isinstance(exc, SQLAlchemyError | sqlite3.Error):
            raise _damaged(backup.path, _("its database cannot be read ({error}).").format(error=exc)) from exc
        raise
    shutil.rmtree(work, ignore_errors=True)
    progress(1.0, "")
    return RestoreReport(url, tables, rows, chain, len(backup.manifest.documents), bad, backup.manifest.missing)


def _remove_empty_store(folder: Path | None) -> None:
    """A store's folders, made when the target's store was asked where it is, go again when nothing was restored."""
    if folder is not None and folder.exists() and not _holds_documents(folder):
        shutil.rmtree(folder, ignore_errors=True)


def _holds_documents(folder: Path) -> bool:
    """Whether ``folder`` holds any file (the empty folders a new store makes do not count)."""
    return folder.exists() and any(entry.is_file() or entry.is_symlink() for entry in folder.rglob("*"))


def _fill(engine: Engine, backup: BackupFile) -> tuple[int, int]:
    """Empty the freshly made schema of ``engine`` (a migration may write rows) and fill it from the backup, in one
    transaction."""
    with engine.begin() as connection:
        return _fill_in(connection, backup)


def _json_sources(backup: BackupFile) -> Iterator[tuple[str, list[str], Iterator[list[Any]]]]:
    for name, member in _source_tables(backup):
        columns, rows = _json_rows(backup, member, backup.path)
        yield name, columns, rows


def _fill_in(connection: Connection, backup: BackupFile) -> tuple[int, int]:
    """Delete every row of the target's tables, then insert the backup's (in the caller's transaction)."""
    from sqlalchemy import create_engine

    from osgo_desktop.storage.quick import SCHEMA_HEAD

    for name in reversed(table_order(connection)):
        connection.execute(text(f'DELETE FROM "{name}"'))
    if backup.manifest.source != "sqlite":
        result = _copy_rows(connection, _json_sources(backup), backup.path)
    else:
        scratch = Path(tempfile.mkdtemp(prefix="osgo-restore-"))
        try:
            copy = scratch / SQLITE_MEMBER
            _extract(backup, SQLITE_MEMBER, copy)
            source_engine = create_engine(f"sqlite:///{copy}")
            try:
                with source_engine.connect() as source:
                    revision = _revision(source)
                    if revision != SCHEMA_HEAD:
                        raise BackupError(
                            _(
                                "{path} holds a database at schema {found}: restore it into a SQLite file first, "
                                "open it once (it is upgraded), back that up, and restore the new backup here."
                            ).format(path=backup.path.name, found=revision)
                        )
                    result = _copy_rows(connection, _engine_rows(source), backup.path)
            finally:
                source_engine.dispose()
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    _reset_sequences(connection)
    return result


def _drop_everything(engine: Engine) -> None:
    """Leave a server database empty again after a failed restore (nothing half-restored that looks whole)."""
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)


def _restore_server(
    backup: BackupFile, url: str, clock: Clock, store_for: Callable[[Engine], Any], progress: Progress
) -> RestoreReport:
    from osgo_desktop.storage.db import open_database

    progress(0.4, _("Restoring the database…"))
    engine = open_database(url, clock).engine
    try:
        with engine.begin() as connection:
            tables, rows = _fill_in(connection, backup)
            store = store_for(engine)
            _restore_documents(backup, store, progress, 0.5, 0.35)
            progress(0.85, _("Checking the audit log…"))
            chain = audit.verify_chain(connection)
            if not chain.ok:
                raise _ChainNotWhole(chain)
        bad = _check_documents(backup, store, progress)
    except _ChainNotWhole as failed:
        _drop_everything(engine)
        engine.dispose()
        return RestoreReport(
            url, 0, 0, failed.report, len(backup.manifest.documents), (), backup.manifest.missing, restored=False
        )
    except BaseException as exc:
        with contextlib.suppress(SQLAlchemyError):
            _drop_everything(engine)
        engine.dispose()
        if isinstance(exc, SQLAlchemyError):
            raise _damaged(
                backup.path, _("its database cannot be restored ({error}).").format(error=getattr(exc, "orig", exc))
            ) from exc
        if isinstance(exc, OSError):
            raise BackupError(_("The backup cannot be restored ({error}).").format(error=exc.strerror or exc)) from exc
        raise
    engine.dispose()
    progress(1.0, "")
    return RestoreReport(url, tables, rows, chain, len(backup.manifest.documents), bad, backup.manifest.missing)


class _ChainNotWhole(Exception):
    def __init__(self, report: audit.ChainReport) -> None:
        super().__init__("the restored audit chain does not check out")
        self.report = report

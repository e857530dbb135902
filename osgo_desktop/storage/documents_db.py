"""The document store of a server database: contents kept in the database itself, chunked under their SHA-256,
so that every workstation reaches what any of them registered (docs/decisions.md, "Documents on the server")."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Final, cast

from sqlalchemy import Connection, Engine, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from osgo_desktop.clock import Clock
from osgo_desktop.i18n import _
from osgo_desktop.private_files import make_own_dir
from osgo_desktop.storage import models
from osgo_desktop.storage.documents import (
    CHUNK,
    DEFAULT_MAX_BYTES,
    DocumentError,
    DocumentNotFound,
    DocumentStore,
    _discard,
    _force_unlink,
)

log = logging.getLogger(__name__)

#: the bytes of one ``document_chunk`` row (1 MiB: a 25 MB document is 25 rows, each a modest bytea)
PART_BYTES: Final = CHUNK
#: a materialised copy: the workstation user's alone, and read-only
COPY_MODE: Final = 0o400

_blob = cast(Table, models.DocumentBlob.__table__)
_chunk = cast(Table, models.DocumentChunk.__table__)


class DocumentDamaged(DocumentError):
    """A document whose stored content no longer matches its SHA-256 (or has lost a part): refused, never shown."""


def damaged(sha256: str) -> DocumentDamaged:
    return DocumentDamaged(
        _(
            "The document {sha256} kept in the database is damaged: its content no longer matches its SHA-256. "
            "It is not shown. Register the file again from the applicant's copy, or restore the database from a "
            "backup."
        ).format(sha256=sha256)
    )


def damaged_file(path: Path, sha256: str) -> DocumentDamaged:
    return DocumentDamaged(
        _("The file {path} no longer matches the SHA-256 it is kept under ({sha256}): it is not imported.").format(
            path=path, sha256=sha256
        )
    )


class _VerifiedReader(io.RawIOBase):
    """A document's chunks read one by one from the database while they are hashed: reading past the last byte
    raises :class:`DocumentDamaged` when the content does not match its SHA-256, its size or its number of parts.
    The connection is given back at the end, or when the reader is closed."""

    def __init__(self, connection: Connection, sha256: str, size: int, parts: int) -> None:
        super().__init__()
        self._connection = connection
        self._sha256 = sha256
        self._size = size
        self._parts = parts
        self._hasher = hashlib.sha256()
        self._rows: Iterator[Any] = iter(
            connection.execution_options(stream_results=True, max_row_buffer=2).execute(
                select(_chunk.c.part, _chunk.c.data).where(_chunk.c.sha256 == sha256).order_by(_chunk.c.part)
            )
        )
        self._buffer = memoryview(b"")
        self._next_part = 0
        self._done = 0
        self._checked = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        view = memoryview(target).cast("B")
        while not self._buffer:
            if self._checked:
                return 0
            row = next(self._rows, None)
            if row is None:
                self._finish()
                return 0
            if row.part != self._next_part:
                self._release()
                raise damaged(self._sha256)
            self._next_part += 1
            data = bytes(row.data)
            self._hasher.update(data)
            self._done += len(data)
            self._buffer = memoryview(data)
        count = min(len(view), len(self._buffer))
        view[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        return count

    def _finish(self) -> None:
        whole = self._next_part == self._parts and self._done == self._size and self._hasher.hexdigest() == self._sha256
        self._checked = True
        self._release()
        if not whole:
            log.warning("the stored document %s does not match its hash, size or parts", self._sha256)
            raise damaged(self._sha256)

    def _release(self) -> None:
        """Give the connection back to the pool (the rest of the reader stays usable: it reads as ended)."""
        self._checked = True
        self._connection.close()

    def close(self) -> None:
        if not self.closed:
            self._release()
        super().close()


class DatabaseDocumentStore(DocumentStore):
    """Documents kept in the database's ``document_blob`` and ``document_chunk`` tables, by SHA-256.

    ``put`` checks a file exactly as the folder store does (size, type by content, active content), through a
    temporary file in a private folder of this workstation, then writes its chunks in a short transaction of its
    own: the content is committed before any ``document`` row can name it, and a registration rolled back leaves
    it unreferenced (as the folder store leaves a file), never lost. Every read checks the SHA-256; ``path`` (for a
    viewer) materialises a checked, read-only copy in the private folder ``root`` (mode 0700).
    """

    def __init__(self, engine: Engine, clock: Clock, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.engine = engine
        self.clock = clock
        try:
            make_own_dir(root)
        except OSError as exc:
            raise DocumentError(
                _(
                    "The document folder {folder} cannot be used ({error}). Check that it exists and can be written."
                ).format(folder=root, error=exc.strerror or exc)
            ) from exc
        super().__init__(root, max_bytes)
        make_own_dir(self._tmp)

    # --- reading -----------------------------------------------------------------------------------------------

    def _blob(self, connection: Connection, sha256: str) -> tuple[int, int] | None:
        row = connection.execute(select(_blob.c.size, _blob.c.parts).where(_blob.c.sha256 == sha256)).first()
        return (int(row.size), int(row.parts)) if row is not None else None

    def exists(self, sha256: str) -> bool:
        self._checked_id(sha256)
        with self.engine.connect() as connection:
            return self._blob(connection, sha256) is not None

    def size_of(self, sha256: str) -> int:
        self._checked_id(sha256)
        with self.engine.connect() as connection:
            blob = self._blob(connection, sha256)
        if blob is None:
            raise self._missing(sha256)
        return blob[0]

    def open(self, sha256: str) -> BinaryIO:
        """The document, streamed from the database a chunk at a time (not seekable); reading it to its end raises
        :class:`DocumentDamaged` if it does not match its SHA-256. The caller closes it."""
        self._checked_id(sha256)
        connection = self.engine.connect()
        try:
            blob = self._blob(connection, sha256)
            if blob is None:
                raise self._missing(sha256)
            raw = _VerifiedReader(connection, sha256, *blob)
        except BaseException:
            connection.close()
            raise
        return io.BufferedReader(raw, buffer_size=PART_BYTES)

    def verify(self, sha256: str) -> bool:
        """Whether the document is in the database and still has this SHA-256 (all of it is read again)."""
        try:
            with self.open(sha256) as file:
                while file.read(PART_BYTES):
                    pass
        except DocumentNotFound:
            return False
        except DocumentDamaged:
            return False
        return True

    def path(self, sha256: str) -> Path:
        """A checked, read-only copy of the document in this workstation's private folder, for a viewer to open:
        made from the database when absent or no longer matching (a viewer may have written to it)."""
        final = self._copy_path(sha256)
        if final.is_file() and _file_digest(final) == sha256:
            return final
        part = self._tmp / f"copy-{sha256}.part"
        try:
            _force_unlink(part)
            with (
                self.open(sha256) as source,
                open(
                    os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), "wb"
                ) as target,
            ):
                while chunk := source.read(PART_BYTES):
                    target.write(chunk)
            os.chmod(part, COPY_MODE)
            make_own_dir(final.parent)
            if final.exists():
                _force_unlink(final)
            os.replace(part, final)
        except OSError as exc:
            _discard(part)
            raise self._cannot_store(sha256, exc) from exc
        except BaseException:
            _discard(part)
            raise
        return final

    def _copy_path(self, sha256: str) -> Path:
        return super().path(sha256)

    def _checked_id(self, sha256: str) -> None:
        super().path(sha256)  # refuses anything but a SHA-256

    def forget_copies(self) -> None:
        """Remove the copies made for viewers (personal data should not linger on a workstation's disk); a copy a
        viewer still holds open on Windows stays until the next time."""
        for folder in self.root.iterdir():
            if folder.name == ".tmp" or not folder.is_dir():
                continue
            for copy in folder.iterdir():
                try:
                    _force_unlink(copy)
                except OSError as exc:
                    log.info("cannot remove the viewer's copy %s yet: %s", copy, exc)

    def _missing(self, sha256: str) -> DocumentNotFound:
        return DocumentNotFound(
            _(
                "The document {sha256} is missing from the database. Register the file again, or import the "
                "document folder of the workstation that registered it (osgo documents import-folder)."
            ).format(sha256=sha256)
        )

    # --- writing -----------------------------------------------------------------------------------------------

    def _commit(self, tmp: Path, digest: str, name: str) -> bool:
        """Write the checked temporary file into the database in one short transaction; True when the content was
        already there (whole: a damaged copy of the same hash is replaced by this fresh one)."""
        try:
            return self._write(tmp, digest, name)
        finally:
            _discard(tmp)

    def import_file(self, source: Path, sha256: str) -> bool:
        """Bring a document kept in a folder store (``source``, once checked when it was added) into the database
        unchanged; refused unless it still has ``sha256``. True when the database had it already."""
        self._checked_id(sha256)
        try:
            digest = _file_digest(source)
        except OSError as exc:
            raise DocumentNotFound(
                _("The document {sha256} cannot be read from {path} ({error}).").format(
                    sha256=sha256, path=source, error=exc.strerror or exc
                )
            ) from exc
        if digest != sha256:
            raise damaged_file(source, sha256)
        return self._write(source, sha256, source.name)

    def put_verified(self, sha256: str, reader: BinaryIO) -> None:
        """A document restored from a backup, whose member's SHA-256 the restore checked a moment ago: written as
        it is (through a private temporary file, as ``put``), and read back and hashed by the restore afterwards."""
        self._checked_id(sha256)
        part = self._tmp / f"restore-{sha256}.part"
        try:
            _force_unlink(part)
            with open(
                os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600), "wb"
            ) as target:
                shutil.copyfileobj(reader, target, PART_BYTES)
            self._write(part, sha256, sha256)
        except OSError as exc:
            raise self._cannot_store(sha256, exc) from exc
        finally:
            _discard(part)

    def _write(self, source: Path, digest: str, name: str) -> bool:
        try:
            with source.open("rb") as file:
                size = os.fstat(file.fileno()).st_size
                parts = max(1, -(-size // PART_BYTES))
                with self.engine.begin() as connection:
                    if not self._claim(connection, digest, size, parts):
                        if self._whole(connection, digest):
                            return True
                        log.warning("the stored copy of %s does not match its hash; replacing it", digest)
                        connection.execute(delete(_chunk).where(_chunk.c.sha256 == digest))
                        connection.execute(
                            _blob.update().where(_blob.c.sha256 == digest).values(size=size, parts=parts)
                        )
                    for part in range(parts):
                        connection.execute(_chunk.insert().values(sha256=digest, part=part, data=file.read(PART_BYTES)))
        except OSError as exc:
            raise self._cannot_store(name, exc) from exc
        except DBAPIError as exc:
            raise DocumentError(
                _(
                    "“{name}” cannot be saved in the database ({error}). Check the connection to the server, then "
                    "add the file again."
                ).format(name=name, error=exc.orig)
            ) from exc
        return False

    def _claim(self, connection: Connection, digest: str, size: int, parts: int) -> bool:
        """Insert the blob's row unless it is there; True when this transaction inserted it. A concurrent insert
        of the same content waits for the other transaction and then finds its row."""
        values = {"sha256": digest, "size": size, "parts": parts, "stored_at": self.clock.utc_naive()}
        dialect = connection.dialect.name
        if dialect == "postgresql":
            insert: Any = postgresql.insert(_blob).values(values).on_conflict_do_nothing()
        elif dialect == "sqlite":
            insert = sqlite.insert(_blob).values(values).on_conflict_do_nothing()
        else:  # pragma: no cover - the app speaks SQLite and PostgreSQL
            raise DocumentError(_("This kind of database cannot keep documents: {name}").format(name=dialect))
        inserted = connection.execute(insert.returning(_blob.c.sha256)).first() is not None
        if not inserted and dialect == "postgresql":
            connection.execute(select(_blob.c.sha256).where(_blob.c.sha256 == digest).with_for_update())
        return inserted

    def _whole(self, connection: Connection, digest: str) -> bool:
        blob = self._blob(connection, digest)
        if blob is None:
            return False
        hasher = hashlib.sha256()
        done = count = 0
        for row in connection.execute(
            select(_chunk.c.part, _chunk.c.data).where(_chunk.c.sha256 == digest).order_by(_chunk.c.part)
        ):
            if row.part != count:
                return False
            hasher.update(row.data)
            done += len(row.data)
            count += 1
        return (done, count) == blob and hasher.hexdigest() == digest

    def _cannot_store(self, name: str, exc: OSError) -> DocumentError:
        return DocumentError(
            _(
                "“{name}” cannot be written to this computer's private document folder {folder} ({error}). Check "
                "that the disk is not full, then try again."
            ).format(name=name, folder=self.root, error=exc.strerror or exc)
        )


def _file_digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def blob_count(engine: Engine) -> int:
    """How many documents the database keeps (for the import's summary)."""
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(_blob)) or 0)

"""The document store: applicants' files kept unchanged and read-only under their SHA-256, typed by content."""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import logging
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, Final

from osgo_desktop import private_files
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.storage import active_content

log = logging.getLogger(__name__)

MiB: Final = 1024 * 1024
#: Bytes read and hashed at a time while a file is copied into the store.
CHUNK: Final = MiB
DEFAULT_MAX_BYTES: Final = 25 * MiB
#: How much of the start and of the end of a file :func:`sniff` reads.
HEAD_BYTES: Final = 8 * 1024
TAIL_BYTES: Final = 2 * 1024
MAX_DISPLAY_NAME: Final = 150
ACCEPTED_FORMATS: Final = "PDF, JPEG, PNG, DOC, DOCX, ODT"
FALLBACK_NAME: Final = "document"
TEMP_DIR: Final = ".tmp"
#: a stored document: read-only (never modified) and read by its owner only (it is an applicant's CV, letters...)
STORED_MODE: Final = 0o400

_SHA256 = re.compile(r"[0-9a-f]{64}")
#: Direction controls let "cv\u202efdp.exe" show as "cvexe.pdf"; the marks (LRM, RLM, ALM) are invisible too.
_BIDI_CONTROLS: Final = frozenset(
    [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\u200e", "\u200f", "\u061c"]
)
_OLE_MAGIC: Final = bytes.fromhex("d0cf11e0a1b11ae1")
_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_PNG_IEND: Final = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_ODT_MIMETYPE: Final = b"application/vnd.oasis.opendocument.text"
#: Bytes that never occur in a text file (NUL and the C0 controls other than tab, newlines, form feed and escape).
_BINARY_BYTES: Final = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])


class DocumentError(KnownError):
    """A file that cannot be added to, or read from, the document store; the message says why and what to do."""


class ImportCancelled(DocumentError):
    """The user cancelled adding a file; nothing was stored."""


class DocumentNotFound(DocumentError):
    """A document the database names is missing from the store."""


class FileType(StrEnum):
    """The kinds of file the store accepts, as read from their content."""

    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    DOC = "doc"
    DOCX = "docx"
    ODT = "odt"

    @property
    def mime(self) -> str:
        return _MIME[self]

    @property
    def extension(self) -> str:
        """The usual file name extension, with its dot (``".jpg"``): for saving a copy out of the store."""
        return _EXTENSION[self]


_MIME: Final = {
    FileType.PDF: "application/pdf",
    FileType.JPEG: "image/jpeg",
    FileType.PNG: "image/png",
    FileType.DOC: "application/msword",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.ODT: "application/vnd.oasis.opendocument.text",
}
_EXTENSION: Final = {
    FileType.PDF: ".pdf",
    FileType.JPEG: ".jpg",
    FileType.PNG: ".png",
    FileType.DOC: ".doc",
    FileType.DOCX: ".docx",
    FileType.ODT: ".odt",
}


@dataclass(frozen=True)
class StoredFile:
    """A file in the store: what the database records about it."""

    sha256: str
    size: int
    type: FileType
    display_name: str
    #: the same content was already in the store (the file was not stored twice); not part of the identity
    already_stored: bool = field(default=False, compare=False)
    #: what active content the file carries (JavaScript, automatic actions…), as a translated warning the
    #: secretariat confirms before the file is filed; empty for a plain document
    warning: str = field(default="", compare=False)


def safe_display_name(name: str) -> str:
    """``name`` made safe to show and print: the last path component, NFC, no control or direction characters,
    at most 150 characters with the extension kept, never empty."""
    name = re.split(r"[/\\]", name)[-1]
    # Names read from a disk in another encoding carry lone surrogates, which no PDF or database text can hold.
    name = "".join(
        "\ufffd" if unicodedata.category(char) == "Cs" else char
        for char in name
        if unicodedata.category(char) != "Cc" and char not in _BIDI_CONTROLS
    )
    # Composed after the controls are gone, so that a mark split from its letter by one still joins it.
    name = unicodedata.normalize("NFC", name).strip()
    if name in {"", ".", ".."}:
        return FALLBACK_NAME
    if len(name) <= MAX_DISPLAY_NAME:
        return name
    stem, dot, extension = name.rpartition(".")
    if stem and dot and 0 < len(extension) <= 10 and extension.isalnum():
        suffix = f".{extension}"
        return name[: MAX_DISPLAY_NAME - len(suffix)].rstrip() + suffix
    return name[:MAX_DISPLAY_NAME].rstrip()


def _mb(size: int) -> str:
    from babel.numbers import format_decimal  # only on the error path: Babel is slow to import

    from osgo_desktop.i18n import current_language

    return str(format_decimal(round(size / MiB, 1), format="#,##0.0", locale=current_language()))


def _refuse_by_head(head: bytes, name: str) -> None:
    """Raise the helpful refusal for a start of file that is no accepted kind (a program, an archive, a web page);
    return when the start is that of an accepted kind (the end still has to be checked)."""
    if head.startswith((b"%PDF-", b"\xff\xd8\xff", _PNG_MAGIC, _OLE_MAGIC, b"PK\x03\x04", b"PK\x05\x06")):
        return
    if head.startswith((b"MZ", b"\x7fELF", b"#!")) or head[:4] in {
        bytes.fromhex(magic) for magic in ("feedface", "feedfacf", "cefaedfe", "cffaedfe", "cafebabe")
    }:
        raise DocumentError(
            _(
                "“{name}” is a program, not a document, and cannot be added. Ask the applicant for the document "
                "itself, in one of these formats: {formats}."
            ).format(name=name, formats=ACCEPTED_FORMATS)
        )
    archive = next(
        (
            kind
            for magic, kind in ((b"Rar!\x1a\x07", "RAR"), (b"7z\xbc\xaf\x27\x1c", "7-Zip"), (b"\x1f\x8b", "gzip"))
            if head.startswith(magic)
        ),
        None,
    )
    if archive:
        raise DocumentError(
            _(
                "“{name}” is an archive ({kind}), not a document. Unpack it and add the documents in it one by one."
            ).format(name=name, kind=archive)
        )
    image = _other_image(head)
    if image:
        raise DocumentError(
            _(
                "“{name}” is a {kind} image; only JPEG and PNG images are accepted. Open it in an image viewer "
                "and save it as JPEG or PNG, then add that file."
            ).format(name=name, kind=image)
        )
    if head.startswith(b"{\\rtf"):
        raise DocumentError(
            _("“{name}” is an RTF file. Open it in Word or LibreOffice and save it as DOCX or PDF.").format(name=name)
        )
    if head and len(head.translate(None, _BINARY_BYTES)) == len(head):
        text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(head).lstrip("\ufeff \t\r\n").lower()
        if text.startswith(("<!doctype html", "<html")) or "<html" in text[:1024]:
            raise DocumentError(
                _(
                    "“{name}” is a web page (HTML), not a document. Open it in a browser, print it to PDF "
                    "and add the PDF."
                ).format(name=name)
            )
        raise DocumentError(
            _(
                "“{name}” is a plain text file. Open it in a word processor and save it as DOCX or PDF, "
                "then add that file."
            ).format(name=name)
        )
    raise DocumentError(
        _(
            "“{name}” is not a kind of document the app accepts ({formats}). Save it in one of these formats, "
            "then add that file."
        ).format(name=name, formats=ACCEPTED_FORMATS)
    )


def _other_image(head: bytes) -> str | None:
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"BM") and head[6:10] == bytes(4):  # the reserved field, so that "BM…" text is not one
        return "BMP"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1", b"heim", b"hevc"}:
        return "HEIC"
    return None


def _damaged(name: str, kind: str) -> DocumentError:
    if kind == "PDF":
        # The wording the operators know from the specification: "the PDF file is damaged or incomplete".
        message = _(
            "“{name}”: the PDF file is damaged or incomplete. Get the file again from the applicant, or scan "
            "the paper copy."
        )
    elif kind in {"JPEG", "PNG"}:
        message = _(
            "“{name}”: the {kind} image is damaged or incomplete. Get the file again from the applicant, or scan "
            "the paper copy."
        )
    else:
        message = _(
            "“{name}”: the {kind} file is damaged or incomplete. Open it in Word or LibreOffice and save it again "
            "(or save it as PDF), then add that file."
        )
    return DocumentError(message.format(name=name, kind=kind))


def _without_padding(tail: bytes) -> bytes:
    # Some scanners and phones pad a finished image with zero bytes up to a block size.
    return tail.rstrip(b"\x00")


def _sniff_zip(file: BinaryIO, name: str) -> FileType:
    """DOCX or ODT, by the zip directory and (for ODT) the small ``mimetype`` member; nothing else is read."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return FileType.DOCX
            mimetype = b""
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 200:
                mimetype = archive.read("mimetype").strip()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        log.info("zip-like %s cannot be read: %s", name, exc)
        raise _damaged(name, "DOCX/ODT") from exc
    except RuntimeError as exc:  # zipfile's word for an encrypted member
        log.info("zip-like %s is encrypted: %s", name, exc)
        raise _damaged(name, "DOCX/ODT") from exc
    if mimetype == _ODT_MIMETYPE:
        return FileType.ODT
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        raise DocumentError(
            _(
                "“{name}” is an OpenDocument file but not a text document (a spreadsheet or a presentation?). "
                "Save it as PDF, then add the PDF."
            ).format(name=name)
        )
    if "[Content_Types].xml" in names:
        raise DocumentError(
            _(
                "“{name}” is an Office file but not a Word document (a spreadsheet or a presentation?). "
                "Save it as PDF, then add the PDF."
            ).format(name=name)
        )
    raise DocumentError(
        _("“{name}” is a zip archive, not a document. Unpack it and add the documents in it one by one.").format(
            name=name
        )
    )


def _sniff_open(file: BinaryIO, name: str) -> FileType:
    size = file.seek(0, os.SEEK_END)
    if size == 0:
        raise _empty(name)
    file.seek(0)
    head = file.read(HEAD_BYTES)
    if size <= HEAD_BYTES:
        tail = head[-TAIL_BYTES:]
    else:
        file.seek(size - TAIL_BYTES)
        tail = file.read(TAIL_BYTES)
    _refuse_by_head(head, name)
    if head.startswith(b"%PDF-"):
        if b"%%EOF" not in tail:
            raise _damaged(name, "PDF")
        return FileType.PDF
    if head.startswith(b"\xff\xd8\xff"):
        if not _without_padding(tail).endswith(b"\xff\xd9"):
            raise _damaged(name, "JPEG")
        return FileType.JPEG
    if head.startswith(_PNG_MAGIC):
        if not _without_padding(tail).endswith(_PNG_IEND):
            raise _damaged(name, "PNG")
        return FileType.PNG
    if head.startswith(_OLE_MAGIC):
        if size < 512:  # shorter than the compound file's own header
            raise _damaged(name, "DOC")
        return FileType.DOC
    return _sniff_zip(file, name)


def check_active_content(file: BinaryIO, file_type: FileType, name: str) -> str:
    """Scan ``file`` (a real file, of ``file_type``) for active content: a program or macros raise
    :class:`DocumentError`; JavaScript, automatic actions and the like give the warning to confirm; "" when none."""
    try:
        if file_type is FileType.PDF:
            scan = active_content.scan_pdf(file)
        elif file_type in (FileType.DOCX, FileType.ODT):
            scan = active_content.scan_office_zip(file)
        elif file_type is FileType.DOC:
            scan = active_content.scan_doc(file)
        else:
            return ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        log.info("a part of %s cannot be read: %s", name, exc)
        raise _damaged(name, "DOCX/ODT") from exc
    if scan.refused:
        raise DocumentError(
            _(
                "“{name}” contains {found}, which can run on the computer that opens it. A CV, a letter or a "
                "certificate never needs that, so the file cannot be added. Ask the applicant to save the document "
                "as PDF without it, or scan the paper copy, then add that file."
            ).format(name=name, found=scan.labels())
        )
    if scan.found:
        return _(
            "“{name}” contains {found}. It may run when the file is opened in another program. Add it only if the "
            "applicant confirms the file and cannot give a plain copy (the document saved again as PDF, or a scan "
            "of the paper copy)."
        ).format(name=name, found=scan.labels())
    return ""


def sniff(source: Path | BinaryIO, display_name: str | None = None) -> FileType:
    """The type of a file by its content, never its name: the first 8 KB, the last 2 KB and, for DOCX and ODT,
    the zip directory. A file of no accepted type, or a damaged one, raises :class:`DocumentError` naming the
    file by ``display_name`` (by default the path's name). An open file is left open, at an unspecified position."""
    if isinstance(source, Path):
        name = safe_display_name(display_name or source.name)
        try:
            with source.open("rb") as file:
                return _sniff_open(file, name)
        except OSError as exc:
            raise unreadable(name, exc) from exc
    return _sniff_open(source, safe_display_name(display_name or FALLBACK_NAME))


def _empty(name: str) -> DocumentError:
    return DocumentError(
        _("“{name}” is empty (0 bytes). Get the file again from the applicant and add it again.").format(name=name)
    )


def _too_large(name: str, size: int, limit: int) -> DocumentError:
    return DocumentError(
        _(
            "“{name}” is {size} MB, more than the {limit} MB a document may have. Scan it again at a lower "
            "resolution or split it into parts, then add them."
        ).format(name=name, size=_mb(size), limit=_mb(limit))
    )


def unreadable(name: str, exc: OSError) -> DocumentError:
    """Why the file ``name`` cannot be read, in words the user can act on."""
    if isinstance(exc, FileNotFoundError):
        return DocumentError(
            _("“{name}” cannot be found: it may have been moved, renamed or deleted. Choose it again.").format(
                name=name
            )
        )
    if isinstance(exc, IsADirectoryError):
        return _folder(name)
    if isinstance(exc, PermissionError):
        return DocumentError(
            _(
                "“{name}” cannot be read: you have no permission to open it. Copy it into one of your own folders "
                "first, or ask the computer's administrator."
            ).format(name=name)
        )
    return DocumentError(
        _(
            "“{name}” cannot be read ({error}). If it is on a USB stick or a network folder, copy it to this "
            "computer first, then add the copy."
        ).format(name=name, error=exc.strerror or exc)
    )


def _cancelled(name: str) -> ImportCancelled:
    return ImportCancelled(_("Adding “{name}” was cancelled.").format(name=name))


def _folder(name: str) -> DocumentError:
    return DocumentError(
        _("“{name}” is a folder, not a file. Open the folder and choose the documents in it.").format(name=name)
    )


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _fsync_dir(directory: Path) -> None:
    """Make a rename or a new entry in ``directory`` survive a crash (POSIX; Windows cannot open a folder)."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _force_unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except PermissionError:
        # Windows refuses to delete a read-only file; a leftover may already carry the store's read-only mode.
        os.chmod(path, 0o600)
        path.unlink()


def _discard(path: Path) -> None:
    """Remove a temporary file after a failure without hiding that failure behind a second one."""
    try:
        _force_unlink(path)
    except OSError as exc:
        log.warning("cannot remove the temporary file %s: %s; it goes when the store is next opened", path, exc)


class DocumentStore:
    """Files kept as ``root/<first two hex digits>/<sha256>``: read-only, never modified, one copy per content.

    ``put`` copies a file in through a temporary file in ``root/.tmp`` and a rename, so a document is either
    complete in the store or absent; leftovers of a crash are removed when a store is opened. One process uses
    a root at a time (as with the database next to it): opening a store clears ``.tmp``.
    """

    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._tmp = root / TEMP_DIR
        try:
            private_files.make_private_dir(root)  # new: owner-only, as the documents in it
            self._tmp.mkdir(mode=private_files.PRIVATE_DIR, exist_ok=True)
            self._clean_leftovers()
        except OSError as exc:
            raise DocumentError(
                _(
                    "The document folder {folder} cannot be used ({error}). Check that it exists and can be written."
                ).format(folder=root, error=exc.strerror or exc)
            ) from exc

    def _clean_leftovers(self) -> None:
        for entry in self._tmp.iterdir():
            log.info("removing %s, left over from an interrupted import", entry)
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                _force_unlink(entry)

    def path(self, sha256: str) -> Path:
        """Where the document with this SHA-256 is (or would be) kept; any other value is refused."""
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise DocumentError(
                _("“{value}” is not a document identifier (a SHA-256 of 64 hexadecimal digits).").format(
                    value=str(sha256)[:80]
                )
            )
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        """The stored file, open for reading; the caller closes it."""
        path = self.path(sha256)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise self._missing(sha256) from exc

    def size_of(self, sha256: str) -> int:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError as exc:
            raise self._missing(sha256) from exc

    def verify(self, sha256: str) -> bool:
        """Whether the stored file is still there and still has this SHA-256 (it is read again in full)."""
        try:
            with self.path(sha256).open("rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
        except FileNotFoundError:
            return False
        return digest == sha256

    def _missing(self, sha256: str) -> DocumentNotFound:
        return DocumentNotFound(
            _(
                "The document {sha256} is missing from the document folder {folder}. Restore the folder from a backup."
            ).format(sha256=sha256, folder=self.root)
        )

    def put_many(self, sources: Sequence[Path], progress: Callable[[float, str], None]) -> tuple[StoredFile, ...]:
        """:meth:`put` each of ``sources``; ``progress(fraction, name)`` reports the share of all their bytes done
        (and may raise to cancel). A file that fails stops the rest; those stored before it stay in the store,
        unreferenced, as any stored file nobody filed."""
        total = sum(source.stat().st_size for source in sources if source.is_file()) or 1
        done = 0
        stored: list[StoredFile] = []
        for source in sources:

            def report(n: int, _total: int, base: int = done, name: str = source.name) -> None:
                progress((base + n) / total, name)

            stored.append(self.put(source, source.name, progress=report))
            done += stored[-1].size
        return tuple(stored)

    def put(
        self,
        source: Path,
        original_name: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> StoredFile:
        """Copy ``source`` into the store and return what was stored. ``original_name`` is the name to show
        (by default the source's); ``progress(bytes_done, total)`` is called after each chunk, and ``cancelled()``
        returning True stops the import with :class:`ImportCancelled`. Every expected failure (too large, empty,
        unreadable, not a document, damaged, carrying a program or macros) raises :class:`DocumentError` and leaves
        nothing in the store; a file with other active content (JavaScript…) is stored with a ``warning``."""
        name = safe_display_name(original_name if original_name is not None else source.name)
        total = self._checked_size(source, name)
        try:
            # O_NONBLOCK: if the path was swapped for a pipe since the check, opening it must not hang.
            fd_in = os.open(source, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            raise unreadable(name, exc) from exc
        with open(fd_in, "rb", buffering=0) as reader:
            total = self._checked_size(source, name, os.fstat(fd_in))
            try:
                fd_tmp, tmp_name = tempfile.mkstemp(prefix="put-", suffix=".part", dir=self._tmp)
            except OSError as exc:
                raise self._cannot_store(name, exc) from exc
            tmp = Path(tmp_name)
            try:
                with open(fd_tmp, "w+b", buffering=0) as temp:
                    digest, size = self._copy(reader, fd_tmp, name, total, progress, cancelled)
                    if cancelled is not None and cancelled():
                        raise _cancelled(name)
                    file_type = _sniff_open(temp, name)
                    warning = check_active_content(temp, file_type, name)
                    try:
                        os.fsync(fd_tmp)
                    except OSError as exc:
                        raise self._cannot_store(name, exc) from exc
                stored = self._commit(tmp, digest, name)
            except BaseException:
                _discard(tmp)
                raise
        return StoredFile(
            sha256=digest, size=size, type=file_type, display_name=name, already_stored=stored, warning=warning
        )

    def _checked_size(self, source: Path, name: str, status: os.stat_result | None = None) -> int:
        """The size from the file system alone: too large, empty or not a file is refused before any reading."""
        if status is None:
            try:
                status = source.stat()
            except OSError as exc:
                raise unreadable(name, exc) from exc
        if stat.S_ISDIR(status.st_mode):
            raise _folder(name)
        if not stat.S_ISREG(status.st_mode):
            raise DocumentError(
                _("“{name}” is not an ordinary file (a device or a pipe). Choose a document file.").format(name=name)
            )
        if status.st_size > self.max_bytes:
            raise _too_large(name, status.st_size, self.max_bytes)
        if status.st_size == 0:
            raise _empty(name)
        return status.st_size

    def _copy(
        self,
        reader: io.FileIO,
        fd_out: int,
        name: str,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> tuple[str, int]:
        """Stream ``reader`` into ``fd_out`` while hashing it; the SHA-256 and the number of bytes."""
        hasher = hashlib.sha256()
        buffer = bytearray(CHUNK)
        view = memoryview(buffer)
        done = 0
        while True:
            if cancelled is not None and cancelled():
                raise _cancelled(name)
            try:
                count = reader.readinto(view)
            except BlockingIOError as exc:  # a pipe slipped in after the checks
                raise unreadable(name, OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))) from exc
            except OSError as exc:
                raise unreadable(name, exc) from exc
            if not count:
                break
            if done == 0:
                # A program or an archive is refused at its first megabyte, not after copying all of it.
                _refuse_by_head(bytes(view[: min(count, HEAD_BYTES)]), name)
            done += count
            if done > self.max_bytes:  # the file grew since its size was checked
                raise _too_large(name, done, self.max_bytes)
            chunk = view[:count]
            hasher.update(chunk)
            try:
                _write_all(fd_out, chunk)
            except OSError as exc:
                raise self._cannot_store(name, exc) from exc
            if progress is not None:
                progress(done, max(total, done))
        if done == 0:  # emptied since its size was checked
            raise _empty(name)
        return hasher.hexdigest(), done

    def _commit(self, tmp: Path, digest: str, name: str) -> bool:
        """Move the finished temporary file to its place; True when the content was already stored."""
        final = self.path(digest)
        try:
            os.chmod(tmp, STORED_MODE)
            directory_is_new = not final.parent.is_dir()
            final.parent.mkdir(mode=private_files.PRIVATE_DIR, exist_ok=True)
            if directory_is_new:
                _fsync_dir(self.root)
            if final.exists():
                if self.verify(digest):
                    _force_unlink(tmp)
                    return True
                # The stored copy has rotted or been tampered with: the fresh one, of the same hash, restores it.
                log.warning("the stored copy of %s does not match its hash; replacing it with a fresh one", digest)
                os.chmod(final, 0o600)
                os.replace(tmp, final)
            else:
                try:
                    os.rename(tmp, final)
                except FileExistsError:  # Windows, another thread stored the same content just now
                    _force_unlink(tmp)
                    return True
            _fsync_dir(final.parent)
        except OSError as exc:
            raise self._cannot_store(name, exc) from exc
        return False

    def _cannot_store(self, name: str, exc: OSError) -> DocumentError:
        return DocumentError(
            _(
                "“{name}” cannot be saved in the document folder {folder} ({error}). Check that the disk is not "
                "full and the folder can be written, then add the file again."
            ).format(name=name, folder=self.root, error=exc.strerror or exc)
        )

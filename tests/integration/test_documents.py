"""The document store: types read from content, refusals that name the file, atomic read-only storage, hashes."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from osgo_desktop.storage.documents import (
    STORED_MODE,
    DocumentError,
    DocumentNotFound,
    DocumentStore,
    FileType,
    ImportCancelled,
    StoredFile,
    safe_display_name,
    sniff,
)
from tests.pdf_support import inert_bytes

MiB = 1024 * 1024


# --- sample files -----------------------------------------------------------------------------------------------


def pdf_bytes(text: str = "Арыз") -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.save()
    return buffer.getvalue()


def image_bytes(kind: str, size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(buffer, kind)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def odf_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)  # first and stored, as ODF asks
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
    return buffer.getvalue()


def doc_bytes() -> bytes:
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    return header.ljust(1536, b"\xff")


def pdf_of_size(size: int) -> bytes:
    """A PDF-looking file of exactly ``size`` bytes (header, filler, trailer): enough for the store."""
    head, tail = b"%PDF-1.4\n", b"\n%%EOF\n"
    return head + inert_bytes(size - len(head) - len(tail)) + tail


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture
def store(tmp_path: Path) -> DocumentStore:
    return DocumentStore(tmp_path / "store")


def stored_paths(store: DocumentStore) -> list[Path]:
    """Everything in the store, the temporary folder included."""
    return sorted(path for path in store.root.rglob("*") if path.is_file())


def assert_nothing_stored(store: DocumentStore) -> None:
    assert stored_paths(store) == []
    assert sorted(path.name for path in store.root.iterdir()) == [".tmp"]


# --- accepted types ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (pdf_bytes, FileType.PDF),
        (lambda: image_bytes("JPEG"), FileType.JPEG),
        (lambda: image_bytes("PNG"), FileType.PNG),
        (doc_bytes, FileType.DOC),
        (docx_bytes, FileType.DOCX),
        (odf_bytes, FileType.ODT),
    ],
)
def test_each_accepted_type_is_stored_under_its_hash(
    store: DocumentStore, tmp_path: Path, make: Callable[[], bytes], expected: FileType
) -> None:
    data = make()
    stored = store.put(write(tmp_path / f"sample{expected.extension}", data))
    digest = hashlib.sha256(data).hexdigest()
    assert stored == StoredFile(
        sha256=digest, size=len(data), type=expected, display_name=f"sample{expected.extension}"
    )
    assert stored.already_stored is False
    assert store.path(digest) == store.root / digest[:2] / digest
    assert store.path(digest).read_bytes() == data
    assert store.exists(digest)
    assert store.size_of(digest) == len(data)
    assert store.verify(digest)
    assert stored_paths(store) == [store.path(digest)]


def test_file_types_know_their_mime_type_and_extension() -> None:
    assert FileType.JPEG.mime == "image/jpeg"
    assert FileType.JPEG.extension == ".jpg"
    assert FileType.DOCX.mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert FileType.ODT.extension == ".odt"
    assert {file_type.mime for file_type in FileType} >= {"application/pdf", "application/msword", "image/png"}


def test_the_content_decides_the_type_not_the_name(store: DocumentStore, tmp_path: Path) -> None:
    stored = store.put(write(tmp_path / "scan.pdf", image_bytes("PNG")))
    assert stored.type is FileType.PNG
    assert stored.display_name == "scan.pdf"


def test_sniff_reads_a_path_or_an_open_file(tmp_path: Path) -> None:
    path = write(tmp_path / "letter.bin", docx_bytes())
    assert sniff(path) is FileType.DOCX
    with path.open("rb") as file:
        assert sniff(file) is FileType.DOCX


def test_the_same_content_is_stored_once(store: DocumentStore, tmp_path: Path) -> None:
    data = pdf_bytes()
    first = store.put(write(tmp_path / "cv.pdf", data))
    second = store.put(write(tmp_path / "cv (copy).pdf", data))
    assert second.sha256 == first.sha256
    assert second.display_name == "cv (copy).pdf"
    assert (first.already_stored, second.already_stored) == (False, True)
    assert stored_paths(store) == [store.path(first.sha256)]


def test_stored_files_are_read_only(store: DocumentStore, tmp_path: Path) -> None:
    stored = store.put(write(tmp_path / "cv.jpg", image_bytes("JPEG")))
    assert stat.S_IMODE(store.path(stored.sha256).stat().st_mode) == STORED_MODE


def test_open_gives_the_stored_bytes(store: DocumentStore, tmp_path: Path) -> None:
    data = image_bytes("PNG")
    stored = store.put(write(tmp_path / "photo.png", data))
    with store.open(stored.sha256) as file:
        assert file.read() == data


def test_verify_detects_a_changed_file(store: DocumentStore, tmp_path: Path) -> None:
    stored = store.put(write(tmp_path / "cv.pdf", pdf_bytes()))
    path = store.path(stored.sha256)
    path.chmod(0o644)  # the store never writes to it again: the test plays the tamperer
    with path.open("r+b") as file:
        file.seek(20)
        file.write(b"X")
    assert not store.verify(stored.sha256)


def test_a_damaged_stored_copy_is_replaced_by_a_fresh_one(store: DocumentStore, tmp_path: Path) -> None:
    data = pdf_bytes()
    stored = store.put(write(tmp_path / "cv.pdf", data))
    path = store.path(stored.sha256)
    path.chmod(0o644)
    path.write_bytes(data[:-1] + b"?")
    again = store.put(tmp_path / "cv.pdf")
    assert again.already_stored is False
    assert store.verify(stored.sha256)
    assert stat.S_IMODE(path.stat().st_mode) == STORED_MODE


def test_a_missing_document_is_reported(store: DocumentStore) -> None:
    digest = hashlib.sha256(b"never stored").hexdigest()
    assert not store.exists(digest)
    assert not store.verify(digest)
    with pytest.raises(DocumentNotFound, match=f"The document {digest} is missing from the document folder"):
        store.open(digest)
    with pytest.raises(DocumentNotFound, match=re.escape("Restore the folder from a backup")):
        store.size_of(digest)


@pytest.mark.parametrize(
    "crafted", ["../../etc/passwd", "", "A" * 64, "0" * 63, "0" * 64 + "\n", "../" + "0" * 61, "0" * 62 + "/."]
)
def test_a_crafted_hash_cannot_reach_outside_the_store(store: DocumentStore, crafted: str) -> None:
    for call in (store.path, store.exists, store.open, store.verify, store.size_of):
        with pytest.raises(DocumentError, match=re.escape("is not a document identifier")):
            call(crafted)


def test_progress_grows_to_the_size(store: DocumentStore, tmp_path: Path) -> None:
    data = pdf_of_size(3 * MiB + 5)
    calls: list[tuple[int, int]] = []
    store.put(write(tmp_path / "big.pdf", data), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(MiB, len(data)), (2 * MiB, len(data)), (3 * MiB, len(data)), (len(data), len(data))]


def test_a_leftover_of_a_crash_is_cleaned_when_the_store_opens(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path / "store")
    stored = store.put(write(tmp_path / "cv.pdf", pdf_bytes()))
    leftover = write(store.root / ".tmp" / "put-crashed.part", b"%PDF-1.4 half")
    leftover.chmod(0o444)
    reopened = DocumentStore(tmp_path / "store")
    assert stored_paths(reopened) == [reopened.path(stored.sha256)]


# --- names ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("..\\..\\x.pdf", "x.pdf"),
        ("../../etc/x.pdf", "x.pdf"),
        ("C:\\Users\\Айгүл\\Desktop\\арыз.docx", "арыз.docx"),
        ("cv\u202efdp.exe", "cvfdp.exe"),  # the right-to-left override would show it as "cvexe.pdf"
        ("e\u202e\u0301.pdf", "\u00e9.pdf"),  # a mark parted from its letter by a control joins it again
        ("\u2066letter\u2069.pdf", "letter.pdf"),
        ("line\nbreak\x00.pdf", "linebreak.pdf"),
        ("Ко\u0308кү.pdf", "Кӧкү.pdf"),  # a combining diaeresis composed (NFC)
        ("  resume.pdf  ", "resume.pdf"),
        ("", "document"),
        ("folder/", "document"),
        ("..", "document"),
        ("\u202e", "document"),
    ],
)
def test_display_names_are_made_safe(name: str, shown: str) -> None:
    assert safe_display_name(name) == shown


def test_a_long_name_is_cut_keeping_the_extension() -> None:
    shown = safe_display_name("ы" * 300 + ".pdf")
    assert len(shown) == 150
    assert shown == "ы" * 146 + ".pdf"
    assert safe_display_name("x" * 300) == "x" * 150


def test_a_hostile_name_is_stored_safe_and_the_store_stays_flat(store: DocumentStore, tmp_path: Path) -> None:
    name = "..\\..\\" + "e\u0301" * 150 + "\u202egpj.exe" + ".pdf"
    stored = store.put(write(tmp_path / "upload.bin", pdf_bytes()), original_name=name)
    assert stored.display_name == "é" * 146 + ".pdf"
    assert stored_paths(store) == [store.path(stored.sha256)]


# --- refusals ---------------------------------------------------------------------------------------------------


def test_a_truncated_pdf_is_refused(store: DocumentStore, tmp_path: Path) -> None:
    data = pdf_bytes()
    broken = write(tmp_path / "application.pdf", data[: data.rindex(b"%%EOF")])
    with pytest.raises(DocumentError, match=re.escape("“application.pdf”: the PDF file is damaged or incomplete")):
        store.put(broken)
    assert_nothing_stored(store)


@pytest.mark.parametrize(("kind", "label"), [("JPEG", "JPEG"), ("PNG", "PNG")])
def test_a_truncated_image_is_refused(store: DocumentStore, tmp_path: Path, kind: str, label: str) -> None:
    data = image_bytes(kind, (64, 64))
    with pytest.raises(DocumentError, match=f"“photo”: the {label} image is damaged or incomplete"):
        store.put(write(tmp_path / "photo", data[:-20]))
    assert_nothing_stored(store)


def test_an_empty_file_is_refused(store: DocumentStore, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"“cv.pdf” is empty \(0 bytes\)"):
        store.put(write(tmp_path / "cv.pdf", b""))
    assert_nothing_stored(store)


def test_a_huge_file_is_refused_from_its_size_alone(
    store: DocumentStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "scan.pdf"
    with huge.open("wb") as file:
        file.truncate(2 * 1024 * MiB)  # sparse: takes no disk space
    real_os_open, real_open = os.open, builtins.open

    def os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        assert Path(path) != huge, "the huge file was opened"
        return real_os_open(path, *args, **kwargs)

    def open_(path: Any, *args: Any, **kwargs: Any) -> Any:
        assert not isinstance(path, str | Path) or Path(path) != huge, "the huge file was opened"
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", open_)
    with pytest.raises(
        DocumentError, match=re.escape("“scan.pdf” is 2,048.0 MB, more than the 25.0 MB a document may have")
    ):
        store.put(huge)
    monkeypatch.undo()
    assert_nothing_stored(store)


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path / "store", max_bytes=3 * MiB)
    growing = write(tmp_path / "recording.pdf", pdf_of_size(2 * MiB + 100))

    def append_more(done: int, total: int) -> None:
        if done == MiB:
            with growing.open("ab") as file:
                file.write(bytes(2 * MiB))

    with pytest.raises(DocumentError, match=re.escape("“recording.pdf” is 4.0 MB, more than the 3.0 MB")):
        store.put(growing, progress=append_more)
    assert_nothing_stored(store)


def test_a_program_named_pdf_is_refused(store: DocumentStore, tmp_path: Path) -> None:
    program = write(tmp_path / "cv.pdf", b"MZ\x90\x00\x03" + bytes(4000) + b"%%EOF")
    with pytest.raises(DocumentError, match=re.escape("“cv.pdf” is a program, not a document")):
        store.put(program)
    assert_nothing_stored(store)


@pytest.mark.parametrize("head", [b"\x7fELF\x02\x01\x01", b"#!/bin/sh\nrm -rf ~\n"])
def test_other_programs_are_refused(store: DocumentStore, tmp_path: Path, head: bytes) -> None:
    with pytest.raises(DocumentError, match=re.escape("“letter.docx” is a program")):
        store.put(write(tmp_path / "letter.docx", head + bytes(100)))
    assert_nothing_stored(store)


def test_a_large_program_is_refused_at_its_first_chunk(store: DocumentStore, tmp_path: Path) -> None:
    calls: list[int] = []
    with pytest.raises(DocumentError, match=re.escape("is a program")):
        store.put(write(tmp_path / "setup.pdf", b"MZ" + bytes(3 * MiB)), progress=lambda done, _: calls.append(done))
    assert calls == []
    assert_nothing_stored(store)


def test_a_zip_of_something_else_is_refused(store: DocumentStore, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cv.pdf", pdf_bytes())
    with pytest.raises(DocumentError, match=re.escape("“documents.docx” is a zip archive, not a document. Unpack it")):
        store.put(write(tmp_path / "documents.docx", buffer.getvalue()))
    assert_nothing_stored(store)


def test_an_opendocument_spreadsheet_is_refused(store: DocumentStore, tmp_path: Path) -> None:
    sheet = write(tmp_path / "list.odt", odf_bytes("application/vnd.oasis.opendocument.spreadsheet"))
    with pytest.raises(DocumentError, match=re.escape("“list.odt” is an OpenDocument file but not a text document")):
        store.put(sheet)
    assert_nothing_stored(store)


def test_a_damaged_zip_is_refused(store: DocumentStore, tmp_path: Path) -> None:
    data = docx_bytes()
    with pytest.raises(DocumentError, match=re.escape("“letter.docx”: the DOCX/ODT file is damaged or incomplete")):
        store.put(write(tmp_path / "letter.docx", data[: len(data) // 2]))
    assert_nothing_stored(store)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body>CV</body></html>", "is a web page"),
        ("Мен, Асанов Бакыт, өтүнөм…\n".encode(), "is a plain text file"),
        (b"{\\rtf1\\ansi CV}", "is an RTF file"),
        (b"GIF89a" + bytes(50), "is a GIF image; only JPEG and PNG images are accepted"),
        (b"\x00\x00\x00\x18ftypheic" + bytes(50), "is a HEIC image"),
        (b"Rar!\x1a\x07\x01\x00" + bytes(50), r"is an archive \(RAR\)"),
        (bytes(range(256)), "is not a kind of document the app accepts"),
    ],
)
def test_other_kinds_are_refused_by_name(store: DocumentStore, tmp_path: Path, content: bytes, message: str) -> None:
    with pytest.raises(DocumentError, match=f"“file.pdf” {message}"):
        store.put(write(tmp_path / "file.pdf", content))
    assert_nothing_stored(store)


def test_a_folder_is_refused(store: DocumentStore, tmp_path: Path) -> None:
    (tmp_path / "scans").mkdir()
    with pytest.raises(DocumentError, match=re.escape("“scans” is a folder, not a file")):
        store.put(tmp_path / "scans")
    assert_nothing_stored(store)


def test_a_missing_file_is_refused(store: DocumentStore, tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=re.escape("“gone.pdf” cannot be found")):
        store.put(tmp_path / "gone.pdf")
    assert_nothing_stored(store)


def test_a_file_without_read_permission_is_refused(
    store: DocumentStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated, so that the test also runs as root (who may read anything); the next test does it for real.
    locked = write(tmp_path / "locked.pdf", pdf_bytes())
    real_os_open = os.open

    def os_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    with pytest.raises(
        DocumentError, match=re.escape("“locked.pdf” cannot be read: you have no permission to open it")
    ):
        store.put(locked)
    monkeypatch.undo()
    assert_nothing_stored(store)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
def test_a_file_with_mode_000_is_refused(store: DocumentStore, tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.pdf", pdf_bytes())
    locked.chmod(0)
    with pytest.raises(DocumentError, match=re.escape("you have no permission to open it")):
        store.put(locked)
    assert_nothing_stored(store)


def test_cancelling_removes_the_temporary_file(store: DocumentStore, tmp_path: Path) -> None:
    seen: list[int] = []
    temporary: list[Path] = []

    def cancel_after_first_chunk() -> bool:
        temporary.extend(path for path in (store.root / ".tmp").iterdir())
        return bool(seen)

    with pytest.raises(ImportCancelled, match=re.escape("Adding “big.pdf” was cancelled")):
        store.put(
            write(tmp_path / "big.pdf", pdf_of_size(3 * MiB)),
            progress=lambda done, _: seen.append(done),
            cancelled=cancel_after_first_chunk,
        )
    assert seen == [MiB]
    assert len(temporary) >= 1  # there was a temporary file, and it is gone
    assert not temporary[0].exists()
    assert_nothing_stored(store)


def test_an_unusable_root_is_reported(tmp_path: Path) -> None:
    not_a_folder = write(tmp_path / "store", b"a file where the folder should be")
    with pytest.raises(DocumentError, match=r"The document folder .* cannot be used"):
        DocumentStore(not_a_folder)


def test_refusals_are_known_errors_for_the_user() -> None:
    from osgo_desktop.errors import KnownError

    assert issubclass(DocumentError, KnownError)
    assert issubclass(ImportCancelled, DocumentError)

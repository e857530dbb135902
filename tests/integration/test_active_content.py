"""Active content at intake: programs and macros refused with nothing stored, JavaScript and automatic actions
stored with a warning the secretariat confirms before filing. Every hostile file is built here, at test time."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from osgo_desktop import i18n
from osgo_desktop.services import applications
from osgo_desktop.storage.documents import DocumentError, DocumentStore, FileType
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY
from tests.integration.test_applications import council, person, received, register  # noqa: F401
from tests.integration.test_documents import (
    assert_nothing_stored,
    doc_bytes,
    docx_bytes,
    image_bytes,
    odf_bytes,
    pdf_bytes,
    write,
)


@pytest.fixture
def store(tmp_path: Path) -> DocumentStore:
    return DocumentStore(tmp_path / "store")


PAGES = {
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
}
JAVASCRIPT = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"


def build_pdf(objects: dict[int, bytes], packed: frozenset[int] = frozenset()) -> bytes:
    """A PDF 1.5 of ``objects`` (1 is the catalog) with a cross-reference stream; those in ``packed`` go into a
    Flate-compressed object stream, where a search of the file's bytes cannot see them."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    where: dict[int, tuple[int, int]] = {}
    for number in sorted(set(objects) - packed):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    if packed:
        stream_number, size = size, size + 1
        header, body = [], b""
        for index, number in enumerate(sorted(packed)):
            header.append(b"%d %d" % (number, len(body)))
            body += objects[number] + b"\n"
            where[number] = (stream_number, index)
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + body)
        offsets[stream_number] = len(out)
        out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
            stream_number,
            len(packed),
            len(head),
            len(data),
        )
        out += data + b"\nendstream\nendobj\n"
    xref_number = size
    offsets[xref_number] = len(out)
    rows = b""
    for number in range(size + 1):
        if number in offsets:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00"
        elif number in where:
            rows += b"\x02" + where[number][0].to_bytes(4, "big") + where[number][1].to_bytes(2, "big")
        else:
            rows += b"\x00" + bytes(4) + b"\xff\xff"
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        xref_number,
        size + 1,
        len(rows),
    )
    out += rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def catalog(extra: bytes = b"") -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"


def office_zip(base: bytes, extra: dict[str, bytes]) -> bytes:
    """``base`` (a DOCX or ODT) with ``extra`` parts added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, data in extra.items():
            target.writestr(name, data)
    return buffer.getvalue()


PROGRAM = b"MZ\x90\x00" + bytes(200)
OLE = bytes.fromhex("d0cf11e0a1b11ae1")


# --- PDFs with JavaScript or actions: stored, with a warning ------------------------------------------------------


def test_a_pdf_that_runs_javascript_when_opened_is_stored_with_a_warning(store: DocumentStore, tmp_path: Path) -> None:
    data = build_pdf({1: catalog(b"/OpenAction 4 0 R"), **PAGES, 4: JAVASCRIPT})
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"  # a real one
    stored = store.put(write(tmp_path / "cv.pdf", data))
    assert stored.type is FileType.PDF and store.verify(stored.sha256)
    assert stored.warning.startswith(
        "“cv.pdf” contains JavaScript code; an action that runs by itself when the file is opened."
    )


def test_javascript_packed_in_a_compressed_object_stream_is_found(store: DocumentStore, tmp_path: Path) -> None:
    data = build_pdf({1: catalog(b"/OpenAction 4 0 R"), **PAGES, 4: JAVASCRIPT}, packed=frozenset({1, 4}))
    assert b"JavaScript" not in data and b"OpenAction" not in data  # a search of the bytes sees nothing
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/OpenAction"]["/JS"] == "app.alert(1)"
    stored = store.put(write(tmp_path / "cv.pdf", data))
    assert "contains JavaScript code; an action that runs by itself when the file is opened" in stored.warning


def test_names_hidden_behind_escapes_are_found(store: DocumentStore, tmp_path: Path) -> None:
    hidden = b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"
    data = build_pdf({1: catalog(b"/Op#65nAction 4 0 R"), **PAGES, 4: hidden})
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"
    warning = store.put(write(tmp_path / "cv.pdf", data)).warning
    assert "JavaScript code; an action that runs by itself" in warning


@pytest.mark.parametrize(
    ("extra", "objects", "found"),
    [
        (b"/AcroForm << /Fields [] /XFA 4 0 R >>", {4: b"<< >>"}, "an XFA form"),
        (
            b"/Names << /EmbeddedFiles 4 0 R >>",
            {4: b"<< /Names [(cv.odt) 5 0 R] >>", 5: b"<< /F (cv.odt) >>"},
            "attached files",
        ),
        (b"", {}, "actions that run by themselves when a page"),
    ],
)
def test_other_active_pdf_content_is_named(
    store: DocumentStore, tmp_path: Path, extra: bytes, objects: dict[int, bytes], found: str
) -> None:
    pages = dict(PAGES)
    if not extra:
        pages[3] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /AA << /O << /S /URI /URI (http://x) >> >> >>"
    stored = store.put(write(tmp_path / "form.pdf", build_pdf({1: catalog(extra), **pages, **objects})))
    assert found in stored.warning


def test_opening_at_a_page_is_no_action(store: DocumentStore, tmp_path: Path) -> None:
    direct = build_pdf({1: catalog(b"/OpenAction [3 0 R /Fit]"), **PAGES})
    referenced = build_pdf({1: catalog(b"/OpenAction 4 0 R"), **PAGES, 4: b"[3 0 R /XYZ null null 0]"})
    packed = build_pdf(
        {1: catalog(b"/OpenAction 4 0 R"), **PAGES, 4: b"<< /S /GoTo /D [3 0 R /Fit] >>"}, frozenset({4})
    )
    for index, data in enumerate((direct, referenced, packed, pdf_bytes())):
        assert store.put(write(tmp_path / f"cv{index}.pdf", data)).warning == ""


def test_an_object_stream_that_cannot_be_checked_is_said(store: DocumentStore, tmp_path: Path) -> None:
    data = build_pdf({1: catalog(), **PAGES}, packed=frozenset({3}))
    data = data.replace(b"/Filter /FlateDecode", b"/Filter /LZWDecode  ")
    assert "packed or encrypted parts the app cannot check" in store.put(write(tmp_path / "cv.pdf", data)).warning


# --- programs and macros: refused, nothing stored -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        (
            "cv.pdf",
            build_pdf({1: catalog(b"/OpenAction 4 0 R"), **PAGES, 4: b"<< /S /Launch /F (cmd.exe) >>"}),
            "a command that starts a program",
        ),
        (
            "cv.pdf",
            build_pdf(
                {
                    1: catalog(b"/Names << /EmbeddedFiles 4 0 R >>"),
                    **PAGES,
                    4: b"<< /Names [(a) 5 0 R] >>",
                    5: b"<< /Type /Filespec /F (invoice.pdf.exe) /EF << /F 6 0 R >> >>",
                    6: b"<< /Type /EmbeddedFile >>",
                },
                packed=frozenset({4, 5, 6}),
            ),
            "an attached program",
        ),
        ("letter.docx", office_zip(docx_bytes(), {"word/vbaProject.bin": OLE + bytes(500)}), "macros"),
        ("letter.docx", office_zip(docx_bytes(), {"word/embeddings/setup.exe": PROGRAM}), "an embedded program"),
        ("letter.docx", office_zip(docx_bytes(), {"word/embeddings/photo.dat": PROGRAM}), "an embedded program"),
        ("letter.docx", office_zip(docx_bytes(), {"word/embeddings/oleObject1.bin": OLE}), "an embedded object"),
        ("letter.docx", office_zip(docx_bytes(), {"word/activeX/activeX1.bin": OLE}), "ActiveX controls"),
        ("letter.odt", office_zip(odf_bytes(), {"Basic/Standard/Module1.xml": b"<script/>"}), "macros"),
        ("letter.odt", office_zip(odf_bytes(), {"Object 1": OLE + bytes(100)}), "an embedded object"),
        ("letter.doc", doc_bytes()[:1024] + "_VBA_PROJECT".encode("utf-16-le").ljust(512, b"\x00"), "macros"),
        (
            "letter.doc",
            doc_bytes()[:1024] + "\x01Ole10Native".encode("utf-16-le").ljust(512, b"\x00"),
            "an embedded object",
        ),
    ],
)
def test_a_program_or_macros_are_refused_and_nothing_is_stored(
    store: DocumentStore, tmp_path: Path, name: str, data: bytes, found: str
) -> None:
    with pytest.raises(DocumentError, match=rf"“{re.escape(name)}” contains {found}.*cannot be added") as caught:
        store.put(write(tmp_path / name, data))
    assert "scan the paper copy" in str(caught.value)
    assert_nothing_stored(store)


def test_the_refusal_speaks_kyrgyz_and_russian(store: DocumentStore, tmp_path: Path) -> None:
    data = office_zip(docx_bytes(), {"word/vbaProject.bin": OLE})
    try:
        for lang, words in (("ky", "макрос"), ("ru", "макрос")):
            i18n.set_language(lang)
            with pytest.raises(DocumentError) as caught:
                store.put(write(tmp_path / "letter.docx", data))
            assert words in str(caught.value).lower() and "cannot be added" not in str(caught.value)
    finally:
        i18n.set_language("en")
    assert_nothing_stored(store)


def test_external_content_in_an_office_file_is_a_warning_and_hyperlinks_are_not(
    store: DocumentStore, tmp_path: Path
) -> None:
    relationship = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
        'Target="http://example.org/x" TargetMode="External"/></Relationships>'
    )
    template = office_zip(
        docx_bytes(), {"word/_rels/settings.xml.rels": relationship.format(kind="attachedTemplate").encode()}
    )
    linked = office_zip(docx_bytes(), {"word/_rels/document.xml.rels": relationship.format(kind="hyperlink").encode()})
    assert "links that load content from the internet" in store.put(write(tmp_path / "a.docx", template)).warning
    assert store.put(write(tmp_path / "b.docx", linked)).warning == ""


def test_plain_documents_pass_without_a_warning(store: DocumentStore, tmp_path: Path) -> None:
    for index, data in enumerate(
        (pdf_bytes(), image_bytes("JPEG"), image_bytes("PNG"), docx_bytes(), odf_bytes(), doc_bytes())
    ):
        assert store.put(write(tmp_path / f"doc{index}", data)).warning == ""


# --- filing: the secretariat confirms ---------------------------------------------------------------------------


def test_a_flagged_file_is_filed_only_when_confirmed(db: Database, council: int, tmp_path: Path) -> None:  # noqa: F811
    registered = register(db, council, person(), received(TODAY))
    store = db.document_store()
    plain = store.put(write(tmp_path / "арыз.pdf", pdf_bytes()))
    flagged = store.put(
        write(tmp_path / "cv.pdf", build_pdf({1: catalog(b"/OpenAction 4 0 R"), **PAGES, 4: JAVASCRIPT}))
    )
    with pytest.raises(applications.UnconfirmedActiveContent, match=re.escape("“cv.pdf” contains JavaScript code")):
        db.run(applications.add_documents, registered.application_id, "application", [plain, flagged])
    with db.uow() as uow:
        assert applications.get_application(uow, registered.application_id).documents == ()  # all or none
    done = db.run(
        applications.add_documents, registered.application_id, "application", [plain, flagged], confirmed=True
    )
    assert len(done.value) == 2


def test_names_spelled_by_chance_inside_a_stream_are_not_active_content(store: DocumentStore, tmp_path: Path) -> None:
    """A scan's image bytes spell "/JS " or "/AA " now and then; only dictionaries, outside stream bodies, count."""
    body = b"\xff\xd8 /JS (x) /AA << >> /OpenAction << /S /Launch >> \xff\xd9"
    image = b"<< /Type /XObject /Subtype /Image /Length %d >>\nstream\n%s\nendstream" % (len(body), body)
    data = build_pdf({1: catalog(), **PAGES, 4: image})
    assert store.put(write(tmp_path / "scan.pdf", data)).warning == ""


def test_a_stream_whose_length_hides_an_object_is_searched(store: DocumentStore, tmp_path: Path) -> None:
    """An indirect /Length leaves the scan to find "endstream": an object tucked before it is not skipped."""
    hiding = b"<< /Length 9 0 R >>\nstream\nxx\nendobj\n5 0 obj\n" + JAVASCRIPT + b"\nendobj\n% endstream"
    data = build_pdf({1: catalog(b"/OpenAction 5 0 R"), **PAGES, 4: hiding})
    assert "JavaScript code" in store.put(write(tmp_path / "cv.pdf", data)).warning

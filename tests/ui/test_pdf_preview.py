"""The PDF preview: printing through a QPrinter (to a PDF file here), saving a copy, and what it says when no
system viewer is installed."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen import canvas

from ui.context import AppContext
from ui.widgets.pdf_preview import PdfPreview
from ui.widgets.pdf_print import pages_to_print

#: the source document's pages: portrait A4, except page 3 (landscape A4) and page 5 (A5)
SIZES = [A4, A4, landscape(A4), A4, A5]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.pdf"
    pdf = canvas.Canvas(str(path))
    for number, size in enumerate(SIZES, start=1):
        pdf.setPageSize(size)
        pdf.setFont("Helvetica-Bold", 48)
        pdf.drawString(72, size[1] / 2, f"Page {number}")
        pdf.rect(36, 36, size[0] - 72, size[1] - 72)
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture
def preview(qtbot: QtBot, ctx: AppContext, source: Path) -> PdfPreview:
    widget = PdfPreview(source, "Protocol", tasks=ctx.tasks)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def darkest(page: pypdf.PageObject) -> int:
    """The darkest grey level among the page's images (255: blank paper)."""
    images = list(page.images)
    assert images, "a printed page holds its rendered image"
    levels = [Image.open(io.BytesIO(image.data)).convert("L").getextrema() for image in images]
    return min(int(low) for low, _high in levels)  # type: ignore[arg-type]


def test_pages_to_print_honours_range_copies_collation_and_order() -> None:
    assert pages_to_print(5) == [0, 1, 2, 3, 4]
    assert pages_to_print(5, [(2, 3), (5, 9)]) == [1, 2, 4]
    assert pages_to_print(3, [(2, 3)], copies=2) == [1, 2, 1, 2]
    assert pages_to_print(3, [(2, 3)], copies=2, collate=False) == [1, 1, 2, 2]
    assert pages_to_print(3, last_first=True) == [2, 1, 0]
    assert pages_to_print(3, [(7, 9)]) == []


def test_printing_a_page_range_to_a_pdf_file(qtbot: QtBot, preview: PdfPreview, tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 5)
    printer.setCopyCount(1)
    job = preview.print_to(printer)
    assert job is not None and not preview.print_button.isEnabled()  # one print at a time
    with qtbot.waitSignal(job.finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [4]
    assert preview.print_button.isEnabled() and preview.print_job is None
    assert str(out) in preview.message.text()

    pages = pypdf.PdfReader(out).pages
    assert len(pages) == 4
    # each page on a sheet of its own orientation; the A5 page keeps its real size on A4 paper
    assert [(round(p.mediabox.width), round(p.mediabox.height)) for p in pages] == [
        (595, 842),
        (842, 595),
        (595, 842),
        (595, 842),
    ]
    assert all(darkest(page) < 64 for page in pages)  # the text and frame are there, not blank paper
    a4_image = next(iter(pages[0].images)).image
    a5_image = next(iter(pages[3].images)).image
    assert a4_image is not None and a5_image is not None
    assert a5_image.width < a4_image.width * 0.75


def test_uncollated_copies_repeat_each_page(qtbot: QtBot, preview: PdfPreview, tmp_path: Path) -> None:
    out = tmp_path / "copies.pdf"
    printer = pdf_printer(out)
    printer.setFromTo(1, 2)
    printer.setCopyCount(2)
    printer.setCollateCopies(False)
    assert not printer.supportsMultipleCopies()  # so the app makes the copies
    job = preview.print_to(printer)
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert len(pypdf.PdfReader(out).pages) == 4


def test_printing_can_be_cancelled(qtbot: QtBot, preview: PdfPreview, tmp_path: Path) -> None:
    job = preview.print_to(pdf_printer(tmp_path / "cancelled.pdf"))
    assert job is not None and preview.progress is not None
    with qtbot.waitSignal(job.cancelled):
        preview.progress.canceled.emit()  # what its Cancel button does
    assert preview.print_job is None and preview.progress is None
    assert preview.print_button.isEnabled()
    assert preview.message.text() == "Printing was cancelled."


def test_an_empty_range_is_said_not_printed(preview: PdfPreview, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "none.pdf")
    printer.setFromTo(7, 9)
    preview.print_to(printer)
    assert preview.print_job is None and preview.print_button.isEnabled()
    assert "no pages to print" in preview.message.text()


def test_ctrl_p_opens_the_print_dialog_without_blocking(qtbot: QtBot, preview: PdfPreview) -> None:
    preview.activateWindow()
    qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = preview.dialog
    assert isinstance(dialog, QPrintDialog) and dialog.isVisible()
    assert (dialog.minPage(), dialog.maxPage()) == (1, 5)
    dialog.reject()
    assert preview.print_job is None


def test_save_as_copies_the_file(qtbot: QtBot, preview: PdfPreview, source: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "copy.pdf"
    target.parent.mkdir()
    preview.save_copy(target)
    qtbot.waitUntil(lambda: preview.save_button.isEnabled())
    assert target.read_bytes() == source.read_bytes()
    assert preview.message.text() == f"Saved: {target}"


def test_save_as_into_a_missing_folder_says_why(qtbot: QtBot, preview: PdfPreview, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "copy.pdf"
    preview.save_copy(target)
    qtbot.waitUntil(lambda: preview.save_button.isEnabled())
    assert not target.exists()
    assert preview.message.text().startswith(f"Could not save {target}:")


def test_no_system_viewer_says_where_the_file_is(
    preview: PdfPreview, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def open_url(url: object) -> bool:
        opened.append(str(url))
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    assert preview.message.isHidden()
    preview.open_button.click()
    assert opened and preview.message.isVisible()
    assert "No program to open PDF files" in preview.message.text()
    assert str(source) in preview.message.text()

    preview.folder_button.click()
    assert "folder could not be opened" in preview.message.text() and str(source) in preview.message.text()


def test_the_file_dialog_speaks_kyrgyz(qtbot: QtBot) -> None:
    """Qt has no Kyrgyz: without the app's own texts a Kyrgyz screen read "Look in:" beside "Открыть"."""
    from osgo_desktop import i18n
    from ui.widgets.file_dialog import file_dialog

    with i18n.language("ky"):
        dialog = file_dialog(None, "Скан", "PDF (*.pdf)")
    qtbot.addWidget(dialog)
    assert dialog.labelText(QFileDialog.DialogLabel.LookIn) == "Папка:"
    assert dialog.labelText(QFileDialog.DialogLabel.FileType) == "Файлдын түрү:"
    assert dialog.labelText(QFileDialog.DialogLabel.Accept) == "Ачуу"
    assert dialog.labelText(QFileDialog.DialogLabel.Reject) == "Жокко чыгаруу"

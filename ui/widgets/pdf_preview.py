"""A window that shows a generated PDF (QtPdf) and prints it, saves a copy, or opens it in the system viewer or its
folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from PySide6.QtCore import QMarginsF, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QPageLayout, QPageSize, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QProgressDialog, QPushButton, QVBoxLayout, QWidget

from osgo_desktop import private_files
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from ui.tasks import Cancelled, Progress, TaskRunner
from ui.widgets.file_dialog import file_dialog
from ui.widgets.pdf_print import PdfPrintJob, printer_pages
from ui.widgets.screen import resize_to_screen


def open_in_system(path: Path) -> bool:
    """Ask the desktop to open ``path`` (a file in its viewer, a folder in the file manager); False when it could
    not (nothing is installed for it)."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


class PdfPreview(QWidget):
    """A top-level preview of ``path``; closing it leaves the file where it is. Printing and saving run through
    ``tasks`` (the app's :class:`TaskRunner`, so that quitting waits for them; a private one when not given).

    What the user asked for and what went wrong (no viewer installed, a printer that would not start) is said in
    :attr:`message`, a line above the page; the file's path is always written under the buttons."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.title = title
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.setWindowTitle(title)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.location = QLabel(str(path), self)
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setToolTip(_("Where the file is"))
        self.location.setStyleSheet("color:#5a6470;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.print_button = QPushButton(_("Print…"), self)
        self.save_button = QPushButton(_("Save as…"), self)
        self.open_button = QPushButton(_("Open in the system viewer"), self)
        self.folder_button = QPushButton(_("Show folder"), self)
        self.print_button.setObjectName("primary")  # what a preview is for, most of the time
        self.print_button.setDefault(True)
        print_keys = QKeySequence(QKeySequence.StandardKey.Print)
        save_keys = QKeySequence(QKeySequence.StandardKey.Save)
        self.print_button.setToolTip(print_keys.toString(QKeySequence.SequenceFormat.NativeText))
        self.save_button.setToolTip(save_keys.toString(QKeySequence.SequenceFormat.NativeText))
        self.print_button.clicked.connect(self.open_print_dialog)
        self.save_button.clicked.connect(self.open_save_dialog)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.location)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        QShortcut(print_keys, self, self.open_print_dialog)
        QShortcut(save_keys, self, self.open_save_dialog)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        #: kept between prints so that the printer, copies and range chosen last are offered again
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        # The documents carry their own margins: print them at their real size, inside what the printer can reach.
        self.printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        self.printer.setDocName(title)
        self.print_job: PdfPrintJob | None = None
        self.progress: QProgressDialog | None = None
        self.dialog: QWidget | None = None
        self._save_target = path

        resize_to_screen(self, 820, 1000)
        self.document.load(str(path))

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color:#b00020;" if error else "color:#1b5e20;")
        self.message.show()

    # --- printing --------------------------------------------------------------------------------------------------
    def open_print_dialog(self) -> QPrintDialog | None:
        """The system print dialog (not blocking); printing starts when the user confirms it."""
        if self.print_job is not None or self.page_count == 0:
            return None
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(_("Print {title}").format(title=self.title))
        dialog.setMinMax(1, self.page_count)
        option = QAbstractPrintDialog.PrintDialogOption
        dialog.setOptions(
            option.PrintPageRange | option.PrintCurrentPage | option.PrintCollateCopies | option.PrintShowPageSize
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.print_to(self.printer))
        self.dialog = dialog
        # QDialog.open(), which PySide hides behind QPrintDialog.open(receiver, member): window-modal, not blocking
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    def print_to(self, printer: QPrinter) -> PdfPrintJob | None:
        """Print the pages, copies and order chosen in ``printer`` (see :mod:`ui.widgets.pdf_print`), page by page
        with a progress dialog that cancels. Returns the running job (None when one already runs)."""
        if self.print_job is not None:
            return None
        current = self.view.pageNavigator().currentPage()
        pages = printer_pages(printer, self.page_count, current)
        sizes = [self.document.pagePointSize(index) for index in range(self.page_count)]
        job = PdfPrintJob(self.path, printer, pages, sizes, self.tasks, self)
        progress = QProgressDialog(_("Printing…"), _("Cancel"), 0, max(1, len(pages)), self)
        progress.setWindowTitle(_("Print {title}").format(title=self.title))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        progress.setMinimumWidth(360)  # the label's numbers change; the dialog should not jump
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(job.cancel)
        job.progressed.connect(self._on_print_job_progressed)
        job.finished.connect(self._on_print_job_finished)
        job.failed.connect(self._on_print_job_failed)
        job.cancelled.connect(self._on_print_job_cancelled)
        self.print_job = job
        self.progress = progress
        self.print_button.setEnabled(False)
        job.start()
        return job

    def _on_print_job_progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setLabelText(_("Printing page {done} of {total}…").format(done=done, total=total))
            self.progress.setValue(done)

    def _on_print_job_finished(self, _sheets: int) -> None:
        printer = self._end_print_job()
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
            self.show_message(_("Printed to the file: {path}").format(path=printer.outputFileName()))
        elif printer.printerName():
            self.show_message(_("Sent to the printer: {printer}").format(printer=printer.printerName()))
        else:
            self.show_message(_("Sent to the printer."))

    def _on_print_job_failed(self, exc: BaseException) -> None:
        self._end_print_job()
        if not isinstance(exc, KnownError):
            raise exc  # a bug: the app's exception hook shows it with its details
        self.show_message(str(exc), error=True)

    def _on_print_job_cancelled(self) -> None:
        self._end_print_job()
        self.show_message(_("Printing was cancelled."))

    def _end_print_job(self) -> QPrinter:
        job = self.print_job
        assert job is not None
        self.print_job = None
        if self.progress is not None:
            self.progress.canceled.disconnect(job.cancel)  # closing the dialog below must not cancel a finished job
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        job.deleteLater()
        self.print_button.setEnabled(True)
        return job.printer

    # --- saving a copy ---------------------------------------------------------------------------------------------
    def suggested_name(self) -> str:
        if self.path.suffix.lower() == ".pdf":
            return self.path.name
        name = re.sub(r'[\\/:*?"<>|\s]+', "-", self.title).strip("-.") or "document"
        return name if name.lower().endswith(".pdf") else f"{name}.pdf"

    def open_save_dialog(self) -> QFileDialog:
        """Where to save a copy (not blocking); the copy is written when the user confirms."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = file_dialog(
            self,
            _("Save the PDF as"),
            _("PDF files (*.pdf)"),
            directory=str(Path(folder) / self.suggested_name()),
            save=True,
        )
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.save_copy(Path(name)))
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_copy(self, target: Path) -> None:
        """Copy the PDF to ``target`` in the background (whole or not at all); say where it went, or why not."""
        source = self.path
        if target.resolve() == source.resolve():
            self.show_message(_("Saved: {path}").format(path=target))
            return

        def work(progress: Progress) -> Path:
            progress(0.0)
            partial = target.with_name(target.name + ".part")
            if not private_files.create_private(partial):  # owner-only from the start: it names applicants
                private_files.make_private(partial)
            shutil.copyfile(source, partial)
            partial.replace(target)
            return target

        self._save_target = target
        self.save_button.setEnabled(False)
        task = self.tasks.run(work, self._on_save_finished, self._on_save_failed, name="save as")
        task.done.connect(self._on_save_done)

    def _on_save_finished(self, target: Path) -> None:
        self.show_message(_("Saved: {path}").format(path=target))

    def _on_save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if not isinstance(exc, OSError):
            raise exc  # a bug: the app's exception hook shows it with its details
        reason = exc.strerror or str(exc)
        self.show_message(
            _("Could not save {path}: {reason}").format(path=self._save_target, reason=reason), error=True
        )

    def _on_save_done(self) -> None:
        self.save_button.setEnabled(True)

    # --- the system viewer -----------------------------------------------------------------------------------------
    def _on_open_clicked(self) -> None:
        if not open_in_system(self.path):
            self.show_message(
                _(
                    "No program to open PDF files was found on this computer: install a PDF viewer, or print from "
                    "this window. The file is here: {path}"
                ).format(path=self.path),
                error=True,
            )

    def _on_folder_clicked(self) -> None:
        if not open_in_system(self.path.parent):
            self.show_message(
                _("The folder could not be opened. The file is here: {path}").format(path=self.path),
                error=True,
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.print_job is not None:
            self.print_job.cancel()
        super().closeEvent(event)

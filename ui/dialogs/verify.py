"""Check an election record: an observer opens an exported zip and sees whether everything in it holds.

The check is ``osgo_desktop.verifier.record.verify_record`` — the one ``osgo verify`` runs — in the background; it
needs no database, so the dialog works before one is open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.i18n import _
from osgo_desktop.verifier.record import VerifyReport, parse_fingerprint, verify_record
from ui.context import AppContext
from ui.widgets.file_dialog import file_dialog
from ui.widgets.screen import fit_to_screen

OK_STYLE = "color:#1b5e20;"
BROKEN_STYLE = "color:#b00020;"
ERROR_STYLE = "color:#b00020;"


class VerifyDialog(QDialog):
    """Choose a record (zip) and, optionally, a paper copy's fingerprint; the verdict shows big, the failures
    below it. Signal ``verified(VerifyReport)`` once a check has finished and is shown."""

    verified = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: VerifyReport | None = None
        self.chooser: QFileDialog | None = None
        self.path_edit = QLineEdit(self)
        self.path_edit.textChanged.connect(self._on_input_changed)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.fingerprint_edit = QLineEdit(self)
        self.fingerprint_edit.textChanged.connect(self._on_input_changed)
        self.fingerprint_error = QLabel(self)
        self.fingerprint_error.setStyleSheet(ERROR_STYLE)
        self.fingerprint_error.setWordWrap(True)
        self.check_button = QPushButton(self)
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.verdict = QLabel(self)
        font = QFont(self.verdict.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.verdict.setFont(font)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.failures = QStringListModel(self)
        self.failure_list = QListView(self)
        self.failure_list.setModel(self.failures)
        self.failure_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.failure_list.setWordWrap(True)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)

        self.path_label = QLabel(self)
        self.fingerprint_label = QLabel(self)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.path_label, path_row)
        form.addRow(self.fingerprint_label, self.fingerprint_edit)
        form.addRow("", self.fingerprint_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.verdict)
        layout.addWidget(self.summary)
        layout.addWidget(self.failure_list, 1)
        fit_to_screen(self, 820, 560)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        self._on_input_changed()

    def set_record(self, path: Path | str) -> None:
        self.path_edit.setText(str(path))

    def _on_browse_clicked(self) -> None:
        dialog = file_dialog(self, _("Election record"), _("Election records (*.zip);;All files (*)"))
        dialog.fileSelected.connect(self.set_record)
        self.chooser = dialog
        dialog.open()

    def _on_input_changed(self) -> None:
        self.fingerprint_error.clear()
        self.check_button.setEnabled(bool(self.path_edit.text().strip()))

    def _on_check_clicked(self) -> None:
        path = Path(self.path_edit.text().strip())
        fingerprint = self.fingerprint_edit.text().strip() or None
        if fingerprint is not None:
            try:
                parse_fingerprint(fingerprint)
            except ValueError as exc:
                self.fingerprint_error.setText(str(exc))
                return
        self.check_button.setEnabled(False)
        self.verdict.setText(_("Checking…"))
        self.verdict.setStyleSheet("")
        self.summary.clear()
        self.failures.setStringList([])
        self.ctx.run(
            lambda _progress: verify_record(path, fingerprint), self._on_check_finished, self, name="verify-record"
        )

    def _on_check_finished(self, report: VerifyReport) -> None:
        self.report = report
        self.check_button.setEnabled(True)
        self._show_report()
        self.verified.emit(report)

    def _show_report(self) -> None:
        report = self.report
        if report is None:
            self.verdict.clear()
            return
        if report.ok:
            self.verdict.setText(_("Verified"))
            self.verdict.setStyleSheet(OK_STYLE)
        elif not report.readable:  # damaged, a decompression bomb, not a record at all: nothing could be checked
            self.verdict.setText(_("Cannot be checked"))
            self.verdict.setStyleSheet(BROKEN_STYLE)
        else:
            self.verdict.setText(_("Not verified"))
            self.verdict.setStyleSheet(BROKEN_STYLE)
        self.summary.setText("\n".join([report.verdict(), *report.match_lines()]))
        self.failures.setStringList([str(f) for f in report.failures])

    def retranslate(self) -> None:
        self.setWindowTitle(_("Check an election record"))
        self.path_label.setText(_("Record (zip):"))
        self.browse_button.setText(_("Choose…"))
        self.fingerprint_label.setText(_("Fingerprint of a paper copy (optional):"))
        self.fingerprint_edit.setPlaceholderText(_("64 hexadecimal digits, or the text of the QR code"))
        self.check_button.setText(_("Check"))
        self.close_button.setText(_("Close"))
        self._show_report()

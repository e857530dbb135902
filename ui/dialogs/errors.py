"""How errors reach the user: a known one as its translated message, a bug with copyable details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import paths
from osgo_desktop.i18n import _
from ui.widgets.screen import fit_to_screen


def show_message(text: str, parent: QWidget | None = None) -> QMessageBox:
    """A non-blocking message box with ``text`` (a known error: a rule refused, a file is bad)."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("OSGO Desktop"), text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class BugDialog(QDialog):
    """An unexpected error: what happened in plain words, and the details to copy into a report."""

    def __init__(self, exc: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Unexpected error"))
        import traceback  # only when something went wrong

        self.details_text = "".join(traceback.format_exception(exc))
        intro = QLabel(
            _(
                "Something went wrong inside OSGO Desktop. What you had saved is safe in the database. "
                "Please send the details below to whoever supports the app. The log is in {folder}."
            ).format(folder=paths.log_dir()),
            self,
        )
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(self.details_text, self)
        self.details.setReadOnly(True)
        copy = QPushButton(_("Copy details"), self)
        copy.clicked.connect(self._on_copy_clicked)
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(copy)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 700, 420)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text)

"""A window that shows a generated PDF (QtPdf), with buttons to open it in the system viewer or its folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from osgo_desktop.i18n import _


class PdfPreview(QWidget):
    """A top-level preview of ``path``; closing it leaves the file where it is."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(title)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.location = QLabel(str(path), self)
        self.location.setWordWrap(True)
        self.open_button = QPushButton(_("Open in the system viewer"), self)
        self.folder_button = QPushButton(_("Show folder"), self)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.location, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        screen = self.screen().availableGeometry()
        self.resize(min(820, screen.width()), min(1000, screen.height() - 60))
        self.document.load(str(path))

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    def _on_open_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def _on_folder_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))

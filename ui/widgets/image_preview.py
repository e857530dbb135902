"""A window that shows a scanned image (JPEG or PNG), scaled to fit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from ui.widgets.screen import resize_to_screen


class ImagePreview(QWidget):
    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.pixmap = QPixmap(str(path))
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        area = QScrollArea(self)
        area.setWidget(self.label)
        area.setWidgetResizable(True)
        QVBoxLayout(self).addWidget(area)
        resize_to_screen(self, 800, 900)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if not self.pixmap.isNull():
            self.label.setPixmap(
                self.pixmap.scaled(
                    self.width() - 40,
                    self.height() - 40,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        super().resizeEvent(event)

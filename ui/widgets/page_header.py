"""The head of a page that works on one competition: a back button, the title, actions, and the state badge."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QStyle, QWidget


class PageHeader(QHBoxLayout):
    """A layout: ``back_button`` (Alt+Left), ``title``, then whatever :meth:`add_action` adds, then ``state_label``."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__()
        self.back_button = QPushButton(owner)
        self.back_button.setIcon(owner.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.back_button.setShortcut(QKeySequence.StandardKey.Back)
        self.title = QLabel(owner)
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.state_label = QLabel(owner)
        self.state_label.setObjectName("stateBadge")
        self.state_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.addWidget(self.back_button)
        self.addWidget(self.title, 1)
        self.addWidget(self.state_label)

    def add_action(self, widget: QWidget) -> None:
        """A button by the title (before the state badge)."""
        self.insertWidget(self.count() - 1, widget)

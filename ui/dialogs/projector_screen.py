"""Which screen the projector view goes on: every screen with its name and resolution, another one than the main
window's offered first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from osgo_desktop.i18n import _


def default_screen(screens: list[QScreen], current: QScreen | None) -> QScreen | None:
    """The screen to offer first: with two or more, one that is not ``current`` (the main window's)."""
    if not screens:
        return None
    others = [screen for screen in screens if screen is not current]
    return others[0] if len(screens) > 1 and others else screens[0]


def screen_text(screen: QScreen, screens: list[QScreen], current: QScreen | None) -> str:
    """ "Screen 1 (primary), 1366 × 768": numbered as the system lists them, the primary one marked, and the one the
    main window is on. (The system's own name, such as "HDMI-1", is the tooltip's.)"""
    number = screens.index(screen) + 1 if screen in screens else len(screens) + 1
    primary = screen is QGuiApplication.primaryScreen()
    name = (_("Screen {number} (primary)") if primary else _("Screen {number}")).format(number=number)
    size = screen.geometry()
    text = _("{screen}, {width} × {height}").format(screen=name, width=size.width(), height=size.height())
    return _("{screen} (main window)").format(screen=text) if screen is current else text


class ScreenDialog(QDialog):
    """Asks which screen the projector view goes on: every screen with its name and resolution."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Projector screen"))
        current = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        self.screens = QGuiApplication.screens()
        self.prompt = QLabel(_("Show the vote for the audience on:"), self)
        self.list = QListWidget(self)
        for screen in self.screens:
            item = QListWidgetItem(screen_text(screen, self.screens, current), self.list)
            item.setToolTip(" ".join(part for part in (screen.name(), screen.manufacturer(), screen.model()) if part))
            item.setData(Qt.ItemDataRole.UserRole, screen.name())
        chosen = default_screen(self.screens, current)
        if chosen is not None:
            self.list.setCurrentRow(self.screens.index(chosen))
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        # Qt's own button texts have no Kyrgyz
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)

    def selected_screen(self) -> QScreen | None:
        row = self.list.currentRow()
        return self.screens[row] if 0 <= row < len(self.screens) else None

    def _on_list_item_activated(self, _item: QListWidgetItem) -> None:
        self.accept()


def choose_screen(parent: QWidget | None) -> QScreen | None:
    """Ask for the projector's screen (a modal dialog); ``None`` if the user cancelled or there is no screen."""
    dialog = ScreenDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.selected_screen()

"""A window's size: what its content asks for, as far as the screen it opens on allows, its frame included.

One rule for every window and dialog (issue 16: on a 1366 × 768 laptop dialogs opened too small, hiding fields and
buttons, or taller than the screen, hiding OK): :func:`fit_to_screen` sizes a dialog to its size hint — the whole
content — clamped to the screen's available room; a form's fields scroll only where they cannot fit
(``ui.widgets.forms.FormDialog``). :func:`resize_to_screen` gives a window a chosen size, clamped the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QWidget

#: room for the window manager's frame and title bar, and a margin
FRAME_ROOM = (40, 80)


def screen_room(window: QWidget) -> QSize:
    """The largest size ``window`` can take on the screen it opens on, leaving room for its frame."""
    screen = window.screen().availableGeometry()
    return QSize(screen.width() - FRAME_ROOM[0], screen.height() - FRAME_ROOM[1])


def resize_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` × ``height``, or less on a smaller screen (a 1366 × 768 laptop): a window
    that opens taller than the screen hides its status bar and the buttons at its foot."""
    window.resize(QSize(width, height).boundedTo(screen_room(window)))


def fit_to_screen(window: QWidget, width: int = 0, height: int = 0) -> None:
    """Size ``window`` to its content (its size hint), at least ``width`` × ``height`` where the screen allows, and
    never larger than the screen it opens on.

    Done now and again as the window is first shown, when its style, fonts and texts are final and before it is
    placed (a dialog centres itself on its parent with that size): it opens at its size instead of growing in front
    of the user. Called again (a form dialog's subclass asking for more room than its base), the last call's size
    counts."""
    fitter = window.findChild(_FitOnShow, _FitOnShow.NAME)
    if fitter is None:
        fitter = _FitOnShow(window)
        window.installEventFilter(fitter)
    fitter.least = QSize(width, height)
    fitter.fit()


class _FitOnShow(QObject):
    """Fits its window to the screen, and once more on the first show (the event reaches a filter before the
    window's own handler)."""

    NAME = "fitToScreen"

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName(self.NAME)
        self.window = window
        self.least = QSize(0, 0)

    def fit(self) -> None:
        hint = self.window.sizeHint().expandedTo(self.least).expandedTo(self.window.minimumSizeHint())
        self.window.resize(hint.boundedTo(screen_room(self.window)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            self.fit()
        return False

"""A window's first size: what it asks for, as far as the screen it opens on allows, its frame included."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

#: room for the window manager's frame and title bar, and a margin
FRAME_ROOM = (40, 80)


def resize_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` × ``height``, or less on a smaller screen (a 1366 × 768 laptop): a window
    that opens taller than the screen hides its status bar and the buttons at its foot."""
    screen = window.screen().availableGeometry()
    window.resize(min(width, screen.width() - FRAME_ROOM[0]), min(height, screen.height() - FRAME_ROOM[1]))

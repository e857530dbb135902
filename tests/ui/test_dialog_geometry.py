"""Issue 16: on a 1366 × 768 laptop (and a 1280 × 720 screen) every dialog opens with its fields and buttons in
sight, without scrolling where they fit, and never runs off the screen.

Each screen size is its own process (the offscreen platform's screen is set once, as the application starts): a
child pytest runs ``dialogs_on_screen`` on a screen of that size, made by the platform's ``configfile`` option.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout
from pytestqt.qtbot import QtBot

from ui.widgets.screen import FRAME_ROOM, fit_to_screen

ROOT = Path(__file__).resolve().parents[2]
CHILD = "tests/ui/dialogs_on_screen.py"


@pytest.mark.slow
@pytest.mark.parametrize("width,height", [(1366, 768), (1280, 720)])
def test_every_dialog_fits_the_screen(tmp_path: Path, width: int, height: int) -> None:
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}), encoding="utf-8")
    env = {**os.environ, "OSGO_TEST_SCREEN_CONFIG": str(config)}
    child = subprocess.run(
        # its own temporary directory: the shared one's clean-up races with other pytest runs on the machine
        [sys.executable, "-m", "pytest", "-q", "--tb=short", f"--basetemp={tmp_path / 'child'}", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert child.returncode == 0, child.stdout[-8000:] + child.stderr[-2000:]
    assert " passed" in child.stdout and "skipped" not in child.stdout


def test_a_dialog_gets_its_content_size_and_never_more_than_the_screen(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    QVBoxLayout(dialog).addWidget(QLabel("x" * 40))
    fit_to_screen(dialog, 300, 100)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.size().toTuple() == (max(300, dialog.sizeHint().width()), max(100, dialog.sizeHint().height()))
    screen = dialog.screen().availableGeometry()
    fit_to_screen(dialog, 5000, 5000)  # asks for more than the screen has
    assert dialog.size().toTuple() == (screen.width() - FRAME_ROOM[0], screen.height() - FRAME_ROOM[1])


def test_the_size_asked_for_last_counts_at_the_first_show(qtbot: QtBot) -> None:
    """A form dialog fits itself; a subclass asking for more room (a second call) is what the first show uses."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    fit_to_screen(dialog)
    fit_to_screen(dialog, 420, 0)
    dialog.resize(100, 100)  # a size taken while the dialog was built
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() == 420

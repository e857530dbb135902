"""Render the README's screenshots from the demo (offscreen Qt, no display needed).

python tools/screenshots.py [OUT_DIR]    # default: docs/

``start_app`` and ``open_window`` are shared with ``tools/guide_screenshots.py`` (the guide's pictures).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OSGO_HOME", tempfile.mkdtemp(prefix="osgo-shots-"))

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from osgo_desktop import i18n
from osgo_desktop.clock import SystemClock
from osgo_desktop.services import demo
from osgo_desktop.storage.quick import default_url
from osgo_desktop.storage.uow import Database
from ui.app import load_fonts, load_style
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import Settings

#: the screen of the README's pictures
WIDTH, HEIGHT = 1280, 720


def offscreen_platform(width: int, height: int) -> str:
    """Qt's offscreen platform with one screen of ``width`` × ``height``. Its own screen is 800 × 800, and the
    main window opens maximised on the screen it is on (dialogs are fitted to it): the pictures would show that."""
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config = Path(tempfile.mkdtemp(prefix="osgo-screen-")) / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


def start_app(width: int = WIDTH, height: int = HEIGHT) -> QApplication:
    """The application with the app's fonts and style sheet, as ``ui.app.main`` sets it up; offscreen on a screen
    of ``width`` × ``height`` unless QT_QPA_PLATFORM names a platform (``xcb`` under Xvfb)."""
    os.environ.setdefault("QT_QPA_PLATFORM", offscreen_platform(width, height))
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    load_fonts(app)
    load_style(app)
    return app


def open_window(db: Database, width: int, height: int) -> tuple[AppContext, MainWindow]:
    """The main window on ``db`` (a demo), shown at ``width`` × ``height``, with settings of its own."""
    settings = Settings(QSettings(str(Path(os.environ["OSGO_HOME"]) / "s.ini"), QSettings.Format.IniFormat))
    ctx = AppContext(db, settings, db.clock, demo=True)
    window = MainWindow(ctx)
    window.resize(width, height)
    window.show()
    return ctx, window


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = start_app(WIDTH, HEIGHT)
    db = Database.open(default_url(demo=True), SystemClock())
    with db.uow() as uow:
        if demo.is_empty(uow):
            demo.load_demo(uow, store=db.document_store())
    ctx, window = open_window(db, WIDTH, HEIGHT)
    for lang in ("ky", "ru", "en"):
        i18n.set_language(lang)
        window.show_competitions()
        app.processEvents()
        window.grab().save(str(out / f"screenshot-{lang}.png"))
        first = window.competitions_page.model.rows()[-1].id
        window.open_competition(first)
        app.processEvents()
        window.grab().save(str(out / f"competition-{lang}.png"))
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

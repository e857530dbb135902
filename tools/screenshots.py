"""Render the README's screenshots from the demo (offscreen Qt, no display needed).

python tools/screenshots.py [OUT_DIR]    # default: docs/

``start_app`` and ``open_window`` are shared with ``tools/guide_screenshots.py`` (the guide's pictures).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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


def start_app() -> QApplication:
    """The application with the app's fonts and style sheet, as ``ui.app.main`` sets it up."""
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
    app = start_app()
    db = Database.open(default_url(demo=True), SystemClock())
    with db.uow() as uow:
        if demo.is_empty(uow):
            demo.load_demo(uow, store=db.document_store())
    ctx, window = open_window(db, 1280, 720)
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

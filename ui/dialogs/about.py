"""The About box."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from osgo_desktop import __version__
from osgo_desktop.i18n import _


def about_text(db_url: str) -> str:
    return _(
        "<h3>OSGO Desktop {version}</h3>"
        "<p>Runs the competitions of the selection Commission of the public councils of state bodies of the "
        "Kyrgyz Republic: announcements, applications, screening, rating votes and protocols — offline.</p>"
        "<p>Database: {db}</p>"
        "<p>Fonts: PT Sans and PT Serif (ParaType, SIL Open Font License).</p>"
    ).format(version=__version__, db=db_url)


def show_about(parent: QWidget, db_url: str) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _("About OSGO Desktop"),
        about_text(db_url),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.open()
    return box

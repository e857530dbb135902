"""The user guide (Help » Guide, F1): one short page per screen, in Kyrgyz, Russian and English.

The pages are content, not gettext strings: HTML under ``resources/guide/<lang>/`` with the screenshots
``tools/guide_screenshots.py`` makes from the real app in ``resources/guide/<lang>/img/``. Every language has the
same pages and the same anchors (a test holds it), so F1 opens the page of the screen the user is on in the UI's
language, and a change of language keeps the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Final

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from osgo_desktop import i18n
from osgo_desktop.i18n import _
from ui.context import AppContext
from ui.widgets.screen import resize_to_screen

#: the guide's pages (a file ``<section>.html`` in each language), in the order of its contents
SECTIONS: Final = (
    "index",
    "competitions",
    "competition",
    "applications",
    "screening",
    "voting",
    "protocols",
    "record",
    "compositions",
    "people",
)
#: the page of the main window on screen (``Workspace.current_page_name``) → the guide's section for it (F1)
PAGE_SECTIONS: Final[Mapping[str, str]] = {
    "competitions": "competitions",
    "competition": "competition",
    "applications": "applications",
    "screening": "screening",
    "voting": "voting",
    "protocols": "protocols",
    "compositions": "compositions",
}
#: a dialog of its own (its class's name) → the guide's section for it: F1 there opens the guide over it
DIALOG_SECTIONS: Final[Mapping[str, str]] = {
    "SignInDialog": "people#sign-in",
    "FirstAdministratorDialog": "people#first-start",
    "AccountsDialog": "people#accounts",
    "ConnectDialog": "people#meeting-room",
    "BackupDialog": "people#backup",
    "RestoreDialog": "people#backup",
    "PersonalDataDialog": "people#personal",
}
CONTENTS: Final = "index"


def guide_root() -> Path:
    """The folder of the guide's languages (a real folder in the source and in an installed package)."""
    return Path(str(resources.files("resources").joinpath("guide")))


def section_url(lang: str, section: str) -> QUrl:
    """The URL of ``section`` ("voting" or "voting#entry") in the guide of ``lang``."""
    page, _sep, anchor = section.partition("#")
    url = QUrl.fromLocalFile(str(guide_root() / lang / f"{page}.html"))
    if anchor:
        url.setFragment(anchor)
    return url


def section_for_page(page: str | None) -> str:
    """The guide's section for the page of the main window named ``page`` (the contents for any other)."""
    return PAGE_SECTIONS.get(page or "", CONTENTS)


def offer_guide(ctx: AppContext, dialog: QDialog) -> None:
    """F1 in ``dialog`` (one of :data:`DIALOG_SECTIONS`) opens the guide at its section. The main window's F1 does
    not reach a dialog, and the main window's guide would sit blocked behind a modal one (the sign-in form blocks
    every other window), so the dialog gets a guide of its own, over it; it closes with the dialog."""
    section = DIALOG_SECTIONS[type(dialog).__name__]
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), dialog)
    shortcut.activated.connect(lambda: open_guide_over(ctx, dialog, section))


def open_guide_over(ctx: AppContext, dialog: QDialog, section: str) -> GuideDialog:
    """The guide at ``section`` over ``dialog`` (made the first time), brought to the front."""
    guide = dialog.findChild(GuideDialog)
    if guide is None:
        guide = GuideDialog(ctx, dialog)
    guide.show_section(section)
    if guide.isVisible():  # behind the dialog: brought to the front
        guide.raise_()
        guide.activateWindow()
    else:
        guide.show()
    return guide


class GuideDialog(QDialog):
    """The guide in a browser with Back, Forward and Contents; it follows the UI's language, staying on its page.
    Not modal: the user reads it beside the screen it explains."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.forward_button = QPushButton(self)
        self.forward_button.clicked.connect(self.browser.forward)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.contents_button = QPushButton(self)
        self.contents_button.clicked.connect(lambda: self.show_section(CONTENTS))
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        self.back_button.setEnabled(False)
        self.forward_button.setEnabled(False)

        bar = QHBoxLayout()
        for button in (self.back_button, self.forward_button, self.contents_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        resize_to_screen(self, 1040, 760)
        ctx.language_changed.connect(self._on_ctx_language_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Guide — OSGO Desktop"))
        self.back_button.setText(_("Back"))
        self.forward_button.setText(_("Forward"))
        self.contents_button.setText(_("Contents"))
        self.close_button.setText(_("Close"))

    def show_section(self, section: str) -> None:
        """Open ``section`` ("voting", "voting#entry") in the UI's language."""
        self.browser.setSource(section_url(i18n.current_language(), section))

    def current_section(self) -> str:
        """The page on screen, as :func:`show_section` takes it: its name and, if it has one, its anchor."""
        source = self.browser.source()
        page = Path(source.toLocalFile()).stem
        return f"{page}#{source.fragment()}" if source.hasFragment() else page

    def current_language(self) -> str:
        """The language of the page on screen (the name of its folder)."""
        return Path(self.browser.source().toLocalFile()).parent.name

    def _on_ctx_language_changed(self, _lang: str) -> None:
        self.retranslate()
        if not self.browser.source().isEmpty():
            self.show_section(self.current_section())

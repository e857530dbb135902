"""Make the user guide's screenshots from the real app on the demo, at 1366 × 768, in Kyrgyz, Russian and English.

python tools/guide_screenshots.py [GUIDE_DIR]    # default: resources/guide/ (writes <lang>/img/<name>.png)

Offscreen Qt on a screen of 1366 × 768 unless QT_QPA_PLATFORM says otherwise (``QT_QPA_PLATFORM=xcb DISPLAY=:95``
under Xvfb). The demo is made afresh in a temporary folder on a fixed day, so running it again gives the same
pictures (the guide's pages name what they show: 2026/01 taking applications, 2026/04 screened, then voted; the
sign-in form and the accounts of the demo). Each
picture is scaled to :data:`STORED_WIDTH` and reduced to a palette of 256 colours, to keep the package small.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import tempfile
from pathlib import Path

os.environ["OSGO_HOME"] = tempfile.mkdtemp(prefix="osgo-guide-shots-")  # never the user's own demo

from PIL import Image
from PySide6.QtCore import QBuffer, QEventLoop, QIODevice, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from screenshots import open_window, start_app
from sqlalchemy import select

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import accounts, demo, export, voting
from osgo_desktop.storage import models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from ui.context import AppContext
from ui.dialogs.accounts import AccountsDialog
from ui.dialogs.sign_in import SignInDialog
from ui.dialogs.verify import VerifyDialog
from ui.main_window import MainWindow
from ui.widgets import questions

# Every question is answered yes (dropping a paper left half typed): a modal box would wait forever offscreen.
questions.ask = lambda *_args: True

#: the screen the guide is written for: the secretariat's laptop
WIDTH, HEIGHT = 1366, 768
#: the width a picture is stored at (the guide shows it at this size)
STORED_WIDTH = 960
LANGUAGES = ("ky", "ru", "en")
#: the day the demo is made on (the demo dates everything from it)
DAY = dt.date(2026, 11, 23)
#: the papers of round 1 entered on the entry screen's picture: both sides have done seven, the counting commission
#: read the seventh otherwise (a disagreement to settle); the secretariat types the eighth
ENTERED = 7


class Shots:
    """Saves pictures of widgets as ``<guide>/<lang>/img/<name>.png``."""

    def __init__(self, app: QApplication, guide: Path) -> None:
        self.app = app
        self.guide = guide
        self.lang = LANGUAGES[0]

    def save(self, widget: QWidget, name: str) -> None:
        self.app.processEvents()
        image = widget.grab().toImage()
        if image.width() > STORED_WIDTH:
            image = image.scaledToWidth(STORED_WIDTH, Qt.TransformationMode.SmoothTransformation)
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        picture = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
        folder = self.guide / self.lang / "img"
        folder.mkdir(parents=True, exist_ok=True)
        picture.quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            folder / f"{name}.png", optimize=True
        )


def competition_id(db: Database, number: str) -> int:
    with db.uow() as uow:
        return uow.session.scalars(select(models.Competition.id).where(models.Competition.number == number)).one()


def sign_in(db: Database, login: str) -> None:
    """Act as the demo's account ``login`` (README's table), as after its sign-in form."""
    password = next(account[1] for account in demo.DEMO_ACCOUNTS if account[0] == login)
    db.principal = db.run(accounts.sign_in, login, password).value


def demo_database(folder: Path, full: bool) -> Database:
    """The demo, the secretary signed in (the pictures show what the secretariat sees and may do)."""
    db = Database.open(sqlite_url(folder / ("full.sqlite" if full else "demo.sqlite")), FixedClock.on(DAY))
    with db.uow() as uow:
        demo.load_demo(uow, store=db.document_store(), full=full)
    sign_in(db, "secretary")
    return db


def before_the_vote(shots: Shots, folder: Path) -> None:
    """The start screen, a competition taking applications, its applications, the screening of 2026/04 and the
    form that opens its vote."""
    db = demo_database(folder, full=False)
    ctx, window = open_window(db, WIDTH, HEIGHT)
    intake, screened = competition_id(db, "2026/01"), competition_id(db, "2026/04")
    ws = window.ws
    for lang in LANGUAGES:
        ctx.set_language(lang)
        shots.lang = lang
        window.show_competitions()
        shots.save(window, "competitions")
        window.open_competition(intake)
        shots.save(window, "competition")
        ws.open_applications(intake)
        page = ws.applications_page
        page.table.selectRow(0)
        shots.save(window, "applications")
        ws.open_screening(screened)
        shots.save(window, "screening")
        window.open_competition(screened)
        dialog = ws.voting_page.open_session(screened)
        dialog.place.setText(demo.SESSION_PLACE[0])
        dialog.place_ru.setText(demo.SESSION_PLACE[1])
        dialog.resize(1000, HEIGHT - 40)
        scroll = dialog.findChild(QScrollArea)
        if scroll is not None:  # who enters the papers, at the foot of the form
            QApplication.processEvents()
            scroll.ensureWidgetVisible(dialog.counting_account)
        shots.save(dialog, "session")
        dialog.reject()
    entry_pictures(shots, ctx, window, db, screened)
    people_pictures(shots, ctx, window, db)
    ctx.close()


def entry_pictures(shots: Shots, ctx: AppContext, window: MainWindow, db: Database, competition: int) -> None:
    """The session open, papers being entered: the entry screen of the secretariat, and the voting page with a
    disagreement between the two sides."""
    with db.uow() as uow:
        round_id = voting.open_session(uow, competition, demo.demo_session(uow, competition))
        papers = demo.papers_from_votes(demo.FIRST_ROUND_VOTES, 15)
        last = ENTERED - 1
        misread = [*papers[:last], tuple(sorted({*papers[last], 12} - {papers[last][0]}))]
        demo.enter_papers(uow, round_id, Side.SECRETARIAT, papers[:ENTERED])
        demo.enter_papers(uow, round_id, Side.COUNTING, misread)
    window.ws.open_voting(competition)
    page = window.ws.voting_page
    for lang in LANGUAGES:
        ctx.set_language(lang)
        shots.lang = lang
        page.show_competition(competition)
        shots.save(window, "voting-entry")
        entry = page.open_entry()
        assert entry is not None
        entry.resize(WIDTH, HEIGHT)
        entry.who.setCurrentIndex(0)  # the secretariat
        entry.secret.setText(demo.DEMO_SECRETARIAT_PIN)
        entry._on_unlock_clicked()
        assert entry.entry is not None, entry.unlock_message.text()
        entry.entry.serial_edit.setText(str(ENTERED + 1))
        entry.entry.marks_edit.setText(" ".join(str(mark) for mark in papers[ENTERED]))
        entry.entry.stage()
        shots.save(entry, "entry")
        entry.entry.marks_edit.clear()
        entry.entry.serial_edit.clear()
        entry.lock()
        entry.close()


def people_pictures(shots: Shots, ctx: AppContext, window: MainWindow, db: Database) -> None:
    """The demo's sign-in form (it names the administrator's login and password) and the administrator's list of
    accounts (File » Accounts…), the secretary's row selected."""
    sign_in(db, "admin")
    for lang in LANGUAGES:
        ctx.set_language(lang)
        shots.lang = lang
        form = SignInDialog("admin", db.clock, window, demo=True)
        form.show()
        shots.save(form, "sign-in")
        form.close()
        form.deleteLater()
        dialog = AccountsDialog(ctx, window)
        dialog.resize(900, 400)
        dialog.show()
        dialog.select_login("secretary")
        shots.save(dialog, "accounts")
        dialog.close()
        dialog.deleteLater()


def after_the_vote(shots: Shots, folder: Path) -> None:
    """``osgo demo --full``: 2026/04 voted through a runoff, its protocols issued and signed, the record checked;
    the compositions it formed."""
    db = demo_database(folder, full=True)
    ctx, window = open_window(db, WIDTH, HEIGHT)
    voted = competition_id(db, "2026/04")
    with db.uow() as uow:  # the council 2026/04 renewed
        education = uow.session.scalars(select(models.StateBody.id).where(models.StateBody.code == "MES")).one()
    ws = window.ws
    record = folder / "record-2026-04.zip"
    with db.uow() as uow:
        record.write_bytes(export.export_record(uow, db.document_store(), voted))
    for lang in LANGUAGES:
        ctx.set_language(lang)
        shots.lang = lang
        window.open_competition(voted)
        page = ws.voting_page
        page.show_competition(voted)
        page.show_competition(voted, page.round_ids[0])  # round 1, with the tie its runoff settled
        ws.setCurrentWidget(page)
        shots.save(window, "voting")
        ws.open_protocols(voted)
        shots.save(window, "protocols")
        page = ws.open_compositions(education)
        page.tabs.setCurrentIndex(1)  # its vacancy: a member left yesterday
        shots.save(window, "compositions")
        dialog = VerifyDialog(ctx, window)
        dialog.resize(900, 400)
        dialog.show()
        dialog.set_record(record)
        loop = QEventLoop()
        dialog.verified.connect(loop.quit)
        dialog.check_button.click()
        loop.exec()
        shots.save(dialog, "verify")
        dialog.close()
    ctx.close()


def main() -> int:
    guide = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/guide")
    shots = Shots(start_app(WIDTH, HEIGHT), guide)
    with tempfile.TemporaryDirectory(prefix="osgo-guide-") as folder:
        before_the_vote(shots, Path(folder))
        after_the_vote(shots, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

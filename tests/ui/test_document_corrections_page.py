"""Putting a misfiled document right on the intake screen (issue 16, item 1): the type list starts empty, the
context menu and the keyboard reach open / change type / replace / withdraw, the same file twice is asked about."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.intake import IntakeDraft
from osgo_desktop.domain.person import Channel, Education, Nomination, PersonDraft, PublicService, encode_pin
from osgo_desktop.domain.registry import Sex
from osgo_desktop.services import applications
from osgo_desktop.storage.uow import Database
from tests.ui.conftest import Answers
from tests.ui.test_applications_page import page
from ui.dialogs.documents import DocumentTypeDialog, WithdrawDocumentDialog
from ui.pages.applications import ApplicationsPage

__all__ = ["page"]


def _register(db: Database, competition_id: int, surname: str, serial: str) -> int:
    born = dt.date(1979, 5, 14)
    with db.uow() as uow:
        return applications.register_application(
            uow,
            competition_id,
            PersonDraft(
                surname=surname,
                name="Жаркын",
                sex=Sex.FEMALE,
                birth_date=born,
                pin=encode_pin(Sex.FEMALE, born, serial),
                education=Education.HIGHER,
                public_service=PublicService.NONE,
            ),
            IntakeDraft(
                db.clock.local_now() - dt.timedelta(hours=1), Channel.IN_PERSON, Nomination.SELF, received_by="К. М."
            ),
        ).application_id


def _pdf(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n% " + name.encode() + b"\ntrailer<<>>\n%%EOF\n")
    return path


@pytest.fixture
def filed(demo_db: Database, page: ApplicationsPage, tmp_path: Path) -> int:
    """An application with one document, a CV filed as an application letter; its id."""
    assert page.competition_id is not None
    app = _register(demo_db, page.competition_id, "Өмүрбекова", "00003")
    stored = demo_db.document_store().put(_pdf(tmp_path, "cv.pdf"))
    with demo_db.uow() as uow:
        applications.add_document(uow, app, "application", stored)
    page.reload()
    page.select_application(app)
    page.documents.list.setCurrentRow(0)
    return app


def _file(qtbot: QtBot, page: ApplicationsPage, path: Path, code: str) -> None:
    page.doc_type.setCurrentIndex(page.doc_type.findData(code))
    with qtbot.waitSignal(page.ctx.changed, timeout=20000):
        page.add_documents([path])


def test_the_type_list_starts_empty_and_is_emptied_after_each_filing(
    qtbot: QtBot,
    page: ApplicationsPage,
    filed: int,
    tmp_path: Path,
) -> None:
    assert page.doc_type.currentIndex() == -1 and page.doc_type.currentData() is None
    page.add_documents([_pdf(tmp_path, "letter.pdf")])  # no type chosen: nothing is stored or filed
    assert "Choose the type of the documents first." in page.message.text()
    assert page.documents.count() == 1
    _file(qtbot, page, _pdf(tmp_path, "letter.pdf"), "application")
    assert page.documents.count() == 2
    assert page.doc_type.currentIndex() == -1  # the next file's type is chosen afresh, never the last one used


# a popup menu asks the offscreen platform to raise it and grab the keyboard, which it cannot
@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing the keyboard")
def test_the_context_menu_offers_open_change_type_replace_withdraw(
    page: ApplicationsPage,
    filed: int,
) -> None:
    menu = page.documents.context_menu()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Open", "Change type…", "Replace…", "Withdraw the document…"]
    assert all(a.isEnabled() for a in menu.actions())
    shortcuts = [a.shortcut().toString() for a in menu.actions() if not a.isSeparator()]
    assert shortcuts == ["Return", "F2", "Ctrl+R", "Del"]
    assert [b.defaultAction() for b in page.documents.buttons] == [a for a in menu.actions() if not a.isSeparator()]
    item = page.documents.item(0)
    position = page.documents.list.visualItemRect(item).center()
    page.documents.list.customContextMenuRequested.emit(position)  # a right-click
    shown = [m for m in page.documents.findChildren(QMenu) if m.isVisible()]
    assert len(shown) == 1
    shown[0].close()
    page.documents.list.customContextMenuRequested.emit(QPoint(5, 400))  # on no document: no menu
    assert not [m for m in page.documents.findChildren(QMenu) if m.isVisible()]


def test_change_type_by_the_keyboard_and_the_checklist_follows(
    qtbot: QtBot,
    page: ApplicationsPage,
    filed: int,
) -> None:
    assert "CV with photo" in page.checklist.text()
    page.documents.list.setFocus()
    qtbot.keyClick(page.documents.list, Qt.Key.Key_F2)
    dialog = page.dialog
    assert isinstance(dialog, DocumentTypeDialog)
    assert dialog.doc_type.currentIndex() == -1  # none chosen, the current type not offered
    assert dialog.doc_type.findData("application") == -1
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findData("cv_with_photo"))
    dialog.submit()
    assert not dialog.isVisible()
    assert "CV with photo" not in page.checklist.text()
    assert "The type of the document was changed." in page.message.text()
    tooltip = page.documents.item(0).toolTip()
    assert "was filed as The candidate's application; its type was changed to CV with photo" in tooltip


def test_withdraw_needs_a_reason_and_shows_the_document_struck_through(
    page: ApplicationsPage,
    filed: int,
) -> None:
    page.documents.withdraw_action.trigger()
    dialog = page.dialog
    assert isinstance(dialog, WithdrawDocumentDialog)
    dialog.submit()
    assert dialog.isVisible()  # no reason: refused
    dialog.reason.setPlainText("Another applicant's CV")
    dialog.submit()
    assert not dialog.isVisible()
    item = page.documents.item(0)
    assert "withdrawn: Another applicant's CV" in item.text() and item.font().strikeOut()
    assert page.detail is not None and page.detail.row.documents == 0
    page.documents.list.setCurrentRow(0)
    assert page.documents.open_action.isEnabled() and not page.documents.withdraw_action.isEnabled()


def test_replace_keeps_the_old_version_greyed(
    qtbot: QtBot,
    page: ApplicationsPage,
    filed: int,
    tmp_path: Path,
) -> None:
    old = page.documents.current_id()
    assert old is not None
    with qtbot.waitSignal(page.ctx.changed, timeout=20000):
        page.replace_document(old, _pdf(tmp_path, "cv-2.pdf"))
    texts = [page.documents.item(i).text() for i in range(page.documents.count())]
    assert texts[0].startswith("The candidate's application: cv-2.pdf (") and texts[0].endswith(", version 2)")
    assert texts[1].startswith("The candidate's application: cv.pdf (")
    assert texts[1].endswith(", version 1) — replaced by a newer version")
    assert page.documents.item(1).font().strikeOut() and not page.documents.item(0).font().strikeOut()
    assert "was replaced by version 2 (“cv-2.pdf”)" in page.documents.item(1).toolTip()


def test_the_same_file_in_the_competition_is_asked_about_naming_where_it_is(
    qtbot: QtBot,
    page: ApplicationsPage,
    filed: int,
    demo_db: Database,
    answers: Answers,
    tmp_path: Path,
) -> None:
    assert page.competition_id is not None
    other = _register(demo_db, page.competition_id, "Бакирова", "00004")
    page.reload()
    page.select_application(other)
    page.doc_type.setCurrentIndex(page.doc_type.findData("cv_with_photo"))
    page.add_documents([_pdf(tmp_path, "cv.pdf")])  # the same bytes as the first applicant's
    qtbot.waitUntil(lambda: "Nothing was filed." in page.message.text(), timeout=20000)
    assert answers.asked == ["The same file is already filed"]
    assert "2026/01-001 Өмүрбекова Жаркын — The candidate's application (“cv.pdf”)" in answers.texts[0]
    assert page.documents.count() == 0
    answers.yes = True
    _file(qtbot, page, _pdf(tmp_path, "cv.pdf"), "cv_with_photo")
    assert page.documents.count() == 1


def test_the_same_content_chosen_twice_at_once_is_asked_about(
    qtbot: QtBot,
    page: ApplicationsPage,
    filed: int,
    answers: Answers,
    tmp_path: Path,
) -> None:
    first = _pdf(tmp_path, "letter.pdf")
    copy = tmp_path / "letter (copy).pdf"
    copy.write_bytes(first.read_bytes())
    page.doc_type.setCurrentIndex(page.doc_type.findData("recommendation_letter"))
    page.add_documents([first, copy])
    qtbot.waitUntil(lambda: "Nothing was filed." in page.message.text(), timeout=20000)
    assert answers.asked == ["The same file is already filed"]
    assert "“letter (copy).pdf” is the same file as “letter.pdf”" in answers.texts[0]
    assert page.documents.count() == 1

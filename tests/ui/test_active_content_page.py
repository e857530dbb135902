"""Adding a document with active content on the intake screen: the secretariat is asked before it is filed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from osgo_desktop.domain.person import encode_pin
from osgo_desktop.domain.registry import Sex
from tests.integration.test_active_content import JAVASCRIPT, PAGES, build_pdf, catalog
from tests.ui.conftest import Answers
from tests.ui.test_applications_page import page  # noqa: F401
from ui.dialogs.application import ApplicationDialog
from ui.pages.applications import ApplicationsPage


def test_a_pdf_with_javascript_is_filed_only_when_the_secretariat_confirms(
    qtbot: QtBot,
    page: ApplicationsPage,  # noqa: F811
    answers: Answers,
    tmp_path: Path,
) -> None:
    page.register_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ApplicationDialog)
    dialog.surname.setText("Асанов")
    dialog.name.setText("Бакыт")
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.MALE))
    dialog.birth.set_value(dt.date(1970, 1, 1))
    dialog.pin.setText(encode_pin(Sex.MALE, dt.date(1970, 1, 1), "00007"))
    dialog.submit()
    flagged = tmp_path / "cv.pdf"
    flagged.write_bytes(build_pdf({1: catalog(b"/OpenAction 4 0 R"), **PAGES, 4: JAVASCRIPT}))
    page.doc_type.setCurrentIndex(page.doc_type.findData("application"))
    page.add_documents([flagged])
    qtbot.waitUntil(lambda: "Nothing was filed." in page.message.text(), timeout=20000)
    assert answers.asked == ["Active content in a document"]
    assert "“cv.pdf” contains JavaScript code" in answers.texts[0]
    assert page.documents.count() == 0 and page.add_documents_button.isEnabled()
    answers.yes = True
    page.doc_type.setCurrentIndex(page.doc_type.findData("application"))  # chosen afresh each time
    with qtbot.waitSignal(page.ctx.changed, timeout=20000):
        page.add_documents([flagged])
    assert page.documents.count() == 1 and "cv.pdf" in page.documents.item(0).text()

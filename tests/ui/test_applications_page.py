"""The intake screen: register an application through the form, add documents in the background, print."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.person import encode_pin
from osgo_desktop.domain.registry import Sex
from osgo_desktop.services import applications, competitions
from osgo_desktop.storage.uow import Database
from tests.ui.conftest import Answers
from ui.dialogs.application import ApplicationDialog
from ui.dialogs.import_preview import ImportPreviewDialog
from ui.main_window import MainWindow
from ui.pages.applications import ApplicationsPage
from ui.widgets.forms import WARNING_STYLE, FormDialog


def warning_of(dialog: FormDialog, name: str) -> str:
    """The warning beside a field, as shown (in the warning style: not an error)."""
    line = dialog._fields[name][2]
    if line.isHidden() or line.styleSheet() != WARNING_STYLE:
        return ""
    return line.text()


@pytest.fixture
def page(demo_db: Database, window: MainWindow) -> ApplicationsPage:
    with demo_db.uow() as uow:
        announced = next(r.id for r in competitions.list_competitions(uow) if r.state is State.ANNOUNCED)
    window.open_competition(announced)
    window.competition_page.applications_button.click()
    assert window.ws.currentWidget() is window.ws.applications_page
    return window.ws.applications_page


def test_register_through_the_form(qtbot: QtBot, page: ApplicationsPage, qtmodeltester: ModelTester) -> None:
    page.register_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ApplicationDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.surname.setText("Жээнбекова")
    dialog.name.setText("Айжан")
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.FEMALE))
    dialog.sex.activated.emit(dialog.sex.currentIndex())  # the clerk chose it: a PIN will not change it
    dialog.birth.set_value(dt.date(1988, 6, 15))
    dialog.pin.setText("2150619880001")  # 13 digits and the sex digit says male
    assert not ok.isEnabled() and dialog._fields["pin"][2].text()
    dialog.pin.setText(encode_pin(Sex.MALE, dt.date(1988, 6, 15), "00042"))
    assert ok.isEnabled()  # a warning to check, not a block
    assert "sex" in warning_of(dialog, "pin").lower()
    dialog.submit()
    assert not dialog.isVisible()
    assert "Registered as 2026/01-001." in page.message.text()
    rows = page.model.rows()
    assert [r.full_name for r in rows] == ["Жээнбекова Айжан"]
    assert "Still missing" in page.checklist.text()
    qtmodeltester.check(page.model)


def test_a_valid_pin_fills_in_the_sex_and_the_birth_date(page: ApplicationsPage, answers: Answers) -> None:
    page.register_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ApplicationDialog)
    dialog.pin.setText(encode_pin(Sex.MALE, dt.date(1979, 5, 14), "00001"))
    assert dialog.birth.value() == dt.date(1979, 5, 14)
    assert dialog.sex.currentData() == Sex.MALE
    answers.yes = True  # discard the typed PIN
    dialog.reject()
    assert answers.asked == ["Discard the changes?"] and not dialog.isVisible()


def _register_an_applicant(page: ApplicationsPage) -> None:
    page.register_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ApplicationDialog)
    dialog.surname.setText("Асанов")
    dialog.name.setText("Бакыт")
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.MALE))
    dialog.birth.set_value(dt.date(1970, 1, 1))
    dialog.pin.setText(encode_pin(Sex.MALE, dt.date(1970, 1, 1), "00007"))
    dialog.submit()


def test_documents_are_added_in_the_background(qtbot: QtBot, page: ApplicationsPage, tmp_path: Path) -> None:
    _register_an_applicant(page)
    good = tmp_path / "Арыз.pdf"
    good.write_bytes(b"%PDF-1.4\n% application\ntrailer<<>>\n%%EOF\n")
    page.doc_type.setCurrentIndex(page.doc_type.findData("application"))
    with qtbot.waitSignal(page.ctx.changed, timeout=20000):
        page.add_documents([good])
    assert page.documents.count() == 1 and "Арыз.pdf" in page.documents.item(0).text()
    program = tmp_path / "cv.pdf"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 2000)
    page.doc_type.setCurrentIndex(page.doc_type.findData("cv_with_photo"))
    with qtbot.waitSignal(page.progress.windowTitleChanged, timeout=3000, raising=False):
        page.add_documents([program])
    qtbot.waitUntil(lambda: page.message.isVisible() and "cv.pdf" in page.message.text(), timeout=20000)
    assert page.documents.count() == 1  # nothing was filed


def test_the_receipt_is_printed_in_the_background(
    qtbot: QtBot, page: ApplicationsPage, demo_db: Database, home: Path
) -> None:
    from pypdf import PdfReader

    from osgo_desktop.domain.intake import IntakeDraft
    from osgo_desktop.domain.person import Channel, Education, Nomination, PersonDraft, PublicService

    assert page.competition_id is not None
    born = dt.date(1979, 5, 14)
    with demo_db.uow() as uow:
        registered = applications.register_application(
            uow,
            page.competition_id,
            PersonDraft(
                surname="Өмүрбекова",
                name="Жаркын",
                sex=Sex.FEMALE,
                birth_date=born,
                pin=encode_pin(Sex.FEMALE, born, "00003"),
                education=Education.HIGHER,
                public_service=PublicService.NONE,
            ),
            IntakeDraft(
                demo_db.clock.local_now() - dt.timedelta(hours=1),
                Channel.IN_PERSON,
                Nomination.SELF,
                received_by="Кадырова М. А.",
            ),
        )
    page.reload()
    page.select_application(registered.application_id)
    with qtbot.waitSignal(page.document_ready, timeout=20000) as blocker:
        page.receipt_buttons["ky"].click()
    path = blocker.args[0]
    assert path.name == "receipt-2026-01-001-ky.pdf" and path.is_relative_to(home)
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)
    assert "Өмүрбекова Жаркын" in text and "2026/01-001" in text
    for preview in page.printer.previews:
        preview.close()


def test_import_preview_registers_all_or_nothing(qtbot: QtBot, page: ApplicationsPage, tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    pin = encode_pin(Sex.FEMALE, dt.date(1980, 1, 2), "00001")
    source.write_text(
        f"Фамилия;Имя;Пол;Дата рождения;ПИН\nАсанова;Гүлнара;Ж;02.01.1980;{pin}\nБакиров;Нурлан;М;31.02.1975;1\n",
        encoding="utf-8",
    )
    page.import_file(source)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportPreviewDialog), timeout=20000)
    dialog = page.dialog
    assert isinstance(dialog, ImportPreviewDialog)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "1 row has errors" in dialog.summary.text()
    dialog.reject()
    assert page.model.rows() == []


def test_the_filter_box_narrows_the_table(page: ApplicationsPage) -> None:
    from tests.ui.test_filter_proxy import PEOPLE, application

    page.model.set_rows([application(i, name, org) for i, (name, org) in enumerate(PEOPLE, start=1)])
    page.filter.setText("ЖАҢЫ муун")
    assert [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())] == [
        "Үсөнов Бекзат",
        "Өмүрбекова Айгүл",
    ]
    page.filter.setText("2026/01-003")
    assert page.proxy.rowCount() == 1 and page.proxy.index(0, 1).data() == "Иванова Мария"
    page.filter.clear()
    assert page.proxy.rowCount() == len(PEOPLE)


def test_a_pin_that_contradicts_the_chosen_sex_is_said_beside_the_pin_while_typing(
    qtbot: QtBot, page: ApplicationsPage
) -> None:
    page.register_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ApplicationDialog)
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.FEMALE))
    dialog.sex.activated.emit(dialog.sex.currentIndex())
    dialog.pin.setFocus()
    pin = encode_pin(Sex.MALE, dt.date(1988, 6, 15), "00042")
    qtbot.keyClicks(dialog.pin, pin[:-1])
    assert warning_of(dialog, "pin") == ""  # not a whole PIN yet: nothing to say
    qtbot.keyClicks(dialog.pin, pin[-1])
    assert warning_of(dialog, "pin") == "⚠ The PIN's first digit says male, but the sex is given as female."
    assert dialog.isVisible() and not dialog._submitting  # said before saving, in the form
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.MALE))
    assert warning_of(dialog, "pin") == ""


def test_a_late_receipt_and_an_association_short_of_members_are_said_beside_their_fields(
    qtbot: QtBot, page: ApplicationsPage
) -> None:
    assert page.rules is not None
    today = page.ctx.clock.today()
    rules = dataclasses.replace(page.rules, one_per_association=True)
    dialog = ApplicationDialog(
        rules,
        [(1, "Жарандык коомдор бирикмеси"), (2, "Ак-Жол")],
        [],
        page.ctx.clock,
        intake_deadline=today - dt.timedelta(days=1),
        association_warnings={1: ("The association has 2 member organisations; it needs at least 3.",)},
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert warning_of(dialog, "received_at") == "⚠ Received after the deadline: registered, and will not be admitted."
    assert warning_of(dialog, "association_id") == ""
    dialog.association.setCurrentIndex(dialog.association.findData(1))
    assert warning_of(dialog, "association_id") == (
        "⚠ The association has 2 member organisations; it needs at least 3."
    )
    dialog.association.setCurrentIndex(dialog.association.findData(2))
    assert warning_of(dialog, "association_id") == ""
    dialog.received_at.setDate(dialog.received_at.date().addDays(-30))
    assert warning_of(dialog, "received_at") == ""


def test_an_observer_may_not_open_an_applicants_document(
    qtbot: QtBot, page: ApplicationsPage, demo_db: Database, tmp_path: Path
) -> None:
    from osgo_desktop.domain.roles import Principal, Role

    _register_an_applicant(page)
    cv = tmp_path / "CV.pdf"
    cv.write_bytes(b"%PDF-1.4\n% a CV\ntrailer<<>>\n%%EOF\n")
    page.doc_type.setCurrentIndex(page.doc_type.findData("application"))
    with qtbot.waitSignal(page.ctx.changed, timeout=20000):
        page.add_documents([cv])
    assert page.detail is not None and page.detail.documents
    document_id = page.detail.documents[0].id
    demo_db.principal = Principal(None, "observer", "Observer", frozenset({Role.OBSERVER}))
    page.open_document(document_id)
    assert page.message.isVisible() and "documents" in page.message.text()
    assert not page.ctx.tasks.busy  # nothing was read from the store

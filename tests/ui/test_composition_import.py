"""Registries → Import sitting members…: the body and the file, the preview, then every row or none; and the
body code and member PIN fields of the registry forms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.person import encode_pin
from osgo_desktop.domain.registry import Sex, StateBodyDraft
from osgo_desktop.services import registries
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from tests.ui.conftest import Answers
from ui.dialogs.composition_import import CompositionImportForm, CompositionPreviewDialog
from ui.dialogs.registries import BodyForm, MemberForm
from ui.main_window import MainWindow

PIN = encode_pin(Sex.FEMALE, dt.date(1980, 1, 2), "00001")
HEADER = "Орган;Фамилия;Имя;ПИН;Пол;Начало срока;Конец срока\n"


def test_a_list_is_checked_then_imported_from_the_menu(
    qtbot: QtBot, window: MainWindow, db: Database, tmp_path: Path, answers: Answers
) -> None:
    with db.uow() as uow:
        registries.save_body(uow, StateBodyDraft("Саламаттык", "Здравоохранение", code="MOH"))
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(HEADER + f"MOH;Асанова;Айгүл;{PIN};Ж;01.02.2025;01.01.2025\n", encoding="utf-8")
    good.write_text(HEADER + f"MOH;Асанова;Айгүл;{PIN};Ж;01.02.2025;31.01.2027\n", encoding="utf-8")

    window.import_compositions_action.trigger()
    flow = window.composition_import
    assert flow is not None and isinstance(flow.form, CompositionImportForm)
    form = flow.form
    assert form.body.findData("MOH") >= 0 and form.body.findData("commission") >= 0
    assert not form.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()  # no file yet
    form.body.setCurrentIndex(form.body.findData("MOH"))
    form.path.setText(str(bad))
    form.submit()
    qtbot.waitUntil(lambda: isinstance(flow.preview_dialog, CompositionPreviewDialog), timeout=20000)
    preview = flow.preview_dialog
    assert isinstance(preview, CompositionPreviewDialog)
    assert not preview.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert "Line 2: the term ends on" in "\n".join(preview.rows.item(i).text() for i in range(preview.rows.count()))
    preview.reject()

    flow = window.import_compositions()
    flow.form.body.setCurrentIndex(flow.form.body.findData("MOH"))  # type: ignore[attr-defined]
    flow.form.path.setText(str(good))  # type: ignore[attr-defined]
    flow.form.submit()
    qtbot.waitUntil(lambda: isinstance(flow.preview_dialog, CompositionPreviewDialog), timeout=20000)
    preview = flow.preview_dialog
    assert isinstance(preview, CompositionPreviewDialog)
    assert "MOH: 2025-02-01–2027-01-31, 1 seats, 1 members" in preview.summary.text()
    preview.submit()
    assert flow.done is not None and flow.done.members == 1
    with db.uow() as uow:
        assert uow.session.query(models.Mandate).count() == 1


def test_the_body_form_takes_a_code_and_the_member_form_a_pin(window: MainWindow, db: Database) -> None:
    bodies = window.open_bodies()
    bodies.add_button.click()
    form = bodies.form
    assert isinstance(form, BodyForm)
    form.name_ky.setText("Юстиция министрлиги")  # type: ignore[attr-defined]
    form.name_ru.setText("Министерство юстиции")  # type: ignore[attr-defined]
    form.code.setText("mo j")  # type: ignore[attr-defined]
    assert "Latin capital letters" in form._fields["code"][2].text()
    form.code.setText("moj")  # type: ignore[attr-defined]
    form.submit()
    assert not form.isVisible()
    assert [r.code for r in bodies.model.rows()] == ["MOJ"]

    members = window.open_commission()
    members.add_button.click()
    member = members.form
    assert isinstance(member, MemberForm)
    member.surname.setText("Токтосунова")
    member.name.setText("Айгүл")
    assert "not linked to a person" in member.notes.text()
    member.sex.setCurrentIndex(member.sex.findData(Sex.MALE))
    member.pin.setText(PIN)
    assert "The PIN's first digit says female" in member.notes.text()
    member.sex.setCurrentIndex(member.sex.findData(Sex.FEMALE))
    member.submit()
    assert not member.isVisible()
    with db.uow() as uow:
        row = registries.list_commission(uow)[0]
        assert row.pin == PIN and row.person_id is not None

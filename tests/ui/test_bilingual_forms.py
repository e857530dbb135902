"""The forms take each text the papers print in Kyrgyz and in Russian, side by side; issuing a paper that lacks a
Russian form asks first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.person import OrganizationDraft, OrgKind
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.services import competitions, demo, protocols, registries, voting
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock
from tests.ui.conftest import Answers
from tests.voting_support import screened_competition
from ui.context import AppContext
from ui.dialogs.actions import AnnounceDialog
from ui.dialogs.competition import CompetitionDialog
from ui.dialogs.registries import AssociationForm, OrganizationForm
from ui.dialogs.voting import SessionDialog
from ui.main_window import MainWindow
from ui.pages.workspace import Workspace
from ui.settings import Settings
from ui.widgets.forms import BilingualRow, FormDialog


def shown(qtbot: QtBot, dialog: FormDialog) -> FormDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def same_row(dialog: FormDialog, name: str) -> BilingualRow:
    """The field ``name`` is one row of two line edits, labelled with their languages."""
    row = dialog.field(name)
    assert isinstance(row, BilingualRow)
    assert row.ky.isVisible() and row.ru.isVisible()
    assert row.ky.geometry().top() == row.ru.geometry().top()  # side by side
    assert [label.text() for label in row.findChildren(QLabel)] == ["in Kyrgyz", "in Russian"]
    return row


@pytest.fixture
def space(qtbot: QtBot, ctx: AppContext, demo_db: Database) -> Workspace:
    workspace = Workspace(ctx)
    qtbot.addWidget(workspace)
    workspace.show()
    return workspace


def test_an_organisation_is_saved_with_its_russian_name(space: Workspace, demo_db: Database) -> None:
    dialog = space.open_organizations()
    dialog.add_button.click()
    form = dialog.form
    assert isinstance(form, OrganizationForm)
    same_row(form, "name")
    form.name.setText("«Жаңы муун» коомдук фонду")
    form.name_ru.setText("Общественный фонд «Жаңы муун»")
    form.submit()
    assert not form.isVisible()
    with demo_db.uow() as uow:
        saved = next(o for o in registries.list_organizations(uow) if o.name == "«Жаңы муун» коомдук фонду")
    assert saved.name_ru == "Общественный фонд «Жаңы муун»"


def test_an_association_is_edited_in_both_languages(space: Workspace, demo_db: Database) -> None:
    with demo_db.uow() as uow:
        orgs = [registries.save_organization(uow, OrganizationDraft(f"Уюм {i}", OrgKind.FOUNDATION)) for i in range(3)]
        registries.save_association(
            uow, registries.AssociationDraft("«Биримдик» бирикмеси", tuple(orgs), name_ru="Объединение «Биримдик»")
        )
    dialog = space.open_associations()
    dialog.table.selectRow(0)
    dialog.edit_button.click()
    form = dialog.form
    assert isinstance(form, AssociationForm)
    assert same_row(form, "name").ru.text() == "Объединение «Биримдик»"  # what was saved comes back
    form.name_ru.setText("Объединение «Биримдик» некоммерческих организаций")
    form.submit()
    assert not form.isVisible()
    with demo_db.uow() as uow:
        (saved,) = registries.list_associations(uow)
    assert (saved.name, saved.name_ru) == ("«Биримдик» бирикмеси", "Объединение «Биримдик» некоммерческих организаций")


def test_the_competition_form_takes_the_address_in_both_languages(qtbot: QtBot, demo_db: Database) -> None:
    with demo_db.uow() as uow:
        draft_id = next(r.id for r in competitions.list_competitions(uow) if r.seats == 11)
        draft = competitions.draft_of(uow, draft_id)
        profile = registries.current_profile(uow)
        bodies = registries.list_bodies(uow)
    dialog = shown(qtbot, CompetitionDialog(profile, bodies, pinned_clock(), draft, draft_id))
    assert isinstance(dialog, CompetitionDialog)
    row = same_row(dialog, "intake_address")
    assert (row.ky.text(), row.ru.text()) == (demo.INTAKE_ADDRESS, demo.INTAKE_ADDRESS_RU)
    dialog.address_ru.setText("город Бишкек, улица Абдымомунова, 207")
    assert dialog.value().intake_address_ru == "город Бишкек, улица Абдымомунова, 207"
    assert dialog.value().intake_address == demo.INTAKE_ADDRESS


def test_the_publication_names_the_outlet_in_both_languages(qtbot: QtBot) -> None:
    dialog = shown(qtbot, AnnounceDialog("2026/02", pinned_clock()))
    assert isinstance(dialog, AnnounceDialog)
    same_row(dialog, "media_outlet")
    dialog.outlet.setText("«Эркин-Тоо» гезити")
    dialog.outlet_ru.setText("газета «Эркин-Тоо»")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled() and dialog.value()[1:] == ("«Эркин-Тоо» гезити", "газета «Эркин-Тоо»")
    dialog.outlet_ru.setMaxLength(2000)
    dialog.outlet_ru.setText("х" * 501)  # the Russian form's error shows on its row
    assert not ok.isEnabled() and dialog._fields["media_outlet"][2].text() == "This text is too long."


def test_the_session_place_in_both_languages(qtbot: QtBot, full_demo_db: Database) -> None:
    with full_demo_db.uow() as uow:
        setup = voting.session_setup(uow, screened_competition(uow))
    dialog = shown(qtbot, SessionDialog(setup, pinned_clock()))
    assert isinstance(dialog, SessionDialog)
    same_row(dialog, "place")
    dialog.place.setText(demo.SESSION_PLACE[0])
    dialog.place_ru.setText(demo.SESSION_PLACE[1])
    assert (dialog.value().place, dialog.value().place_ru) == demo.SESSION_PLACE


@pytest.fixture
def voted_ctx(db: Database, settings: Settings, home: Path) -> Iterator[AppContext]:
    with db.uow() as uow:
        demo.load_demo(uow, db.document_store(), full=True, close=False)  # voted, nothing issued yet
    context = AppContext(db, settings, db.clock)
    yield context
    context.tasks.cancel_all()
    context.tasks.wait()


def test_issuing_without_a_russian_form_asks_first(qtbot: QtBot, voted_ctx: AppContext, answers: Answers) -> None:
    with voted_ctx.db.uow() as uow:
        competition_id = screened_competition(uow)
        row = next(o for o in registries.list_organizations(uow) if o.name == "«Жаран» коомдук бирикмеси")
        registries.save_organization(uow, OrganizationDraft(row.name, row.kind, row.registration_number), row.id)
    space = Workspace(voted_ctx)
    qtbot.addWidget(space)
    space.show()
    space.open_protocols(competition_id)
    page = space.protocols_page
    page.table.selectRow(len(page.slots) - 1)  # the decision
    page.lang.setCurrentIndex(page.lang.findData("ru"))
    page.issue()  # answered "no": nothing is issued
    assert answers.asked == ["Texts without a Russian form"]
    assert "the Russian name of the organisation «Жаран» коомдук бирикмеси" in answers.texts[0]
    with voted_ctx.db.uow() as uow:
        assert protocols.list_protocols(uow, competition_id) == []
    answers.yes = True
    with qtbot.waitSignal(page.document_ready, timeout=30_000) as shown_:
        page.issue()
    assert Path(shown_.args[0]).read_bytes().startswith(b"%PDF")
    for preview in page.printer.previews:
        preview.close()
    with voted_ctx.db.uow() as uow:
        issued = protocols.list_protocols(uow, competition_id)
    assert [(p.kind, p.lang) for p in issued] == [(ProtocolKind.DECISION, "ru")]
    # a Kyrgyz paper lacks nothing: no question
    page.lang.setCurrentIndex(page.lang.findData("ky"))
    with qtbot.waitSignal(page.document_ready, timeout=30_000):
        page.issue()
    for preview in page.printer.previews:
        preview.close()
    assert answers.asked == ["Texts without a Russian form"] * 2


def test_the_announcement_asks_before_printing_a_text_without_its_russian_form(
    window: MainWindow, demo_db: Database, answers: Answers
) -> None:
    with demo_db.uow() as uow:
        announced = next(r.id for r in competitions.list_competitions(uow) if r.seats == 9)
        row = uow.competitions.require(announced)
        row.media_outlet_ru = ""
        uow.commit()
    window.open_competition(announced)
    page = window.competition_page
    page.make_announcement("ru")  # answered "no": nothing is made
    assert answers.asked == ["Texts without a Russian form"]
    assert demo.MEDIA_OUTLETS[0] in answers.texts[0]
    assert page.pdf_ru.isEnabled() and not page.printer.previews

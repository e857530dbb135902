"""The protocols page: issue a protocol and see its fingerprint, attach the signed copy, and the competition closes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.fingerprint import grouped
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.services import competitions, demo
from osgo_desktop.storage.uow import Database
from tests.ui.conftest import Answers
from tests.voting_support import screened_competition
from ui.context import AppContext
from ui.pages.workspace import Workspace
from ui.settings import Settings


@pytest.fixture
def voted_ctx(db: Database, settings: Settings, home: Path) -> Iterator[AppContext]:
    with db.uow() as uow:
        demo.load_demo(uow, db.document_store(), full=True, close=False)
    context = AppContext(db, settings, db.clock)
    yield context
    context.tasks.cancel_all()
    context.tasks.wait()


def test_issue_then_attach_the_signed_copy(
    qtbot: QtBot, voted_ctx: AppContext, tmp_path: Path, answers: Answers
) -> None:
    space = Workspace(voted_ctx)
    qtbot.addWidget(space)
    space.show()
    with voted_ctx.db.uow() as uow:
        competition_id = screened_competition(uow)
    space.open_protocols(competition_id)
    page = space.protocols_page
    assert space.currentWidget() is page
    kinds = [s.kind for s in page.slots]
    assert kinds == [
        ProtocolKind.SCREENING,
        ProtocolKind.VOTE,
        ProtocolKind.TALLY_SHEET,
        ProtocolKind.VOTE,
        ProtocolKind.TALLY_SHEET,
        ProtocolKind.DECISION,
    ]
    page.table.selectRow(len(page.slots) - 1)  # the decision on the composition: its signed copy closes
    page.lang.setCurrentIndex(page.lang.findData("ru"))
    with qtbot.waitSignal(page.document_ready, timeout=30_000) as shown:
        page.issue()
    assert Path(shown.args[0]).read_bytes().startswith(b"%PDF")
    for preview in page.printer.previews:
        preview.close()
    qtbot.waitUntil(lambda: page.slots[-1].latest("ru") is not None)
    latest = page.slots[-1].latest("ru")
    assert latest is not None and grouped(latest.fingerprint) in page.fingerprint.text()
    assert page.attach_button.isEnabled()

    scan = tmp_path / "signed.pdf"
    scan.write_bytes(Path(shown.args[0]).read_bytes())
    # the other protocols are not issued yet: the page says how many, which, and that the decision cannot close
    assert page.closing_note.text().startswith("Before the signed decision on the composition can be attached, 11 ")
    assert [page.model.index(i, 3).data() for i in (0, 5)] == ["Kyrgyz, Russian", "Kyrgyz"]
    assert page.model.index(5, 2).data().startswith("Russian: No. ")  # the language named, not "ru:"
    page.attach_button.click()
    assert answers.asked == [] and page.chooser is None
    assert page.message.text().startswith("The competition cannot be closed") and (
        "Tally sheet, round 2 (in Russian); Decision on the composition (in Kyrgyz)." in page.message.text()
    )
    assert page.issue_all_button.isEnabled()
    with qtbot.waitSignal(voted_ctx.changed, timeout=60_000):
        page.issue_all_button.click()
    qtbot.waitUntil(lambda: page.missing() == [])
    assert page.message.text() == "11 protocols issued." and not page.issue_all_button.isEnabled()
    assert (
        page.closing_note.text() == "Every protocol is issued: the signed decision on the composition can be attached."
    )
    page.table.selectRow(len(page.slots) - 1)
    page.attach_button.click()  # the signed decision closes the competition: asked first, "no" keeps it open
    assert answers.asked == ["Close the competition?"] and page.chooser is None
    answers.yes = True
    page.attach_button.click()
    assert page.chooser is not None and page.chooser.isVisible()  # the file dialog, in the app's language
    with qtbot.waitSignal(voted_ctx.changed, timeout=30_000):
        page.chooser.fileSelected.emit(str(scan))
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.state is State.CLOSED)
    with voted_ctx.db.uow() as uow:
        assert competitions.get_competition(uow, competition_id).state is State.CLOSED
    assert "closed" in page.message.text() and not page.attach_button.isEnabled() and page.amend_button.isEnabled()

    record = tmp_path / "record.zip"
    page.export_button.click()
    with qtbot.waitSignal(page.document_ready, timeout=30_000):
        page.chooser.fileSelected.emit(str(record))
    from osgo_desktop.verifier.record import verify_record

    report = verify_record(record)
    assert report.ok and report.protocols == 12 and "osgo verify" in page.message.text()


def test_the_details_for_a_protocol_are_entered_on_the_page(
    qtbot: QtBot, voted_ctx: AppContext, answers: Answers
) -> None:
    """The decision's formation date and vote (required), the objections and dissent; the dialog fits a 768-pixel
    screen; the recorded facts are read back into the dialog."""
    from osgo_desktop.services import protocol_facts
    from ui.dialogs.protocols import ProtocolFactsDialog

    space = Workspace(voted_ctx)
    qtbot.addWidget(space)
    space.show()
    with voted_ctx.db.uow() as uow:
        competition_id = screened_competition(uow)
    space.open_protocols(competition_id)
    page = space.protocols_page
    page.table.selectRow(len(page.slots) - 1)  # the decision on the composition
    assert page.details_button.isEnabled()
    dialog = page.details()
    assert isinstance(dialog, ProtocolFactsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.height() <= 768 - 80 and dialog.width() <= 1366
    fields = dialog.fields
    assert fields.formation is not None and fields.formation.value() is not None  # the demo entered it
    fields.votes["votes_for"].setText("16")
    assert "17 votes on the decision, but 15 members were present" in dialog.banner.text()  # 16 + 0 + 1
    fields.votes["votes_for"].setText("13")
    fields.votes["votes_against"].setText("")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    fields.votes["votes_against"].setText("1")
    fields.dissent.setPlainText("Асанова Г. Т.: особое мнение приложено.")
    with qtbot.waitSignal(voted_ctx.changed, timeout=10_000):
        dialog.submit()
    with voted_ctx.db.uow() as uow:
        recorded = protocol_facts.protocol_facts(uow, competition_id, ProtocolKind.DECISION)
    assert (recorded.votes_for, recorded.votes_against, recorded.votes_abstained) == (13, 1, 1)
    assert recorded.dissent == "Асанова Г. Т.: особое мнение приложено."
    assert "recorded" in page.message.text()

    page.table.selectRow(1)  # round 1's protocol: the times
    round_dialog = page.details()
    assert isinstance(round_dialog, ProtocolFactsDialog)
    assert round_dialog.fields.times["vote_began"].text() == "10:20" and round_dialog.fields.formation is None
    round_dialog.fields.times["count_ended"].setText("11:00")
    assert not round_dialog.buttons.button(round_dialog.buttons.StandardButton.Ok).isEnabled()


def test_an_amendment_of_the_decision_can_move_a_seat(
    qtbot: QtBot, db: Database, settings: Settings, home: Path
) -> None:
    """After the close, amending the decision offers the seated and the others: ticking one of each moves the seat
    in the composition, and the history keeps who left and why."""
    from sqlalchemy import select

    from osgo_desktop.storage import models
    from ui.dialogs.protocols import AmendDialog

    with db.uow() as uow:
        demo.load_demo(uow, db.document_store(), full=True)
    ctx = AppContext(db, settings, db.clock)
    space = Workspace(ctx)
    qtbot.addWidget(space)
    space.show()
    with db.uow() as uow:
        competition_id = screened_competition(uow)
    space.open_protocols(competition_id)
    page = space.protocols_page
    page.table.selectRow(len(page.slots) - 1)
    dialog = page.amend()
    assert isinstance(dialog, AmendDialog) and dialog.unseat is not None and dialog.seat is not None
    # seven elected, two of whom resigned since, and one seated from the reserve: six hold a seat from 2026/04
    assert dialog.unseat.count() == 6 and dialog.seat.count() > 0
    # who held a seat of this composition and left it (Дөөлөтова resigned) is not offered it again
    assert all("Дөөлөтова" not in dialog.seat.item(i).text() for i in range(dialog.seat.count()))
    dialog.reason.setPlainText("A paper was misread at the count")
    dialog.correction.setPlainText("The seat goes to the first of the reserve")
    dialog.made_by.setText("Кадырова М., катчы")
    leaving = dialog.unseat.item(5)
    # one who never held a seat in the composition (those who resigned are offered too: see the report of demo13)
    coming = next(dialog.seat.item(i) for i in range(dialog.seat.count()) if "Кенжебаева" in dialog.seat.item(i).text())
    for item in (leaving, coming):
        item.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(ctx.changed, timeout=30_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    with db.uow() as uow:
        mandates = uow.session.scalars(select(models.Mandate).where(models.Mandate.competition_id == competition_id))
        left = [m.left_note for m in mandates if m.left_on is not None]
    amended = [note for note in left if "A paper was misread" in note]
    assert len(left) == 3 and len(amended) == 1  # the two who resigned in the demo, and the one unseated
    ctx.tasks.cancel_all()
    ctx.tasks.wait()

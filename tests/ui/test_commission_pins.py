"""The Commission's roster shows its members' PINs masked as the compositions do (one mask), the form the full
PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt

from osgo_desktop.domain.person import mask_pin
from osgo_desktop.services import composition_views
from osgo_desktop.storage.uow import Database
from tests.composition_support import make_compositions
from ui.dialogs.registries import MemberForm
from ui.main_window import MainWindow


def test_the_roster_masks_the_pins(db: Database, window: MainWindow) -> None:
    make_compositions(db)
    dialog = window.open_commission()
    rows = dialog.model.rows()
    column = next(
        c for c in range(dialog.model.columnCount()) if dialog.model.headerData(c, Qt.Orientation.Horizontal) == "PIN"
    )
    shown = {r.full_name: dialog.model.index(i, column).data() for i, r in enumerate(rows)}
    assert shown["Эсенова Динара"] == "—"  # no PIN on her roster row
    assert shown["Сыдыков Темир"] == "2•••••••••••05"
    sydykov = next(i for i, r in enumerate(rows) if r.full_name == "Сыдыков Темир")
    assert (
        dialog.model.index(sydykov, column).data(Qt.ItemDataRole.ToolTipRole)
        == "Only the first and the last two digits are shown."
    )
    # the same mask as the Compositions page's
    assert composition_views.mask_pin is mask_pin
    # the form that edits a member has the whole PIN
    row = next(i for i, r in enumerate(rows) if r.full_name == "Сыдыков Темир")
    dialog.table.selectRow(dialog.proxy.mapFromSource(dialog.model.index(row, 0)).row())
    dialog.edit_button.click()
    assert isinstance(dialog.form, MemberForm)
    assert dialog.form.pin.text() == "22301198000005"


def test_no_pin_shows_a_dash() -> None:
    from ui.models.columns import COMMISSION_COLUMNS

    pin = next(c for c in COMMISSION_COLUMNS if c.title == "PIN")

    class Row:
        pin = ""
        personal_hidden = False

    assert pin.text(Row()) == "—"  # type: ignore[arg-type]

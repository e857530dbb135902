"""Guards against a Qt binding that corrupts the interpreter (PySide6 6.12.0 lost a reference to None on every
invalid QVariant it handed to Python, and the app died minutes later with "deallocating None")."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.profile import LocalText
from osgo_desktop.services.views import StateBodyRow
from ui.models.columns import BODY_COLUMNS
from ui.models.table import FilterProxy, RowTableModel


def test_empty_roles_do_not_eat_references_to_none(qtbot: QtBot) -> None:
    model: RowTableModel[StateBodyRow] = RowTableModel(BODY_COLUMNS)
    model.set_rows([StateBodyRow(1, LocalText("а", "б", "c"), True)])
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    index = proxy.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(2000):
        assert index.data(Qt.ItemDataRole.DecorationRole) is None
    assert sys.getrefcount(None) >= before - 10

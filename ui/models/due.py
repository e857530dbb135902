"""The due overview's table: every council's (and the Commission's) next step, overdue rows standing out in colour
and in words (the status says "OVERDUE"; colour is never the only sign)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from osgo_desktop import i18n
from osgo_desktop.domain import due as rules
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.due import DueRow, Urgency
from osgo_desktop.i18n import N_
from ui.models.columns import AMBER, GREY, RED
from ui.models.table import Column, RowTableModel

#: the background of an overdue row: light, so that the red text on it stays readable
OVERDUE_BACKGROUND = "#fde8ea"


def _color(row: DueRow) -> str | None:
    return {Urgency.OVERDUE: RED, Urgency.SOON: AMBER, Urgency.IN_HAND: GREY}.get(row.urgency)


def body_name(row: DueRow) -> str:
    return row.body.name.get(i18n.current_language())


DUE_COLUMNS: list[Column[DueRow]] = [
    Column(N_("Status"), rules.status_text, sort_key=rules.urgency_key, color=_color),
    Column(
        N_("Date"),
        lambda r: i18n.format_date(r.due_on, style="numeric"),
        sort_key=lambda r: r.due_on,
        color=_color,
    ),
    # the two long texts share the width and may be cut on a small screen: the whole text in their tooltips
    Column(N_("Council / body"), body_name, sort_key=lambda r: kyrgyz_sort_key(body_name(r)), tooltip=body_name),
    Column(N_("Step"), rules.step_text, tooltip=rules.step_text),
    Column(N_("Seats"), lambda r: str(r.seats) if r.seats else "—", sort_key=lambda r: r.seats, align_right=True),
    Column(
        N_("Powers expire"),
        lambda r: i18n.format_date(r.expires, style="numeric"),
        sort_key=lambda r: r.expires,
    ),
]


class DueModel(RowTableModel[DueRow]):
    """The due rows, sorted by urgency; an overdue row bold red on a light red ground (and "OVERDUE" in its
    status)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(DUE_COLUMNS, parent)
        self._bold = QFont()
        self._bold.setBold(True)
        self._ground = QBrush(QColor(OVERDUE_BACKGROUND))
        self._red = QBrush(QColor(RED))

    def cell(self, row_index: int, column_index: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            if self.row_at(row_index).overdue:
                return {
                    Qt.ItemDataRole.FontRole: self._bold,
                    Qt.ItemDataRole.BackgroundRole: self._ground,
                    Qt.ItemDataRole.ForegroundRole: self._red,
                }[Qt.ItemDataRole(role)]
            if role != Qt.ItemDataRole.ForegroundRole:
                return None
        return super().cell(row_index, column_index, role)

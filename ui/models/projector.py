"""The projector's ranking as a table model: rank, number, name, votes and result, the elected rows filled green and
bold, the tied ones amber — colours strong enough for a projector that washes them out."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from osgo_desktop.domain.voting import STANDING_LABELS
from osgo_desktop.i18n import N_, _
from osgo_desktop.services.projector import ProjectorRow, RowStatus
from ui.models.table import Column, RowTableModel

#: a projector washes colours out: strong fills
ELECTED_FILL: Final = "#bfe5c4"
TIE_FILL: Final = "#ffe08a"
SKIPPED_INK: Final = "#6b6b6b"

#: a text mark next to the colour, so that the status reads on a grey projector and for colour-blind eyes
STATUS_MARKS: Final[dict[RowStatus, str]] = {
    "elected": "✔",
    "tie": "=",
    "skipped": "–",
    "reserve": "",
    "pending": "…",
    "": "",
}


def status_text(status: RowStatus) -> str:
    """ "✔ Elected": the mark and the word, in the current language."""
    label = STANDING_LABELS[status]
    if not label:
        return ""
    mark = STATUS_MARKS[status]
    return f"{mark} {_(label)}" if mark else _(label)


def _number(value: int | None) -> str:
    return "—" if value is None else str(value)


RANKING_COLUMNS: Final[tuple[Column[ProjectorRow], ...]] = (
    Column(N_("Rank"), lambda row: _number(row.rank), align_right=True),
    Column(N_("No."), lambda row: str(row.number), align_right=True),
    Column(N_("Candidate"), lambda row: row.name),
    Column(N_("Votes"), lambda row: _number(row.votes), align_right=True),
    Column(
        N_("Result"),
        lambda row: status_text(row.status),
        color=lambda row: SKIPPED_INK if row.status == "skipped" else None,
    ),
)
#: the column that takes the width left over
RESULT_COLUMN: Final = 4


class RankingModel(RowTableModel[ProjectorRow]):
    """The ranking rows, with elected rows filled green and bold, tied rows filled amber."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(RANKING_COLUMNS, parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            status = self.row_at(index.row()).status
            if role == Qt.ItemDataRole.BackgroundRole:
                fill = {"elected": ELECTED_FILL, "tie": TIE_FILL}.get(status)
                return QBrush(QColor(fill)) if fill else None
            if role == Qt.ItemDataRole.FontRole and status == "elected":
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)

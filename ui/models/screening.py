"""The screening grid as a table model: candidates × criteria, each cell "+", "−" or "?" on green, red or amber, as
the data or the Commission's verdict decides it, and the decision."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from osgo_desktop import i18n
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.eligibility import (
    SCREENING_STATUS_LABELS,
    CheckResult,
    Criterion,
    ScreeningStatus,
    criterion_label,
)
from osgo_desktop.i18n import N_, _
from osgo_desktop.services.applications import ScreeningGrid, ScreeningRow
from ui.models.table import ROTATED_ROLE, ROW_ROLE, SORT_ROLE, Index


class Mark(Enum):
    """What a cell of the grid says; the signs are the screening protocol's, so screen and paper read alike."""

    MET = "+"
    NOT_MET = "−"  # U+2212 MINUS SIGN
    PENDING = "?"


#: background and text colour of each mark (light backgrounds, dark text: readable, and printable in grey)
MARK_COLOURS: Final = {
    Mark.MET: ("#d9efd9", "#1b5e20"),
    Mark.NOT_MET: ("#f9d9d9", "#a00018"),
    Mark.PENDING: ("#ffe7b0", "#6d4200"),
}

STATUS_MARKS: Final = {
    ScreeningStatus.ADMITTED: Mark.MET,
    ScreeningStatus.NOT_ADMITTED: Mark.NOT_MET,
    ScreeningStatus.PENDING: Mark.PENDING,
}

_OPEN: Final = CheckResult(None)


@dataclass(frozen=True)
class Cell:
    """One candidate against one criterion: the mark, whether the data decided it, and the reason or the note."""

    mark: Mark
    by_data: bool
    text: str


def cell_of(row: ScreeningRow, criterion: Criterion) -> Cell:
    """As ``eligibility.decide`` reads it: the data decides when it can, else the Commission's verdict, else open."""
    check = row.checks.get(criterion.code, _OPEN)
    if check.passed is not None:
        return Cell(Mark.MET if check.passed else Mark.NOT_MET, True, check.reason)
    verdict = row.verdicts.get(criterion.code)
    if verdict is None:
        return Cell(Mark.PENDING, False, check.reason)
    return Cell(Mark.MET if verdict.passed else Mark.NOT_MET, False, verdict.note)


def cell_explanation(cell: Cell) -> str:
    """A sentence on a cell: what decided it and why."""
    if cell.by_data:
        if cell.mark is Mark.MET:
            return _("Met, according to the application's data.")
        return _("Not met: {reason}").format(reason=cell.text)
    if cell.mark is Mark.PENDING:
        waiting = _(SCREENING_STATUS_LABELS[ScreeningStatus.PENDING])
        return "\n".join(part for part in (waiting, cell.text) if part)
    if cell.mark is Mark.MET:
        return _("Met, by the Commission's verdict: {note}").format(note=cell.text or "—")
    return _("Not met, by the Commission's verdict: {note}").format(note=cell.text or "—")


#: why a verdict cannot change an automatic criterion the data decided
OVERRIDE_REFUSED: Final = N_("Decided by the data: it cannot be overridden; correct the application's data instead.")


class ScreeningModel(QAbstractTableModel):
    """The screening grid: registration number, full name, one column per criterion, the decision.

    Criterion cells show "+", "−" or "?" on a green, red or amber background, the reason or the Commission's
    note as tooltip. ``ROW_ROLE`` serves the :class:`ScreeningRow`, ``SORT_ROLE`` a sort key."""

    NUMBER: Final = 0
    NAME: Final = 1
    FIRST_CRITERION: Final = 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._criteria: tuple[Criterion, ...] = ()
        self._rows: tuple[ScreeningRow, ...] = ()

    # --- data in ------------------------------------------------------------------------------------------------
    def set_grid(self, grid: ScreeningGrid) -> None:
        self.beginResetModel()
        self._criteria, self._rows = grid.criteria, grid.rows
        self.endResetModel()

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self._criteria

    @property
    def decision_column(self) -> int:
        return self.FIRST_CRITERION + len(self._criteria)

    def row_at(self, row: int) -> ScreeningRow:
        return self._rows[row]

    def rows(self) -> tuple[ScreeningRow, ...]:
        return self._rows

    def criterion_at(self, column: int) -> Criterion | None:
        offset = column - self.FIRST_CRITERION
        return self._criteria[offset] if 0 <= offset < len(self._criteria) else None

    def column_of(self, code: str) -> int:
        return self.FIRST_CRITERION + [c.code for c in self._criteria].index(code)

    def row_of(self, application_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.application.id == application_id), -1)

    # --- QAbstractTableModel ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._criteria) + 3

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        criterion = self.criterion_at(column)
        if criterion is not None:
            return self._criterion_data(row, criterion, role)
        if column == self.decision_column:
            return self._decision_data(row, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.application.display_number if column == self.NUMBER else row.application.full_name
        if role == SORT_ROLE:
            return row.application.number if column == self.NUMBER else kyrgyz_sort_key(row.application.full_name)
        return None

    def _criterion_data(self, row: ScreeningRow, criterion: Criterion, role: int) -> Any:
        cell = cell_of(row, criterion)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.mark.value
        if role == SORT_ROLE:
            return list(Mark).index(cell.mark)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            lines = [criterion_label(criterion, i18n.current_language()), cell_explanation(cell)]
            if cell.by_data:
                lines.append(_(OVERRIDE_REFUSED))
            return "\n".join(lines)
        return self._mark_data(cell.mark, role, centred=True)

    def _decision_data(self, row: ScreeningRow, role: int) -> Any:
        status = row.decision.status
        if role == Qt.ItemDataRole.DisplayRole:
            return _(SCREENING_STATUS_LABELS[status])
        if role == SORT_ROLE:
            return list(ScreeningStatus).index(status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if status is ScreeningStatus.PENDING:
                names = [criterion_label(c, i18n.current_language()) for c in self._criteria]
                waiting = [n for c, n in zip(self._criteria, names, strict=True) if c.code in row.decision.missing]
                return _("Awaiting a verdict on: {criteria}").format(criteria="; ".join(waiting))
            return "\n".join(f"• {reason}" for reason in row.decision.reasons) or None
        return self._mark_data(STATUS_MARKS[status], role, centred=False)

    @staticmethod
    def _mark_data(mark: Mark, role: int, centred: bool) -> Any:
        background, text = MARK_COLOURS[mark]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(background))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(text))
        if role == Qt.ItemDataRole.TextAlignmentRole and centred:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and centred:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
                return str(section + 1)
            return None
        if not 0 <= section < self.columnCount():
            return None
        criterion = self.criterion_at(section)
        if role == ROTATED_ROLE:
            return criterion is not None
        if criterion is not None:
            label = criterion_label(criterion, i18n.current_language())
            if role == Qt.ItemDataRole.DisplayRole:
                return label
            if role == Qt.ItemDataRole.ToolTipRole:
                how = _("Decided by the data") if criterion.automatic else _("Decided by the Commission's verdict")
                return "\n".join((label, how))
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == self.NUMBER:
            return _("Reg. No.")
        if section == self.NAME:
            return _("Full name")
        return _("Decision")

"""One table model for every list in the app: plain frozen rows, columns declared once with their text, sort key,
colour and tooltip; a proxy that filters on any column's text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor

from osgo_desktop.i18n import _

R = TypeVar("R")

#: the role a column's sort key is served under (the proxy sorts by it)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: the role that serves the whole row object
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    #: untranslated title (N_), translated when shown
    title: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    #: a text colour (e.g. red for an overdue deadline)
    color: Callable[[R], str | None] | None = None
    tooltip: Callable[[R], str] | None = None
    align_right: bool = False


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Read-only rows of type ``R`` under the given columns."""

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        #: each row's shown texts, lower case, for the filter (built on first use, per language)
        self._haystacks: list[str] | None = None
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    # --- data in --------------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._haystacks = None
        if self._sorted_by is not None:
            self._sort_rows(*self._sorted_by)
        self.endResetModel()
        # Build the search strings when the event loop is next idle, not on the first keystroke.
        QTimer.singleShot(0, self, self._warm)

    def _warm(self) -> None:
        if self._rows:
            self.haystack(0)

    def haystack(self, row: int) -> str:
        """Everything row ``row`` shows, in lower case: one string to search, instead of a call per column."""
        if self._haystacks is None:
            self._haystacks = [
                "\t".join(column.text(item) for column in self._columns).casefold() for item in self._rows
            ]
        return self._haystacks[row]

    def matching(self, needle: str) -> frozenset[int]:
        """The rows whose shown text contains ``needle`` (lower case)."""
        self._warm()
        return frozenset(i for i, text in enumerate(self._haystacks or ()) if needle in text)

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        spec = self._columns[column]
        key = spec.sort_key or spec.text
        self._rows.sort(key=lambda item: _SortKey(key(item)), reverse=order == Qt.SortOrder.DescendingOrder)
        self._haystacks = None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves (one Python sort, not a comparison call per pair through the proxy)."""
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        old = {id(item): index for index, item in enumerate(self._rows)}
        self._sort_rows(column, order)
        self._sorted_by = (column, order)
        new = {id(item): index for index, item in enumerate(self._rows)}
        moved = {old[key]: new[key] for key in old}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(moved[i.row()], i.column()) if i.isValid() else i for i in persistent]
        )
        self.layoutChanged.emit()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def retranslate(self) -> None:
        """Texts depend on the language: tell the views everything changed."""
        self._haystacks = None
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self._columns) - 1))
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))

    # --- QAbstractTableModel ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort_key(row) if column.sort_key else column.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            color = column.color(row)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return _(self._columns[section].title)
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class _SortKey:
    """Orders mixed sort keys (None first) without raising on incomparable types."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _SortKey) -> bool:
        a, b = self.value, other.value
        if a is None or b is None:
            return a is None and b is not None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)


class FilterProxy(QSortFilterProxyModel):
    """Keeps the rows where any column contains the filter text (any case). Over a :class:`RowTableModel` it
    searches each row's one precomputed string and lets the model sort its own rows — a keystroke on 10,000
    rows stays well under the 50 ms a user notices (bench/bench_applications_table.py); over any other model it
    falls back to Qt's own per-column filter and sort by each column's sort key."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._extra: Callable[[Any], bool] | None = None
        self._needle = ""
        self._matches: frozenset[int] | None = None

    def set_text(self, text: str) -> None:
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            self.setFilterRegularExpression(
                QRegularExpression(
                    QRegularExpression.escape(text.strip()), QRegularExpression.PatternOption.CaseInsensitiveOption
                )
            )
            return
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        # One pass in Python over the rows' search strings; Qt then asks about each row, a set look-up.
        self._matches = None if not self._needle else model.matching(self._needle)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, RowTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        """An extra condition on the row object (e.g. "only open competitions")."""
        self.beginFilterChange()
        self._extra = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        fast = isinstance(model, RowTableModel)
        if self._extra is not None:
            row = model.row_at(source_row) if fast else model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
            if row is not None and not self._extra(row):
                return False
        if fast:
            return self._matches is None or source_row in self._matches
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left: Index, right: Index) -> bool:
        return _SortKey(left.data(SORT_ROLE)) < _SortKey(right.data(SORT_ROLE))

"""One table model for every list in the app: plain frozen rows, columns declared once with their text, sort key,
colour and tooltip; a proxy that filters on any column's text without a Python call per row. Text sorts in Kyrgyz
alphabetical order (``domain.collation``), and a view says by which column only when it is sorted by one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
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
from PySide6.QtWidgets import QTableView

from osgo_desktop.domain.collation import alphabetical
from osgo_desktop.i18n import _

R = TypeVar("R")

#: the role a column's sort key is served under (the proxy sorts by it)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: the role that serves the whole row object
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
#: the header sections drawn upright (the criteria: narrow columns under long names; see RotatedHeader)
ROTATED_ROLE = Qt.ItemDataRole.UserRole + 10
#: how long after rows arrive their search strings are built (the screen is painted first)
WARM_AFTER_MS = 250

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    #: untranslated title (N_), translated when shown
    title: str
    text: Callable[[R], str]
    #: the order of the column's values; without one, the shown text in Kyrgyz alphabetical order (a key of text
    #: should use ``collation.alphabetical`` too)
    sort_key: Callable[[R], Any] | None = None
    #: a text colour (e.g. red for an overdue deadline)
    color: Callable[[R], str | None] | None = None
    tooltip: Callable[[R], str] | None = None
    align_right: bool = False

    def key(self, row: R) -> Any:
        """What the column sorts ``row`` by."""
        return self.sort_key(row) if self.sort_key is not None else alphabetical(self.text(row))


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Read-only rows of type ``R`` under the given columns."""

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        #: each row's shown texts, lower case, for the filter (built on first use, per language)
        self._haystacks: list[str] | None = None
        #: each row's shown texts, by column, made once (per language) for painting, fitting and filtering
        self._texts: dict[int, list[str]] = {}
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    # --- data in --------------------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._haystacks = None
        self._texts = {}
        if self._sorted_by is not None:
            self._sort_rows(*self._sorted_by)
        self.endResetModel()
        # Build the search strings once the rows are on screen, not on the first keystroke.
        QTimer.singleShot(WARM_AFTER_MS, self, self._warm)

    def _warm(self) -> None:
        if self._rows:
            self.haystack(0)

    def haystack(self, row: int) -> str:
        """Everything row ``row`` shows, in lower case: one string to search, instead of a call per column."""
        if self._haystacks is None:
            self._haystacks = ["\t".join(self._row_texts(i)).casefold() for i in range(len(self._rows))]
        return self._haystacks[row]

    def _row_texts(self, row: int) -> list[str]:
        texts = self._texts.get(row)
        if texts is None:
            item = self._rows[row]
            texts = self._texts[row] = [column.text(item) for column in self._columns]
        return texts

    def matching(self, needle: str, predicate: Callable[[R], bool] | None = None) -> list[int]:
        """The rows, in order, whose shown text contains ``needle`` (case-folded) and that ``predicate`` accepts:
        one pass over the precomputed search strings."""
        rows: Sequence[int]
        if not needle:
            rows = range(len(self._rows))
        else:
            self._warm()
            rows = [i for i, text in enumerate(self._haystacks or ()) if needle in text]
        if predicate is None:
            return list(rows)
        items = self._rows
        return [i for i in rows if predicate(items[i])]

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        key = self._columns[column].key
        self._rows.sort(key=lambda item: _SortKey(key(item)), reverse=order == Qt.SortOrder.DescendingOrder)
        self._haystacks = None
        self._texts = {}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves (one Python sort, not a comparison call per pair through the proxy); a column
        of -1 keeps the order the rows come in (the service's), now and when new rows arrive."""
        if not 0 <= column < len(self._columns):
            self._sorted_by = None
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
        self._texts = {}
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
        return self.cell(index.row(), index.column(), role)

    def cell(self, row_index: int, column_index: int, role: int) -> Any:
        """What ``data()`` serves for a valid row and column (the filter proxy asks here directly)."""
        row = self._rows[row_index]
        column = self._columns[column_index]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_texts(row_index)[column_index]
        if role == SORT_ROLE:
            return column.key(row)
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


def sortable(view: QTableView, column: int | None = None, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
    """Let the user sort ``view`` by a header click, starting sorted by ``column`` in ``order`` — or, with no column,
    in the order the rows come in, with no arrow on any header until the user sorts. (Turned on bare, Qt sorts by
    the first column, descending, and draws its arrow there.)"""
    view.horizontalHeader().setSortIndicator(-1 if column is None else column, order)
    view.setSortingEnabled(True)


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


class SortFilterProxy(QSortFilterProxyModel):
    """For a model that is not a :class:`RowTableModel` (the screening grid): Qt's own filter on every column's
    text (any case), an extra condition on the row object served under ``ROW_ROLE``, and a sort by each column's
    ``SORT_ROLE``. A Python call per row per change: fine for a grid of tens of rows, not for 10,000."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self._extra: Callable[[Any], bool] | None = None

    def set_text(self, text: str) -> None:
        self.setFilterRegularExpression(
            QRegularExpression(
                QRegularExpression.escape(text.strip()), QRegularExpression.PatternOption.CaseInsensitiveOption
            )
        )

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        """An extra condition on the row object (e.g. "only the rows that need attention")."""
        self.beginFilterChange()
        self._extra = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._extra is not None:
            model = self.sourceModel()
            row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
            if row is not None and not self._extra(row):
                return False
        return super().filterAcceptsRow(source_row, source_parent)

    def lessThan(self, left: Index, right: Index) -> bool:
        return _SortKey(left.data(SORT_ROLE)) < _SortKey(right.data(SORT_ROLE))


class FilterProxy(QAbstractProxyModel):
    """The rows of a :class:`RowTableModel` whose shown text contains the filter text (case-folded: Kyrgyz ң, ө,
    ү and Russian match in any case) and that an optional condition on the row object accepts.

    A keystroke is one pass in Python over the model's precomputed search strings, then one ``layoutChanged``
    (the selection and current row follow their rows); Qt never calls back into Python once per row, as a
    ``filterAcceptsRow`` override would make it do (bench/bench_applications_table.py: 10,000 rows). Sorting is
    the model's own (one Python sort); this proxy keeps the model's order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model: RowTableModel[Any] | None = None
        self._needle = ""
        self._predicate: Callable[[Any], bool] | None = None
        #: proxy row -> source row, and (built when asked) source row -> proxy row
        self._shown: list[int] = []
        self._positions: dict[int, int] | None = None
        self._saved: list[QModelIndex] = []
        self._saved_sources: list[QPersistentModelIndex] = []

    # --- the filter --------------------------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self._needle = needle
            self._refilter()

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        """An extra condition on the row object (e.g. "only open competitions")."""
        self._predicate = predicate
        self._refilter()

    def _matching(self) -> list[int]:
        return self._model.matching(self._needle, self._predicate) if self._model is not None else []

    def _refilter(self) -> None:
        shown = self._matching()
        if shown == self._shown:
            return
        self._about_to_change()
        self._shown, self._positions = shown, None
        self._changed()

    def _about_to_change(self) -> None:
        """Before the shown rows change: remember the persistent indexes (selection, current) by source row."""
        self.layoutAboutToBeChanged.emit()
        self._saved = self.persistentIndexList()
        self._saved_sources = [QPersistentModelIndex(self.mapToSource(index)) for index in self._saved]

    def _changed(self) -> None:
        self.changePersistentIndexList(self._saved, [self.mapFromSource(source) for source in self._saved_sources])
        self._saved, self._saved_sources = [], []
        self.layoutChanged.emit()

    # --- the source ----------------------------------------------------------------------------------------------
    def setSourceModel(self, model: QAbstractItemModel | None) -> None:
        if model is not None and not isinstance(model, RowTableModel):
            raise TypeError("FilterProxy shows a RowTableModel; use SortFilterProxy for other models")
        self.beginResetModel()
        if self._model is not None:
            for signal, slot in self._connections(self._model):
                signal.disconnect(slot)
        super().setSourceModel(model)  # type: ignore[arg-type]  # None detaches, as in Qt
        self._model = model
        if model is not None:
            for signal, slot in self._connections(model):
                signal.connect(slot)
        self._shown, self._positions = self._matching(), None
        self.endResetModel()

    def _connections(self, model: RowTableModel[Any]) -> list[tuple[Any, Callable[..., None]]]:
        return [
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._on_source_reset),
            (model.layoutAboutToBeChanged, self._about_to_change),
            (model.layoutChanged, self._on_source_layout_changed),
            (model.dataChanged, self._on_source_data_changed),
            (model.headerDataChanged, self.headerDataChanged.emit),
        ]

    def _on_source_reset(self) -> None:
        self._shown, self._positions = self._matching(), None
        self.endResetModel()

    def _on_source_layout_changed(self) -> None:
        """The model sorted its rows: the same rows shown, in the new order."""
        self._shown, self._positions = self._matching(), None
        self._changed()

    def _on_source_data_changed(self) -> None:
        """The texts changed (another language): search them again, then repaint."""
        if self._needle:
            self._refilter()
        if self._shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._shown) - 1, self.columnCount() - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._model is not None:
            self._model.sort(column, order)

    # --- QAbstractProxyModel -------------------------------------------------------------------------------------
    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if self._model is None or not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self._shown):
            return QModelIndex()
        return self._model.index(self._shown[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        if self._positions is None:
            self._positions = {source: row for row, source in enumerate(self._shown)}
        row = self._positions.get(source_index.row())
        return QModelIndex() if row is None else self.createIndex(row, source_index.column())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < len(self._shown) or not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._shown) and self.columnCount() > 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._model is None else self._model.columnCount()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._model is None or not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        return self._model.cell(self._shown[index.row()], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._model is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._shown):
                return None
            section = self._shown[section]
        return self._model.headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if self._model is None or not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._model.flags(index)

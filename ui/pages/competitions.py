"""The competitions page: every competition with its state and next legal deadline; the first-run guide."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.changes import Area
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.roles import Action
from osgo_desktop.i18n import _
from osgo_desktop.services.views import CompetitionRow
from ui import settings as S
from ui.context import AppContext, Reloader
from ui.models.columns import COMPETITION_COLUMNS
from ui.models.table import FilterProxy, RowTableModel, sortable

FINISHED = (State.CLOSED, State.CANCELLED)
#: how many rows the columns' widths are fitted to
FIT_ROWS = 60


class CompetitionsPage(QWidget):
    """Signals: ``competition_activated(int)`` — open a competition; ``new_requested()``;
    ``registries_requested()`` — the first-run guide's "fill the registries"."""

    competition_activated = Signal(int)
    new_requested = Signal()
    registries_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model: RowTableModel[CompetitionRow] = RowTableModel(COMPETITION_COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.new_button = QPushButton(self)
        ctx.guard(self.new_button, Action.EDIT_COMPETITIONS)
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_requested)
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.show_finished = QCheckBox(self)
        self.show_finished.setChecked(True)
        self.show_finished.toggled.connect(self._on_show_finished_toggled)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        sortable(self.table, 0, Qt.SortOrder.DescendingOrder)  # the newest first
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Fit the columns to the rows a screen shows, not to every row: with hundreds of competitions, measuring
        # each cell was most of the time it took the list to appear.
        header.setResizeContentsPrecision(FIT_ROWS)
        self.table.activated.connect(self._on_table_activated)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.guide = QLabel(self)
        self.guide.setObjectName("guide")
        self.guide.setWordWrap(True)
        self.guide.setTextFormat(Qt.TextFormat.RichText)
        self.guide.linkActivated.connect(self._on_guide_link_activated)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.filter, 1)
        top.addWidget(self.show_finished)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.guide)
        layout.addWidget(self.table, 1)
        ctx.language_changed.connect(self.retranslate)
        Reloader(self, ctx, (Area.COMPETITIONS, Area.REGISTRIES), self.reload)
        self.retranslate()
        if ctx.has_database:
            self.reload()
        header_state = ctx.settings.get(S.COMPETITIONS_HEADER)
        if not header_state.isEmpty():
            header.restoreState(header_state)

    def save_state(self) -> None:
        state: QByteArray = self.table.horizontalHeader().saveState()
        self.ctx.settings.set(S.COMPETITIONS_HEADER, state)

    def retranslate(self) -> None:
        self.title.setText(_("Competitions"))
        self.new_button.setText(_("&New competition…"))
        self.filter.setPlaceholderText(_("Filter by number, body, state… (Ctrl+F)"))
        self.show_finished.setText(_("Show closed and cancelled"))
        self.guide.setText(
            "<p><b>{welcome}</b></p><ol><li>{step1}</li><li>{step2}</li><li>{step3}</li></ol>".format(
                welcome=_("Welcome to OSGO Desktop. This database is new and empty."),
                step1=_(
                    "Fill the registries: <a href='registries'>state bodies, the Commission and the counting "
                    "commission</a>."
                ),
                step2=_(
                    "<a href='new'>Create a competition</a> for a state body's public council or for the "
                    "Commission's civil-society seats."
                ),
                step3=_("Print its announcement for the media and record the day it was published."),
            )
        )
        self.model.retranslate()
        self.table.resizeColumnToContents(4)

    def reload(self) -> None:
        from osgo_desktop.services import competitions  # SQLAlchemy: loaded with the database, not before

        self.show_rows(self.ctx.call(competitions.list_competitions))

    def show_rows(self, rows: list[CompetitionRow]) -> None:
        """Show ``rows`` — from the database, or from the app's first look before it is open."""
        self.model.set_rows(rows)
        self.guide.setVisible(not rows)
        self.table.setVisible(bool(rows))
        for column in (0, 2, 3, 4, 5):
            self.table.resizeColumnToContents(column)

    def show_above_list(self, widget: QWidget) -> None:
        """Put ``widget`` (the due overview, once the database is open) between the title and the list."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, widget)

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _on_show_finished_toggled(self, checked: bool) -> None:
        self.proxy.set_predicate(None if checked else (lambda row: row.state not in FINISHED))

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.competition_activated.emit(self.model.row_at(self.proxy.mapToSource(index).row()).id)

    def _on_guide_link_activated(self, link: str) -> None:
        if link == "new":
            self.new_requested.emit()
        else:
            self.registries_requested.emit()

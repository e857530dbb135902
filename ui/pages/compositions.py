"""The Compositions page: every public council and the Commission on a date; for the one selected, its members on
that date, its vacancies and its history; a member's departure recorded and a vacancy filled from the reserve."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.changes import Area
from osgo_desktop.domain.roles import Action
from osgo_desktop.i18n import _
from osgo_desktop.services import composition_views as views
from osgo_desktop.services import vacancies
from osgo_desktop.services.composition_views import BodyComposition, CompositionDetail, MandateRow, VacancyRow
from ui.context import AppContext, Reloader
from ui.dialogs.compositions import Departure, DepartureDialog, Fill, FillDialog
from ui.models.compositions import BodiesModel, history_model, history_rows, members_model, vacancies_model
from ui.models.table import ROW_ROLE, FilterProxy
from ui.widgets.forms import Banner, FormDialog, date_edit, read_only_table
from ui.widgets.page_header import PageHeader


def _day(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class CompositionsPage(QWidget):
    """Signals: ``back_requested()`` — back to the competitions."""

    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CompositionDetail | None = None
        #: the body shown (None: the Commission), kept across reloads and dates
        self.body_id: int | None = None
        self.dialog: FormDialog | None = None

        header = PageHeader(self)
        self.back_button, self.title = header.back_button, header.title
        header.state_label.hide()
        self.back_button.clicked.connect(self.back_requested)
        self.on_label = QLabel(self)
        self.on_date = date_edit(ctx.clock.today())
        self.on_label.setBuddy(self.on_date)
        self.on_date.dateChanged.connect(lambda _d: self.reload())
        self.today_button = QPushButton(self)
        self.today_button.clicked.connect(self._on_today_clicked)
        header.add_action(self.on_label)
        header.add_action(self.on_date)
        header.add_action(self.today_button)

        # the bodies, on the left
        self.bodies = BodiesModel(self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.bodies)
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.bodies_table = read_only_table(self.proxy, self)
        self.bodies_table.setSortingEnabled(True)
        self.bodies_table.sortByColumn(BodiesModel.NAME, Qt.SortOrder.AscendingOrder)
        self.bodies_table.setAlternatingRowColors(True)
        # a long name wraps onto a second line rather than lose its end
        self.bodies_table.setWordWrap(True)
        self.bodies_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        bodies_header = self.bodies_table.horizontalHeader()
        bodies_header.setStretchLastSection(False)
        bodies_header.setSectionResizeMode(BodiesModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.bodies_table.selectionModel().selectionChanged.connect(self._on_bodies_selection_changed)
        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.filter)
        left_box.addWidget(self.bodies_table, 1)

        # the body selected, on the right
        self.body_title = QLabel(self)
        self.body_title.setObjectName("sectionTitle")
        self.body_title.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.members = members_model(self)
        self.members_table = read_only_table(self.members, self)
        self.members_table.setSortingEnabled(True)
        self.members_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt starts a sortable view descending
        self.members_table.setAlternatingRowColors(True)
        self.members_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.vacancy_rows = vacancies_model(self)
        self.vacancies_table = read_only_table(self.vacancy_rows, self)
        self.vacancies_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        self.history = history_model(self)
        self.history_table = read_only_table(self.history, self)
        self.history_table.setAlternatingRowColors(True)
        self.depart_button = QPushButton(self)
        ctx.guard(self.depart_button, Action.EDIT_COMPOSITIONS)
        self.depart_button.clicked.connect(lambda: self.record_departure())
        self.fill_button = QPushButton(self)
        ctx.guard(self.fill_button, Action.FILL_VACANCY)
        self.fill_button.setObjectName("primary")
        self.fill_button.clicked.connect(lambda: self.fill_vacancy())
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._tab(self.members_table, self.depart_button), "")
        self.tabs.addTab(self._tab(self.vacancies_table, self.fill_button), "")
        self.tabs.addTab(self.history_table, "")
        self.message = Banner(self)
        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.body_title)
        right_box.addWidget(self.summary)
        right_box.addWidget(self.tabs, 1)
        right_box.addWidget(self.message)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([560, 780])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)
        ctx.language_changed.connect(self.retranslate)
        Reloader(self, ctx, (Area.COMPOSITIONS, Area.REGISTRIES), self.reload)
        self.retranslate()

    def _tab(self, table: QTableView, button: QPushButton) -> QWidget:
        tab = QWidget(self)
        box = QVBoxLayout(tab)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(table, 1)
        actions = QHBoxLayout()
        actions.addWidget(button)
        actions.addStretch(1)
        box.addLayout(actions)
        return tab

    # --- loading ---------------------------------------------------------------------------------------------
    @property
    def on(self) -> dt.date:
        return _day(self.on_date.date())

    def reload(self) -> None:
        """The list on the date, then the body selected (the Commission at first)."""
        self.bodies.set_rows(self.ctx.call(views.list_compositions, self.on))
        self.select_body(self.body_id)

    def select_body(self, body_id: int | None) -> None:
        row = self.bodies.row_of(body_id)
        if row is None:
            row, body_id = 0, None
        self.body_id = body_id
        index = self.proxy.mapFromSource(self.bodies.index(row, 0))
        if index.isValid():
            self.bodies_table.selectRow(index.row())
            self.bodies_table.scrollTo(index)
        self._load_detail()

    def _on_bodies_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        row: BodyComposition = indexes[0].data(ROW_ROLE)
        if row.body_id != self.body_id or self.detail is None:
            self.body_id = row.body_id
            self._load_detail()

    def _load_detail(self) -> None:
        self.detail = self.ctx.call(views.composition_detail, self.body_id, self.on)
        self.members.set_rows(self.detail.members)
        self.vacancy_rows.set_rows(self.detail.vacancies)
        self.history.set_rows(history_rows(self.detail.history))
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.detail
        if detail is None:
            return
        body = detail.body
        name = body.name.get(i18n.current_language())
        self.body_title.setText(f"{name} ({body.code})" if body.code and not body.is_commission else name)
        sitting = next((t for t in detail.history if t.composition_id == body.composition_id), None)
        parts = []
        if sitting is not None:
            formed = (
                _("formed by competition {number}").format(number=sitting.competition)
                if sitting.competition
                else _("imported")
            )
            parts.append(
                _("Term of office: {start} – {end}, {formed}.").format(
                    start=i18n.format_date(sitting.term_start, style="numeric"),
                    end=i18n.format_date(sitting.term_end, style="numeric"),
                    formed=formed,
                )
            )
        elif not body.is_commission:
            parts.append(_("No composition sits on this date."))
        parts.append(
            _("Seats: {seats}, filled: {filled}, vacant: {vacant}.").format(
                seats=body.seats, filled=body.filled, vacant=body.vacant
            )
        )
        self.summary.setText(" ".join(parts))
        self.tabs.setTabText(0, _("Members ({count})").format(count=len(detail.members)))
        self.tabs.setTabText(1, _("Vacancies ({count})").format(count=len(detail.vacancies)))
        self.tabs.setTabText(2, _("History ({count})").format(count=len(detail.history)))
        self._update_actions()

    # --- actions ---------------------------------------------------------------------------------------------
    def selected_member(self) -> MandateRow | None:
        rows = self.members_table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def selected_vacancy(self) -> VacancyRow | None:
        rows = self.vacancies_table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _update_actions(self) -> None:
        member, vacancy = self.selected_member(), self.selected_vacancy()
        self.depart_button.setEnabled(member is not None and member.mandate_id is not None)
        self.depart_button.setToolTip(
            _("Choose a member on record with a mandate.")
            if member is not None and member.mandate_id is None
            else _("The member leaves the seat before the term ends; the seat becomes a vacancy.")
        )
        fillable = vacancy is not None and vacancy.vacated_id is not None
        self.fill_button.setEnabled(fillable)
        self.fill_button.setToolTip(
            _("Next on the reserve list of the competition that formed the composition, by the Commission's decision.")
            if fillable or vacancy is None
            else _("Only a seat a member left early is filled from the reserve list.")
        )

    def record_departure(self) -> DepartureDialog | None:
        member = self.selected_member()
        if member is None or member.mandate_id is None:
            return None
        dialog = DepartureDialog(member, self.ctx.clock.today(), self)

        def save(value: Departure) -> None:
            self.ctx.call(vacancies.record_departure, value.mandate_id, value.left_on, value.reason, value.note)

        self.dialog = self.ctx.open_form(dialog, save, saved=lambda _r: self._said(_("The departure is recorded.")))
        return dialog

    def fill_vacancy(self) -> FillDialog | None:
        vacancy = self.selected_vacancy()
        if vacancy is None or vacancy.vacated_id is None:
            return None
        try:
            preview = self.ctx.call(vacancies.reserve_preview, vacancy.vacated_id)
        except Exception as exc:  # a vacancy that cannot be filled from a reserve says why
            self.ctx.report(exc, self)
            return None
        dialog = FillDialog(vacancy, preview, self.ctx.clock.today(), self)
        store = self.ctx.document_store()

        def saved(filled: vacancies.Filled) -> None:
            self._said(
                _("{name} takes the seat; decision No. {number} is issued.").format(
                    name=filled.name, number=filled.number
                )
            )

        def arguments(value: Fill) -> tuple[object, int, dt.date]:
            return store, value.mandate_id, value.decided_on

        # the decision is issued in every official language (its PDFs): in the background, the form waiting
        self.dialog = self.ctx.open_form_op(dialog, vacancies.fill_from_reserve, arguments, saved)
        return dialog

    def _said(self, text: str) -> None:
        self.message.show_message(text)

    def _on_today_clicked(self) -> None:
        self.on_date.setDate(QDate.fromString(self.ctx.clock.today().isoformat(), Qt.DateFormat.ISODate))

    # --- language --------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.message.hide()
        self.back_button.setText(_("Competitions"))
        self.title.setText(_("Compositions of the councils and of the Commission"))
        self.on_label.setText(_("On date:"))
        self.today_button.setText(_("Today"))
        self.filter.setPlaceholderText(_("Find a council by name or code"))
        self.depart_button.setText(_("Record departure…"))
        self.fill_button.setText(_("Fill from the reserve…"))
        for model in (self.bodies, self.members, self.vacancy_rows, self.history):
            model.retranslate()
        self._show_detail()
        self._update_actions()

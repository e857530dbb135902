"""The due overview on the start screen: what each council (and the Commission) must do next, overdue first; a
competition made from a row in one step, and a campaign from several.

Signals: ``competition_activated(int)`` — open a competition (made from a row, or the one a row names);
``draft_requested(object)`` — a ``CompetitionDraft`` made from a row still lacks what only the user can type (where
documents are accepted): the competition form should open with it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.changes import Area
from osgo_desktop.domain.due import DueRow, Step
from osgo_desktop.domain.profile import Kind, KindRules
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.services import campaigns, due
from osgo_desktop.services.registries import current_profile
from ui.context import AppContext, Reloader
from ui.models.due import DueModel
from ui.models.table import FilterProxy
from ui.widgets.forms import FormDialog, bilingual_row

#: rows the table shows before it scrolls (the competitions list stays in sight below)
VISIBLE_ROWS = 7
#: the council's (or body's) name and the step: the two long texts, which share the room the others leave
BODY_COLUMN, STEP_COLUMN = 2, 3


class DuePanel(QWidget):
    """The due overview (see the module docstring for its signals)."""

    competition_activated = Signal(int)
    draft_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = DueModel(self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.summary = QLabel(self)
        self.create_button = QPushButton(self)
        ctx.guard(self.create_button, Action.EDIT_COMPETITIONS)
        self.create_button.clicked.connect(self._on_create_clicked)
        self.campaign_button = QPushButton(self)
        ctx.guard(self.campaign_button, Action.EDIT_COMPETITIONS)
        self.campaign_button.clicked.connect(self._on_campaign_clicked)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.viewport().installEventFilter(self)  # the long columns share the width anew on each resize
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.summary, 1)
        top.addWidget(self.create_button)
        top.addWidget(self.campaign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        # As tall as its rows (up to VISIBLE_ROWS): the competitions list below takes the rest of the page.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.dialog: CampaignDialog | None = None
        ctx.language_changed.connect(self.retranslate)
        Reloader(self, ctx, (Area.COMPETITIONS, Area.COMPOSITIONS, Area.REGISTRIES), self.reload)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.title.setText(_("What is due"))
        self.create_button.setText(_("Create its competition"))
        self.create_button.setToolTip(
            _("A competition in draft for the selected row: body, seats and expiry date from the composition.")
        )
        self.campaign_button.setText(_("Campaign of the selected councils…"))
        self.model.retranslate()
        self._fit()
        self._update_summary()

    def reload(self) -> None:
        self.model.set_rows(self.ctx.call(due.due_overview).rows)
        self._fit()
        self._update_summary()
        self._update_buttons()

    def _fit(self) -> None:
        for column in range(self.model.columnCount()):
            self.table.resizeColumnToContents(column)
        self._share_width()
        rows = min(max(self.model.rowCount(), 1), VISIBLE_ROWS)
        height = self.table.horizontalHeader().height() + rows * self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(height + 2 * self.table.frameWidth() + 2)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._share_width()
        return super().eventFilter(watched, event)

    def _share_width(self) -> None:
        """The body's name and the step share what the short columns leave, each in proportion to its longest
        text (neither is cut to nothing by the other); room to spare goes to the name."""
        header = self.table.horizontalHeader()
        long = (BODY_COLUMN, STEP_COLUMN)
        room = self.table.viewport().width() - sum(
            header.sectionSize(c) for c in range(self.model.columnCount()) if c not in long
        )
        wanted = {c: max(self.table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in long}
        total = sum(wanted.values())
        if total <= room:
            header.resizeSection(STEP_COLUMN, wanted[STEP_COLUMN])
            header.resizeSection(BODY_COLUMN, room - wanted[STEP_COLUMN])
            return
        for column, width in wanted.items():
            header.resizeSection(column, max(room * width // max(total, 1), header.sectionSizeHint(column)))

    def _update_summary(self) -> None:
        rows = self.model.rows()
        overdue = sum(1 for r in rows if r.overdue)
        self.summary.setText(
            i18n.ngettext("{count} step is overdue", "{count} steps are overdue", overdue).format(count=overdue)
            if overdue
            else _("Nothing is overdue")
        )
        self.summary.setStyleSheet("color: #b00020; font-weight: bold;" if overdue else "")

    def selected_rows(self) -> list[DueRow]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.row_at(r) for r in sorted(rows)]

    def _campaign_rows(self) -> list[DueRow]:
        return [
            r for r in self.selected_rows() if r.kind is Kind.COUNCIL and r.step is not Step.REPLACE and r.can_create
        ]

    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        self.create_button.setEnabled(len(rows) == 1 and rows[0].can_create)
        self.campaign_button.setEnabled(len(rows) >= 2 and len(self._campaign_rows()) == len(rows))

    def _on_table_activated(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        if row.competition is not None:
            self.competition_activated.emit(row.competition.id)

    def _on_create_clicked(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        step = Step.REPLACE if row.step is Step.REPLACE else Step.ANNOUNCE
        try:
            draft = self.ctx.call(due.draft_from_due, row.body.body_id, step)
            if not draft.intake_address:  # only this is not on record yet: the form asks for it
                self.draft_requested.emit(draft)
                return
            competition_id = self.ctx.call(due.create_from_due, row.body.body_id, step)
        except KnownError as exc:
            self.ctx.report(exc, self)
            return
        self.competition_activated.emit(competition_id)

    def _on_campaign_clicked(self) -> None:
        rows = self._campaign_rows()
        if len(rows) < 2:
            return
        rules = self.ctx.call(current_profile).rules(Kind.COUNCIL)
        dialog = CampaignDialog(rows, rules, self)

        def save(value: tuple[list[tuple[int, int | None]], str, str]) -> campaigns.CampaignCreated:
            picks, address, address_ru = value
            return self.ctx.call(campaigns.create_campaign, picks, intake_address=address, intake_address_ru=address_ru)

        self.dialog = dialog
        self.ctx.open_form(dialog, save)


class CampaignDialog(FormDialog):
    """The councils chosen from the due list, each with its seats (the composition's to start with), and where
    documents are accepted (left empty: as the latest competition gave it)."""

    def __init__(self, rows: list[DueRow], rules: KindRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.seats: list[QSpinBox] = []
        lang = i18n.current_language()
        for row in rows:
            spin = QSpinBox(self)
            spin.setRange(rules.seats_min, rules.seats_max)
            spin.setValue(min(max(row.seats, rules.seats_min), rules.seats_max))
            self.seats.append(spin)
            name = row.body.name.get(lang)
            self.add_field(f"seats_{row.body.body_id}", spin, lambda name=name: name)  # type: ignore[misc]
        self.address = bilingual_row(max_length=500)
        self.add_field("intake_address", self.address, lambda: _("Where documents are accepted"))
        self.setWindowTitle(_("New campaign"))
        self.set_intro(
            _(
                "One competition per council, in draft, announced together: one announcement, one intake. Body, "
                "seats and expiry date come from each council's composition."
            )
        )
        self.address.set_placeholder(_("as the latest competition gave it"))
        self.retranslate()
        self.revalidate()

    def value(self) -> tuple[list[tuple[int, int | None]], str, str]:
        picks: list[tuple[int, int | None]] = [
            (row.body.body_id, spin.value())
            for row, spin in zip(self.rows, self.seats, strict=True)
            if row.body.body_id is not None
        ]
        return picks, self.address.ky.text(), self.address.ru.text()

"""The audit viewer: the log's entries, newest first, filtered by table, actor, dates and text; the chain's state."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.domain.roles import Action
from osgo_desktop.i18n import N_, _
from osgo_desktop.services import audit as audit_service
from osgo_desktop.services.audit import AuditRow, actor_label
from osgo_desktop.storage import audit
from ui.context import AppContext
from ui.models.table import Column, FilterProxy, RowTableModel, sortable
from ui.widgets import questions
from ui.widgets.forms import qdate
from ui.widgets.screen import fit_to_screen

ACTION_LABELS = {
    "insert": N_("added"),
    "update": N_("changed"),
    "delete": N_("removed"),
    "baseline": N_("baseline"),
    "restore": N_("restore acknowledged"),
}

AUDIT_COLUMNS: tuple[Column[AuditRow], ...] = (
    Column(N_("No."), lambda r: str(r.seq), sort_key=lambda r: r.seq, align_right=True),
    Column(N_("Time (Bishkek)"), lambda r: r.at_bishkek.strftime("%Y-%m-%d %H:%M:%S"), sort_key=lambda r: r.seq),
    Column(N_("Who"), lambda r: r.who),
    Column(N_("Action"), lambda r: _(ACTION_LABELS.get(r.action, r.action))),
    Column(N_("Table"), lambda r: audit.table_label(r.table), tooltip=lambda r: r.table),
    # the tooltip: the record whole (a column opens at most MAX_COLUMN_WIDTH wide) and its key in the database
    Column(N_("Record"), lambda r: r.record, tooltip=lambda r: f"{r.record}\n{audit.describe_key(dict(r.key))}"),
    Column(N_("What changed"), lambda r: r.summary, tooltip=lambda r: r.summary.replace("; ", "\n")),
)

#: the widest a column opens (the last one, what changed, takes the rest)
MAX_COLUMN_WIDTH = 320
#: how long the date filters wait for the next keystroke before they ask the database
DATE_PAUSE_MS = 300
OK_STYLE = "color:#1b5e20;"
BROKEN_STYLE = "color:#b00020;"


class AuditDialog(QDialog):
    """Read-only: nothing here changes the log. The table, actor and date filters ask the database again; the
    text filter narrows what is shown as it is typed."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model: RowTableModel[AuditRow] = RowTableModel(AUDIT_COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.check_button = QPushButton(self)
        self.check_button.clicked.connect(self._on_check_clicked)
        #: shown when the database is an older copy than the newest seen on this computer
        self.restored_label = QLabel(self)
        self.restored_label.setWordWrap(True)
        self.restored_label.setStyleSheet(BROKEN_STYLE)
        self.ack_button = QPushButton(self)
        ctx.guard(self.ack_button, Action.RESTORE)
        self.ack_button.clicked.connect(self._on_ack_clicked)
        self.table_filter = QComboBox(self)
        self.actor_filter = QComboBox(self)
        self.since_check = QCheckBox(self)
        self.until_check = QCheckBox(self)
        today = qdate(ctx.clock.today())
        self.since = QDateEdit(today, self)
        self.until = QDateEdit(today, self)
        #: a date typed digit by digit asks the database once, when the typing pauses
        self._date_pause = QTimer(self)
        self._date_pause.setSingleShot(True)
        self._date_pause.setInterval(DATE_PAUSE_MS)
        self._date_pause.timeout.connect(self._on_filter_changed)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self._date_pause.start)
        self.since_check.toggled.connect(self._on_filter_changed)
        self.until_check.toggled.connect(self._on_filter_changed)
        self.table_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.actor_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.text_filter = QLineEdit(self)
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self.proxy.set_text)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        sortable(self.table, 0, Qt.SortOrder.DescendingOrder)  # newest first, as the log is read
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()  # the entry's own No. is the first column; a row's place says nothing
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)

        status = QHBoxLayout()
        status.addWidget(self.status, 1)
        status.addWidget(self.check_button)
        restored = QHBoxLayout()
        restored.addWidget(self.restored_label, 1)
        restored.addWidget(self.ack_button)
        filters = QHBoxLayout()
        for combo in (self.table_filter, self.actor_filter):  # the choice shown whole; the text filter gives way
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for widget in (
            self.table_filter,
            self.actor_filter,
            self.since_check,
            self.since,
            self.until_check,
            self.until,
        ):
            filters.addWidget(widget)
        filters.addWidget(self.text_filter, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(restored)
        layout.addLayout(status)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1366, 640)  # seven columns, names of people among them: as wide as the screen allows
        #: while the combo boxes are refilled (their changes then are not the user's)
        self._filling = False
        #: the number of the last request to the database; an answer to an older one is dropped
        self._asked = 0
        #: whether an answer is awaited (the table shows the previous one meanwhile)
        self.loading = False
        #: how many entries the log held at the last answer
        self._entries: int | None = None
        #: while the chain is checked; when this dialog's last check ended (Bishkek)
        self.checking = False
        self._checked_at: dt.datetime | None = None
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        # The quick parts now, so that the dialog opens laid out as it stays; the entries follow from the background.
        self._fill_choices(ctx.call(audit_service.audit_filters))
        self._show_restored(ctx.call(audit_service.restored_copy))
        self.reload()
        self.check()  # the verdict of now, not of the app's start: the data may have been changed since

    # --- filters --------------------------------------------------------------------------------------------
    def _fill_choices(self, choices: audit_service.AuditFilters) -> None:
        self._filling = True
        for combo, everything, values in (
            (self.table_filter, _("All tables"), choices.tables),
            (self.actor_filter, _("Everyone"), choices.actors),
        ):
            current = combo.currentData()
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(audit.table_label(value) if combo is self.table_filter else actor_label(value), value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        self._filling = False

    def reload(self) -> None:
        """Ask the database again, in the background (2,000 entries and the rows they name take a while on a big
        log): the filters' choices, the newest entries that pass them, the log's size, a restored copy."""
        self._asked += 1
        asked = self._asked
        self.loading = True
        self.ctx.op(
            audit_service.audit_view,
            table=self.table_filter.currentData(),
            actor=self.actor_filter.currentData(),
            since=self.since.date().toPython() if self.since_check.isChecked() else None,
            until=self.until.date().toPython() if self.until_check.isChecked() else None,
            on_done=lambda view: self._on_loaded(asked, view),
            parent=self,
        ).failed.connect(lambda _exc: self._on_load_failed(asked))

    def _on_loaded(self, asked: int, view: audit_service.AuditView) -> None:
        if asked != self._asked:  # the filters changed meanwhile: the newer answer is on its way
            return
        self.loading = False
        self._fill_choices(view.filters)
        self.model.set_rows(view.rows)
        self.proxy.set_text(self.text_filter.text())
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount() - 1):  # a long name or value: the tooltip has it whole
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_COLUMN_WIDTH))
        self._entries = view.entries
        self._show_report()
        self._show_restored(view.restored)

    def _on_load_failed(self, asked: int) -> None:
        if asked == self._asked:  # the error is reported; the table keeps what it showed
            self.loading = False

    def _on_filter_changed(self) -> None:
        self.since.setEnabled(self.since_check.isChecked())
        self.until.setEnabled(self.until_check.isChecked())
        if not self._filling:
            self.reload()

    # --- the chain's state ----------------------------------------------------------------------------------
    def _show_report(self) -> None:
        report = self.ctx.db.audit_report
        if self.checking:
            self.status.setText(_("Checking the audit chain and every row against it…"))
            self.status.setStyleSheet("")
        elif report is None:
            self.status.setText(_("The audit chain has not been checked yet."))
            self.status.setStyleSheet("")
        elif report.ok:
            count = report.covered
            added = (self._entries if self._entries is not None else count) - count
            text = _("The audit chain is intact (entries checked: {count}).").format(count=count)
            if added > 0:  # the report is the last check's (on opening, or the button's): say what it left out
                text = _(
                    "The audit chain was intact when it was last checked (entries checked: {count}). Entries added "
                    "since: {added}; “Check the chain” checks them too."
                ).format(count=count, added=added)
            elif added < 0:  # entries gone since the check: not the app's doing
                self.status.setText(
                    _(
                        "The audit log holds fewer entries than at its last check ({now} instead of {count}). Check "
                        "the chain."
                    ).format(now=self._entries, count=count)
                )
                self.status.setStyleSheet(BROKEN_STYLE)
                return
            self.status.setText(self._when(text))
            self.status.setStyleSheet(OK_STYLE)
        else:
            self.status.setText(self._when("\n".join(audit.describe(report))))
            self.status.setStyleSheet(BROKEN_STYLE)

    def _when(self, verdict: str) -> str:
        """``verdict`` with the time it was reached here (a verdict from the app's start says nothing more)."""
        if self._checked_at is None:
            return verdict
        return verdict + " " + _("Checked at {time}.").format(time=self._checked_at.strftime("%H:%M:%S"))

    def _show_restored(self, restored: audit_service.Restored | None) -> None:
        self.restored_label.setText(restored.message() if restored is not None else "")
        self.restored_label.setVisible(restored is not None)
        self.ack_button.setVisible(restored is not None)

    def _on_ack_clicked(self) -> None:
        """An administrator's step: asked once more, then recorded in the audit log."""
        if questions.ask(
            self,
            _("Acknowledge the restore"),
            _(
                "Accept this older copy as the database in use? The acknowledgement is recorded in the audit log "
                "under your name; the warning then stops. Changes made in the newer copy stay missing from this one."
            ),
            _("Acknowledge"),
        ):
            self.ctx.call(audit_service.acknowledge_restore)
            self.reload()

    def check(self) -> None:
        """Check the chain and the rows against it, in the background (it reads every row); on opening, and with
        the button. The verdict on screen says when it was reached."""
        self.checking = True
        self.check_button.setEnabled(False)
        self._show_report()
        db = self.ctx.db
        task = self.ctx.run(lambda _progress: db.check_audit(), self._on_check_finished, self, name="audit-check")
        task.done.connect(self._on_check_done)

    def _on_check_clicked(self) -> None:
        self.check()

    def _on_check_finished(self, _report: audit.ChainReport) -> None:
        self._checked_at = self.ctx.clock.local_now()
        # the check counted the log as it read it: a count from before it says nothing more (and set against the
        # check's, could read as entries gone); the next read of the entries counts again
        self._entries = None

    def _on_check_done(self) -> None:
        self.checking = False  # also when the check failed (the error is reported)
        self.check_button.setEnabled(True)
        self._show_report()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Audit log"))
        self.check_button.setText(_("Check the chain"))
        self.ack_button.setText(_("Acknowledge the restore…"))
        self.since_check.setText(_("From"))
        self.until_check.setText(_("To"))
        self.text_filter.setPlaceholderText(_("Filter…"))
        self.close_button.setText(_("Close"))
        if self.table_filter.count():
            self.table_filter.setItemText(0, _("All tables"))
            self.actor_filter.setItemText(0, _("Everyone"))
        for index in range(1, self.table_filter.count()):
            self.table_filter.setItemText(index, audit.table_label(self.table_filter.itemData(index)))
        for index in range(1, self.actor_filter.count()):
            self.actor_filter.setItemText(index, actor_label(self.actor_filter.itemData(index)))
        self.model.retranslate()
        self._show_report()

"""An administrator's list of the people whose personal data is no longer kept, and its erasure after a confirmation
(docs/decisions.md, "Personal data: how long it is kept and how it is erased")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.domain import roles
from osgo_desktop.domain.personal_data import KEEP_MONTHS
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import N_, _, ngettext
from osgo_desktop.services import personal_data
from osgo_desktop.services.personal_data import DuePerson, Erased
from ui.context import AppContext
from ui.dialogs.guide import offer_guide
from ui.models.table import Column, RowTableModel, sortable
from ui.widgets import questions
from ui.widgets.screen import fit_to_screen

DUE_COLUMNS: tuple[Column[DuePerson], ...] = (
    Column(N_("Person"), lambda r: r.full_name),
    Column(
        N_("No longer kept since"),
        lambda r: i18n.format_date(r.since, style="numeric"),
        sort_key=lambda r: r.since,
    ),
    Column(N_("Applications"), lambda r: ", ".join(r.applications) or "—"),
)


class PersonalDataDialog(QDialog):
    """Who is due for erasure, and since when; "Erase…" erases the selected people (all of them when none is
    selected) once the administrator confirms. Erasing needs ``Action.ERASE_PERSONAL``: the service refuses anyone
    else, and the button is off for them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.model: RowTableModel[DuePerson] = RowTableModel(DUE_COLUMNS, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        sortable(self.table, 1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.erase_button = QPushButton(self)
        self.erase_button.clicked.connect(self._on_erase_clicked)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.erase_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        fit_to_screen(self, 760, 480)
        offer_guide(ctx, self)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(self.ctx.call(personal_data.due_for_erasure))
        self.table.resizeColumnsToContents()
        may = roles.allowed(self.ctx.db.principal, Action.ERASE_PERSONAL)
        self.erase_button.setEnabled(may and self.model.rowCount() > 0)

    def chosen(self) -> list[DuePerson]:
        """The selected people, or everyone listed when nobody is selected."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            rows = list(range(self.model.rowCount()))
        return [self.model.row_at(row) for row in rows]  # the table shows the model itself, sorted in place

    def _on_erase_clicked(self) -> None:
        chosen = self.chosen()
        if not chosen:
            return
        names = "\n".join(f"• {person.full_name}" for person in chosen[:10])
        more = len(chosen) - 10
        if more > 0:
            names += "\n" + _("… and {count} more").format(count=more)
        if not questions.ask(
            self,
            _("Erase personal data"),
            ngettext(
                "Erase the personal data of {count} person? Their ID number, birth date, contacts, workplace and "
                "notes are deleted from the database and from the audit log, and cannot be recovered. Names and "
                "protocols stay.\n\n{names}",
                "Erase the personal data of {count} people? Their ID numbers, birth dates, contacts, workplaces and "
                "notes are deleted from the database and from the audit log, and cannot be recovered. Names and "
                "protocols stay.\n\n{names}",
                len(chosen),
            ).format(count=len(chosen), names=names),
            _("Erase"),
        ):
            return
        try:
            erased: list[Erased] = self.ctx.call(
                personal_data.erase_personal_data, [person.person_id for person in chosen]
            )
        except KnownError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(
            ngettext(
                "The personal data of {count} person was erased; the audit log records it.",
                "The personal data of {count} people was erased; the audit log records it.",
                len(erased),
            ).format(count=len(erased))
        )
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Personal data due for erasure"))
        self.intro.setText(
            ngettext(
                "Applicants' personal data is kept while their competition runs, while they hold a seat or may fill "
                "one from a reserve list, and {months} month after. These people's keeping time is over.",
                "Applicants' personal data is kept while their competition runs, while they hold a seat or may fill "
                "one from a reserve list, and {months} months after. These people's keeping time is over.",
                KEEP_MONTHS,
            ).format(months=KEEP_MONTHS)
        )
        self.erase_button.setText(_("Erase…"))
        self.erase_button.setToolTip(_("Erase the selected people's personal data (everyone listed if none)"))
        self.close_button.setText(_("Close"))
        self.model.retranslate()

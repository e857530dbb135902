"""The administrator's accounts: who signs in, with which roles, active or not; add, change roles, deactivate or
reactivate (accounts are never deleted: the records name them), reset a forgotten password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.domain.roles import Role, role_label
from osgo_desktop.i18n import N_, _
from osgo_desktop.services import accounts
from osgo_desktop.services.accounts import AccountDraft, AccountRow
from ui.context import AppContext
from ui.dialogs.guide import offer_guide
from ui.dialogs.sign_in import NewPasswordDialog, PasswordChange, new_password_errors, secret_edit
from ui.models.table import Column, FilterProxy, RowTableModel, sortable
from ui.widgets.forms import FormDialog, line_edit
from ui.widgets.screen import fit_to_screen


def roles_text(roles: frozenset[Role]) -> str:
    return ", ".join(role_label(role) for role in Role if role in roles)


COLUMNS: list[Column[AccountRow]] = [
    Column(N_("Login"), lambda r: r.login),
    Column(N_("Name"), lambda r: r.name),
    Column(N_("Roles"), lambda r: roles_text(r.roles)),
    Column(
        N_("State"),
        lambda r: (_("locked for a while") if r.locked_until else _("active")) if r.active else _("deactivated"),
        color=lambda r: None if r.active else "#6b6b6b",
    ),
    Column(N_("Station PIN"), lambda r: _("set") if r.has_station_pin else "—"),
]


class RoleChecks(QWidget):
    """One box per role, in the order of ``domain.roles.Role``."""

    def __init__(self, roles: frozenset[Role] = frozenset(), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Role, QCheckBox] = {}
        for role in Role:
            box = self.boxes[role] = QCheckBox(self)
            box.setChecked(role in roles)
            layout.addWidget(box)
        self.retranslate()

    def retranslate(self) -> None:
        for role, box in self.boxes.items():
            box.setText(role_label(role))

    def value(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.boxes.items() if box.isChecked())


class AccountForm(FormDialog):
    """A new account: login, name, first password (twice), roles; returns an ``AccountDraft``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.login: QLineEdit = line_edit(max_length=100)
        self.name: QLineEdit = line_edit(max_length=300)
        self.password = secret_edit()
        self.again = secret_edit()
        self.roles = RoleChecks(parent=self)
        self.add_field("login", self.login, lambda: _("Login"))
        self.add_field("name", self.name, lambda: _("Name"))
        self.add_field("password", self.password, lambda: _("First password"))
        self.add_field("again", self.again, lambda: _("The password again"))
        self.add_field("roles", self.roles, lambda: _("Roles"))
        for box in self.roles.boxes.values():
            box.toggled.connect(self.revalidate)
        self.retranslate()
        fit_to_screen(self, 560)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Add an account"))
        self.roles.retranslate()

    def value(self) -> AccountDraft:
        return AccountDraft(self.login.text(), self.name.text(), self.password.text(), self.roles.value())

    def validate_value(self, value: AccountDraft) -> dict[str, str]:
        errors = new_password_errors(value.password, self.again.text())
        if not value.roles:
            errors["roles"] = _("Choose at least one role.")
        return errors


class RolesForm(FormDialog):
    """The roles of one account; returns the chosen ``frozenset[Role]``."""

    def __init__(self, row: AccountRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.roles = RoleChecks(row.roles, self)
        self.add_field("roles", self.roles, lambda: _("Roles"))
        for box in self.roles.boxes.values():
            box.toggled.connect(self.revalidate)
        self.retranslate()
        fit_to_screen(self, 480)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Roles of {name}").format(name=self.row.name))
        self.roles.retranslate()

    def value(self) -> frozenset[Role]:
        return self.roles.value()

    def validate_value(self, value: frozenset[Role]) -> dict[str, str]:
        return {} if value else {"roles": _("Choose at least one role.")}


class AccountsDialog(QDialog):
    """Every account with its roles and state (administrators; ``Action.MANAGE_ACCOUNTS``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model: RowTableModel[AccountRow] = RowTableModel(COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        sortable(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self._on_roles_clicked)
        self.add_button = QPushButton(self)
        self.roles_button = QPushButton(self)
        self.active_button = QPushButton(self)
        self.password_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.roles_button.clicked.connect(self._on_roles_clicked)
        self.active_button.clicked.connect(self._on_active_clicked)
        self.password_button.clicked.connect(self._on_password_clicked)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.roles_button, self.active_button, self.password_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        #: the form open over the list (tests type into it)
        self.form: FormDialog | None = None
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        self.reload()
        fit_to_screen(self, 900, 460)
        offer_guide(ctx, self)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Accounts"))
        self.add_button.setText(_("&Add…"))
        self.roles_button.setText(_("&Roles…"))
        self.password_button.setText(_("Reset &password…"))
        self.close_button.setText(_("Close"))
        self.model.retranslate()
        self._update_buttons()

    def reload(self) -> None:
        self.model.set_rows(self.ctx.call(accounts.list_accounts))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected_row(self) -> AccountRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row: AccountRow = self.model.row_at(self.proxy.mapToSource(indexes[0]).row())
        return row

    def select_login(self, login: str) -> None:
        for index in range(self.proxy.rowCount()):
            if self.model.row_at(self.proxy.mapToSource(self.proxy.index(index, 0)).row()).login == login:
                self.table.selectRow(index)
                return

    def _update_buttons(self) -> None:
        row = self.selected_row()
        for button in (self.roles_button, self.active_button, self.password_button):
            button.setEnabled(row is not None)
        self.active_button.setText(_("&Deactivate") if row is None or row.active else _("Re&activate"))

    def _on_add_clicked(self) -> None:
        logins: list[str] = []

        def arguments(draft: AccountDraft) -> tuple[AccountDraft]:
            logins.append(draft.login)
            return (draft,)

        self.form = self.ctx.open_form_op(
            AccountForm(self), accounts.add_account, arguments, saved=lambda _id: self._reloaded(logins[-1])
        )

    def _reloaded(self, login: str) -> None:
        self.reload()
        self.select_login(accounts.normal_login(login))

    def _on_roles_clicked(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        self.form = self.ctx.open_form(
            RolesForm(row, self),
            lambda roles: self.ctx.call(accounts.change_roles, row.id, roles),
            saved=lambda _none: self._reloaded(row.login),
        )

    def _on_active_clicked(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        try:
            self.ctx.call(accounts.set_active, row.id, not row.active)
        except Exception as exc:
            self.ctx.report(exc, self)
            return
        self._reloaded(row.login)

    def _on_password_clicked(self) -> None:
        row = self.selected_row()
        if row is None:
            return

        def arguments(change: PasswordChange) -> tuple[int, str]:
            return row.id, change.new

        self.form = self.ctx.open_form_op(
            NewPasswordDialog(row.name, self),
            accounts.reset_password,
            arguments,
            saved=lambda _none: self._reloaded(row.login),
        )

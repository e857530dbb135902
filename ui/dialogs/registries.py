"""The registry editors: state bodies, the Commission, the counting commission — one dialog driven by a spec.

Records are never deleted (competitions and protocols refer to them): a member who leaves is made inactive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.domain import registry
from osgo_desktop.domain.person import (
    ORG_KIND_LABELS,
    OrganizationDraft,
    OrgKind,
    validate_organization,
)
from osgo_desktop.domain.personal_data import hidden_mark
from osgo_desktop.domain.profile import RegulationProfile
from osgo_desktop.domain.registry import (
    ROLE_LABELS,
    SEAT_LABELS,
    SEX_LABELS,
    CommissionMemberDraft,
    CountingMemberDraft,
    Role,
    Seat,
    Sex,
    StateBodyDraft,
)
from osgo_desktop.domain.roles import Action
from osgo_desktop.i18n import N_, _
from osgo_desktop.services import registries
from osgo_desktop.services.registries import AssociationRow, OrganizationRow
from osgo_desktop.services.views import CommissionMemberRow, CountingMemberRow, StateBodyRow
from ui.context import AppContext
from ui.models import columns
from ui.models.table import Column, FilterProxy, RowTableModel, sortable
from ui.widgets.forms import (
    ERROR_STYLE,
    BilingualRow,
    FormDialog,
    OptionalDateEdit,
    combo_enum,
    fill_combo,
    line_edit,
)
from ui.widgets.screen import fit_to_screen

if TYPE_CHECKING:
    from osgo_desktop.clock import Clock
    from osgo_desktop.storage.uow import UnitOfWork

# --- forms ---------------------------------------------------------------------------------------------------


class BodyForm(FormDialog):
    def __init__(self, row: StateBodyRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_ky = self.add_field("name_ky", line_edit(row.name.ky if row else ""), lambda: _("Name in Kyrgyz"))
        self.name_ru = self.add_field("name_ru", line_edit(row.name.ru if row else ""), lambda: _("Name in Russian"))
        self.name_en = self.add_field("name_en", line_edit(row.name.en if row else ""), lambda: _("Name in English"))
        self.code = self.add_field("code", line_edit(row.code if row else ""), lambda: _("Code"))
        self.active = QCheckBox()
        self.active.setChecked(row.active if row else True)
        self.add_field("active", self.active, lambda: _("Active"))
        self.is_new = row is None
        self.retranslate()
        fit_to_screen(self, 560)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New state body") if self.is_new else _("Edit state body"))
        code = self.field("code")
        assert isinstance(code, QLineEdit)
        code.setPlaceholderText(_("e.g. MOH: names the body on the command line and in import files"))

    def value(self) -> StateBodyDraft:
        return StateBodyDraft(
            self._text("name_ky"),
            self._text("name_ru"),
            self._text("name_en"),
            self.active.isChecked(),
            code=self._text("code"),
        )

    def _text(self, name: str) -> str:
        widget = self.field(name)
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def validate_value(self, value: StateBodyDraft) -> dict[str, str]:
        return registry.validate_body(value)


class _PersonForm(FormDialog):
    """The name fields every person form starts with. A member whose personal fields the reader may not see
    (``personal_hidden``) is shown read-only, those fields marked "hidden" (saving would blank them)."""

    personal_hidden = False

    def hide_personal(self, edits: list[QLineEdit]) -> None:
        self.personal_hidden = True
        for edit in edits:
            edit.setPlaceholderText(hidden_mark())
        self.make_read_only(
            _("You may not see members' personal data: it is shown as hidden, and nothing can be changed.")
        )

    def validate_value(self, value: Any) -> dict[str, str]:
        return {} if self.personal_hidden else self.validate_shown(value)

    def validate_shown(self, value: Any) -> dict[str, str]:
        return {}

    def _add_name_fields(self, surname: str, name: str, patronymic: str) -> None:
        self.surname = line_edit(surname)
        self.name = line_edit(name)
        self.patronymic = line_edit(patronymic)
        self.add_field("surname", self.surname, lambda: _("Surname"))
        self.add_field("name", self.name, lambda: _("Name"))
        self.add_field("patronymic", self.patronymic, lambda: _("Patronymic"))

    def retranslate(self) -> None:
        super().retranslate()
        self.patronymic.setPlaceholderText(_("e.g. Maratovich, or Asan uulu / Asan kyzy"))


class MemberForm(_PersonForm):
    def __init__(
        self,
        profile: RegulationProfile,
        row: CommissionMemberRow | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.is_new = row is None
        self._add_name_fields(row.surname if row else "", row.name if row else "", row.patronymic if row else "")
        self.sex = QComboBox()
        self.pin = line_edit(row.pin if row else "")
        self.seat = QComboBox()
        self.body = QComboBox()
        self.role = QComboBox()
        self.organization = line_edit(row.organization if row else "")
        self.term_start = OptionalDateEdit(today)
        self.term_end = OptionalDateEdit(today)
        self.contact = line_edit(row.contact if row else "")
        self.active = QCheckBox()
        self.active.setChecked(row.active if row else True)
        self.add_field("sex", self.sex, lambda: _("Sex"))
        self.add_field("pin", self.pin, lambda: _("PIN"))
        self.add_field("seat", self.seat, lambda: _("Seat"))
        self.add_field("body_index", self.body, lambda: _("Represents the body"))
        self.add_field("organization", self.organization, lambda: _("Organisation"))
        self.add_field("role", self.role, lambda: _("Role"))
        self.add_field("term_start", self.term_start, lambda: _("Term starts"))
        self.add_field("term_end", self.term_end, lambda: _("Term ends"))
        self.add_field("contact", self.contact, lambda: _("Contact"))
        self.add_field("active", self.active, lambda: _("Active"))
        self.seat.currentIndexChanged.connect(self._on_seat_changed)
        self.retranslate()
        if row is not None:
            self.sex.setCurrentIndex(self.sex.findData(row.sex))
            self.seat.setCurrentIndex(self.seat.findData(row.seat))
            self.role.setCurrentIndex(self.role.findData(row.role))
            self.body.setCurrentIndex(max(0, self.body.findData(row.body_index)))
            self.term_start.set_value(row.term_start)
            self.term_end.set_value(row.term_end)
        else:
            self.role.setCurrentIndex(self.role.findData(Role.MEMBER))
        self._on_seat_changed()
        if row is not None and row.personal_hidden:
            self.hide_personal([self.pin, self.contact])
        fit_to_screen(self, 560)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New Commission member") if self.is_new else _("Edit Commission member"))
        fill_combo(self.sex, [(_(SEX_LABELS[s]), s) for s in Sex])
        fill_combo(self.seat, [(_(SEAT_LABELS[s]), s) for s in Seat])
        fill_combo(self.role, [(_(ROLE_LABELS[r]), r) for r in Role])
        lang = i18n.current_language()
        fill_combo(self.body, [(b.get(lang), i) for i, b in enumerate(self.profile.commission_permanent_bodies)])
        self.term_start.set_label(_("known"))
        self.term_end.set_label(_("known"))

    def _on_seat_changed(self) -> None:
        permanent = combo_enum(self.seat, Seat, Seat.CIVIL) is Seat.PERMANENT
        self.set_field_visible("body_index", permanent)
        self.set_field_visible("organization", not permanent)
        self.revalidate()

    def value(self) -> CommissionMemberDraft:
        seat = combo_enum(self.seat, Seat, Seat.CIVIL)
        return CommissionMemberDraft(
            surname=self.surname.text(),
            name=self.name.text(),
            patronymic=self.patronymic.text(),
            sex=combo_enum(self.sex, Sex, Sex.FEMALE),
            seat=seat,
            role=combo_enum(self.role, Role, Role.MEMBER),
            body_index=self.body.currentData() if seat is Seat.PERMANENT else None,
            organization=self.organization.text() if seat is Seat.CIVIL else "",
            term_start=self.term_start.value(),
            term_end=self.term_end.value(),
            contact=self.contact.text(),
            active=self.active.isChecked(),
            pin=self.pin.text(),
        )

    def validate_shown(self, value: CommissionMemberDraft) -> dict[str, str]:
        return registry.validate_member(value, self.profile)

    def warnings_for(self, value: CommissionMemberDraft) -> list[str]:
        return [] if self.personal_hidden else registry.member_warnings(value)


class CountingForm(_PersonForm):
    def __init__(
        self, profile: RegulationProfile, row: CountingMemberRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.is_new = row is None
        self._add_name_fields(row.surname if row else "", row.name if row else "", row.patronymic if row else "")
        self.body = QComboBox()
        self.position = line_edit(row.position if row else "")
        self.contact = line_edit(row.contact if row else "")
        self.active = QCheckBox()
        self.active.setChecked(row.active if row else True)
        self.add_field("body_index", self.body, lambda: _("Represents the body"))
        self.add_field("position", self.position, lambda: _("Position"))
        self.add_field("contact", self.contact, lambda: _("Contact"))
        self.add_field("active", self.active, lambda: _("Active"))
        self.retranslate()
        if row is not None:
            self.body.setCurrentIndex(max(0, self.body.findData(row.body_index)))
        if row is not None and row.personal_hidden:
            self.hide_personal([self.contact])
        fit_to_screen(self, 560)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(
            _("New counting-commission member") if self.is_new else _("Edit counting-commission member")
        )
        lang = i18n.current_language()
        fill_combo(self.body, [(b.get(lang), i) for i, b in enumerate(self.profile.counting_bodies)])

    def value(self) -> CountingMemberDraft:
        return CountingMemberDraft(
            surname=self.surname.text(),
            name=self.name.text(),
            patronymic=self.patronymic.text(),
            body_index=self.body.currentData() if self.body.currentData() is not None else -1,
            position=self.position.text(),
            contact=self.contact.text(),
            active=self.active.isChecked(),
        )

    def validate_shown(self, value: CountingMemberDraft) -> dict[str, str]:
        return registry.validate_counting_member(value, self.profile)


class OrganizationForm(FormDialog):
    def __init__(self, row: OrganizationRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.is_new = row is None
        self.name = line_edit(row.name if row else "")
        self.name_ru = line_edit(row.name_ru if row else "")
        self.kind = QComboBox()
        self.registration = line_edit(row.registration_number if row else "")
        self.add_field("name", BilingualRow(self.name, self.name_ru), lambda: _("Name"))
        self.add_field("kind", self.kind, lambda: _("Registered as"))
        self.add_field("registration_number", self.registration, lambda: _("Registration number"))
        self.retranslate()
        if row is not None:
            self.kind.setCurrentIndex(self.kind.findData(row.kind))
        fit_to_screen(self, 640)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New organisation") if self.is_new else _("Edit organisation"))
        fill_combo(self.kind, [(_(ORG_KIND_LABELS[k]), k) for k in OrgKind])

    def value(self) -> OrganizationDraft:
        return OrganizationDraft(
            self.name.text(),
            combo_enum(self.kind, OrgKind, OrgKind.OTHER),
            self.registration.text(),
            name_ru=self.name_ru.text(),
        )

    def validate_value(self, value: OrganizationDraft) -> dict[str, str]:
        return validate_organization(value)


class AssociationForm(FormDialog):
    """An association and its member organisations; what the law requires of them is said as the list changes."""

    def __init__(
        self, choices: registries.AssociationChoices, row: AssociationRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.is_new = row is None
        self.choices = choices
        organizations = choices.organizations
        self.name = line_edit(row.name if row else "")
        self.name_ru = line_edit(row.name_ru if row else "")
        self.members = QListWidget()
        for organization in organizations:
            item = QListWidgetItem(organization.name)
            item.setData(Qt.ItemDataRole.UserRole, organization.id)
            item.setCheckState(
                Qt.CheckState.Checked if row and organization.id in row.member_ids else Qt.CheckState.Unchecked
            )
            self.members.addItem(item)
        self.members.itemChanged.connect(self.revalidate)
        self.active = QCheckBox()
        self.active.setChecked(row.active if row else True)
        self.add_field("name", BilingualRow(self.name, self.name_ru), lambda: _("Name"))
        self.add_field("member_ids", self.members, lambda: _("Member organisations"))
        self.add_field("active", self.active, lambda: _("Active"))
        self.retranslate()
        fit_to_screen(self, 640, 480)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New association") if self.is_new else _("Edit association"))

    def value(self) -> registries.AssociationDraft:
        chosen = tuple(
            int(self.members.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.members.count())
            if self.members.item(i).checkState() == Qt.CheckState.Checked
        )
        return registries.AssociationDraft(self.name.text(), chosen, self.active.isChecked(), self.name_ru.text())

    def validate_value(self, value: registries.AssociationDraft) -> dict[str, str]:
        return registries.validate_association(value)

    def warnings_for(self, value: registries.AssociationDraft) -> list[str]:
        return self.choices.problems(value.member_ids)


# --- the registry dialog ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrySpec:
    """A registry: its use cases (each called through the app context, in its own unit of work) and its form."""

    #: untranslated (N_) title
    title: str
    columns: list[Column[Any]]
    load: Callable[[UnitOfWork], list[Any]]
    #: what is wrong with the registry as a whole (e.g. the Commission's composition), or None
    problems: Callable[[UnitOfWork], list[str]] | None
    #: what the form offers to choose from (the profile, the organisations), or None
    choices: Callable[[UnitOfWork], Any] | None
    #: the form for a row (None: a new one): (clock, choices, row, parent)
    form: Callable[[Clock, Any, Any, QWidget], FormDialog]
    #: (uow, draft, row id or None, the row's version the form was filled from or None)
    save: Callable[[UnitOfWork, Any, int | None, int | None], int]
    #: what adding and editing a row needs (``domain.roles``)
    action: Action = Action.EDIT_REGISTRIES


BODIES = RegistrySpec(
    N_("State bodies"),
    columns.BODY_COLUMNS,
    registries.list_bodies,
    None,
    None,
    lambda _clock, _choices, row, parent: BodyForm(row, parent),
    registries.save_body,
)
COMMISSION = RegistrySpec(
    N_("Selection Commission"),
    columns.COMMISSION_COLUMNS,
    registries.list_commission,
    registries.commission_warnings,
    registries.current_profile,
    lambda clock, profile, row, parent: MemberForm(profile, row, clock.today(), parent),
    registries.save_member,
)
ORGANIZATIONS = RegistrySpec(
    N_("Organisations"),
    columns.ORGANIZATION_COLUMNS,
    registries.list_organizations,
    None,
    None,
    lambda _clock, _choices, row, parent: OrganizationForm(row, parent),
    registries.save_organization,
    Action.EDIT_ORGANIZATIONS,
)
ASSOCIATIONS = RegistrySpec(
    N_("Associations"),
    columns.ASSOCIATION_COLUMNS,
    registries.list_associations,
    None,
    registries.association_choices,
    lambda _clock, choices, row, parent: AssociationForm(choices, row, parent),
    registries.save_association,
    Action.EDIT_ORGANIZATIONS,
)
COUNTING = RegistrySpec(
    N_("Counting commission"),
    columns.COUNTING_COLUMNS,
    registries.list_counting,
    registries.counting_warnings,
    registries.current_profile,
    lambda _clock, profile, row, parent: CountingForm(profile, row, parent),
    registries.save_counting_member,
)


class RegistryDialog(QDialog):
    """A registry's table, with add and edit, and what is wrong with it (e.g. the Commission's composition)."""

    def __init__(self, ctx: AppContext, spec: RegistrySpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.spec = spec
        self.model: RowTableModel[Any] = RowTableModel(spec.columns, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        sortable(self.table)  # the registry's own order (Kyrgyz alphabetical) until the user sorts
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.add_button = QPushButton(self)
        ctx.guard(self.add_button, spec.action)
        self.edit_button = QPushButton(self)
        ctx.guard(self.edit_button, spec.action)
        self.close_button = QPushButton(self)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        self.layout_margins = layout.contentsMargins()
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)
        self.form: FormDialog | None = None
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(_(self.spec.title))
        self.filter.setPlaceholderText(_("Filter…"))
        self.add_button.setText(_("&Add…"))
        self.edit_button.setText(_("&Edit…"))
        self.close_button.setText(_("Close"))
        self.model.retranslate()
        self._load_problems()

    def reload(self) -> None:
        self.model.set_rows(self.ctx.call(self.spec.load))
        self.table.resizeColumnsToContents()
        self._load_problems()
        if not self.isVisible():  # as wide as its columns, where the screen allows: names in two languages are long
            fit_to_screen(self, max(900, self._table_width()), 560)

    def _table_width(self) -> int:
        """The width that shows every column whole: the columns, the row numbers, a scroll bar, the frames."""
        margins = self.contentsMargins() + self.layout_margins
        return (
            self.table.horizontalHeader().length()
            + self.table.verticalHeader().sizeHint().width()
            + self.table.verticalScrollBar().sizeHint().width()
            + 2 * self.table.frameWidth()
            + margins.left()
            + margins.right()
        )

    def _load_problems(self) -> None:
        problems = self.ctx.call(self.spec.problems) if self.spec.problems is not None else []
        self.problems.setText("\n".join(f"• {p}" for p in problems))
        self.problems.setVisible(bool(problems))

    def selected_row(self) -> Any:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row_at(self.proxy.mapToSource(indexes[0]).row())

    def open_form(self, row: Any) -> FormDialog:
        choices = self.ctx.call(self.spec.choices) if self.spec.choices is not None else None
        form = self.spec.form(self.ctx.clock, choices, row, self)
        row_id = row.id if row is not None else None
        # the version the form is filled from: a save after someone else changed the row is refused, the form kept
        version = row.row_version if row is not None else None

        def save(draft: Any) -> int:
            return self.ctx.call(self.spec.save, draft, row_id, version)

        self.form = self.ctx.open_form(form, save, saved=lambda _id: self.reload())
        return self.form

    def _on_add_clicked(self) -> None:
        self.open_form(None)

    def _on_edit_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_form(row)

    def _on_table_double_clicked(self) -> None:
        self._on_edit_clicked()

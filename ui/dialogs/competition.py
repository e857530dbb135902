"""The create/edit competition form."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QSpinBox, QWidget

from osgo_desktop import i18n
from osgo_desktop.clock import Clock
from osgo_desktop.domain import competition
from osgo_desktop.domain.competition import KIND_LABELS, VARIANT_LABELS, CompetitionDraft
from osgo_desktop.domain.profile import Kind, RegulationProfile, Variant
from osgo_desktop.i18n import _
from osgo_desktop.services.views import StateBodyRow
from ui.widgets.forms import BilingualRow, FormDialog, OptionalDateEdit, combo_enum, fill_combo, line_edit, spin_box
from ui.widgets.screen import fit_to_screen


class CompetitionDialog(FormDialog):
    """Returns a :class:`CompetitionDraft` through ``submitted``; ``competition_id`` is None for a new one."""

    def __init__(
        self,
        profile: RegulationProfile,
        bodies: list[StateBodyRow],
        clock: Clock,
        draft: CompetitionDraft | None = None,
        competition_id: int | None = None,
        kind_locked: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.bodies = bodies
        self.competition_id = competition_id
        self.today = clock.today()
        self.kind = QComboBox()
        self.variant = QComboBox()
        self.body = QComboBox()
        rules = profile.council
        self.seats: QSpinBox = spin_box(1, 99, rules.seats_default)
        self.term: QSpinBox = spin_box(1, 10, rules.term_years)
        self.expiry = OptionalDateEdit(self.today)
        self.vacancy = OptionalDateEdit(self.today)
        self.address = line_edit(max_length=competition.MAX_TEXT)
        self.address_ru = line_edit(max_length=competition.MAX_TEXT)
        self.address_row = BilingualRow(self.address, self.address_ru)
        self.contact = line_edit(max_length=competition.MAX_TEXT)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(70)
        self.add_field("kind", self.kind, lambda: _("Kind"))
        self.add_field("variant", self.variant, lambda: _("Variant"))
        self.add_field("body_id", self.body, lambda: _("State body"))
        self.add_field("seats", self.seats, lambda: _("Seats to fill"))
        self.add_field("term_years", self.term, lambda: _("Term of office, years"))
        self.add_field("expiry_date", self.expiry, lambda: _("Current composition's powers expire"))
        self.add_field("vacancy_date", self.vacancy, lambda: _("Seat vacant since"))
        self.add_field("intake_address", self.address_row, lambda: _("Documents accepted at"))
        self.add_field("contact", self.contact, lambda: _("Contact"))
        self.add_field("notes", self.notes_edit, lambda: _("Notes"))
        self._seats_touched = draft is not None
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.variant.currentIndexChanged.connect(self._on_variant_changed)
        self.seats.valueChanged.connect(self._on_seats_edited)
        self.retranslate()
        self.kind.setEnabled(not kind_locked)
        if draft is not None:
            self.set_value(draft)
        else:
            self.kind.setCurrentIndex(self.kind.findData(Kind.COUNCIL))
            self._on_kind_changed()
        fit_to_screen(self, 680)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New competition") if self.competition_id is None else _("Edit competition"))
        fill_combo(self.kind, [(_(KIND_LABELS[k]), k) for k in Kind])
        self._fill_variants()
        lang = i18n.current_language()
        fill_combo(self.body, [(_("— choose —"), None)] + [(b.name.get(lang), b.id) for b in self.bodies])
        self.expiry.set_label(_("known"))
        self.vacancy.set_label(_("known"))
        self.address_row.set_placeholder(_("Address, room, office hours"))
        self.contact.setPlaceholderText(_("Phone, e-mail"))

    def _fill_variants(self) -> None:
        kind = combo_enum(self.kind, Kind, Kind.COUNCIL)
        fill_combo(self.variant, [(_(VARIANT_LABELS[v]), v) for v in competition.allowed_variants(kind)])

    def _on_kind_changed(self) -> None:
        kind = combo_enum(self.kind, Kind, Kind.COUNCIL)
        self._fill_variants()
        rules = self.profile.rules(kind)
        self.seats.setMaximum(rules.seats_max)
        if not self._seats_touched:
            self.seats.blockSignals(True)
            self.seats.setValue(rules.seats_default)
            self.seats.blockSignals(False)
            self.term.setValue(rules.term_years)
        self.set_field_visible("body_id", kind is Kind.COUNCIL)
        self._on_variant_changed()

    def _on_variant_changed(self) -> None:
        variant = combo_enum(self.variant, Variant, Variant.REGULAR)
        self.set_field_visible("expiry_date", variant is Variant.REGULAR)
        self.set_field_visible("vacancy_date", variant is not Variant.REGULAR)
        if variant is not Variant.REGULAR and not self._seats_touched:
            self.seats.blockSignals(True)
            self.seats.setValue(1)
            self.seats.blockSignals(False)
        self.revalidate()

    def _on_seats_edited(self) -> None:
        self._seats_touched = True

    def set_value(self, draft: CompetitionDraft) -> None:
        self.kind.setCurrentIndex(self.kind.findData(draft.kind))
        self._fill_variants()
        self.variant.setCurrentIndex(self.variant.findData(draft.variant))
        self.body.setCurrentIndex(max(0, self.body.findData(draft.body_id)))
        self.seats.setMaximum(self.profile.rules(draft.kind).seats_max)
        self.seats.setValue(draft.seats)
        self.term.setValue(draft.term_years)
        self.expiry.set_value(draft.expiry_date)
        self.vacancy.set_value(draft.vacancy_date)
        self.address.setText(draft.intake_address)
        self.address_ru.setText(draft.intake_address_ru)
        for edit in (self.address, self.address_ru):
            edit.setCursorPosition(0)  # a long address shows its beginning
        self.contact.setText(draft.contact)
        self.notes_edit.setPlainText(draft.notes)
        self._seats_touched = True
        self.set_field_visible("body_id", draft.kind is Kind.COUNCIL)
        self._on_variant_changed()

    def value(self) -> CompetitionDraft:
        kind = combo_enum(self.kind, Kind, Kind.COUNCIL)
        variant = combo_enum(self.variant, Variant, Variant.REGULAR)
        return CompetitionDraft(
            kind=kind,
            variant=variant,
            body_id=self.body.currentData() if kind is Kind.COUNCIL else None,
            seats=self.seats.value(),
            term_years=self.term.value(),
            expiry_date=self.expiry.value() if variant is Variant.REGULAR else None,
            vacancy_date=self.vacancy.value() if variant is not Variant.REGULAR else None,
            intake_address=self.address.text(),
            contact=self.contact.text(),
            notes=self.notes_edit.toPlainText(),
            intake_address_ru=self.address_ru.text(),
        )

    def validate_value(self, value: CompetitionDraft) -> dict[str, str]:
        return competition.validate(value, self.profile.rules(value.kind))

    def warnings_for(self, value: CompetitionDraft) -> list[str]:
        return competition.warnings(value, self.profile.rules(value.kind), self.today)

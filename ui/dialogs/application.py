"""The intake form: the candidate, and how and when their documents arrived."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLineEdit, QPlainTextEdit, QWidget

from osgo_desktop.clock import BISHKEK, Clock
from osgo_desktop.domain import intake, person
from osgo_desktop.domain.intake import IntakeDraft
from osgo_desktop.domain.person import (
    CHANNEL_LABELS,
    EDUCATION_LABELS,
    NOMINATION_LABELS,
    PUBLIC_SERVICE_LABELS,
    Channel,
    Education,
    Nomination,
    PersonDraft,
    PublicService,
)
from osgo_desktop.domain.personal_data import hidden_mark
from osgo_desktop.domain.profile import KindRules
from osgo_desktop.domain.registry import SEX_LABELS, Sex
from osgo_desktop.i18n import _
from ui.widgets.forms import FormDialog, OptionalDateEdit, combo_enum, fill_combo, line_edit, qdatetime
from ui.widgets.screen import fit_to_screen


@dataclass(frozen=True)
class ApplicationValue:
    person: PersonDraft
    intake: IntakeDraft


class ApplicationDialog(FormDialog):
    """Returns an :class:`ApplicationValue` through ``submitted``. ``associations`` and ``organizations`` are
    (id, name) of the active ones that may nominate. What the data gives to check is said beside its field as it is
    typed, without blocking OK: a PIN that disagrees with the sex or the date of birth, a receipt after
    ``intake_deadline``, an association the registry warns of (``association_warnings``: id → its problems)."""

    enter_moves_on = True

    def __init__(
        self,
        rules: KindRules,
        associations: list[tuple[int, str]],
        organizations: list[tuple[int, str]],
        clock: Clock,
        value: ApplicationValue | None = None,
        received_by: str = "",
        parent: QWidget | None = None,
        intake_deadline: dt.date | None = None,
        association_warnings: Mapping[int, Sequence[str]] | None = None,
        personal_hidden: bool = False,
    ) -> None:
        super().__init__(parent)
        #: the reader may not see the personal fields (``Action.READ_PERSONAL``): they read "hidden", and the form
        #: is read-only (saving it would blank them)
        self.personal_hidden = personal_hidden
        self.rules = rules
        self.intake_deadline = intake_deadline
        self.association_warnings = dict(association_warnings or {})
        self.clock = clock
        self.associations = associations
        self.organizations = organizations
        self.is_new = value is None
        self.surname = self._line("surname", lambda: _("Surname"))
        self.name = self._line("name", lambda: _("Name"))
        self.patronymic = self._line("patronymic", lambda: _("Patronymic"))
        self.sex = QComboBox()
        self.add_field("sex", self.sex, lambda: _("Sex"))
        self.birth = OptionalDateEdit(dt.date(1980, 1, 1))
        self.add_field("birth_date", self.birth, lambda: _("Date of birth"))
        self.pin = self._line("pin", lambda: _("PIN"), max_length=24)
        self.citizenship = self._line("citizenship", lambda: _("Citizenship"), "KG", max_length=3)
        self.education = QComboBox()
        self.add_field("education", self.education, lambda: _("Education"))
        self.public_service = QComboBox()
        self.add_field("public_service", self.public_service, lambda: _("State or municipal service"))
        self.workplace = self._line("workplace", lambda: _("Workplace"))
        self.position = self._line("position", lambda: _("Position"))
        self.phone = self._line("phone", lambda: _("Phone"), max_length=100)
        self.email = self._line("email", lambda: _("E-mail"))
        self.received_at = QDateTimeEdit(qdatetime(clock.local_now().replace(tzinfo=None, second=0, microsecond=0)))
        self.received_at.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.received_at.setCalendarPopup(True)
        self.received_at.dateTimeChanged.connect(self.revalidate)
        self.add_field("received_at", self.received_at, lambda: _("Received"))
        self.channel = QComboBox()
        self.add_field("channel", self.channel, lambda: _("Channel"))
        self.nomination = QComboBox()
        self.add_field("nomination", self.nomination, lambda: _("Nominated"))
        self.association = QComboBox()
        self.add_field("association_id", self.association, lambda: _("Association"))
        self.organization = QComboBox()
        self.add_field("organization_id", self.organization, lambda: _("Organisation"))
        self.received_by = self._line("received_by", lambda: _("Received by"), received_by)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(60)
        self.add_field("notes", self.notes_edit, lambda: _("Notes"))
        self.nomination.currentIndexChanged.connect(self._on_nomination_changed)
        self.pin.textChanged.connect(self._on_pin_changed)
        self._sex_chosen = value is not None
        self.sex.activated.connect(self._on_sex_activated)
        self.retranslate()
        if value is not None:
            self.set_value(value)
        if personal_hidden:
            self._hide_personal()
        self._on_nomination_changed()
        fit_to_screen(self, 600)
        self.revalidate()

    def personal_edits(self) -> list[QLineEdit]:
        """The line edits of personal fields (``audit_chain.PERSONAL_FIELDS``)."""
        return [self.pin, self.workplace, self.position, self.phone, self.email]

    def _hide_personal(self) -> None:
        """Show the personal fields as "hidden" and make the whole form read-only."""
        for edit in self.personal_edits():
            edit.setPlaceholderText(hidden_mark())
        self.birth.set_label(hidden_mark())
        self.notes_edit.setPlaceholderText(hidden_mark())
        self.make_read_only(
            _("You may not see applicants' personal data: it is shown as hidden, and nothing can be changed.")
        )

    def _line(self, name: str, label: Callable[[], str], text: str = "", max_length: int = 300) -> QLineEdit:
        edit = line_edit(text, max_length=max_length)
        self.add_field(name, edit, label)
        return edit

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Register an application") if self.is_new else _("Edit the application"))
        fill_combo(self.sex, [(_(SEX_LABELS[s]), s) for s in Sex])
        fill_combo(self.education, [(_(EDUCATION_LABELS[e]), e) for e in Education], Education.HIGHER)
        fill_combo(self.public_service, [(_(PUBLIC_SERVICE_LABELS[p]), p) for p in PublicService], PublicService.NONE)
        fill_combo(self.channel, [(_(CHANNEL_LABELS[c]), c) for c in Channel])
        allowed = (
            [Nomination.ASSOCIATION]
            if self.rules.one_per_association
            else [*([Nomination.SELF] if self.rules.self_nomination else []), Nomination.ORGANIZATION]
        )
        fill_combo(self.nomination, [(_(NOMINATION_LABELS[n]), n) for n in allowed])
        fill_combo(self.association, [(_("— choose —"), None), *((n, i) for i, n in self.associations)])
        fill_combo(self.organization, [(_("— choose —"), None), *((n, i) for i, n in self.organizations)])
        self.birth.set_label(hidden_mark() if self.personal_hidden else _("known"))
        if not self.personal_hidden:
            self.pin.setPlaceholderText(_("14 digits"))

    def _on_sex_activated(self) -> None:
        self._sex_chosen = True

    def _on_pin_changed(self, text: str) -> None:
        """A valid PIN says the sex and the birth date: fill in what the clerk has not typed yet."""
        pin = person.normalize_pin(text)
        if person.pin_problem(pin) is not None:
            return
        born, sex = person.pin_birth_date(pin), person.pin_sex(pin)
        if born is not None and self.birth.value() is None:
            self.birth.set_value(born)
        if sex is not None and not self._sex_chosen:
            self.sex.setCurrentIndex(self.sex.findData(sex))

    def _on_nomination_changed(self) -> None:
        nomination = combo_enum(self.nomination, Nomination, Nomination.SELF)
        self.set_field_visible("association_id", nomination is Nomination.ASSOCIATION)
        self.set_field_visible("organization_id", nomination is Nomination.ORGANIZATION)
        self.revalidate()

    def set_value(self, value: ApplicationValue) -> None:
        p, i = value.person, value.intake
        self.surname.setText(p.surname)
        self.name.setText(p.name)
        self.patronymic.setText(p.patronymic)
        self.sex.setCurrentIndex(self.sex.findData(p.sex))
        self.birth.set_value(p.birth_date)
        self.pin.setText(p.pin)
        self.citizenship.setText(p.citizenship)
        self.education.setCurrentIndex(self.education.findData(p.education))
        self.public_service.setCurrentIndex(self.public_service.findData(p.public_service))
        self.workplace.setText(p.workplace)
        self.position.setText(p.position)
        self.phone.setText(p.phone)
        self.email.setText(p.email)
        self.received_at.setDateTime(qdatetime(intake.to_bishkek(i.received_at).replace(tzinfo=None)))
        self.channel.setCurrentIndex(self.channel.findData(i.channel))
        self.nomination.setCurrentIndex(max(0, self.nomination.findData(i.nomination)))
        self.association.setCurrentIndex(max(0, self.association.findData(i.association_id)))
        self.organization.setCurrentIndex(max(0, self.organization.findData(i.organization_id)))
        self.received_by.setText(i.received_by)
        self.notes_edit.setPlainText(i.notes)

    def value(self) -> ApplicationValue:
        def text(edit: QLineEdit) -> str:
            return edit.text()

        received: dt.datetime = self.received_at.dateTime().toPython()  # type: ignore[assignment]
        return ApplicationValue(
            person=PersonDraft(
                surname=text(self.surname),
                name=text(self.name),
                patronymic=text(self.patronymic),
                sex=combo_enum(self.sex, Sex, Sex.FEMALE),
                birth_date=self.birth.value(),
                pin=text(self.pin),
                citizenship=text(self.citizenship) or "KG",
                education=combo_enum(self.education, Education, Education.NONE),
                public_service=combo_enum(self.public_service, PublicService, PublicService.NONE),
                workplace=text(self.workplace),
                position=text(self.position),
                phone=text(self.phone),
                email=text(self.email),
            ),
            intake=IntakeDraft(
                received_at=received.replace(tzinfo=BISHKEK),
                channel=combo_enum(self.channel, Channel, Channel.IN_PERSON),
                nomination=combo_enum(self.nomination, Nomination, Nomination.SELF),
                association_id=self.association.currentData(),
                organization_id=self.organization.currentData(),
                received_by=text(self.received_by),
                notes=self.notes_edit.toPlainText(),
            ),
        )

    def validate_value(self, value: ApplicationValue) -> dict[str, str]:
        return {
            **person.validate_person(value.person, self.clock.today()),
            **intake.validate_intake(value.intake, self.rules, self.clock.now()),
        }

    def field_warnings(self, value: ApplicationValue) -> dict[str, str]:
        warnings = {"pin": "\n".join(person.person_warnings(value.person))}
        if self.intake_deadline is not None and intake.is_late(value.intake.received_at, self.intake_deadline):
            warnings["received_at"] = _(intake.LATE_NOTICE)
        if value.intake.nomination is Nomination.ASSOCIATION and value.intake.association_id is not None:
            warnings["association_id"] = "\n".join(self.association_warnings.get(value.intake.association_id, ()))
        return {name: text for name, text in warnings.items() if text}

"""The regulation profile's numbers as a form. Texts (requirements, documents, body names) are edited as JSON with
``osgo profile export`` / ``osgo profile import``; the form says so."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QSpinBox, QWidget

from osgo_desktop.domain.person import ORG_KIND_LABELS, OrgKind
from osgo_desktop.domain.profile import KindRules, RegulationProfile, VoterRoll, validate_profile
from osgo_desktop.i18n import N_, _
from ui.widgets.forms import FormDialog, combo_enum, fill_combo, spin_box
from ui.widgets.screen import fit_to_screen


@dataclass(frozen=True)
class NumberField:
    #: "commission.seats_max", "council.sex_cap_percent", or a profile field such as "quorum_numerator"
    name: str
    #: untranslated label (N_)
    label: str
    high: int
    #: 0 stands for "no such rule" (None in the profile)
    optional: bool = False


KIND_FIELDS = (
    ("seats_min", N_("Seats: minimum"), 99, False),
    ("seats_max", N_("Seats: maximum"), 99, False),
    ("seats_default", N_("Seats: default"), 99, False),
    ("term_years", N_("Term of office, years"), 10, False),
    ("intake_months", N_("Intake, months from publication"), 12, False),
    ("min_age", N_("Minimum age of a candidate"), 99, True),
    ("sex_cap_percent", N_("Cap on one sex, percent"), 100, True),
    ("announce_months_before_expiry", N_("Announce, months before expiry"), 24, True),
    ("form_days_before_expiry", N_("Form, days before expiry"), 365, True),
    ("replacement_days", N_("Replacing a member, days"), 365, True),
    ("representative_replacement_days", N_("Replacing the representative, days"), 365, True),
)
KIND_TITLES = {"commission": N_("Commission seats"), "council": N_("Public council")}

TOP_FIELDS = (
    NumberField("commission_size", N_("Commission: members"), 99),
    NumberField("commission_civil_seats", N_("Commission: civil-society seats"), 99),
    NumberField("quorum_numerator", N_("Quorum: numerator"), 99),
    NumberField("quorum_denominator", N_("Quorum: denominator"), 99),
)


def kind_fields(kind: str) -> tuple[NumberField, ...]:
    """A kind's numbers; the Commission's include how many member organisations a nominating association has."""
    fields = tuple(NumberField(f"{kind}.{name}", label, high, optional) for name, label, high, optional in KIND_FIELDS)
    if kind == "commission":
        fields += (
            NumberField(
                "commission.association_min_members", N_("Association: member organisations, at least"), 99, True
            ),
        )
    return fields


FIELDS = (*TOP_FIELDS, *kind_fields("commission"), *kind_fields("council"))

#: the Commission's choices that are no number: the forms of organisation an association's members count in, and
#: who votes
FORMS_FIELD: Final = "commission.association_forms"
VOTER_ROLL_FIELD: Final = "commission.voter_roll"
VOTER_ROLL_LABELS: Final = {
    VoterRoll.CANDIDATES: N_("The admitted candidates present"),
    VoterRoll.DELEGATES: N_("The delegates of the nominating associations present"),
}


class FormsChecks(QWidget):
    """One box per form of organisation (``OrgKind``), in two columns."""

    def __init__(self, chosen: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[OrgKind, QCheckBox] = {}
        for index, kind in enumerate(OrgKind):
            box = QCheckBox(self)
            box.setChecked(kind.value in chosen)
            grid.addWidget(box, index // 2, index % 2)
            self.boxes[kind] = box

    def retranslate(self) -> None:
        for kind, box in self.boxes.items():
            box.setText(_(ORG_KIND_LABELS[kind]))

    def value(self) -> tuple[str, ...]:
        """The forms ticked, in ``OrgKind``'s order."""
        return tuple(kind.value for kind, box in self.boxes.items() if box.isChecked())


class ProfileDialog(FormDialog):
    """Returns the edited :class:`RegulationProfile`; competitions already created keep their own copy."""

    def __init__(self, profile: RegulationProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.spins: dict[str, QSpinBox] = {}
        for field in TOP_FIELDS:
            self._add_number(field)
        commission = profile.commission
        for field in kind_fields("commission"):
            self._add_number(field)
        self.forms = FormsChecks(commission.association_forms, self)
        self.add_field(FORMS_FIELD, self.forms, self._label(FORMS_FIELD, N_("Association: forms that count")))
        for box in self.forms.boxes.values():
            box.toggled.connect(self.revalidate)
        minimum = self.spins["commission.association_min_members"]
        minimum.valueChanged.connect(lambda number: self.forms.setEnabled(number > 0))
        self.forms.setEnabled(minimum.value() > 0)
        self.voter_roll = QComboBox(self)
        self._voter_roll_value = commission.voter_roll
        self.add_field(VOTER_ROLL_FIELD, self.voter_roll, self._label(VOTER_ROLL_FIELD, N_("Voter roll")))
        for field in kind_fields("council"):
            self._add_number(field)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.insert_widget(-1, self.hint)
        self.retranslate()
        fit_to_screen(self, 640, 640)
        self.revalidate()

    def _add_number(self, field: NumberField) -> None:
        value = self._get(field.name)
        spin = spin_box(0, field.high, 0 if value is None else int(value))
        if field.optional:
            spin.setSpecialValueText("—")  # 0: the law sets no such rule
        self.spins[field.name] = spin
        self.add_field(field.name, spin, self._label(field.name, field.label))

    @staticmethod
    def _label(name: str, label: str) -> Callable[[], str]:
        kind, _sep, _name = name.partition(".")
        if kind in KIND_TITLES:
            # the kind's title above the rule: one long line would push the fields out of sight
            return lambda: f"{_(KIND_TITLES[kind])}:\n{_(label)}"
        return lambda: _(label)

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "voter_roll"):
            fill_combo(
                self.voter_roll,
                [(_(label), roll) for roll, label in VOTER_ROLL_LABELS.items()],
                self.voter_roll.currentData() or self._voter_roll_value,
            )
            self.forms.retranslate()
        self.setWindowTitle(_("Regulation profile: {title}").format(title=self.profile.code))
        if hasattr(self, "hint"):
            self.hint.setText(
                _(
                    "New competitions use these numbers; a competition already created keeps the copy it was created "
                    "under. “—” means the law sets no such rule. Requirements, documents and body names are edited "
                    "as a file: osgo profile export > profile.json, then osgo profile import profile.json."
                )
            )

    def _get(self, name: str) -> int | None:
        kind, _sep, field = name.partition(".")
        if field:
            value: int | None = getattr(self.profile.rules_by_name(kind), field)
            return value
        top: int = getattr(self.profile, name)
        return top

    def value(self) -> RegulationProfile:
        changes: dict[str, dict[str, Any]] = {"commission": {}, "council": {}, "": {}}
        for field in FIELDS:
            number = self.spins[field.name].value()
            kind, _sep, name = field.name.partition(".")
            if name:
                changes[kind][name] = None if field.optional and number == 0 else number
            else:
                changes[""][kind] = number
        changes["commission"]["association_forms"] = self.forms.value()
        changes["commission"]["voter_roll"] = combo_enum(self.voter_roll, VoterRoll, self._voter_roll_value)
        kinds: dict[str, KindRules] = {
            kind: dataclasses.replace(self.profile.rules_by_name(kind), **changes[kind])
            for kind in ("commission", "council")
        }
        return dataclasses.replace(self.profile, **changes[""], **kinds)  # type: ignore[arg-type]

    def validate_value(self, value: RegulationProfile) -> dict[str, str]:
        return validate_profile(value)

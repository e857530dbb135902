"""The regulation profile's numbers as a form. Texts (requirements, documents, body names) are edited as JSON with
``osgo profile export`` / ``osgo profile import``; the form says so."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from osgo_desktop.domain.profile import KindRules, RegulationProfile, validate_profile
from osgo_desktop.i18n import N_, _
from ui.widgets.forms import FormDialog, spin_box


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

FIELDS = (
    NumberField("commission_size", N_("Commission: members"), 99),
    NumberField("commission_civil_seats", N_("Commission: civil-society seats"), 99),
    NumberField("quorum_numerator", N_("Quorum: numerator"), 99),
    NumberField("quorum_denominator", N_("Quorum: denominator"), 99),
    *(
        NumberField(f"{kind}.{name}", label, high, optional)
        for kind in ("commission", "council")
        for name, label, high, optional in KIND_FIELDS
    ),
)


class ProfileDialog(FormDialog):
    """Returns the edited :class:`RegulationProfile`; competitions already created keep their own copy."""

    def __init__(self, profile: RegulationProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.spins: dict[str, QSpinBox] = {}
        for field in FIELDS:
            value = self._get(field.name)
            spin = spin_box(0, field.high, 0 if value is None else int(value))
            if field.optional:
                spin.setSpecialValueText("—")  # 0: the law sets no such rule
            self.spins[field.name] = spin
            self.add_field(field.name, spin, self._label(field))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.insert_widget(-1, self.hint)
        self.retranslate()
        self.resize(560, 640)
        self.revalidate()

    @staticmethod
    def _label(field: NumberField) -> Callable[[], str]:
        kind, _sep, _name = field.name.partition(".")
        if kind in KIND_TITLES:
            return lambda: f"{_(KIND_TITLES[kind])} · {_(field.label)}"
        return lambda: _(field.label)

    def retranslate(self) -> None:
        super().retranslate()
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
        changes: dict[str, dict[str, int | None]] = {"commission": {}, "council": {}, "": {}}
        for field in FIELDS:
            number = self.spins[field.name].value()
            kind, _sep, name = field.name.partition(".")
            if name:
                changes[kind][name] = None if field.optional and number == 0 else number
            else:
                changes[""][kind] = number
        kinds: dict[str, KindRules] = {
            kind: dataclasses.replace(self.profile.rules_by_name(kind), **changes[kind])  # type: ignore[arg-type]
            for kind in ("commission", "council")
        }
        return dataclasses.replace(self.profile, **changes[""], **kinds)  # type: ignore[arg-type]

    def validate_value(self, value: RegulationProfile) -> dict[str, str]:
        return validate_profile(value)

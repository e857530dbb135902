"""The forms of the screening: the Commission's verdict on one criterion of one candidate, and a declaration of a
conflict of interest. They return data; the screening page saves it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from osgo_desktop.domain.competition import MAX_TEXT
from osgo_desktop.domain.eligibility import Verdict, validate_verdict
from osgo_desktop.i18n import _
from osgo_desktop.services.views import CommissionMemberRow
from ui.widgets.forms import FormDialog, fill_combo, line_edit


@dataclass(frozen=True)
class VerdictInput:
    """What :class:`VerdictDialog` returns: the verdict and who decided it (a name, as printed)."""

    verdict: Verdict
    decided_by: str


@dataclass(frozen=True)
class ConflictInput:
    """What :class:`ConflictDialog` returns; the ids are never None once the dialog submits."""

    member_id: int | None
    application_id: int | None
    reason: str


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class VerdictDialog(FormDialog):
    """The Commission's verdict on a requirement the data does not decide: met or not, with a note (required when
    not met: it is printed as the reason). Returns a :class:`VerdictInput` through ``submitted``."""

    def __init__(
        self,
        candidate: str,
        criterion: str,
        current: Verdict | None = None,
        decided_by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.candidate_label = _label(candidate)
        self.criterion_label = _label(criterion)
        self.met = QRadioButton()
        self.not_met = QRadioButton()
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.met)
        self.choice.addButton(self.not_met)
        choice = QWidget()
        row = QHBoxLayout(choice)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.met)
        row.addWidget(self.not_met)
        row.addStretch(1)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(80)
        self.decided_by: QLineEdit = line_edit(decided_by, max_length=MAX_TEXT)
        self.add_field("candidate", self.candidate_label, lambda: _("Candidate"))
        self.add_field("criterion", self.criterion_label, lambda: _("Requirement"))
        self.add_field("passed", choice, lambda: _("Verdict"))
        self.add_field("note", self.note, lambda: _("Note"))
        self.add_field("decided_by", self.decided_by, lambda: _("Decided by"))
        if current is not None:
            (self.met if current.passed else self.not_met).setChecked(True)
            self.note.setPlainText(current.note)
        self.choice.buttonToggled.connect(self.revalidate)
        self.retranslate()
        self.resize(520, self.sizeHint().height())
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("The Commission's verdict"))
        self.met.setText(_("Met"))
        self.not_met.setText(_("Not met"))
        self.note.setPlaceholderText(_("What the Commission saw, e.g. a certificate of no criminal record"))

    def value(self) -> VerdictInput:
        return VerdictInput(Verdict(self.met.isChecked(), self.note.toPlainText()), self.decided_by.text())

    def validate_value(self, value: VerdictInput) -> dict[str, str]:
        if not (self.met.isChecked() or self.not_met.isChecked()):
            return {"passed": _("Choose whether the requirement is met.")}
        return validate_verdict(value.verdict)


class ConflictDialog(FormDialog):
    """A Commission member declares a conflict of interest towards a candidate (a relative, the same
    organisation). ``candidates`` are (application id, label) pairs. Returns a :class:`ConflictInput`; the reason
    is checked by the service on saving."""

    def __init__(
        self,
        members: Sequence[CommissionMemberRow],
        candidates: Sequence[tuple[int, str]],
        application_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.member = QComboBox()
        fill_combo(self.member, [("", None), *((m.full_name, m.id) for m in members)])
        self.candidate = QComboBox()
        fill_combo(self.candidate, [("", None), *((label, app_id) for app_id, label in candidates)], application_id)
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(80)
        self.add_field("member_id", self.member, lambda: _("Member of the Commission"))
        self.add_field("application_id", self.candidate, lambda: _("Candidate"))
        self.add_field("reason", self.reason, lambda: _("Reason"))
        self.retranslate()
        self.resize(520, self.sizeHint().height())
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Declare a conflict of interest"))
        self.reason.setPlaceholderText(_("E.g. a relative of the candidate; works in the same organisation"))

    def value(self) -> ConflictInput:
        return ConflictInput(self.member.currentData(), self.candidate.currentData(), self.reason.toPlainText())

    def validate_value(self, value: ConflictInput) -> dict[str, str]:
        errors = {}
        if value.member_id is None:
            errors["member_id"] = _("Choose the member of the Commission.")
        if value.application_id is None:
            errors["application_id"] = _("Choose the candidate.")
        return errors

"""The forms of the screening: the Commission's verdict on one criterion of one candidate, a declaration of a
conflict of interest, and the screening session. They return data; the screening page saves it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.domain.competition import MAX_TEXT
from osgo_desktop.domain.eligibility import Verdict, validate_verdict
from osgo_desktop.domain.screening_session import ScreeningSessionDraft, ScreeningSetup, check_screening_session
from osgo_desktop.i18n import _, ngettext
from osgo_desktop.services.screening import Deciders
from osgo_desktop.services.views import CommissionMemberRow
from ui.dialogs.voting import _checked, _checklist, _show_all_rows, show_attendance
from ui.widgets.forms import FormDialog, date_edit, fill_combo, line_edit
from ui.widgets.screen import fit_to_screen


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
        deciders: Deciders | None = None,
    ) -> None:
        super().__init__(parent)
        self.deciders = deciders
        self.candidate_label = _label(candidate)
        self.criterion_label = _label(criterion)
        #: the members who take the decision, and those who stood aside from it (a conflict of interest) and why
        self.deciders_label = _label()
        self.stood_aside_label = _label()
        self.stood_aside_label.setStyleSheet("color:#8a5300;")
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
        if deciders is not None:
            self.add_field("deciders", self.deciders_label, lambda: _("Members who decide"))
            self.add_field("stood_aside", self.stood_aside_label, lambda: _("Stood aside"))
        if current is not None:
            (self.met if current.passed else self.not_met).setChecked(True)
            self.note.setPlainText(current.note)
        self.choice.buttonToggled.connect(self.revalidate)
        self.retranslate()
        fit_to_screen(self, 520)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("The Commission's verdict"))
        self.met.setText(_("Met"))
        self.not_met.setText(_("Not met"))
        self.note.setPlaceholderText(_("What the Commission saw, e.g. a certificate of no criminal record"))
        if self.deciders is not None:
            names = [m.name for m in self.deciders.members]
            self.deciders_label.setText(
                ngettext("{count} member: {names}", "{count} members: {names}", len(names)).format(
                    count=len(names), names=", ".join(names) or "—"
                )
            )
            self.stood_aside_label.setText(
                "\n".join(
                    _("{member}: {reason}").format(member=s.member_name, reason=s.reason)
                    for s in self.deciders.stood_aside
                )
                or _("No member declared a conflict of interest towards this candidate.")
            )

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
        fit_to_screen(self, 520)
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


class ScreeningSessionDialog(FormDialog):
    """The Commission's session at which the applications were screened: its date, place (in Kyrgyz and in
    Russian), times, the members present with the quorum shown as they are ticked, the chair and the secretary.
    Opens with the session recorded, to correct it. Returns a :class:`ScreeningSessionDraft`."""

    def __init__(self, setup: ScreeningSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup = setup
        recorded = setup.recorded
        self.held_on: QDateEdit = date_edit(recorded.held_on if recorded else setup.today)
        self.place = line_edit(recorded.place if recorded else "", max_length=500)
        self.place_ru = line_edit(recorded.place_ru if recorded else "", max_length=500)
        self.start_time = line_edit(recorded.start_time if recorded else "", max_length=5)
        self.end_time = line_edit(recorded.end_time if recorded else "", max_length=5)
        times = QWidget()
        times_row = QHBoxLayout(times)
        times_row.setContentsMargins(0, 0, 0, 0)
        self.until = QLabel()
        times_row.addWidget(self.start_time)
        times_row.addWidget(self.until)
        times_row.addWidget(self.end_time)
        times_row.addStretch(1)
        self.start_time.setMaximumWidth(80)
        self.end_time.setMaximumWidth(80)
        self.present = _checklist(setup.members, checked=recorded is None)
        if recorded is not None:
            ticked = set(recorded.present)
            for row in range(self.present.count()):
                item = self.present.item(row)
                item.setCheckState(
                    Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ticked else Qt.CheckState.Unchecked
                )
        self.quorum_label = QLabel()
        present_box = QWidget()
        present_layout = QVBoxLayout(present_box)
        present_layout.setContentsMargins(0, 0, 0, 0)
        present_layout.addWidget(self.present)
        present_layout.addWidget(self.quorum_label)
        self.chair = QComboBox()
        self.secretary = QComboBox()
        self._chosen = (
            recorded.chair_id if recorded else setup.chair_id,
            recorded.secretary_id if recorded else setup.secretary_id,
        )

        self.add_field("held_on", self.held_on, lambda: _("Date"))
        self.add_field("place", self.place, lambda: _("Place (in Kyrgyz)"))
        self.add_field("place_ru", self.place_ru, lambda: _("Place (in Russian)"))
        # both times on one row, and what is wrong with either said under it (:func:`_times_together`)
        self.add_field("start_time", times, lambda: _("Time of the session"))
        self.add_field("present", present_box, lambda: _("Commission members present"))
        self.add_field("chair_id", self.chair, lambda: _("Chair of the session"))
        self.add_field("secretary_id", self.secretary, lambda: _("Secretary of the session"))
        self.present.itemChanged.connect(self._on_present_item_changed)
        for edit in (self.start_time, self.end_time):  # inside a row of their own: not connected by add_field
            edit.textChanged.connect(self.revalidate)
        _show_all_rows(self.present)
        self.retranslate()
        self._on_present_item_changed()
        fit_to_screen(self, 700)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Screening session — competition {number}").format(number=self.setup.competition_number))
        self.place.setPlaceholderText(_("Building, hall"))
        self.place_ru.setPlaceholderText(_("The same place, in Russian"))
        self.start_time.setPlaceholderText(_("10:00"))
        self.end_time.setPlaceholderText(_("12:30"))
        self.until.setText("–")
        self._fill_quorum()

    def _on_present_item_changed(self, _item: object = None) -> None:
        present = set(_checked(self.present))
        members = [(m.name, m.id) for m in self.setup.members if m.id in present]
        # the choice made stays while that member stays ticked
        for index, combo in enumerate((self.chair, self.secretary)):
            chosen = combo.currentData() if combo.count() else self._chosen[index]
            fill_combo(combo, [("—", None), *members], chosen)
        self._fill_quorum()
        self.revalidate()

    def _fill_quorum(self) -> None:
        show_attendance(self.quorum_label, len(_checked(self.present)), self.setup.members_total, self.setup.quorum)

    def value(self) -> ScreeningSessionDraft:
        held_on: dt.date = self.held_on.date().toPython()  # type: ignore[assignment]
        return ScreeningSessionDraft(
            held_on=held_on,
            place=self.place.text(),
            place_ru=self.place_ru.text(),
            start_time=self.start_time.text(),
            end_time=self.end_time.text(),
            present=_checked(self.present),
            chair_id=self.chair.currentData(),
            secretary_id=self.secretary.currentData(),
        )

    def validate_value(self, value: ScreeningSessionDraft) -> dict[str, str]:
        return _times_together(check_screening_session(self.setup, value))

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(_times_together(errors))


def _times_together(errors: dict[str, str]) -> dict[str, str]:
    """The errors with the end time's said under the row of both times (the start time's field)."""
    if "end_time" not in errors:
        return errors
    merged = dict(errors)
    end = merged.pop("end_time")
    merged["start_time"] = "\n".join(filter(None, (merged.get("start_time"), end)))
    return merged

"""The Compositions page's forms: a member's early departure, and filling a vacancy from the reserve list (what the
reserve gives — who is next, who is passed over and why — shown before anything is decided). They return data; the
page saves it through the vacancies' use cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QHeaderView, QLabel, QLineEdit, QWidget

from osgo_desktop import i18n
from osgo_desktop.domain.composition import EARLY, LEFT_LABELS, LeftReason
from osgo_desktop.i18n import N_, _
from osgo_desktop.services.composition_views import MandateRow, VacancyRow
from ui.models.table import Column, RowTableModel
from ui.widgets.forms import FormDialog, date_edit, fill_combo, line_edit, read_only_table
from ui.widgets.screen import fit_to_screen


@dataclass(frozen=True)
class Departure:
    """What :class:`DepartureDialog` returns: ``vacancies.record_departure``'s arguments."""

    mandate_id: int
    left_on: dt.date
    reason: LeftReason
    note: str


class DepartureDialog(FormDialog):
    """A member leaves the seat early: the day, why, and a note. Returns a :class:`Departure`."""

    def __init__(self, member: MandateRow, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert member.mandate_id is not None, "a departure is recorded on a mandate"
        self.member = member
        self.left_on = date_edit(today)
        self.reason = QComboBox()
        self.note: QLineEdit = line_edit(max_length=2000)
        self.add_field("left_on", self.left_on, lambda: _("Left the seat on"))
        self.add_field("reason", self.reason, lambda: _("Why"))
        self.add_field("note", self.note, lambda: _("Note"))
        self.retranslate()
        fit_to_screen(self, 560)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Record a departure"))
        reason = self.reason.currentData()
        fill_combo(self.reason, [(_(LEFT_LABELS[r]), r) for r in LeftReason if r in EARLY], reason)
        self.set_intro(
            _(
                "{name} leaves the seat before the term ends. The mandate stays in the history; from the day they "
                "leave, the seat is vacant and is filled from the reserve list or by a replacement competition."
            ).format(name=self.member.full_name)
        )
        self.note.setPlaceholderText(_("e.g. the number and date of the letter of resignation"))

    def value(self) -> Departure:
        assert self.member.mandate_id is not None
        qdate = self.left_on.date()
        return Departure(
            self.member.mandate_id,
            dt.date(qdate.year(), qdate.month(), qdate.day()),
            LeftReason(self.reason.currentData()),
            self.note.text(),
        )


class ReserveCandidate(Protocol):
    """A reserve candidate as the preview shows them (``vacancies.ReserveRow``)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def organization(self) -> str: ...
    @property
    def reason_text(self) -> str: ...


class ReservePreview(Protocol):
    """What the reserve list gives for a vacancy (``vacancies.ReservePreview``)."""

    @property
    def mandate_id(self) -> int: ...
    @property
    def competition_number(self) -> str: ...
    @property
    def chosen(self) -> ReserveCandidate | None: ...
    @property
    def skipped(self) -> Sequence[ReserveCandidate]: ...
    @property
    def deadline(self) -> dt.date | None: ...
    @property
    def ends_on(self) -> dt.date: ...
    @property
    def exhausted_text(self) -> str: ...


@dataclass(frozen=True)
class Fill:
    """What :class:`FillDialog` returns: ``vacancies.fill_from_reserve``'s arguments."""

    mandate_id: int
    decided_on: dt.date


SKIPPED_COLUMNS: list[Column[ReserveCandidate]] = [
    Column(N_("Number"), lambda r: r.id),
    Column(N_("Name"), lambda r: r.name),
    Column(N_("Organisation"), lambda r: r.organization or "—"),
    Column(N_("Why passed over"), lambda r: r.reason_text, tooltip=lambda r: r.reason_text),
]


class FillDialog(FormDialog):
    """Fill a vacancy from the reserve list: who takes the seat, those passed over before them and why, and the
    date of the Commission's decision. Returns a :class:`Fill`; OK stays disabled when the reserve is exhausted."""

    def __init__(
        self, vacancy: VacancyRow, preview: ReservePreview, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vacancy = vacancy
        self.preview = preview
        self.next_label = QLabel(self)
        self.next_label.setWordWrap(True)
        self.next_label.setObjectName("stepText")
        self.skipped_title = QLabel(self)
        self.skipped_model: RowTableModel[ReserveCandidate] = RowTableModel(SKIPPED_COLUMNS, self)
        self.skipped_model.set_rows(list(preview.skipped))
        self.skipped_table = read_only_table(self.skipped_model, self)
        self.skipped_table.setMinimumHeight(120)
        # why each was passed over is a sentence: it wraps in its column rather than lose its end
        self.skipped_table.setWordWrap(True)
        self.skipped_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        skipped_header = self.skipped_table.horizontalHeader()
        skipped_header.setStretchLastSection(False)
        for column, mode in enumerate(
            (QHeaderView.ResizeMode.ResizeToContents,) * 2 + (QHeaderView.ResizeMode.Stretch,) * 2
        ):
            skipped_header.setSectionResizeMode(column, mode)
        self.insert_widget(0, self.next_label)
        self.insert_widget(1, self.skipped_title)
        self.insert_widget(2, self.skipped_table)
        self.skipped_title.setVisible(bool(preview.skipped))
        self.skipped_table.setVisible(bool(preview.skipped))
        self.decided_on = date_edit(today)
        self.add_field("decided_on", self.decided_on, lambda: _("Date of the Commission's decision"))
        self.retranslate()
        fit_to_screen(self, 720)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.skipped_model.retranslate()
        self.setWindowTitle(_("Fill the vacancy from the reserve list"))
        preview = self.preview
        chosen = preview.chosen
        deadline = (
            _("The vacancy must be filled by {date}.").format(date=i18n.format_date(preview.deadline))
            if preview.deadline is not None
            else ""
        )
        if chosen is None:
            text = preview.exhausted_text or _(
                "The reserve list of competition {number} is exhausted: nobody on it may take the seat."
            ).format(number=preview.competition_number)
        else:
            organization = f" ({chosen.organization})" if chosen.organization else ""
            text = _(
                "Next on the reserve list of competition {number}: {name}{organization}, No. {id}. They take the "
                "seat of {left} from the date of the decision to {until}."
            ).format(
                number=preview.competition_number,
                name=chosen.name,
                organization=organization,
                id=chosen.id,
                left=self.vacancy.left_name,
                until=i18n.format_date(preview.ends_on),
            )
        self.next_label.setText(" ".join(part for part in (text, deadline) if part))
        self.skipped_title.setText(_("Passed over before them:"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Fill the seat and issue the decision"))

    def value(self) -> Fill:
        qdate = self.decided_on.date()
        return Fill(self.preview.mandate_id, dt.date(qdate.year(), qdate.month(), qdate.day()))

    def validate_value(self, value: Fill) -> dict[str, str]:
        if self.preview.chosen is None:
            return {"decided_on": _("Nobody on the reserve list may take the seat.")}
        return {}

"""The forms of the protocols page: an amendment of an issued protocol, and what the secretariat enters for a
protocol (the times of the vote and the count, objections and dissenting opinions, the decision's formation date and
the Commission's vote on it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

from osgo_desktop.domain.protocol_facts import (
    TIME_FIELDS,
    VOTE_FIELDS,
    FactsContext,
    ProtocolFactsDraft,
    facts_errors,
    facts_warnings,
)
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.i18n import _
from osgo_desktop.services.compositions import SeatChoices, SeatCorrection
from osgo_desktop.services.protocols import ProtocolView
from ui.widgets.forms import FormDialog, OptionalDateEdit, line_edit
from ui.widgets.screen import fit_to_screen


class AmendDialog(FormDialog):
    """Returns ``(reason, correction, made_by, seats)``. Given ``choices`` (an amendment of the decision whose elected
    hold seats), it also asks whether the correction moves a seat: who loses one, who takes one instead."""

    def __init__(
        self, protocol: ProtocolView, parent: QWidget | None = None, choices: SeatChoices | None = None
    ) -> None:
        super().__init__(parent)
        self.protocol = protocol
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.correction = QPlainTextEdit()
        self.correction.setFixedHeight(110)
        self.made_by = line_edit(max_length=300)
        self.add_field("reason", self.reason, lambda: _("Reason for the amendment"))
        self.add_field("correction", self.correction, lambda: _("What it corrects"))
        self.add_field("made_by", self.made_by, lambda: _("Made by (name, role)"))
        self.unseat: QListWidget | None = None
        self.seat: QListWidget | None = None
        if choices is not None and choices.seated:
            self.unseat = _checklist(choices.seated)
            self.seat = _checklist(choices.others)
            self.add_field("unseat", self.unseat, lambda: _("Loses the seat (only if the correction moves one)"))
            self.add_field("seat", self.seat, lambda: _("Takes a seat instead"))
            self.wrap_label("unseat")
            for widget in (self.unseat, self.seat):
                widget.itemChanged.connect(lambda _item: self.revalidate())
        self.retranslate()
        fit_to_screen(self, 640)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Amend protocol No. {number}").format(number=self.protocol.number))

    def value(self) -> tuple[str, str, str, SeatCorrection]:
        return (
            self.reason.toPlainText(),
            self.correction.toPlainText(),
            self.made_by.text(),
            SeatCorrection(_checked(self.unseat), _checked(self.seat)),
        )

    def validate_value(self, value: tuple[str, str, str, SeatCorrection]) -> dict[str, str]:
        errors = {}
        if not value[0].strip():
            errors["reason"] = _("Give the reason for the amendment.")
        if not value[1].strip():
            errors["correction"] = _("Write what the amendment corrects.")
        if not value[2].strip():
            errors["made_by"] = _("Say who makes the amendment.")
        return errors


def _checklist(rows: tuple[tuple[str, str], ...]) -> QListWidget:
    """The candidates as a list to tick, each "number — name"; the tally id is the item's data."""
    widget = QListWidget()
    for tally_id, name in rows:
        item = QListWidgetItem(f"{tally_id} — {name}")
        item.setData(Qt.ItemDataRole.UserRole, tally_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(item)
    shown = min(max(len(rows), 1), 8)  # every row when there are few; a scroll bar past eight
    widget.setFixedHeight(widget.sizeHintForRow(0) * shown + 2 * widget.frameWidth() + 2 if rows else 30)
    return widget


def _checked(widget: QListWidget | None) -> tuple[str, ...]:
    if widget is None:
        return ()
    return tuple(
        str(widget.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(widget.count())
        if widget.item(i).checkState() is Qt.CheckState.Checked
    )


_TIME_LABELS: dict[str, Callable[[], str]] = {
    "vote_began": lambda: _("The vote began at"),
    "vote_ended": lambda: _("The vote ended at"),
    "count_began": lambda: _("The count began at"),
    "count_ended": lambda: _("The count ended at"),
}
_VOTE_LABELS: dict[str, Callable[[], str]] = {
    "votes_for": lambda: _("Votes for the decision"),
    "votes_against": lambda: _("Votes against"),
    "votes_abstained": lambda: _("Abstained"),
}


def _number_edit(value: int | None) -> QLineEdit:
    """A count, empty until typed: nobody's vote is made up by the form."""
    edit = QLineEdit("" if value is None else str(value))
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,3}")))
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    edit.setPlaceholderText("—")
    edit.setMaximumWidth(90)
    return edit


def _text_edit(text: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setFixedHeight(56)
    return edit


class FactsFields:
    """The fields of a protocol's facts, added to ``form``: the times for a round's protocol, the formation date and
    the vote for the decision, objections and dissenting opinions for every protocol."""

    def __init__(
        self, form: FormDialog, kind: ProtocolKind, facts: ProtocolFactsDraft, default_date: dt.date | None = None
    ) -> None:
        self.kind = kind
        self.times: dict[str, QLineEdit] = {}
        self.votes: dict[str, QLineEdit] = {}
        self.formation: OptionalDateEdit | None = None
        if kind.per_round:
            for name in TIME_FIELDS:
                edit = line_edit(getattr(facts, name), max_length=5)
                edit.setPlaceholderText("10:00")
                edit.setMaximumWidth(90)
                self.times[name] = edit
                form.add_field(name, edit, _TIME_LABELS[name])
        if kind is ProtocolKind.DECISION:
            self.formation = OptionalDateEdit(facts.formation_date or default_date or dt.date(2000, 1, 1))
            self.formation.set_value(facts.formation_date)
            form.add_field("formation_date", self.formation, lambda: _("Formation date of the composition"))
            for name in VOTE_FIELDS:
                self.votes[name] = _number_edit(getattr(facts, name))
                form.add_field(name, self.votes[name], _VOTE_LABELS[name])
        self.objections = _text_edit(facts.objections)
        self.dissent = _text_edit(facts.dissent)
        form.add_field("objections", self.objections, lambda: _("Objections (none if left empty)"))
        form.add_field("dissent", self.dissent, lambda: _("Dissenting opinions (none if left empty)"))
        form.wrap_label("objections")
        form.wrap_label("dissent")

    def _time(self, name: str) -> str:
        edit = self.times.get(name)
        return edit.text() if edit is not None else ""

    def _count(self, name: str) -> int | None:
        edit = self.votes.get(name)
        return int(edit.text()) if edit is not None and edit.text().strip() else None

    def value(self) -> ProtocolFactsDraft:
        return ProtocolFactsDraft(
            vote_began=self._time("vote_began"),
            vote_ended=self._time("vote_ended"),
            count_began=self._time("count_began"),
            count_ended=self._time("count_ended"),
            objections=self.objections.toPlainText(),
            dissent=self.dissent.toPlainText(),
            formation_date=self.formation.value() if self.formation is not None else None,
            votes_for=self._count("votes_for"),
            votes_against=self._count("votes_against"),
            votes_abstained=self._count("votes_abstained"),
        )


class ProtocolFactsDialog(FormDialog):
    """What the secretariat enters for one protocol ("Details for the protocol…"). Returns
    :class:`ProtocolFactsDraft`; the page records it."""

    def __init__(
        self,
        title: str,
        facts: ProtocolFactsDraft,
        context: FactsContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.context = context
        self.fields = FactsFields(self, context.kind, facts, context.session_date)
        self.retranslate()
        fit_to_screen(self, 680)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Details for the protocol: {protocol}").format(protocol=self.title))
        if self.context.kind is ProtocolKind.DECISION:
            intro = _(
                "The decision states the date the new composition is formed — the members' terms run from it — and "
                "how the Commission voted on it; it cannot be issued without them. Objections and dissenting "
                "opinions left empty print “none”. A protocol already issued is issued again as a new version."
            )
        elif self.context.kind.per_round:
            intro = _(
                "When the vote and the count began and ended, as the protocol states them. Objections and "
                "dissenting opinions left empty print “none”. A protocol already issued is issued again as a new "
                "version."
            )
        else:
            intro = _(
                "Objections and dissenting opinions left empty print “none”. A protocol already issued is issued "
                "again as a new version."
            )
        self.set_intro(intro)

    def value(self) -> ProtocolFactsDraft:
        return self.fields.value()

    def validate_value(self, value: ProtocolFactsDraft) -> dict[str, str]:
        return facts_errors(value, self.context)

    def warnings_for(self, value: ProtocolFactsDraft) -> list[str]:
        return facts_warnings(value, self.context)

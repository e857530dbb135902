"""Forms of the rating vote: opening a session, settling a disagreement, closing a round, drawing lots.

They return data; the voting page saves it through the vote service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QRegularExpression, QSize, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.clock import Clock
from osgo_desktop.domain import voting as rules
from osgo_desktop.domain.ballot_entry import BallotEntryError, format_marks, parse_marks
from osgo_desktop.domain.profile import Kind, VoterRoll
from osgo_desktop.domain.protocol_facts import FactsContext, ProtocolFactsDraft, facts_errors
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.session import MAX_DELEGATE, MAX_PLACE, DelegateDraft, roll_lines, stood_aside
from osgo_desktop.domain.voting import MODE_LABELS, SIDE_LABELS, Marks, Mode, Side
from osgo_desktop.i18n import _, ngettext
from osgo_desktop.services.voting import (
    COUNTING_ENTRANT,
    EntrantDraft,
    EntrantView,
    PaperCounts,
    Person,
    RoundView,
    SessionDraft,
    SessionSetup,
    check_session,
    paper_serial,
)
from ui.dialogs.protocols import FactsFields
from ui.widgets.forms import BilingualRow, FormDialog, combo_enum, date_edit, fill_combo, line_edit, spin_box
from ui.widgets.screen import fit_to_screen


def secret_edit(parent: QWidget | None = None) -> QLineEdit:
    """Where an entrant types their account's password or station PIN (hidden as it is typed)."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(256)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
    return edit


def _checklist(people: tuple[Person, ...], checked: bool) -> QListWidget:
    box = QListWidget()
    for person in people:
        item = QListWidgetItem(person.name)
        item.setData(Qt.ItemDataRole.UserRole, person.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        box.addItem(item)
    return box


class DelegateRoll(QWidget):
    """The associations that nominated an admitted candidate, each ticked when its delegate is present and the
    delegate's name beside it (as the association's letter of authority gives it). Tab goes tick, name, next tick;
    Space ticks. Nothing else can be added: the lines come from the data."""

    def __init__(self, associations: tuple[Person, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[int, QCheckBox, QLineEdit]] = []
        for row, association in enumerate(associations):
            tick = QCheckBox(association.name)
            tick.setChecked(True)
            name = line_edit(max_length=MAX_DELEGATE)
            tick.toggled.connect(name.setEnabled)
            grid.addWidget(tick, row, 0)
            grid.addWidget(name, row, 1)
            self.rows.append((association.id, tick, name))
        grid.setColumnStretch(1, 1)

    def retranslate(self) -> None:
        for _id, _tick, name in self.rows:
            name.setPlaceholderText(_("Delegate's surname, name, patronymic"))

    def present(self) -> tuple[int, ...]:
        return tuple(i for i, tick, _name in self.rows if tick.isChecked())

    def delegates(self) -> tuple[DelegateDraft, ...]:
        return tuple(DelegateDraft(i, name.text()) for i, tick, name in self.rows if tick.isChecked())


def _show_all_rows(box: QListWidget, rows_per_column: int = 8) -> None:
    """Every name in sight, in columns of up to ``rows_per_column`` (top to bottom, then the next column): who is
    present is read at a glance, not scrolled for, and 15 members still leave the form room on a laptop screen."""
    count = box.count()
    columns = max(1, -(-count // rows_per_column))
    rows = -(-count // columns) if count else 1
    row_height = box.sizeHintForRow(0) if count else box.fontMetrics().height()
    spacing = 2 * box.spacing()
    if columns > 1:
        box.setFlow(QListView.Flow.TopToBottom)
        box.setWrapping(True)
        box.setResizeMode(QListView.ResizeMode.Adjust)
        box.setUniformItemSizes(True)
        box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # its height is a row's
        column_width = box.sizeHintForColumn(0) + 24
        box.setGridSize(QSize(column_width, row_height))
        box.setMinimumWidth(columns * column_width + 2 * box.frameWidth() + 4)
    box.setFixedHeight(rows * (row_height + spacing) + 2 * box.frameWidth() + 2)


def _checked(box: QListWidget) -> tuple[int, ...]:
    return tuple(
        int(box.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(box.count())
        if box.item(i).checkState() == Qt.CheckState.Checked
    )


def _person_and_secret(combo: QComboBox, secret: QLineEdit) -> QWidget:
    """Who confirms, and their password or station PIN, on one row."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(combo, 2)
    row.addWidget(secret, 1)
    return box


def _account_text(account: Person) -> str:
    """An account as the session form offers it: "Name (login)"."""
    return f"{account.name} ({account.detail})"


def _entrant_items(entrants: tuple[EntrantView, ...], side: Side) -> list[tuple[str, object]]:
    return [(e.name, e.id) for e in entrants if e.side is side]


def show_attendance(label: QLabel, present: int, total: int, quorum: int) -> None:
    """The attendance against the quorum, live under a session's checklist of members (the screening's and the
    vote's): ticked and green once the quorum is met; below it, the field's error line says so in words."""
    text = ngettext(
        "Present: {present} of {total}. Quorum: {quorum} member.",
        "Present: {present} of {total}. Quorum: {quorum} members.",
        quorum,
    ).format(present=present, total=total, quorum=quorum)
    label.setText(("✔ " if present >= quorum else "") + text)
    label.setStyleSheet("color:#1b5e20;" if present >= quorum else "")


class SessionDialog(FormDialog):
    """Opens a rating-vote session: attendance and quorum, the counting commission, the voter roll, who enters
    the ballots — an account of each side, the counting side's also a member present. Returns a
    :class:`SessionDraft`."""

    enter_moves_on = True

    def __init__(self, setup: SessionSetup, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup = setup
        self.held_on: QDateEdit = date_edit(clock.today())
        self.place = line_edit(max_length=MAX_PLACE)
        self.place_ru = line_edit(max_length=MAX_PLACE)
        self.place_row = BilingualRow(self.place, self.place_ru)
        self.start_time = line_edit(clock.local_now().strftime("%H:%M"), max_length=5)
        self.mode = QComboBox()
        self.present = _checklist(setup.members, checked=True)
        self.quorum_label = QLabel()
        present_box = QWidget()
        present_layout = QVBoxLayout(present_box)
        present_layout.setContentsMargins(0, 0, 0, 0)
        present_layout.addWidget(self.present)
        present_layout.addWidget(self.quorum_label)
        self.chair = QComboBox()
        self.secretary = QComboBox()
        self.counting_present = _checklist(setup.counting, checked=True)
        # the voter roll of a Commission competition, taken from the data and ticked (a council's is the members
        # present): the admitted candidates, or a delegate per nominating association
        self.candidate_roll: QListWidget | None = None
        self.delegate_roll: DelegateRoll | None = None
        roll: QWidget
        if setup.voter_roll is VoterRoll.DELEGATES:
            roll = self.delegate_roll = DelegateRoll(setup.roll)
        else:
            roll = self.candidate_roll = _checklist(setup.roll, checked=True)
            for index, person in enumerate(setup.roll):  # the registration number on hover: the names fit two columns
                self.candidate_roll.item(index).setToolTip(person.detail)
        self.roll_label = QLabel()
        self.voters = QWidget()
        voters_layout = QVBoxLayout(self.voters)
        voters_layout.setContentsMargins(0, 0, 0, 0)
        voters_layout.addWidget(roll)
        voters_layout.addWidget(self.roll_label)
        # a council: the members present who take no ballot, for a conflict declared towards a candidate
        self.aside_label = QLabel()
        self.aside_label.setWordWrap(True)
        present_layout.addWidget(self.aside_label)
        # who enters each side's papers: an account holding that side's role (it signs in at the entry station with
        # its password or station PIN); the counting side's is also one of the counting commission's members present
        self.secretariat_account = QComboBox()
        fill_combo(self.secretariat_account, [(_account_text(a), a.id) for a in setup.secretariat_accounts])
        self.counting_entrant = QComboBox()
        self.counting_account = QComboBox()
        fill_combo(self.counting_account, [(_account_text(a), a.id) for a in setup.counting_accounts])
        # One field per side, so that what concerns the counting side's person (the secretariat's account chosen
        # for them too, say) is said right under their row.
        self.secretariat_title = QLabel()
        self.counting_title = QLabel()
        entrants = self._entrant_row(self.secretariat_title, self.secretariat_account)
        counting_entrant = self._entrant_row(self.counting_title, self.counting_entrant, self.counting_account)
        self.papers: QSpinBox = spin_box(0, 10_000, 0)
        self.min_votes: QSpinBox = spin_box(0, 10_000, 0)

        self.add_field("held_on", self.held_on, lambda: _("Date"))
        self.add_field("place", self.place_row, lambda: _("Place"))
        self.add_field("start_time", self.start_time, lambda: _("Start time"))
        self.add_field("mode", self.mode, lambda: _("Vote"))
        self.add_field("present", present_box, lambda: _("Commission members present"))
        self.add_field("chair_id", self.chair, lambda: _("Chair of the session"))
        self.add_field("secretary_id", self.secretary, lambda: _("Secretary of the session"))
        self.add_field("counting_present", self.counting_present, lambda: _("Counting commission present"))
        self.add_field("voters", self.voters, self._roll_title)
        self.add_field("entrants", entrants, lambda: _("Who enters the ballots (signing in with their accounts)"))
        self.add_field(COUNTING_ENTRANT, counting_entrant, str)
        self.wrap_label("entrants")
        self.wrap_label("voters")
        self.add_field("papers", self.papers, lambda: _("Ballot papers to print"))
        self.add_field("min_votes", self.min_votes, lambda: _("Fewest votes to be elected"))
        self.set_field_visible("voters", setup.kind is Kind.COMMISSION)
        for box in (self.present, self.counting_present):
            box.itemChanged.connect(self._on_attendance_changed)
        self.secretariat_account.currentIndexChanged.connect(self.revalidate)
        self.counting_account.currentIndexChanged.connect(self.revalidate)
        self.counting_entrant.currentIndexChanged.connect(self._on_counting_entrant_changed)
        if self.candidate_roll is not None:
            self.candidate_roll.itemChanged.connect(self._on_attendance_changed)
            _show_all_rows(self.candidate_roll)
        if self.delegate_roll is not None:
            for _id, tick, name in self.delegate_roll.rows:
                tick.toggled.connect(self._on_attendance_changed)
                name.textChanged.connect(self.revalidate)
        _show_all_rows(self.present)
        _show_all_rows(self.counting_present)
        self.retranslate()
        self._on_attendance_changed()
        fit_to_screen(self, 760)

    def _roll_title(self) -> str:
        if self.setup.voter_roll is VoterRoll.DELEGATES:
            return _("Voter roll: the delegates of the nominating associations present")
        return _("Voter roll: the admitted candidates present")

    @staticmethod
    def _entrant_row(title: QLabel, *choices: QComboBox) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        for choice in choices:
            row.addWidget(choice, 1)
        column.addWidget(title)
        column.addLayout(row)
        return box

    def _on_counting_entrant_changed(self) -> None:
        self._match_counting_account()
        self.revalidate()

    def _match_counting_account(self) -> None:
        """The counting member chosen: their account, where one bears their name, is chosen with them."""
        member = next((m for m in self.setup.counting if m.id == self.counting_entrant.currentData()), None)
        account = next((a for a in self.setup.counting_accounts if member is not None and a.name == member.name), None)
        if account is not None:
            self.counting_account.setCurrentIndex(self.counting_account.findData(account.id))

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(
            _("Open the rating-vote session — competition {number}").format(number=self.setup.competition_number)
        )
        fill_combo(self.mode, [(_(MODE_LABELS[m]), m.value) for m in Mode])
        self.place_row.set_placeholder(_("Building, hall"))
        self.start_time.setPlaceholderText(_("10:00"))
        self.secretariat_title.setText(_("Secretariat: the account that enters"))
        self.counting_title.setText(_("Counting commission: the member, and the account that enters"))
        self.papers.setSpecialValueText(_("one per voter"))
        self.min_votes.setSpecialValueText(_("no minimum"))
        if self.delegate_roll is not None:
            self.delegate_roll.retranslate()
        self._fill_quorum()

    def _on_attendance_changed(self, _item: object = None) -> None:
        present = set(_checked(self.present))
        members = [(m.name, m.id) for m in self.setup.members if m.id in present]
        # The choice made stays; a chair or secretary unticked and ticked again comes back as the registry has them.
        for combo, default in ((self.chair, self.setup.chair_id), (self.secretary, self.setup.secretary_id)):
            chosen = combo.currentData()
            fill_combo(combo, [("—", None), *members], chosen if chosen is not None else default)
        counting = set(_checked(self.counting_present))
        chosen_member = self.counting_entrant.currentData()
        fill_combo(self.counting_entrant, [(m.name, m.id) for m in self.setup.counting if m.id in counting])
        if self.counting_entrant.currentData() != chosen_member:
            self._match_counting_account()
        self._fill_quorum()
        self.revalidate()

    def _fill_quorum(self) -> None:
        show_attendance(self.quorum_label, len(_checked(self.present)), self.setup.members_total, self.setup.quorum)
        if not hasattr(self, "roll_label"):
            return
        draft = self.value()
        present = sum(line.present for line in roll_lines(self.setup, draft))
        self.roll_label.setText(
            _("Voters present: {present} of {total}. One voter, one ballot.").format(
                present=present, total=len(self.setup.roll)
            )
        )
        members = set(_checked(self.present)) if self.setup.kind is Kind.COUNCIL else set()
        aside = stood_aside(self.setup.conflicts, members, {c.id for c in self.setup.candidates})
        self.aside_label.setText(
            "\n".join(
                _("{member} takes no ballot: a conflict of interest towards {candidate} is declared.").format(
                    member=c.member, candidate=c.candidate
                )
                for c in aside
            )
        )
        self.aside_label.setVisible(bool(aside))

    def value(self) -> SessionDraft:
        held_on: dt.date = self.held_on.date().toPython()  # type: ignore[assignment]
        counting_id = self.counting_entrant.currentData()
        return SessionDraft(
            held_on=held_on,
            place=self.place.text(),
            place_ru=self.place_ru.text(),
            start_time=self.start_time.text(),
            present=_checked(self.present),
            counting_present=_checked(self.counting_present),
            entrants=(
                EntrantDraft(Side.SECRETARIAT, self.secretariat_account.currentData()),
                EntrantDraft(Side.COUNTING, self.counting_account.currentData(), counting_id),
            ),
            mode=combo_enum(self.mode, Mode, Mode.PAPER),
            chair_id=self.chair.currentData(),
            secretary_id=self.secretary.currentData(),
            roll_present=(
                _checked(self.candidate_roll)
                if self.candidate_roll is not None
                else self.delegate_roll.present()
                if self.delegate_roll is not None
                else ()
            ),
            delegates=self.delegate_roll.delegates() if self.delegate_roll is not None else (),
            papers=self.papers.value(),
            min_votes=self.min_votes.value(),
        )

    def validate_value(self, value: SessionDraft) -> dict[str, str]:
        return check_session(self.setup, value)


class MarksEdit(QLineEdit):
    """Candidate numbers as on the entry screen: "3 7 12"."""


class _BothSidesForm(FormDialog):
    """A form one person of each side confirms together, each with their password or station PIN (a settlement, a
    strike-out)."""

    def _add_both_sides(self, view: RoundView) -> None:
        self.secretariat = QComboBox()
        self.secretariat_secret = secret_edit()
        self.counting = QComboBox()
        self.counting_secret = secret_edit()
        fill_combo(self.secretariat, _entrant_items(view.session.entrants, Side.SECRETARIAT))
        fill_combo(self.counting, _entrant_items(view.session.entrants, Side.COUNTING))
        self.add_field(
            "secretariat", _person_and_secret(self.secretariat, self.secretariat_secret), lambda: _("Secretariat")
        )
        self.add_field(
            "counting", _person_and_secret(self.counting, self.counting_secret), lambda: _("Counting commission")
        )
        for secret in (
            self.secretariat_secret,
            self.counting_secret,
        ):  # inside a row of their own: not connected by add_field
            secret.textChanged.connect(self.revalidate)

    def retranslate(self) -> None:
        super().retranslate()
        for secret in (self.secretariat_secret, self.counting_secret):
            secret.setPlaceholderText(_("Password or station PIN"))

    def confirmations(self) -> tuple[tuple[int, str], tuple[int, str]]:
        """(secretariat id, secret), (counting id, secret)."""
        return (
            (int(self.secretariat.currentData() or 0), self.secretariat_secret.text()),
            (int(self.counting.currentData() or 0), self.counting_secret.text()),
        )

    def secret_errors(self) -> dict[str, str]:
        return {
            key: _("Enter the password or the station PIN.")
            for key, secret in (("secretariat", self.secretariat_secret), ("counting", self.counting_secret))
            if not secret.text()
        }


class SettleDialog(_BothSidesForm):
    """Settles one disagreement against the paper, both entrants present. Returns
    ``(marks, note, (secretariat id, secret), (counting id, secret))``; :meth:`marks_value` is what the paper says.

    A blank settlement is said in so many words: an empty marks field is an error unless "The paper is blank" is
    ticked, so that nobody settles a paper as blank by forgetting to type its marks."""

    def __init__(self, view: RoundView, serial: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.serial = serial
        disagreement = next(d for d in view.reconciliation.disagreements if d.serial == serial)
        self._disagreement = disagreement
        self.marks = MarksEdit()
        self.blank = QCheckBox()
        marks_box = QWidget()
        marks_layout = QVBoxLayout(marks_box)
        marks_layout.setContentsMargins(0, 0, 0, 0)
        marks_layout.addWidget(self.marks)
        marks_layout.addWidget(self.blank)
        self.blank.toggled.connect(self._on_blank_toggled)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.add_field("marks", marks_box, lambda: _("Marks on the paper"))
        self.add_field("note", self.note, lambda: _("Note"))
        self._add_both_sides(view)
        self.marks.textChanged.connect(self.revalidate)
        self.retranslate()
        fit_to_screen(self, 600)
        self.revalidate()

    def _describe(self, marks: Marks) -> str:
        if not marks:
            return _("blank")
        names = {c.number: c.name for c in self.view.candidates}
        return "; ".join(f"{m}. {names[m]}" for m in marks)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Settle paper No. {serial}").format(serial=paper_serial(self.serial)))
        d = self._disagreement
        names = {c.number: c.name for c in self.view.candidates}
        only = [
            (
                _("{number}. {name} — marked by the secretariat only")
                if m in d.secretariat
                else _("{number}. {name} — marked by the counting commission only")
            ).format(number=m, name=names[m])
            for m in sorted(set(d.secretariat) ^ set(d.counting))
        ]
        self.set_intro(
            _("Secretariat: {secretariat}\nCounting commission: {counting}").format(
                secretariat=format_marks(d.secretariat) or _("blank"), counting=format_marks(d.counting) or _("blank")
            )
            + "\n"
            + _("They differ on:")
            + "\n"
            + "\n".join(only)
        )
        self.marks.setPlaceholderText(_("Candidate numbers, e.g. 3 7 12"))
        self.blank.setText(_("The paper is blank"))

    def value(self) -> tuple[str, str, tuple[int, str], tuple[int, str]]:
        return (self.marks.text(), self.note.toPlainText(), *self.confirmations())

    def _on_blank_toggled(self, blank: bool) -> None:
        if blank:
            self.marks.clear()
        self.marks.setEnabled(not blank)
        self.revalidate()

    def validate_value(self, value: tuple[str, str, tuple[int, str], tuple[int, str]]) -> dict[str, str]:
        errors: dict[str, str] = {}
        try:
            marks = parse_marks(value[0], len(self.view.candidates))
        except BallotEntryError as exc:
            errors["marks"] = str(exc)
        else:
            if not marks and not self.blank.isChecked():
                ask = _("Type the numbers of the candidates marked on the paper, or tick “{blank}”.")
                errors["marks"] = ask.format(blank=self.blank.text())
        return {**errors, **self.secret_errors()}

    def warnings_for(self, value: tuple[str, str, tuple[int, str], tuple[int, str]]) -> list[str]:
        """What the typed marks say, by name: the two people check it against the paper before confirming."""
        return [_("The paper says: {marks}").format(marks=self._describe(self.marks_value()))]

    def marks_value(self) -> Marks:
        if self.blank.isChecked():
            return ()
        return parse_marks(self.marks.text(), len(self.view.candidates))


def count_edit() -> QLineEdit:
    """A count of papers, empty until someone types what they counted: a figure the form made up would pass for one
    the counting commission made."""
    edit = QLineEdit()
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}")))
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    edit.setPlaceholderText("—")
    return edit


def count_value(edit: QLineEdit) -> int | None:
    text = edit.text().strip()
    return int(text) if text else None


class CloseRoundDialog(FormDialog):
    """Closing a round: the papers counted (paper vote) and, optional and editable later, the times of the vote and
    the count, objections and dissenting opinions. Returns ``(PaperCounts, ProtocolFactsDraft)``.

    The three counts start empty and OK stays disabled until each is typed in: pressing Enter must never put
    figures nobody counted into the protocol."""

    def __init__(self, view: RoundView, parent: QWidget | None = None, facts: ProtocolFactsDraft | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.issued = count_edit()
        self.returned = count_edit()
        self.unused = count_edit()
        self.add_field("issued", self.issued, lambda: _("Papers issued to voters"))
        self.add_field("returned", self.returned, lambda: _("Papers found in the ballot box"))
        self.add_field("unused", self.unused, lambda: _("Papers left unused"))
        paper = view.mode is Mode.PAPER
        for name in ("issued", "returned", "unused"):
            self.set_field_visible(name, paper)
        # issue 12 (decision helper): what the round's protocol states beyond the count
        self.facts = FactsFields(self, ProtocolKind.VOTE, facts or ProtocolFactsDraft())
        self.facts_context = FactsContext(ProtocolKind.VOTE, len(view.session.present), view.session.held_on)
        self.retranslate()
        fit_to_screen(self, 600)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Close round {number}").format(number=self.view.number))
        self.set_intro(
            _(
                "{agreed} ballots are entered and agreed; {printed} papers were printed. Closing the round locks "
                "its ballots and counts them: this cannot be undone. The times, objections and dissenting opinions "
                "may be left empty and entered later on the protocols page."
            ).format(agreed=len(self.view.reconciliation.agreed), printed=self.view.papers_printed)
        )

    def value(self) -> tuple[PaperCounts, ProtocolFactsDraft]:
        counts = PaperCounts(count_value(self.issued), count_value(self.returned), count_value(self.unused))
        return counts, self.facts.value()

    def validate_value(self, value: tuple[PaperCounts, ProtocolFactsDraft]) -> dict[str, str]:
        papers, facts = value
        errors = facts_errors(facts, self.facts_context)
        if self.view.mode is not Mode.PAPER:
            return errors
        # Each error under the count it concerns; those about the counts together go to the banner, in full.
        return {
            **errors,
            **rules.paper_count_errors(
                self.view.papers_printed,
                papers.issued,
                papers.returned,
                papers.unused,
                len(self.view.reconciliation.agreed),
            ),
        }


class StrikeOutDialog(_BothSidesForm):
    """Strikes out a paper entered by one side only that is not in the ballot box (its serial was typed wrong),
    both sides present. Returns ``(serial, note, (secretariat id, secret), (counting id, secret))``."""

    def __init__(self, view: RoundView, serial: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.paper = QComboBox()
        for number, side in view.reconciliation.single:
            self.paper.addItem("", number)
            self.paper.setItemData(self.paper.count() - 1, side, Qt.ItemDataRole.UserRole + 1)
        if serial is not None:
            self.paper.setCurrentIndex(max(0, self.paper.findData(serial)))
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.add_field("paper", self.paper, lambda: _("Paper entered by one side only"))
        self.add_field("note", self.note, lambda: _("Why it is struck out"))
        self._add_both_sides(view)
        self.retranslate()
        fit_to_screen(self, 600)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Strike out a paper"))
        for index in range(self.paper.count()):
            side = Side(self.paper.itemData(index, Qt.ItemDataRole.UserRole + 1))
            self.paper.setItemText(
                index,
                _("No. {serial}, entered by: {side}").format(
                    serial=paper_serial(int(self.paper.itemData(index))), side=_(SIDE_LABELS[side])
                ),
            )
        self.set_intro(
            _(
                "Only for a serial no paper in the ballot box has (typed wrong by one side): look for the paper "
                "together first. A paper that is in the box is entered by the other side instead. The struck-out "
                "serial counts for nothing and cannot be entered again; the protocol lists it."
            )
        )

    def value(self) -> tuple[int, str, tuple[int, str], tuple[int, str]]:
        return (int(self.paper.currentData() or 0), self.note.toPlainText(), *self.confirmations())

    def validate_value(self, value: tuple[int, str, tuple[int, str], tuple[int, str]]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not value[1].strip():
            errors["note"] = _("Say why the entry is struck out (e.g. which serial was meant).")
        return {**errors, **self.secret_errors()}


class LotsDialog(FormDialog):
    """The drawn order of a repeated tie, entered by a counting-commission member, with who drew the lots and who
    witnessed the drawing (the protocol names them). Returns
    ``(order of tally ids, note, (counting id, password or station PIN), drawn by, witnesses)``."""

    def __init__(self, view: RoundView, tied: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.order = QListWidget()
        self.order.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        for tally_id in tied:
            item = QListWidgetItem(view.candidate(tally_id).name)
            item.setData(Qt.ItemDataRole.UserRole, tally_id)
            self.order.addItem(item)
        self.order.setCurrentRow(0)
        self.up = QPushButton()
        self.down = QPushButton()
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        order_box = QWidget()
        order_layout = QHBoxLayout(order_box)
        order_layout.setContentsMargins(0, 0, 0, 0)
        order_layout.addWidget(self.order, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        order_layout.addLayout(buttons)
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.drawn_by = line_edit(max_length=500)
        self.drawn_by.textChanged.connect(self.revalidate)
        # the counting commission present witnesses the drawing: its members are named unless changed
        self.witnesses = QPlainTextEdit(", ".join(view.session.counting_present))
        self.witnesses.setFixedHeight(54)
        self.witnesses.textChanged.connect(self.revalidate)
        self.counting = QComboBox()
        fill_combo(self.counting, _entrant_items(view.session.entrants, Side.COUNTING))
        self.secret = secret_edit()
        self.secret.textChanged.connect(self.revalidate)
        self.add_field("order", order_box, lambda: _("Drawn order (first drawn first)"))
        self.add_field("drawn_by", self.drawn_by, lambda: _("Who drew the lots"))
        self.add_field("witnesses", self.witnesses, lambda: _("Witnesses of the drawing"))
        self.add_field("note", self.note, lambda: _("How the lots were drawn"))
        self.add_field("counting", self.counting, lambda: _("Counting commission"))
        self.add_field("secret", self.secret, lambda: _("Password or station PIN"))
        self.wrap_label("order")  # the names to order need the room more than the label does
        self.retranslate()
        fit_to_screen(self, 640)
        self.revalidate()

    def _move(self, step: int) -> None:
        row = self.order.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.order.count():
            return
        item = self.order.takeItem(row)
        self.order.insertItem(target, item)
        self.order.setCurrentRow(target)

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Drawing of lots — round {number}").format(number=self.view.number))
        self.up.setText(_("Up"))
        self.down.setText(_("Down"))

    def value(self) -> tuple[tuple[str, ...], str, tuple[int, str], str, str]:
        order = tuple(str(self.order.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.order.count()))
        return (
            order,
            self.note.toPlainText(),
            (int(self.counting.currentData() or 0), self.secret.text()),
            self.drawn_by.text(),
            self.witnesses.toPlainText(),
        )

    def validate_value(self, value: Any) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not value[3].strip():
            errors["drawn_by"] = _("Name who drew the lots.")
        if not value[4].strip():
            errors["witnesses"] = _("Name who witnessed the drawing of lots.")
        if not value[2][1]:
            errors["secret"] = _("Enter the password or the station PIN.")
        return errors


__all__ = ["CloseRoundDialog", "LotsDialog", "SessionDialog", "SettleDialog", "format_marks"]

"""Typing paper ballots, keyboard first: the serial, the marks, a large check of what will be saved, Enter to save.

A paper is named as printed on it (:func:`~osgo_desktop.services.voting.paper_serial`: "007"), however its serial was
typed. The widget never decides whether a ballot counts (the tally engine does) and never touches the database: it
reads what is typed with :mod:`osgo_desktop.domain.ballot_entry` and hands a confirmed entry to the ``save`` callback
it was given.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSlider,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.domain.ballot_entry import (
    BallotEntryError,
    BallotStatus,
    describe,
    format_marks,
    parse_marks,
    parse_serial,
)
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import N_, _, ngettext
from osgo_desktop.services import voting
from ui.models.table import Column, RowTableModel

#: text colours: errors red (with an icon: never colour alone), warnings amber, confirmations green
ERROR_COLOUR: Final = "#b00020"
WARNING_COLOUR: Final = "#8a5300"
OK_COLOUR: Final = "#1b5e20"

#: the staged entry's frame for each status: border and background (light, so dark text stays readable)
PANEL_STYLES: Final = {
    BallotStatus.VALID: ("#2e7d32", "#eef7ee"),
    BallotStatus.BLANK: ("#1f4e79", "#eef3f9"),
    BallotStatus.TOO_MANY_MARKS: ("#b26a00", "#fff1d6"),
}
#: how much larger than the app's font the fields and the staged entry are (the entrant reads from a distance)
FIELD_SCALE: Final = 2.2
STAGED_SCALE: Final = 1.7
LIST_SCALE: Final = 1.3
#: up to this many marked candidates are listed in one column of large type in the staged entry
ONE_COLUMN_MARKS: Final = 5


@dataclass(frozen=True)
class EnteredBallot:
    """One confirmed entry: the paper's serial and the candidate numbers marked on it (sorted; empty = blank)."""

    serial: int
    marks: tuple[int, ...]


class Mode(Enum):
    EDITING = "editing"
    STAGED = "staged"


def _scaled(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


class ErrorLine(QWidget):
    """A message line: an icon and the text, red for an error, green for a confirmation. Keeps its room while
    empty, so the fields below do not jump as messages come and go."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        self.label = QLabel(self)
        self.label.setFont(_scaled(self, 1.3))
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    def _show(self, text: str, pixmap: QStyle.StandardPixmap, colour: str) -> None:
        size = self.label.fontMetrics().height()
        self.icon.setPixmap(self.style().standardIcon(pixmap).pixmap(size, size))
        self.label.setStyleSheet(f"color:{colour}; font-weight:bold;")
        self.label.setText(text)
        self.show()

    def show_error(self, text: str) -> None:
        self._show(text, QStyle.StandardPixmap.SP_MessageBoxCritical, ERROR_COLOUR)

    def show_done(self, text: str) -> None:
        self._show(text, QStyle.StandardPixmap.SP_DialogApplyButton, OK_COLOUR)

    def clear(self) -> None:
        self.label.clear()
        self.hide()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()


#: the keys that scroll the staged entry's list of marks while the panel has the keyboard
SCROLL_KEYS: Final = {
    Qt.Key.Key_Down: QAbstractSlider.SliderAction.SliderSingleStepAdd,
    Qt.Key.Key_Up: QAbstractSlider.SliderAction.SliderSingleStepSub,
    Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
    Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
    Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
    Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum,
}


class StagedPanel(QFrame):
    """The entry about to be saved, shown large. It takes the keyboard while shown: Enter emits
    ``confirm_requested()``, Esc or Ctrl+Z ``undo_requested()``; the arrows, Page Up/Down, Home and End scroll
    :attr:`scroll_area` (the marked candidates, when more than fit)."""

    confirm_requested = Signal()
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stagedBallot")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the panel keeps the keyboard
        self.scroll_area.viewport().setAutoFillBackground(False)  # the panel's colour shows through

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.confirm_requested.emit()
        elif event.key() == Qt.Key.Key_Escape or event.matches(QKeySequence.StandardKey.Undo):
            event.accept()
            self.undo_requested.emit()
        elif event.key() in SCROLL_KEYS and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            event.accept()
            self.scroll_area.verticalScrollBar().triggerAction(SCROLL_KEYS[Qt.Key(event.key())])
        else:
            super().keyPressEvent(event)


def _marks_text(entry: EnteredBallot, max_marks: int) -> str:
    status = describe(entry.marks, max_marks)
    if status is BallotStatus.BLANK:
        return _("blank")
    if status is BallotStatus.TOO_MANY_MARKS:
        # The warning first: a long list of numbers is cut off at the end of a narrow column, the warning never.
        return _("too many: {marks}").format(marks=format_marks(entry.marks))
    return format_marks(entry.marks)


class BallotEntryWidget(QWidget):
    """One entrant types paper ballots: a serial field, a marks field, the staged entry, the confirmed entries,
    and the candidates with their ballot numbers always in view.

    Keys: Enter in the serial field goes to the marks (empty for a new serial); Enter in the marks stages the entry
    (shown large: the serial, each marked candidate's number and name, or BLANK, or INVALID: too many marks); Enter
    again saves it through ``save(serial, marks)``; Esc or Ctrl+Z goes back to editing the staged entry. A
    ``KnownError`` from ``save`` is shown inline, the serial is kept for correction and the marks field emptied (what
    was typed belongs to the refused paper); anything else is a bug and propagates.

    ``check_serial(serial)``, when given, raises a ``KnownError`` for a serial that cannot be saved (one this side
    has already entered): it is asked when Enter leaves the serial field and again when the entry is staged, so the
    refusal comes before any marks are typed, never only at the save.

    Signal ``entry_confirmed(int, object)``: (serial, marks as a sorted tuple) after ``save`` accepted it."""

    entry_confirmed = Signal(int, object)

    def __init__(
        self,
        candidates: Sequence[tuple[int, str]],
        papers: int,
        max_marks: int,
        entrant: str,
        save: Callable[[int, tuple[int, ...]], None],
        parent: QWidget | None = None,
        check_serial: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.candidates = dict(sorted(candidates))
        self.papers = papers
        self.max_marks = max_marks
        self.entrant = entrant
        self._save = save
        self._check_serial = check_serial
        self._confirmed: list[EnteredBallot] = []
        self._staged: EnteredBallot | None = None
        #: the serial the marks field's text was typed for: another serial starts with an empty field
        self._marks_serial: int | None = None
        self._saving = False
        #: nothing can be saved here any more (see :meth:`freeze`)
        self._frozen = False
        self.mode = Mode.EDITING

        self.entrant_label = QLabel(self)
        self.entrant_label.setFont(_scaled(self, 1.3, bold=True))
        self.counter = QLabel(self)
        self.counter.setFont(_scaled(self, 1.3, bold=True))
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.serial_label = QLabel(self)
        self.serial_label.setFont(_scaled(self, 1.2))
        self.serial_edit = QLineEdit(self)
        self.serial_edit.setObjectName("serialEdit")
        self.serial_edit.setFont(_scaled(self, FIELD_SCALE, bold=True))
        self.serial_edit.setMaxLength(12)
        self.serial_edit.setMaximumWidth(self.serial_edit.fontMetrics().horizontalAdvance("0") * 10)
        self.serial_label.setBuddy(self.serial_edit)
        self.serial_error = ErrorLine(self)

        self.marks_label = QLabel(self)
        self.marks_label.setFont(_scaled(self, 1.2))
        self.marks_edit = QLineEdit(self)
        self.marks_edit.setObjectName("marksEdit")
        self.marks_edit.setFont(_scaled(self, FIELD_SCALE, bold=True))
        self.marks_edit.setMaxLength(200)
        self.marks_label.setBuddy(self.marks_edit)
        self.marks_hint = QLabel(self)
        self.marks_hint.setWordWrap(True)
        self.marks_hint.setStyleSheet("color:#555;")
        self.marks_error = ErrorLine(self)

        self.panel = StagedPanel(self)
        self.staged_title = QLabel(self.panel)
        self.staged_title.setFont(_scaled(self, FIELD_SCALE, bold=True))
        self.staged_status = QLabel(self.panel)
        self.staged_status.setFont(_scaled(self, STAGED_SCALE, bold=True))
        self.staged_status.setWordWrap(True)
        self.staged_marks = QLabel(self.panel)
        self.staged_marks.setFont(_scaled(self, STAGED_SCALE))
        self.staged_marks.setTextFormat(Qt.TextFormat.RichText)
        self.staged_marks.setWordWrap(True)  # a long name wraps in its cell instead of being cut off
        self.staged_marks.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Every mark typed must be seen to check the paper against the screen: what does not fit scrolls.
        self.panel.scroll_area.setWidget(self.staged_marks)
        self.staged_marks.setAutoFillBackground(False)  # setWidget() turned it on: the panel's colour shows through
        self.staged_keys = QLabel(self.panel)
        self.staged_keys.setFont(_scaled(self, 1.2))
        self.staged_keys.setWordWrap(True)
        self.confirm_button = QPushButton(self.panel)
        self.confirm_button.setObjectName("primary")
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the panel keeps the keyboard
        self.undo_button = QPushButton(self.panel)
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        panel_buttons = QHBoxLayout()
        panel_buttons.addWidget(self.staged_keys, 1)
        panel_buttons.addWidget(self.undo_button)
        panel_buttons.addWidget(self.confirm_button)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.addWidget(self.staged_title)
        panel_layout.addWidget(self.staged_status)
        panel_layout.addWidget(self.panel.scroll_area, 1)
        panel_layout.addLayout(panel_buttons)
        self.panel.hide()

        self.message = ErrorLine(self)
        #: what to do, in the staged entry's place while there is none
        self.guide = QLabel(self)
        self.guide.setObjectName("guide")
        self.guide.setWordWrap(True)
        self.guide.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.guide.setFont(_scaled(self, 1.3))
        for widget in (self.panel, self.guide, self.staged_marks, self.marks_hint, self.panel.scroll_area):
            # Long names must not widen the column: the three columns keep their shares whatever is shown.
            policy = widget.sizePolicy()
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            widget.setSizePolicy(policy)  # (a wrapping label keeps its height-for-width)

        self.confirmed_label = QLabel(self)
        self.confirmed_label.setFont(_scaled(self, 1.1, bold=True))
        self.confirmed_model: RowTableModel[EnteredBallot] = RowTableModel(
            [
                Column(N_("No."), lambda e: voting.paper_serial(e.serial), align_right=True),
                Column(
                    N_("Marks"),
                    lambda e: _marks_text(e, self.max_marks),
                    tooltip=lambda e: "\n".join(f"{n}  {self.candidates.get(n, '')}" for n in e.marks),
                    color=lambda e: (
                        WARNING_COLOUR if describe(e.marks, self.max_marks) is BallotStatus.TOO_MANY_MARKS else None
                    ),
                ),
            ],
            self,
        )
        self.confirmed_view = self._list_view(self.confirmed_model)

        self.candidates_label = QLabel(self)
        self.candidates_label.setFont(_scaled(self, 1.1, bold=True))
        self.candidates_model: RowTableModel[tuple[int, str]] = RowTableModel(
            [Column(N_("No."), lambda c: str(c[0]), align_right=True), Column(N_("Candidate"), lambda c: c[1])],
            self,
        )
        self.candidates_model.set_rows(list(self.candidates.items()))
        self.candidates_view = self._list_view(self.candidates_model)

        head = QHBoxLayout()
        head.addWidget(self.entrant_label, 1)
        head.addWidget(self.counter)
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        form.addWidget(self.serial_label, 0, 0)
        form.addWidget(self.serial_edit, 0, 1, Qt.AlignmentFlag.AlignLeft)
        form.addWidget(self.serial_error, 1, 1)
        form.addWidget(self.marks_label, 2, 0)
        form.addWidget(self.marks_edit, 2, 1)
        form.addWidget(self.marks_hint, 3, 1)
        form.addWidget(self.marks_error, 4, 1)
        entry = QVBoxLayout()
        entry.addLayout(head)
        entry.addLayout(form)
        entry.addWidget(self.message)
        entry.addWidget(self.panel, 1)
        entry.addWidget(self.guide, 1)
        confirmed = QVBoxLayout()
        confirmed.addWidget(self.confirmed_label)
        confirmed.addWidget(self.confirmed_view, 1)
        side = QVBoxLayout()
        side.addWidget(self.candidates_label)
        side.addWidget(self.candidates_view, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(entry, 7)
        layout.addLayout(confirmed, 3)
        layout.addLayout(side, 4)

        self.serial_edit.returnPressed.connect(self._on_serial_return_pressed)
        self.marks_edit.returnPressed.connect(self._on_marks_return_pressed)
        self.serial_edit.textEdited.connect(self._on_serial_edited)
        self.marks_edit.textEdited.connect(self._on_marks_edited)
        self.panel.confirm_requested.connect(self.confirm)
        self.panel.undo_requested.connect(self.undo)
        self.confirm_button.clicked.connect(self.confirm)
        self.undo_button.clicked.connect(self.undo)
        self.setFocusProxy(self.serial_edit)
        self.retranslate()

    def _list_view(self, model: RowTableModel[EnteredBallot] | RowTableModel[tuple[int, str]]) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.setFont(_scaled(self, LIST_SCALE))
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes between the two fields only
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return view

    # --- texts --------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.entrant_label.setText(_("Entering: {name}").format(name=self.entrant))
        self.serial_label.setText(_("Serial number"))
        self.serial_edit.setPlaceholderText(_("e.g. 7"))
        self.marks_label.setText(_("Marked candidates"))
        self.marks_edit.setPlaceholderText(_("e.g. 3 7 12"))
        self.marks_hint.setText(
            "\n".join(
                (
                    _("Candidate numbers separated by spaces, commas or +. A blank paper: leave empty, or 0 or -."),
                    ngettext(
                        "A valid ballot has at most {count} mark.",
                        "A valid ballot has at most {count} marks.",
                        self.max_marks,
                    ).format(count=self.max_marks),
                )
            )
        )
        self.staged_keys.setText(_("Enter: save · Esc: correct"))
        self.guide.setText(
            "\n\n".join(
                (
                    _("1. Type the serial number printed on the ballot paper and press Enter."),
                    _("2. Type the numbers of the candidates marked on it and press Enter."),
                    _("3. Check the ballot shown here against the paper: Enter saves it, Esc goes back to correct it."),
                )
            )
        )
        self.confirm_button.setText(_("Save"))
        self.undo_button.setText(_("Correct"))
        self.confirmed_label.setText(_("Entered (latest first)"))
        self.candidates_label.setText(_("Candidates on the ballot"))
        self.confirmed_model.retranslate()
        self.candidates_model.retranslate()
        self._show_counter()
        if self._staged is not None:
            self._show_staged(self._staged)
        # A message already shown stays in the language it was made in until the next key: it names what the
        # entrant typed, and remaking it would need the input again.

    def _show_counter(self) -> None:
        entered = len({entry.serial for entry in self._confirmed})
        self.counter.setText(_("Entered: {count} of {papers}").format(count=entered, papers=self.papers))

    # --- the entries already saved ------------------------------------------------------------------------------
    def set_confirmed(self, entries: list[tuple[int, tuple[int, ...]]]) -> None:
        """Show the entries already saved (after a restart), given in the order they were saved: oldest first."""
        self._confirmed = [EnteredBallot(serial, tuple(sorted(marks))) for serial, marks in entries]
        self._show_confirmed()

    def confirmed(self) -> list[tuple[int, tuple[int, ...]]]:
        """The confirmed entries, oldest first (as :meth:`set_confirmed` takes them)."""
        return [(entry.serial, entry.marks) for entry in self._confirmed]

    def _show_confirmed(self) -> None:
        self.confirmed_model.set_rows(list(reversed(self._confirmed)))
        self._show_counter()

    # --- typing -------------------------------------------------------------------------------------------------
    def _on_serial_edited(self, _text: str) -> None:
        self.serial_error.clear()
        self.message.clear()

    def _on_marks_edited(self, _text: str) -> None:
        self.marks_error.clear()
        self.message.clear()

    def _on_serial_return_pressed(self) -> None:
        if not self.serial_edit.text().strip():
            return  # a second Enter after a save lands here: nothing to say
        serial = self._read_serial()
        if serial is not None:
            if serial != self._marks_serial:
                # Marks typed for another paper (one refused, or a serial corrected) must not be saved with this
                # one by two quick Enters.
                self.marks_edit.clear()
                self.marks_error.clear()
                self._marks_serial = serial
            self.marks_edit.setFocus()
            self.marks_edit.selectAll()

    def _on_marks_return_pressed(self) -> None:
        self.stage()

    def _read_serial(self) -> int | None:
        try:
            serial = parse_serial(self.serial_edit.text(), self.papers)
            if self._check_serial is not None:
                try:
                    self._check_serial(serial)
                except KnownError:
                    self._clear_marks()  # no marks are typed, or kept, for a paper that cannot be saved
                    raise
        except (BallotEntryError, KnownError) as error:
            self.serial_error.show_error(str(error))
            self.serial_edit.setFocus()
            self.serial_edit.selectAll()
            return None
        self.serial_error.clear()
        return serial

    def _read_marks(self) -> tuple[int, ...] | None:
        try:
            marks = parse_marks(self.marks_edit.text(), len(self.candidates))
        except BallotEntryError as error:
            self.marks_error.show_error(str(error))
            self.marks_edit.setFocus()
            return None
        self.marks_error.clear()
        return marks

    # --- stage, confirm, undo -----------------------------------------------------------------------------------
    def stage(self) -> bool:
        """Read both fields; when they are readable, show the entry large and wait for Enter (save) or Esc."""
        if self.mode is not Mode.EDITING or self._frozen:
            return False
        serial = self._read_serial()
        if serial is None:
            return False
        marks = self._read_marks()
        if marks is None:
            return False
        if self._marks_serial is not None and serial != self._marks_serial:
            # the serial was corrected after the marks were typed (without Enter in its field): they were typed
            # for another paper until someone looks again
            self._marks_serial = serial
            self.marks_error.show_error(
                _("The serial is now No. {serial}: check that these marks are that paper's, then press Enter.").format(
                    serial=voting.paper_serial(serial)
                )
            )
            self.marks_edit.setFocus()
            return False
        self._staged = EnteredBallot(serial, marks)
        self._marks_serial = serial
        self.mode = Mode.STAGED
        self.message.clear()
        self._show_staged(self._staged)
        self.serial_edit.setReadOnly(True)
        self.marks_edit.setReadOnly(True)
        self.guide.hide()
        self.marks_hint.hide()  # how to type marks is no help while the fields are read-only: the room is the list's
        self.panel.show()
        self.panel.setFocus()
        return True

    def _show_staged(self, entry: EnteredBallot) -> None:
        status = describe(entry.marks, self.max_marks)
        self.staged_title.setText(_("Ballot No. {serial}").format(serial=voting.paper_serial(entry.serial)))
        if status is BallotStatus.BLANK:
            self.staged_status.setText(_("BLANK: no candidate is marked"))
        elif status is BallotStatus.TOO_MANY_MARKS:
            self.staged_status.setText(
                _("INVALID: too many marks ({count}; at most {max} allowed)").format(
                    count=len(entry.marks), max=self.max_marks
                )
            )
        else:
            self.staged_status.setText(
                ngettext("Valid: {count} mark", "Valid: {count} marks", len(entry.marks)).format(count=len(entry.marks))
            )
        border, background = PANEL_STYLES[status]
        self.panel.setStyleSheet(
            f"QFrame#stagedBallot {{ border: 3px solid {border}; border-radius: 8px; background: {background}; }}"
        )
        self.staged_status.setStyleSheet(f"color:{border};")
        self.staged_marks.setText(self._marks_html(entry.marks))
        self.staged_marks.setVisible(bool(entry.marks))
        self.panel.scroll_area.verticalScrollBar().setValue(0)  # a new entry is read from its first mark

    def _marks_html(self, marks: tuple[int, ...]) -> str:
        """The marked candidates, number and name: one column in large type, or two in smaller type when there
        are too many for the panel's height (up to 15 seats, so up to 15 marks or more on an invalid paper)."""
        columns = 2 if len(marks) > ONE_COLUMN_MARKS else 1
        self.staged_marks.setFont(_scaled(self, STAGED_SCALE if columns == 1 else LIST_SCALE))
        rows = (len(marks) + columns - 1) // columns
        cells = [
            f'<td align="right"><b>{number}</b></td><td style="padding-left:10px; padding-right:28px">'
            f"{html.escape(self.candidates.get(number, ''))}</td>"
            for number in marks
        ]
        lines = [
            "<tr>"
            + "".join(cells[row + column * rows] for column in range(columns) if row + column * rows < len(cells))
            + "</tr>"
            for row in range(rows)
        ]
        return f'<table cellspacing="2">{"".join(lines)}</table>'

    def confirm(self) -> None:
        """Save the staged entry (what Enter does on it). Never twice: an Enter while saving, or after, is ignored."""
        if self._staged is None or self._saving or self._frozen:
            return
        entry = self._staged
        self._saving = True
        try:
            self._save(entry.serial, entry.marks)
        except KnownError as error:
            self._back_to_editing()
            self._clear_marks()  # a refused paper's marks are not the next paper's
            self.message.show_error(str(error))
            self.serial_edit.setFocus()
            self.serial_edit.selectAll()
            return
        except BaseException:
            self._back_to_editing()  # a bug: the global hook reports it; the typing stays
            raise
        finally:
            self._saving = False
        self._confirmed.append(entry)
        self._show_confirmed()
        self._back_to_editing()
        self.serial_edit.clear()
        self._clear_marks()
        self.message.show_done(_("Ballot No. {serial} is saved.").format(serial=voting.paper_serial(entry.serial)))
        self.serial_edit.setFocus()
        self.entry_confirmed.emit(entry.serial, entry.marks)

    def undo(self) -> None:
        """Back from the staged entry to editing it (Esc or Ctrl+Z); nothing is saved."""
        if self._staged is None or self._saving:
            return
        self._back_to_editing()
        self.marks_edit.setFocus()
        self.marks_edit.end(False)

    def _clear_marks(self) -> None:
        self.marks_edit.clear()
        self.marks_error.clear()
        self._marks_serial = None

    def _back_to_editing(self) -> None:
        self._staged = None
        self.mode = Mode.EDITING
        self.panel.hide()
        self.guide.show()
        self.marks_hint.show()
        self.serial_edit.setReadOnly(False)
        self.marks_edit.setReadOnly(False)

    def freeze(self, text: str) -> None:
        """Nothing more can be saved here (the round was closed): the typed paper stays to be read, the fields
        take no more input, Enter does nothing, and ``text`` says why."""
        self._frozen = True
        if self._staged is not None:
            self._back_to_editing()
        self.serial_edit.setReadOnly(True)
        self.marks_edit.setReadOnly(True)
        self.message.show_error(text)

    def has_unsaved_input(self) -> bool:
        """Whether a paper is typed (its serial, its marks, or staged) that is not saved: what closing would drop."""
        return self._staged is not None or bool(self.serial_edit.text().strip() or self.marks_edit.text().strip())

    def staged(self) -> tuple[int, tuple[int, ...]] | None:
        """The entry waiting for Enter, or None while editing."""
        return None if self._staged is None else (self._staged.serial, self._staged.marks)

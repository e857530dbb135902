"""Form building blocks: a dialog with inline, translated validation, and an optional date field.

A form dialog never saves. It emits ``submitted(value)`` when the user confirms valid data; whoever opened it tries
to save, then calls :meth:`FormDialog.accept` on success or :meth:`FormDialog.show_errors` with the errors the
service reported, so the user sees them next to the fields and loses nothing typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, QDate, QDateTime, QSize, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.domain.texts import LANGUAGE_LABELS
from osgo_desktop.i18n import _
from ui.widgets import questions
from ui.widgets.screen import fit_to_screen, screen_room

ERROR_STYLE = "color: #b00020;"
#: a warning: something to check that does not block saving (a PIN that disagrees with the sex given, say)
WARNING_STYLE = "color: #8a5300;"

E = TypeVar("E", bound=Enum)


class OptionalDateEdit(QWidget):
    """A date that may be left unset: a check box that enables a calendar date field, which shows ``default``
    until it is set.

    Signal ``changed()`` on any edit."""

    changed = Signal()

    def __init__(self, default: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(self)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd.MM.yyyy")
        self.edit.setDate(qdate(default))
        self.edit.setMinimumDate(QDate(1900, 1, 1))
        self.edit.setMaximumDate(QDate(2100, 12, 31))
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)

    def value(self) -> dt.date | None:
        if not self.check.isChecked():
            return None
        date: dt.date = self.edit.date().toPython()  # type: ignore[assignment]
        return date

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(qdate(value))

    def set_label(self, text: str) -> None:
        self.check.setText(text)


class BilingualRow(QWidget):
    """A free text the papers print, typed in Kyrgyz and in Russian side by side in one row, each field labelled
    with its language (``domain.texts``). Signal ``changed()`` on any edit.

    Added to a form under the Kyrgyz field's name; an error under ``<name>_ru`` shows on the same row."""

    changed = Signal()

    def __init__(self, ky: QLineEdit, ru: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ky, self.ru = ky, ru
        self.ky_label, self.ru_label = QLabel(self), QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, edit in ((self.ky_label, ky), (self.ru_label, ru)):
            layout.addWidget(label)
            layout.addWidget(edit, 1)
            edit.textChanged.connect(self.changed)
        self.retranslate()

    def retranslate(self) -> None:
        # the language is the field's name for a screen reader (the row's own label is the form's)
        for label, edit, lang in ((self.ky_label, self.ky, "ky"), (self.ru_label, self.ru, "ru")):
            label.setText(_(LANGUAGE_LABELS[lang]))
            edit.setAccessibleName(_(LANGUAGE_LABELS[lang]))

    def set_placeholder(self, text: str) -> None:
        self.ky.setPlaceholderText(text)
        self.ru.setPlaceholderText(text)


def bilingual_row(ky: str = "", ru: str = "", max_length: int = 300) -> BilingualRow:
    """A :class:`BilingualRow` of two line edits holding ``ky`` and ``ru``."""
    return BilingualRow(line_edit(ky, max_length), line_edit(ru, max_length))


def qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def qdatetime(value: dt.datetime) -> QDateTime:
    """A wall-clock moment (naive: the time zone is the caller's) as Qt's, to the second."""
    return QDateTime(qdate(value.date()), QTime(value.hour, value.minute, value.second))


def date_edit(value: dt.date) -> QDateEdit:
    """A required date field in the house format."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd.MM.yyyy")
    edit.setMinimumDate(QDate(1900, 1, 1))
    edit.setMaximumDate(QDate(2100, 12, 31))
    edit.setDate(qdate(value))
    return edit


#: a form's data before the form is first shown
_NOT_SHOWN: Any = object()


class FormDialog(QDialog):
    """A dialog of labelled fields, each with its own error line; OK stays disabled while the data is invalid.

    Subclasses add fields with :meth:`add_field`, and implement :meth:`value` (the data) and
    :meth:`validate_value` (field → message, from the domain rules). Signal ``submitted(object)``."""

    submitted = Signal(object)

    #: Enter goes on to the next field, and saves (as OK) only from the last one; Ctrl+Enter saves from anywhere.
    #: For the long forms typed from papers (an application, a session); elsewhere Enter is OK, as in any dialog.
    enter_moves_on = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(True)
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # Some styles put a long label right against its field; keep a gap a reader can see.
        self._form.setHorizontalSpacing(max(self._form.horizontalSpacing(), 16))
        self._fields: dict[str, tuple[QLabel, QWidget, QLabel, Callable[[], str]]] = {}
        #: fields whose label wraps: name → about how many lines
        self._wrapped: dict[str, int] = {}
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(ERROR_STYLE)
        self.banner.hide()
        #: what the form is about, above its fields (hidden while empty): a text of its own, never squeezed
        #: into a field's row
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.intro.hide()
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet(WARNING_STYLE)
        self.notes.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        # The fields scroll when the form is taller than the screen (a session form on a 768 px laptop): OK and
        # Cancel stay in sight.
        self._body = QWidget(self)
        body = self._body_layout = QVBoxLayout(self._body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.intro)
        body.addWidget(self.banner)
        body.addLayout(self._form)
        body.addWidget(self.notes)
        body.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        # no stop of its own on the way through the fields (it scrolls to the field Tab reaches)
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.setWidget(self._body)
        layout = self._outer = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self.buttons)
        self._submitting = False
        #: the warnings beside the fields as last checked (field name → message)
        self._field_warnings: dict[str, str] = {}
        fit_to_screen(self)  # a subclass may ask for more room
        #: the data as the form was first shown: Esc or the window's close button asks before dropping changes
        self._shown_value: Any = _NOT_SHOWN

    # --- building ------------------------------------------------------------------------------------------
    def insert_widget(self, index: int, widget: QWidget) -> None:
        """Put ``widget`` in the dialog's own column (outside the scrolled fields): 0 above them, -1 below the
        fields and above the buttons."""
        self._outer.insertWidget(index if index >= 0 else self._outer.count() + index, widget)

    def add_field(self, name: str, widget: QWidget, label: Callable[[], str]) -> QWidget:
        """Add ``widget`` under ``name`` (the field name the domain's errors use); ``label`` gives its text."""
        title = QLabel(self)
        error = QLabel(self)
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        title.setBuddy(widget)
        column = QWidget(self)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self._form.addRow(title, column)
        self._fields[name] = (title, widget, error, label)
        self._connect_change(widget)
        if isinstance(widget, QPlainTextEdit):
            widget.setTabChangesFocus(True)  # Tab goes to the next field, as in every other field of a form
        return widget

    def _connect_change(self, widget: QWidget) -> None:
        signal: Any = None
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            signal = widget.textChanged
        elif isinstance(widget, QSpinBox):
            signal = widget.valueChanged
        elif isinstance(widget, QComboBox):
            signal = widget.currentIndexChanged
        elif isinstance(widget, QDateEdit):
            signal = widget.dateChanged
        elif isinstance(widget, QCheckBox):
            signal = widget.toggled
        elif isinstance(widget, (OptionalDateEdit, BilingualRow)):
            signal = widget.changed
        if signal is not None:
            signal.connect(self.revalidate)

    def wrap_label(self, name: str, lines: int = 2) -> None:
        """Let a long label wrap onto about ``lines`` lines beside its field, instead of pushing against it."""
        self._wrapped[name] = lines
        self._fit_label(name)

    def _fit_label(self, name: str) -> None:
        title, _widget, _error, label = self._fields[name]
        title.setWordWrap(True)
        title.setFixedWidth(title.fontMetrics().horizontalAdvance(label()) // self._wrapped[name] + 40)

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def field(self, name: str) -> QWidget:
        return self._fields[name][1]

    def field_error(self, name: str) -> QLabel:
        """The line under a field where its error shows."""
        return self._fields[name][2]

    def set_field_visible(self, name: str, visible: bool) -> None:
        title, widget, _error, _label = self._fields[name]
        title.setVisible(visible)
        row = widget.parentWidget()
        assert row is not None  # add_field puts each field in a row widget of its own
        self._form.setRowVisible(row, visible)

    def retranslate(self) -> None:
        for title, widget, _error, label in self._fields.values():
            title.setText(label())
            if isinstance(widget, BilingualRow):
                widget.retranslate()
        for name in self._wrapped:
            self._fit_label(name)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        ok.setText(_("OK"))
        cancel.setText(_("Cancel"))

    # --- validation ----------------------------------------------------------------------------------------
    def value(self) -> Any:
        raise NotImplementedError

    def validate_value(self, value: Any) -> dict[str, str]:
        return {}

    def warnings_for(self, value: Any) -> list[str]:
        """What to check before saving that concerns no one field, shown under the fields once the data is valid."""
        return []

    def field_warnings(self, value: Any) -> dict[str, str]:
        """What to check before saving, field → message: shown beside the field as it is typed, in the warning
        style, never blocking OK; an error of the same field is shown instead."""
        return {}

    #: the form only shows its record (:meth:`make_read_only`): nothing is checked, and OK stays off
    read_only = False

    def make_read_only(self, intro: str) -> None:
        """Show the record without letting it change — a reader who may not see some of its fields (they are marked
        hidden, and saving would blank them) — saying why in the form's intro."""
        self.read_only = True
        for name in self._fields:
            widget = self.field(name)
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(True)
                widget.setClearButtonEnabled(False)
            elif isinstance(widget, QPlainTextEdit):
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)
        self.set_intro(intro)
        self.revalidate()

    def revalidate(self) -> bool:
        """Check the data: errors next to their fields, those about no one field (several together) at the top;
        warnings beside their fields. A read-only form checks nothing and keeps OK off."""
        if self.read_only:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return False
        value = self.value()
        errors = self.validate_value(value)
        self._field_warnings = self.field_warnings(value)
        self._show_field_errors(errors)
        unplaced = [m for k, m in self._field_warnings.items() if k not in self._fields]
        notes = [*unplaced, *(self.warnings_for(value) if not errors else [])]
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not errors)
        self._fit_height()
        return not errors

    def _show_field_errors(self, errors: dict[str, str]) -> None:
        for name, (_title, _widget, error, _label) in self._fields.items():
            # a text's Russian form is typed in the same row as its Kyrgyz one (BilingualRow)
            message = "\n".join(m for m in (errors.get(name, ""), errors.get(f"{name}_ru", "")) if m)
            warning = self._field_warnings.get(name, "")
            error.setStyleSheet(ERROR_STYLE if message or not warning else WARNING_STYLE)
            if not message and warning:
                message = "\n".join(f"⚠ {line}" for line in warning.splitlines())
            error.setText(message)
            error.setVisible(bool(message))
            if message and not error.sizePolicy().retainSizeWhenHidden():
                # A line that once held a message keeps its room while it is empty, so fields do not jump under the
                # pointer as errors come and go; a field that never had one takes no room for it (a long form then
                # fits a 768 px screen).
                policy = error.sizePolicy()
                policy.setRetainSizeWhenHidden(True)
                error.setSizePolicy(policy)
            if message and error.width() > 0 and self.isVisible():
                # The room a message took is kept when it goes (the line is hidden, its size retained): the fields
                # below do not jump up and down under the pointer as messages of one and two lines come and go.
                # Not before the form is shown: its width then is not yet its own, and a message wrapped at it
                # would keep the room of many lines.
                needed = error.heightForWidth(error.width())
                if needed > error.minimumHeight():
                    error.setMinimumHeight(needed)
        unplaced = [m for k, m in errors.items() if k not in self._fields and k.removesuffix("_ru") not in self._fields]
        self.banner.setText("\n".join(unplaced))
        self.banner.setVisible(bool(unplaced))

    def sizeHint(self) -> QSize:
        """The whole form — its fields and whatever was put above or below them — as far as the screen allows
        (beyond that its fields scroll)."""
        margins = self._outer.contentsMargins()
        width = max(item.sizeHint().width() for item in self._column())
        width += margins.left() + margins.right() + self._scroll.verticalScrollBar().sizeHint().width()
        return QSize(width, self._height_for(width))

    def _column(self) -> list[QLayoutItem]:
        """The dialog's column top to bottom, hidden widgets left out; the fields stand for their scroll area."""
        self._body_layout.activate()
        column: list[QLayoutItem] = []
        for index in range(self._outer.count()):
            item = self._outer.itemAt(index)
            if item is not None and not item.isEmpty():
                column.append(self._body_layout if item.widget() is self._scroll else item)
        return column

    def _height_for(self, width: int) -> int:
        """The height that shows the whole form at ``width``, capped to the screen's."""
        margins = self._outer.contentsMargins()
        inner = width - margins.left() - margins.right()
        heights = []
        for item in self._column():
            needed = item.heightForWidth(inner) if item.hasHeightForWidth() else -1
            heights.append(needed if needed > 0 else item.sizeHint().height())
        height = sum(heights) + self._outer.spacing() * (len(heights) - 1) + margins.top() + margins.bottom()
        return min(height, screen_room(self).height())

    def _fit_height(self) -> None:
        """Grow to show a message that wraps onto more lines than the dialog had room for (up to the screen's
        height; beyond it the fields scroll): never cut it off."""
        needed = self._height_for(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Errors the service found on saving: next to their fields, the rest at the top. Nothing is cleared."""
        self._submitting = False
        self._show_field_errors(errors)
        self._fit_height()

    def _on_buttons_accepted(self) -> None:
        # A double click on OK submits once: the owner answers with accept() or show_errors().
        if self._submitting or not self.revalidate():
            return
        self._submitting = True
        self.submitted.emit(self.value())

    def submit(self) -> None:
        """What the OK button does (tests and keyboard users)."""
        self._on_buttons_accepted()

    def accept(self) -> None:
        # Stays "submitting": a click that arrives after the save is ignored.
        super().accept()

    # --- leaving without saving ----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The fields' scroll bar may still show from a layout made before the dialog took its size (with nothing
        # left to scroll, it only hides a strip of every field): lay the scroll area out again at this size.
        self._scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        if self._shown_value is _NOT_SHOWN:
            self._shown_value = self.value()
            first = self.first_field()
            if first is not None:  # typing at once lands in the first field, not on the OK button
                first.setFocus(Qt.FocusReason.TabFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.enter_moves_on:
            control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            following = None if control else self._next_field(QApplication.focusWidget())
            if following is not None:
                following.setFocus(Qt.FocusReason.TabFocusReason)
            else:
                self.submit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _next_field(self, current: QWidget | None) -> QWidget | None:
        """The field Tab goes to from ``current``, or None when Tab leaves the fields (for the buttons)."""
        if current is None or not self._body.isAncestorOf(current):
            return None
        candidate = current.nextInFocusChain()
        while candidate is not current and candidate is not None:
            if _takes_tab(candidate) and candidate.isVisibleTo(self):
                return candidate if self._body.isAncestorOf(candidate) else None
            candidate = candidate.nextInFocusChain()
        return None

    def first_field(self) -> QWidget | None:
        """Where typing starts: the first field, top down, that still needs something (its error shown: a required
        field left empty), else the first field; inside a field of several widgets, its first that takes the
        keyboard. A field filled in already (today's date, say) is not where the typing starts."""
        fields = list(self._fields.values())
        needing = [f for f in fields if not f[2].isHidden() and f[2].styleSheet() == ERROR_STYLE]
        for _title, widget, _error, _label in [*needing, *fields]:
            found = _first_focusable(widget)
            if found is not None:
                return found
        return None

    def has_unsaved_input(self) -> bool:
        """Whether the user typed or chose something since the form opened that OK has not saved."""
        return self._shown_value is not _NOT_SHOWN and not self._submitting and self.value() != self._shown_value

    def reject(self) -> None:
        # Esc, Cancel and the window's close button all come here: typed work is not dropped by a stray key.
        if self.has_unsaved_input():
            discard = questions.ask(
                self,
                _("Discard the changes?"),
                _("What you entered in this form has not been saved. Close it and discard what you entered?"),
                _("Discard"),
                _("Keep editing"),
            )
            if not discard:
                return
        super().reject()


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled() and not widget.isHidden()


def _first_focusable(widget: QWidget) -> QWidget | None:
    """``widget``, or the first of its descendants in the tab chain, that Tab can stop at; None if none can."""
    if _takes_tab(widget) and widget.isVisibleTo(widget.window()):
        return widget
    candidate = widget.nextInFocusChain()
    while candidate is not widget and candidate is not None and candidate is not widget.window():
        if widget.isAncestorOf(candidate) and _takes_tab(candidate) and candidate.isVisibleTo(widget.window()):
            return candidate
        candidate = candidate.nextInFocusChain()
    return None


def line_edit(text: str = "", max_length: int = 300) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setMaxLength(max_length)
    edit.setClearButtonEnabled(True)
    return edit


def spin_box(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


def fill_combo(combo: QComboBox, items: list[tuple[str, object]], current: object = None) -> None:
    """Replace a combo's items (text, data), keeping ``current`` (or the old selection) selected."""
    keep = current if current is not None else combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(keep) if keep is not None else -1
    combo.setCurrentIndex(max(index, 0) if combo.count() else -1)
    combo.blockSignals(False)


def combo_enum(combo: QComboBox, enum: type[E], default: E) -> E:
    """The selected item's enum member (Qt hands string enums back as plain strings)."""
    data = combo.currentData()
    return enum(data) if data is not None else default


class Banner(QLabel):
    """An inline message line for a page (errors and confirmations), hidden until used."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str, error: bool = False) -> None:
        self.setText(text)
        self.setStyleSheet(ERROR_STYLE if error else "color:#1b5e20;")
        self.show()


def read_only_table(model: QAbstractItemModel, parent: QWidget | None = None) -> QTableView:
    """A table of whole rows, selected one at a time, never edited in place; columns fit their contents."""
    table = QTableView(parent)
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table

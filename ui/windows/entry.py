"""The ballot entry station of the rating vote, a window of its own: an entrant signs in with their account's password
or station PIN and enters papers one by one; and the lockouts after repeated wrong secrets, counted down."""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.clock import Clock
from osgo_desktop.domain.voting import SIDE_LABELS, Mode
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.services import voting
from osgo_desktop.services.voting import EntrantView, RoundView
from ui.context import AppContext
from ui.dialogs.voting import secret_edit
from ui.widgets import questions
from ui.widgets.ballot_entry import BallotEntryWidget
from ui.widgets.forms import Banner, fill_combo
from ui.widgets.screen import resize_to_screen


class PinLockouts(QObject):
    """The lockouts the service reported (:data:`voting.StationLocked`: too many wrong passwords or PINs in a row),
    kept for the countdown on the sign-in; the rule itself — how many, how long, counted in the database wherever the
    secret is asked — is the service's. One per page, so a new entry window still shows a lock that is running.

    Signal ``ticked()``: every second while someone is locked out, and when a lock ends."""

    ticked = Signal()

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self._until: dict[int, dt.datetime] = {}
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)

    def locked(self, person: int, until: dt.datetime) -> None:
        """The service refused ``person`` until ``until`` (naive UTC)."""
        self._until[person] = until
        self._tick.start()

    def seconds_left(self, person: int) -> int:
        """How long the person's secrets stay refused, in whole seconds rounded up; 0 when they are not."""
        until = self._until.get(person)
        if until is None:
            return 0
        left = (until - self.clock.utc_naive()).total_seconds()
        return max(0, math.ceil(left))

    def _on_tick(self) -> None:
        self._until = {person: until for person, until in self._until.items() if self.seconds_left(person)}
        if not self._until:
            self._tick.stop()
        self.ticked.emit()


#: the guide's section on entering papers (F1 on the entry screen)
GUIDE_SECTION = "voting#entry"


class EntryWindow(QWidget):
    """The keyboard-first entry screen, in a window of its own: an entrant signs in with their account's password or
    station PIN, then enters papers one by one, as their account (the audit log names them); each confirmed entry is
    saved at once. Locking it asks for the secret again. A person the service locked out after too many wrong secrets
    waits, with a countdown (``guard``: the page's, so it survives the window).

    Signals: ``ballot_recorded()`` after each save; ``guide_requested(str)`` — F1: the guide's section on this
    screen (:data:`GUIDE_SECTION`)."""

    ballot_recorded = Signal()
    guide_requested = Signal(str)

    def __init__(
        self, ctx: AppContext, view: RoundView, parent: QWidget | None = None, guard: PinLockouts | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.view = view
        self.guard = guard if guard is not None else PinLockouts(ctx.clock, self)
        self.guard.ticked.connect(self._show_lockout)
        self._lockout_shown = False
        self.entrant: EntrantView | None = None
        self._drop_confirmed = False
        self._told_closed = False
        self.stack = QStackedWidget(self)
        unlock = QWidget(self)
        self.who = QComboBox(unlock)
        fill_combo(self.who, [(f"{e.name} — {_(SIDE_LABELS[e.side])}", e.id) for e in view.session.entrants])
        signed_in = ctx.principal.account_id if ctx.principal is not None else None
        mine = [i for i, e in enumerate(view.session.entrants) if signed_in and e.account_id == signed_in]
        if mine:  # at the counting commission's machine, signed in as its member: they are the one who enters
            self.who.setCurrentIndex(mine[0])
        # made in the order they are read, so Tab goes who → secret → start (a widget without a parent joined the
        # window's tab chain last, after the button)
        self.secret = secret_edit(unlock)
        self.secret.returnPressed.connect(self._on_unlock_clicked)
        self.who.installEventFilter(self)  # Enter on "who enters" goes on to the secret
        self.who.currentIndexChanged.connect(self._show_lockout)
        self.unlock_button = QPushButton(unlock)
        self.unlock_button.setObjectName("primary")
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.unlock_message = Banner(unlock)
        self.who_label = QLabel(unlock)
        self.secret_label = QLabel(unlock)
        self.who_label.setBuddy(self.who)
        self.secret_label.setBuddy(self.secret)
        form = QFormLayout()
        form.addRow(self.who_label, self.who)
        form.addRow(self.secret_label, self.secret)
        unlock_layout = QVBoxLayout(unlock)
        unlock_layout.addStretch(1)
        unlock_layout.addLayout(form)
        unlock_layout.addWidget(self.unlock_button)
        unlock_layout.addWidget(self.unlock_message)
        unlock_layout.addStretch(2)
        self.stack.addWidget(unlock)
        self.entry: BallotEntryWidget | None = None
        self.lock_button = QPushButton(self)
        self.lock_button.clicked.connect(self.lock)
        self.lock_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.lock_button, 0, Qt.AlignmentFlag.AlignRight)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock)
        QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), self, self._on_help)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        resize_to_screen(self, 1200, 760)
        self.secret.setFocus()  # where typing starts: the person is chosen already (the first), or by Shift+Tab

    def _on_help(self) -> None:
        self.guide_requested.emit(GUIDE_SECTION)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.entry is None:
            self.secret.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.who
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self.who.view().isVisible()
        ):
            self.secret.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        number = self.view.number
        self.setWindowTitle(
            _("Ballot entry — competition {competition}, round {number}").format(
                competition=self.view.competition_number, number=number
            )
        )
        self.who_label.setText(_("Who enters"))
        self.secret_label.setText(_("Password or station PIN"))
        self.unlock_button.setText(_("Sign in and start entering"))
        self.lock_button.setText(_("Lock (Ctrl+L)"))
        if self.entry is not None:
            self.entry.retranslate()

    def _on_unlock_clicked(self) -> None:
        entrant_id = self.who.currentData()
        if entrant_id is None:
            return
        closed = self._closed_message()
        if closed is not None:  # said before the secret is even read: no paper can be entered here any more
            self.unlock_message.show_message("! " + closed, error=True)
            return
        person = int(entrant_id)
        if not self.secret.text():  # Enter on an empty field: said, not counted as a wrong secret
            self.unlock_message.show_message("! " + _("Enter the password or the station PIN."), error=True)
            return
        if self.guard.seconds_left(person):
            self.secret.clear()  # not even checked
            self._show_lockout()
            return
        try:
            entrant = self.ctx.call(voting.unlock, self.view.id, person, self.secret.text())
            own = self.ctx.call(voting.own_entries, self.view.id, entrant.side)
        except voting.StationLocked as exc:
            self.guard.locked(person, exc.until)
            self.secret.clear()
            self._show_lockout()
            return
        except KnownError as exc:  # a wrong secret, a role the account lacks; anything else is a bug: the error hook
            self.unlock_message.show_message("! " + str(exc), error=True)
            self.secret.selectAll()
            return
        self.secret.clear()
        self.unlock_message.hide()
        papers = self.view.papers_to_enter
        entry = BallotEntryWidget(
            [(c.number, c.name) for c in self.view.candidates],
            papers,
            self.view.max_marks,
            entrant.name,
            self._save,
            self,
            check_serial=self._check_serial,
        )
        entry.set_confirmed(own)
        self.lock()
        self.entrant = entrant
        self.entry = entry
        page: QWidget = entry
        if self.view.mode is Mode.OPEN:
            # An open vote is entered by name: the voter's number on the roll stands for the paper's.
            page = QWidget(self)
            roll = QListWidget(page)
            roll.addItems([f"{i}. {name}" for i, name in enumerate(self.view.voters, start=1)])
            roll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            roll_title = QLabel(_("Voter roll: type the voter's number as the paper's number"), page)
            roll_title.setWordWrap(True)
            side = QVBoxLayout()
            side.addWidget(roll_title)
            side.addWidget(roll, 1)
            row = QHBoxLayout(page)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(entry, 4)
            row.addLayout(side, 1)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.lock_button.show()
        entry.setFocus()
        entry.serial_edit.setFocus()

    def _show_lockout(self) -> None:
        """The countdown of the chosen person's lockout, with the login button off until it ends."""
        entrant_id = self.who.currentData()
        left = self.guard.seconds_left(int(entrant_id)) if entrant_id is not None else 0
        self.unlock_button.setEnabled(not left)
        entrant = next((e for e in self.view.session.entrants if e.id == entrant_id), None)
        if left and entrant is not None:
            self.unlock_message.show_message("! " + voting.lock_text(entrant, left), error=True)
        elif self._lockout_shown:
            self.unlock_message.hide()
        self._lockout_shown = bool(left)

    def _closed_message(self) -> str | None:
        """Why nothing can be entered in this round any more (it was closed, here or at another station), or None."""
        try:
            self.ctx.call(voting.check_entry_open, self.view.id)
        except KnownError as exc:
            return str(exc)
        return None

    def round_closed(self) -> None:
        """The round was closed: no paper can be saved in it any more, so the window closes itself. With a paper
        typed on it, it stays and says so — nothing is asked: the window may stand on another screen, and a
        question there would hold up the page that closed the round. Closing it afterwards asks nothing either
        (the paper could not be saved anyway). Told once: a page reload does not tell it again."""
        if self._told_closed:
            return
        self._told_closed = True
        if self.entry is not None and self.entry.has_unsaved_input():
            self._drop_confirmed = True
            self.entry.freeze(
                _("{closed} The paper typed here was not saved; close this window.").format(
                    closed=self._closed_message() or ""
                )
            )
            return
        self.close()

    def _check_serial(self, serial: int) -> None:
        assert self.entrant is not None
        self.ctx.call(voting.check_new_serial, self.view.id, self.entrant.id, serial)

    def _save(self, serial: int, marks: tuple[int, ...]) -> None:
        assert self.entrant is not None
        try:
            self.ctx.call(voting.record_entry, self.view.id, self.entrant.id, serial, marks)
        except KnownError:
            if self.entry is not None:  # e.g. entered for this side at another station: show what is saved
                self.entry.set_confirmed(self.ctx.call(voting.own_entries, self.view.id, self.entrant.side))
            raise
        self.ballot_recorded.emit()

    def lock(self) -> None:
        """Back to the sign-in, which asks for the password or station PIN again: another person may enter, or nobody
        while the screen is left alone. A paper typed but not saved is asked about first, as on closing."""
        if not self.may_close(locking=True):
            return
        self._drop_confirmed = False  # the next person's paper is asked about again
        self.entrant = None
        while self.stack.count() > 1:
            page = self.stack.widget(1)
            assert page is not None
            self.stack.removeWidget(page)
            page.deleteLater()
        self.entry = None
        self.stack.setCurrentIndex(0)
        self.lock_button.hide()
        self.secret.setFocus()

    def may_close(self, locking: bool = False) -> bool:
        """Whether the window may close (``locking``: go back to the sign-in): nothing is typed but unsaved, or the user
        chose to drop it. Every confirmed paper is already saved, so only the one being typed can be lost; once
        dropped, it is not asked about again."""
        if self._drop_confirmed or self.entry is None or not self.entry.has_unsaved_input():
            return True
        if locking:
            text = _(
                "A paper is typed on the entry screen but not saved (Enter on the checked paper saves it). Lock the "
                "screen and drop what is typed?"
            )
            confirm = _("Lock and drop it")
        else:
            text = _(
                "A paper is typed on the entry screen but not saved (Enter on the checked paper saves it). Close "
                "the entry screen and drop what is typed?"
            )
            confirm = _("Close and drop it")
        self._drop_confirmed = questions.ask(
            self, _("Drop the paper being entered?"), text, confirm, _("Keep entering")
        )
        return self._drop_confirmed

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_close():
            event.ignore()
            return
        self._drop_confirmed = False  # shown again later, it asks again
        super().closeEvent(event)

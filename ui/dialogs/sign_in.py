"""Signing in: the first start's "create the administrator" form, the sign-in form (keyboard first, a wrong
password or a lockout said in words, with the time left), one's own password and station PIN, and the flow that
puts one of the first two in front of the main window until somebody has signed in."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any, Final, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLineEdit, QWidget

from osgo_desktop import passwords
from osgo_desktop.clock import Clock
from osgo_desktop.domain.roles import Principal
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import _
from ui import settings as S
from ui.context import AppContext
from ui.widgets import questions
from ui.widgets.forms import FormDialog, line_edit
from ui.widgets.screen import fit_to_screen

#: who the app signs in as without asking (the bundle's smoke test, a kiosk): both must be set
USER_ENV: Final = "OSGO_USER"
PASSWORD_ENV: Final = "OSGO_PASSWORD"


def secret_edit() -> QLineEdit:
    edit = line_edit(max_length=200)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setClearButtonEnabled(False)
    return edit


class SignInDialog(FormDialog):
    """Login and password; returns ``(login, password)``. Enter signs in; the focus starts on the password when the
    login is remembered. A refusal is shown inline (:meth:`refuse`); a lockout counts its seconds down."""

    def __init__(self, login: str, clock: Clock, parent: QWidget | None = None, demo: bool = False) -> None:
        super().__init__(parent)
        self.clock = clock
        self.demo = demo
        self.login = line_edit(login, max_length=100)
        self.password = secret_edit()
        self.add_field("login", self.login, lambda: _("Login"))
        self.add_field("password", self.password, lambda: _("Password"))
        #: until when (naive UTC) the account is locked, while the countdown runs
        self._locked: tuple[str, dt.datetime] | None = None
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._on_countdown_timeout)
        self.retranslate()
        fit_to_screen(self, 460)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Sign in — OSGO Desktop"))
        intro = _("Sign in with your login and password.")
        if self.demo:  # the login and the password on lines of their own: a password is never wrapped at a hyphen
            intro += "\n\n" + _("The demo database (README lists its other accounts):") + "\n"
            intro += _("Login: {login}").format(login="admin") + "\n"
            intro += _("Password: {password}").format(password="osgo-admin-2026")
        self.set_intro(intro)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(_("Sign in"))
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(_("Quit"))

    def value(self) -> tuple[str, str]:
        return self.login.text(), self.password.text()

    def first_field(self) -> QWidget | None:
        return self.password if self.login.text().strip() else self.login

    def has_unsaved_input(self) -> bool:
        return False  # nothing typed here is work to keep

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc asks before it quits the app (pressed to dismiss a message, it would close everything); the Quit
        button and the window's close button quit at once."""
        if event.key() == Qt.Key.Key_Escape and not questions.ask(
            self,
            _("Quit OSGO Desktop?"),
            _("Close the app without signing in?"),
            _("Quit"),
            _("Stay"),
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def message(self) -> str:
        """What the form says under the password (a refusal, the lockout's time left); "" when nothing."""
        label = self.field_error("password")
        return label.text() if label.isVisibleTo(self) else ""

    def refuse(self, exc: KnownError, name: str = "", until: dt.datetime | None = None) -> None:
        """Say why the sign-in failed, below the password (which is cleared for the next try)."""
        self._locked = (name, until) if until is not None else None
        self.password.clear()
        self.show_errors({"password": str(exc)})
        if until is not None:
            self._countdown.start()
            self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(False)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_countdown_timeout(self) -> None:
        if self._locked is None:
            self._countdown.stop()
            return
        from osgo_desktop.services.accounts import SignInLocked

        name, until = self._locked
        now = self.clock.utc_naive()
        if now >= until:
            self._locked = None
            self._countdown.stop()
            self.show_errors({})
            self.revalidate()
            return
        self.show_errors({"password": str(SignInLocked(name, until, now))})


@dataclass(frozen=True)
class NewAdministrator:
    login: str
    name: str
    password: str


class FirstAdministratorDialog(FormDialog):
    """The first start on a database without accounts: the administrator's login, name and password (twice);
    returns a :class:`NewAdministrator`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.login = line_edit(max_length=100)
        self.name = line_edit(max_length=300)
        self.password = secret_edit()
        self.again = secret_edit()
        self.add_field("login", self.login, lambda: _("Login"))
        self.add_field("name", self.name, lambda: _("Name"))
        self.add_field("password", self.password, lambda: _("Password"))
        self.add_field("again", self.again, lambda: _("The password again"))
        self.retranslate()
        fit_to_screen(self, 560)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Create the administrator — OSGO Desktop"))
        self.set_intro(
            _(
                "This database has no accounts yet. Create the administrator: the account that adds the others "
                "(secretariat, counting commission, observers) and gives them their roles."
            )
        )
        self.buttons.button(self.buttons.StandardButton.Ok).setText(_("Create and sign in"))
        self.buttons.button(self.buttons.StandardButton.Cancel).setText(_("Quit"))

    def value(self) -> NewAdministrator:
        return NewAdministrator(self.login.text(), self.name.text(), self.password.text())

    def validate_value(self, value: NewAdministrator) -> dict[str, str]:
        return new_password_errors(value.password, self.again.text())


def new_password_errors(password: str, again: str, field: str = "password") -> dict[str, str]:
    """A new password typed twice: the rules' objection, or that the two differ."""
    problem = passwords.password_problem(password) if password else None
    if problem:
        return {field: problem}
    if not password:
        return {field: ""}  # nothing to say yet, but OK waits for it
    if again != password:
        return {"again": _("The two passwords differ.")}
    return {}


@dataclass(frozen=True)
class PasswordChange:
    current: str
    new: str


class NewPasswordDialog(FormDialog):
    """A new password typed twice — one's own (``whose`` None: the current one is asked first), or someone else's
    that an administrator resets; returns a :class:`PasswordChange`."""

    def __init__(self, whose: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.whose = whose
        self.current = secret_edit()
        self.password = secret_edit()
        self.again = secret_edit()
        if whose is None:
            self.add_field("old_password", self.current, lambda: _("Current password"))
        self.add_field("password", self.password, lambda: _("New password"))
        self.add_field("again", self.again, lambda: _("The new password again"))
        self.retranslate()
        fit_to_screen(self, 520)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        if self.whose is None:
            self.setWindowTitle(_("Change my password"))
        else:
            self.setWindowTitle(_("Reset the password of {name}").format(name=self.whose))
            self.set_intro(
                _("Tell {name} the new password; they can change it under File » Change my password….").format(
                    name=self.whose
                )
            )

    def value(self) -> PasswordChange:
        return PasswordChange(self.current.text(), self.password.text())

    def validate_value(self, value: PasswordChange) -> dict[str, str]:
        errors = new_password_errors(value.new, self.again.text())
        if self.whose is None and not value.current:
            errors["old_password"] = ""
        return errors


@dataclass(frozen=True)
class PinChange:
    password: str
    #: None: clear the PIN
    pin: str | None


class StationPinDialog(FormDialog):
    """One's own station PIN (at least 6 digits), which unlocks one's entry station; or none. The password is asked
    first. Returns a :class:`PinChange`."""

    def __init__(self, has_pin: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_pin = has_pin
        self.password = secret_edit()
        self.pin = secret_edit()
        self.pin.setInputMask("")
        self.again = secret_edit()
        self.clear = QCheckBox(self)
        self.add_field("password", self.password, lambda: _("Your password"))
        self.add_field("pin", self.pin, lambda: _("New station PIN"))
        self.add_field("again", self.again, lambda: _("The PIN again"))
        self.add_field("clear", self.clear, lambda: "")
        self.clear.toggled.connect(self._on_clear_toggled)
        self.clear.setVisible(has_pin)
        self.retranslate()
        fit_to_screen(self, 560)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("My station PIN"))
        self.set_intro(
            _(
                "A station PIN of at least {count} digits unlocks your entry station in place of your password. "
                "You have one set."
            ).format(count=passwords.MIN_STATION_PIN)
            if self.has_pin
            else _(
                "A station PIN of at least {count} digits unlocks your entry station in place of your password. "
                "You have none yet."
            ).format(count=passwords.MIN_STATION_PIN)
        )
        self.clear.setText(_("Remove my station PIN"))

    def _on_clear_toggled(self, on: bool) -> None:
        self.pin.setEnabled(not on)
        self.again.setEnabled(not on)

    def value(self) -> PinChange:
        return PinChange(self.password.text(), None if self.clear.isChecked() else self.pin.text())

    def validate_value(self, value: PinChange) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not value.password:
            errors["password"] = ""
        if value.pin is not None:
            if not value.pin:
                errors["pin"] = ""
            elif problem := passwords.station_pin_problem(value.pin):
                errors["pin"] = problem
            elif self.again.text() != value.pin:
                errors["again"] = _("The two PINs differ.")
        return errors


class Signing(Protocol):
    """What signing in needs of the open database (``storage.uow.Database``): its use cases, its clock, and whom
    its units of work act for."""

    principal: Principal | None
    clock: Clock

    def run(self, use_case: Any, /, *args: Any) -> Any: ...


def sign_in_from_environment(db: Signing) -> Principal | None:
    """Sign in as $OSGO_USER with $OSGO_PASSWORD when both are set (the bundle's smoke test starts the window
    signed in as the demo account); runs in the background. A refusal falls back to the sign-in form."""
    from osgo_desktop.services import accounts

    login, password = os.environ.get(USER_ENV, ""), os.environ.get(PASSWORD_ENV, "")
    if db.principal is not None or not (login and password):
        return db.principal
    try:
        db.principal = db.run(accounts.sign_in, login, password).value
    except KnownError:
        return None
    return db.principal


class SignInFlow(QObject):
    """Puts the right form in front of the window until somebody has signed in: on a database without accounts,
    :class:`FirstAdministratorDialog`, else :class:`SignInDialog`. The slow parts (Argon2, the database) run in the
    background. Signals: ``signed_in(Principal)`` once ``db.principal`` is set; ``cancelled()`` when the person
    quits instead."""

    signed_in = Signal(object)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, db: Signing, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = db
        self.tasks = ctx.tasks
        self.settings = ctx.settings
        self.window = parent
        #: the form on screen (tests type into it)
        self.dialog: FormDialog | None = None

    def start(self) -> None:
        from osgo_desktop.services import accounts

        def ask(has_accounts: bool) -> None:
            login = self.settings.get(S.LAST_LOGIN)
            self._open(
                SignInDialog(login, self.db.clock, self.window, self.ctx.demo)
                if has_accounts
                else FirstAdministratorDialog(self.window)
            )

        db = self.db
        self.tasks.run(lambda _p: db.run(accounts.has_accounts).value, ask, self.ctx.report, name="accounts")

    def _open(self, dialog: FormDialog) -> None:
        from ui.dialogs.guide import offer_guide

        self.dialog = dialog
        offer_guide(self.ctx, dialog)  # F1: the guide on signing in, or on the first start
        open_connect = getattr(self.window, "open_connect", None)
        if open_connect is not None:  # a workstation of the meeting room: the server, before any local account
            self.connect_button = dialog.buttons.addButton(
                _("Connect to another database…"), QDialogButtonBox.ButtonRole.ActionRole
            )
            self.connect_button.setAutoDefault(False)
            self.connect_button.clicked.connect(lambda: open_connect(dialog))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.submitted.connect(self._on_dialog_submitted)
        dialog.rejected.connect(self.cancelled)
        dialog.open()

    def _on_dialog_submitted(self, value: object) -> None:
        from osgo_desktop.services import accounts

        dialog = self.dialog
        assert dialog is not None
        db = self.db

        def work(_progress: object) -> Principal:
            if isinstance(value, NewAdministrator):
                made: Principal = db.run(
                    accounts.create_first_administrator, value.login, value.name, value.password
                ).value
                return made
            assert isinstance(value, tuple)
            signed: Principal = db.run(accounts.sign_in, *value).value
            return signed

        dialog.setEnabled(False)
        self.tasks.run(work, self._on_signed_in, self._on_refused, name="sign in")

    def _on_signed_in(self, principal: Principal) -> None:
        self.db.principal = principal
        self.settings.set(S.LAST_LOGIN, principal.login)
        if self.dialog is not None:
            self.dialog.setEnabled(True)
            self.dialog.accept()
            self.dialog.deleteLater()
            self.dialog = None
        self.signed_in.emit(principal)

    def _on_refused(self, exc: BaseException) -> None:
        from osgo_desktop.services.accounts import SignInLocked

        dialog = self.dialog
        if dialog is None:
            return
        dialog.setEnabled(True)
        if isinstance(dialog, SignInDialog) and isinstance(exc, KnownError):
            locked = exc if isinstance(exc, SignInLocked) else None
            dialog.refuse(exc, locked.name if locked else "", locked.until if locked else None)
        elif isinstance(exc, ValidationError):
            dialog.show_errors(exc.errors)
        elif isinstance(exc, KnownError):
            dialog.show_errors({"login": str(exc)})
        else:
            dialog.show_errors({})
            self.ctx.report(exc, dialog)

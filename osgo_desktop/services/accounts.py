"""Accounts: the first administrator, signing in (password, or an entry station's short PIN), and the lockout after
repeated failures. Who may do what is ``domain.roles``; how secrets are hashed is ``passwords``."""

from __future__ import annotations

import datetime as dt
import math
from typing import Final

from sqlalchemy import func, select

from osgo_desktop import passwords
from osgo_desktop.domain.roles import Principal, Role, format_roles, parse_roles
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import _, ngettext
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

#: failed sign-ins in a row after which the account is refused for SIGN_IN_LOCK, wherever it signs in
SIGN_IN_TRIES: Final = 5
SIGN_IN_LOCK: Final = dt.timedelta(minutes=1)


class SignInLocked(KnownError):
    """Too many failed sign-ins in a row: the account is refused until ``until`` (naive UTC)."""

    def __init__(self, name: str, until: dt.datetime, now: dt.datetime) -> None:
        seconds = max(1, math.ceil((until - now).total_seconds()))
        super().__init__(
            ngettext(
                "Too many failed sign-ins for {name}: try again in {seconds} second.",
                "Too many failed sign-ins for {name}: try again in {seconds} seconds.",
                seconds,
            ).format(name=name, seconds=seconds)
        )
        self.until = until


def normal_login(login: str) -> str:
    """A login as it is kept and compared: trimmed, case-folded."""
    return login.strip().casefold()


def principal_of(account: models.Account) -> Principal:
    return Principal(account.id, account.login, account.name, parse_roles(account.roles))


def has_accounts(uow: UnitOfWork) -> bool:
    """Whether anyone can sign in yet (a new database has no account until its first administrator is made)."""
    return bool(uow.session.scalar(select(func.count()).select_from(models.Account)))


def _new_account(uow: UnitOfWork, login: str, name: str, password: str, roles: frozenset[Role]) -> models.Account:
    errors: dict[str, str] = {}
    key = normal_login(login)
    if not key:
        errors["login"] = _("Enter a login.")
    elif uow.session.scalar(select(models.Account.id).where(models.Account.login == key)) is not None:
        errors["login"] = _("The login {login} is taken.").format(login=key)
    if not name.strip():
        errors["name"] = _("Enter the person's name.")
    problem = passwords.password_problem(password)
    if problem:
        errors["password"] = problem
    if not roles:
        errors["roles"] = _("Choose at least one role.")
    if errors:
        raise ValidationError(errors)
    account = models.Account(
        login=key, name=name.strip(), roles=format_roles(roles), password_hash=passwords.hash_secret(password)
    )
    uow.session.add(account)
    uow.session.flush()
    return account


def create_first_administrator(uow: UnitOfWork, login: str, name: str, password: str) -> Principal:
    """The first start: the database's first account, an administrator, made by whoever starts the app on a
    database without accounts — refused once any account exists."""
    if has_accounts(uow):
        raise KnownError(_("This database already has accounts: sign in, and an administrator adds new ones."))
    account = _new_account(uow, login, name, password, frozenset({Role.ADMINISTRATOR}))
    uow.commit()
    return principal_of(account)


def _check_lock(account: models.Account, now: dt.datetime) -> None:
    if account.locked_until is not None and account.locked_until > now:
        raise SignInLocked(account.name, account.locked_until, now)


def _failed(uow: UnitOfWork, account: models.Account, now: dt.datetime) -> None:
    """Count a failed sign-in, committed although the caller fails: neither another dialog nor a restart resets it."""
    account.failed_logins += 1
    if account.failed_logins >= SIGN_IN_TRIES:
        account.failed_logins = 0
        account.locked_until = now + SIGN_IN_LOCK
    uow.commit()
    if account.locked_until is not None and account.locked_until > now:
        raise SignInLocked(account.name, account.locked_until, now)


def _wrong() -> KnownError:
    return KnownError(_("The login or the password is not right."))


def sign_in(uow: UnitOfWork, login: str, password: str) -> Principal:
    """Sign in with a login and a password; the failed ones are counted and lock the account for a while."""
    now = uow.clock.utc_naive()
    account = uow.session.scalar(select(models.Account).where(models.Account.login == normal_login(login)))
    if account is None or not account.active:
        passwords.secret_matches(password, _dummy_hash())  # the same time for an unknown login as for a known one
        raise _wrong()
    _check_lock(account, now)
    if not passwords.secret_matches(password, account.password_hash):
        _failed(uow, account, now)
        raise _wrong()
    _succeeded(account, password)
    uow.commit()
    return principal_of(account)


def check_secret(uow: UnitOfWork, account_id: int, secret: str) -> Principal:
    """Confirm that the person at an entry station is ``account_id`` again — unlocking the station, confirming a
    settlement — by the account's password or its station PIN; the same lockout as :func:`sign_in`. Commits the
    count of failures only: a right secret is saved with the caller's own work."""
    now = uow.clock.utc_naive()
    account = uow.session.get(models.Account, account_id)
    if account is None or not account.active:
        raise KnownError(_("This account cannot sign in."))
    _check_lock(account, now)
    if not (
        passwords.secret_matches(secret, account.password_hash)
        or passwords.secret_matches(secret, account.station_pin_hash)
    ):
        _failed(uow, account, now)
        raise KnownError(_("The password or the station PIN of {name} is not right.").format(name=account.name))
    if account.failed_logins:
        account.failed_logins = 0
    return principal_of(account)


def _succeeded(account: models.Account, password: str) -> None:
    if account.failed_logins:
        account.failed_logins = 0
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_secret(password)


_dummy: list[str] = []


def _dummy_hash() -> str:
    """A hash of nobody's password, made on first use: checking it costs what checking a real one costs."""
    if not _dummy:
        _dummy.append(passwords.hash_secret("not a password of anyone"))
    return _dummy[0]

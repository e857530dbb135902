"""Accounts: the first administrator, signing in (password, or an entry station's short PIN), and the lockout after
repeated failures. Who may do what is ``domain.roles``; how secrets are hashed is ``passwords``."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.exc import IntegrityError

from osgo_desktop import passwords
from osgo_desktop.domain.roles import Action, NotSignedIn, Principal, Role, format_roles, parse_roles
from osgo_desktop.errors import KnownError, NotFoundError, ValidationError
from osgo_desktop.i18n import _, ngettext
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

#: how the audit log names the actor of a failed sign-in on an account: these words and the login typed (kept as
#: written; ``services.audit.actor_label`` reads them in the reader's language)
SIGN_IN_ATTEMPT: Final = "sign-in attempt: "
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
        self.name = name
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


#: what counts failed sign-ins: an account, or the block of a login that names none (the same two columns)
Counted = models.Account | models.SignInBlock


def _check_lock(account: Counted, now: dt.datetime, shown: str) -> None:
    if account.locked_until is not None and account.locked_until > now:
        raise SignInLocked(shown, account.locked_until, now)


def _failed(uow: UnitOfWork, account: Counted, now: dt.datetime, shown: str) -> None:
    """Count a failed sign-in, committed although the caller fails: neither another dialog nor a restart resets it.
    (The row was read locked, :func:`_for_update`: attempts made at once on several machines are each counted.)"""
    account.failed_logins += 1
    if account.failed_logins >= SIGN_IN_TRIES:
        account.failed_logins = 0
        account.locked_until = now + SIGN_IN_LOCK
    uow.commit()
    if account.locked_until is not None and account.locked_until > now:
        raise SignInLocked(shown, account.locked_until, now)


def _for_update(uow: UnitOfWork, *where: ColumnElement[bool]) -> models.Account | None:
    """The account, its row locked until this unit of work commits (on a server: another machine's sign-in of the
    same account waits here, so no failure goes uncounted)."""
    return uow.session.scalar(select(models.Account).where(*where).with_for_update())


def _block_for(uow: UnitOfWork, typed: str, now: dt.datetime) -> models.SignInBlock:
    """The failed sign-ins of ``typed``, a login that names no active account, read locked (a new block when it has
    none). Blocks whose lock has run out are dropped on the way: their count starts again at nought, as no block."""
    block_table = models.SignInBlock
    uow.session.execute(delete(block_table).where(block_table.locked_until < now, block_table.failed_logins == 0))
    key = hashlib.sha256(typed.encode("utf-8")).hexdigest()
    block = uow.session.scalar(select(block_table).where(block_table.login_key == key).with_for_update())
    if block is None:
        block = block_table(login_key=key, failed_logins=0)
        uow.session.add(block)
    return block


def _wrong() -> KnownError:
    return KnownError(_("The login or the password is not right."))


def sign_in(uow: UnitOfWork, login: str, password: str) -> Principal:
    """Sign in with a login and a password; the failed ones are counted and lock the account for a while. What is
    said names only the login typed, and takes the time of a password's check whatever the answer: an account's
    owner is not told to whoever tries logins."""
    now = uow.clock.utc_naive()
    typed = normal_login(login)
    account = _for_update(uow, models.Account.login == typed)
    if account is None or not account.active:
        # the same time, the same count of failures and the same lockout as for a login that exists
        passwords.secret_matches(password, _dummy_hash())
        for last_try in (False, True):
            block = _block_for(uow, typed, now)
            _check_lock(block, now, typed)
            try:
                _failed(uow, block, now, typed)
                break
            except IntegrityError:  # another machine counted this login's first failure at the same moment:
                uow.session.rollback()  # its block now exists, and this failure is counted on it
                if last_try:
                    raise
        raise _wrong()
    if account.locked_until is not None and account.locked_until > now:
        passwords.secret_matches(password, _dummy_hash())
        _check_lock(account, now, typed)
    if not passwords.secret_matches(password, account.password_hash):
        uow.act_for(None, SIGN_IN_ATTEMPT + typed)  # the audit log names the attempt, not the computer's user
        _failed(uow, account, now, typed)
        raise _wrong()
    principal = principal_of(account)
    uow.act_for(principal)
    _succeeded(account, password)
    uow.commit()
    return principal


def check_secret(uow: UnitOfWork, account_id: int, secret: str) -> Principal:
    """Confirm that the person at an entry station is ``account_id`` again — unlocking the station, confirming a
    settlement — by the account's password or its station PIN; the same lockout as :func:`sign_in`. Commits the
    count of failures only: a right secret is saved with the caller's own work. Only the password starts the count
    again: a station PIN, typed in front of the room, never buys more guesses at the password."""
    now = uow.clock.utc_naive()
    account = _for_update(uow, models.Account.id == account_id)
    if account is None or not account.active:
        raise KnownError(_("This account cannot sign in."))
    _check_lock(account, now, account.name)
    if passwords.secret_matches(secret, account.password_hash):
        if account.failed_logins:
            account.failed_logins = 0
    elif not passwords.secret_matches(secret, account.station_pin_hash):
        uow.act_as(principal_of(account))  # the failure is counted on the account tried, in its name
        _failed(uow, account, now, account.name)
        raise KnownError(_("The password or the station PIN of {name} is not right.").format(name=account.name))
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


# --- the accounts people use: an administrator's list, and each person's own password and station PIN -----------


@dataclass(frozen=True)
class AccountRow:
    """One account as the administrator's list shows it."""

    id: int
    login: str
    name: str
    roles: frozenset[Role]
    active: bool
    has_station_pin: bool
    #: until when (naive UTC) its sign-ins are refused after too many failures; None when not locked
    locked_until: dt.datetime | None


@dataclass(frozen=True)
class AccountDraft:
    """A new account as the administrator types it."""

    login: str
    name: str
    password: str
    roles: frozenset[Role]


def _row(account: models.Account, now: dt.datetime) -> AccountRow:
    locked = account.locked_until if account.locked_until is not None and account.locked_until > now else None
    return AccountRow(
        account.id,
        account.login,
        account.name,
        parse_roles(account.roles),
        account.active,
        bool(account.station_pin_hash),
        locked,
    )


def list_accounts(uow: UnitOfWork) -> list[AccountRow]:
    """Every account, active or not (none is ever deleted), by login."""
    uow.require(Action.MANAGE_ACCOUNTS)
    now = uow.clock.utc_naive()
    return [_row(a, now) for a in uow.session.scalars(select(models.Account).order_by(models.Account.login))]


def add_account(uow: UnitOfWork, draft: AccountDraft) -> int:
    """An administrator adds someone: a login, a name, a first password (to be changed by its owner), roles."""
    uow.require(Action.MANAGE_ACCOUNTS)
    account = _new_account(uow, draft.login, draft.name, draft.password, draft.roles)
    uow.commit()
    return account.id


def _account(uow: UnitOfWork, account_id: int) -> models.Account:
    account = uow.session.get(models.Account, account_id)
    if account is None:
        raise NotFoundError(_("No account has the id {id}.").format(id=account_id))
    return account


def _other_active_administrators(uow: UnitOfWork, account_id: int) -> int:
    others = uow.session.scalars(
        select(models.Account).where(models.Account.active.is_(True), models.Account.id != account_id)
    )
    return sum(1 for a in others if Role.ADMINISTRATOR in parse_roles(a.roles))


def _keep_an_administrator(uow: UnitOfWork, account: models.Account) -> None:
    """Refuse to leave the database without an active administrator: nobody could manage the accounts again."""
    last = not _other_active_administrators(uow, account.id)
    if Role.ADMINISTRATOR in parse_roles(account.roles) and account.active and last:
        raise KnownError(
            _("{name} is the last active administrator: make someone else an administrator first.").format(
                name=account.name
            )
        )


def change_roles(uow: UnitOfWork, account_id: int, roles: Iterable[Role]) -> None:
    """Give an account other roles (at least one); the last active administrator keeps that role."""
    uow.require(Action.MANAGE_ACCOUNTS)
    account = _account(uow, account_id)
    wanted = frozenset(roles)
    if not wanted:
        raise ValidationError({"roles": _("Choose at least one role.")})
    if Role.ADMINISTRATOR not in wanted:
        _keep_an_administrator(uow, account)
    account.roles = format_roles(wanted)
    uow.commit()


def set_active(uow: UnitOfWork, account_id: int, active: bool) -> None:
    """Deactivate an account (it can no longer sign in; its name stays in the records) or reactivate it. Accounts
    are never deleted: the audit log names them."""
    uow.require(Action.MANAGE_ACCOUNTS)
    account = _account(uow, account_id)
    if not active:
        _keep_an_administrator(uow, account)
    else:
        account.failed_logins = 0
        account.locked_until = None
    account.active = active
    uow.commit()


def reset_password(uow: UnitOfWork, account_id: int, new_password: str) -> None:
    """An administrator gives someone who forgot theirs a new password (and lifts a lockout)."""
    uow.require(Action.MANAGE_ACCOUNTS)
    account = _account(uow, account_id)
    problem = passwords.password_problem(new_password)
    if problem:
        raise ValidationError({"password": problem})
    account.password_hash = passwords.hash_secret(new_password)
    account.failed_logins = 0
    account.locked_until = None
    uow.commit()


def own_account(uow: UnitOfWork) -> AccountRow:
    """The signed-in person's own account (whether a station PIN is set, say)."""
    principal = uow.principal
    if principal is None or principal.account_id is None:
        raise NotSignedIn()
    return _row(_account(uow, principal.account_id), uow.clock.utc_naive())


def _own_account(uow: UnitOfWork, password: str) -> models.Account:
    """The signed-in person's account, once they have typed its password again (counted like a sign-in)."""
    principal = uow.principal
    if principal is None or principal.account_id is None:
        raise NotSignedIn()
    account = _for_update(uow, models.Account.id == principal.account_id)
    if account is None or not account.active:
        raise NotSignedIn()
    now = uow.clock.utc_naive()
    _check_lock(account, now, account.name)
    if not passwords.secret_matches(password, account.password_hash):
        _failed(uow, account, now, account.name)
        raise ValidationError({"old_password": _("The current password is not right.")})
    account.failed_logins = 0
    return account


def change_own_password(uow: UnitOfWork, old_password: str, new_password: str) -> None:
    """The signed-in person changes their own password, typing the current one first."""
    problem = passwords.password_problem(new_password)
    account = _own_account(uow, old_password)
    if problem:
        raise ValidationError({"password": problem})
    if new_password == old_password:
        raise ValidationError({"password": _("The new password is the same as the current one.")})
    account.password_hash = passwords.hash_secret(new_password)
    uow.commit()


def set_own_station_pin(uow: UnitOfWork, password: str, pin: str | None) -> None:
    """The signed-in person sets the short PIN that unlocks their entry station (``None``: clears it), typing their
    password first."""
    account = _own_account(uow, password)
    if pin is not None:
        problem = passwords.station_pin_problem(pin)
        if problem:
            raise ValidationError({"pin": problem})
    account.station_pin_hash = "" if pin is None else passwords.hash_secret(pin)
    uow.commit()


def seed_account(uow: UnitOfWork, draft: AccountDraft, station_pin: str | None = None) -> Principal:
    """An account made by the demo (``services.demo``) in the empty database it fills, before anyone can sign in:
    no role is checked, as for :func:`create_first_administrator`. Does not commit (the demo commits its work)."""
    account = _new_account(uow, draft.login, draft.name, draft.password, draft.roles)
    if station_pin is not None:
        problem = passwords.station_pin_problem(station_pin)
        if problem:
            raise ValidationError({"pin": problem})
        account.station_pin_hash = passwords.hash_secret(station_pin)
    return principal_of(account)

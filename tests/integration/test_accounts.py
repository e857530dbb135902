"""Signing in: the first administrator, passwords and station PINs hashed with Argon2id, the lockout."""

from __future__ import annotations

import datetime as dt

import pytest

from osgo_desktop import passwords
from osgo_desktop.domain.roles import Role
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.services import accounts
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from tests.conftest import fixed_clock


def _admin(db: Database) -> int:
    with db.uow() as uow:
        made = accounts.create_first_administrator(uow, " Admin ", "Айгүл Токтосунова", "correct horse")
    assert made.account_id is not None
    return made.account_id


def test_the_first_administrator_is_made_once_and_signs_in(db: Database) -> None:
    with db.uow() as uow:
        assert not accounts.has_accounts(uow)
    account_id = _admin(db)
    with db.uow() as uow:
        row = uow.session.get(models.Account, account_id)
        assert row is not None
        assert row.login == "admin"
        assert row.password_hash.startswith("$argon2id$")
        assert "correct horse" not in row.password_hash
        with pytest.raises(KnownError):
            accounts.create_first_administrator(uow, "other", "Other", "another password")
    with db.uow() as uow:
        principal = accounts.sign_in(uow, "ADMIN", "correct horse")
    assert principal.roles == frozenset({Role.ADMINISTRATOR})
    assert principal.actor == "Айгүл Токтосунова (admin)"


def test_a_short_password_is_refused_with_a_reason(db: Database) -> None:
    with db.uow() as uow, pytest.raises(ValidationError) as refused:
        accounts.create_first_administrator(uow, "admin", "Admin", "short")
    assert "password" in refused.value.errors


def test_repeated_failures_lock_the_account_for_a_while(db: Database) -> None:
    _admin(db)
    for _ in range(accounts.SIGN_IN_TRIES - 1):
        with db.uow() as uow, pytest.raises(KnownError):
            accounts.sign_in(uow, "admin", "wrong password")
    with db.uow() as uow, pytest.raises(accounts.SignInLocked):
        accounts.sign_in(uow, "admin", "wrong password")
    with db.uow() as uow, pytest.raises(accounts.SignInLocked):
        accounts.sign_in(uow, "admin", "correct horse")  # even the right one, while locked
    fixed_clock(db).advance(accounts.SIGN_IN_LOCK + dt.timedelta(seconds=1))
    with db.uow() as uow:
        assert accounts.sign_in(uow, "admin", "correct horse").login == "admin"


def test_an_unknown_login_is_refused_like_a_wrong_password(db: Database) -> None:
    _admin(db)
    with db.uow() as uow, pytest.raises(KnownError) as refused:
        accounts.sign_in(uow, "nobody", "correct horse")
    with db.uow() as uow, pytest.raises(KnownError) as wrong:
        accounts.sign_in(uow, "admin", "wrong password")
    assert str(refused.value) == str(wrong.value)


def test_station_pins_must_be_six_digits_and_not_a_run() -> None:
    assert passwords.station_pin_problem("12345")
    assert passwords.station_pin_problem("123456")
    assert passwords.station_pin_problem("777777")
    assert passwords.station_pin_problem("48a915")
    assert passwords.station_pin_problem("481953") is None


def test_a_hash_made_at_another_cost_still_verifies() -> None:
    before = passwords.use_cost(passwords.Cost(time_cost=2, memory_cost=2048, parallelism=1))
    try:
        encoded = passwords.hash_secret("a password")
    finally:
        passwords.use_cost(before)
    assert passwords.secret_matches("a password", encoded)
    assert passwords.needs_rehash(encoded)
    assert not passwords.secret_matches("a password", "not a hash")

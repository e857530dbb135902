"""Signing in: the first administrator, passwords and station PINs hashed with Argon2id, the lockout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select

from osgo_desktop import passwords
from osgo_desktop.domain.roles import NotPermitted, NotSignedIn, Principal, Role
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import language
from osgo_desktop.services import accounts, demo
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database, UnitOfWork
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


def _refusals(db: Database, login: str) -> list[str]:
    """What one more than SIGN_IN_TRIES wrong passwords for ``login`` are told, in order."""
    said = []
    for _ in range(accounts.SIGN_IN_TRIES + 1):
        with db.uow() as uow, pytest.raises(KnownError) as refused:
            accounts.sign_in(uow, login, "wrong password")
        said.append(str(refused.value).replace(accounts.normal_login(login), "LOGIN"))
    return said


def test_an_unknown_login_locks_as_a_known_one_does(db: Database) -> None:
    """Whether a login locks tells nobody whether it exists: the same refusals, in the same order, for the same
    time; the login typed is not kept in the clear (a password typed in the login field by mistake)."""
    _admin(db)
    known = _refusals(db, "admin")
    unknown = _refusals(db, "Parol-Secret-7")
    assert unknown == known and "try again in 60 seconds" in known[-1]
    with db.uow() as uow:
        keys = uow.session.scalars(select(models.SignInBlock.login_key)).all()
    assert len(keys) == 1 and "parol-secret-7" not in keys[0].lower()
    fixed_clock(db).advance(accounts.SIGN_IN_LOCK + dt.timedelta(seconds=1))
    with db.uow() as uow, pytest.raises(KnownError) as refused:
        accounts.sign_in(uow, "parol-secret-7", "wrong password")  # the lock has run out: counted afresh
    assert "not right" in str(refused.value)
    with db.uow() as uow:  # the run-out block was dropped; the new count is one
        assert uow.session.scalars(select(models.SignInBlock.failed_logins)).all() == [1]
    with db.uow() as uow:
        assert accounts.sign_in(uow, "admin", "correct horse").login == "admin"  # the account's own lock ran out too


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


# --- the administrator's accounts, and each person's own password and PIN ----------------------------------------


def _signed_in(db: Database, login: str, password: str) -> Principal:
    with db.uow() as uow:
        db.principal = accounts.sign_in(uow, login, password)
    return db.principal


def _add(db: Database, login: str, roles: set[Role], password: str = "a good password") -> int:
    with db.uow() as uow:
        return accounts.add_account(uow, accounts.AccountDraft(login, login.title(), password, frozenset(roles)))


def test_an_administrator_adds_an_account_that_then_signs_in(db: Database) -> None:
    _admin(db)
    _signed_in(db, "admin", "correct horse")
    new_id = _add(db, "Secretary", {Role.SECRETARIAT, Role.OBSERVER})
    with db.uow() as uow:
        rows = accounts.list_accounts(uow)
    assert [(r.login, r.roles, r.active) for r in rows] == [
        ("admin", frozenset({Role.ADMINISTRATOR}), True),
        ("secretary", frozenset({Role.SECRETARIAT, Role.OBSERVER}), True),
    ]
    with db.uow() as uow:
        assert accounts.sign_in(uow, "secretary", "a good password").account_id == new_id
    with db.uow() as uow, pytest.raises(ValidationError) as refused:
        accounts.add_account(uow, accounts.AccountDraft("SECRETARY", "Another", "a good password", frozenset()))
    assert set(refused.value.errors) == {"login", "roles"}


def test_a_deactivated_account_cannot_sign_in_and_is_kept(db: Database) -> None:
    _admin(db)
    _signed_in(db, "admin", "correct horse")
    counter = _add(db, "counter", {Role.COUNTING})
    with db.uow() as uow:
        accounts.set_active(uow, counter, False)
    with db.uow() as uow, pytest.raises(KnownError):
        accounts.sign_in(uow, "counter", "a good password")
    with db.uow() as uow:
        assert [r.active for r in accounts.list_accounts(uow) if r.id == counter] == [False]
        accounts.set_active(uow, counter, True)
    with db.uow() as uow:
        assert accounts.sign_in(uow, "counter", "a good password").login == "counter"


def test_the_last_active_administrator_cannot_be_deactivated_or_demoted(db: Database) -> None:
    admin_id = _admin(db)
    _signed_in(db, "admin", "correct horse")
    with db.uow() as uow, pytest.raises(KnownError, match="last active administrator"):
        accounts.set_active(uow, admin_id, False)
    with db.uow() as uow, pytest.raises(KnownError, match="last active administrator"):
        accounts.change_roles(uow, admin_id, {Role.SECRETARIAT})
    second = _add(db, "second", {Role.ADMINISTRATOR})
    with db.uow() as uow:
        accounts.change_roles(uow, admin_id, {Role.SECRETARIAT})
    with db.uow() as uow, pytest.raises(NotPermitted):  # demoted: what the account holds now counts at once
        accounts.set_active(uow, second, False)
    _signed_in(db, "second", "a good password")
    with db.uow() as uow, pytest.raises(KnownError, match="last active administrator"):
        accounts.set_active(uow, second, False)
    with db.uow() as uow:
        assert accounts.sign_in(uow, "admin", "correct horse").roles == frozenset({Role.SECRETARIAT})


def test_a_reset_password_replaces_the_old_one_and_lifts_the_lockout(db: Database) -> None:
    _admin(db)
    counter = _add(db, "counter", {Role.COUNTING})
    for _ in range(accounts.SIGN_IN_TRIES):
        with db.uow() as uow, pytest.raises(KnownError):
            accounts.sign_in(uow, "counter", "forgotten one")
    _signed_in(db, "admin", "correct horse")
    with db.uow() as uow:
        assert [r.locked_until is not None for r in accounts.list_accounts(uow) if r.id == counter] == [True]
        accounts.reset_password(uow, counter, "a new password")
    with db.uow() as uow, pytest.raises(KnownError):
        accounts.sign_in(uow, "counter", "a good password")
    with db.uow() as uow:
        assert accounts.sign_in(uow, "counter", "a new password").login == "counter"


def test_one_changes_ones_own_password_after_typing_the_current_one(db: Database) -> None:
    _admin(db)
    _add(db, "observer", {Role.OBSERVER})
    _signed_in(db, "observer", "a good password")
    with db.uow() as uow, pytest.raises(ValidationError) as refused:
        accounts.change_own_password(uow, "not my password", "a better password")
    assert "old_password" in refused.value.errors
    with db.uow() as uow, pytest.raises(ValidationError) as short:
        accounts.change_own_password(uow, "a good password", "short")
    assert "password" in short.value.errors
    with db.uow() as uow:
        accounts.change_own_password(uow, "a good password", "a better password")
    with db.uow() as uow:
        assert accounts.sign_in(uow, "observer", "a better password").login == "observer"


def test_one_sets_and_clears_ones_own_station_pin(db: Database) -> None:
    _admin(db)
    counter = _add(db, "counter", {Role.COUNTING})
    _signed_in(db, "counter", "a good password")
    with db.uow() as uow, pytest.raises(ValidationError) as easy:
        accounts.set_own_station_pin(uow, "a good password", "111111")
    assert "pin" in easy.value.errors
    with db.uow() as uow:
        accounts.set_own_station_pin(uow, "a good password", "739164")
    with db.uow() as uow:
        assert accounts.check_secret(uow, counter, "739164").login == "counter"
        accounts.set_own_station_pin(uow, "a good password", None)
    with db.uow() as uow, pytest.raises(KnownError):
        accounts.check_secret(uow, counter, "739164")


def test_nobody_signed_in_cannot_change_a_password(db: Database) -> None:
    _admin(db)
    db.principal = None
    with db.uow() as uow, pytest.raises(NotSignedIn):
        accounts.change_own_password(uow, "correct horse", "another password")
    with db.uow() as uow, pytest.raises(NotSignedIn):
        accounts.list_accounts(uow)


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.COUNTING, Role.OBSERVER])
def test_only_an_administrator_manages_accounts(db: Database, role: Role) -> None:
    admin_id = _admin(db)
    db.principal = Principal(None, "someone", "Someone", frozenset({role}))
    attempts: list[Callable[[UnitOfWork], object]] = [
        accounts.list_accounts,
        lambda uow: accounts.add_account(
            uow, accounts.AccountDraft("x", "X", "a good password", frozenset({Role.OBSERVER}))
        ),
        lambda uow: accounts.change_roles(uow, admin_id, {role}),
        lambda uow: accounts.set_active(uow, admin_id, False),
        lambda uow: accounts.reset_password(uow, admin_id, "taken over now"),
    ]
    for attempt in attempts:
        with db.uow() as uow, pytest.raises(NotPermitted):
            attempt(uow)
    with db.uow() as uow:
        assert accounts.sign_in(uow, "admin", "correct horse").roles == frozenset({Role.ADMINISTRATOR})


def test_an_account_deactivated_or_demoted_acts_with_what_it_holds_now(db: Database) -> None:
    _admin(db)
    _signed_in(db, "admin", "correct horse")
    clerk = _add(db, "clerk", {Role.SECRETARIAT, Role.ADMINISTRATOR})
    other = Database.open(db.url, db.clock)  # the clerk, signed in at another machine
    try:
        with other.uow() as uow:
            other.principal = accounts.sign_in(uow, "clerk", "a good password")
        with db.uow() as uow:
            accounts.change_roles(uow, clerk, {Role.SECRETARIAT})
        with other.uow() as uow, pytest.raises(NotPermitted):
            accounts.list_accounts(uow)
        with db.uow() as uow:
            accounts.set_active(uow, clerk, False)
        with other.uow() as uow, pytest.raises(NotSignedIn):
            accounts.list_accounts(uow)
    finally:
        other.close()


def test_the_demo_comes_with_the_readme_accounts_and_names_them_in_its_audit_log(full_demo_db: Database) -> None:
    db = full_demo_db
    for login, password, _name, roles, pin in demo.DEMO_ACCOUNTS:
        with db.uow() as uow:
            assert accounts.sign_in(uow, login, password).roles == roles
        if pin is not None:
            with db.uow() as uow:
                assert accounts.check_secret(uow, accounts.sign_in(uow, login, password).account_id or 0, pin)
    with db.uow() as uow:
        actors = set(uow.session.scalars(select(models.AuditEntry.actor)))
    assert "Администратор (admin)" in actors
    assert "Кадырова Мээрим Аскаровна (secretary)" in actors


def test_a_demo_made_before_accounts_gets_the_demo_accounts_once(db: Database) -> None:
    with db.uow() as uow:
        assert demo.add_demo_accounts(uow)
    with db.uow() as uow:
        assert not demo.add_demo_accounts(uow)
        assert accounts.sign_in(uow, "counter", "osgo-counting").roles == frozenset({Role.COUNTING})


def test_a_station_pin_does_not_buy_more_guesses_at_the_password(db: Database) -> None:
    _admin(db)
    with db.uow() as uow:
        counter = accounts.seed_account(
            uow, accounts.AccountDraft("counter", "Counter", "the real password", frozenset({Role.COUNTING})), "481953"
        )
        uow.commit()
    assert counter.account_id is not None
    for attempt in range(accounts.SIGN_IN_TRIES - 1):
        with db.uow() as uow, pytest.raises(KnownError):
            accounts.check_secret(uow, counter.account_id, f"guess {attempt}")
        with db.uow() as uow:  # the PIN, seen over a shoulder in the room, still confirms the person...
            accounts.check_secret(uow, counter.account_id, "481953")
            uow.commit()
    with db.uow() as uow, pytest.raises(accounts.SignInLocked):  # ...but the guesses at the password add up
        accounts.check_secret(uow, counter.account_id, "one more guess")


def test_a_locked_sign_in_names_the_login_typed_not_the_person(db: Database) -> None:
    _admin(db)
    for _ in range(accounts.SIGN_IN_TRIES):
        with db.uow() as uow, pytest.raises(KnownError):
            accounts.sign_in(uow, "Admin", "wrong password")
    with db.uow() as uow, pytest.raises(accounts.SignInLocked) as locked:
        accounts.sign_in(uow, "admin", "correct horse")
    assert "admin" in str(locked.value) and "Токтосунова" not in str(locked.value)


def test_the_audit_log_shows_an_accounts_hashes_to_nobody(db: Database) -> None:
    from osgo_desktop.services import audit as audit_service

    _admin(db)
    with db.uow() as uow:
        rows = audit_service.list_audit(uow, table="account")
        assert rows and all("argon2" not in str(row) for row in rows)
        assert not audit_service.list_audit(uow, text="argon2id")


def test_a_failed_sign_in_is_logged_as_an_attempt_on_the_login_typed(db: Database) -> None:
    _admin(db)
    db.principal = None
    with db.uow() as uow, pytest.raises(KnownError):
        accounts.sign_in(uow, "admin", "wrong password")
    with db.uow() as uow:
        last = uow.session.execute(
            select(models.AuditEntry.table_name, models.AuditEntry.actor).order_by(models.AuditEntry.seq.desc())
        ).first()
    assert last is not None and tuple(last) == ("account", "sign-in attempt: admin")


def test_a_failed_sign_in_and_an_account_read_in_the_readers_words(db: Database) -> None:
    from osgo_desktop.services import audit as audit_service

    _admin(db)
    with db.uow() as uow, pytest.raises(KnownError):
        accounts.sign_in(uow, "admin", "wrong password")
    with db.uow() as uow:
        made, failed = sorted(audit_service.list_audit(uow, table="account"), key=lambda row: row.seq)
    assert made.action == "insert" and "Roles: Administrator" in made.summary
    assert "row_version" not in made.summary and "Password" in made.summary  # the hash: named, never shown
    assert failed.summary == "Failed sign-ins in a row: 0 → 1"
    with language("ru"):
        assert failed.who == "попытка входа: admin"  # logged in fixed words, read in the reader's language
        assert "failed_logins" not in failed.summary

"""The entry stations sign in with the entrants' accounts: the password or the station PIN, the lockout, the side's
role, the audit log naming the entrant — and a session held before accounts still entered with its own PINs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from osgo_desktop.domain import voting as vote_rules
from osgo_desktop.domain.roles import NotPermitted, Role, format_roles
from osgo_desktop.domain.voting import Side
from osgo_desktop.errors import KnownError
from osgo_desktop.services import demo, voting
from osgo_desktop.services.accounts import SIGN_IN_TRIES, SignInLocked
from osgo_desktop.storage import models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock
from tests.voting_support import COUNTING_PIN, SECRETARIAT_PIN, entrants, open_session

SECRETARY_PASSWORD = demo.DEMO_ACCOUNTS[1][1]
SECRETARY = "Кадырова Мээрим Аскаровна (secretary)"
COUNTER = "Иманалиева Чолпон Дүйшөновна (counter)"


def _account_id(db: Database, login: str) -> int:
    with db.uow() as uow:
        return uow.session.scalars(select(models.Account.id).where(models.Account.login == login)).one()


def _actors(db: Database, table: str) -> list[str]:
    with db.uow() as uow:
        query = select(models.AuditEntry.actor).where(
            models.AuditEntry.table_name == table, models.AuditEntry.action == "insert"
        )
        return list(uow.session.scalars(query.order_by(models.AuditEntry.seq)))


def test_a_station_signs_in_with_the_station_pin_or_with_the_password(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    who = entrants(full_demo_db, round_id)
    with full_demo_db.uow() as uow:
        by_pin = voting.unlock(uow, round_id, who[Side.SECRETARIAT], SECRETARIAT_PIN)
    with full_demo_db.uow() as uow:
        by_password = voting.unlock(uow, round_id, who[Side.SECRETARIAT], SECRETARY_PASSWORD)
    assert by_pin == by_password
    assert (by_pin.side, by_pin.name, by_pin.account_id) == (
        Side.SECRETARIAT,
        "Кадырова Мээрим Аскаровна",
        _account_id(full_demo_db, "secretary"),
    )
    with full_demo_db.uow() as uow:  # the counting side's person, as the session form named them: the member
        counting = voting.unlock(uow, round_id, who[Side.COUNTING], COUNTING_PIN)
    assert counting.name == "Иманалиева Чолпон Дүйшөновна"


def test_five_wrong_secrets_in_a_row_lock_the_station_sign_in(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    person = entrants(full_demo_db, round_id)[Side.SECRETARIAT]
    for _attempt in range(SIGN_IN_TRIES - 1):
        with full_demo_db.uow() as uow, pytest.raises(KnownError, match="is not right"):
            voting.unlock(uow, round_id, person, "123456")
    with full_demo_db.uow() as uow, pytest.raises(SignInLocked, match="try again in 60 seconds") as locked:
        voting.unlock(uow, round_id, person, "123456")
    assert isinstance(locked.value, voting.StationLocked)  # what the entry window counts down
    with full_demo_db.uow() as uow, pytest.raises(SignInLocked):
        voting.unlock(uow, round_id, person, SECRETARY_PASSWORD)  # the right one waits too


def test_a_counting_side_account_cannot_sign_in_on_the_secretariat_side(full_demo_db: Database) -> None:
    """The role is checked against the entrant's own account at the station, not against whoever is signed in at
    the main window (every test database acts for an account holding every role)."""
    round_id = open_session(full_demo_db)
    who = entrants(full_demo_db, round_id)
    with full_demo_db.uow() as uow:  # the secretariat's entrant is an account that holds the counting role only
        entrant = uow.session.get(models.Entrant, who[Side.SECRETARIAT])
        assert entrant is not None
        entrant.account_id = _account_id(full_demo_db, "counter2")
        uow.commit()
    with full_demo_db.uow() as uow, pytest.raises(NotPermitted, match="Secretariat"):
        voting.unlock(uow, round_id, who[Side.SECRETARIAT], demo.DEMO_ACCOUNTS[3][4])
    with full_demo_db.uow() as uow, pytest.raises(NotPermitted):
        voting.record_entry(uow, round_id, who[Side.SECRETARIAT], 1, (1,))
    with full_demo_db.uow() as uow:
        assert voting.get_round(uow, round_id).entered == {Side.SECRETARIAT: 0, Side.COUNTING: 0}


def test_an_account_that_lost_its_role_no_longer_enters(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    who = entrants(full_demo_db, round_id)
    with full_demo_db.uow() as uow:
        account = uow.session.get(models.Account, _account_id(full_demo_db, "counter"))
        assert account is not None
        account.roles = format_roles({Role.OBSERVER})
        uow.commit()
    with full_demo_db.uow() as uow, pytest.raises(NotPermitted, match="Counting commission"):
        voting.unlock(uow, round_id, who[Side.COUNTING], COUNTING_PIN)
    with full_demo_db.uow() as uow, pytest.raises(NotPermitted):  # a paper, even with the station left signed in
        voting.record_entry(uow, round_id, who[Side.COUNTING], 1, (1,))
    with full_demo_db.uow() as uow, pytest.raises(NotPermitted):  # a settlement is the counting member's to make
        voting.settle(
            uow, round_id, 1, (1,), "", (who[Side.SECRETARIAT], SECRETARIAT_PIN), (who[Side.COUNTING], COUNTING_PIN)
        )


def test_the_audit_entry_of_a_ballot_names_the_entrants_account(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    who = entrants(full_demo_db, round_id)
    with full_demo_db.uow() as uow:  # the main window's unit of work: the tester's, who is not the entrant
        voting.record_entry(uow, round_id, who[Side.SECRETARIAT], 1, (1, 2))
        voting.record_entry(uow, round_id, who[Side.COUNTING], 1, (1, 3))
    assert _actors(full_demo_db, "ballot_entry") == [SECRETARY, COUNTER]
    with full_demo_db.uow() as uow:  # settled: confirmed by both, carried out by the counting commission's member
        voting.settle(
            uow, round_id, 1, (1, 2), "", (who[Side.SECRETARIAT], SECRETARIAT_PIN), (who[Side.COUNTING], COUNTING_PIN)
        )
    assert _actors(full_demo_db, "ballot_settlement") == [COUNTER]


def test_a_session_held_before_accounts_is_still_entered_with_its_own_pins(full_demo_db: Database) -> None:
    """An entrant of a session opened before migration 0013 has a PBKDF2 hash of a session PIN and no account: the
    station and the settlement still take that PIN (and still lock it after repeated wrong ones)."""
    round_id = open_session(full_demo_db)
    who = entrants(full_demo_db, round_id)
    with full_demo_db.uow() as uow:  # as the migration leaves such a session
        for entrant_id, pin in ((who[Side.SECRETARIAT], "2468"), (who[Side.COUNTING], "1357")):
            entrant = uow.session.get(models.Entrant, entrant_id)
            assert entrant is not None
            entrant.account_id, entrant.pin_hash = None, vote_rules.hash_pin(pin, iterations=1000)
        uow.commit()
    with full_demo_db.uow() as uow:
        signed_in = voting.unlock(uow, round_id, who[Side.SECRETARIAT], "2468")
        assert (signed_in.side, signed_in.account_id) == (Side.SECRETARIAT, None)
        with pytest.raises(KnownError, match=r"The PIN of .* is not right"):
            voting.unlock(uow, round_id, who[Side.COUNTING], SECRETARIAT_PIN)  # an account's PIN is not theirs
        voting.record_entry(uow, round_id, who[Side.SECRETARIAT], 1, (1, 2))
        voting.record_entry(uow, round_id, who[Side.COUNTING], 1, (1, 3))
        voting.settle(uow, round_id, 1, (1, 2), "", (who[Side.SECRETARIAT], "2468"), (who[Side.COUNTING], "1357"))
        assert voting.agreed_papers(uow, round_id) == [(1, (1, 2), True)]
    for _attempt in range(vote_rules.PIN_TRIES - 1):
        with full_demo_db.uow() as uow, pytest.raises(KnownError, match="is not right"):
            voting.unlock(uow, round_id, who[Side.COUNTING], "0000")
    with full_demo_db.uow() as uow, pytest.raises(voting.PinLocked, match="Wrong PIN 5 times in a row"):
        voting.unlock(uow, round_id, who[Side.COUNTING], "0000")


def test_an_upgraded_older_database_keeps_its_entrants_pins(tmp_path: Path) -> None:
    """``tests/fixtures/db_v0007.sqlite`` voted with the session PINs 2468 and 1357: upgraded, its entrants have no
    account and still confirm with those PINs (its rounds are closed: nothing is entered, the PIN is checked)."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(Path(__file__).parent.parent / "fixtures" / "db_v0007.sqlite", path)
    db = Database.open(sqlite_url(path), pinned_clock())
    try:
        with db.uow() as uow:
            round_id = uow.session.scalars(select(models.VoteRound.id).order_by(models.VoteRound.id)).first()
            assert round_id is not None
            people = voting.get_round(uow, round_id).session.entrants
            assert [(e.side, e.account_id) for e in people] == [(Side.SECRETARIAT, None), (Side.COUNTING, None)]
            assert voting.unlock(uow, round_id, people[0].id, "2468").side is Side.SECRETARIAT
            with pytest.raises(KnownError, match="The PIN of"):
                voting.unlock(uow, round_id, people[1].id, "2468")
            assert voting.unlock(uow, round_id, people[1].id, "1357").side is Side.COUNTING
    finally:
        db.close()


def test_no_one_reads_either_sides_marks_in_the_audit_log_while_the_round_is_open(full_demo_db: Database) -> None:
    from osgo_desktop.services import audit as audit_service
    from tests.voting_support import enter_all

    round_id = open_session(full_demo_db)
    enter_all(full_demo_db, round_id, [(1, 2, 3)], Side.COUNTING)
    with full_demo_db.uow() as uow:  # (the tester holds every role: the administrator's view, too)
        rows = audit_service.list_audit(uow, table="ballot_entry")
        assert rows and "[1, 2, 3]" not in str(rows) and "1, 2, 3" not in str(rows)
        assert not audit_service.list_audit(uow, text='"marks":[1,2,3]')


def test_the_demos_secretary_holds_the_demo_vote_as_the_people_who_would(tmp_path: Path, demo_template: Path) -> None:
    from osgo_desktop.services import accounts
    from tests.conftest import opened_copy

    for db in opened_copy(demo_template, tmp_path / "vote.sqlite", pinned_clock()):
        with db.uow() as uow:
            db.principal = accounts.sign_in(uow, "secretary", demo.DEMO_ACCOUNTS[1][1])
        competition_id = db.run(demo.screened_demo_competition).value
        db.run(demo.hold_demo_vote, competition_id)
        assert set(_actors(db, "ballot_entry")) == {SECRETARY, COUNTER}
        closers = {actor for actor in _actors(db, "vote_round") if actor != SECRETARY}
        assert closers == {COUNTER}  # the rounds are closed by the counting commission's member

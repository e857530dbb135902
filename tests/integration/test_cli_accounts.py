"""The ``osgo`` command acts as a named account: ``--user`` or $OSGO_USER, the password from $OSGO_PASSWORD (or
typed at a terminal); ``osgo accounts`` manages the accounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.integration.test_cli import osgo


@pytest.fixture
def nobody(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The command's databases act for nobody until it signs in, as outside the tests."""
    monkeypatch.setattr(Database, "default_principal", None)
    monkeypatch.delenv("OSGO_USER", raising=False)
    monkeypatch.delenv("OSGO_PASSWORD", raising=False)
    monkeypatch.delenv("OSGO_NEW_PASSWORD", raising=False)
    return monkeypatch


@pytest.fixture
def admin_url(tmp_path: Path, nobody: pytest.MonkeyPatch) -> str:
    url = sqlite_url(tmp_path / "accounts.sqlite")
    nobody.setenv("OSGO_PASSWORD", "first admin password")
    code, out, err = osgo(
        "--db", url, "--lang", "en", "accounts", "create-admin", "--login", "Aigul", "--name", "Айгүл"
    )
    assert code == 0, err
    assert "--user aigul" in out
    nobody.delenv("OSGO_PASSWORD")
    return url


def test_a_database_without_accounts_says_how_to_make_the_administrator(tmp_path: Path, nobody: object) -> None:
    url = sqlite_url(tmp_path / "empty.sqlite")
    code, out, err = osgo("--db", url, "--lang", "en", "accounts", "add", "x", "--name", "X", "--roles", "observer")
    assert code == 2 and out == ""
    assert "accounts create-admin" in err and "Traceback" not in err


def test_the_command_says_who_must_sign_in(admin_url: str, nobody: pytest.MonkeyPatch) -> None:
    code, _out, err = osgo("--db", admin_url, "--lang", "en", "competitions", "list")
    assert code == 2 and "--user LOGIN" in err and "OSGO_USER" in err
    code, _out, err = osgo("--db", admin_url, "--lang", "en", "--user", "aigul", "competitions", "list")
    assert code == 2 and "OSGO_PASSWORD" in err  # no terminal to ask at: a message, no hanging prompt
    nobody.setenv("OSGO_PASSWORD", "not the password")
    code, _out, err = osgo("--db", admin_url, "--lang", "en", "--user", "aigul", "competitions", "list")
    assert code == 2 and "not right" in err
    nobody.setenv("OSGO_PASSWORD", "first admin password")
    nobody.setenv("OSGO_USER", "AIGUL")
    assert osgo("--db", admin_url, "--lang", "en", "competitions", "list")[0] == 0


def test_create_admin_is_refused_once_there_are_accounts(admin_url: str, nobody: pytest.MonkeyPatch) -> None:
    nobody.setenv("OSGO_PASSWORD", "another password")
    code, _out, err = osgo("--db", admin_url, "--lang", "en", "accounts", "create-admin", "--login", "x", "--name", "X")
    assert code == 2 and "already has accounts" in err


def test_an_administrator_manages_accounts_from_the_command_line(
    admin_url: str, nobody: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = ("--db", admin_url, "--lang", "en", "--user", "aigul")
    nobody.setenv("OSGO_PASSWORD", "first admin password")
    nobody.setenv("OSGO_NEW_PASSWORD", "counting password")
    code, out, err = osgo(*admin, "accounts", "add", "Emil", "--name", "Кулматов Эмил", "--roles", "counting,observer")
    assert code == 0, err
    code, out, _err = osgo(*admin, "accounts", "list")
    assert "emil" in out and "Counting commission, Observer" in out and "active" in out
    code, _out, _err = osgo(*admin, "accounts", "add", "x", "--name", "X", "--roles", "chief")
    assert code == 2 and "administrator, counting" in capsys.readouterr().err  # argparse names the roles there are
    assert osgo(*admin, "accounts", "roles", "emil", "--roles", "observer")[0] == 0
    assert osgo(*admin, "accounts", "deactivate", "emil")[0] == 0
    assert "deactivated" in osgo(*admin, "accounts", "list")[1]
    code, _out, err = osgo(*admin, "accounts", "deactivate", "aigul")
    assert code == 2 and "last active administrator" in err

    emil = ("--db", admin_url, "--lang", "en", "--user", "emil")
    nobody.setenv("OSGO_PASSWORD", "counting password")
    assert osgo(*emil, "competitions", "list")[0] == 2  # deactivated
    nobody.setenv("OSGO_PASSWORD", "first admin password")
    assert osgo(*admin, "accounts", "activate", "emil")[0] == 0
    nobody.setenv("OSGO_NEW_PASSWORD", "reset by the admin")
    assert osgo(*admin, "accounts", "password", "emil")[0] == 0

    nobody.setenv("OSGO_PASSWORD", "reset by the admin")
    code, _out, err = osgo(*emil, "accounts", "list")
    assert code == 2 and "Administrator" in err  # an observer manages no accounts
    nobody.setenv("OSGO_NEW_PASSWORD", "emil's own password")
    code, out, err = osgo(*emil, "accounts", "password")
    assert code == 0 and "changed" in out, err
    nobody.setenv("OSGO_PASSWORD", "emil's own password")
    assert osgo(*emil, "competitions", "list")[0] == 0


def test_the_demo_accounts_sign_in_on_the_demo(tmp_path: Path, nobody: pytest.MonkeyPatch) -> None:
    url = sqlite_url(tmp_path / "demo.sqlite")
    assert osgo("--db", url, "--lang", "en", "demo")[0] == 0  # nobody signs in to make the demo
    nobody.setenv("OSGO_USER", "secretary")
    nobody.setenv("OSGO_PASSWORD", "osgo-secretary")
    code, out, err = osgo("--db", url, "--lang", "en", "competitions", "list")
    assert code == 0 and "2026/04" in out, err
    nobody.setenv("OSGO_USER", "admin")
    nobody.setenv("OSGO_PASSWORD", "osgo-admin-2026")
    code, out, err = osgo("--db", url, "--lang", "en", "accounts", "list")
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()[1:]] == [
        "admin",
        "counter",
        "counter2",
        "observer",
        "secretary",
    ]

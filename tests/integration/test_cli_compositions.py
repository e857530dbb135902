"""``osgo compositions list`` and ``osgo compositions show``: what they print, and exit 2 on bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.composition_support import make_compositions
from tests.conftest import pinned_clock
from tests.integration.test_cli import osgo


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "cli.sqlite")
    db = Database.open(url, pinned_clock())
    make_compositions(db)
    db.close()
    return url


def test_list_shows_every_body_with_seats_filled_vacant_and_term_end(url: str) -> None:
    code, out, err = osgo("--db", url, "--lang", "en", "compositions", "list")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Compositions on November 23, 2026"
    assert lines[1].split()[:5] == ["Code", "Seats", "Filled", "Vacant", "Term"]
    moh = next(line for line in lines if line.startswith("MOH "))
    assert moh.split()[:5] == ["MOH", "5", "4", "1", "2027-02-28"]
    assert lines[2].startswith("commission ")
    # in English the bodies' Russian names (they have no English ones), in alphabetical order
    assert [line.split()[0] for line in lines[3:]] == ["MOH", "EDU", "JUST"]
    _code, out, _err = osgo("--db", url, "--lang", "ky", "compositions", "list")
    assert [line.split()[0] for line in out.splitlines()[3:]] == ["EDU", "MOH", "JUST"]


def test_list_on_a_past_date(url: str) -> None:
    code, out, _ = osgo("--db", url, "--lang", "en", "compositions", "list", "--on", "01.06.2024")
    assert code == 0
    moh = next(line for line in out.splitlines() if line.startswith("MOH "))
    assert moh.split()[:5] == ["MOH", "3", "2", "1", "2025-02-28"]


def test_show_prints_members_with_the_pin_masked_and_the_vacancy(url: str) -> None:
    code, out, err = osgo("--db", url, "--lang", "en", "compositions", "show", "moh")
    assert code == 0, err
    assert "Министерство здравоохранения (MOH) on November 23, 2026" in out
    assert "Seats: 5, filled: 4, vacant: 1" in out
    assert re.search(r"Осмонов Канат +2•••••••••••45 +Council member", out)
    assert "21203198500045" not in out
    assert "vacant since 2026-09-10, Петров Иван left — Resigned" in out
    members = out.split("Members:")[1].split("Vacancies:")[0]
    assert "Петров" not in members
    assert "Өмүрбеков" not in out  # the history's members only with --history
    code, out, _ = osgo("--db", url, "--lang", "en", "compositions", "show", "MOH", "--history")
    assert "Өмүрбеков Улан  2•••••••••••56  2025-03-01 – 2026-01-14 — Died, 2026-01-15" in out


def test_show_the_commission_in_kyrgyz(url: str) -> None:
    code, out, err = osgo("--db", url, "--lang", "ky", "compositions", "show", "commission", "--on", "2026-11-23")
    assert code == 0, err
    assert "Коомдук кеңештердин мүчөлөрүн тандоо боюнча комиссия" in out
    assert "Сыдыков Темир" in out and "Нуралиев Нурлан" in out and "Эсенова Динара" in out


@pytest.mark.parametrize(
    "args",
    [
        ("compositions", "show", "NOPE"),
        ("compositions", "show", "MOH", "--on", "31.02.2026"),
        ("compositions", "show", "commission", "--on", ""),
        ("compositions", "list", "--on", "tomorrow"),
        ("compositions", "show"),
    ],
)
def test_bad_input_exits_2_with_a_message(url: str, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = osgo("--db", url, "--lang", "ru", *args)
    err += capsys.readouterr().err  # argparse's own messages go to sys.stderr
    assert code == 2
    assert err.strip() and "Traceback" not in err and out == ""


def test_an_unknown_body_names_the_code(url: str) -> None:
    code, _, err = osgo("--db", url, "--lang", "en", "compositions", "show", "NOPE")
    assert code == 2 and "NOPE" in err and err.startswith("osgo:")

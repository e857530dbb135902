"""The demo as a user meets it: state bodies with codes, the compositions sitting before the app, a due list with
something overdue, something due soon and (after ``--full``) a vacancy, 2026/04's elected seated, one seat filled
from the reserve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from osgo_desktop.domain.composition import Came
from osgo_desktop.domain.person import pin_sex
from osgo_desktop.domain.registry import Role
from osgo_desktop.services import demo, registries, vacancies
from osgo_desktop.storage import models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.integration.test_cli import osgo

CODES = ("MOH", "MOF", "MES", "MOA", "MLSM", "MOTC")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """``osgo demo``: the demo without its vote."""
    url = sqlite_url(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    code, _out, err = osgo("--db", url, "--lang", "en", "demo")
    assert code == 0, err
    return url


def run(url: str, *args: str) -> str:
    code, out, err = osgo("--db", url, "--lang", "en", *args)
    assert code == 0, err
    return out


def row_of(out: str, code: str) -> str:
    (line,) = [line for line in out.splitlines() if line.startswith(f"{code} ")]
    return line


def test_every_body_has_a_code_and_a_sitting_composition(demo_url: str) -> None:
    listed = run(demo_url, "compositions", "list")
    for code in (*CODES, "commission"):
        seats, filled, vacant = row_of(listed, code).split()[1:4]
        assert seats == filled and vacant == "0", code  # nobody has left yet
    assert row_of(listed, "commission").split()[1] == "15"  # ten civil-society seats and five permanent ones


def test_the_due_list_has_an_overdue_a_due_soon_and_an_in_hand_row(demo_url: str) -> None:
    due = run(demo_url, "due")
    assert "!! OVERDUE" in row_of(due, "MOA")  # its latest announcement date passed, no competition
    days = re.search(r"(\d+) days left; competition 2026/02", row_of(due, "MOF"))  # its draft is not published
    assert days is not None and int(days.group(1)) <= 30
    assert "in hand: competition 2026/01" in row_of(due, "MOH")
    assert "!!" not in row_of(due, "MLSM")
    assert "Fill the seat" not in due  # no departure before 2026/04 closes


def test_the_commission_roster_is_linked_to_its_mandates_with_pins(tmp_path: Path, migrated_template: Path) -> None:
    from tests.conftest import copy_database, pinned_clock

    path = tmp_path / "demo.sqlite"
    copy_database(migrated_template, path)
    db = Database.open(sqlite_url(path), pinned_clock())
    with db.uow() as uow:
        demo.load_demo(uow)
    with db.uow() as uow:
        roster = registries.list_commission(uow)
        assert len(roster) == 15 and all(m.active for m in roster)
        assert {m.role for m in roster} >= {Role.CHAIR, Role.SECRETARY, Role.DEPUTY}
        members = uow.session.scalars(select(models.CommissionMember)).all()
        assert all(m.pin and m.person_id for m in members)
        assert all(pin_sex(m.pin) is m.sex for m in members)  # each PIN agrees with its member's sex
        mandates = uow.session.scalars(
            select(models.Mandate).where(models.Mandate.commission_member_id.is_not(None))
        ).all()
        assert {m.commission_member_id for m in mandates} == {m.id for m in members}
        assert all(m.came is Came.IMPORTED for m in mandates)
        assert vacancies.open_vacancies(uow) == []
    db.close()


def test_the_full_demo_seats_2026_04_fills_one_seat_from_the_reserve_and_leaves_one_vacant(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "full.sqlite")
    run(url, "demo", "--full")
    shown = run(url, "compositions", "show", "MES")
    assert "(competition 2026/04)" in shown  # the composition sitting now is the one 2026/04 formed
    assert shown.count("Elected in competition 2026/04") == 5 and "From the reserve" in shown
    assert "Seats: 7, filled: 6, vacant: 1" in shown
    assert "imported; 7 members" in shown  # the one it replaced is kept in the history
    due = run(url, "due")
    assert re.search(r"^MES .*Fill the seat of Садыков Эрмек", due, re.M)
    assert "!! OVERDUE" in row_of(due, "MOA")  # the campaign is a draft: nothing is published yet
    campaigns = run(url, "campaigns", "list")
    assert "2026/K1" in campaigns and "MOA" in campaigns and "MOTC" in campaigns
    target = tmp_path / "record.zip"
    run(url, "export", "2026/04", "--out", str(target))
    code, out, err = osgo("--lang", "en", "verify", str(target))
    assert code == 0, out + err
    _the_full_demo_puts_three_documents_right(url)


def _the_full_demo_puts_three_documents_right(url: str) -> None:
    """2026/01 shows a document of each correction (issue 16): a CV retyped, a letter replaced, one withdrawn."""
    from osgo_desktop.services import applications, competitions
    from osgo_desktop.services.documents import EventKind
    from osgo_desktop.storage.uow import Database
    from tests.conftest import pinned_clock

    database = Database.open(url, pinned_clock())
    try:
        with database.uow() as uow:
            (intake,) = [c for c in competitions.list_competitions(uow) if c.number == "2026/01"]
            details = [applications.get_application(uow, a.id) for a in applications.list_applications(uow, intake.id)]
    finally:
        database.close()
    events = [e.kind for d in details for row in (*d.documents, *d.set_aside) for e in row.history]
    assert sorted(k for k in events if k is not EventKind.ADDED) == sorted(
        [EventKind.RETYPED, EventKind.REPLACED, EventKind.WITHDRAWN]
    )
    assert sum(len(d.set_aside) for d in details) == 2  # the replaced version and the withdrawn letter, kept

"""The edges of the cross-cutting rules (``compositions.seats_elsewhere``), on the voted demo: which seat, roster
line or election keeps a candidate from a seat, and which does not — whoever else is asked about at the same time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.composition import Came, SeatKind
from osgo_desktop.domain.person import encode_pin
from osgo_desktop.domain.profile import Kind, Variant
from osgo_desktop.domain.registry import Role, Seat, Sex
from osgo_desktop.services import applications, competitions, compositions, voting
from osgo_desktop.services.compositions import Elsewhere
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database, UnitOfWork
from tests.conftest import opened_copy
from tests.voting_support import screened_competition


@dataclass(frozen=True)
class World:
    db: Database
    #: person ids by role in the story
    people: dict[str, int]
    health: int  # 2026/01, the Ministry of Health's council (MOH), in intake
    education: int  # a second competition of the council 2026/04 (tallied) elects to (MES)
    commission: int  # 2026/03, a Commission replacement


def _person(uow: UnitOfWork, serial: int, pin: str | None = None) -> models.Person:
    born = dt.date(1980, 1, 1 + serial)
    person = models.Person(
        surname=f"Сынак{serial}",
        name="Адам",
        patronymic="",
        sex=Sex.MALE,
        pin=pin or encode_pin(Sex.MALE, born, f"{serial:05d}"),
    )
    uow.session.add(person)
    uow.session.flush()
    return person


def _composition(uow: UnitOfWork, body_id: int | None, start: dt.date, end: dt.date) -> models.Composition:
    composition = models.Composition(body_id=body_id, seats=9, term_start=start, term_end=end, note="")
    uow.session.add(composition)
    uow.session.flush()
    return composition


def _mandate(
    uow: UnitOfWork,
    composition: models.Composition,
    person: models.Person,
    seat: SeatKind = SeatKind.COUNCIL,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    left_on: dt.date | None = None,
) -> None:
    uow.session.add(
        models.Mandate(
            composition_id=composition.id,
            person_id=person.id,
            seat=seat,
            organization="",
            starts_on=starts_on or composition.term_start,
            ends_on=ends_on or composition.term_end,
            came=Came.IMPORTED,
            left_on=left_on,
            left_note="",
        )
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, voted_template: Path) -> Iterator[World]:
    clock = FixedClock(dt.datetime(2026, 11, 23, 6, tzinfo=dt.UTC))
    for db in opened_copy(voted_template, tmp_path_factory.mktemp("elsewhere") / "voted.sqlite", clock):
        yield populated(db)


def populated(db: Database) -> World:
    """The voted demo, with the bodies' codes, and people holding seats of every kind."""
    with db.uow() as uow:
        today = uow.clock.today()
        tallied = uow.competitions.require(screened_competition(uow))
        by_number = {c.number: c for c in uow.session.scalars(select(models.Competition))}
        health, finance = by_number["2026/01"], by_number["2026/02"]
        assert health.body is not None and finance.body is not None and tallied.body is not None
        health.body.code, finance.body.code, tallied.body.code = "MOH", "MOF", "MES"
        outcome = voting.outcome(uow, tallied.id)
        applied = {
            applications.display_number(tallied.number, a.number): a.person_id
            for a in uow.session.scalars(
                select(models.Application).where(models.Application.competition_id == tallied.id)
            )
        }
        people = {"elected": applied[outcome.elected[0]], "reserve": applied[outcome.reserve[0]]}
        finance_now = _composition(uow, finance.body_id, today - dt.timedelta(days=300), today + dt.timedelta(days=400))
        health_now = _composition(uow, health.body_id, today - dt.timedelta(days=300), today + dt.timedelta(days=400))
        commission_now = _composition(uow, None, today - dt.timedelta(days=300), today + dt.timedelta(days=1500))
        serial = iter(range(1, 100))

        def someone(role: str, pin: str | None = None) -> models.Person:
            person = _person(uow, next(serial), pin)
            people[role] = person.id
            return person

        _mandate(uow, finance_now, someone("other council"))
        twin_of = someone("other council, PIN")
        _mandate(uow, finance_now, twin_of)
        someone("twin", twin_of.pin)  # another person row with the same PIN: the same person
        _mandate(uow, health_now, someone("own council"))
        _mandate(uow, finance_now, someone("left"), left_on=today - dt.timedelta(days=10))
        _mandate(uow, finance_now, someone("left today"), left_on=today)
        _mandate(uow, finance_now, someone("seated later"), starts_on=today + dt.timedelta(days=30))
        old = _composition(uow, finance.body_id, today - dt.timedelta(days=1100), today - dt.timedelta(days=301))
        _mandate(uow, old, someone("former"))
        _mandate(uow, commission_now, someone("commission, civil"), SeatKind.CIVIL)
        _mandate(uow, commission_now, someone("commission, permanent"), SeatKind.PERMANENT)
        _mandate(uow, commission_now, someone("commission, ends today"), SeatKind.CIVIL, ends_on=today)
        rostered = someone("roster only")
        uow.session.add(
            models.CommissionMember(
                surname=rostered.surname,
                name=rostered.name,
                sex=Sex.MALE,
                seat=Seat.CIVIL,
                role=Role.MEMBER,
                term_end=today + dt.timedelta(days=900),
                pin=rostered.pin,
                active=True,
            )
        )
        someone("nobody")
        uow.session.commit()
        education = competitions.create_competition(
            uow,
            CompetitionDraft(
                Kind.COUNCIL, Variant.REGULAR, tallied.body_id, 9, 2, today + dt.timedelta(days=90), None, "Бишкек"
            ),
        )
        return World(db, people, health.id, education, by_number["2026/03"].id)


def found(world: World, competition_id: int, *roles: str) -> dict[str, Elsewhere]:
    """What the rules find for ``roles``, asked about all at once; and each asked about alone finds the same."""
    with world.db.uow() as uow:
        together = compositions.seats_elsewhere(uow, competition_id, {world.people[r] for r in roles})
        alone = {
            r: compositions.seats_elsewhere(uow, competition_id, {world.people[r]}).get(world.people[r]) for r in roles
        }
    by_role = {r: together[world.people[r]] for r in roles if world.people[r] in together}
    assert by_role == {r: e for r, e in alone.items() if e is not None}
    return by_role


EVERYONE = (
    "elected",
    "reserve",
    "other council",
    "other council, PIN",
    "twin",
    "own council",
    "left",
    "left today",
    "seated later",
    "former",
    "commission, civil",
    "commission, permanent",
    "commission, ends today",
    "roster only",
    "nobody",
)


def test_a_council_competition_is_kept_from_another_councils_seats_and_elections_and_from_the_commission(
    world: World,
) -> None:
    other = Elsewhere("other_council", "MOF")
    commission = Elsewhere("commission_member", "")
    assert found(world, world.health, *EVERYONE) == {
        "elected": Elsewhere("other_council", "2026/04 MES"),  # tallied, the decision not yet signed
        "other council": other,
        "other council, PIN": other,
        "twin": other,  # matched by the PIN
        "seated later": other,  # a seat not over yet
        "commission, civil": commission,
        "commission, permanent": commission,
        "commission, ends today": commission,
        "roster only": commission,  # a roster line not yet on record as a mandate
    }


def test_an_election_to_the_same_council_keeps_nobody_from_it(world: World) -> None:
    result = found(world, world.education, *EVERYONE)
    assert "elected" not in result and result["other council"] == Elsewhere("other_council", "MOF")


def test_a_commission_competition_is_kept_only_from_commission_seats_it_does_not_renew(world: World) -> None:
    already = Elsewhere("already_on_commission", "")
    assert found(world, world.commission, *EVERYONE) == {
        "commission, civil": already,
        "commission, permanent": already,
        "roster only": already,
        # "commission, ends today": their seat ends with the one the competition fills: they may stand again
    }

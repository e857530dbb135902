"""A hand-made set of compositions for the tests of the Compositions views, the CLI and the page.

Today is 23 November 2026 (``tests.conftest.TODAY``). The Ministry of Health (MOH) had a council of 3 from
1 March 2023, whose term ran out on 28 February 2025; the next, of 5, formed by competition 2025/01 on 1 March 2025,
sits until 28 February 2027: Өмүрбеков died on 15 January 2026 and Үсөнова took his seat from the reserve on
1 February; Петров resigned on 10 September 2026 and his seat is vacant. The Ministry of Education (EDU) has a
council of 2 (imported); the Ministry of Justice (JUST) has none on record. The Commission: a civil composition of
2 seats (1 held), one permanent member on record as a mandate and one only on the roster.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from osgo_desktop.domain.composition import Came, LeftReason, SeatKind
from osgo_desktop.domain.profile import LAW_2014, Kind, Variant
from osgo_desktop.domain.registry import Role, Seat, Sex
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database, UnitOfWork

D = dt.date


@dataclass(frozen=True)
class Made:
    moh: int
    edu: int
    just: int
    #: the mandate of Петров, who resigned (the open vacancy)
    petrov: int
    #: the mandate of Өмүрбеков, who died (filled from the reserve)
    omurbekov: int
    #: a sitting MOH member
    osmonov: int


def _person(uow: UnitOfWork, surname: str, name: str, pin: str, sex: Sex = Sex.MALE) -> models.Person:
    person = models.Person(surname=surname, name=name, patronymic="", sex=sex, pin=pin)
    uow.session.add(person)
    uow.session.flush()
    return person


def _mandate(
    uow: UnitOfWork,
    composition: models.Composition,
    person: models.Person,
    came: Came,
    *,
    starts: dt.date | None = None,
    ends: dt.date | None = None,
    seat: SeatKind = SeatKind.COUNCIL,
    organization: str = "",
    competition: models.Competition | None = None,
    left: tuple[dt.date, LeftReason] | None = None,
    replaces: models.Mandate | None = None,
    body_index: int | None = None,
) -> models.Mandate:
    mandate = models.Mandate(
        composition_id=composition.id,
        person_id=person.id,
        seat=seat,
        body_index=body_index,
        organization=organization,
        starts_on=starts or composition.term_start,
        ends_on=ends or composition.term_end,
        came=came,
        competition_id=competition.id if competition is not None else None,
        replaces_id=replaces.id if replaces is not None else None,
        left_on=left[0] if left else None,
        left_reason=left[1] if left else None,
        left_note="",
    )
    uow.session.add(mandate)
    uow.session.flush()
    return mandate


def _composition(
    uow: UnitOfWork,
    body: models.StateBody | None,
    seats: int,
    start: dt.date,
    end: dt.date,
    competition: models.Competition | None = None,
) -> models.Composition:
    composition = models.Composition(
        body_id=body.id if body is not None else None,
        seats=seats,
        term_start=start,
        term_end=end,
        competition_id=competition.id if competition is not None else None,
        note="",
    )
    uow.session.add(composition)
    uow.session.flush()
    return composition


def make_compositions(db: Database) -> Made:
    with db.uow() as uow:
        moh = models.StateBody(name_ky="Саламаттык сактоо министрлиги", name_ru="Министерство здравоохранения")
        moh.code = "MOH"
        edu = models.StateBody(name_ky="Билим берүү министрлиги", name_ru="Министерство образования", code="EDU")
        just = models.StateBody(name_ky="Юстиция министрлиги", name_ru="Министерство юстиции", code="JUST")
        uow.session.add_all([moh, edu, just])
        uow.session.flush()
        competition = models.Competition(
            number="2025/01",
            kind=Kind.COUNCIL,
            variant=Variant.REGULAR,
            body_id=moh.id,
            seats=5,
            term_years=2,
            profile_data=LAW_2014.to_obj(),
        )
        uow.session.add(competition)
        uow.session.flush()

        old = _composition(uow, moh, 3, D(2023, 3, 1), D(2025, 2, 28))
        old.ended_on = D(2025, 2, 28)
        for surname, pin in (("Асанов", "21001198000011"), ("Бакирова", "11002198000022")):
            _mandate(uow, old, _person(uow, surname, "Айбек", pin), Came.IMPORTED)
        new = _composition(uow, moh, 5, D(2025, 3, 1), D(2027, 2, 28), competition)
        osmonov = _mandate(
            uow, new, _person(uow, "Осмонов", "Канат", "21203198500045"), Came.ELECTED, competition=competition
        )
        omurbekov = _mandate(
            uow,
            new,
            _person(uow, "Өмүрбеков", "Улан", "21504197000056"),
            Came.ELECTED,
            competition=competition,
            left=(D(2026, 1, 15), LeftReason.DIED),
        )
        _mandate(
            uow,
            new,
            _person(uow, "Үсөнова", "Нургүл", "11505199000067", Sex.FEMALE),
            Came.RESERVE,
            competition=competition,
            starts=D(2026, 2, 1),
            replaces=omurbekov,
        )
        petrov = _mandate(
            uow,
            new,
            _person(uow, "Петров", "Иван", "21606198000078"),
            Came.ELECTED,
            competition=competition,
            left=(D(2026, 9, 10), LeftReason.RESIGNED),
        )
        for surname, pin in (("Ысаков", "21707198000089"), ("Абдыкадырова", "11808198000090")):
            _mandate(uow, new, _person(uow, surname, "Азамат", pin), Came.ELECTED, competition=competition)

        edu_council = _composition(uow, edu, 2, D(2025, 6, 1), D(2027, 5, 31))
        for surname, pin in (("Жумабаев", "21909198000001"), ("Кадырова", "12010198000002")):
            _mandate(uow, edu_council, _person(uow, surname, "Бекзат", pin), Came.IMPORTED)

        commission = _composition(uow, None, 2, D(2024, 1, 10), D(2029, 1, 9))
        civil = _person(uow, "Эсенова", "Динара", "12111198000003", Sex.FEMALE)
        roster = models.CommissionMember(
            surname="Эсенова", name="Динара", sex=Sex.FEMALE, seat=Seat.CIVIL, role=Role.MEMBER, person_id=civil.id
        )
        uow.session.add(roster)
        uow.session.flush()
        civil_mandate = _mandate(uow, commission, civil, Came.IMPORTED, seat=SeatKind.CIVIL)
        civil_mandate.commission_member_id = roster.id
        _mandate(
            uow,
            commission,
            _person(uow, "Нуралиев", "Нурлан", "22212198000004"),
            Came.APPOINTED,
            seat=SeatKind.PERMANENT,
            body_index=0,
            starts=D(2024, 1, 10),
            ends=D(9999, 12, 31),
        )
        uow.session.add(
            models.CommissionMember(
                surname="Сыдыков",
                name="Темир",
                sex=Sex.MALE,
                seat=Seat.PERMANENT,
                role=Role.MEMBER,
                body_index=1,
                pin="22301198000005",
            )
        )
        uow.commit()
        return Made(moh.id, edu.id, just.id, petrov.id, omurbekov.id, osmonov.id)

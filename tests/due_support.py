"""A hand-made set of compositions for the due overview (today is 23 November 2026, tests/conftest.py TODAY):

* MOH — its council's powers expire on 10 January 2027: the announcement was due by 10 November: overdue;
* MOE — expire on 1 February 2027: announce by 1 December 2026: due soon;
* MOF — expire on 30 June 2028: fine;
* MOJ — no composition on record;
* the Commission — its civil seats expire on 31 December 2027; a member resigned on 18 November 2026: the vacancy
  is to be filled by 28 November (10 days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from osgo_desktop.domain.composition import Came, LeftReason, SeatKind
from osgo_desktop.domain.registry import Sex
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import UnitOfWork

BODIES = {
    "MOH": ("Саламаттык сактоо министрлиги", "Министерство здравоохранения"),
    "MOE": ("Билим берүү жана илим министрлиги", "Министерство образования и науки"),
    "MOF": ("Финансы министрлиги", "Министерство финансов"),
    "MOJ": ("Юстиция министрлиги", "Министерство юстиции"),
}

#: body code → (term start, term end, seats)
TERMS = {
    "MOH": (dt.date(2025, 1, 11), dt.date(2027, 1, 10), 9),
    "MOE": (dt.date(2025, 2, 2), dt.date(2027, 2, 1), 7),
    "MOF": (dt.date(2026, 7, 1), dt.date(2028, 6, 30), 11),
}
COMMISSION_TERM = (dt.date(2023, 1, 1), dt.date(2027, 12, 31), 5)
RESIGNED_ON = dt.date(2026, 11, 18)


@dataclass(frozen=True)
class Seeded:
    body_ids: dict[str, int]
    composition_ids: dict[str, int]


def _person(uow: UnitOfWork, serial: int) -> models.Person:
    person = models.Person(
        surname=f"Мүчө{serial:03d}", name="Айгүл", patronymic="", sex=Sex.FEMALE if serial % 2 else Sex.MALE
    )
    uow.session.add(person)
    return person


def _composition(
    uow: UnitOfWork, body_id: int | None, start: dt.date, end: dt.date, seats: int, serial: int
) -> models.Composition:
    composition = models.Composition(body_id=body_id, seats=seats, term_start=start, term_end=end, note="")
    uow.session.add(composition)
    uow.session.flush()
    for i in range(3):
        uow.session.add(
            models.Mandate(
                composition_id=composition.id,
                person=_person(uow, serial * 10 + i),
                seat=SeatKind.COUNCIL if body_id is not None else SeatKind.CIVIL,
                organization=f"org {serial}-{i}",
                starts_on=start,
                ends_on=end,
                came=Came.IMPORTED,
                left_note="",
            )
        )
    return composition


def seed_due(uow: UnitOfWork) -> Seeded:
    """The set above (committed)."""
    body_ids = {}
    for code, (ky, ru) in BODIES.items():
        body = models.StateBody(name_ky=ky, name_ru=ru, code=code)
        uow.session.add(body)
        uow.session.flush()
        body_ids[code] = body.id
    composition_ids = {}
    for serial, (code, (start, end, seats)) in enumerate(TERMS.items(), 1):
        composition_ids[code] = _composition(uow, body_ids[code], start, end, seats, serial).id
    start, end, seats = COMMISSION_TERM
    commission = _composition(uow, None, start, end, seats, 9)
    uow.session.flush()
    leaving = commission.mandates[0]
    leaving.left_on, leaving.left_reason = RESIGNED_ON, LeftReason.RESIGNED
    composition_ids["commission"] = commission.id
    uow.commit()
    return Seeded(body_ids, composition_ids)

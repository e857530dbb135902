"""The Compositions page's reads on 41 bodies × 15 seats × 5 terms of history: the list of every body on a date and
one body in detail, against a bare query of the same rows in the same run.

    python bench/bench_compositions.py [--bodies 41] [--seats 15] [--terms 5] [--rounds 30]

A temporary SQLite database gets ``--bodies`` state bodies, each with ``--terms`` consecutive two-year compositions
of ``--seats`` members (a new person on every seat of every term; in each term one member resigns and another comes
from the reserve), and a Commission of 10 civil seats over the same years plus its 5 permanent members on the roster.
Timed, each through its own unit of work as the page and the CLI call them (``Database.run``):

* ``list_compositions`` on today, against a bare ``SELECT`` of the mandates it reads (those of the compositions
  sitting today and every Commission mandate) joined to their compositions, rows fetched as tuples;
* ``composition_detail`` of one body, against a bare ``SELECT`` of every mandate of its compositions joined to the
  person and the competition.

The two take turns, round by round, so a busy machine slows both alike. Reported: the median and p90 of each, and
the ratio of the medians. Goal: each view under 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.composition import Came, LeftReason, SeatKind
from osgo_desktop.domain.registry import Role, Seat, Sex
from osgo_desktop.services import composition_views as views
from osgo_desktop.storage import models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database

GOAL_MS = 100
TODAY = dt.date(2026, 11, 23)
SURNAMES = ["Асанов", "Бакирова", "Жумабаев", "Осмонова", "Сыдыков", "Токтосунова", "Үсөнов", "Өмүрбекова", "Ысаков"]

LIST_BASELINE = text(
    """
    SELECT m.id, m.composition_id, m.seat, m.person_id, m.commission_member_id, c.body_id, m.starts_on, m.ends_on,
           m.left_on
    FROM mandate m JOIN composition c ON m.composition_id = c.id
    WHERE (c.term_start <= :on AND c.term_end >= :on AND (c.ended_on IS NULL OR c.ended_on >= :on))
       OR c.body_id IS NULL
    """
)
DETAIL_BASELINE = text(
    """
    SELECT m.*, p.surname, p.name, p.patronymic, p.pin, p.sex, k.number
    FROM mandate m JOIN composition c ON m.composition_id = c.id JOIN person p ON m.person_id = p.id
    LEFT JOIN competition k ON m.competition_id = k.id
    WHERE c.body_id = :body
    """
)


def populate(db: Database, bodies: int, seats: int, terms: int) -> int:
    """The bodies, their compositions and mandates; the id of the first body."""
    first = TODAY - dt.timedelta(days=730 * (terms - 1) + 200)
    serial = 0

    def person() -> models.Person:
        nonlocal serial
        serial += 1
        return models.Person(
            surname=SURNAMES[serial % len(SURNAMES)],
            name=f"Айгүл{serial}",
            patronymic="",
            sex=Sex.FEMALE if serial % 2 else Sex.MALE,
            pin=f"{1 + serial % 2}{serial:013d}",
        )

    def composition(body: models.StateBody | None, count: int, start: dt.date, years: int) -> None:
        end = start + dt.timedelta(days=365 * years - 1)
        row = models.Composition(body=body, seats=count, term_start=start, term_end=end, note="")
        session.add(row)
        people = [person() for _ in range(count + 1)]
        session.add_all(people)
        session.flush()
        mandates = [
            models.Mandate(
                composition_id=row.id,
                person_id=p.id,
                seat=SeatKind.COUNCIL if body is not None else SeatKind.CIVIL,
                organization=f"Уюм {p.id % 50}",
                starts_on=start,
                ends_on=end,
                came=Came.IMPORTED,
                left_note="",
            )
            for p in people[:count]
        ]
        mandates[0].left_on = start + dt.timedelta(days=200)
        mandates[0].left_reason = LeftReason.RESIGNED
        session.add_all(mandates)
        session.flush()
        session.add(
            models.Mandate(
                composition_id=row.id,
                person_id=people[-1].id,
                seat=mandates[0].seat,
                organization="Резерв",
                starts_on=start + dt.timedelta(days=230),
                ends_on=end,
                came=Came.RESERVE,
                replaces_id=mandates[0].id,
                left_note="",
            )
        )

    with db.uow() as uow:
        session = uow.session
        rows = [
            models.StateBody(name_ky=f"Орган {i:02d}", name_ru=f"Орган {i:02d}", code=f"B{i:02d}")
            for i in range(bodies)
        ]
        session.add_all(rows)
        session.flush()
        for body in rows:
            for term in range(terms):
                composition(body, seats, first + dt.timedelta(days=730 * term), 2)
        composition(None, 10, first, 5)
        composition(None, 10, first + dt.timedelta(days=365 * 5), 5)
        for index in range(5):
            session.add(
                models.CommissionMember(
                    surname=SURNAMES[index],
                    name="Нурлан",
                    sex=Sex.MALE,
                    seat=Seat.PERMANENT,
                    role=Role.MEMBER,
                    body_index=index,
                )
            )
        uow.commit()
        return rows[0].id


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def summary(name: str, timings: list[float]) -> str:
    p90 = statistics.quantiles(timings, n=10)[-1]
    return f"{name}: median {statistics.median(timings) * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bodies", type=int, default=41)
    parser.add_argument("--seats", type=int, default=15)
    parser.add_argument("--terms", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(sqlite_url(Path(folder) / "bench.sqlite"), FixedClock.on(TODAY))
        body_id = populate(db, args.bodies, args.seats, args.terms)
        rows = db.run(views.list_compositions, TODAY).value
        detail = db.run(views.composition_detail, body_id, TODAY).value
        mandates = sum(len(t.mandates) for t in detail.history)
        print(
            f"{len(rows) - 1} bodies and the Commission; one body: {len(detail.history)} terms, {mandates} mandates, "
            f"{len(detail.members)} sitting, {len(detail.vacancies)} vacant"
        )
        timings: dict[str, list[float]] = {"list": [], "list_bare": [], "detail": [], "detail_bare": []}
        with db.engine.connect() as connection:
            for _round in range(args.rounds):
                timings["list"].append(timed(lambda: db.run(views.list_compositions, TODAY)))
                timings["list_bare"].append(timed(lambda: connection.execute(LIST_BASELINE, {"on": TODAY}).all()))
                timings["detail"].append(timed(lambda: db.run(views.composition_detail, body_id, TODAY)))
                timings["detail_bare"].append(
                    timed(lambda: connection.execute(DETAIL_BASELINE, {"body": body_id}).all())
                )
        db.close()
    met = True
    for name in ("list", "detail"):
        view, bare = statistics.median(timings[name]), statistics.median(timings[f"{name}_bare"])
        met = met and view * 1000 < GOAL_MS
        print(
            f"{summary(name, timings[name])}; {summary('bare query', timings[f'{name}_bare'])}; "
            f"ratio {view / bare:.1f}x; goal < {GOAL_MS} ms ({'met' if view * 1000 < GOAL_MS else 'NOT met'})"
        )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())

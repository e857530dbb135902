"""Benchmark: the due overview for 41 councils x 15 seats x 5 terms of history (and the Commission), against a bare
query of the same rows (every composition and mandate, one statement, no rules).

    python bench/bench_due.py

Each pass opens its own unit of work, as the start screen does. The overview is timed twice: the use case alone
(``due.due_overview``), and as the start screen opens it (the use case, then every cell's text of its table made).
Goal: the overview opens in under 100 ms; the ratio to the bare query is printed for the note.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BODIES = 41
SEATS = 15
TERMS = 5
REPEATS = 25
GOAL_MS = 100
TODAY = dt.date(2026, 11, 23)


def build(path: Path) -> None:
    from osgo_desktop.clock import FixedClock
    from osgo_desktop.domain.composition import Came, LeftReason, SeatKind
    from osgo_desktop.domain.registry import Sex
    from osgo_desktop.storage import models
    from osgo_desktop.storage.quick import sqlite_url
    from osgo_desktop.storage.uow import Database

    db = Database.open(sqlite_url(path), FixedClock.on(TODAY))
    with db.uow() as uow:
        serial = 0
        for body_index in range(BODIES + 1):  # the last one: the Commission
            body_id = None
            if body_index < BODIES:
                body = models.StateBody(
                    name_ky=f"Министрлик {body_index:02d}", name_ru=f"Министерство {body_index:02d}"
                )
                body.code = f"B{body_index:02d}"
                uow.session.add(body)
                uow.session.flush()
                body_id = body.id
            # Five terms of two years, the latest ending between a month ago and two years ahead.
            end = TODAY + dt.timedelta(days=-30 + body_index * 18)
            for term in range(TERMS):
                term_end = end - dt.timedelta(days=730 * (TERMS - 1 - term))
                start = term_end - dt.timedelta(days=729)
                composition = models.Composition(
                    body_id=body_id,
                    seats=SEATS,
                    term_start=start,
                    term_end=term_end,
                    ended_on=None if term == TERMS - 1 else term_end,
                    note="",
                )
                uow.session.add(composition)
                uow.session.flush()
                for seat in range(SEATS):
                    serial += 1
                    person = models.Person(surname=f"Мүчө{serial:05d}", name="Айгүл", sex=Sex.FEMALE, pin="")
                    uow.session.add(person)
                    left = term == TERMS - 1 and seat == 0 and body_index % 4 == 0  # a vacancy in every 4th
                    uow.session.add(
                        models.Mandate(
                            composition_id=composition.id,
                            person=person,
                            seat=SeatKind.COUNCIL if body_id is not None else SeatKind.CIVIL,
                            organization=f"org {seat}",
                            starts_on=start,
                            ends_on=term_end,
                            came=Came.IMPORTED,
                            left_on=TODAY - dt.timedelta(days=5) if left else None,
                            left_reason=LeftReason.RESIGNED if left else None,
                            left_note="",
                        )
                    )
        uow.commit()
    db.close()


def timed(fn: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from osgo_desktop.clock import FixedClock
    from osgo_desktop.services import due
    from osgo_desktop.storage import models
    from osgo_desktop.storage.quick import sqlite_url
    from osgo_desktop.storage.uow import Database
    from ui.models.due import DueModel

    app = QApplication.instance() or QApplication([])
    path = Path(tempfile.mkdtemp(prefix="osgo-bench-")) / "due.sqlite"
    build(path)
    db = Database.open(sqlite_url(path), FixedClock.on(TODAY))
    model = DueModel()

    def bare() -> None:
        with db.uow() as uow:
            uow.session.execute(
                select(models.Composition.__table__, models.Mandate.__table__).join(
                    models.Mandate.__table__, models.Mandate.composition_id == models.Composition.id
                )
            ).all()

    def overview() -> None:
        db.run(due.due_overview)

    def screen() -> None:
        model.set_rows(db.run(due.due_overview).value.rows)
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                model.index(row, column).data()

    rows = len(db.run(due.due_overview).value.rows)
    base, alone, opened = timed(bare), timed(overview), timed(screen)
    db.close()
    del app
    print(
        f"due overview, {BODIES} councils + the Commission x {SEATS} seats x {TERMS} terms ({rows} rows): "
        f"use case median {alone:.1f} ms, opened with its table {opened:.1f} ms; bare query of the same "
        f"{(BODIES + 1) * SEATS * TERMS} mandates {base:.1f} ms; ratio {alone / base:.2f}x / {opened / base:.2f}x; "
        f"goal < {GOAL_MS} ms ({'met' if opened < GOAL_MS else 'NOT met'})"
    )
    return 0 if opened < GOAL_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())

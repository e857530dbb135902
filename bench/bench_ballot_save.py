"""Benchmark: saving one confirmed ballot entry (``voting.record_entry``: checks, the row, the commit and its
fsync) against a bare sqlite3 INSERT + COMMIT of the same row into the same database file, same pragmas.

Run from the repository root: ``python bench/bench_ballot_save.py``. It prints the median time per ballot of each
and their ratio; the vote's entry screen saves each paper as it is confirmed, so this is what a typist waits for.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from osgo_desktop.services.views import CompetitionRow
    from osgo_desktop.storage.uow import UnitOfWork

PAPERS = 400


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="osgo-bench-"))
    os.environ["OSGO_HOME"] = str(home)
    from osgo_desktop.clock import FixedClock
    from osgo_desktop.domain.voting import Side
    from osgo_desktop.services import demo, voting
    from osgo_desktop.services.voting import EntrantDraft
    from osgo_desktop.storage.quick import sqlite_url
    from osgo_desktop.storage.uow import Database

    today = dt.date(2026, 11, 23)
    path = home / "bench.sqlite"
    clock = FixedClock.on(today)
    db = Database.open(sqlite_url(path), clock)
    with db.uow() as uow:
        demo.load_demo(uow, db.document_store())
    with db.uow() as uow:
        competition_id = next(c.id for c in voting_competitions(uow))
        setup = voting.session_setup(uow, competition_id)
        draft = voting.SessionDraft(
            held_on=today,
            place="bench",
            start_time="10:00",
            present=tuple(m.id for m in setup.members),
            counting_present=tuple(m.id for m in setup.counting),
            entrants=(
                EntrantDraft(Side.SECRETARIAT, setup.secretariat_accounts[0].id),
                EntrantDraft(Side.COUNTING, setup.counting_accounts[0].id, setup.counting[0].id),
            ),
            papers=PAPERS,
        )
        round_id = voting.open_session(uow, competition_id, draft)
        entrant = voting.get_round(uow, round_id).session.entrants[0].id

    ours: list[float] = []
    for serial in range(1, PAPERS + 1):
        start = time.perf_counter()
        with db.uow() as uow:
            voting.record_entry(uow, round_id, entrant, serial, (serial % 12 + 1, (serial + 5) % 12 + 1))
        ours.append(time.perf_counter() - start)
    db.close()

    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    bare: list[float] = []
    for serial in range(1, PAPERS + 1):
        start = time.perf_counter()
        raw.execute("BEGIN")
        raw.execute(
            "INSERT INTO ballot_entry (round_id, serial, side, entrant_id, marks, entered_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (round_id, serial, "counting", entrant + 1, json.dumps([1, 2]), clock.utc_naive().isoformat(" ")),
        )
        raw.execute("COMMIT")
        bare.append(time.perf_counter() - start)
    raw.close()
    ours_ms, bare_ms = statistics.median(ours) * 1000, statistics.median(bare) * 1000
    print(f"record_entry, median of {PAPERS}: {ours_ms:.2f} ms (p95 {sorted(ours)[int(PAPERS * 0.95)] * 1000:.2f} ms)")
    print(f"bare INSERT + COMMIT, median of {PAPERS}: {bare_ms:.2f} ms")
    print(f"ratio: {ours_ms / bare_ms:.2f}x")


def voting_competitions(uow: UnitOfWork) -> list[CompetitionRow]:
    from osgo_desktop.domain.lifecycle import State
    from osgo_desktop.services import competitions

    return [c for c in competitions.list_competitions(uow) if c.state is State.SCREENED]


if __name__ == "__main__":
    main()

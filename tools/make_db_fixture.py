"""Write ``tests/fixtures/db_v0007.sqlite``: a database at schema 0007 holding every kind of data the app stores.

It must run against the code of schema 0007 (commit 66fc6ed), not the current one: the migration test upgrades
what that version wrote. See ``tests/fixtures/README.md`` for the exact commands.

What it holds, on a clock pinned to 23 November 2026, noon in Bishkek: the demo with its documents (registries,
organisations, associations, the default profile, a council member, an intake with a withdrawn application, a
screened competition with verdicts), a declared conflict of interest, a wrong PIN typed, and the screened
competition's vote: a paper settled, a paper struck out (typed under a serial that was never in the box), a tie and
its runoff, every protocol issued, the decision's signed copy attached (the competition closed, its record frozen)
and an amendment. PIN hashes are salted at random: two runs differ in those bytes only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OSGO_HOME", tempfile.mkdtemp(prefix="osgo-fixture-"))

from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.voting import Side
from osgo_desktop.errors import KnownError
from osgo_desktop.services import applications, demo, protocols, registries, voting
from osgo_desktop.storage import models
from osgo_desktop.storage.db import sqlite_url  # where 66fc6ed, the commit this runs on, has it
from osgo_desktop.storage.uow import Database

TODAY = dt.date(2026, 11, 23)
ACTOR = "fixture"


def main(target: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        # the document store and the backup made when the vote opens go next to the file: not into the fixture
        path = Path(work) / "osgo.sqlite"
        build(path)
        shutil.copyfile(path, target)


def build(target: Path) -> None:
    clock = FixedClock.on(TODAY)
    db = Database.open(sqlite_url(target), clock)
    db.actor = ACTOR
    store = db.document_store()
    with db.uow() as uow:
        registries.save_profile(uow, registries.current_profile(uow))  # the default profile, stored
    with db.uow() as uow:
        demo.load_demo(uow, store)
        competition_id = demo.screened_demo_competition(uow)
        assert competition_id is not None
        grid = applications.screening_grid(uow, competition_id)
        first = grid.rows[0]
        member = voting.session_setup(uow, competition_id).members[0].id
    clock.advance(dt.timedelta(minutes=5))
    with db.uow() as uow:
        # as applications.declare_conflict records it (which takes it only while the competition is screened)
        uow.session.add(
            models.ConflictOfInterest(application_id=first.application.id, member_id=member, reason="Тууганы")
        )
        uow.commit()
    with db.uow() as uow:  # no service writes the council registry yet (it is imported): as an import would
        body = uow.bodies.list()[0]
        uow.session.add(models.CouncilMember(body_id=body.id, surname="Осмонов", name="Бакыт", pin="21503198000123"))
        uow.commit()
    with db.uow() as uow:
        for lang in ("ky", "ru"):
            protocols.issue(uow, store, competition_id, ProtocolKind.SCREENING, lang)

    clock.advance(dt.timedelta(hours=1))
    with db.uow() as uow:
        draft = demo.demo_session(uow, competition_id)
        # 16 papers printed: the secretariat types a 16th serial that was never in the box, struck out below
        draft = voting.SessionDraft(**{**draft.__dict__, "papers": 16})
        round_id = voting.open_session(uow, competition_id, draft)
    papers = demo.papers_from_votes(demo.FIRST_ROUND_VOTES, 15)
    misread = list(papers)
    misread[6] = tuple(sorted({*papers[6], 12} - {papers[6][0]}))
    with db.uow() as uow:
        demo.enter_papers(uow, round_id, Side.SECRETARIAT, [*papers, papers[14]])
        demo.enter_papers(uow, round_id, Side.COUNTING, misread)
        people = {e.side: e.id for e in voting.get_round(uow, round_id).session.entrants}
    secretariat = (people[Side.SECRETARIAT], demo.DEMO_SECRETARIAT_PIN)
    counting = (people[Side.COUNTING], demo.DEMO_COUNTING_PIN)
    clock.advance(dt.timedelta(minutes=30))
    with db.uow() as uow:
        voting.settle(uow, round_id, 7, papers[6], "Бюллетень эки тарап менен бирге каралды", secretariat, counting)
    with db.uow() as uow:
        voting.strike_out(uow, round_id, 16, "Сериясы туура эмес терилген (015)", secretariat, counting)
    with db.uow() as uow, contextlib.suppress(KnownError):  # a wrong PIN, counted on the entrant's row
        voting.unlock(uow, round_id, people[Side.COUNTING], "000000")
    with db.uow() as uow:
        voting.close_round(uow, round_id, voting.PaperCounts(15, 15, 1))
        runoff_id = voting.current_round(uow, competition_id)
    assert runoff_id is not None and runoff_id != round_id
    runoff = [(1,)] * 6 + [(2,)] * 8 + [()]
    clock.advance(dt.timedelta(minutes=30))
    with db.uow() as uow:
        demo.enter_papers(uow, runoff_id, Side.SECRETARIAT, runoff)
        demo.enter_papers(uow, runoff_id, Side.COUNTING, runoff)
    with db.uow() as uow:
        voting.close_round(uow, runoff_id, voting.PaperCounts(15, 15, 1))

    clock.advance(dt.timedelta(hours=1))
    with db.uow() as uow:
        for number in (1, 2):
            protocols.issue(uow, store, competition_id, ProtocolKind.VOTE, "ky", number)
            protocols.issue(uow, store, competition_id, ProtocolKind.TALLY_SHEET, "ky", number)
        decision = protocols.issue(uow, store, competition_id, ProtocolKind.DECISION, "ky")
    clock.advance(dt.timedelta(days=1))
    with db.uow() as uow:
        closed = protocols.attach_signed_copy(
            uow, store, decision.id, protocols.protocol_path(store, decision), "Кадырова М. А."
        )
        assert closed
    clock.advance(dt.timedelta(days=1))
    with db.uow() as uow:
        protocols.amend(uow, store, decision.id, "Техникалык ката", "Датасы оңдолду / дата исправлена", "Кадырова")

    report = db.check_audit()
    assert report.ok, report
    db.close()
    # one self-contained file: the write-ahead log folded in, the free pages dropped
    connection = sqlite3.connect(target)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("VACUUM")
    connection.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""A stand-in for one machine of the meeting room, run as a process of its own against a PostgreSQL server: an entry
station entering one side's papers, or a projector following the round (``tests/integration/test_meeting_room.py``
and ``bench/bench_remote_paper.py`` start them).

    python tools/meeting_station.py enter URL ROUND SIDE PAPERS_JSON [--reverse] [--timeout S] [--at ISO]
    python tools/meeting_station.py project URL ROUND EXPECTED [--timeout S] [--at ISO]

Each prints JSON lines on stdout: ``{"event": "ready"}`` once it listens, then what it saw; the last line is its
summary. A station enters its papers through the same use cases as the entry screen, one commit per paper, then
waits for the other side's papers (LISTEN/NOTIFY) until every paper of the round is agreed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osgo_desktop.changes import Area
from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.roles import Principal, Role
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import accounts, competitions, demo, voting
from osgo_desktop.services.projector import projector_state
from osgo_desktop.storage.listen import ChangeListener
from osgo_desktop.storage.uow import Database

#: the moment every process of one meeting room works at (the vote's day; each passes it on to the others)
DEFAULT_AT = "2026-11-23T12:00:00+06:00"


def say(**fields: Any) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def open_round(url: str, at: dt.datetime, present: int = 15) -> dict[str, Any]:
    """On an EMPTY server database: the schema, the demo, a vote session on its screened competition and the
    round it opens. Returns ``{"round": id, "entrants": {side: entrant id}, "papers": [[marks] …]}``."""
    db = Database.open(url, FixedClock(at))
    db.principal = demo.DEMO_MAKER  # the demo is made by the app; the stations then sign in as people
    try:
        with db.uow() as uow:
            demo.load_demo(uow, db.document_store())  # with its applicants: 2026/04 is screened
        with db.uow() as uow:
            competition_id = next(r.id for r in competitions.list_competitions(uow) if r.number == "2026/04")
            round_id = voting.open_session(uow, competition_id, demo.demo_session(uow, competition_id, present))
        with db.uow() as uow:
            entrants = {e.side.value: e.id for e in voting.get_round(uow, round_id).session.entrants}
    finally:
        db.close()
    return {
        "round": round_id,
        "entrants": entrants,
        "papers": [list(p) for p in demo.papers_from_votes(demo.FIRST_ROUND_VOTES, present)],
    }


#: the demo's accounts that enter each side's papers (``services.demo.DEMO_ACCOUNTS``)
STATION_LOGINS = {Side.SECRETARIAT: "secretary", Side.COUNTING: "counter"}


def sign_in_station(db: Database, round_id: int, side: Side) -> int:
    """The entry station of ``side`` signed in as a person does it: the demo's account of that side signs in to the
    app with its password, then to the round's entry station (its password again: ``voting.unlock`` checks the
    account is the session's entrant for the side and holds the side's role). Returns the entrant's id."""
    login = STATION_LOGINS[side]
    password = next(account[1] for account in demo.DEMO_ACCOUNTS if account[0] == login)
    with db.uow() as uow:
        db.principal = accounts.sign_in(uow, login, password)
    with db.uow() as uow:
        entrant = next(e.id for e in voting.get_round(uow, round_id).session.entrants if e.side is side)
    db.run(voting.unlock, round_id, entrant, password)
    return entrant


def _agreed(db: Database, round_id: int) -> int:
    with db.uow() as uow:
        return len(voting.round_progress(uow, round_id).reconciliation.agreed)


def enter(url: str, round_id: int, side: Side, papers: list[list[int]], reverse: bool, timeout: float, at: str) -> int:
    db = Database.open(url, FixedClock(dt.datetime.fromisoformat(at)))
    entrant = sign_in_station(db, round_id, side)
    order = list(enumerate(papers, start=1))
    if reverse:
        order.reverse()
    others_seen: list[int] = []  # serials of the other side this station's own list ever showed: must stay empty
    with ChangeListener(url, db.sender) as listener:
        say(event="ready", side=side.value)
        entered: list[int] = []
        for serial, marks in order:
            db.run(voting.record_entry, round_id, entrant, serial, marks)
            entered.append(serial)
            own = [s for s, _marks in db.run(voting.own_entries, round_id, side).value]
            others_seen += [s for s in own if s not in entered]
        start = time.monotonic()
        agreed = _agreed(db, round_id)
        while agreed < len(papers) and time.monotonic() - start < timeout:
            if any(Area.BALLOTS in found.areas for found in listener.wait(1.0)):  # the other side's papers
                agreed = _agreed(db, round_id)
        say(
            event="done",
            side=side.value,
            entered=len(entered),
            own_list_exact=not others_seen,
            agreed=agreed,
            waited=round(time.monotonic() - start, 3),
        )
    db.close()
    return 0 if agreed == len(papers) and not others_seen else 1


def project(url: str, round_id: int, expected: int, timeout: float, at: str) -> int:
    """Follow the round as the projector window does: the round once, then its progress after each notice of
    papers (``voting.round_progress`` applied to the view, as the voting page does)."""
    db = Database.open(url, FixedClock(dt.datetime.fromisoformat(at)))
    db.principal = Principal(None, "projector", "Projector", frozenset({Role.OBSERVER}))
    seen: list[int] = []
    with ChangeListener(url, db.sender) as listener:
        with db.uow() as uow:  # read after LISTEN: nothing committed in between is missed
            view = voting.get_round(uow, round_id)
        state = projector_state(view, "")
        say(event="ready", agreed=state.ballots_agreed)
        start = time.monotonic()
        while state.ballots_agreed < expected and time.monotonic() - start < timeout:
            for found in listener.wait(1.0):
                received = time.time()
                if Area.BALLOTS not in found.areas:
                    continue
                with db.uow() as uow:
                    view = voting.round_progress(uow, round_id).applied_to(view)
                state = projector_state(view, "")
                if not seen or seen[-1] != state.ballots_agreed:
                    seen.append(state.ballots_agreed)
                say(event="shown", received=received, shown=time.time(), agreed=state.ballots_agreed)
        say(event="done", agreed=state.ballots_agreed, entered=state.ballots_entered_once, steps=seen)
    db.close()
    return 0 if state.ballots_agreed == expected else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    entering = commands.add_parser("enter")
    entering.add_argument("url")
    entering.add_argument("round", type=int)
    entering.add_argument("side", choices=[s.value for s in Side])
    entering.add_argument("papers", help="JSON list of each paper's marks, paper 1 first")
    entering.add_argument("--reverse", action="store_true", help="enter the last paper first")
    projecting = commands.add_parser("project")
    projecting.add_argument("url")
    projecting.add_argument("round", type=int)
    projecting.add_argument("expected", type=int)
    for command in (entering, projecting):
        command.add_argument("--timeout", type=float, default=120.0)
        command.add_argument("--at", default=DEFAULT_AT)
    args = parser.parse_args(argv)
    if args.command == "enter":
        return enter(
            args.url, args.round, Side(args.side), json.loads(args.papers), args.reverse, args.timeout, args.at
        )
    return project(args.url, args.round, args.expected, args.timeout, args.at)


if __name__ == "__main__":
    sys.exit(main())

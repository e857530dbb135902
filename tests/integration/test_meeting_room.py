"""A meeting room of several machines on one PostgreSQL server: two entry stations and a projector, each a process
of its own (``tools/meeting_station.py``), enter and follow one round; the round is checked afterwards.

Runs when OSGO_TEST_POSTGRES_URL names a database this test may empty (``.ci/run`` starts a server and sets it);
skipped otherwise. The waits are generous: how long a paper takes to reach the other machine is measured in
``bench/bench_remote_paper.py``, not asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from osgo_desktop.changes import Area, Changes
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import competitions, demo, voting
from osgo_desktop.services.voting import PaperCounts
from osgo_desktop.storage.listen import ChangeListener
from osgo_desktop.storage.uow import Database
from osgo_desktop.storage.versions import ChangedMeanwhile
from tests.conftest import empty_postgres, pinned_clock

URL = os.environ.get("OSGO_TEST_POSTGRES_URL", "")
pytestmark = pytest.mark.skipif(not URL, reason="OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")

ROOT = Path(__file__).resolve().parents[2]
STATION = ROOT / "tools" / "meeting_station.py"
#: how long a process may take for its part (start-up included): generous, a loaded CI machine is slow
TIMEOUT = 120


@pytest.fixture
def empty_server(home: Path) -> Iterator[str]:
    yield empty_postgres(URL)


def _open(url: str) -> Database:
    return Database.open(url, pinned_clock())


def test_a_commit_is_heard_by_the_other_processes_and_a_rollback_is_not(empty_server: str) -> None:
    here, there = _open(empty_server), _open(empty_server)
    try:
        with here.uow() as uow:
            demo.load_demo(uow)
        with ChangeListener(empty_server, there.sender) as listener, ChangeListener(empty_server, here.sender) as own:
            with here.uow() as uow:
                competition = competitions.list_competitions(uow)[0]
                row = uow.competitions.require(competition.id)
                row.notes = "read by the other machine"
                uow.commit()
            heard = [found for found in listener.wait(5.0)]
            assert len(heard) == 1
            assert heard[0] == Changes(frozenset({Area.COMPETITIONS}), frozenset({competition.id}))
            assert list(own.wait(0.5)) == []  # a process's own commits: it told its screens already
            with here.uow() as uow:  # written, flushed, never committed
                uow.competitions.require(competition.id).notes = "never saved"
                uow.session.flush()
            assert list(listener.wait(0.5)) == []
    finally:
        here.close()
        there.close()


def test_two_machines_saving_one_record_at_once_cannot_both_win(empty_server: str) -> None:
    one, other = _open(empty_server), _open(empty_server)
    try:
        with one.uow() as uow:
            demo.load_demo(uow)
        with one.uow(actor="A (a)") as first, other.uow(actor="B (b)") as second:
            competition_id = competitions.list_competitions(first)[0].id
            first.competitions.require(competition_id).notes = "first"
            second.competitions.require(competition_id).notes = "second"
            first.commit()
            with pytest.raises(ChangedMeanwhile):
                second.commit()
        with other.uow() as uow:
            assert competitions.get_competition(uow, competition_id).notes == "first"
        assert other.check_audit().ok
    finally:
        one.close()
        other.close()


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(STATION), *args, "--timeout", str(TIMEOUT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=os.environ.copy(),
    )


def _ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert json.loads(line)["event"] == "ready", line + (process.stderr.read() if process.stderr else "")


def _finish(process: subprocess.Popen[str]) -> list[dict[str, Any]]:
    out, err = process.communicate(timeout=TIMEOUT + 60)
    assert process.returncode == 0, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_two_entry_stations_and_a_projector_share_one_round(empty_server: str) -> None:
    import datetime as dt

    sys.path.insert(0, str(STATION.parent))
    import meeting_station  # type: ignore[import-not-found]

    at = meeting_station.DEFAULT_AT
    room = meeting_station.open_round(empty_server, dt.datetime.fromisoformat(at))
    round_id, papers = room["round"], room["papers"]
    projector = _start("project", empty_server, str(round_id), str(len(papers)), "--at", at)
    _ready(projector)
    # the two sides enter at once, in opposite orders: each meets papers the other has already entered
    secretariat = _start("enter", empty_server, str(round_id), Side.SECRETARIAT.value, json.dumps(papers), "--at", at)
    counting = _start(
        "enter", empty_server, str(round_id), Side.COUNTING.value, json.dumps(papers), "--reverse", "--at", at
    )
    stations = [_finish(secretariat), _finish(counting)]
    shown = _finish(projector)

    for lines in stations:
        done = lines[-1]
        assert done["entered"] == len(papers) and done["agreed"] == len(papers)
        assert done["own_list_exact"]  # its own side's entries only, though the other side's were in the database
    steps = shown[-1]["steps"]
    assert steps[-1] == len(papers) and steps == sorted(steps)  # the projector followed to the last paper

    db = _open(empty_server)
    try:
        with db.uow() as uow:
            view = voting.get_round(uow, round_id)
            assert len(view.reconciliation.agreed) == len(papers)
            assert not view.reconciliation.disagreements and not view.reconciliation.single
            assert view.entered == {Side.SECRETARIAT: len(papers), Side.COUNTING: len(papers)}
            result = voting.close_round(uow, round_id, PaperCounts(issued=15, returned=15, unused=0))
        with db.uow() as uow:
            closed = voting.get_round(uow, round_id)
        votes = {closed.candidate(row.id).number: row.votes for row in result.tally if row.votes}
        assert votes == demo.FIRST_ROUND_VOTES  # every mark of every paper counted once
        assert result.tie is not None and len(result.elected) == 6
        assert db.check_audit().ok
    finally:
        db.close()

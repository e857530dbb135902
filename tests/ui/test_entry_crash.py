"""Crash safety: the entry process is killed (SIGKILL) in the middle of entering, and every ballot it confirmed
is in the database after a restart — nothing more, nothing less, and the file is sound."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from osgo_desktop.domain.voting import Side
from osgo_desktop.services import voting
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock
from tests.voting_support import SECRETARIAT_PIN, open_session

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_every_confirmed_ballot_survives_a_kill(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    path = full_demo_db.engine.url.database
    assert path is not None
    full_demo_db.close()
    driver = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.entry_driver", path, str(round_id), SECRETARIAT_PIN],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    confirmed: list[int] = []
    assert driver.stdout is not None
    try:
        for line in driver.stdout:
            if line.startswith("confirmed "):
                confirmed.append(int(line.split()[1]))
            if len(confirmed) == 8 or line.startswith("done"):
                driver.send_signal(signal.SIGKILL)  # mid-entry: the ninth paper is being typed and saved
                break
    finally:
        driver.kill()
        _out, err = driver.communicate(timeout=30)
    assert driver.returncode == -signal.SIGKILL, err
    assert confirmed == list(range(1, 9)), err

    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reopened = Database.open(f"sqlite:///{path}", pinned_clock())
    try:
        with reopened.uow() as uow:
            saved = voting.own_entries(uow, round_id, Side.SECRETARIAT)
    finally:
        reopened.close()
    serials = [serial for serial, _marks in saved]
    # Every confirmed paper is there, in order; papers saved after the last line was read (the pipe lags the
    # kill) are whole too: the saved ones are exactly 1..k, no gap, no half-written row.
    assert serials[: len(confirmed)] == confirmed and serials == list(range(1, len(serials) + 1))
    assert all(marks == (serial % 12 + 1,) for serial, marks in saved), json.dumps(saved)

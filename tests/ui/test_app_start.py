"""The real program, started as a user starts it: the demo made on first use, a bad database refused clearly."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def start(home: Path, *args: str, when: str = "ready") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, OSGO_HOME=str(home), OSGO_EXIT_WHEN=when, QT_QPA_PLATFORM="offscreen")
    env.update(OSGO_USER="admin", OSGO_PASSWORD="osgo-admin-2026")  # the demo's account: no sign-in form
    return subprocess.run(
        [sys.executable, "-m", "ui.app", *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.slow
def test_the_demo_is_made_on_first_use_and_kept_apart(tmp_path: Path) -> None:
    result = start(tmp_path, "--demo", "--lang", "ky")
    assert result.returncode == 0, result.stderr
    assert "OSGO_EXIT_WHEN" in result.stdout
    demo = tmp_path / "data" / "demo.sqlite"
    with sqlite3.connect(demo) as connection:
        assert connection.execute("SELECT count(*) FROM competition").fetchone() == (4,)
    assert not (tmp_path / "data" / "osgo.sqlite").exists()  # real data is never touched by the demo
    log = (tmp_path / "log" / "osgo-desktop.log").read_text(encoding="utf-8")
    assert "started on sqlite" in log


@pytest.mark.slow
def test_a_file_that_is_no_database_is_refused_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database " * 200)
    result = start(tmp_path, "--db", f"sqlite:///{bad}", "--lang", "en")
    assert result.returncode == 2
    log = (tmp_path / "log" / "osgo-desktop.log").read_text(encoding="utf-8")
    assert "cannot open the database" in log and "Traceback" not in log
    assert bad.read_text().startswith("not a database")

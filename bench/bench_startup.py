"""Cold start to the main window shown, with 200 competitions, against a bare PySide6 window in the same run;
and the time to render the announcement PDF.

    python bench/bench_startup.py [--runs N]

Every start is a whole process (interpreter, imports, window shown, quit), timed the same way, so the ratio says
what OSGO Desktop adds on top of Qt itself. Goal: at most 1.5x. Two figures: the main window on screen (the
database opens in the background after it), and the window listing the 200 competitions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_WINDOW = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1200, 760)
window.show()
def mark():
    print("OSGO_EXIT_WHEN", f"{time.time():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, mark)
app.exec()
"""


def make_database(home: Path, count: int) -> str:
    os.environ["OSGO_HOME"] = str(home)
    from osgo_desktop.clock import SystemClock
    from osgo_desktop.domain.competition import CompetitionDraft
    from osgo_desktop.domain.profile import Kind, Variant
    from osgo_desktop.services import competitions, demo
    from osgo_desktop.storage.quick import sqlite_url
    from osgo_desktop.storage.uow import Database

    url = sqlite_url(home / "bench.sqlite")
    db = Database.open(url, SystemClock())  # the app under test runs on the computer's clock too
    with db.uow() as uow:
        demo.load_demo(uow)
    today = db.clock.today()
    with db.uow() as uow:
        for i in range(count - 3):
            draft = CompetitionDraft(
                Kind.COUNCIL,
                Variant.REGULAR,
                body_id=1 + i % 6,
                seats=7 + i % 9,
                term_years=2,
                expiry_date=today + dt.timedelta(days=30 + i),
                intake_address="Бишкек, Чүй пр., 205",
            )
            competition_id = competitions.create_competition(uow, draft)
            if i % 3 == 0:
                competitions.announce(uow, competition_id, today - dt.timedelta(days=i % 40), "«Кабар»")
    db.close()
    return url


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to the moment it marks (the window shown, or the data listed)."""
    start = time.time()
    result = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    marks = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("OSGO_EXIT_WHEN ")]
    if not marks:
        raise SystemExit(f"no start-up mark from {command}: {result.stderr[-2000:]}")
    return float(marks[0]) - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="osgo-bench-"))
    url = make_database(home, 200)
    env = dict(os.environ, OSGO_HOME=str(home))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    app_cmd = [sys.executable, "-m", "ui.app", "--db", url]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    shown_env = dict(env, OSGO_EXIT_WHEN="shown")  # the main window on screen (the database still opening)
    ready_env = dict(env, OSGO_EXIT_WHEN="ready")  # the 200 competitions listed in it
    for command, environment in ((app_cmd, ready_env), (bare_cmd, env)):  # warm the file cache and bytecode
        timed(command, environment)
    shown, ready, bare = [], [], []
    for _ in range(args.runs):  # interleaved, so drift of the machine hits all alike
        shown.append(timed(app_cmd, shown_env))
        ready.append(timed(app_cmd, ready_env))
        bare.append(timed(bare_cmd, env))
    base = statistics.median(bare)
    for label, times in (("main window shown", shown), ("200 competitions listed", ready)):
        value = statistics.median(times)
        print(
            f"start-up to {label}: {value * 1000:.0f} ms; bare PySide6 window: {base * 1000:.0f} ms; "
            f"ratio {value / base:.2f}x (goal <= 1.5x), median of {args.runs}"
        )

    from osgo_desktop.clock import SystemClock
    from osgo_desktop.reports.announcement import announcement_pdf
    from osgo_desktop.services import competitions
    from osgo_desktop.storage.uow import Database

    db = Database.open(url, SystemClock())
    with db.uow() as uow:
        detail = competitions.get_competition(uow, 1)
    today = db.clock.today()
    announcement_pdf(detail, "ky", today)  # fonts registered once per process
    runs = []
    for lang in ("ky", "ru") * 5:
        start = time.perf_counter()
        announcement_pdf(detail, lang, today)
        runs.append(time.perf_counter() - start)
    db.close()
    print(f"announcement PDF: {statistics.median(runs) * 1000:.0f} ms median of {len(runs)} (ky and ru)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

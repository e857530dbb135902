"""Cold start to the main window shown, with 200 competitions, against a bare PySide6 window in the same run;
and the time to render the announcement PDF.

    python bench/bench_startup.py [--runs N] [--offscreen]

Every start is a whole process (interpreter, imports, window shown, quit), timed the same way, so the ratio says
what OSGO Desktop adds on top of Qt itself. Two figures (issue 11): the main window on screen (the database opens
in the background after it), goal at most 1.3x; and the window listing the 200 competitions, goal at most 2x.

The windows are shown on an X server (Qt's xcb platform): the display in DISPLAY, or else the bench runs itself
again under ``xvfb-run``; ``--offscreen`` (or QT_QPA_PLATFORM set) uses that platform instead. The first start of
each kind warms the file cache and writes the bytecode (kept, as an installed app keeps it), and is not timed; the
app's one also checks that its "ready" mark comes with the 200 competitions in a view, so the second figure
measures what it says.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: this checkout: the database is made and the app started from its code, not from an installed copy
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


COMPETITIONS = 200
#: seconds a start may take before the bench gives up (a modal dialog would otherwise wait for ever)
TIMEOUT = 120


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
        made = len(competitions.list_competitions(uow))
        for i in range(count - made):
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
        assert len(competitions.list_competitions(uow)) == count
    db.close()
    return url


#: the app as ``python -m ui.app`` starts it, but its "ready" mark first prints the most rows a view holds
CHECKED_APP = """
import sys
import shiboken6
from PySide6.QtWidgets import QAbstractItemView
import ui.app
mark = ui.app._benchmark_mark
def counted(app, clock):
    views = [view for window in app.topLevelWidgets() for view in window.findChildren(QAbstractItemView)]
    models = [view.model() for view in views if shiboken6.isValid(view)]  # a popup's view may be gone already
    print("OSGO_ROWS", max((model.rowCount() for model in models if model is not None), default=0))
    mark(app, clock)
ui.app._benchmark_mark = counted
sys.exit(ui.app.main(sys.argv[1:]))
"""


def check_ready_lists(url: str, env: dict[str, str], count: int) -> None:
    """Fail unless the app's "ready" mark comes when a view lists the ``count`` competitions."""
    result = subprocess.run(
        [sys.executable, "-c", CHECKED_APP, "--db", url],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    rows = [int(line.split()[1]) for line in result.stdout.splitlines() if line.startswith("OSGO_ROWS ")]
    if not rows or rows[0] < count:
        raise SystemExit(
            f"the app marked 'ready' with {rows[0] if rows else 'no'} rows in its views, not the {count} "
            "competitions: the second figure would not measure the list (move the mark in ui/app.py)"
        )


def display_env(offscreen: bool) -> dict[str, str]:
    """The environment the windows are shown in (with no display, the bench first runs itself under xvfb-run)."""
    env = dict(os.environ)
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    elif "QT_QPA_PLATFORM" not in env:
        if not env.get("DISPLAY"):
            xvfb_run = shutil.which("xvfb-run")
            if xvfb_run is None:
                raise SystemExit("no DISPLAY and no xvfb-run: install Xvfb, or pass --offscreen")
            screen = "-screen 0 1600x1000x24"
            os.execv(xvfb_run, [xvfb_run, "-a", "-s", screen, sys.executable, *sys.argv])
        env["QT_QPA_PLATFORM"] = "xcb"
    return env


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to the moment it marks (the window shown, or the data listed)."""
    start = time.time()
    result = subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, text=True, timeout=TIMEOUT)
    marks = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("OSGO_EXIT_WHEN ")]
    if not marks:
        raise SystemExit(f"no start-up mark from {command}: {result.stderr[-2000:]}")
    return float(marks[0]) - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--offscreen", action="store_true", help="Qt's offscreen platform instead of an X server")
    args = parser.parse_args()
    shown_on = display_env(args.offscreen)
    home = Path(tempfile.mkdtemp(prefix="osgo-bench-"))
    url = make_database(home, COMPETITIONS)
    env = dict(shown_on, OSGO_HOME=str(home), PYTHONPYCACHEPREFIX=str(home / "pycache"))
    # Bytecode cached, as an installed app has it: with PYTHONDONTWRITEBYTECODE (set in some shells) every start
    # would compile the whole app, while the bare window has nothing to compile.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"platform {env['QT_QPA_PLATFORM']} (DISPLAY {env.get('DISPLAY', '-')}); {COMPETITIONS} competitions")
    app_cmd = [sys.executable, "-m", "ui.app", "--db", url]
    bare_cmd = [sys.executable, "-c", BARE_WINDOW]
    shown_env = dict(env, OSGO_EXIT_WHEN="shown")  # the main window on screen (the database still opening)
    ready_env = dict(env, OSGO_EXIT_WHEN="ready")  # the 200 competitions listed in it
    check_ready_lists(url, ready_env, COMPETITIONS)  # also warms the file cache and bytecode
    timed(bare_cmd, env)
    shown, ready, bare = [], [], []
    for _ in range(args.runs):  # interleaved, so drift of the machine hits all alike
        shown.append(timed(app_cmd, shown_env))
        ready.append(timed(app_cmd, ready_env))
        bare.append(timed(bare_cmd, env))
    base = statistics.median(bare)
    for label, times, goal in (
        ("main window shown", shown, 1.3),
        (f"{COMPETITIONS} competitions listed", ready, 2.0),
    ):
        value = statistics.median(times)
        print(
            f"start-up to {label}: {value * 1000:.0f} ms; bare PySide6 window: {base * 1000:.0f} ms; "
            f"ratio {value / base:.2f}x (goal <= {goal}x), median of {args.runs}"
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

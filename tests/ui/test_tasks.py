"""The one way to run slow work: results and errors come back on the GUI thread, and nothing is missed."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from ui.tasks import Cancelled, Progress, TaskRunner


def test_a_job_quicker_than_the_caller_still_reaches_what_the_caller_connects(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()

    def instant(_progress: Progress) -> int:
        started.set()
        return 42

    task = runner.run(instant)
    # However slow the GUI thread is to connect, the job has not begun yet: it starts in the event loop.
    QThread.msleep(50)
    assert not started.is_set()
    seen: list[object] = []
    task.finished.connect(seen.append)
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert seen == [42] and not runner.busy


def test_a_job_cancelled_before_it_begins_says_so(qtbot: QtBot) -> None:
    runner = TaskRunner()
    ran = threading.Event()
    task = runner.run(lambda _progress: ran.set())
    failures: list[BaseException] = []
    task.failed.connect(failures.append)
    runner.cancel_all()
    with qtbot.waitSignal(task.done, timeout=5000):
        pass
    assert not ran.is_set() and len(failures) == 1 and isinstance(failures[0], Cancelled)

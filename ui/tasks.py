"""The one way to run slow work off the GUI thread: progress, cancel, and results delivered on the GUI thread.

A task is a plain function ``fn(progress) -> result`` that runs in Qt's global thread pool; ``progress`` is a
:class:`Progress` it may call to report a fraction and a message, and that raises :class:`Cancelled` once the user
cancelled. Finished, failed and progress signals arrive on the GUI thread (queued connections), so a slot may touch
widgets. A task never touches a widget itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task by :meth:`Progress.__call__` once the task was cancelled."""


class Progress:
    """Handed to a task function: ``progress(0.5, "half way")``; checks for cancellation each time."""

    def __init__(self, task: Task) -> None:
        self._task = task

    def __call__(self, fraction: float, message: str = "") -> None:
        if self._task.is_cancelled():
            raise Cancelled
        self._task.progressed.emit(max(0.0, min(1.0, fraction)), message)

    @property
    def cancelled(self) -> bool:
        return self._task.is_cancelled()


class Task(QObject):
    """One background job. Signals:

    * ``progressed(float, str)`` — a fraction done and a message;
    * ``finished(object)`` — the function's result;
    * ``failed(BaseException)`` — the exception it raised (``Cancelled`` when cancelled);
    * ``done()`` — after either of the two, always.
    """

    progressed = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)
    done = Signal()

    def __init__(self, fn: Callable[[Progress], Any], name: str = "") -> None:
        super().__init__()
        self.fn = fn
        self.name = name or getattr(fn, "__name__", "task")
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run(self) -> None:
        try:
            result = self.fn(Progress(self))
        except BaseException as exc:  # delivered to the GUI thread, which decides; nothing is swallowed
            if not isinstance(exc, Cancelled):
                log.debug("task %s failed", self.name, exc_info=exc)
            self.failed.emit(exc)
        else:
            self.finished.emit(result)
        finally:
            self.done.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task._run()


class TaskRunner(QObject):
    """Starts tasks and keeps them alive until they are done. Signal ``busy_changed(bool)``."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_finished: Callable[[Any], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        name: str = "",
    ) -> Task:
        task = Task(fn, name)
        # The task object lives on the GUI thread: its signals, emitted from the worker, are queued to here.
        if on_finished is not None:
            task.finished.connect(on_finished)
        if on_failed is not None:
            task.failed.connect(on_failed)
        if on_progress is not None:
            task.progressed.connect(on_progress)
        task.done.connect(lambda: self._forget(task))
        self._running.add(task)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        # Started when control is back in the event loop, not now: the caller may still connect to the task's
        # signals (``done``, ``failed``), and a job quick enough to end before those connections existed would
        # leave its button disabled for good.
        QTimer.singleShot(0, self, lambda: self._start(task))
        return task

    def _start(self, task: Task) -> None:
        if task.is_cancelled():  # cancelled before it began: say so, as a started job would
            task.failed.emit(Cancelled())
            task.done.emit()
            return
        self._pool.start(_Runnable(task))

    def _forget(self, task: Task) -> None:
        self._running.discard(task)
        if not self._running:
            self.busy_changed.emit(False)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def cancel_all(self) -> None:
        for task in list(self._running):
            task.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is idle (at shutdown only)."""
        return bool(self._pool.waitForDone(msecs))

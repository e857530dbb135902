"""Live updates from the other workstations of a server database: a thread that listens for the change notices
other processes' commits send (``osgo_desktop.storage.listen``) and hands them to the GUI thread.

Not a task of ``ui.tasks``: it lives as long as the database is open, mostly waiting on its socket, and must not hold
one of the thread pool's workers. When the server connection drops it says so, tries again every few seconds, and
once back asks every screen to reload (notices sent while it was away are lost).
"""

from __future__ import annotations

import logging
import threading
from typing import Final

import psycopg
from PySide6.QtCore import QThread, Signal

from osgo_desktop.changes import Changes
from osgo_desktop.storage.listen import ChangeListener

log = logging.getLogger(__name__)

#: how long one wait for a notice lasts: how soon the thread notices it is asked to stop
WAIT_SECONDS: Final = 0.5
#: how long to wait before connecting again after the server connection dropped
RETRY_SECONDS: Final = 3.0


class LiveChanges(QThread):
    """Listens on its own connection to the server. Signals, delivered on the GUI thread:

    * ``changed(Changes)`` — another process committed these changes;
    * ``connection_lost()`` — the server cannot be reached; it keeps trying;
    * ``connection_restored()`` — connected again (and ``changed`` with everything follows).
    """

    changed = Signal(object)
    connection_lost = Signal()
    connection_restored = Signal()

    def __init__(self, listener: ChangeListener) -> None:
        super().__init__()
        self.listener = listener
        self._stop = threading.Event()
        #: set once the first connection is made (a test waits for it before writing)
        self.listening = threading.Event()

    def stop(self) -> None:
        """Ask the thread to end and wait for it (at most one wait)."""
        self._stop.set()
        self.wait()

    def run(self) -> None:
        listener = self.listener
        lost = False
        try:
            while not self._stop.is_set():
                try:
                    if not listener.connected:
                        listener.connect()
                        self.listening.set()
                        if lost:
                            lost = False
                            self.connection_restored.emit()
                            self.changed.emit(Changes.everything())
                    for found in listener.wait(WAIT_SECONDS):
                        self.changed.emit(found)
                except psycopg.Error as exc:
                    listener.close()
                    if not lost:
                        lost = True
                        log.warning("the change notices stopped: %s", exc)
                        self.connection_lost.emit()
                    self._stop.wait(RETRY_SECONDS)
        finally:  # however the thread ends, its server session ends with it
            listener.close()

"""What every page and dialog of the app shares: the open database, settings, the task runner, the language."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from osgo_desktop import i18n
from osgo_desktop.errors import KnownError, ValidationError
from ui import settings as S
from ui.settings import Settings
from ui.tasks import Cancelled, Progress, Task, TaskRunner
from ui.widgets.forms import FormDialog

if TYPE_CHECKING:
    from osgo_desktop.clock import Clock
    from osgo_desktop.storage.documents import DocumentStore
    from osgo_desktop.storage.uow import Database

log = logging.getLogger(__name__)


class AppContext(QObject):
    """Signals: ``language_changed(str)`` after the UI language changed; ``data_changed()`` after a user action
    saved something (pages reload what they show); ``database_opened()`` once :meth:`attach` gave it a database
    (the app opens it in the background, after the window is shown)."""

    language_changed = Signal(str)
    data_changed = Signal()
    database_opened = Signal()

    def __init__(self, db: Database | None, settings: Settings, clock: Clock, demo: bool = False) -> None:
        super().__init__()
        self._db = db
        self.settings = settings
        #: the time for the pages and dialogs; the database the app opens is given the same clock
        self.clock = clock
        self.demo = demo
        self.tasks = TaskRunner(self)
        #: set by the app: shows an unexpected error (a bug) with its details
        self.bug_handler: Callable[[BaseException], None] = lambda exc: log.error("bug", exc_info=exc)
        #: set by the main window: shows an expected error's message
        self.message_handler: Callable[[str, QWidget | None], None] = lambda text, parent: log.warning(text)
        i18n.add_language_listener(self._on_language_set)

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("the database is not open yet")
        return self._db

    def document_store(self) -> DocumentStore:
        """The open database's document store, with the size limit the settings give."""
        return self.db.document_store(max_bytes=self.settings.get(S.DOCUMENT_MAX_MB) * 1024 * 1024)

    @property
    def has_database(self) -> bool:
        return self._db is not None

    def attach(self, db: Database) -> None:
        self._db = db
        self.database_opened.emit()

    def _on_language_set(self, lang: str) -> None:
        self.language_changed.emit(lang)

    def set_language(self, lang: str) -> None:
        self.settings.set(S.LANGUAGE, lang)
        i18n.set_language(lang)

    def report(self, exc: BaseException, parent: QWidget | None = None) -> None:
        """Show an error: a known one as its message, anything else as a bug."""
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, KnownError):
            self.message_handler(str(exc), parent)
        else:
            self.bug_handler(exc)

    def open_form(
        self,
        dialog: FormDialog,
        save: Callable[[Any], Any],
        saved: Callable[[Any], None] | None = None,
    ) -> FormDialog:
        """Open ``dialog`` (non-blocking). When the user submits, ``save(value)`` runs — a service call with its
        own unit of work; a :class:`ValidationError` goes back next to the form's fields, anything else is
        reported, and nothing typed is lost. On success the form closes, ``data_changed`` is emitted and
        ``saved(result)`` runs."""

        def on_submitted(value: object) -> None:
            try:
                result = save(value)
            except ValidationError as exc:
                dialog.show_errors(exc.errors)
                return
            except Exception as exc:
                dialog.show_errors({})
                self.report(exc, dialog)
                return
            dialog.accept()
            self.data_changed.emit()
            if saved is not None:
                saved(result)

        dialog.submitted.connect(on_submitted)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def run(
        self,
        fn: Callable[[Progress], Any],
        on_finished: Callable[[Any], None],
        parent: QWidget | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        name: str = "",
    ) -> Task:
        """Run ``fn`` in the background; its errors are reported like any other."""
        return self.tasks.run(fn, on_finished, lambda exc: self.report(exc, parent), on_progress, name)

    def close(self) -> None:
        i18n.remove_language_listener(self._on_language_set)
        self.tasks.cancel_all()
        self.tasks.wait()
        if self._db is not None:
            self._db.close()

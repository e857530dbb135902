"""What every page and dialog of the app shares: the open database, settings, the task runner, the language."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from osgo_desktop import i18n
from osgo_desktop.changes import Area, Changes, Done
from osgo_desktop.domain import roles
from osgo_desktop.domain.roles import Action, Principal
from osgo_desktop.errors import KnownError, ValidationError
from ui import settings as S
from ui.settings import Settings
from ui.tasks import Cancelled, Progress, Task, TaskRunner

if TYPE_CHECKING:
    from osgo_desktop.clock import Clock
    from osgo_desktop.domain.roles import Principal
    from osgo_desktop.storage.documents import DocumentStore
    from osgo_desktop.storage.uow import Database, UnitOfWork
    from ui.live import LiveChanges  # loads psycopg: only for a server database
    from ui.widgets.forms import FormDialog  # a form's module loads with the first form, not at start-up

log = logging.getLogger(__name__)
R = TypeVar("R")
P = ParamSpec("P")


def alive(widget: QWidget | None) -> bool:
    """Whether ``widget`` (None: no widget asked for) can still be shown in: not deleted since a task started."""
    return widget is None or shiboken6.isValid(widget)


class AppContext(QObject):
    """Signals: ``language_changed(str)`` after the UI language changed; ``changed(Changes)`` after a use case
    committed something — which areas of which competitions (each page reloads only what it shows, see
    :class:`Reloader`), its own or — on a server database — another workstation's (``ui.live``);
    ``database_opened()`` once :meth:`attach` gave it a database (the app opens it in the background, after the
    window is shown); ``principal_changed()`` after someone signed in or out (File » Sign out);
    ``server_connection_changed(bool)`` when the live updates from a server database stopped (False: the server
    cannot be reached, they are tried again) or came back (True).

    Use cases are called through :meth:`call` (now, on the GUI thread: quick reads and saves) or :meth:`op` (in the
    background, with progress): the UI never opens a unit of work itself."""

    language_changed = Signal(str)
    changed = Signal(object)
    database_opened = Signal()
    #: someone signed in or out (:meth:`set_principal`): the guarded menus and buttons follow their roles
    principal_changed = Signal()
    server_connection_changed = Signal(bool)

    def __init__(self, db: Database | None, settings: Settings, clock: Clock, demo: bool = False) -> None:
        super().__init__()
        self._db = db
        self.settings = settings
        #: the time for the pages and dialogs; the database the app opens is given the same clock
        self.clock = clock
        self.demo = demo
        self.tasks = TaskRunner(self)
        #: what the other workstations of a server database commit, as it happens (None: a SQLite file)
        self.live: LiveChanges | None = None
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
        self._stop_live()
        self._db = db
        from osgo_desktop.storage.listen import ChangeListener, listens  # loads SQLAlchemy: not at start-up

        if listens(db.engine.url):
            from ui.live import LiveChanges

            self.live = LiveChanges(ChangeListener(db.engine.url, db.sender))
            self.live.changed.connect(self._heard)
            self.live.connection_lost.connect(lambda: self.server_connection_changed.emit(False))
            self.live.connection_restored.connect(lambda: self.server_connection_changed.emit(True))
            self.live.start()
        self.database_opened.emit()

    @property
    def principal(self) -> Principal | None:
        """The signed-in person the open database acts for (None: nobody, or no database yet)."""
        return self._db.principal if self._db is not None else None

    def set_principal(self, principal: Principal | None) -> None:
        """Act for ``principal`` from now on (signing in or out); the guarded menus and buttons follow."""
        self.db.principal = principal
        self.principal_changed.emit()

    def may(self, *actions: Action) -> bool:
        """Whether the signed-in person may carry out every one of ``actions`` (what to offer; the use case checks
        again)."""
        return all(roles.allowed(self.principal, action) for action in actions)

    def guard(self, target: QWidget | QAction, *actions: Action) -> None:
        """Keep ``target`` — a menu action or a button that carries out ``actions`` — disabled, with a tooltip naming
        the role needed, while the signed-in person may not carry them out (``ui.guards``)."""
        from ui.guards import Guard

        guard = Guard(target, actions, lambda: self.principal)
        self.principal_changed.connect(guard.apply)
        self.database_opened.connect(guard.apply)
        self.language_changed.connect(guard.apply)

    def _heard(self, changes: Changes) -> None:
        """Changes another workstation committed: passed on while their listener is the database's (a notice queued
        before the database was closed or replaced would make the pages read the closed one)."""
        if self.live is not None and self.sender() is self.live:
            self.announce(changes)

    def _stop_live(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None

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

    def call(self, use_case: Callable[Concatenate[UnitOfWork, P], R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run a quick use case now, in its own unit of work; tell the pages what it changed; return its result.
        Its errors are the caller's (a form shows a known one next to its fields)."""
        done = self.db.run(use_case, *args, **kwargs)
        self.announce(done.changes)
        return done.value

    def op(
        self,
        use_case: Callable[..., R],
        /,
        *args: Any,
        on_done: Callable[[R], None] | None = None,
        parent: QWidget | None = None,
        **kwargs: Any,
    ) -> Task:
        """Run a slow use case in the background (its own unit of work in a worker thread); then, on the GUI thread,
        tell the pages what it changed and call ``on_done(result)`` — unless ``parent`` was deleted meanwhile (a
        dialog closed while it loaded). A known error is shown as a message, anything else as a bug."""

        def work(_progress: Progress) -> Done[R]:
            return self.db.run(use_case, *args, **kwargs)

        def finished(done: Done[R]) -> None:
            self.announce(done.changes)
            if on_done is not None and alive(parent):  # a dialog closed meanwhile has nothing left to show it in
                on_done(done.value)

        def failed(exc: BaseException) -> None:
            self.report(exc, parent if alive(parent) else None)

        name = getattr(use_case, "__name__", "use case")
        return self.tasks.run(work, finished, failed, name=name)

    def announce(self, changes: Changes) -> None:
        """Tell the pages that ``changes`` were committed — here, or at another workstation of a server database
        (nothing happens for no changes)."""
        if changes:
            self.changed.emit(changes)

    def refresh_all(self) -> None:
        """Every page reloads (View ▸ Refresh: another workstation may have written)."""
        self.changed.emit(Changes.everything())

    def open_form(
        self,
        dialog: FormDialog,
        save: Callable[[Any], Any],
        saved: Callable[[Any], None] | None = None,
    ) -> FormDialog:
        """Open ``dialog`` (non-blocking). When the user submits, ``save(value)`` runs — a service call with its
        own unit of work through :meth:`call`; a :class:`ValidationError` goes back next to the form's fields,
        anything else is reported, and nothing typed is lost. On success the form closes and ``saved(result)``
        runs."""

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
            if saved is not None:
                saved(result)

        dialog.submitted.connect(on_submitted)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_form_op(
        self,
        dialog: FormDialog,
        use_case: Callable[..., R],
        arguments: Callable[[Any], tuple[Any, ...]],
        saved: Callable[[R], None] | None = None,
    ) -> FormDialog:
        """:meth:`open_form` for a slow save (one that issues papers): on submit, ``use_case(*arguments(value))``
        runs in the background as :meth:`op` runs it, while the form waits, greyed out. A
        :class:`ValidationError` goes back next to the form's fields, anything else is reported, and nothing typed
        is lost; on success the form closes and ``saved(result)`` runs (even if the form was closed meanwhile)."""
        from shiboken6 import isValid

        def waiting(on: bool) -> None:
            if isValid(dialog):
                dialog.setEnabled(not on)
                if on:
                    dialog.setCursor(Qt.CursorShape.WaitCursor)
                else:
                    dialog.unsetCursor()

        def finished(done: Done[R]) -> None:
            self.announce(done.changes)
            waiting(False)
            if isValid(dialog):
                dialog.accept()
            if saved is not None:
                saved(done.value)

        def failed(exc: BaseException) -> None:
            waiting(False)
            alive = isValid(dialog)
            if alive:
                dialog.show_errors(exc.errors if isinstance(exc, ValidationError) else {})
            if not isinstance(exc, ValidationError) or not alive:
                self.report(exc, dialog if alive else None)

        def on_submitted(value: object) -> None:
            args = arguments(value)

            def work(_progress: Progress) -> Done[R]:
                return self.db.run(use_case, *args)

            waiting(True)
            self.tasks.run(work, finished, failed, name=getattr(use_case, "__name__", "use case"))

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
        """Run ``fn`` — work that reads and writes no database (rendering, reading a file) — in the background; its
        errors are reported like any other. A use case goes through :meth:`op`."""
        return self.tasks.run(
            fn, on_finished, lambda exc: self.report(exc, parent if alive(parent) else None), on_progress, name
        )

    def close(self) -> None:
        i18n.remove_language_listener(self._on_language_set)
        self.tasks.cancel_all()
        self.tasks.wait()
        self._stop_live()
        if self._db is not None:
            self._db.close()


class Reloader(QObject):
    """Reloads a page when a committed change touches what it shows — at once while the page is on screen (or
    while the whole window is not, as in a test), otherwise the next time the page is shown."""

    def __init__(
        self,
        page: QWidget,
        ctx: AppContext,
        areas: Area | tuple[Area, ...],
        reload: Callable[[], None],
        competition: Callable[[], int | None] = lambda: None,
        shown_elsewhere: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(page)
        #: whether what the page shows is on screen elsewhere too (the voting page's projector window): then it
        #: reloads at once even while the page itself is hidden
        self.shown_elsewhere = shown_elsewhere
        self.page = page
        self.areas = (areas,) if isinstance(areas, Area) else areas
        self.reload = reload
        self.competition = competition
        #: a change arrived while the page was hidden: reload when it is shown
        self.stale = False
        #: what the reload running now is for (every change missed while hidden, joined): a page may reload less
        #: when only part of what it shows changed
        self.changes = Changes()
        self._missed = Changes()
        page.installEventFilter(self)
        ctx.changed.connect(self._on_ctx_changed)

    def _on_ctx_changed(self, changes: Changes) -> None:
        if not changes.touches(self.areas, self.competition()):
            return
        self._missed = self._missed | changes
        if self.page.isVisible() or not self.page.window().isVisible() or self.shown_elsewhere():
            self._reload()
        else:
            self.stale = True

    def _reload(self) -> None:
        self.stale = False
        self.changes, self._missed = self._missed, Changes()
        self.reload()

    def fresh(self) -> None:
        """The page was just loaded another way: nothing it missed needs a reload any more."""
        self.stale = False
        self._missed = Changes()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Show and self.stale:
            self._reload()
        return False

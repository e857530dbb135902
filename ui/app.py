"""The GUI's entry point: arguments, paths, logging, language, the global error hook, the database, the window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from importlib import resources
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from osgo_desktop import __version__, i18n, paths
from osgo_desktop.clock import Clock, SystemClock
from osgo_desktop.errors import KnownError
from osgo_desktop.fonts import font_file
from osgo_desktop.i18n import _
from osgo_desktop.storage.quick import default_url, sqlite_path
from ui import settings as S
from ui.context import AppContext
from ui.dialogs.errors import BugDialog
from ui.dialogs.sign_in import SignInFlow, sign_in_from_environment
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.widgets.sort_arrow import SortArrowStyle

if TYPE_CHECKING:
    from osgo_desktop.services.views import CompetitionRow
    from osgo_desktop.storage.audit import ChainReport
    from osgo_desktop.storage.chain_head import OpeningCheck, Restored
    from osgo_desktop.storage.uow import Database

log = logging.getLogger("osgo")

#: for the start-up benchmark: "shown" quits as soon as the main window is shown, "ready" once it shows the data;
#: either way the moment is printed as "OSGO_EXIT_WHEN <unix time>" on standard output
ENV_EXIT_WHEN = "OSGO_EXIT_WHEN"


def _benchmark_mark(app: QApplication, clock: Clock) -> None:
    print(f"{ENV_EXIT_WHEN} {clock.now().timestamp():.6f}", flush=True)
    app.quit()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="osgo-desktop", description=_("OSGO Desktop"))
    parser.add_argument("--version", action="version", version=f"osgo-desktop {__version__}")
    parser.add_argument(
        "--db", metavar="URL", help=_("database URL (default: the SQLite file in the user's data directory)")
    )
    parser.add_argument("--demo", action="store_true", help=_("open the demo database (made on first use)"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the interface"))
    return parser.parse_args(list(argv))


LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 3


def setup_logging() -> None:
    """Log to osgo-desktop.log in the log directory, starting a new file (keeping 3 old ones) when it is big."""
    root = logging.getLogger()
    if any(getattr(h, "_osgo", False) for h in root.handlers):
        return
    path = paths.log_dir() / "osgo-desktop.log"
    try:
        if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
            for index in range(LOG_BACKUPS - 1, 0, -1):
                older = path.with_name(f"{path.name}.{index}")
                if older.exists():
                    older.replace(path.with_name(f"{path.name}.{index + 1}"))
            path.replace(path.with_name(f"{path.name}.1"))
    except OSError:
        pass  # another instance is rotating it; keep appending
    handler = logging.FileHandler(path, encoding="utf-8")
    handler._osgo = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def load_fonts(app: QApplication) -> None:
    """The UI speaks Kyrgyz: use PT Sans, which has ң ө ү, whatever fonts the system has."""
    for style in ("Regular", "Bold"):  # the UI uses no italics; two files fewer to load at start-up
        QFontDatabase.addApplicationFont(str(font_file("PT Sans", style)))
    font = QFont("PT Sans")
    font.setPointSizeF(10.5)
    app.setFont(font)


def load_style(app: QApplication) -> None:
    """The app's look: sort arrows that point the way a reader expects, under the style sheet (which draws over
    the style). One place for both, so the tools' pictures look as the app does."""
    app.setStyle(SortArrowStyle())
    style = resources.files("resources").joinpath("style.qss")
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))


class QtTranslations:
    """Qt's own strings (the standard buttons, the file dialog, the text fields' context menus) in the UI language.

    Russian: Qt's catalogue, plus ``resources/qt/qtbase_extra_ru`` for the few strings it leaves in English (the
    file dialog's "Folder"). Kyrgyz: Qt has none; ``resources/qt/qtbase_ky`` translates the contexts the app shows
    (kept with tools/qt_catalog.py). English: Qt's own text. The default QLocale follows too (the calendar's month
    and day names)."""

    #: (catalogue, folder) in the order they are installed; Qt asks the last installed first
    CATALOGUES = (("qtbase", "qt"), ("qtbase", "app"), ("qtbase_extra", "app"))

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.translators: list[QTranslator] = []

    def apply(self, lang: str) -> None:
        for translator in self.translators:
            self.app.removeTranslator(translator)
        self.translators = []
        QLocale.setDefault(QLocale(lang))
        if lang == "en":
            return
        folders = {
            "qt": QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            "app": str(resources.files("resources").joinpath("qt")),
        }
        for name, folder in self.CATALOGUES:
            translator = QTranslator(self.app)
            if translator.load(f"{name}_{lang}", folders[folder]):
                self.app.installTranslator(translator)
                self.translators.append(translator)


def install_excepthook(ctx: AppContext) -> None:
    """Every exception no slot handled: a known one as its message, anything else logged and shown as a bug."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not isinstance(exc, KnownError):
            log.error("unexpected error", exc_info=(exc_type, exc, tb))
        ctx.report(exc.with_traceback(tb))

    sys.excepthook = hook


def show_bug(exc: BaseException) -> None:
    log.error("unexpected error", exc_info=exc)
    dialog = BugDialog(exc, QApplication.activeWindow())
    dialog.open()


def open_database(url: str, demo_wanted: bool, clock: Clock) -> Database:
    """Open (and if need be upgrade, and fill with the demo) the database; runs in the background."""
    # Imported here, in the worker: SQLAlchemy and the services load while the window is already on screen.
    import ui.pages.workspace  # noqa: F401  - warm the pages' imports off the GUI thread as well
    from osgo_desktop.services import demo
    from osgo_desktop.storage.uow import Database

    db = Database.open(url, clock)
    if db.opened.backup is not None:
        log.info("database upgraded from %s; backup at %s", db.opened.upgraded_from, db.opened.backup)
    if demo_wanted and db.run(demo.is_empty).value:
        signed_in, db.principal = db.principal, demo.DEMO_MAKER
        try:
            db.run(demo.load_demo, store=db.document_store())
        finally:
            db.principal = signed_in
    elif demo_wanted and url == default_url(demo=True) and db.run(demo.add_demo_accounts).value:
        # (only the demo's own file, made before accounts existed: never a database named with --db)
        log.info("the demo database had no accounts: the demo's accounts were added")
    if sign_in_from_environment(db) is not None:  # OSGO_USER and OSGO_PASSWORD: no sign-in form
        log.info("signed in as %s from the environment", db.principal.login if db.principal else "")
    return db


def remember_database(settings: Settings, url: str) -> None:
    """``url`` opened: the next start without --db comes back to it (``S.LAST_DATABASE``), and File » Connect lists
    it among the recent ones (a way back after connecting elsewhere) — never with a password, and a file by its
    whole path (``storage.connect.remembered``)."""
    from osgo_desktop.services.server import remembered  # loads SQLAlchemy: called once the database is open
    from ui.dialogs.connect import remember_connection

    kept = remembered(url)
    settings.set(S.LAST_DATABASE, kept)
    remember_connection(settings, kept)  # syncs the settings


def last_database(settings: Settings) -> str | None:
    """The database this computer worked on last, to open again; None when there is none, or when it was a file
    that is gone (opening it would make a new, empty one in its place), or an address this start cannot check
    without loading the database library (only a plain file or a PostgreSQL server is remembered)."""
    url = settings.get(S.LAST_DATABASE)
    if not url:
        return None
    path = sqlite_path(url)
    if path is None and not url.startswith(("postgresql://", "postgresql+")):
        log.warning("the database used last, %s, is not one to reopen: the default one opens", url)
        return None
    if path is not None and not path.exists():
        log.warning("the database used last, %s, is gone: the default one opens", path)
        return None
    return url


def look_first(url: str, clock: Clock) -> list[CompetitionRow] | None:
    """The competitions read with sqlite3 alone (``services.listing.first_look``); runs in the background, after the
    window is shown, where the rules it needs load too."""
    import ui.pages.competitions  # noqa: F401  - the page that shows them loads here too, off the GUI thread
    from osgo_desktop.services import listing

    return listing.first_look(url, clock)


def check_audit(db: Database) -> OpeningCheck:
    """The audit chain's check (in the background, once the competitions are on screen: it reads every row), and
    whether the database is an older copy than the newest seen on this computer (``storage.chain_head``)."""
    from osgo_desktop.storage import chain_head

    opening = chain_head.check_on_opening(db.engine, full=True)
    db.audit_report = report = opening.report
    log.info("audit chain: %d entries, %d rows checked in %.2f s", report.entries, report.rows, report.seconds)
    return opening


def remember_head(db: Database) -> None:
    """On closing: the chain as this session left it is the newest seen on this computer."""
    from osgo_desktop.storage import chain_head

    chain_head.remember_head(db.engine)


def restored_warning(restored: Restored) -> str:
    """The warning shown on opening a restored older copy, until an administrator acknowledges it."""
    return _(
        "{message}\n\nUntil then, changes made in the newer copy may be missing from this one, and exports and "
        "papers made from it may contradict those already issued."
    ).format(message=restored.message())


def audit_warning(report: ChainReport) -> str:
    """The warning shown on opening a database whose audit chain breaks, or whose data was changed around it."""
    from osgo_desktop.storage.audit import describe

    lines = "\n".join(f"• {line}" for line in describe(report))
    return _(
        "The audit check found changes that the app did not make. Until they are explained, treat this "
        "database's records with caution (see View » Audit log).\n\n{lines}"
    ).format(lines=lines)


def main(argv: Sequence[str] | None = None) -> int:
    clock = SystemClock()  # handed to the context and the database: nothing else asks the computer the time
    args = parse_args(sys.argv[1:] if argv is None else argv)
    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("OSGO Desktop")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("OSGO")
    app.setWindowIcon(QIcon(str(resources.files("resources").joinpath("icons", "osgo.svg"))))
    load_fonts(app)
    load_style(app)
    settings = Settings()
    lang = args.lang or settings.get(S.LANGUAGE)
    i18n.set_language(lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE)
    qt_translations = QtTranslations(app)
    qt_translations.apply(i18n.current_language())
    ctx = AppContext(None, settings, clock, demo=args.demo)
    ctx.bug_handler = show_bug
    ctx.language_changed.connect(qt_translations.apply)
    install_excepthook(ctx)
    window = MainWindow(ctx)
    exit_when = os.environ.get(ENV_EXIT_WHEN, "")

    def opened(db: Database) -> None:
        """The database is open: somebody signs in (or makes the first administrator) before the window is usable."""
        if not args.demo:  # the next start comes back here (a server's password is asked again)
            remember_database(settings, url)
        if db.principal is not None:
            signed_in(db)
            return
        flow = window.sign_in_flow = SignInFlow(ctx, db, window)
        flow.signed_in.connect(lambda _principal: signed_in(db))
        flow.cancelled.connect(window.close)
        flow.start()

    def signed_in(db: Database) -> None:
        window.sign_in_flow = None
        ctx.attach(db)
        if db.opened.backup is not None:
            window.statusBar().showMessage(
                _("The database was upgraded; a copy of the old one is at {path}").format(path=db.opened.backup)
            )
        log.info("OSGO Desktop %s started on %s", __version__, db.url)
        ctx.run(lambda _progress: check_audit(db), checked, window, name="audit check")
        if exit_when == "ready" and not looked:  # no first look (a new or older file): listed now
            QTimer.singleShot(0, lambda: _benchmark_mark(app, clock))

    def checked(opening: OpeningCheck) -> None:
        if opening.restored is not None:
            warning = restored_warning(opening.restored)
            log.warning("%s", warning)
            ctx.message_handler(warning, window)
        if not opening.report.ok:
            warning = audit_warning(opening.report)
            log.warning("%s", warning)
            ctx.message_handler(warning, window)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, KnownError):
            log.error("cannot open the database: %s", exc)
            window.show_opening_error(str(exc))
            if (sqlite_path(url) is None or reopening) and not exit_when:  # its password, or another database
                connect = window.open_connect()
                connect.set_url(url)
                connect.say_failure(str(exc))
        else:
            show_bug(exc)
        if exit_when:
            app.exit(2)

    reopening = None if args.db or args.demo else last_database(settings)  # the database used last
    url = args.db or reopening or default_url(demo=args.demo)

    def open_in_background() -> None:
        ctx.tasks.run(lambda _progress: open_database(url, args.demo, clock), opened, failed, name="open")

    looked: list[bool] = []  # whether the first look showed the competitions

    def first_look(rows: list[CompetitionRow] | None) -> None:
        if rows is not None:
            looked.append(True)
            window.show_first_look(rows)
            if exit_when == "ready":
                QTimer.singleShot(0, lambda: _benchmark_mark(app, clock))
        open_in_background()  # one after the other: the two workers would compete for the GIL

    def first_look_failed(exc: BaseException) -> None:
        log.warning("no first look at the competitions: %s", exc)
        open_in_background()

    window.show()
    if exit_when == "shown":
        QTimer.singleShot(0, lambda: _benchmark_mark(app, clock))
    # Read once the window is up: the worker would otherwise compete with the window for the GIL. The first look
    # reads the competitions with sqlite3 alone; SQLAlchemy, the migrations' check and the pages load after it.
    QTimer.singleShot(
        0,
        lambda: ctx.tasks.run(
            lambda _progress: look_first(url, clock), first_look, first_look_failed, name="first look"
        ),
    )
    code = app.exec()
    ctx.tasks.cancel_all()
    ctx.tasks.wait()
    if ctx.has_database:
        remember_head(ctx.db)
    ctx.close()
    if window.reopen_url is not None:  # File » Connect to a database…: the app again, on the database chosen
        qt_translations.apply("en")  # the next start installs the language's catalogues afresh
        window.deleteLater()
        return main(["--db", window.reopen_url, "--lang", i18n.current_language()])
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())

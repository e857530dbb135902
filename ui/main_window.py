"""The main window: menus, actions and the page stack — wiring only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from osgo_desktop import i18n
from osgo_desktop.errors import ValidationError
from osgo_desktop.i18n import _
from osgo_desktop.services import competitions, registries
from ui import settings as S
from ui.context import AppContext
from ui.dialogs import registries as registry_dialogs
from ui.dialogs.about import show_about
from ui.dialogs.competition import CompetitionDialog
from ui.dialogs.errors import show_message
from ui.pages.competition import CompetitionPage
from ui.pages.competitions import CompetitionsPage


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.message_handler = lambda text, parent: show_message(text, parent or self)
        self.setObjectName("mainWindow")
        self.stack = QStackedWidget(self)
        self.competitions_page = CompetitionsPage(ctx, self)
        self.competition_page = CompetitionPage(ctx, self)
        self.stack.addWidget(self.competitions_page)
        self.stack.addWidget(self.competition_page)
        self.setCentralWidget(self.stack)
        self.dialog: QWidget | None = None

        self.competitions_page.competition_activated.connect(self.open_competition)
        self.competitions_page.new_requested.connect(self.new_competition)
        self.competitions_page.registries_requested.connect(self.open_commission)
        self.competition_page.back_requested.connect(self.show_competitions)

        self._build_actions()
        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)
        self.busy_label = QLabel(self)
        self.statusBar().addWidget(self.busy_label)
        ctx.tasks.busy_changed.connect(self._on_tasks_busy_changed)
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()
        geometry = ctx.settings.get(S.WINDOW_GEOMETRY)
        if geometry.isEmpty():
            self.resize(1200, 760)
        else:
            self.restoreGeometry(geometry)
            self.restoreState(ctx.settings.get(S.WINDOW_STATE))

    # --- actions ----------------------------------------------------------------------------------------------
    def _action(self, menu: QMenu, slot: object, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = self._action(self.file_menu, self.new_competition, QKeySequence.StandardKey.New)
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, self.close, QKeySequence.StandardKey.Quit)

        self.registries_menu = bar.addMenu("")
        self.bodies_action = self._action(self.registries_menu, self.open_bodies)
        self.commission_action = self._action(self.registries_menu, self.open_commission)
        self.counting_action = self._action(self.registries_menu, self.open_counting)

        self.view_menu = bar.addMenu("")
        self.competitions_action = self._action(self.view_menu, self.show_competitions, "Ctrl+1")
        self.find_action = self._action(self.view_menu, self._on_find_triggered, QKeySequence.StandardKey.Find)
        self.refresh_action = self._action(self.view_menu, self.ctx.data_changed.emit, QKeySequence.StandardKey.Refresh)
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang in i18n.LANGUAGES:
            action = QAction(i18n.language_name(lang), self)
            action.setCheckable(True)
            action.setChecked(lang == i18n.current_language())
            action.triggered.connect(lambda _checked=False, code=lang: self.ctx.set_language(code))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action

        self.help_menu = bar.addMenu("")
        self.about_action = self._action(self.help_menu, self._on_about_triggered)

    def retranslate(self) -> None:
        title = _("OSGO Desktop")
        if self.ctx.demo:
            title = _("{title} — DEMO database").format(title=title)
        self.setWindowTitle(title)
        self.file_menu.setTitle(_("&File"))
        self.new_action.setText(_("&New competition…"))
        self.quit_action.setText(_("&Quit"))
        self.registries_menu.setTitle(_("&Registries"))
        self.bodies_action.setText(_("&State bodies…"))
        self.commission_action.setText(_("Selection &Commission…"))
        self.counting_action.setText(_("C&ounting commission…"))
        self.view_menu.setTitle(_("&View"))
        self.competitions_action.setText(_("&Competitions"))
        self.find_action.setText(_("&Find"))
        self.refresh_action.setText(_("&Refresh"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About OSGO Desktop"))
        for lang, action in self.language_actions.items():
            action.setChecked(lang == i18n.current_language())
        demo = _("DEMO") + " · " if self.ctx.demo else ""
        self.db_label.setText(demo + _("Database: {url}").format(url=self.ctx.db.url))

    # --- navigation --------------------------------------------------------------------------------------------
    def show_competitions(self) -> None:
        self.stack.setCurrentWidget(self.competitions_page)

    def open_competition(self, competition_id: int) -> None:
        self.competition_page.show_competition(competition_id)
        self.stack.setCurrentWidget(self.competition_page)

    def new_competition(self) -> CompetitionDialog:
        with self.ctx.db.uow() as uow:
            profile = registries.current_profile(uow)
            bodies = registries.list_bodies(uow, active_only=True)
        dialog = CompetitionDialog(profile, bodies, parent=self)

        def on_submitted(draft: object) -> None:
            try:
                with self.ctx.db.uow() as uow:
                    new_id = competitions.create_competition(uow, draft)  # type: ignore[arg-type]
            except ValidationError as exc:
                dialog.show_errors(exc.errors)
                return
            except Exception as exc:
                dialog.show_errors({})
                self.ctx.report(exc, dialog)
                return
            dialog.accept()
            self.ctx.data_changed.emit()
            self.open_competition(new_id)

        dialog.submitted.connect(on_submitted)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _open_registry(self, spec: registry_dialogs.RegistrySpec) -> registry_dialogs.RegistryDialog:
        dialog = registry_dialogs.RegistryDialog(self.ctx, spec, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_bodies(self) -> registry_dialogs.RegistryDialog:
        return self._open_registry(registry_dialogs.BODIES)

    def open_commission(self) -> registry_dialogs.RegistryDialog:
        return self._open_registry(registry_dialogs.COMMISSION)

    def open_counting(self) -> registry_dialogs.RegistryDialog:
        return self._open_registry(registry_dialogs.COUNTING)

    def _on_find_triggered(self) -> None:
        self.show_competitions()
        self.competitions_page.focus_filter()

    def _on_about_triggered(self) -> None:
        show_about(self, self.ctx.db.url)

    def _on_tasks_busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(_("Working…") if busy else "")

    # --- Qt overrides --------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.set(S.WINDOW_GEOMETRY, self.saveGeometry())
        self.ctx.settings.set(S.WINDOW_STATE, self.saveState())
        self.competitions_page.save_state()
        self.ctx.settings.sync()
        super().closeEvent(event)

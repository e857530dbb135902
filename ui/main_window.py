"""The main window: menus, actions and the page stack — wiring only.

The window comes up before the database is open (opening may upgrade and back up a large file); its pages, and
SQLAlchemy with them, are built once the context reports the database open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from osgo_desktop import i18n
from osgo_desktop.domain.roles import Action, Role, allowed, role_label
from osgo_desktop.i18n import _
from ui import settings as S
from ui.context import AppContext
from ui.dialogs.about import show_about
from ui.dialogs.errors import show_message
from ui.dialogs.sign_in import SignInFlow
from ui.widgets.screen import resize_to_screen

if TYPE_CHECKING:
    from osgo_desktop.services.views import CompetitionRow
    from ui.dialogs.accounts import AccountsDialog
    from ui.dialogs.audit import AuditDialog
    from ui.dialogs.backup import BackupDialog, RestoreDialog
    from ui.dialogs.competition import CompetitionDialog
    from ui.dialogs.composition_import import CompositionImportFlow
    from ui.dialogs.connect import ConnectDialog
    from ui.dialogs.guide import GuideDialog
    from ui.dialogs.personal_data import PersonalDataDialog
    from ui.dialogs.profile import ProfileDialog
    from ui.dialogs.registries import RegistryDialog
    from ui.dialogs.verify import VerifyDialog
    from ui.pages.competition import CompetitionPage
    from ui.pages.competitions import CompetitionsPage
    from ui.pages.workspace import Workspace
    from ui.widgets.forms import FormDialog


#: what Help » Hold a demo vote needs of the person signed in: opening the session (the secretariat's). The rest is
#: done as the people who would do it — each side's papers as its entrant, the settlement confirmed by both, the
#: rounds closed by the counting commission's member (services.demo.hold_demo_vote)
DEMO_VOTE = (Action.OPEN_VOTE_SESSION,)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.message_handler = self._show_message
        self.setObjectName("mainWindow")
        self.stack = QStackedWidget(self)
        self.opening = QLabel(self)
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening.setWordWrap(True)  # a server's refusal can be a long line
        self.opening.setMargin(24)
        self.opening.setObjectName("opening")
        self.stack.addWidget(self.opening)
        #: what is on screen between one person signing out and the next signing in: nothing of the last one's
        self.signed_out = QWidget(self)
        self.stack.addWidget(self.signed_out)
        self.setCentralWidget(self.stack)
        self.workspace: Workspace | None = None
        #: the competitions shown before the database is open
        self.first_look: CompetitionsPage | None = None
        #: the import of sitting members under way (Registries → Import sitting members…)
        self.composition_import: CompositionImportFlow | None = None
        #: the user guide, once opened (Help » Guide, F1); kept, so F1 again brings it back at the page on screen
        self.guide: GuideDialog | None = None
        #: the database the app is to reopen on once this window has closed (File » Connect to a database…)
        self.reopen_url: str | None = None

        self._build_actions()
        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)
        self.busy_label = QLabel(self)
        self.statusBar().addWidget(self.busy_label)
        self.user_label = QLabel(self)
        self.user_label.setObjectName("signedIn")
        self.user_label.setContentsMargins(12, 0, 0, 0)
        self.statusBar().addPermanentWidget(self.user_label)
        #: the sign-in form's flow after File » Sign out (tests type into its form)
        self.sign_in_flow: SignInFlow | None = None
        ctx.principal_changed.connect(self._update_account_actions)
        ctx.tasks.busy_changed.connect(self._on_tasks_busy_changed)
        ctx.server_connection_changed.connect(self._on_ctx_server_connection_changed)
        ctx.language_changed.connect(self.retranslate)
        geometry = ctx.settings.get(S.WINDOW_GEOMETRY)
        if geometry.isEmpty():
            # The first start fills the screen it opens on (a laptop's 1366 × 768 and a 1920 × 1080 monitor alike);
            # un-maximised it has a size that fits that screen. Later starts come back as the window was left.
            resize_to_screen(self, 1200, 760)
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.restoreGeometry(geometry)
            self.restoreState(ctx.settings.get(S.WINDOW_STATE))
        if ctx.has_database:
            self._on_ctx_database_opened()
        else:
            ctx.database_opened.connect(self._on_ctx_database_opened)
        self.retranslate()

    def show_first_look(self, rows: list[CompetitionRow]) -> None:
        """The competitions, read before the database is open (``services.listing.first_look``): on screen while
        the rest loads; the workspace takes the page over once the database is open."""
        from ui.pages.competitions import CompetitionsPage

        if self.workspace is not None or self.first_look is not None:
            return
        page = self.first_look = CompetitionsPage(self.ctx, self)
        page.show_rows(rows)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def _on_ctx_database_opened(self) -> None:
        from ui.pages.workspace import Workspace  # SQLAlchemy and the pages load here, after the window is up

        first_look, self.first_look = self.first_look, None
        if first_look is not None:
            self.stack.removeWidget(first_look)
        self.workspace = Workspace(self.ctx, self, first_look)
        self.workspace.guide_requested.connect(self.show_guide)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        for action in self.database_actions:
            action.setEnabled(True)
        self.retranslate()
        self._update_account_actions()

    def show_opening_error(self, message: str) -> None:
        """The database could not be opened: say so in place of the list the first look showed (it can do nothing
        without the database)."""
        self.opening.setText(message)
        self.opening.setStyleSheet("color:#b00020;")
        if self.first_look is not None:
            self.stack.removeWidget(self.first_look)
            self.first_look.deleteLater()
            self.first_look = None
        self.stack.setCurrentWidget(self.opening)

    # The pages, for the menu actions and tests; they exist once the database is open.
    @property
    def ws(self) -> Workspace:
        assert self.workspace is not None, "the database is not open yet"
        return self.workspace

    @property
    def competitions_page(self) -> CompetitionsPage:
        return self.ws.competitions_page

    @property
    def competition_page(self) -> CompetitionPage:
        return self.ws.competition_page

    # --- actions ----------------------------------------------------------------------------------------------
    def _show_message(self, text: str, parent: QWidget | None) -> None:
        show_message(text, parent or self)

    def _action(
        self, menu: QMenu, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
    ) -> QAction:
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
        self.verify_action = self._action(self.file_menu, self.open_verify)  # needs no database
        self.connect_action = self._action(self.file_menu, self.open_connect)  # nor does this
        self.file_menu.addSeparator()
        self.backup_action = self._action(self.file_menu, self.open_backup)
        self.restore_action = self._action(self.file_menu, self.open_restore)
        self.file_menu.addSeparator()
        self._build_account_actions()
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, self.close, QKeySequence.StandardKey.Quit)

        self.registries_menu = bar.addMenu("")
        self.bodies_action = self._action(self.registries_menu, self.open_bodies)
        self.commission_action = self._action(self.registries_menu, self.open_commission)
        self.counting_action = self._action(self.registries_menu, self.open_counting)
        self.organizations_action = self._action(self.registries_menu, lambda: self.ws.open_organizations())
        self.associations_action = self._action(self.registries_menu, lambda: self.ws.open_associations())
        self.registries_menu.addSeparator()
        self.import_compositions_action = self._action(self.registries_menu, self.import_compositions)
        self.registries_menu.addSeparator()
        self.profile_action = self._action(self.registries_menu, self.open_profile)
        self.personal_data_action = self._action(self.registries_menu, self.open_personal_data)

        self.view_menu = bar.addMenu("")
        self.competitions_action = self._action(self.view_menu, self.show_competitions, "Ctrl+1")
        self.compositions_action = self._action(self.view_menu, lambda: self.ws.open_compositions(), "Ctrl+2")
        self.find_action = self._action(self.view_menu, self._on_find_triggered, QKeySequence.StandardKey.Find)
        self.refresh_action = self._action(self.view_menu, self.ctx.refresh_all, QKeySequence.StandardKey.Refresh)
        self.audit_action = self._action(self.view_menu, self.open_audit)
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
        self.guide_action = self._action(self.help_menu, self.open_guide, QKeySequence.StandardKey.HelpContents)
        self.help_menu.addSeparator()
        self.demo_vote_action = self._action(self.help_menu, self.hold_demo_vote)
        self.demo_vote_action.setVisible(self.ctx.demo)
        self.help_menu.addSeparator()
        self.about_action = self._action(self.help_menu, self._on_about_triggered)
        self.database_actions = [
            self.new_action,
            self.backup_action,
            self.restore_action,
            self.bodies_action,
            self.commission_action,
            self.counting_action,
            self.organizations_action,
            self.associations_action,
            self.import_compositions_action,
            self.profile_action,
            self.personal_data_action,
            self.competitions_action,
            self.compositions_action,
            self.find_action,
            self.refresh_action,
            self.audit_action,
            self.demo_vote_action,
        ]
        for action in self.database_actions:
            action.setEnabled(False)
        # what a signed-in person may not do is offered disabled, its tooltip naming the role it needs
        self.ctx.guard(self.new_action, Action.EDIT_COMPETITIONS)
        self.ctx.guard(self.import_compositions_action, Action.EDIT_COMPOSITIONS)
        self.ctx.guard(self.demo_vote_action, *DEMO_VOTE)
        self.ctx.guard(self.backup_action, Action.BACK_UP)
        self.ctx.guard(self.restore_action, Action.RESTORE)
        for menu in (self.file_menu, self.registries_menu, self.view_menu, self.help_menu):
            menu.setToolTipsVisible(True)

    def retranslate(self) -> None:
        title = _("OSGO Desktop")
        if self.ctx.demo:
            title = _("{title} — DEMO database").format(title=title)
        self.setWindowTitle(title)
        self.file_menu.setTitle(_("&File"))
        self.new_action.setText(_("&New competition…"))
        self.verify_action.setText(_("Check an &election record…"))
        self.connect_action.setText(_("Connect to a &database…"))
        self.backup_action.setText(_("&Back up…"))
        self.restore_action.setText(_("&Restore…"))
        self.quit_action.setText(_("&Quit"))
        self.registries_menu.setTitle(_("&Registries"))
        self.bodies_action.setText(_("&State bodies…"))
        self.commission_action.setText(_("Selection &Commission…"))
        self.counting_action.setText(_("C&ounting commission…"))
        self.profile_action.setText(_("Regulation &profile…"))
        self.personal_data_action.setText(_("Personal data due for &erasure…"))
        self.organizations_action.setText(_("Organisations…"))
        self.associations_action.setText(_("Associations…"))
        self.import_compositions_action.setText(_("&Import sitting members…"))
        self.view_menu.setTitle(_("&View"))
        self.competitions_action.setText(_("&Competitions"))
        self.compositions_action.setText(_("Co&mpositions of the councils"))
        self.find_action.setText(_("&Find"))
        self.refresh_action.setText(_("&Refresh"))
        self.audit_action.setText(_("&Audit log…"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.guide_action.setText(_("&Guide"))
        self.about_action.setText(_("&About OSGO Desktop"))
        self.demo_vote_action.setText(_("Demo: hold the vote of the screened demo competition"))
        self._retranslate_account_actions()
        for lang, action in self.language_actions.items():
            action.setChecked(lang == i18n.current_language())
        demo = [_("DEMO")] if self.ctx.demo else []
        if self.ctx.has_database:
            self.db_label.setText(" · ".join([*demo, _("Database: {url}").format(url=self.ctx.db.url)]))
        else:
            self.db_label.setText(" · ".join(demo))
            if not self.opening.styleSheet():
                self.opening.setText(_("Opening the database…"))

    # --- navigation (delegated to the workspace) -----------------------------------------------------------------
    def show_competitions(self) -> None:
        self.ws.show_competitions()

    def open_competition(self, competition_id: int) -> None:
        self.ws.open_competition(competition_id)

    def new_competition(self) -> CompetitionDialog:
        return self.ws.new_competition()

    def open_bodies(self) -> RegistryDialog:
        return self.ws.open_bodies()

    def open_commission(self) -> RegistryDialog:
        return self.ws.open_commission()

    def open_counting(self) -> RegistryDialog:
        return self.ws.open_counting()

    def open_profile(self) -> ProfileDialog:
        return self.ws.open_profile()

    def import_compositions(self) -> CompositionImportFlow:
        """The members who sit now on a council or on the Commission, from a spreadsheet."""
        from ui.dialogs.composition_import import start_composition_import

        self.composition_import = start_composition_import(self.ctx, self)
        return self.composition_import

    def open_audit(self) -> AuditDialog:
        from ui.dialogs.audit import AuditDialog

        dialog = AuditDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_personal_data(self) -> PersonalDataDialog:
        """An administrator's step: who is due for erasure of their personal data, and erasing it."""
        from ui.dialogs.personal_data import PersonalDataDialog

        dialog = PersonalDataDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_verify(self) -> VerifyDialog:
        from ui.dialogs.verify import VerifyDialog

        dialog = VerifyDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_backup(self) -> BackupDialog:
        from ui.dialogs.backup import BackupDialog

        dialog = BackupDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_restore(self) -> RestoreDialog:
        from ui.dialogs.backup import RestoreDialog

        dialog = RestoreDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        replaced: list[object] = []
        dialog.restored.connect(replaced.append)
        # the restored database has its own accounts: once its outcome is read, everyone signs in to it again
        dialog.finished.connect(lambda _code: self.sign_out() if replaced else None)
        dialog.open()
        return dialog

    def open_connect(self, over: QWidget | None = None) -> ConnectDialog:
        """File » Connect to a database…: once a database that can be opened is chosen, the app reopens on it."""
        from ui.dialogs.connect import ConnectDialog

        dialog = ConnectDialog(self.ctx, over or self)  # over the sign-in form, before anyone is in
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connection_chosen.connect(self.reopen_on)
        dialog.open()
        return dialog

    def reopen_on(self, url: str) -> bool:
        """Close the app's windows, the database with them, and let ``ui.app`` open the app again on ``url`` —
        unless something typed would be lost (a paper on the entry screen): then nothing changes (False)."""
        from ui.dialogs.connect import remember_connection

        remember_connection(self.ctx.settings, url)
        if self.workspace is not None and not self.workspace.may_close():
            return False
        self.reopen_url = url
        QApplication.closeAllWindows()
        if self.isVisible():  # a window refused to close: stay on this database
            self.reopen_url = None
            return False
        return True

    def open_guide(self) -> GuideDialog:
        """The guide at the page for the screen on view (F1); the contents before the database is open."""
        from ui.dialogs.guide import section_for_page

        page = self.workspace.current_page_name() if self.workspace is not None else "competitions"
        return self.show_guide(section_for_page(page))

    def show_guide(self, section: str) -> GuideDialog:
        """The guide at ``section`` ("voting#entry"), brought to the front (F1 in a window of its own)."""
        from ui.dialogs.guide import GuideDialog

        if self.guide is None:
            self.guide = GuideDialog(self.ctx, self)
        self.guide.show_section(section)
        if self.guide.isVisible():  # behind the window: brought to the front
            self.guide.raise_()
            self.guide.activateWindow()
        else:
            self.guide.show()
        return self.guide

    def _on_find_triggered(self) -> None:
        self.ws.find_in_page()

    def hold_demo_vote(self) -> None:
        """The demo's screened competition taken through its vote (a settled discrepancy, a tie, a runoff), in the
        background; then its page. Its papers are entered as the demo's station accounts (the README gives them)."""
        from osgo_desktop.services import demo  # loaded with the database, not at start-up

        competition_id = self.ctx.call(demo.screened_demo_competition)
        if competition_id is None:
            self.ctx.message_handler(_("The screened demo competition has already been voted on."), self)
            return
        self.demo_vote_action.setEnabled(False)

        def finished(_result: object) -> None:
            self.demo_vote_action.setEnabled(True)
            self.ws.open_competition(competition_id)
            self.ws.competition_page.show_message(
                _(
                    "The demo vote is held: paper No. 7 was entered differently by the two sides and settled "
                    "against the paper; the first round ended in a tie for the last seat, and the runoff settled "
                    "it. See it under Rating vote…, then issue the protocols."
                )
            )

        task = self.ctx.op(demo.hold_demo_vote, competition_id, on_done=finished, parent=self)
        task.failed.connect(lambda _exc: self.demo_vote_action.setEnabled(True))

    # --- accounts: who is signed in, signing out, one's own password and PIN, the administrator's list ----------
    def _build_account_actions(self) -> None:
        self.accounts_action = self._action(self.file_menu, self.open_accounts)
        self.password_action = self._action(self.file_menu, self.change_password)
        self.station_pin_action = self._action(self.file_menu, self.change_station_pin)
        self.sign_out_action = self._action(self.file_menu, self.sign_out)
        for action in self._account_actions():
            action.setEnabled(False)

    def _account_actions(self) -> tuple[QAction, ...]:
        return (self.accounts_action, self.password_action, self.station_pin_action, self.sign_out_action)

    def _retranslate_account_actions(self) -> None:
        self.accounts_action.setText(_("&Accounts…"))
        self.password_action.setText(_("Change my pass&word…"))
        self.station_pin_action.setText(_("My station &PIN…"))
        self.sign_out_action.setText(_("Sign &out"))
        principal = self.ctx.principal
        self.user_label.setText(
            _("Signed in: {name} ({roles})").format(
                name=principal.name, roles=", ".join(role_label(r) for r in Role if r in principal.roles)
            )
            if principal is not None
            else ""
        )

    def _update_account_actions(self) -> None:
        principal = self.ctx.principal
        own = principal is not None and principal.account_id is not None
        self.accounts_action.setEnabled(allowed(principal, Action.MANAGE_ACCOUNTS))
        self.accounts_action.setVisible(allowed(principal, Action.MANAGE_ACCOUNTS))
        self.password_action.setEnabled(own)
        self.station_pin_action.setEnabled(own)
        self.sign_out_action.setEnabled(own)
        self._retranslate_account_actions()

    def open_accounts(self) -> AccountsDialog:
        from ui.dialogs.accounts import AccountsDialog

        dialog = AccountsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def change_password(self) -> FormDialog:
        from osgo_desktop.services import accounts
        from ui.dialogs.sign_in import NewPasswordDialog, PasswordChange

        def arguments(change: PasswordChange) -> tuple[str, str]:
            return change.current, change.new

        def saved(_none: None) -> None:
            self.statusBar().showMessage(_("Your password is changed."), 5000)

        return self.ctx.open_form_op(NewPasswordDialog(None, self), accounts.change_own_password, arguments, saved)

    def change_station_pin(self) -> FormDialog:
        from osgo_desktop.services import accounts
        from ui.dialogs.sign_in import PinChange, StationPinDialog

        def arguments(change: PinChange) -> tuple[str, str | None]:
            return change.password, change.pin

        def saved(_none: None) -> None:
            self.statusBar().showMessage(_("Your station PIN is saved."), 5000)

        has_pin = self.ctx.call(accounts.own_account).has_station_pin
        return self.ctx.open_form_op(StationPinDialog(has_pin, self), accounts.set_own_station_pin, arguments, saved)

    def sign_out(self) -> SignInFlow:
        """Back to the sign-in form, for the next person: nothing is done in the window until someone signs in, and
        what the last person left open is closed (unsaved typing in a form goes: it was theirs)."""
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)
        self.ctx.set_principal(None)
        self.stack.setCurrentWidget(self.signed_out)  # the last person's screens are not left behind the form
        flow = self.sign_in_flow = SignInFlow(self.ctx, self.ctx.db, self)
        flow.signed_in.connect(self._on_flow_signed_in)
        flow.cancelled.connect(self.close)
        flow.start()
        return flow

    def _on_flow_signed_in(self, _principal: object) -> None:
        self.sign_in_flow = None
        self.ctx.principal_changed.emit()
        if self.workspace is not None:
            self.stack.setCurrentWidget(self.workspace)
        self.ctx.refresh_all()  # what the next person may see and do differs

    def _on_about_triggered(self) -> None:
        show_about(self, self.ctx.db.url if self.ctx.has_database else "—")

    def _on_tasks_busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(_("Working…") if busy else "")

    def _on_ctx_server_connection_changed(self, connected: bool) -> None:
        if connected:
            self.statusBar().showMessage(_("Connected to the server again: every screen is up to date."), 10_000)
        else:
            self.statusBar().showMessage(
                _(
                    "The connection to the server was lost: other workstations' changes are not shown until it is "
                    "back (trying again)."
                )
            )

    # --- Qt overrides --------------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace is not None and not self.workspace.may_close():
            event.ignore()  # a paper typed on the entry screen is kept
            return
        self.ctx.settings.set(S.WINDOW_GEOMETRY, self.saveGeometry())
        self.ctx.settings.set(S.WINDOW_STATE, self.saveState())
        if self.workspace is not None:
            self.workspace.save_state()
        self.ctx.settings.sync()
        super().closeEvent(event)

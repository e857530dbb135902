"""The pages that work on the open database (the competitions list and one competition), and the dialogs they
open. The main window creates it once the database is open, so that SQLAlchemy and the pages load after the
window is on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QStackedWidget, QWidget

from osgo_desktop.domain.competition import CompetitionDraft
from osgo_desktop.domain.profile import RegulationProfile
from osgo_desktop.domain.roles import Action
from osgo_desktop.services import competitions, registries, voting
from ui.context import AppContext, Reloader
from ui.dialogs import registries as registry_dialogs
from ui.dialogs.competition import CompetitionDialog
from ui.dialogs.profile import ProfileDialog
from ui.pages.competitions import CompetitionsPage
from ui.widgets.due import DuePanel

if TYPE_CHECKING:
    from ui.pages.applications import ApplicationsPage
    from ui.pages.competition import CompetitionPage
    from ui.pages.compositions import CompositionsPage
    from ui.pages.protocols import ProtocolsPage
    from ui.pages.screening import ScreeningPage
    from ui.pages.voting import VotingPage

P = TypeVar("P", bound=QWidget)


class Workspace(QStackedWidget):
    """The competitions list at once; every other page (and what it imports) when it is first opened.

    Signal ``guide_requested(str)``: a window of a page's own (the entry screen) asks for the guide's section."""

    guide_requested = Signal(str)

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, competitions_page: CompetitionsPage | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: the list the window showed before the database was open (its first look) is taken over, and reloaded
        self.competitions_page = competitions_page or CompetitionsPage(ctx, self)
        self.addWidget(self.competitions_page)
        if competitions_page is not None:
            competitions_page.reload()
        #: the other pages, each built (and its module imported) when it is first opened
        self._pages: dict[str, QWidget] = {}
        #: the dialog opened last (kept referenced while it is open)
        self.dialog: QWidget | None = None
        self.competitions_page.competition_activated.connect(self.open_competition)
        self.competitions_page.new_requested.connect(self.new_competition)
        self.competitions_page.registries_requested.connect(self.open_commission)
        #: the due overview on the start screen, above the competitions
        self.due_panel = DuePanel(ctx, self.competitions_page)
        self.competitions_page.show_above_list(self.due_panel)
        self.due_panel.competition_activated.connect(self.open_competition)
        self.due_panel.draft_requested.connect(self.new_competition)

    def _page(self, name: str, make: Callable[[], P]) -> P:
        page = self._pages.get(name)
        if page is None:
            page = self._pages[name] = make()
            self.addWidget(page)
        return page  # type: ignore[return-value]  # the one made by ``make`` for this name

    def _step_page(self, page: P) -> P:
        """A page of one step of a competition: its back button returns to the competition."""
        page.back_requested.connect(self._back_to_competition)  # type: ignore[attr-defined]
        return page

    @property
    def competition_page(self) -> CompetitionPage:
        from ui.pages.competition import CompetitionPage

        def make() -> CompetitionPage:
            page = CompetitionPage(self.ctx, self)
            page.back_requested.connect(self.show_competitions)
            page.applications_requested.connect(self.open_applications)
            page.screening_requested.connect(self.open_screening)
            page.voting_requested.connect(self.open_voting)
            page.protocols_requested.connect(self.open_protocols)
            return page

        return self._page("competition", make)

    @property
    def applications_page(self) -> ApplicationsPage:
        from ui.pages.applications import ApplicationsPage

        return self._page("applications", lambda: self._step_page(ApplicationsPage(self.ctx, self)))

    @property
    def screening_page(self) -> ScreeningPage:
        from ui.pages.screening import ScreeningPage

        return self._page("screening", lambda: self._step_page(ScreeningPage(self.ctx, self)))

    @property
    def voting_page(self) -> VotingPage:
        from ui.pages.voting import VotingPage

        def make() -> VotingPage:
            page = self._step_page(VotingPage(self.ctx, self))
            page.guide_requested.connect(self.guide_requested)
            return page

        return self._page("voting", make)

    @property
    def protocols_page(self) -> ProtocolsPage:
        from ui.pages.protocols import ProtocolsPage

        return self._page("protocols", lambda: self._step_page(ProtocolsPage(self.ctx, self)))

    @property
    def compositions_page(self) -> CompositionsPage:
        from ui.pages.compositions import CompositionsPage

        def make() -> CompositionsPage:
            page = CompositionsPage(self.ctx, self)
            page.back_requested.connect(self.show_competitions)
            return page

        return self._page("compositions", make)

    def open_compositions(self, body_id: int | None = None) -> CompositionsPage:
        """The councils and the Commission on a date, the one of ``body_id`` (None: the Commission) selected."""
        page = self.compositions_page
        page.body_id = body_id
        page.reload()
        for reloader in page.findChildren(Reloader):
            reloader.fresh()
        self.setCurrentWidget(page)
        return page

    def may_close(self) -> bool:
        """Whether the window may close: a paper typed on an entry screen is asked about first."""
        return "voting" not in self._pages or self.voting_page.may_close()

    def show_competitions(self) -> None:
        self.setCurrentWidget(self.competitions_page)

    def current_page_name(self) -> str:
        """The name of the page on screen ("competitions", "competition", "voting", …): F1 opens its guide page."""
        page = self.currentWidget()
        return next((name for name, made in self._pages.items() if made is page), "competitions")

    def _show(self, page: QWidget, competition_id: int) -> None:
        """Load ``page`` with the competition, then put it on screen: it is up to date, so a change it missed while
        hidden does not load it again (or first with the competition it showed before)."""
        page.show_competition(competition_id)  # type: ignore[attr-defined]
        for reloader in page.findChildren(Reloader):
            reloader.fresh()
        self.setCurrentWidget(page)

    def open_competition(self, competition_id: int) -> None:
        self._show(self.competition_page, competition_id)

    def open_applications(self, competition_id: int) -> None:
        self._show(self.applications_page, competition_id)

    def open_screening(self, competition_id: int) -> None:
        self._show(self.screening_page, competition_id)

    def open_voting(self, competition_id: int) -> None:
        """The vote's page; before the first session, the dialog that opens one (the page follows on success)."""
        if self.ctx.call(voting.current_round, competition_id) is not None:
            self._show(self.voting_page, competition_id)
            return
        dialog = self.voting_page.open_session(competition_id)
        dialog.accepted.connect(lambda: self.setCurrentWidget(self.voting_page))
        self.dialog = dialog

    def open_protocols(self, competition_id: int) -> None:
        self._show(self.protocols_page, competition_id)

    def _back_to_competition(self) -> None:
        self.setCurrentWidget(self.competition_page)

    def find_in_page(self) -> None:
        """Ctrl+F: the filter of the page on screen, if it has one; else the competitions'."""
        page = self.currentWidget()
        box = getattr(page, "filter", None)
        if isinstance(box, QLineEdit) and box.isVisible():
            box.setFocus()
            box.selectAll()
            return
        self.show_competitions()
        self.competitions_page.focus_filter()

    def new_competition(self, draft: CompetitionDraft | None = None) -> CompetitionDialog:
        """The form of a new competition (filled from ``draft``: a due row's)."""
        profile = self.ctx.call(registries.current_profile)
        bodies = self.ctx.call(registries.list_bodies, active_only=True)
        dialog = CompetitionDialog(profile, bodies, self.ctx.clock, draft=draft, parent=self)

        def save(draft: CompetitionDraft) -> int:
            return self.ctx.call(competitions.create_competition, draft)

        self.dialog = self.ctx.open_form(dialog, save, saved=self.open_competition)
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

    def open_organizations(self) -> registry_dialogs.RegistryDialog:
        return self._open_registry(registry_dialogs.ORGANIZATIONS)

    def open_associations(self) -> registry_dialogs.RegistryDialog:
        return self._open_registry(registry_dialogs.ASSOCIATIONS)

    def open_profile(self) -> ProfileDialog:
        dialog = ProfileDialog(self.ctx.call(registries.current_profile), self)
        self.ctx.guard(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Action.EDIT_PROFILE)  # read only

        def save(profile: RegulationProfile) -> None:
            self.ctx.call(registries.save_profile, profile)

        self.dialog = self.ctx.open_form(dialog, save)
        return dialog

    def save_state(self) -> None:
        self.competitions_page.save_state()

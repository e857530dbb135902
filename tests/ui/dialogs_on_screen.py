"""Every dialog of the app opened on one screen, in Kyrgyz (the longest language): its buttons and fields are on
the screen, in sight without scrolling wherever the dialog could show them all, and no field is narrower than it
asks to be unless the dialog is as wide as the screen allows.

Not collected on its own (the name does not start with ``test_``): ``test_dialog_geometry`` runs it in a child
process per screen size, that size set by the offscreen platform's ``configfile`` (OSGO_TEST_SCREEN_CONFIG); the
test process's own offscreen screen is 800 × 600.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import os
import pkgutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

# Before pytest-qt makes the application: the screen this process is about (tests/conftest.py set plain offscreen).
if os.environ.get("OSGO_TEST_SCREEN_CONFIG"):
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={os.environ['OSGO_TEST_SCREEN_CONFIG']}"

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QScrollArea,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

import ui
from osgo_desktop import i18n
from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.competition import Kind
from osgo_desktop.domain.protocol_facts import ProtocolFactsDraft
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.voting import Side
from osgo_desktop.services import (
    applications,
    bulk,
    competitions,
    composition_import,
    composition_views,
    demo,
    due,
    protocol_facts,
    protocols,
    registries,
    screening,
    vacancies,
    voting,
)
from osgo_desktop.services.documents import DocumentRow
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import copy_database, opened_copy, pinned_clock
from tests.voting_support import FIRST_ROUND, ballots_from_counts, enter_all, open_session
from ui.context import AppContext
from ui.settings import Settings
from ui.widgets.forms import FormDialog
from ui.widgets.screen import screen_room


@dataclass
class Env:
    """What the dialogs are opened over: the demo ready to vote (2026/01 taking applications, 2026/04 screened),
    the demo voted and closed (``demo --full``), and a parent window."""

    ready: AppContext
    closed: AppContext
    parent: QWidget


def competition_id(ctx: AppContext, number: str) -> int:
    return next(r.id for r in ctx.call(competitions.list_competitions) if r.number == number)


def disputed_round(env: Env) -> voting.RoundView:
    """2026/04's first round with 15 papers entered by the secretariat and 14 by the counting side, who read paper
    No. 9 differently: one paper to settle, one entered once."""
    db = env.ready.db
    round_id = open_session(db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    misread = list(papers[:14])
    misread[8] = tuple(sorted({*papers[8], 12} - {papers[8][0]}))
    enter_all(db, round_id, papers, Side.SECRETARIAT)
    enter_all(db, round_id, misread, Side.COUNTING)
    return env.ready.call(voting.get_round, round_id)


def _profile(ctx: AppContext) -> registries.RegulationProfile:
    return ctx.call(registries.current_profile)


def _composition(ctx: AppContext) -> composition_views.CompositionDetail:
    """The composition of the body 2026/04 filled (a member left and was replaced in the full demo)."""
    today = ctx.clock.today()
    for body in ctx.call(composition_views.list_compositions, today):
        detail = ctx.call(composition_views.composition_detail, body.body_id, today)
        if detail.vacancies and any(v.vacated_id is not None for v in detail.vacancies):
            return detail
    raise AssertionError("the full demo has a vacancy")


def _slot(ctx: AppContext, kind: ProtocolKind) -> protocols.ProtocolSlot:
    number = competition_id(ctx, "2026/04")
    return next(s for s in ctx.call(protocols.protocol_slots, number) if s.kind is kind)


def _screening(ctx: AppContext) -> tuple[int, list[registries.CommissionMemberRow]]:
    number = competition_id(ctx, "2026/04")
    first = ctx.call(applications.list_applications, number)[0]
    return first.id, [m for m in ctx.call(registries.list_commission) if m.active]


def _application_choices(ctx: AppContext) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    associations = [(a.id, a.name) for a in ctx.call(registries.list_associations) if a.active]
    organizations = [(o.id, o.name) for o in ctx.call(registries.list_organizations) if o.active]
    return associations, organizations


def _bulk_preview(ctx: AppContext) -> bulk.Preview:
    header = "Фамилия;Имя;Пол;ПИН;Выдвинувшая организация\n"
    rows = "Асанова;Айгүл;Ж;21201198000001;«Жаңы муун» коомдук фонду\nБакиров;Нурлан;М;1;\n"
    return ctx.call(bulk.preview, competition_id(ctx, "2026/01"), (header + rows).encode(), "list.csv")


def _composition_preview(ctx: AppContext) -> composition_import.CompositionPreview:
    with ctx.db.uow() as uow:
        data = demo.demo_compositions_csv(uow, dt.date(ctx.clock.today().year - 1, 6, 1))
        return composition_import.preview(uow, None, data, "members.csv")


def _open(module: str, name: str) -> Callable[..., QDialog]:
    cls: Callable[..., QDialog] = getattr(importlib.import_module(module), name)
    return cls


def _factories() -> dict[str, Callable[[Env], QDialog]]:
    """Each dialog class (module.name) and how the app opens it, with the demo's data."""
    d = "ui.dialogs."

    def connect(env: Env) -> QDialog:
        """File » Connect…: a remembered server chosen, its password to type, and the look at it said."""
        from ui.dialogs.connect import remember_connection

        remember_connection(env.ready.settings, "sqlite:///home/secretariat/osgo.sqlite")
        remember_connection(env.ready.settings, "postgresql+psycopg://osgo@192.168.1.10:5432/osgo")
        dialog = _open(d + "connect", "ConnectDialog")(env.ready, env.parent)
        dialog.set_url("postgresql+psycopg://osgo@192.168.1.10:5432/osgo")
        dialog.said.setText(
            i18n._(
                "Nothing answers at {where}. Check the address and the port, that the server computer is on and in "
                "the same network, and that its firewall lets the port through."
            ).format(where="192.168.1.10:5432")
        )
        return dialog

    def new_competition(env: Env) -> QDialog:
        ctx = env.ready
        bodies = ctx.call(registries.list_bodies, True)
        return _open(d + "competition", "CompetitionDialog")(_profile(ctx), bodies, ctx.clock, parent=env.parent)

    def member_form(env: Env) -> QDialog:
        ctx = env.ready
        row = ctx.call(registries.list_commission)[0]
        return _open(d + "registries", "MemberForm")(_profile(ctx), row, ctx.clock.today(), env.parent)

    def counting_form(env: Env) -> QDialog:
        ctx = env.ready
        return _open(d + "registries", "CountingForm")(_profile(ctx), ctx.call(registries.list_counting)[0], env.parent)

    def registry(env: Env) -> QDialog:
        module = importlib.import_module(d + "registries")
        return module.RegistryDialog(env.ready, module.COMMISSION, env.parent)  # type: ignore[no-any-return]

    def application(env: Env) -> QDialog:
        ctx = env.ready
        rules = _profile(ctx).rules(Kind.COUNCIL)
        associations, organizations = _application_choices(ctx)
        return _open(d + "application", "ApplicationDialog")(
            rules, associations, organizations, ctx.clock, parent=env.parent
        )

    def verdict(env: Env) -> QDialog:
        application_id, _members = _screening(env.ready)
        deciders = env.ready.call(screening.deciders_of, application_id)
        return _open(d + "screening", "VerdictDialog")(
            "№ 1 Асанова Айгүл", "Кыргыз Республикасынын жараны", None, "", env.parent, deciders=deciders
        )

    def conflict(env: Env) -> QDialog:
        application_id, members = _screening(env.ready)
        candidates = [(application_id, "№ 1 Асанова Айгүл")]
        return _open(d + "screening", "ConflictDialog")(members, candidates, application_id, env.parent)

    def screening_session(env: Env) -> QDialog:
        setup = env.ready.call(screening.screening_setup, competition_id(env.ready, "2026/04"))
        return _open(d + "screening", "ScreeningSessionDialog")(setup, env.parent)

    def session(env: Env) -> QDialog:
        setup = env.ready.call(voting.session_setup, competition_id(env.ready, "2026/04"))
        return _open(d + "voting", "SessionDialog")(setup, env.ready.clock, env.parent)

    def settle(env: Env) -> QDialog:
        return _open(d + "voting", "SettleDialog")(disputed_round(env), 9, env.parent)

    def strike_out(env: Env) -> QDialog:
        return _open(d + "voting", "StrikeOutDialog")(disputed_round(env), 15, env.parent)

    def close_round(env: Env) -> QDialog:
        return _open(d + "voting", "CloseRoundDialog")(disputed_round(env), env.parent, ProtocolFactsDraft())

    def lots(env: Env) -> QDialog:
        view = disputed_round(env)
        tied = tuple(c.tally_id for c in view.candidates[:3])
        return _open(d + "voting", "LotsDialog")(view, tied, env.parent)

    def amend(env: Env) -> QDialog:
        ctx = env.closed
        latest = _slot(ctx, ProtocolKind.DECISION).latest("ky")
        assert latest is not None
        from osgo_desktop.services import compositions

        choices = ctx.call(compositions.seat_choices, latest.competition_id)
        return _open(d + "protocols", "AmendDialog")(latest, env.parent, choices)

    def facts(env: Env) -> QDialog:
        ctx = env.closed
        number = competition_id(ctx, "2026/04")
        context = ctx.call(protocol_facts.facts_context, number, ProtocolKind.DECISION, 0)
        draft = ctx.call(protocol_facts.protocol_facts, number, ProtocolKind.DECISION, 0)
        return _open(d + "protocols", "ProtocolFactsDialog")("Курамды түзүү жөнүндө чечим", draft, context, env.parent)

    def departure(env: Env) -> QDialog:
        detail = _composition(env.closed)
        member = next(m for m in detail.members if m.mandate_id is not None)
        return _open(d + "compositions", "DepartureDialog")(member, env.closed.clock.today(), env.parent)

    def fill(env: Env) -> QDialog:
        vacancy = next(v for v in _composition(env.closed).vacancies if v.vacated_id is not None)
        assert vacancy.vacated_id is not None
        preview = env.closed.call(vacancies.reserve_preview, vacancy.vacated_id)
        return _open(d + "compositions", "FillDialog")(vacancy, preview, env.closed.clock.today(), env.parent)

    def campaign(env: Env) -> QDialog:
        ctx = env.ready
        rows = [r for r in ctx.call(due.due_overview).rows if r.kind is Kind.COUNCIL and r.can_create][:3]
        rules = _profile(ctx).rules(Kind.COUNCIL)
        return _open("ui.widgets.due", "CampaignDialog")(rows, rules, env.parent)

    def _document(env: Env) -> DocumentRow:
        """A document of an application taking them (2026/01), filed with a long name."""
        ctx = env.ready
        rows = ctx.call(applications.list_applications, competition_id(ctx, "2026/01"))
        for row in rows:
            detail = ctx.call(applications.get_application, row.id)
            if detail.documents:
                return detail.documents[0]
        raise AssertionError("the demo's 2026/01 has no document filed")

    def document_type(env: Env) -> QDialog:
        rules = _profile(env.ready).rules(Kind.COUNCIL)
        return _open(d + "documents", "DocumentTypeDialog")(_document(env), rules, env.parent)

    def withdraw_document(env: Env) -> QDialog:
        return _open(d + "documents", "WithdrawDocumentDialog")(_document(env), env.parent)

    def personal_data_dialog(env: Env) -> QDialog:
        """Opened two years on, when the demo's imported members whose seats ended are due for erasure."""
        clock = env.ready.clock
        assert isinstance(clock, FixedClock)
        before = clock.now()
        clock.set_day(dt.date(2028, 12, 1))
        try:
            return _open(d + "personal_data", "PersonalDataDialog")(env.ready, env.parent)
        finally:
            clock.set(before)

    def screen_chooser(env: Env) -> QDialog:
        return _open(d + "projector_screen", "ScreenDialog")(env.parent)

    def restore(env: Env) -> QDialog:
        """The restore dialog saying that the chosen backup is older than the open database."""
        from osgo_desktop.services import backup

        module = importlib.import_module(d + "backup")
        dialog: QDialog = module.RestoreDialog(env.ready, env.parent)
        at = dt.datetime(2026, 3, 2, 9, 30)
        manifest = backup.Manifest("sqlite", "0013", at.isoformat(), 40, "0" * 64, at.isoformat(), ())
        later = at + dt.timedelta(days=30)
        comparison = backup.HeadComparison("older", (96, "1" * 64), (40, "0" * 64), later, at, 56, at)
        dialog.set_path("/home/secretariat/Backups/osgo.vote-2026-04-20260302-093000.osgo-backup")  # type: ignore[attr-defined]
        dialog.show_comparison(manifest, comparison)  # type: ignore[attr-defined]
        return dialog

    def bug(env: Env) -> QDialog:
        try:
            raise RuntimeError("a bug shown to the user")
        except RuntimeError as exc:
            return _open(d + "errors", "BugDialog")(exc, env.parent)

    return {
        d + "actions.AnnounceDialog": lambda env: _open(d + "actions", "AnnounceDialog")(
            "2026/05", env.ready.clock, env.parent
        ),
        d + "actions.CancelDialog": lambda env: _open(d + "actions", "CancelDialog")("2026/05", env.parent),
        d + "application.ApplicationDialog": application,
        d + "audit.AuditDialog": lambda env: _open(d + "audit", "AuditDialog")(env.ready, env.parent),
        d + "backup.BackupDialog": lambda env: _open(d + "backup", "BackupDialog")(env.ready, env.parent),
        d + "backup.RestoreDialog": restore,
        d + "competition.CompetitionDialog": new_competition,
        d + "composition_import.CompositionImportForm": lambda env: _open(
            d + "composition_import", "CompositionImportForm"
        )(env.ready.call(registries.list_bodies), None, env.parent),
        d + "composition_import.CompositionPreviewDialog": lambda env: _open(
            d + "composition_import", "CompositionPreviewDialog"
        )(_composition_preview(env.ready), env.parent),
        d + "compositions.DepartureDialog": departure,
        d + "compositions.FillDialog": fill,
        d + "documents.DocumentTypeDialog": document_type,
        d + "documents.WithdrawDocumentDialog": withdraw_document,
        d + "errors.BugDialog": bug,
        d + "guide.GuideDialog": lambda env: _open(d + "guide", "GuideDialog")(env.ready, env.parent),
        d + "import_preview.ImportPreviewDialog": lambda env: _open(d + "import_preview", "ImportPreviewDialog")(
            _bulk_preview(env.ready), env.parent
        ),
        d + "personal_data.PersonalDataDialog": personal_data_dialog,
        d + "profile.ProfileDialog": lambda env: _open(d + "profile", "ProfileDialog")(_profile(env.ready), env.parent),
        d + "projector_screen.ScreenDialog": screen_chooser,
        d + "protocols.AmendDialog": amend,
        d + "protocols.ProtocolFactsDialog": facts,
        d + "registries.AssociationForm": lambda env: _open(d + "registries", "AssociationForm")(
            env.ready.call(registries.association_choices), env.ready.call(registries.list_associations)[0], env.parent
        ),
        d + "registries.BodyForm": lambda env: _open(d + "registries", "BodyForm")(
            env.ready.call(registries.list_bodies)[0], env.parent
        ),
        d + "registries.CountingForm": counting_form,
        d + "registries.MemberForm": member_form,
        d + "registries.OrganizationForm": lambda env: _open(d + "registries", "OrganizationForm")(
            env.ready.call(registries.list_organizations)[0], env.parent
        ),
        d + "registries.RegistryDialog": registry,
        d + "screening.ConflictDialog": conflict,
        d + "screening.ScreeningSessionDialog": screening_session,
        d + "screening.VerdictDialog": verdict,
        d + "verify.VerifyDialog": lambda env: _open(d + "verify", "VerifyDialog")(env.ready, env.parent),
        d + "connect.ConnectDialog": connect,
        d + "voting.CloseRoundDialog": close_round,
        d + "voting.LotsDialog": lots,
        d + "voting.SessionDialog": session,
        d + "voting.SettleDialog": settle,
        d + "voting.StrikeOutDialog": strike_out,
        "ui.widgets.due.CampaignDialog": campaign,
        **_account_factories(),
    }


def _account_factories() -> dict[str, Callable[[Env], QDialog]]:
    """Signing in and the accounts (issue 15): the demo's accounts."""
    from osgo_desktop.services import accounts

    d = "ui.dialogs."

    def roles(env: Env) -> QDialog:
        row = next(r for r in env.ready.call(accounts.list_accounts) if r.login == "secretary")
        return _open(d + "accounts", "RolesForm")(row, env.parent)

    def locked(env: Env) -> QDialog:
        dialog = _open(d + "sign_in", "SignInDialog")("secretary", env.ready.clock, env.parent, True)
        now = env.ready.clock.utc_naive()
        until = now + accounts.SIGN_IN_LOCK
        dialog.refuse(
            accounts.SignInLocked("Кадырова Мээрим Аскаровна", until, now), "Кадырова Мээрим Аскаровна", until
        )
        return dialog

    return {
        d + "sign_in.SignInDialog": locked,
        d + "sign_in.FirstAdministratorDialog": lambda env: _open(d + "sign_in", "FirstAdministratorDialog")(
            env.parent
        ),
        d + "sign_in.NewPasswordDialog": lambda env: _open(d + "sign_in", "NewPasswordDialog")(None, env.parent),
        d + "sign_in.StationPinDialog": lambda env: _open(d + "sign_in", "StationPinDialog")(True, env.parent),
        d + "accounts.AccountsDialog": lambda env: _open(d + "accounts", "AccountsDialog")(env.ready, env.parent),
        d + "accounts.AccountForm": lambda env: _open(d + "accounts", "AccountForm")(env.parent),
        d + "accounts.RolesForm": roles,
    }


FACTORIES = _factories()

#: bases that are never opened as they are
BASES = {
    "ui.widgets.forms.FormDialog",
    "ui.dialogs.documents._DocumentForm",
    "ui.dialogs.backup._TaskDialog",
    "ui.dialogs.voting._BothSidesForm",
    "ui.dialogs.registries._PersonForm",
}


def dialog_classes() -> set[str]:
    """Every QDialog subclass the app defines (module.name), found by importing every module of ``ui``."""
    found = set()
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, QDialog) and value.__module__ == info.name:
                found.add(f"{info.name}.{name}")
    return found


# --- the screen ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def closed_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """``osgo demo --full``: 2026/04 voted, closed, its protocols issued, a member replaced."""
    path = tmp_path_factory.mktemp("closed") / "closed.sqlite"
    copy_database(migrated_template, path)
    database = Database.open(sqlite_url(path), pinned_clock())
    with database.uow() as unit:
        demo.load_demo(unit, database.document_store(), full=True)
    database.close()
    return path


@pytest.fixture
def env(
    qtbot: QtBot, tmp_path: Path, demo_template: Path, closed_template: Path, settings: Settings, home: Path
) -> Iterator[Env]:
    with ExitStack() as stack:
        ready_db = stack.enter_context(
            contextmanager(opened_copy)(demo_template, tmp_path / "r.sqlite", pinned_clock())
        )
        closed_db = stack.enter_context(
            contextmanager(opened_copy)(closed_template, tmp_path / "c.sqlite", pinned_clock())
        )
        ready, closed = AppContext(ready_db, settings, ready_db.clock), AppContext(closed_db, settings, closed_db.clock)
        parent = QWidget()
        qtbot.addWidget(parent)
        i18n.set_language("ky")
        yield Env(ready, closed, parent)
        for ctx in (ready, closed):
            ctx.tasks.cancel_all()
            ctx.tasks.wait()


def visible_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` in sight, in its window's coordinates: cut by each parent (a scroll area's viewport
    among them)."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def problems(dialog: QDialog) -> list[str]:
    """What is out of sight or cut on the dialog as shown."""
    found = []
    screen = dialog.screen().availableGeometry()
    if not screen.contains(dialog.frameGeometry()):
        found.append(f"the window {dialog.frameGeometry()} runs off the screen {screen}")
    room = screen_room(dialog)
    at_full_height = dialog.height() >= room.height()
    at_full_width = dialog.width() >= room.width()
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractScrollArea)
    for widget in dialog.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisibleTo(dialog) or widget.parent() is None:
            continue
        if isinstance(widget, QScrollArea) or isinstance(widget.parentWidget(), QAbstractScrollArea):
            continue  # the form's own scroll area; a scroll bar's own buttons
        if any(isinstance(w, (QComboBox, QAbstractSpinBox)) for w in _ancestors(widget)):
            continue  # a combo's or a spin box's own line edit
        name = f"{type(widget).__name__} «{getattr(widget, 'text', lambda: '')()}»"
        seen = visible_rect(widget)
        scrolled = any(isinstance(w, QScrollArea) for w in _ancestors(widget))
        if seen.size() != widget.size() and not (scrolled and at_full_height):
            found.append(f"{name} is out of sight: {seen.size().toTuple()} of {widget.size().toTuple()} shown")
        wanted = min(widget.sizeHint().width(), widget.maximumWidth())  # a field kept narrow on purpose
        if isinstance(widget, QComboBox):  # the choice it shows (the list opens as wide as its longest item)
            wanted = min(wanted, widget.fontMetrics().horizontalAdvance(widget.currentText()) + 40)
        cut = isinstance(widget, (QLineEdit, QComboBox, QAbstractButton)) and widget.width() < wanted - 2
        if cut and not at_full_width:
            found.append(f"{name} is {widget.width()} px wide of the {wanted} it needs")
        if isinstance(widget, QTableView) and widget.horizontalScrollBar().maximum() > 0 and not at_full_width:
            found.append(f"{name}'s columns are cut: it scrolls sideways in a dialog narrower than the screen")
    return found


def _ancestors(widget: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        yield parent
        parent = parent.parentWidget()


def test_every_dialog_is_opened() -> None:
    """A new dialog class cannot be forgotten here: each has its way in, or is a base."""
    assert dialog_classes() - BASES - set(FACTORIES) == set()
    assert set(FACTORIES) - dialog_classes() == set()


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_the_dialog_fits_the_screen(qtbot: QtBot, env: Env, name: str) -> None:
    dialog = FACTORIES[name](env)
    qtbot.addWidget(dialog)
    if isinstance(dialog, FormDialog):
        dialog.retranslate()
    dialog.show()
    qtbot.waitExposed(dialog)
    buttons = {button: button.mapTo(dialog, QPoint(0, 0)) for button in dialog.findChildren(QAbstractButton)}
    qtbot.wait(50)  # whatever it lays out after showing
    moved = [b.text() for b, at in buttons.items() if b.isVisible() and b.mapTo(dialog, QPoint(0, 0)) != at]
    assert not moved, f"{name}: buttons moved after the dialog showed: {moved}"  # OK jumped as it laid itself out
    if shots := os.environ.get("OSGO_TEST_SHOTS"):
        dialog.grab().save(str(Path(shots) / f"{name.rsplit('.', 1)[1]}.png"))
    found = problems(dialog)
    assert not found, f"{name} at {dialog.size().toTuple()}:\n" + "\n".join(found)

"""The menus and buttons follow the signed-in person's roles: an observer finds every action that writes disabled, its
tooltip naming the role it needs, and can still read everything."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from osgo_desktop.domain.roles import Action, Principal, Role
from osgo_desktop.services import competitions
from osgo_desktop.storage.uow import Database
from ui.context import AppContext
from ui.main_window import MainWindow

OBSERVER = Principal(account_id=None, login="obs", name="Oksana Observer", roles=frozenset({Role.OBSERVER}))
SECRETARY = Principal(account_id=None, login="sec", name="Sara Secretary", roles=frozenset({Role.SECRETARIAT}))


def open_as(qtbot: QtBot, ctx: AppContext, principal: Principal) -> MainWindow:
    ctx.db.principal = principal  # signed in before the window opens
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def announced(db: Database) -> int:
    with db.uow() as uow:
        return next(c.id for c in competitions.list_competitions(uow) if c.number == "2026/01")


def draft(db: Database) -> int:
    with db.uow() as uow:
        return next(c.id for c in competitions.list_competitions(uow) if c.number == "2026/02")


def test_an_observer_reads_but_every_action_that_writes_is_disabled(
    qtbot: QtBot, ctx: AppContext, demo_db: Database
) -> None:
    window = open_as(qtbot, ctx, OBSERVER)
    assert not ctx.may(Action.EDIT_COMPETITIONS) and ctx.may(Action.EXPORT_RECORD)
    writing = (window.new_action, window.import_compositions_action, window.demo_vote_action)
    for action in (*writing, window.backup_action, window.restore_action):
        assert not action.isEnabled()
    assert "Secretariat" in window.new_action.toolTip()
    assert "Administrator" in window.import_compositions_action.toolTip()
    # reading stays open
    for action in (window.competitions_action, window.compositions_action, window.audit_action, window.find_action):
        assert action.isEnabled()

    window.ws.open_competition(draft(demo_db))
    page = window.competition_page
    for button in (page.edit_button, page.cancel_button, page.announce_button):
        assert not button.isEnabled(), button.text()
    assert page.edit_button.toolTip() == "Needs the role: Secretariat"

    window.ws.open_applications(announced(demo_db))
    applications = window.ws.applications_page
    assert not applications.register_button.isEnabled() and not applications.import_button.isEnabled()

    registry = window.ws.open_bodies()
    qtbot.waitExposed(registry)
    assert registry.table.model().rowCount() > 0  # the observer reads the registry
    assert not registry.add_button.isEnabled() and not registry.edit_button.isEnabled()
    assert "Administrator" in registry.add_button.toolTip()
    registry.close()

    profile = window.ws.open_profile()  # the observer reads the regulation profile but cannot save it
    assert not profile.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    profile.reject()


def test_signing_in_as_another_role_brings_its_actions_back(qtbot: QtBot, ctx: AppContext, demo_db: Database) -> None:
    window = open_as(qtbot, ctx, OBSERVER)
    window.ws.open_competition(draft(demo_db))
    page = window.competition_page
    assert not page.edit_button.isEnabled()
    ctx.set_principal(SECRETARY)
    assert window.new_action.isEnabled() and page.edit_button.isEnabled()
    assert page.edit_button.toolTip() != "Needs the role: Secretariat"
    assert window.demo_vote_action.isEnabled() == ctx.demo  # the secretariat holds it (as the people who would)
    ctx.set_principal(OBSERVER)
    assert not window.new_action.isEnabled() and not page.edit_button.isEnabled()


def test_a_guarded_button_stays_the_page_s_to_enable(qtbot: QtBot, ctx: AppContext) -> None:
    """The page's own reasons to disable a button hold whoever signs in; the role's hold whatever the page wants."""
    ctx.db.principal = OBSERVER
    button = QPushButton("Announce")
    qtbot.addWidget(button)
    button.setToolTip("Publish the announcement")
    ctx.guard(button, Action.ANNOUNCE)
    assert not button.isEnabled() and button.toolTip() == "Needs the role: Secretariat"
    button.setEnabled(True)  # the page enables it: the role still refuses
    assert not button.isEnabled()
    ctx.set_principal(SECRETARY)
    assert button.isEnabled() and button.toolTip() == "Publish the announcement"
    button.setEnabled(False)  # the page's own reason (the wrong stage)
    ctx.set_principal(OBSERVER)
    ctx.set_principal(SECRETARY)
    assert not button.isEnabled()
    button.setEnabled(True)
    assert button.isEnabled()
    ctx.set_principal(None)  # signed out
    assert not button.isEnabled()

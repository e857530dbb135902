"""The meeting room seen from the window: a form saved after another workstation changed its record stays open with
what was typed and says who changed it; on a server database, another process's commit reaches the screens."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from osgo_desktop.changes import Area, Changes
from osgo_desktop.domain.registry import StateBodyDraft
from osgo_desktop.services import competitions, demo, registries
from osgo_desktop.storage.uow import Database
from tests.conftest import empty_postgres, pinned_clock
from ui.context import AppContext
from ui.dialogs.registries import BODIES, RegistryDialog
from ui.settings import Settings

BAKYT = "Бакыт Асанов (bakyt)"
PG_URL = os.environ.get("OSGO_TEST_POSTGRES_URL", "")


def test_a_form_saved_after_another_workstation_changed_its_record_keeps_the_input(
    qtbot: QtBot, ctx: AppContext, demo_db: Database
) -> None:
    messages: list[str] = []
    ctx.message_handler = lambda message, _parent: messages.append(message)
    registry = RegistryDialog(ctx, BODIES)
    qtbot.addWidget(registry)
    row = registry.model.row_at(0)
    form = registry.open_form(row)
    # meanwhile, at another workstation
    with demo_db.uow(actor=BAKYT) as uow:
        registries.save_body(
            uow,
            StateBodyDraft(row.name.ky + " (Бакыт)", row.name.ru, row.name.en, code=row.code),
            row.id,
            row.row_version,
        )
    form.name_ky.setText("Typed here")  # type: ignore[attr-defined]
    form.submit()
    assert form.isVisible()  # not closed: what was typed is still there to copy
    assert form.name_ky.text() == "Typed here"  # type: ignore[attr-defined]
    assert len(messages) == 1 and BAKYT in messages[0] and "still in the form" in messages[0]
    with demo_db.uow() as uow:
        assert row.name.ky + " (Бакыт)" in {b.name.ky for b in registries.list_bodies(uow)}  # theirs stands


@pytest.fixture
def server_ctx(settings: Settings, home: object) -> Iterator[tuple[AppContext, Database]]:
    if not PG_URL:
        pytest.skip("OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
    empty_postgres(PG_URL)
    here, there = Database.open(PG_URL, pinned_clock()), Database.open(PG_URL, pinned_clock())
    with there.uow() as uow:
        demo.load_demo(uow)
    context = AppContext(None, settings, here.clock)
    context.attach(here)
    assert context.live is not None and context.live.listening.wait(10)
    yield context, there
    context.close()
    there.close()


def test_another_workstations_commit_reaches_the_screens(qtbot: QtBot, server_ctx: tuple[AppContext, Database]) -> None:
    context, there = server_ctx
    with there.uow() as uow:
        competition_id = competitions.list_competitions(uow)[0].id
    with qtbot.waitSignal(context.changed, timeout=5000) as heard, there.uow() as uow:
        uow.competitions.require(competition_id).notes = "from the other machine"
        uow.commit()
    assert heard.args is not None
    assert heard.args[0].touches(Area.COMPETITIONS, competition_id)
    # its own commit it announced itself, once: its notice, which the server sends before the next one, is skipped
    seen: list[Changes] = []
    context.changed.connect(seen.append)
    draft = context.call(competitions.draft_of, competition_id)
    context.call(competitions.update_competition, competition_id, dataclasses.replace(draft, notes="here"))
    with qtbot.waitSignal(context.changed, timeout=5000), there.uow() as uow:
        uow.bodies.require(registries.list_bodies(uow)[0].id).code = "OTHER"
        uow.commit()
    assert [found.areas for found in seen] == [{Area.COMPETITIONS}, {Area.REGISTRIES}]


def test_the_voting_page_and_its_projector_follow_a_paper_confirmed_on_another_machine(
    qtbot: QtBot, settings: Settings, home: object
) -> None:
    if not PG_URL:
        pytest.skip("OSGO_TEST_POSTGRES_URL is not set (no PostgreSQL server)")
    import sys
    from pathlib import Path

    from osgo_desktop.domain.voting import Side
    from osgo_desktop.services import voting
    from ui.pages.voting import VotingPage

    empty_postgres(PG_URL)
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    import meeting_station  # type: ignore[import-not-found]

    clock = pinned_clock()
    room = meeting_station.open_round(PG_URL, clock.now())
    here, there = Database.open(PG_URL, clock), Database.open(PG_URL, clock)
    context = AppContext(None, settings, clock)
    try:
        context.attach(here)
        assert context.live is not None and context.live.listening.wait(10)
        page = VotingPage(context)
        qtbot.addWidget(page)
        with here.uow() as uow:
            page.show_competition(voting.get_round(uow, room["round"]).competition_id, room["round"])
        page.show()
        projector = page.open_projector()
        assert projector.state is not None and projector.state.ballots_entered_once == 0
        paper = room["papers"][0]
        for side in (Side.SECRETARIAT, Side.COUNTING):  # both entries of paper 1, at the other machine
            entrant = meeting_station.sign_in_station(there, room["round"], side)
            there.run(voting.record_entry, room["round"], entrant, 1, paper)
        qtbot.waitUntil(lambda: projector.state is not None and projector.state.ballots_agreed == 1, timeout=5000)
        assert page.view is not None and page.view.entered == {Side.SECRETARIAT: 1, Side.COUNTING: 1}
    finally:
        context.close()
        there.close()


def test_a_dropped_server_connection_is_said_and_the_screens_reload_once_it_is_back(
    qtbot: QtBot, server_ctx: tuple[AppContext, Database]
) -> None:
    context, there = server_ctx
    # the server ends the listener's session, as a restart of the server would
    with (
        qtbot.waitSignal(context.server_connection_changed, timeout=5000) as lost,
        there.engine.begin() as connection,
    ):
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND query LIKE 'LISTEN%'"
            )
        )
    assert lost.args == [False]
    with (
        qtbot.waitSignal(context.server_connection_changed, timeout=10_000) as back,
        qtbot.waitSignal(context.changed, timeout=10_000) as reload,
    ):
        pass
    assert back.args == [True]
    assert reload.args is not None and reload.args[0] == Changes.everything()  # notices missed meanwhile: reload all


def test_a_notice_delivered_after_the_database_closed_reaches_no_screen(
    qtbot: QtBot, server_ctx: tuple[AppContext, Database]
) -> None:
    """A notice the listener heard just before the database was closed arrives on the GUI thread afterwards: the
    screens must not read the closed database for it (that would open a server session nobody ends)."""
    context, _there = server_ctx
    listener = context.live
    assert listener is not None
    seen: list[Changes] = []
    context.changed.connect(seen.append)
    listener.changed.emit(Changes.everything())
    assert seen == [Changes.everything()]  # while open, it is passed on
    context.close()
    listener.changed.emit(Changes.everything())
    assert seen == [Changes.everything()]

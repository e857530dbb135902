"""Pages reload only what a committed change touches, and only while they are on screen (ui.context.Reloader)."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from osgo_desktop.changes import Area, Changes
from ui.context import AppContext, Reloader


def _stack(qtbot: QtBot, ctx: AppContext) -> tuple[QStackedWidget, QWidget, QWidget, list[str]]:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    shown, hidden = QWidget(stack), QWidget(stack)
    stack.addWidget(shown)
    stack.addWidget(hidden)
    reloads: list[str] = []
    Reloader(shown, ctx, Area.VOTE, lambda: reloads.append("shown"), lambda: 4)
    Reloader(hidden, ctx, (Area.APPLICATIONS, Area.VOTE), lambda: reloads.append("hidden"), lambda: 4)
    stack.show()
    qtbot.waitExposed(stack)
    return stack, shown, hidden, reloads


def test_the_page_on_screen_reloads_at_once_a_hidden_one_when_shown(qtbot: QtBot, ctx: AppContext) -> None:
    stack, _shown, hidden, reloads = _stack(qtbot, ctx)
    ctx.announce(Changes(frozenset({Area.VOTE}), frozenset({4})))
    assert reloads == ["shown"]
    ctx.announce(Changes(frozenset({Area.VOTE}), frozenset({4})))
    assert reloads == ["shown", "shown"]  # the hidden page reloads once, however many changes it missed
    stack.setCurrentWidget(hidden)
    assert reloads == ["shown", "shown", "hidden"]
    stack.setCurrentIndex(0)
    stack.setCurrentWidget(hidden)
    assert reloads == ["shown", "shown", "hidden"]  # shown again with nothing new: no reload


def test_changes_elsewhere_reload_nothing(qtbot: QtBot, ctx: AppContext) -> None:
    stack, _shown, hidden, reloads = _stack(qtbot, ctx)
    ctx.announce(Changes(frozenset({Area.VOTE}), frozenset({5})))  # another competition
    ctx.announce(Changes(frozenset({Area.PROTOCOLS}), frozenset({4})))  # an area neither page shows
    ctx.announce(Changes())  # a query
    stack.setCurrentWidget(hidden)
    assert reloads == []
    ctx.refresh_all()
    assert reloads == ["hidden"]


def test_a_page_shown_again_is_told_every_change_it_missed(qtbot: QtBot, ctx: AppContext) -> None:
    stack, _shown, hidden, _reloads = _stack(qtbot, ctx)
    reloader = hidden.findChild(Reloader)
    assert isinstance(reloader, Reloader)
    ctx.announce(Changes(frozenset({Area.APPLICATIONS}), frozenset({4})))
    ctx.announce(Changes(frozenset({Area.VOTE}), frozenset({4})))
    stack.setCurrentWidget(hidden)
    assert reloader.changes.areas == {Area.APPLICATIONS, Area.VOTE}
    reloader.fresh()  # loaded another way: what it missed is dropped
    ctx.announce(Changes(frozenset({Area.VOTE}), frozenset({4})))
    assert reloader.changes.areas == {Area.VOTE}

"""Menus and buttons that carry out an action are disabled for a signed-in person who may not do it, with a tooltip
naming the role it needs (the use case refuses it anyway: ``domain.roles``; this only spares a refusal).

A guarded button stays the page's to enable: when the page enables it, the guard keeps it disabled while the person
may not; when someone else signs in, it comes back as the page wanted it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from osgo_desktop.domain import roles
from osgo_desktop.domain.roles import Action, Principal
from osgo_desktop.i18n import _


def needed_roles(actions: Sequence[Action]) -> str:
    """The tooltip of a refused button: which role it needs."""
    names = sorted({roles.role_label(role) for action in actions for role in roles.PERMISSIONS[action]})
    return _("Needs the role: {roles}").format(roles=", ".join(names))


class Guard(QObject):
    """Keeps one widget or QAction disabled while ``permitted()`` is false (see the module's docstring)."""

    def __init__(
        self, target: QWidget | QAction, actions: Sequence[Action], principal: Callable[[], Principal | None]
    ) -> None:
        super().__init__(target)
        self.target = target
        self.actions = tuple(actions)
        self._principal = principal
        self._applying = False
        #: what the page wants: enabled or not, and its own tooltip
        self.wanted = self._enabled_by_page()
        self.tooltip = self._own_tooltip()
        if isinstance(target, QAction):
            target.enabledChanged.connect(self._on_enabled_changed)
            target.changed.connect(self._on_tooltip_changed)
        else:
            target.installEventFilter(self)
        self.apply()

    @property
    def permitted(self) -> bool:
        principal = self._principal()
        return all(roles.allowed(principal, action) for action in self.actions)

    def apply(self) -> None:
        """Enable or disable the target for who is signed in now (and the tooltip in the language now)."""
        self._applying = True
        try:
            permitted = self.permitted
            self.target.setEnabled(self.wanted and permitted)
            self.target.setToolTip(self.tooltip if permitted else needed_roles(self.actions))
        finally:
            self._applying = False

    def _on_enabled_changed(self) -> None:
        """The page enabled or disabled the target: that is what it wants; the role still decides."""
        if self._applying:
            return
        self.wanted = self._enabled_by_page()
        if self.wanted and not self.permitted:
            self.apply()

    def _on_tooltip_changed(self) -> None:
        """The page gave the target a tooltip (or, for a QAction, changed anything): keep it for when the role
        allows; while it does not, the tooltip names the role."""
        if self._applying:
            return
        refusal = needed_roles(self.actions)
        tip = self._own_tooltip()
        if tip != refusal:
            self.tooltip = tip
        if not self.permitted and self.target.toolTip() != refusal:
            self.apply()

    def _enabled_by_page(self) -> bool:
        """Whether the page itself enabled the target (not merely its parent)."""
        if isinstance(self.target, QAction):
            return self.target.isEnabled()
        return not self.target.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)

    def _own_tooltip(self) -> str:
        """The target's tooltip; for a QAction, "" when it only repeats the action's text (Qt's default)."""
        tip = self.target.toolTip()
        if isinstance(self.target, QAction) and tip == self.target.text().replace("&", "").removesuffix("…"):
            return ""
        return tip

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target:
            if event.type() == QEvent.Type.EnabledChange:
                self._on_enabled_changed()
            elif event.type() == QEvent.Type.ToolTipChange:
                self._on_tooltip_changed()
        return False

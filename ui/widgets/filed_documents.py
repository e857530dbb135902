"""The documents filed under one application: those that count, then those kept but set aside (replaced versions
struck through and greyed, withdrawn ones with their reason), each with its history in the tooltip; and what can be
done to a document — open it, change its type, replace it, withdraw it — from the context menu, the buttons below
the list or the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QMenu, QToolButton, QVBoxLayout, QWidget

from osgo_desktop import i18n
from osgo_desktop.i18n import _
from osgo_desktop.services.documents import DocumentRow

#: the colour of a document kept but no longer counted
SET_ASIDE_COLOUR = "#777777"


def document_text(document: DocumentRow) -> str:
    """How the list names a document, in the current language."""
    lang = i18n.current_language()
    text = _("{type}: {name} ({size}, version {version})").format(
        type=document.type_label.get(lang),
        name=document.display_name,
        size=i18n.format_size(document.size, lang),
        version=document.version,
    )
    if document.withdrawn_at is not None:
        return _("{document} — withdrawn: {reason}").format(document=text, reason=document.withdraw_reason)
    if document.superseded:
        return _("{document} — replaced by a newer version").format(document=text)
    return text


class DocumentList(QWidget):
    """Signals, each with the document's id: ``open_requested``, ``retype_requested``, ``replace_requested``,
    ``withdraw_requested``. Only a current document can be changed, and only while :meth:`set_editable` allows."""

    open_requested = Signal(int)
    retype_requested = Signal(int)
    replace_requested = Signal(int)
    withdraw_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[int, DocumentRow] = {}
        self.editable = False
        self.list = QListWidget(self)
        # a long file name or reason wraps rather than hiding behind a scroll bar on a laptop's narrow panel
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu)
        self.list.itemDoubleClicked.connect(lambda _item: self._emit(self.open_requested))
        self.list.currentItemChanged.connect(lambda _current, _previous: self._update_actions())
        self.open_action = self._action(self.open_requested, QKeySequence(Qt.Key.Key_Return))
        self.retype_action = self._action(self.retype_requested, QKeySequence(Qt.Key.Key_F2))
        self.replace_action = self._action(self.replace_requested, QKeySequence("Ctrl+R"))
        self.withdraw_action = self._action(self.withdraw_requested, QKeySequence(QKeySequence.StandardKey.Delete))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QToolButton] = []
        for action in self.actions():
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
            self.buttons.append(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self._update_actions()

    def _action(self, signal: SignalInstance, shortcut: QKeySequence) -> QAction:
        action = QAction(self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: self._emit(signal))
        self.addAction(action)
        return action

    def retranslate(self) -> None:
        self.open_action.setText(_("Open"))
        self.retype_action.setText(_("Change type…"))
        self.replace_action.setText(_("Replace…"))
        self.withdraw_action.setText(_("Withdraw the document…"))
        for action in self.actions():
            action.setToolTip(f"{action.text()} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        self.set_documents(tuple(self.rows.values()))

    # --- showing ---------------------------------------------------------------------------------------------
    def set_documents(self, rows: tuple[DocumentRow, ...]) -> None:
        """Show ``rows``: the current ones as filed, the others greyed and struck through (a withdrawn one with its
        reason), each one's history in its tooltip; the selection stays on the same document if it is still there."""
        selected = self.current_id()
        self.rows = {row.id: row for row in rows}
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(document_text(row))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            lines = [_("SHA-256: {hash}").format(hash=row.sha256), *(event.text() for event in row.history)]
            item.setToolTip("\n".join(lines))
            if not row.current:
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
                item.setForeground(QColor(SET_ASIDE_COLOUR))
            self.list.addItem(item)
            if row.id == selected:
                self.list.setCurrentItem(item)
        self._update_actions()

    def set_editable(self, editable: bool) -> None:
        """Whether documents can be put right (the intake is open and the application not withdrawn)."""
        self.editable = editable
        self._update_actions()

    def count(self) -> int:
        return self.list.count()

    def item(self, row: int) -> QListWidgetItem:
        return self.list.item(row)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def select(self, document_id: int) -> None:
        for index in range(self.list.count()):
            if self.list.item(index).data(Qt.ItemDataRole.UserRole) == document_id:
                self.list.setCurrentRow(index)
                return

    def _update_actions(self) -> None:
        row = self.rows.get(self.current_id() or 0)
        self.open_action.setEnabled(row is not None)
        changeable = row is not None and row.current and self.editable
        for action in (self.retype_action, self.replace_action, self.withdraw_action):
            action.setEnabled(changeable)

    def _emit(self, signal: SignalInstance) -> None:
        document_id = self.current_id()
        if document_id is not None:
            signal.emit(document_id)

    def context_menu(self) -> QMenu:
        """The menu a right-click on the current document opens (made anew each time: a test reads it)."""
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        for action in (self.retype_action, self.replace_action, self.withdraw_action):
            menu.addAction(action)
        return menu

    def _on_list_context_menu(self, position: QPoint) -> None:
        item = self.list.itemAt(position)
        if item is None:
            return
        self.list.setCurrentItem(item)
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.list.viewport().mapToGlobal(position))

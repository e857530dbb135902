"""The projector view of the rating vote: a second window, full screen on the meeting room's projector, that shows
the audience the ballot count while ballots are entered and the ranking once the tally is final.

A pure view: it draws a :class:`~osgo_desktop.services.projector.ProjectorState` handed to :meth:`ProjectorWindow.
show_state` and decides nothing. Type is sized from the window, so the back row can read it on any projector.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont, QGuiApplication, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.domain.voting import STANDING_LABELS
from osgo_desktop.i18n import N_, _
from osgo_desktop.services.projector import ProjectorRow, ProjectorState, RowStatus
from ui.context import AppContext
from ui.models.table import Column, RowTableModel

#: a projector washes colours out: dark text on white, strong fills
INK: Final = "#111111"
PAPER: Final = "#ffffff"
MUTED: Final = "#555555"
RED: Final = "#b00020"
ELECTED_FILL: Final = "#bfe5c4"
TIE_FILL: Final = "#ffe08a"
SKIPPED_INK: Final = "#6b6b6b"

#: a text mark next to the colour, so that the status reads on a grey projector and for colour-blind eyes
STATUS_MARKS: Final[dict[RowStatus, str]] = {
    "elected": "✔",
    "tie": "=",
    "skipped": "–",
    "reserve": "",
    "pending": "…",
    "": "",
}


def status_text(status: RowStatus) -> str:
    """ "✔ Elected": the mark and the word, in the current language."""
    label = STANDING_LABELS[status]
    if not label:
        return ""
    mark = STATUS_MARKS[status]
    return f"{mark} {_(label)}" if mark else _(label)


def _number(value: int | None) -> str:
    return "—" if value is None else str(value)


RANKING_COLUMNS: Final[tuple[Column[ProjectorRow], ...]] = (
    Column(N_("Rank"), lambda row: _number(row.rank), align_right=True),
    Column(N_("No."), lambda row: str(row.number), align_right=True),
    Column(N_("Candidate"), lambda row: row.name),
    Column(N_("Votes"), lambda row: _number(row.votes), align_right=True),
    Column(
        N_("Result"),
        lambda row: status_text(row.status),
        color=lambda row: SKIPPED_INK if row.status == "skipped" else None,
    ),
)
#: the column that takes the width left over
RESULT_COLUMN: Final = 4


class RankingModel(RowTableModel[ProjectorRow]):
    """The ranking rows, with elected rows filled green and bold, tied rows filled amber."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(RANKING_COLUMNS, parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            status = self.row_at(index.row()).status
            if role == Qt.ItemDataRole.BackgroundRole:
                fill = {"elected": ELECTED_FILL, "tie": TIE_FILL}.get(status)
                return QBrush(QColor(fill)) if fill else None
            if role == Qt.ItemDataRole.FontRole and status == "elected":
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class _RankingView(QTableView):
    """The ranking, its rows as tall as the height allows (up to ``max_row_height``) and type to match."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_row_height = 64
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def fit(self) -> None:
        """Share the height among the header and the rows; size the type from the row height."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        row_height = max(16, min(self.max_row_height, self.height() // (rows + 1)))
        pixels = max(10, round(row_height * 0.66))
        font = QFont(self.font())
        font.setPixelSize(pixels)
        self.setFont(font)
        # The app's style sheet gives header sections a font of their own: only a style sheet sizes them.
        self.horizontalHeader().setStyleSheet(
            f"QHeaderView::section {{ font-size: {pixels}px; font-weight: bold; background: #e9edf2; color: {INK};"
            " border: none; border-bottom: 2px solid #1f4e79; padding: 0 0.25em; }"
        )
        self.horizontalHeader().setFixedHeight(row_height)
        self.verticalHeader().setDefaultSectionSize(row_height)
        if model is None:
            return
        header = self.horizontalHeader()
        for column in range(model.columnCount()):
            # The result takes the spare width, not the name: the votes stay next to the name they belong to.
            mode = (
                QHeaderView.ResizeMode.Stretch if column == RESULT_COLUMN else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()


class ProjectorWindow(QWidget):
    """The audience's window. :meth:`show_on` puts it full screen on a screen; F11 toggles full screen; Esc leaves
    full screen, and a second Esc closes it. It follows the app's language.

    Signals: ``closed()`` after the window was closed (by Esc, or by the window manager).
    """

    closed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.state: ProjectorState | None = None
        self.setObjectName("projector")
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            f"QWidget#projector, QWidget#projector QStackedWidget > QWidget {{ background: {PAPER}; }}"
            f"QWidget#projector QLabel {{ color: {INK}; background: transparent; }}"
            f"QWidget#projector QLabel#projectorMuted {{ color: {MUTED}; }}"
            f"QWidget#projector QTableView {{ background: {PAPER}; color: {INK}; gridline-color: #c8c8c8; }}"
        )

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("projectorMuted")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle.setWordWrap(True)
        self.phase_label = QLabel(self)
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setWordWrap(True)

        self.entry_page = QWidget(self)
        self.entered_label = QLabel(self.entry_page)
        self.entered_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entered_label.setWordWrap(True)
        self.agreed_label = QLabel(self.entry_page)
        self.agreed_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.disagreements_label = QLabel(self.entry_page)
        self.disagreements_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.once_label = QLabel(self.entry_page)
        self.once_label.setObjectName("projectorMuted")
        self.once_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        entry = QVBoxLayout(self.entry_page)
        entry.addStretch(2)
        entry.addWidget(self.entered_label)
        entry.addStretch(1)
        entry.addWidget(self.agreed_label)
        entry.addWidget(self.disagreements_label)
        entry.addWidget(self.once_label)
        entry.addStretch(3)

        self.model = RankingModel(self)
        self.table = _RankingView(self)
        self.table.setModel(self.model)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.entry_page)
        self.pages.addWidget(self.table)

        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.hide()

        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.subtitle)
        self._layout.addWidget(self.phase_label)
        self._layout.addWidget(self.pages, 1)
        self._layout.addWidget(self.note)

        ctx.language_changed.connect(self._on_ctx_language_changed)
        self.retranslate()
        self._fit_type()

    # --- data in --------------------------------------------------------------------------------------------
    def show_state(self, state: ProjectorState) -> None:
        """Show ``state`` (the whole picture: call again with a new state after every change)."""
        self.state = state
        ranking = state.phase != "entry"
        self.model.set_rows(state.rows if ranking else ())
        self.pages.setCurrentWidget(self.table if ranking else self.entry_page)
        # the composition is a list of names: the votes and ranks are each round's own (see the protocols)
        for column in (0, 3):
            self.table.setColumnHidden(column, state.phase == "composition")
        self.retranslate()
        self._fit_type()

    def show_on(self, screen: QScreen) -> None:
        """Full screen on ``screen`` (the projector)."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def retranslate(self) -> None:
        """Word everything again in the current language."""
        self.setWindowTitle(_("Rating vote — projector"))
        self.model.retranslate()
        state = self.state
        if state is None:
            for label in (self.title, self.subtitle, self.entered_label, self.agreed_label, self.once_label):
                label.clear()
            self.disagreements_label.clear()
            self.phase_label.setText(_("Rating vote"))
            self.note.hide()
            return
        self.title.setText(state.title)
        round_text = (
            _("Runoff, round {number}").format(number=state.round_number)
            if state.runoff
            else _("Round {number}").format(number=state.round_number)
        )
        self.subtitle.setText(
            " · ".join(
                (
                    _("Competition No. {number}").format(number=state.competition_number),
                    *([round_text] if state.phase != "composition" else []),
                    _("Seats to fill: {count}").format(count=state.seats),
                )
            )
        )
        if state.phase == "composition":
            self.phase_label.setText(_("The composition elected, and the reserve"))
        elif state.phase == "result":
            self.phase_label.setText(_("Result of the rating vote"))
        else:
            self.phase_label.setText(_("Ballots are being entered"))
        self.entered_label.setText(
            _("Ballots entered: {entered} of {expected}").format(
                entered=state.ballots_entered_once, expected=state.ballots_expected
            )
        )
        self.agreed_label.setText(_("Both entries agree: {count}").format(count=state.ballots_agreed))
        self.disagreements_label.setText(_("Disagreements: {count}").format(count=state.disagreements))
        self.disagreements_label.setStyleSheet(f"color: {RED if state.disagreements else INK};")
        waiting = state.ballots_entered_once - state.ballots_agreed - state.disagreements
        self.once_label.setText(_("Waiting for the second entry: {count}").format(count=max(0, waiting)))
        self.note.setText(state.note)
        self.note.setVisible(bool(state.note))

    # --- sizing -------------------------------------------------------------------------------------------------
    def _fit_type(self) -> None:
        """Type in proportion to the window: a "line" is 1/26 of the height (narrower windows scale by width)."""
        line = max(10, min(self.height() // 26, self.width() // 40))
        self._layout.setContentsMargins(line, line // 3, line, line // 3)
        self._layout.setSpacing(line // 4)
        # The ranking needs the height: a smaller head over the table than over the ballot count.
        result = self.state is not None and self.state.phase != "entry"
        sizes = (
            (self.title, 1.15 if result else 1.5, True),
            (self.subtitle, 0.95, False),
            (self.phase_label, 1.0 if result else 1.15, True),
            (self.entered_label, 3.0, True),
            (self.agreed_label, 1.7, False),
            (self.disagreements_label, 1.7, False),
            (self.once_label, 1.2, False),
            (self.note, 1.1, False),
        )
        for label, scale, bold in sizes:
            font = QFont(label.font())
            font.setPixelSize(round(line * scale))
            font.setBold(bold)
            label.setFont(font)
        self.table.max_row_height = round(line * 1.6)
        self.table.fit()

    # --- Qt overrides -----------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_type()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F11:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.showFullScreen()
        elif event.key() == Qt.Key.Key_Escape:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()

    # --- slots --------------------------------------------------------------------------------------------------
    def _on_ctx_language_changed(self, _lang: str) -> None:
        self.retranslate()


def default_screen(screens: list[QScreen], current: QScreen | None) -> QScreen | None:
    """The screen to offer first: with two or more, one that is not ``current`` (the main window's)."""
    if not screens:
        return None
    others = [screen for screen in screens if screen is not current]
    return others[0] if len(screens) > 1 and others else screens[0]


def screen_text(screen: QScreen, current: QScreen | None) -> str:
    """ "HDMI-1 — 1920 × 1080", with a mark on the screen the main window is on."""
    size = screen.geometry()
    text = f"{screen.name() or screen.model()} — {size.width()} × {size.height()}"
    return _("{screen} (main window)").format(screen=text) if screen is current else text


class ScreenDialog(QDialog):
    """Asks which screen the projector view goes on: every screen with its name and resolution."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Projector screen"))
        current = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
        self.screens = QGuiApplication.screens()
        self.prompt = QLabel(_("Show the vote for the audience on:"), self)
        self.list = QListWidget(self)
        for screen in self.screens:
            item = QListWidgetItem(screen_text(screen, current), self.list)
            item.setData(Qt.ItemDataRole.UserRole, screen.name())
        chosen = default_screen(self.screens, current)
        if chosen is not None:
            self.list.setCurrentRow(self.screens.index(chosen))
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        # Qt's own button texts have no Kyrgyz
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.list)
        layout.addWidget(self.buttons)

    def selected_screen(self) -> QScreen | None:
        row = self.list.currentRow()
        return self.screens[row] if 0 <= row < len(self.screens) else None

    def _on_list_item_activated(self, _item: QListWidgetItem) -> None:
        self.accept()


def choose_screen(parent: QWidget | None) -> QScreen | None:
    """Ask for the projector's screen (a modal dialog); ``None`` if the user cancelled or there is no screen."""
    dialog = ScreenDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.selected_screen()

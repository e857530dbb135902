"""The projector view of the rating vote: a second window, full screen on the meeting room's projector, that shows
the audience the ballot count while ballots are entered and the ranking once the tally is final.

A pure view: it draws a :class:`~osgo_desktop.services.projector.ProjectorState` handed to :meth:`ProjectorWindow.
show_state` and decides nothing. Type is sized from the window, so the back row can read it on any projector.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop.i18n import _
from osgo_desktop.services.projector import ProjectorState
from ui.context import AppContext
from ui.models.projector import RESULT_COLUMN, RankingModel

#: a projector washes colours out: dark text on white
INK: Final = "#111111"
PAPER: Final = "#ffffff"
MUTED: Final = "#555555"
RED: Final = "#b00020"


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

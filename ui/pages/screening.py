"""The screening of a competition: candidates × criteria, the Commission's verdicts, declarations of conflicts of
interest, the end of the screening and its protocol."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.changes import Area
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.eligibility import (
    SCREENING_STATUS_LABELS,
    CheckResult,
    Criterion,
    ScreeningStatus,
    criterion_label,
)
from osgo_desktop.domain.lifecycle import STATE_LABELS, State, TransitionError
from osgo_desktop.domain.registry import Role
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import N_, _
from osgo_desktop.services import applications, competitions, papers, registries
from osgo_desktop.services.applications import ScreeningGrid, ScreeningRow
from osgo_desktop.services.views import CommissionMemberRow, CompetitionDetail
from ui.context import AppContext, Reloader
from ui.dialogs.screening import ConflictDialog, ConflictInput, VerdictDialog, VerdictInput
from ui.models.table import ROW_ROLE, SORT_ROLE, Index, SortFilterProxy
from ui.widgets.documents import DocumentMaker, competition_folder, safe_file_name
from ui.widgets.forms import Banner, FormDialog
from ui.widgets.page_header import PageHeader

#: the header sections drawn upright (the criteria: narrow columns under long names)
ROTATED_ROLE: Final = Qt.ItemDataRole.UserRole + 10


class Mark(Enum):
    """What a cell of the grid says; the signs are the screening protocol's, so screen and paper read alike."""

    MET = "+"
    NOT_MET = "−"  # U+2212 MINUS SIGN
    PENDING = "?"


#: background and text colour of each mark (light backgrounds, dark text: readable, and printable in grey)
MARK_COLOURS: Final = {
    Mark.MET: ("#d9efd9", "#1b5e20"),
    Mark.NOT_MET: ("#f9d9d9", "#a00018"),
    Mark.PENDING: ("#ffe7b0", "#6d4200"),
}

STATUS_MARKS: Final = {
    ScreeningStatus.ADMITTED: Mark.MET,
    ScreeningStatus.NOT_ADMITTED: Mark.NOT_MET,
    ScreeningStatus.PENDING: Mark.PENDING,
}

_OPEN: Final = CheckResult(None)


@dataclass(frozen=True)
class Cell:
    """One candidate against one criterion: the mark, whether the data decided it, and the reason or the note."""

    mark: Mark
    by_data: bool
    text: str


def cell_of(row: ScreeningRow, criterion: Criterion) -> Cell:
    """As ``eligibility.decide`` reads it: the data decides when it can, else the Commission's verdict, else open."""
    check = row.checks.get(criterion.code, _OPEN)
    if check.passed is not None:
        return Cell(Mark.MET if check.passed else Mark.NOT_MET, True, check.reason)
    verdict = row.verdicts.get(criterion.code)
    if verdict is None:
        return Cell(Mark.PENDING, False, check.reason)
    return Cell(Mark.MET if verdict.passed else Mark.NOT_MET, False, verdict.note)


def cell_explanation(cell: Cell) -> str:
    """A sentence on a cell: what decided it and why."""
    if cell.by_data:
        if cell.mark is Mark.MET:
            return _("Met, according to the application's data.")
        return _("Not met: {reason}").format(reason=cell.text)
    if cell.mark is Mark.PENDING:
        waiting = _(SCREENING_STATUS_LABELS[ScreeningStatus.PENDING])
        return "\n".join(part for part in (waiting, cell.text) if part)
    if cell.mark is Mark.MET:
        return _("Met, by the Commission's verdict: {note}").format(note=cell.text or "—")
    return _("Not met, by the Commission's verdict: {note}").format(note=cell.text or "—")


#: why a verdict cannot change an automatic criterion the data decided
OVERRIDE_REFUSED: Final = N_("Decided by the data: it cannot be overridden; correct the application's data instead.")


class ScreeningModel(QAbstractTableModel):
    """The screening grid: registration number, full name, one column per criterion, the decision.

    Criterion cells show "+", "−" or "?" on a green, red or amber background, the reason or the Commission's
    note as tooltip. ``ROW_ROLE`` serves the :class:`ScreeningRow`, ``SORT_ROLE`` a sort key."""

    NUMBER: Final = 0
    NAME: Final = 1
    FIRST_CRITERION: Final = 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._criteria: tuple[Criterion, ...] = ()
        self._rows: tuple[ScreeningRow, ...] = ()

    # --- data in ------------------------------------------------------------------------------------------------
    def set_grid(self, grid: ScreeningGrid) -> None:
        self.beginResetModel()
        self._criteria, self._rows = grid.criteria, grid.rows
        self.endResetModel()

    def retranslate(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self._criteria

    @property
    def decision_column(self) -> int:
        return self.FIRST_CRITERION + len(self._criteria)

    def row_at(self, row: int) -> ScreeningRow:
        return self._rows[row]

    def rows(self) -> tuple[ScreeningRow, ...]:
        return self._rows

    def criterion_at(self, column: int) -> Criterion | None:
        offset = column - self.FIRST_CRITERION
        return self._criteria[offset] if 0 <= offset < len(self._criteria) else None

    def column_of(self, code: str) -> int:
        return self.FIRST_CRITERION + [c.code for c in self._criteria].index(code)

    def row_of(self, application_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.application.id == application_id), -1)

    # --- QAbstractTableModel ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._criteria) + 3

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        criterion = self.criterion_at(column)
        if criterion is not None:
            return self._criterion_data(row, criterion, role)
        if column == self.decision_column:
            return self._decision_data(row, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.application.display_number if column == self.NUMBER else row.application.full_name
        if role == SORT_ROLE:
            return row.application.number if column == self.NUMBER else kyrgyz_sort_key(row.application.full_name)
        return None

    def _criterion_data(self, row: ScreeningRow, criterion: Criterion, role: int) -> Any:
        cell = cell_of(row, criterion)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.mark.value
        if role == SORT_ROLE:
            return list(Mark).index(cell.mark)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            lines = [criterion_label(criterion, i18n.current_language()), cell_explanation(cell)]
            if cell.by_data:
                lines.append(_(OVERRIDE_REFUSED))
            return "\n".join(lines)
        return self._mark_data(cell.mark, role, centred=True)

    def _decision_data(self, row: ScreeningRow, role: int) -> Any:
        status = row.decision.status
        if role == Qt.ItemDataRole.DisplayRole:
            return _(SCREENING_STATUS_LABELS[status])
        if role == SORT_ROLE:
            return list(ScreeningStatus).index(status)
        if role == Qt.ItemDataRole.ToolTipRole:
            if status is ScreeningStatus.PENDING:
                names = [criterion_label(c, i18n.current_language()) for c in self._criteria]
                waiting = [n for c, n in zip(self._criteria, names, strict=True) if c.code in row.decision.missing]
                return _("Awaiting a verdict on: {criteria}").format(criteria="; ".join(waiting))
            return "\n".join(f"• {reason}" for reason in row.decision.reasons) or None
        return self._mark_data(STATUS_MARKS[status], role, centred=False)

    @staticmethod
    def _mark_data(mark: Mark, role: int, centred: bool) -> Any:
        background, text = MARK_COLOURS[mark]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(background))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(text))
        if role == Qt.ItemDataRole.TextAlignmentRole and centred:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.FontRole and centred:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
                return str(section + 1)
            return None
        if not 0 <= section < self.columnCount():
            return None
        criterion = self.criterion_at(section)
        if role == ROTATED_ROLE:
            return criterion is not None
        if criterion is not None:
            label = criterion_label(criterion, i18n.current_language())
            if role == Qt.ItemDataRole.DisplayRole:
                return label
            if role == Qt.ItemDataRole.ToolTipRole:
                how = _("Decided by the data") if criterion.automatic else _("Decided by the Commission's verdict")
                return "\n".join((label, how))
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == self.NUMBER:
            return _("Reg. No.")
        if section == self.NAME:
            return _("Full name")
        return _("Decision")


class RotatedHeader(QHeaderView):
    """A horizontal header that writes the sections the model marks with ``ROTATED_ROLE`` bottom to top, in up to
    two lines, so many narrow columns can carry long names (elided past ``MAX_TEXT`` pixels; the full name is the
    section's tooltip). The other sections are drawn as usual, at the bottom."""

    MAX_TEXT: Final = 170
    MIN_TEXT: Final = 60
    LINES: Final = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)

    def _rotated(self, logical: int) -> bool:
        model = self.model()
        return model is not None and bool(model.headerData(logical, self.orientation(), ROTATED_ROLE))

    def _text(self, logical: int) -> str:
        return str(self.model().headerData(logical, self.orientation(), Qt.ItemDataRole.DisplayRole) or "")

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self._font())

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)  # as the style sheet draws header sections
        return font

    @classmethod
    def wrap(cls, text: str, metrics: QFontMetrics, width: int) -> tuple[list[str], bool]:
        """``text`` in at most ``LINES`` lines of ``width`` pixels, the last one elided; True when all of it fits."""
        lines: list[str] = []
        words = text.split()
        while words and len(lines) < cls.LINES - 1:
            line = words.pop(0)
            while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
                line = f"{line} {words.pop(0)}"
            lines.append(line)
        rest = " ".join(words)
        if rest:
            lines.append(rest)
        fits = all(metrics.horizontalAdvance(line) <= width for line in lines)
        return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines], fits

    def _text_length(self, text: str, metrics: QFontMetrics) -> int:
        """The shortest length (in steps) at which ``text`` fits in its lines, at most ``MAX_TEXT``."""
        for length in range(self.MIN_TEXT, self.MAX_TEXT, 10):
            if self.wrap(text, metrics, length)[1]:
                return length
        return self.MAX_TEXT

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        if not self._rotated(logicalIndex):
            return super().sectionSizeFromContents(logicalIndex)
        metrics = self._metrics()
        length = self._text_length(self._text(logicalIndex), metrics)
        return QSize(metrics.lineSpacing() * self.LINES + 10, length + 18)

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not self._rotated(logicalIndex):
            super().paintSection(painter, rect, logicalIndex)
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = rect
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        painter.save()
        painter.setFont(self._font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        metrics = self._metrics()
        width = rect.height() - 16
        lines, _fits = self.wrap(self._text(logicalIndex), metrics, width)
        top = (rect.width() - metrics.lineSpacing() * len(lines)) // 2
        for number, line in enumerate(lines):
            area = QRect(9, top + number * metrics.lineSpacing(), width, metrics.lineSpacing())
            painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), line)
        painter.restore()


#: the states in which the screening protocol can be printed (a draft while screening, the record after)
PRINTABLE_STATES: Final = frozenset({State.SCREENING, State.SCREENED, State.VOTING, State.TALLIED, State.CLOSED})


class ScreeningPage(QWidget):
    """The screening of one competition, shown with :meth:`show_competition`.

    Signals: ``back_requested()``; ``document_ready(Path)`` — a screening protocol PDF was written and opened."""

    back_requested = Signal()
    document_ready = Signal(Path)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CompetitionDetail | None = None
        self.members: list[CommissionMemberRow] = []
        #: who decided the last verdict entered here: the next verdict dialog starts with it
        self.decided_by = ""
        self.dialog: FormDialog | None = None
        self.printer = DocumentMaker(ctx, self)
        self.printer.ready.connect(self.document_ready)

        header = PageHeader(self)
        self.back_button, self.title, self.state_label = header.back_button, header.title, header.state_label
        self.back_button.clicked.connect(self.back_requested)

        self.step_text = QLabel(self)
        self.step_text.setObjectName("stepText")
        self.step_text.setWordWrap(True)
        self.guard_text = QLabel(self)
        self.guard_text.setWordWrap(True)
        self.guard_text.setStyleSheet("color:#8a5300;")
        self.verdict_button = QPushButton(self)
        self.row_verdict_button = QPushButton(self)
        self.row_verdict_button.clicked.connect(self._on_row_verdict_clicked)
        self.conflict_button = QPushButton(self)
        self.start_button = QPushButton(self)
        self.start_button.setObjectName("primary")
        self.finish_button = QPushButton(self)
        self.finish_button.setObjectName("primary")
        self.place = QLineEdit(self)
        self.place.setMaxLength(300)
        self.place.setClearButtonEnabled(True)
        self.place.setMinimumWidth(180)
        self.pdf_ky = QPushButton(self)
        self.pdf_ru = QPushButton(self)
        self.verdict_button.clicked.connect(self._on_verdict_clicked)
        self.conflict_button.clicked.connect(self._on_conflict_clicked)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.finish_button.clicked.connect(self._on_finish_clicked)
        self.pdf_ky.clicked.connect(lambda: self.make_protocol("ky"))
        self.pdf_ru.clicked.connect(lambda: self.make_protocol("ru"))
        actions = QHBoxLayout()
        for button in (
            self.verdict_button,
            self.row_verdict_button,
            self.conflict_button,
            self.start_button,
            self.finish_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        printing = QHBoxLayout()  # a second row: one row of everything would not fit a laptop screen
        printing.addWidget(self.place, 1)
        printing.addWidget(self.pdf_ky)
        printing.addWidget(self.pdf_ru)
        step_box = QFrame(self)
        step_box.setObjectName("stepBox")
        step_layout = QVBoxLayout(step_box)
        step_layout.addWidget(self.step_text)
        step_layout.addWidget(self.guard_text)
        step_layout.addLayout(actions)
        step_layout.addLayout(printing)

        self.message = Banner(self)

        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.attention = QCheckBox(self)
        self.attention.toggled.connect(self._on_attention_toggled)
        self.summary = QLabel(self)
        self.summary.setObjectName("screeningSummary")
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 2)
        filters.addWidget(self.attention)
        filters.addStretch(1)
        filters.addWidget(self.summary)

        self.model = ScreeningModel(self)
        self.proxy = SortFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setHorizontalHeader(RotatedHeader(self.view))
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(ScreeningModel.NUMBER, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        self.model.modelReset.connect(self._fit_columns)
        self.conflicts = QLabel(self)
        self.conflicts.setWordWrap(True)
        self.conflicts.setStyleSheet("color:#8a5300;")
        self.conflicts.hide()
        self.cell_text = QLabel(self)
        self.cell_text.setWordWrap(True)
        self.cell_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cell_text.setMinimumHeight(QFontMetrics(self.font()).height() * 2 + 6)
        self.cell_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(step_box)
        layout.addWidget(self.message)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.cell_text)
        ctx.language_changed.connect(self.retranslate)
        Reloader(
            self,
            ctx,
            (Area.COMPETITIONS, Area.APPLICATIONS, Area.SCREENING, Area.REGISTRIES),
            self.reload,
            lambda: self.detail.id if self.detail else None,
        )
        self.retranslate()

    # --- showing -------------------------------------------------------------------------------------------------
    def show_competition(self, competition_id: int) -> None:
        self.message.hide()
        if self.detail is None or self.detail.id != competition_id:
            self.filter.clear()
            self.attention.setChecked(False)
            self.place.clear()
        self._load(competition_id)

    def reload(self) -> None:
        if self.detail is not None:
            self._load(self.detail.id)

    def _load(self, competition_id: int) -> None:
        current = self._current_key()
        detail = self.ctx.call(competitions.get_competition, competition_id)
        grid = self.ctx.call(applications.screening_grid, competition_id)
        self.members = [m for m in self.ctx.call(registries.list_commission) if m.active]
        conflicts = self.ctx.call(applications.list_conflicts, competition_id)
        self.conflicts.setText(
            "\n".join(
                _("Conflict of interest: {member} — {number} {candidate}: {reason}").format(
                    member=c.member_name, number=c.display_number, candidate=c.applicant_name, reason=c.reason
                )
                for c in conflicts
            )
        )
        self.conflicts.setVisible(bool(conflicts))
        self.detail = detail
        if not self.decided_by:
            chair = next((m for m in self.members if m.role is Role.CHAIR), None)
            self.decided_by = chair.full_name if chair else ""
        self.model.set_grid(grid)
        self._fill()
        if current is not None:
            self._select(*current)
        else:
            self._on_view_current_changed()

    def retranslate(self) -> None:
        self.back_button.setText(_("Competition"))
        self.verdict_button.setText(_("Verdict…"))
        self.row_verdict_button.setText(_("Verdict on all open criteria…"))
        self.row_verdict_button.setToolTip(
            _(
                "One verdict for every requirement of the selected candidate that "
                "still waits for the Commission, e.g. when every certificate was seen."
            )
        )
        self.conflict_button.setText(_("Declare a conflict of interest…"))
        self.start_button.setText(_("Start screening"))
        self.finish_button.setText(_("Finish screening"))
        self.place.setPlaceholderText(_("Place of the meeting"))
        self.place.setToolTip(_("Printed at the top of the screening protocol"))
        self.pdf_ky.setText(_("Screening protocol PDF (Kyrgyz)"))
        self.pdf_ru.setText(_("Screening protocol PDF (Russian)"))
        self.filter.setPlaceholderText(_("Filter by number or name…"))
        self.attention.setText(_("Needs attention"))
        self.attention.setToolTip(_("Only the candidates still awaiting a verdict of the Commission"))
        self.model.retranslate()
        self.reload()  # the reasons come from the services in the current language

    def _fill(self) -> None:
        detail = self.detail
        if detail is None:
            return
        lang = i18n.current_language()
        subject = detail.body.get(lang) if detail.body else ""
        self.title.setText(
            _("Screening — competition {number}").format(number=detail.number)
            if not subject
            else _("Screening — competition {number}, {subject}").format(number=detail.number, subject=subject)
        )
        self.state_label.setText(_(STATE_LABELS[detail.state]))
        rows = self.model.rows()
        admitted = sum(r.decision.status is ScreeningStatus.ADMITTED for r in rows)
        pending = sum(r.decision.status is ScreeningStatus.PENDING for r in rows)
        self.summary.setText(
            _(
                "Applications: {total} · admitted: {admitted} · not admitted: {not_admitted} · pending: {pending}"
            ).format(total=len(rows), admitted=admitted, not_admitted=len(rows) - admitted - pending, pending=pending)
        )
        self.step_text.setText(self._step_text(detail, admitted, len(rows) - admitted - pending))
        screening = detail.state is State.SCREENING
        self.start_button.setVisible(detail.state is State.INTAKE_CLOSED)
        self.start_button.setEnabled(not detail.blocked.get(State.SCREENING, ()))
        self.finish_button.setVisible(screening)
        reasons = detail.blocked.get(State.SCREENED, ()) if screening else ()
        self.finish_button.setEnabled(not reasons)
        self.finish_button.setToolTip("\n".join(reasons))
        self.guard_text.setText(
            _("Screening cannot be finished yet: {reasons}").format(reasons=" ".join(reasons)) if reasons else ""
        )
        self.guard_text.setVisible(bool(reasons))
        # Verdicts and declarations belong to the screening; before and after it the grid is for reading.
        self.verdict_button.setVisible(screening)
        self.row_verdict_button.setVisible(screening)
        self.conflict_button.setVisible(screening)
        self.conflict_button.setEnabled(bool(rows))
        printable = detail.state in PRINTABLE_STATES
        for widget in (self.place, self.pdf_ky, self.pdf_ru):
            widget.setVisible(printable)

    def _step_text(self, detail: CompetitionDetail, admitted: int, not_admitted: int) -> str:
        state = detail.state
        if state is State.CANCELLED:
            return _("The competition was cancelled: {reason}").format(reason=detail.cancel_reason)
        if state in (State.DRAFT, State.ANNOUNCED):
            return _("The screening starts once the intake of applications is closed.")
        if state is State.INTAKE_CLOSED:
            return _("The intake is closed. Start the screening to record the Commission's verdicts.")
        if state is State.SCREENING:
            return _(
                "The data decides the automatic criteria. The Commission gives its verdict on the others: select "
                "a cell and press “Verdict…” (or double-click it). Then finish the screening and print its protocol."
            )
        return _("The screening is finished: {admitted} admitted, {not_admitted} not admitted.").format(
            admitted=admitted, not_admitted=not_admitted
        )

    def _fit_columns(self) -> None:
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if column == ScreeningModel.NAME:
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.show_message(text, error)

    # --- the selection -------------------------------------------------------------------------------------------
    def current_cell(self) -> tuple[ScreeningRow, Criterion | None] | None:
        """The selected candidate and, when a criterion cell is selected, its criterion."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        source = self.proxy.mapToSource(index)
        return self.model.row_at(source.row()), self.model.criterion_at(source.column())

    def _current_key(self) -> tuple[int, int] | None:
        current = self.view.currentIndex()
        if not current.isValid():
            return None
        source = self.proxy.mapToSource(current)
        return self.model.row_at(source.row()).application.id, source.column()

    def select_cell(self, application_id: int, code: str | None = None) -> bool:
        """Select the candidate's cell of criterion ``code`` (the name when None); False when it is filtered out."""
        column = self.model.column_of(code) if code is not None else ScreeningModel.NAME
        return self._select(application_id, column)

    def _select(self, application_id: int, column: int) -> bool:
        row = self.model.row_of(application_id)
        index = self.proxy.mapFromSource(self.model.index(row, column)) if row >= 0 else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self.view.setCurrentIndex(QModelIndex())
        self._on_view_current_changed()
        return index.isValid()

    def _verdict_refusal(self) -> str:
        """Why no verdict can be given on the selected cell ("" when it can)."""
        detail = self.detail
        cell = self.current_cell()
        if detail is None or detail.state is not State.SCREENING:
            return _("Verdicts are recorded while the competition is in screening.")
        row, criterion = cell if cell is not None else (None, None)
        if row is None or criterion is None:
            return _("Select the cell of a requirement the Commission decides.")
        if cell_of(row, criterion).by_data:
            return _(OVERRIDE_REFUSED)
        return ""

    def _on_view_current_changed(self, *_args: object) -> None:
        refusal = self._verdict_refusal()
        self.verdict_button.setEnabled(not refusal)
        self.verdict_button.setToolTip(refusal)
        cell = self.current_cell()
        self.row_verdict_button.setEnabled(
            cell is not None
            and bool(cell[0].decision.missing)
            and self.detail is not None
            and self.detail.state is State.SCREENING
        )
        if cell is None:
            self.cell_text.setText("")
            return
        row, criterion = cell
        candidate = f"{row.application.display_number} {row.application.full_name}"
        if criterion is None:
            text = _("{candidate} — {decision}").format(
                candidate=candidate, decision=_(SCREENING_STATUS_LABELS[row.decision.status])
            )
            lines = [text, *row.decision.reasons]
        else:
            found = cell_of(row, criterion)
            text = _("{candidate} — {criterion}: {explanation}").format(
                candidate=candidate,
                criterion=criterion_label(criterion, i18n.current_language()),
                explanation=cell_explanation(found).replace("\n", " "),
            )
            lines = [text, _(OVERRIDE_REFUSED)] if found.by_data else [text]
        text = "\n".join(lines)
        self.cell_text.setText(text)

    # --- filters -------------------------------------------------------------------------------------------------
    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)

    def _on_attention_toggled(self, checked: bool) -> None:
        self.proxy.set_predicate(_needs_attention if checked else None)

    # --- actions -------------------------------------------------------------------------------------------------
    def _open_form(self, dialog: FormDialog, save: Callable[[Any], Any]) -> FormDialog:
        self.dialog = self.ctx.open_form(dialog, save)
        return self.dialog

    def open_verdict(self) -> VerdictDialog | None:
        """The verdict dialog for the selected cell, when the Commission decides it."""
        cell = self.current_cell()
        row, criterion = cell if cell is not None else (None, None)
        if self._verdict_refusal() or row is None or criterion is None:
            return None
        application_id, code = row.application.id, criterion.code
        dialog = VerdictDialog(
            f"{row.application.display_number} {row.application.full_name}",
            criterion_label(criterion, i18n.current_language()),
            row.verdicts.get(code),
            self.decided_by,
            self,
        )

        def save(value: VerdictInput) -> None:
            self.ctx.call(applications.record_verdict, application_id, code, value.verdict, value.decided_by)
            self.decided_by = value.decided_by.strip() or self.decided_by

        self._open_form(dialog, save)
        return dialog

    def open_row_verdict(self) -> VerdictDialog | None:
        """One verdict for every criterion of the selected candidate still waiting for one (certificates seen)."""
        cell = self.current_cell()
        row = cell[0] if cell is not None else None
        if row is None or self.detail is None or self.detail.state is not State.SCREENING or not row.decision.missing:
            return None
        application_id, codes = row.application.id, tuple(row.decision.missing)
        labels = [criterion_label(c, i18n.current_language()) for c in self.model.criteria if c.code in codes]
        dialog = VerdictDialog(
            f"{row.application.display_number} {row.application.full_name}",
            "; ".join(labels),
            None,
            self.decided_by,
            self,
        )

        def save(value: VerdictInput) -> None:
            self.ctx.call(applications.record_verdicts, application_id, codes, value.verdict, value.decided_by)
            self.decided_by = value.decided_by.strip() or self.decided_by

        self._open_form(dialog, save)
        return dialog

    def _on_verdict_clicked(self) -> None:
        self.open_verdict()

    def _on_row_verdict_clicked(self) -> None:
        self.open_row_verdict()

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        self.view.setCurrentIndex(index)
        self.open_verdict()

    def open_conflict(self) -> ConflictDialog:
        """The declaration of a conflict of interest, the selected candidate preselected."""
        cell = self.current_cell()
        candidates = [
            (r.application.id, f"{r.application.display_number} {r.application.full_name}") for r in self.model.rows()
        ]
        dialog = ConflictDialog(self.members, candidates, cell[0].application.id if cell else None, self)

        def save(value: ConflictInput) -> None:
            assert value.application_id is not None and value.member_id is not None
            self.ctx.call(applications.declare_conflict, value.application_id, value.member_id, value.reason)
            self.show_message(_("The conflict of interest is recorded; the screening protocol lists it."))

        self._open_form(dialog, save)
        return dialog

    def _on_conflict_clicked(self) -> None:
        self.open_conflict()

    def _transition(self, action: Callable[[], None]) -> bool:
        try:
            action()
        except TransitionError as exc:
            self.show_message("\n".join(exc.reasons), error=True)
            return False
        except KnownError as exc:
            self.show_message(str(exc), error=True)
            return False
        except Exception as exc:
            self.ctx.report(exc, self)
            return False
        return True

    def start_screening(self) -> bool:
        detail = self.detail
        if detail is None:
            return False

        def start() -> None:
            self.ctx.call(applications.start_screening, detail.id)

        return self._transition(start)

    def finish_screening(self) -> bool:
        """Fix the result; the guard's reasons are shown when it refuses."""
        detail = self.detail
        if detail is None:
            return False

        def finish() -> None:
            self.ctx.call(applications.finish_screening, detail.id)

        if not self._transition(finish):
            return False
        self.show_message(_("The screening result is fixed. Print its protocol in Kyrgyz and Russian for signing."))
        return True

    def _on_start_clicked(self) -> None:
        self.start_screening()

    def _on_finish_clicked(self) -> None:
        """Fixing the result cannot be undone: ask first (non-blocking; the answer arrives as a signal)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Finish screening"),
            _("The screening result will be fixed: no verdict can be changed afterwards. Finish the screening?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(_("Finish screening"))
        box.button(QMessageBox.StandardButton.No).setText(_("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(self.finish_screening)
        self.confirmation = box
        box.open()

    def make_protocol(self, lang: str) -> None:
        """Gather and render the screening protocol in the background, then show it."""
        detail = self.detail
        if detail is None:
            return
        number = detail.number
        self.printer.make(
            competition_folder(number) / f"screening-{safe_file_name(number)}-{lang}.pdf",
            _("Screening protocol {number}").format(number=number),
            papers.screening_draft,
            detail.id,
            lang,
            self.place.text().strip(),
            button=self.pdf_ky if lang == "ky" else self.pdf_ru,
            saved=lambda path: self.show_message(_("Saved: {path}").format(path=path)),
        )


def _needs_attention(row: ScreeningRow) -> bool:
    return row.decision.status is ScreeningStatus.PENDING

"""The screening of a competition: candidates × criteria, the Commission's verdicts, declarations of conflicts of
interest, the screening session, the end of the screening and its protocol's draft."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFontMetrics
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
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.changes import Area
from osgo_desktop.domain.eligibility import (
    SCREENING_STATUS_LABELS,
    Criterion,
    ScreeningStatus,
    criterion_label,
)
from osgo_desktop.domain.lifecycle import STATE_LABELS, State, TransitionError
from osgo_desktop.domain.registry import Role
from osgo_desktop.domain.roles import Action
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import _
from osgo_desktop.services import applications, competitions, papers, registries, screening
from osgo_desktop.services.applications import ScreeningRow
from osgo_desktop.services.screening import ScreeningSessionDraft, ScreeningSessionView
from osgo_desktop.services.views import CommissionMemberRow, CompetitionDetail
from ui.context import AppContext, Reloader
from ui.dialogs.screening import ConflictDialog, ConflictInput, ScreeningSessionDialog, VerdictDialog, VerdictInput
from ui.models.screening import OVERRIDE_REFUSED, ScreeningModel, cell_explanation, cell_of
from ui.models.table import SortFilterProxy
from ui.widgets.documents import DocumentMaker, competition_folder, safe_file_name
from ui.widgets.forms import Banner, FormDialog
from ui.widgets.page_header import PageHeader
from ui.widgets.rotated_header import RotatedHeader

#: the states in which the screening protocol's draft can be printed (the issued one: the Protocols page)
PRINTABLE_STATES: Final = frozenset({State.SCREENING, State.SCREENED, State.VOTING, State.TALLIED, State.CLOSED})
#: the states in which the screening session is recorded or corrected
SESSION_STATES: Final = frozenset({State.SCREENING, State.SCREENED, State.VOTING, State.TALLIED})


class ScreeningPage(QWidget):
    """The screening of one competition, shown with :meth:`show_competition`.

    Signals: ``back_requested()``; ``document_ready(Path)`` — a screening protocol PDF was written and opened."""

    back_requested = Signal()
    document_ready = Signal(Path)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CompetitionDetail | None = None
        self.session: ScreeningSessionView | None = None
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
        ctx.guard(self.verdict_button, Action.SCREEN)
        self.row_verdict_button = QPushButton(self)
        ctx.guard(self.row_verdict_button, Action.SCREEN)
        self.row_verdict_button.clicked.connect(self._on_row_verdict_clicked)
        self.conflict_button = QPushButton(self)
        ctx.guard(self.conflict_button, Action.SCREEN)
        self.start_button = QPushButton(self)
        ctx.guard(self.start_button, Action.SCREEN)
        self.start_button.setObjectName("primary")
        self.finish_button = QPushButton(self)
        ctx.guard(self.finish_button, Action.SCREEN)
        self.finish_button.setObjectName("primary")
        self.session_button = QPushButton(self)
        ctx.guard(self.session_button, Action.SCREENING_SESSION)
        self.session_button.clicked.connect(self._on_session_clicked)
        self.session_text = QLabel(self)
        self.session_text.setObjectName("screeningSession")
        self.session_text.setWordWrap(True)
        self.pdf_ky = QPushButton(self)
        ctx.guard(self.pdf_ky, Action.PRINT)
        self.pdf_ru = QPushButton(self)
        ctx.guard(self.pdf_ru, Action.PRINT)
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
        printing.addWidget(self.session_button)
        printing.addWidget(self.session_text, 1)
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
        self.session = self.ctx.call(screening.get_screening_session, competition_id)
        self.conflicts.setText(
            "\n".join(
                _(
                    "Conflict of interest: {member} stands aside from the decisions on {number} {candidate}: {reason}"
                ).format(member=c.member_name, number=c.display_number, candidate=c.applicant_name, reason=c.reason)
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
        self.session_button.setText(_("Screening session…"))
        self.session_button.setToolTip(
            _("The date, place, times and attendance of the session: the screening protocol prints them")
        )
        self.pdf_ky.setText(_("Draft protocol PDF (Kyrgyz)"))
        self.pdf_ru.setText(_("Draft protocol PDF (Russian)"))
        for button in (self.pdf_ky, self.pdf_ru):
            button.setToolTip(
                _(
                    "The screening protocol as it stands, marked DRAFT; "
                    "it is issued with its number on the Protocols page"
                )
            )
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
        for widget in (self.session_text, self.pdf_ky, self.pdf_ru):
            widget.setVisible(printable)
        self.session_button.setVisible(detail.state in SESSION_STATES)
        self.session_text.setText(session_summary(self.session))

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
            lines += [
                _("Stood aside from the decisions on this candidate: {member} ({reason}).").format(
                    member=s.member_name, reason=s.reason
                )
                for s in row.stood_aside
            ]
        else:
            found = cell_of(row, criterion)
            text = _("{candidate} — {criterion}: {explanation}").format(
                candidate=candidate,
                criterion=criterion_label(criterion, i18n.current_language()),
                explanation=cell_explanation(found).replace("\n", " "),
            )
            lines = [text, _(OVERRIDE_REFUSED)] if found.by_data else [text]
            if criterion.code in row.for_review:
                lines.append(
                    _(
                        "The verdict was taken with a member who has since declared a conflict of interest towards "
                        "this candidate: it no longer counts. Record the verdict again, without that member."
                    )
                )
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
            deciders=self.ctx.call(screening.deciders_of, application_id),
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
            deciders=self.ctx.call(screening.deciders_of, application_id),
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
            self.show_message(
                _(
                    "The conflict of interest is recorded: the member stands aside from the decisions on this "
                    "candidate, and the screening protocol lists it."
                )
            )

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

    def open_session(self) -> ScreeningSessionDialog | None:
        """The screening session's dialog (the one recorded, to correct it)."""
        detail = self.detail
        if detail is None or detail.state not in SESSION_STATES:
            return None
        competition_id = detail.id
        dialog = ScreeningSessionDialog(self.ctx.call(screening.screening_setup, competition_id), self)

        def save(draft: ScreeningSessionDraft) -> int:
            return self.ctx.call(screening.record_screening_session, competition_id, draft)

        def saved(_session_id: int) -> None:
            self.show_message(_("The screening session is recorded; the screening protocol prints it."))

        self.dialog = self.ctx.open_form(dialog, save, saved)
        return dialog

    def _on_session_clicked(self) -> None:
        self.open_session()

    def make_protocol(self, lang: str) -> None:
        """Gather and render the screening protocol's draft in the background, then show it."""
        detail = self.detail
        if detail is None:
            return
        number = detail.number
        self.printer.make(
            competition_folder(number) / f"screening-draft-{safe_file_name(number)}-{lang}.pdf",
            _("Draft of the screening protocol {number}").format(number=number),
            papers.screening_draft,
            detail.id,
            lang,
            button=self.pdf_ky if lang == "ky" else self.pdf_ru,
            saved=lambda path: self.show_message(_("Saved: {path}").format(path=path)),
        )


def session_summary(session: ScreeningSessionView | None) -> str:
    """The screening session in a line, as the page shows it."""
    if session is None:
        return _("The screening session is not recorded yet.")
    return _(
        "Session: {date}, {start}–{end}, {place}; present {present} of {total} (quorum {quorum}); "
        "chair {chair}, secretary {secretary}"
    ).format(
        date=i18n.format_date(session.held_on, style="numeric"),
        start=session.start_time,
        end=session.end_time,
        place=session.place_in(i18n.current_language()),
        present=len(session.present),
        total=session.members_total,
        quorum=session.quorum,
        chair=session.chair,
        secretary=session.secretary,
    )


def _needs_attention(row: ScreeningRow) -> bool:
    return row.decision.status is ScreeningStatus.PENDING

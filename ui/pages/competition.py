"""One competition: its workflow steps, details, legal calendar and history, and the actions of its state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.changes import Area
from osgo_desktop.clock import in_bishkek
from osgo_desktop.domain import calendar
from osgo_desktop.domain.calendar import Deadline, days_left
from osgo_desktop.domain.competition import KIND_LABELS, VARIANT_LABELS
from osgo_desktop.domain.event_notes import note_text
from osgo_desktop.domain.lifecycle import STATE_LABELS, STEPS, State, StepStatus, step_status
from osgo_desktop.domain.roles import Action
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.i18n import _
from osgo_desktop.services import applications, competitions, papers, registries, translations
from osgo_desktop.services.views import CompetitionDetail
from ui.context import AppContext, Reloader
from ui.dialogs.actions import AnnounceDialog, CancelDialog
from ui.dialogs.competition import CompetitionDialog
from ui.models.columns import CALENDAR_COLUMNS
from ui.models.table import RowTableModel
from ui.widgets import questions
from ui.widgets.documents import DocumentMaker, competition_folder, safe_file_name
from ui.widgets.flow import FlowLayout
from ui.widgets.forms import Banner, FormDialog
from ui.widgets.page_header import PageHeader

#: the workflow steps this version of the app has built; the others say so plainly
BUILT_STEPS = frozenset({"announce", "applications", "screening", "vote", "protocols"})

STEP_STYLES = {
    StepStatus.DONE: "background:#e3f1e4; color:#1b5e20; border:1px solid #a5d6a7;",
    StepStatus.CURRENT: "background:#1f4e79; color:white; border:1px solid #1f4e79; font-weight:bold;",
    StepStatus.AHEAD: "background:#f3f3f3; color:#555; border:1px solid #ddd;",
    StepStatus.CANCELLED: "background:#f3f3f3; color:#999; border:1px solid #ddd;",
}


def local_time(utc: dt.datetime) -> str:
    """A stored (naive UTC) moment as Bishkek's wall-clock time."""
    return in_bishkek(utc).strftime("%d.%m.%Y %H:%M")


class CompetitionPage(QWidget):
    """Signals: ``back_requested()``; ``document_ready(Path)`` — a PDF was written and opened."""

    back_requested = Signal()
    applications_requested = Signal(int)
    screening_requested = Signal(int)
    voting_requested = Signal(int)
    protocols_requested = Signal(int)
    document_ready = Signal(Path)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CompetitionDetail | None = None
        self.dialog: FormDialog | None = None
        self.printer = DocumentMaker(ctx, self)
        self.printer.ready.connect(self.document_ready)

        header = PageHeader(self)
        self.back_button, self.title, self.state_label = header.back_button, header.title, header.state_label
        self.back_button.clicked.connect(self.back_requested)

        self.step_labels: list[QLabel] = []
        steps = QHBoxLayout()
        for _step in STEPS:
            label = QLabel(self)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setMinimumHeight(34)
            self.step_labels.append(label)
            steps.addWidget(label, 1)

        self.step_text = QLabel(self)
        self.step_text.setWordWrap(True)
        self.step_text.setObjectName("stepText")
        self.message = Banner(self)

        self.pdf_ky = QPushButton(self)
        ctx.guard(self.pdf_ky, Action.PRINT)
        self.pdf_ru = QPushButton(self)
        ctx.guard(self.pdf_ru, Action.PRINT)
        self.announce_button = QPushButton(self)
        ctx.guard(self.announce_button, Action.ANNOUNCE)
        self.announce_button.setObjectName("primary")
        self.close_intake_button = QPushButton(self)
        ctx.guard(self.close_intake_button, Action.CLOSE_INTAKE)
        self.applications_button = QPushButton(self)
        self.screening_button = QPushButton(self)
        self.start_screening_button = QPushButton(self)
        ctx.guard(self.start_screening_button, Action.SCREEN)
        self.voting_button = QPushButton(self)
        self.voting_button.clicked.connect(lambda: self._emit_for(self.voting_requested))
        self.protocols_button = QPushButton(self)
        self.protocols_button.clicked.connect(lambda: self._emit_for(self.protocols_requested))
        self.applications_button.clicked.connect(lambda: self._emit_for(self.applications_requested))
        self.screening_button.clicked.connect(lambda: self._emit_for(self.screening_requested))
        self.start_screening_button.clicked.connect(self._on_start_screening_clicked)
        self.edit_button = QPushButton(self)
        ctx.guard(self.edit_button, Action.EDIT_COMPETITIONS)
        self.cancel_button = QPushButton(self)
        ctx.guard(self.cancel_button, Action.CANCEL_COMPETITION)
        self.pdf_ky.clicked.connect(lambda: self.make_announcement("ky"))
        self.pdf_ru.clicked.connect(lambda: self.make_announcement("ru"))
        self.announce_button.clicked.connect(self._on_announce_clicked)
        self.close_intake_button.clicked.connect(self._on_close_intake_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        header.add_action(self.edit_button)  # up by the title: the step's row keeps room for its actions
        header.add_action(self.cancel_button)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        actions = FlowLayout()  # wraps: long labels never widen the page past the screen
        for button in (
            self.applications_button,
            self.screening_button,
            self.pdf_ky,
            self.pdf_ru,
            self.announce_button,
            self.close_intake_button,
            self.start_screening_button,
            self.voting_button,
            self.protocols_button,
        ):
            actions.addWidget(button)

        step_box = QFrame(self)
        step_box.setObjectName("stepBox")
        step_layout = QVBoxLayout(step_box)
        step_layout.addWidget(self.step_text)
        step_layout.addLayout(actions)

        # The values wrap, and the details scroll where the window is too small for them: a long body name,
        # address or legal act is never cut off (issue 16, at 1366 × 768 in Kyrgyz).
        self.details_box = QGroupBox(self)
        details_body = QWidget(self)
        self.details = QFormLayout(details_body)
        self.details.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.details_scroll = QScrollArea(self)
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setWidget(details_body)
        QVBoxLayout(self.details_box).addWidget(self.details_scroll)
        self.calendar_box = QGroupBox(self)
        self.calendar_model: RowTableModel[Deadline] = RowTableModel(CALENDAR_COLUMNS, self)
        self.calendar = QTableView(self)
        self.calendar.setModel(self.calendar_model)
        self.calendar.verticalHeader().hide()
        self.calendar.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.calendar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # the deadline's name takes the room left and wraps; the date and the status are always shown whole
        columns = self.calendar.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        columns.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.calendar.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.calendar.setWordWrap(True)
        self.calendar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.calendar_warning = QLabel(self)
        self.calendar_warning.setWordWrap(True)
        self.calendar_warning.setStyleSheet("color:#b00020;")
        calendar_layout = QVBoxLayout(self.calendar_box)
        calendar_layout.addWidget(self.calendar)
        calendar_layout.addWidget(self.calendar_warning)
        self.history_box = QGroupBox(self)
        self.history = QListWidget(self)
        self.history.setWordWrap(True)  # a long note wraps instead of running off under a scroll bar
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setResizeMode(QListWidget.ResizeMode.Adjust)
        QVBoxLayout(self.history_box).addWidget(self.history)

        # details | calendar over history, the user free to move the borders
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.calendar_box)
        right.addWidget(self.history_box)
        right.setChildrenCollapsible(False)
        self.panes = QSplitter(Qt.Orientation.Horizontal, self)
        self.panes.addWidget(self.details_box)
        self.panes.addWidget(right)
        self.panes.setChildrenCollapsible(False)
        self.panes.setStretchFactor(0, 1)
        self.panes.setStretchFactor(1, 1)
        self.panes.setSizes([1, 1])  # half and half, whatever each side's own size hint
        right.setSizes([1, 1])

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(steps)
        layout.addWidget(step_box)
        layout.addWidget(self.message)
        layout.addWidget(self.panes, 1)
        ctx.language_changed.connect(self.retranslate)
        Reloader(self, ctx, tuple(Area), self.reload, lambda: self.detail.id if self.detail else None)
        self.retranslate()

    # --- showing -----------------------------------------------------------------------------------------------
    def show_competition(self, competition_id: int) -> None:
        self.message.hide()
        self._load(competition_id)

    def reload(self) -> None:
        if self.detail is not None:
            self._load(self.detail.id)

    def _load(self, competition_id: int) -> None:
        self.detail = self.ctx.call(competitions.get_competition, competition_id)
        self._fill()

    def retranslate(self) -> None:
        self.back_button.setText(_("Competitions"))
        self.pdf_ky.setText(_("Announcement PDF (Kyrgyz)"))
        self.pdf_ru.setText(_("Announcement PDF (Russian)"))
        self.announce_button.setText(_("Record publication…"))
        self.close_intake_button.setText(_("Close intake"))
        self.applications_button.setText(_("Applications…"))
        self.screening_button.setText(_("Screening…"))
        self.start_screening_button.setText(_("Start screening"))
        self.voting_button.setText(_("Rating vote…"))
        self.protocols_button.setText(_("Protocols…"))
        self.edit_button.setText(_("&Edit…"))
        self.cancel_button.setText(_("Cancel competition…"))
        self.details_box.setTitle(_("Details"))
        self.calendar_box.setTitle(_("Legal calendar"))
        self.history_box.setTitle(_("History"))
        self.calendar_model.retranslate()
        self._fill()

    def _fill(self) -> None:
        detail = self.detail
        if detail is None:
            return
        lang = i18n.current_language()
        subject = detail.body.get(lang) if detail.body else _(KIND_LABELS[detail.kind])
        self.title.setText(_("Competition {number} — {subject}").format(number=detail.number, subject=subject))
        self.state_label.setText(_(STATE_LABELS[detail.state]))
        current = None
        for step, label in zip(STEPS, self.step_labels, strict=True):
            status = step_status(step, detail.state)
            label.setText(_(step.label))
            label.setStyleSheet(STEP_STYLES[status] + "border-radius:4px; padding:4px;")
            if status is StepStatus.CURRENT:
                current = step
        self.step_text.setText(self._step_text(detail, current.code if current else None))
        self._fill_actions(detail)
        self._fill_details(detail)
        self.calendar_model.set_rows(list(detail.calendar))
        warnings = [d for d in detail.calendar if d.is_warning]
        self.calendar_warning.setText(
            "\n".join(
                _("Warning: {what} — {status}.").format(what=_(d.label), status=calendar.status_text(d))
                for d in warnings
            )
        )
        self.calendar_warning.setVisible(bool(warnings))
        self.history.clear()
        for event in reversed(detail.events):
            when = local_time(event.at)
            text = f"{when}  {_(STATE_LABELS[event.from_state])} » {_(STATE_LABELS[event.to_state])}"
            self.history.addItem(f"{text} — {note_text(event.note)}" if event.note else text)
        created = _("Created")
        self.history.addItem(f"{local_time(detail.created_at)}  {created}")

    def _step_text(self, detail: CompetitionDetail, step: str | None) -> str:
        if detail.state is State.CANCELLED:
            return _("The competition was cancelled: {reason}").format(reason=detail.cancel_reason)
        if step == "announce":
            return _(
                "Print the announcement in Kyrgyz and Russian, have it published in the media, then record "
                "the day it was published: the intake of documents starts then."
            )
        if step == "applications":
            assert detail.intake_deadline is not None
            left = days_left(detail.intake_deadline, self.ctx.clock.today())
            status = calendar.days_left_text(left) if left >= 0 else _("the intake deadline has passed")
            return _(
                "Documents are accepted until {date} inclusive ({status}). Register each application and its "
                "documents as they arrive, and give the applicant a receipt."
            ).format(date=i18n.format_date(detail.intake_deadline), status=status)
        if step == "screening":
            if detail.state is State.INTAKE_CLOSED:
                return _(
                    "The intake is closed. Start the screening: the Commission checks each candidate against "
                    "the requirements."
                )
            return _(
                "The Commission screens the candidates: what the data decides is shown, the rest needs a "
                "verdict with a note. Finish the screening when every candidate is decided."
            )
        if step == "vote":
            if detail.state is State.SCREENED:
                return _(
                    "The screening is done. Open the rating-vote session: record who is present (the quorum is "
                    "checked), the counting commission, and who enters the ballots; then print the ballot papers."
                )
            return _(
                "The vote is under way: enter each paper twice — the secretariat and the counting commission — "
                "settle any disagreement against the paper, then close the round."
            )
        if step == "protocols" and detail.state is State.TALLIED:
            return _(
                "The vote is counted. Issue the protocols (each prints the fingerprint of the record it is made "
                "from), have them signed, and attach their scans: the signed decision on the composition closes "
                "the competition."
            )
        if detail.state is State.CLOSED:
            return _(
                "The competition is closed: the signed protocol is attached and everything is read-only. A "
                "correction is an amendment to a protocol, with its reason."
            )
        if step is not None and step not in BUILT_STEPS:
            name = next(_(s.label) for s in STEPS if s.code == step)
            return _("Next step: {step}. This step is not built in this version of OSGO Desktop yet.").format(step=name)
        return ""

    def _fill_actions(self, detail: CompetitionDetail) -> None:
        live = detail.state not in (State.CLOSED, State.CANCELLED)
        announcing = live and detail.state in (State.DRAFT, State.ANNOUNCED)
        self.pdf_ky.setVisible(announcing)
        self.pdf_ru.setVisible(announcing)
        self.announce_button.setVisible(detail.state is State.DRAFT)
        self._set_guarded(self.announce_button, detail.blocked.get(State.ANNOUNCED, ()))
        self.close_intake_button.setVisible(detail.state is State.ANNOUNCED)
        self.applications_button.setVisible(detail.state not in (State.DRAFT, State.CANCELLED))
        self.screening_button.setVisible(
            detail.state in (State.SCREENING, State.SCREENED, State.VOTING, State.TALLIED, State.CLOSED)
        )
        self.start_screening_button.setVisible(detail.state is State.INTAKE_CLOSED)
        self.voting_button.setVisible(detail.state in (State.SCREENED, State.VOTING, State.TALLIED, State.CLOSED))
        self.protocols_button.setVisible(detail.state in (State.SCREENED, State.VOTING, State.TALLIED, State.CLOSED))
        # the next step stands out: the vote until it is counted, then its protocols
        counted = detail.state in (State.TALLIED, State.CLOSED)
        for button, primary in ((self.voting_button, not counted), (self.protocols_button, counted)):
            if (button.objectName() == "primary") != primary:
                button.setObjectName("primary" if primary else "")
                button.style().unpolish(button)
                button.style().polish(button)
        if detail.state is State.SCREENED:
            self._set_guarded(self.voting_button, detail.blocked.get(State.VOTING, ()))
        else:
            self._set_guarded(self.voting_button, ())
        self._set_guarded(self.start_screening_button, detail.blocked.get(State.SCREENING, ()))
        self._set_guarded(self.close_intake_button, detail.blocked.get(State.INTAKE_CLOSED, ()))
        self.edit_button.setVisible(detail.editable)
        self.cancel_button.setVisible(live)

    @staticmethod
    def _set_guarded(button: QPushButton, reasons: tuple[str, ...]) -> None:
        button.setEnabled(not reasons)
        button.setToolTip("\n".join(reasons))

    def _fill_details(self, detail: CompetitionDetail) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        lang = i18n.current_language()

        def add(label: str, value: str) -> None:
            field = QLabel(value or "—")
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(label, field)

        add(_("Kind"), _(KIND_LABELS[detail.kind]))
        add(_("Variant"), _(VARIANT_LABELS[detail.variant]))
        if detail.body:
            add(_("State body"), detail.body.get(lang))
        add(_("Seats to fill"), str(detail.seats))
        add(
            _("Term of office"),
            i18n.ngettext("{count} year", "{count} years", detail.term_years).format(count=detail.term_years),
        )
        if detail.expiry_date:
            add(_("Current composition's powers expire"), i18n.format_date(detail.expiry_date))
        if detail.vacancy_date:
            add(_("Seat vacant since"), i18n.format_date(detail.vacancy_date))
        outlet = Bilingual(detail.media_outlet, detail.media_outlet_ru).get(lang)
        add(_("Published"), f"{i18n.format_date(detail.publication_date)}, {outlet}" if detail.publication_date else "")
        add(_("Documents accepted at"), Bilingual(detail.intake_address, detail.intake_address_ru).get(lang))
        add(_("Contact"), detail.contact)
        if detail.notes:
            add(_("Notes"), detail.notes)
        add(_("Regulation"), detail.profile.title.get(lang))

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.show_message(text, error)

    # --- actions -------------------------------------------------------------------------------------------------
    def make_announcement(self, lang: str) -> None:
        """Render the announcement in the background, then show it."""
        detail = self.detail
        if detail is None:
            return
        # a text with no form in the paper's language is named, and printed in Kyrgyz only if the user agrees
        missing = self.ctx.call(translations.announcement_missing_texts, detail.id, lang)
        if missing and not questions.print_without_translations(
            self, missing, _("Make the announcement anyway?"), _("Make it anyway")
        ):
            return
        self.printer.make(
            competition_folder(detail.number) / f"announcement-{safe_file_name(detail.number)}-{lang}.pdf",
            _("Announcement {number}").format(number=detail.number),
            papers.announcement,
            detail.id,
            lang,
            button=self.pdf_ky if lang == "ky" else self.pdf_ru,
            saved=lambda path: self.show_message(_("Saved: {path}").format(path=path)),
        )

    def _open_form(self, dialog: FormDialog, save: Callable[[Any], Any]) -> FormDialog:
        self.dialog = self.ctx.open_form(dialog, save)
        return self.dialog

    def _on_announce_clicked(self) -> None:
        detail = self.detail
        assert detail is not None

        def save(value: tuple[dt.date, str, str]) -> None:
            deadline = self.ctx.call(competitions.announce, detail.id, *value)
            self.show_message(
                _("Announced. Documents are accepted until {date} inclusive.").format(date=i18n.format_date(deadline))
            )

        self._open_form(AnnounceDialog(detail.number, self.ctx.clock, self), save)

    def _emit_for(self, signal: Any) -> None:
        if self.detail is not None:
            signal.emit(self.detail.id)

    def _on_start_screening_clicked(self) -> None:
        detail = self.detail
        assert detail is not None
        try:
            self.ctx.call(applications.start_screening, detail.id)
        except Exception as exc:
            self.ctx.report(exc, self)
            return
        self.screening_requested.emit(detail.id)

    def _on_close_intake_clicked(self) -> None:
        detail = self.detail
        assert detail is not None
        try:
            self.ctx.call(competitions.close_intake, detail.id)
        except Exception as exc:
            self.ctx.report(exc, self)

    def _on_edit_clicked(self) -> None:
        detail = self.detail
        assert detail is not None
        draft = self.ctx.call(competitions.draft_of, detail.id)
        bodies = [b for b in self.ctx.call(registries.list_bodies) if b.active or b.id == draft.body_id]
        dialog = CompetitionDialog(
            detail.profile,
            bodies,
            self.ctx.clock,
            draft,
            detail.id,
            kind_locked=detail.state is not State.DRAFT,
            parent=self,
        )

        def save(value: object) -> None:
            # the version the form was filled from: refused, the form kept, if someone changed it meanwhile
            self.ctx.call(competitions.update_competition, detail.id, value, detail.row_version)  # type: ignore[arg-type]

        self._open_form(dialog, save)

    def _on_cancel_clicked(self) -> None:
        detail = self.detail
        assert detail is not None

        def save(reason: str) -> None:
            self.ctx.call(competitions.cancel, detail.id, reason)

        self._open_form(CancelDialog(detail.number, self), save)

"""The rating vote of one competition: the session, the round's ballots entered twice, disagreements settled against
the paper, the close, runoffs and lots — and the entry screen and the projector it opens."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.changes import Area
from osgo_desktop.domain.ballot_entry import format_marks
from osgo_desktop.domain.competition import KIND_LABELS
from osgo_desktop.domain.lifecycle import STATE_LABELS
from osgo_desktop.domain.protocol_facts import ProtocolFactsDraft
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.roles import Action
from osgo_desktop.domain.voting import (
    MODE_LABELS,
    SIDE_LABELS,
    Disagreement,
    Marks,
    Mode,
    Outcome,
    Side,
    Standing,
    TieCause,
    pending_text,
    runoff_opened_text,
    skip_reason_text,
    standings,
    tie_row_reason,
    tie_text,
)
from osgo_desktop.i18n import N_, _
from osgo_desktop.services import competitions, papers, protocol_facts, voting
from osgo_desktop.services.projector import ProjectorState, composition_state, projector_state
from osgo_desktop.services.voting import RoundView
from ui.context import AppContext, Reloader
from ui.dialogs.projector_screen import choose_screen
from ui.dialogs.voting import CloseRoundDialog, LotsDialog, SessionDialog, SettleDialog, StrikeOutDialog
from ui.models.projector import status_text
from ui.models.table import Column, RowTableModel
from ui.widgets.documents import DocumentMaker, competition_folder, safe_file_name, save_atomically
from ui.widgets.file_dialog import file_dialog
from ui.widgets.flow import FlowLayout
from ui.widgets.forms import Banner, FormDialog, read_only_table
from ui.widgets.page_header import PageHeader
from ui.windows.entry import EntryWindow, PinLockouts
from ui.windows.projector import ProjectorWindow


def _marks_text(marks: Marks) -> str:
    return format_marks(marks) if marks else _("blank")


DISAGREEMENT_COLUMNS: list[Column[Disagreement]] = [
    Column(N_("Paper No."), lambda d: voting.paper_serial(d.serial), sort_key=lambda d: d.serial),
    Column(N_("Secretariat"), lambda d: _marks_text(d.secretariat)),
    Column(N_("Counting commission"), lambda d: _marks_text(d.counting)),
]


#: the tie's explanation: the fill the protocol gives a tied row, and a border that sets it apart from the notes
TIE_STYLE = "background:#fff2c6; border:1px solid #d9a400; border-radius:3px; padding:6px; color:#3d2c00;"


def _title(view: RoundView) -> str:
    lang = i18n.current_language()
    return view.body.get(lang) if view.body is not None else _(KIND_LABELS[view.kind])


class VotingPage(QWidget):
    """Signals: ``back_requested()``; ``document_ready(Path)`` — a PDF or an export was written;
    ``guide_requested(str)`` — F1 on the entry screen, with the guide's section for it."""

    back_requested = Signal()
    document_ready = Signal(Path)
    guide_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.competition_id: int | None = None
        self.view: RoundView | None = None
        self.outcome = Outcome((), (), (), 0, 0)
        self.names: dict[str, str] = {}
        self.round_ids: list[int] = []
        self.dialog: FormDialog | None = None
        #: the open file dialog (shown with open(): nothing blocks)
        self.chooser: QFileDialog | None = None
        self.entry_window: EntryWindow | None = None
        #: wrong PINs counted across the entry windows this page opens: closing one does not reset them
        self.pin_guard = PinLockouts(ctx.clock, self)
        self.projector: ProjectorWindow | None = None
        self.printer = DocumentMaker(ctx, self)
        self.printer.ready.connect(self.document_ready)

        header = PageHeader(self)
        self.back_button, self.title, self.state_label = header.back_button, header.title, header.state_label
        self.back_button.clicked.connect(self.back_requested)
        self.round_choice = QComboBox(self)
        # As wide as its longest round: a runoff's name is long in Kyrgyz and comes after the page was first shown.
        self.round_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.round_choice.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # the title wraps instead
        self.round_choice.currentIndexChanged.connect(self._on_round_choice_changed)
        header.add_action(self.round_choice)

        # The session in one line — when, where, the quorum — and the rest (chair, counting commission, who enters,
        # the copy made) on demand: on a 768 px screen the results table needs the room.
        self.session_box = QGroupBox(self)
        self.session_text = QLabel(self.session_box)
        self.session_text.setWordWrap(True)
        self.session_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.session_details = QLabel(self.session_box)
        self.session_details.setWordWrap(True)
        self.session_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.session_details.hide()
        self.session_toggle = QToolButton(self.session_box)
        self.session_toggle.setCheckable(True)
        self.session_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.session_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.session_toggle.toggled.connect(self._on_session_toggled)
        session_line = QHBoxLayout()
        session_line.addWidget(self.session_text, 1)
        session_line.addWidget(self.session_toggle, 0, Qt.AlignmentFlag.AlignTop)
        session_layout = QVBoxLayout(self.session_box)
        session_layout.addLayout(session_line)
        session_layout.addWidget(self.session_details)

        self.counts = QLabel(self)
        self.counts.setObjectName("stepText")
        self.counts.setWordWrap(True)
        self.message = Banner(self)

        self.papers_ky = QPushButton(self)
        ctx.guard(self.papers_ky, Action.PRINT)
        self.papers_ru = QPushButton(self)
        ctx.guard(self.papers_ru, Action.PRINT)
        self.enter_button = QPushButton(self)
        self.enter_button.setObjectName("primary")
        self.projector_button = QPushButton(self)
        self.close_button = QPushButton(self)
        ctx.guard(self.close_button, Action.CLOSE_ROUND)
        self.runoff_button = QPushButton(self)
        ctx.guard(self.runoff_button, Action.OPEN_RUNOFF)
        self.lots_button = QPushButton(self)
        ctx.guard(self.lots_button, Action.ENTER_LOTS)
        self.export_button = QPushButton(self)
        self.papers_ky.clicked.connect(lambda: self.print_papers("ky"))
        self.papers_ru.clicked.connect(lambda: self.print_papers("ru"))
        self.enter_button.clicked.connect(self.open_entry)
        self.projector_button.clicked.connect(self._on_projector_clicked)
        self.close_button.clicked.connect(self.close_round)
        self.runoff_button.clicked.connect(self._on_runoff_clicked)
        self.lots_button.clicked.connect(self.draw_lots)
        self.export_button.clicked.connect(self._on_export_clicked)
        actions = FlowLayout()  # wraps: long labels never widen the page past the screen
        for button in (
            self.papers_ky,
            self.papers_ru,
            self.enter_button,
            self.projector_button,
            self.close_button,
            self.runoff_button,
            self.lots_button,
            self.export_button,
        ):
            actions.addWidget(button)
        step_box = QFrame(self)
        step_box.setObjectName("stepBox")
        step_layout = QVBoxLayout(step_box)
        step_layout.addWidget(self.counts)
        step_layout.addLayout(actions)

        self.disagreements_box = QGroupBox(self)
        self.disagreements_model: RowTableModel[Disagreement] = RowTableModel(DISAGREEMENT_COLUMNS, self)
        self.disagreements = read_only_table(self.disagreements_model, self)
        self.disagreements.doubleClicked.connect(lambda _index: self.settle())
        self.settle_button = QPushButton(self)
        self.settle_button.clicked.connect(lambda: self.settle())
        self.strike_button = QPushButton(self)
        self.strike_button.clicked.connect(lambda: self.strike_out())
        self.settled_text = QLabel(self)
        self.settled_text.setWordWrap(True)
        box = QVBoxLayout(self.disagreements_box)
        box.addWidget(self.disagreements, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.settle_button)
        buttons.addWidget(self.strike_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addWidget(self.settled_text)

        self.result_box = QGroupBox(self)
        self.result_model: RowTableModel[tuple[int, str, str, str, str]] = RowTableModel(
            [
                Column(N_("Rank"), lambda r: r[3], align_right=True),
                Column(N_("No."), lambda r: str(r[0]), align_right=True),
                Column(N_("Candidate"), lambda r: r[1]),
                Column(N_("Votes"), lambda r: r[2], align_right=True),
                Column(N_("Result"), lambda r: r[4]),
            ],
            self,
        )
        self.result = read_only_table(self.result_model, self)
        self.result_note = QLabel(self)
        self.result_note.setWordWrap(True)
        #: who is tied at the cut-off, for how many seats and why, above the ranking (hidden without a tie)
        self.tie_banner = QLabel(self)
        self.tie_banner.setObjectName("tieBanner")
        self.tie_banner.setWordWrap(True)
        self.tie_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tie_banner.setStyleSheet(TIE_STYLE)
        self.tie_banner.hide()
        result_layout = QVBoxLayout(self.result_box)
        result_layout.addWidget(self.tie_banner)
        result_layout.addWidget(self.result, 1)
        result_layout.addWidget(self.result_note)

        columns = QHBoxLayout()
        columns.addWidget(self.disagreements_box, 2)
        columns.addWidget(self.result_box, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.session_box)
        layout.addWidget(step_box)
        layout.addWidget(self.message)
        layout.addLayout(columns, 1)
        ctx.language_changed.connect(self.retranslate)
        self.reloader = Reloader(
            self,
            ctx,
            (Area.VOTE, Area.BALLOTS),
            self._on_vote_changed,
            lambda: self.competition_id,
            shown_elsewhere=lambda: self.projector is not None,  # the projector follows the papers, page or not
        )
        self.retranslate()

    # --- showing -------------------------------------------------------------------------------------------------
    def show_competition(self, competition_id: int, round_id: int | None = None) -> None:
        self.competition_id = competition_id
        self.message.hide()
        self.round_ids = self.ctx.call(voting.round_ids, competition_id)
        self._select(round_id or (self.round_ids[-1] if self.round_ids else None))

    def _select(self, round_id: int | None) -> None:
        if round_id is None:
            self.view = None
            return
        self.view = self.ctx.call(voting.get_round, round_id)
        self.state = self.ctx.call(competitions.get_competition, self.view.competition_id).state
        self.outcome = self.ctx.call(voting.outcome, self.view.competition_id)
        self.names = self.ctx.call(voting.candidate_names, self.view.competition_id)
        if not self.view.open:
            self._close_entry_window(self.view.id)  # closed at another station, seen on a reload
        self._fill()

    def reload(self) -> None:
        """The round shown, as it now stands; a round opened meanwhile (a runoff) is shown instead."""
        if self.competition_id is not None:
            current = self.view.id if self.view is not None else None
            known = set(self.round_ids)
            self.round_ids = self.ctx.call(voting.round_ids, self.competition_id)
            opened = [r for r in self.round_ids if r not in known]
            if opened or current not in self.round_ids:
                current = self.round_ids[-1] if self.round_ids else None
            self._select(current)

    def _on_vote_changed(self) -> None:
        """Papers entered, settled or struck out: the round's progress; anything else about the vote: all of it."""
        if self.reloader.changes.areas == {Area.BALLOTS}:
            self.refresh_progress()
        else:
            self.reload()

    def refresh_progress(self) -> None:
        """After a paper, a settlement or a strike-out: the round's entries and settlements, not the whole vote."""
        if self.view is not None:
            self.view = self.ctx.call(voting.round_progress, self.view.id).applied_to(self.view)
            self._fill()

    def _on_session_toggled(self, shown: bool) -> None:
        self.session_details.setVisible(shown)
        self.session_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _on_round_choice_changed(self, index: int) -> None:
        round_id = self.round_choice.itemData(index)
        if round_id is not None and (self.view is None or self.view.id != round_id):
            self._select(int(round_id))

    def retranslate(self) -> None:
        self.message.hide()  # said in the old language; the page itself shows where things stand
        self.back_button.setText(_("Competition"))
        self.session_box.setTitle(_("Session"))
        self.session_toggle.setText(_("Details"))
        self.papers_ky.setText(_("Ballot papers (Kyrgyz)"))
        self.papers_ru.setText(_("Ballot papers (Russian)"))
        self.enter_button.setText(_("Enter ballots…"))
        self.projector_button.setText(_("Projector…"))
        self.close_button.setText(_("Close round…"))
        self.runoff_button.setText(_("Another round…"))
        self.lots_button.setText(_("Draw lots…"))
        self.export_button.setText(_("Export ballots…"))
        self.disagreements_box.setTitle(_("Disagreements between the two entries"))
        self.settle_button.setText(_("Settle against the paper…"))
        self.strike_button.setText(_("Strike out a paper not in the box…"))
        self.result_model.retranslate()
        self.disagreements_model.retranslate()
        self._fill()

    def _fill(self) -> None:
        view = self.view
        if view is None:
            return
        self.title.setText(
            _("Rating vote — competition {number}, {subject}").format(
                number=view.competition_number, subject=_title(view)
            )
        )
        self.state_label.setText(_(STATE_LABELS[self.state]))
        self.round_choice.blockSignals(True)
        self.round_choice.clear()
        for index, round_id in enumerate(self.round_ids, start=1):
            label = (
                _("Round {number}").format(number=index)
                if index == 1
                else _("Round {number} (runoff)").format(number=index)
            )
            self.round_choice.addItem(label, round_id)
        self.round_choice.setCurrentIndex(self.round_ids.index(view.id))
        self.round_choice.blockSignals(False)
        s = view.session
        lines = [
            _("{date}, from {time}, {place}. {mode}.").format(
                date=i18n.format_date(s.held_on), time=s.start_time, place=s.place, mode=_(MODE_LABELS[s.mode])
            ),
            _("Commission members present: {present} of {total} (quorum {quorum}).").format(
                present=len(s.present), total=s.members_total, quorum=s.quorum
            ),
            _("Chair: {chair}. Secretary: {secretary}.").format(chair=s.chair or "—", secretary=s.secretary or "—"),
            _("Counting commission present: {names}.").format(names=", ".join(s.counting_present)),
            _("Ballots are entered by: {names}.").format(
                names="; ".join(f"{e.name} ({_(SIDE_LABELS[e.side])})" for e in s.entrants)
            ),
        ]
        if s.backup_path:
            lines.append(
                _("A copy of the database was made when the session opened: {path}").format(path=s.backup_path)
            )
        self.session_text.setText(" ".join(lines[:2]))
        self.session_details.setText("\n".join(lines[2:]))
        self.session_text.setToolTip("\n".join(s.present))  # the names, without a wall of text on the page
        recon = view.reconciliation
        kind = _("runoff among the tied candidates") if view.runoff else _("main vote")
        self.counts.setText(
            _(
                "Round {number} ({kind}): {seats} seats, {candidates} candidates, up to {marks} marks per paper. "
                "Papers printed: {printed}. Entered by the secretariat: {secretariat}; by the counting commission: "
                "{counting}. Agreed: {agreed}. Disagreements: {disagreements}. Entered by one side only: {single}."
            ).format(
                number=view.number,
                kind=kind,
                seats=view.seats,
                candidates=len(view.candidates),
                marks=view.max_marks,
                printed=view.papers_printed,
                secretariat=view.entered[Side.SECRETARIAT],
                counting=view.entered[Side.COUNTING],
                agreed=len(recon.agreed),
                disagreements=len(recon.disagreements),
                single=(
                    f"{len(recon.single)} ({', '.join(voting.paper_serial(serial) for serial, _side in recon.single)})"
                    if recon.single
                    else "0"
                ),
            )
        )
        self.disagreements_model.set_rows(list(recon.disagreements))
        self.settle_button.setEnabled(view.open and bool(recon.disagreements))
        self.strike_button.setEnabled(view.open and bool(recon.single))
        self.settled_text.setText(
            "\n".join(
                _("No. {serial} settled as {marks} by {secretariat} and {counting}{note}").format(
                    serial=voting.paper_serial(st.serial),
                    marks=_marks_text(st.marks) if st.marks is not None else _("struck out (not in the box)"),
                    secretariat=st.secretariat,
                    counting=st.counting,
                    note=f": {st.note}" if st.note else "",
                )
                for st in view.settlements
            )
        )
        self._fill_result(view)
        paper = view.mode is Mode.PAPER
        for button in (self.papers_ky, self.papers_ru):
            button.setVisible(paper)
        self.enter_button.setEnabled(view.open)
        self.close_button.setEnabled(view.open)
        tie_pending = not view.open and view.latest and view.result is not None and view.result.tie is not None
        self.runoff_button.setVisible(tie_pending and view.runoff)
        self.lots_button.setVisible(tie_pending and view.runoff)
        if self.projector is not None:
            self.projector.show_state(self._projected(view))

    def _projected(self, view: RoundView) -> ProjectorState:
        """The round, or once the last of several rounds is closed and nothing is tied, the composition."""
        if view.latest and view.result is not None and view.number > 1 and not self.outcome.tie:
            return composition_state(view, _title(view), self.outcome, self.names)
        return projector_state(view, _title(view))

    def _fill_result(self, view: RoundView) -> None:
        result = view.result
        self.tie_banner.hide()
        names = {c.tally_id: c.name for c in view.candidates}
        if view.runoff_cause is not None and view.runoff_of is not None:
            self._show_tie_text(
                [
                    _("Round {number} is a runoff among the candidates tied in round {source}.").format(
                        number=view.number, source=view.runoff_of
                    ),
                    tie_text(view.runoff_cause, names, self._organizations(view)),
                ],
            )
        if result is None:
            self.result_box.setTitle(_("Candidates on the paper"))
            self.result_model.set_rows([(c.number, c.name, "", "", "") for c in view.candidates])
            self.result_note.setText(_("The votes are counted when the round is closed."))
            return
        self.result_box.setTitle(_("Result of round {number}").format(number=view.number))
        standing = standings(result, view.seats)
        skipped = {s.id: s for s in result.skipped}
        cause = view.tie_cause
        if cause is not None:
            self._show_tie(view, cause, names, standing)

        def status(tally_id: str) -> str:
            text = status_text(standing.get(tally_id, ""))
            if standing.get(tally_id) == "tie" and cause is not None:
                return _("{status}: {reason}").format(status=text, reason=tie_row_reason(cause, tally_id, names))
            if tally_id not in skipped:
                return text
            if standing.get(tally_id) == "skipped":
                return _("{status}: {reason}").format(
                    status=text, reason=skip_reason_text(skipped[tally_id].reason, skipped[tally_id].detail)
                )
            return _("{status}, passed over: {reason}").format(
                status=text, reason=skip_reason_text(skipped[tally_id].reason, skipped[tally_id].detail)
            )

        self.result_model.set_rows(
            [
                (view.candidate(r.id).number, view.candidate(r.id).name, str(r.votes), str(r.rank), status(r.id))
                for r in result.tally
            ]
        )
        notes = [
            _("Ballots: {total}, valid {valid} (blank {blank}), invalid {invalid}.").format(
                total=result.ballots.total,
                valid=result.ballots.valid,
                blank=result.ballots.blank,
                invalid=result.ballots.invalid,
            )
        ]
        if result.lots_used:
            notes.append(
                _("Settled by a drawing of lots entered by {name}: {order}.").format(
                    name=view.lots_by, order=", ".join(view.candidate(c).name for c in view.lot_order)
                )
            )
        if result.vacant_seats:
            notes.append(
                i18n.ngettext(
                    "{count} seat stays vacant: no admissible candidate could fill it.",
                    "{count} seats stay vacant: no admissible candidate could fill them.",
                    result.vacant_seats,
                ).format(count=result.vacant_seats)
            )
        if view.latest and not self.outcome.tie and view.number > 1:
            notes.append(
                _("The composition over all rounds ({count}): {names}.").format(
                    count=len(self.outcome.elected), names=", ".join(self.names[c] for c in self.outcome.elected)
                )
            )
        self.result_note.setText("\n".join(notes))

    @staticmethod
    def _organizations(view: RoundView) -> dict[str, str]:
        """The nominating organisations as the reader knows them, by the name the one-per-organisation rule uses."""
        lang = i18n.current_language()
        return {
            c.organization: c.organization_name.get(lang)
            for c in view.candidates
            if c.organization is not None and c.organization_name is not None
        }

    def _show_tie(self, view: RoundView, cause: TieCause, names: dict[str, str], standing: dict[str, Standing]) -> None:
        """The round's tie above its ranking: who, for how many seats, why no rule decides, and what follows."""
        lines = [
            i18n.ngettext(
                "Tie: {count} candidates for {seats} seat.",
                "Tie: {count} candidates for {seats} seats.",
                cause.seats,
            ).format(count=len(cause.candidates), seats=cause.seats),
            tie_text(cause, names, self._organizations(view)),
        ]
        pending = sum(1 for s in standing.values() if s == "pending")
        if pending:
            lines.append(pending_text(pending))
        if view.runoff_round is not None:
            lines.append(runoff_opened_text(view.runoff_round, cause.seats))
        elif view.latest:
            lines.append(_("A runoff among the tied candidates, or a drawing of lots, decides who takes the seats."))
        self._show_tie_text(lines)

    def _show_tie_text(self, lines: list[str]) -> None:
        """Shown above the ranking; a runoff that ties again says its own tie after the one it settles."""
        if not self.tie_banner.isHidden():
            lines = [self.tie_banner.text(), *lines]
        self.tie_banner.setText("\n".join(lines))
        self.tie_banner.show()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.show_message(text, error)

    # --- actions -------------------------------------------------------------------------------------------------
    def open_session(self, competition_id: int) -> SessionDialog:
        """The session dialog; on success the page shows the first round."""
        setup = self.ctx.call(voting.session_setup, competition_id)
        dialog = SessionDialog(setup, self.ctx.clock, self)

        def saved(round_id: int) -> None:
            self.show_competition(competition_id, round_id)
            self.show_message(_("The session is open and round 1 has begun. Print the ballot papers."))

        # in the background: opening the session makes a backup of the database and every document first
        self.dialog = self.ctx.open_form_op(dialog, voting.open_session, lambda draft: (competition_id, draft), saved)
        return dialog

    def print_papers(self, lang: str) -> None:
        view = self.view
        if view is None:
            return
        self.printer.make(
            competition_folder(view.competition_number)
            / f"ballots-{safe_file_name(view.competition_number)}-r{view.number}-{lang}.pdf",
            _("Ballot papers, round {number}").format(number=view.number),
            papers.ballot_papers,
            view.id,
            lang,
            button=self.papers_ky if lang == "ky" else self.papers_ru,
        )

    def open_entry(self) -> EntryWindow | None:
        view = self.view
        if view is None or not view.open:
            return None
        if self.entry_window is not None and self.entry_window.view.id == view.id:
            self.entry_window.show()
            self.entry_window.raise_()
            self.entry_window.activateWindow()
            return self.entry_window
        if self.entry_window is not None and not self.entry_window.close():
            return None  # the other round's window keeps a paper being typed
        window = EntryWindow(self.ctx, view, self, self.pin_guard)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.ballot_recorded.connect(self._on_entry_window_ballot_recorded)
        window.guide_requested.connect(self.guide_requested)
        window.destroyed.connect(lambda: setattr(self, "entry_window", None))
        self.entry_window = window
        window.show()
        return window

    def _close_entry_window(self, round_id: int) -> None:
        """A round was closed: its entry window goes (it can save nothing more)."""
        if self.entry_window is not None and self.entry_window.view.id == round_id:
            self.entry_window.round_closed()

    def may_close(self) -> bool:
        """Whether the app may quit: the entry window asks first when a paper is typed there but not saved."""
        return self.entry_window is None or self.entry_window.may_close()

    def _on_entry_window_ballot_recorded(self) -> None:
        self.message.hide()  # "print the ballot papers" and the like are past once papers come in

    def _on_projector_clicked(self) -> None:
        screen = choose_screen(self)
        if screen is not None:
            self.open_projector().show_on(screen)

    def open_projector(self) -> ProjectorWindow:
        if self.projector is None:
            projector = ProjectorWindow(self.ctx, self)
            projector.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            projector.destroyed.connect(lambda: setattr(self, "projector", None))
            self.projector = projector
        if self.view is not None:
            self.projector.show_state(self._projected(self.view))
        return self.projector

    def settle(self, serial: int | None = None) -> SettleDialog | None:
        view = self.view
        if view is None or not view.reconciliation.disagreements:
            return None
        if serial is None:
            rows = self.disagreements.selectionModel().selectedRows()
            chosen = self.disagreements_model.row_at(rows[0].row()) if rows else view.reconciliation.disagreements[0]
            serial = chosen.serial
        dialog = SettleDialog(view, serial, self)

        # in the background: both people's passwords or station PINs are checked (Argon2, a third of a second each)
        self.dialog = self.ctx.open_form_op(
            dialog,
            voting.settle,
            lambda value: (view.id, serial, dialog.marks_value(), value[1], value[2], value[3]),
        )
        return dialog

    def strike_out(self, serial: int | None = None) -> StrikeOutDialog | None:
        view = self.view
        if view is None or not view.open or not view.reconciliation.single:
            return None
        dialog = StrikeOutDialog(view, serial, self)

        self.dialog = self.ctx.open_form_op(dialog, voting.strike_out, lambda value: (view.id, *value))
        return dialog

    def close_round(self) -> CloseRoundDialog | None:
        view = self.view
        if view is None or not view.open:
            return None
        facts = self.ctx.call(protocol_facts.protocol_facts, view.competition_id, ProtocolKind.VOTE, view.number)
        dialog = CloseRoundDialog(view, self, facts)

        def save(value: tuple[voting.PaperCounts, ProtocolFactsDraft]) -> object:
            papers, entered = value
            if entered != facts:
                # recorded first, while the round is open: a refused close leaves them for the next try, and they
                # stay editable on the protocols page
                self.ctx.call(
                    protocol_facts.record_protocol_facts, view.competition_id, ProtocolKind.VOTE, view.number, entered
                )
            return self.ctx.call(voting.close_round, view.id, papers)

        def saved(_result: object) -> None:
            assert self.competition_id is not None
            self._close_entry_window(view.id)
            runoff = self.view  # the page has reloaded: the latest round, a runoff if the close opened one
            if runoff is not None and runoff.id != view.id and runoff.runoff_of == view.number:
                self.show_message(
                    _(
                        "Round {number} is closed with a tie at the cut-off: runoff round {runoff} is open among the "
                        "tied candidates. Print its ballot papers."
                    ).format(number=view.number, runoff=runoff.number)
                )
            elif runoff is not None and runoff.id != view.id:
                self.show_message(
                    _(
                        "Round {number} is closed and counted. Further down the ranking of round {source} the "
                        "candidates tie at the cut-off: runoff round {runoff} is open among them. Print its ballot "
                        "papers."
                    ).format(number=view.number, source=runoff.runoff_of, runoff=runoff.number)
                )
            else:
                self.show_message(_("Round {number} is closed and counted.").format(number=view.number))

        self.dialog = self.ctx.open_form(dialog, save, saved)
        return dialog

    def _on_runoff_clicked(self) -> None:
        if self.competition_id is None:
            return
        try:
            self.ctx.call(voting.open_runoff, self.competition_id)  # the page reloads onto the new round
        except Exception as exc:
            self.ctx.report(exc, self)

    def draw_lots(self) -> LotsDialog | None:
        view = self.view
        if view is None or view.result is None or view.result.tie is None:
            return None
        dialog = LotsDialog(view, view.result.tie.candidates, self)

        def draw(uow: Any, value: tuple[tuple[str, ...], str, tuple[int, str], str, str]) -> object:
            order, note, counting, drawn_by, witnesses = value
            return voting.draw_lots(uow, view.id, order, counting, note, drawn_by=drawn_by, witnesses=witnesses)

        # in the background: the counting member's password or station PIN is checked (Argon2)
        self.dialog = self.ctx.open_form_op(dialog, draw, lambda value: (value,))
        return dialog

    def _on_export_clicked(self) -> None:
        view = self.view
        if view is None:
            return
        default = competition_folder(view.competition_number) / (
            f"ballots-{safe_file_name(view.competition_number)}-round{view.number}.json"
        )
        dialog = file_dialog(self, _("Export ballots"), "JSON (*.json)", directory=str(default), save=True)
        dialog.setDefaultSuffix("json")
        dialog.fileSelected.connect(lambda name: self.export_ballots(Path(name)))
        self.chooser = dialog
        dialog.open()

    def export_ballots(self, path: Path) -> None:
        """The round in the `osgo tally` input format, for an observer's recount."""
        view = self.view
        assert view is not None
        data = self.ctx.call(voting.tally_input, view.id)
        save_atomically(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())
        self.show_message(_("Saved: {path}").format(path=path))
        self.document_ready.emit(path)

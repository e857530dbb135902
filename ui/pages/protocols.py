"""The protocols of one competition: issue each with its fingerprint (Kyrgyz or Russian), open what was issued,
attach the scan of the signed paper (which closes the competition), and amend a closed one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.changes import Area
from osgo_desktop.domain.fingerprint import grouped
from osgo_desktop.domain.lifecycle import STATE_LABELS, State
from osgo_desktop.domain.protocol_facts import ProtocolFactsDraft
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.roles import Action
from osgo_desktop.i18n import N_, _
from osgo_desktop.services import competitions, compositions, protocol_facts, protocols, translations
from osgo_desktop.services.protocols import ProtocolSlot, ProtocolView
from osgo_desktop.services.views import CompetitionDetail
from ui.context import AppContext, Reloader
from ui.dialogs.protocols import AmendDialog, ProtocolFactsDialog
from ui.models.table import Column, RowTableModel
from ui.widgets import questions
from ui.widgets.documents import DocumentMaker, competition_folder, safe_file_name
from ui.widgets.file_dialog import file_dialog
from ui.widgets.forms import Banner, FormDialog, fill_combo, read_only_table
from ui.widgets.page_header import PageHeader


def slot_title(slot: ProtocolSlot) -> str:
    return protocols.protocol_title(slot.kind, slot.round_number)


def _language(lang: str) -> str:
    """A document language's name in the UI language ("Кыргызча", "Орусча"), never its code."""
    label = protocols.LANGUAGE_LABELS.get(lang)
    return _(label) if label is not None else i18n.language_name(lang)


def _missing_text(slot: ProtocolSlot) -> str:
    return ", ".join(_language(lang) for lang in slot.missing)


def _issued_text(slot: ProtocolSlot) -> str:
    parts = []
    for lang in ("ky", "ru", "en"):
        latest = slot.latest(lang)
        if latest is not None:
            parts.append(
                _("{lang}: No. {number}, version {version}").format(
                    lang=_language(lang), number=latest.number, version=latest.version
                )
            )
    return "; ".join(parts) or "—"


def _signed(slot: ProtocolSlot) -> str:
    signed = [p for p in slot.issued if p.signed_sha256]
    return _("signed copy attached") if signed else ""


SLOT_COLUMNS: list[Column[ProtocolSlot]] = [
    Column(N_("Protocol"), slot_title),
    Column(N_("Can it be issued?"), lambda s: s.blocked or _("yes"), color=lambda s: "#8a5300" if s.blocked else None),
    Column(N_("Issued"), _issued_text),
    Column(N_("Still to issue"), _missing_text, color=lambda s: "#8a5300" if s.missing else None),
    Column(N_("Signed copy"), _signed),
]


class ProtocolsPage(QWidget):
    """Signals: ``back_requested()``; ``document_ready(Path)`` — a protocol was issued and shown."""

    back_requested = Signal()
    document_ready = Signal(Path)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: CompetitionDetail | None = None
        self.slots: list[ProtocolSlot] = []
        self.dialog: FormDialog | None = None
        #: the open file dialog (shown with open(): nothing blocks)
        self.chooser: QFileDialog | None = None
        self.printer = DocumentMaker(ctx, self)
        self.printer.ready.connect(self.document_ready)
        header = PageHeader(self)
        self.back_button, self.title, self.state_label = header.back_button, header.title, header.state_label
        self.back_button.clicked.connect(self.back_requested)

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setObjectName("stepText")
        #: what must still be issued before the signed decision can close the competition
        self.closing_note = QLabel(self)
        self.closing_note.setWordWrap(True)
        self.model: RowTableModel[ProtocolSlot] = RowTableModel(SLOT_COLUMNS, self)
        self.table = read_only_table(self.model, self)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.issue())

        self.lang_label = QLabel(self)
        self.lang = QComboBox(self)
        # as wide as its longest name in the language of the moment ("Кыргызский" is longer than "Кыргызча")
        self.lang.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.issue_button = QPushButton(self)
        ctx.guard(self.issue_button, Action.ISSUE_PROTOCOLS)
        self.issue_button.setObjectName("primary")
        self.issue_button.clicked.connect(lambda: self.issue())
        self.issue_all_button = QPushButton(self)
        ctx.guard(self.issue_all_button, Action.ISSUE_PROTOCOLS)
        self.issue_all_button.clicked.connect(lambda: self.issue_all())
        self.attach_button = QPushButton(self)
        ctx.guard(self.attach_button, Action.ATTACH_SIGNED_COPY)
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.amend_button = QPushButton(self)
        ctx.guard(self.amend_button, Action.AMEND)
        self.amend_button.clicked.connect(lambda: self.amend())
        self.details_button = QPushButton(self)
        ctx.guard(self.details_button, Action.ISSUE_PROTOCOLS)
        self.details_button.clicked.connect(lambda: self.details())
        self.export_button = QPushButton(self)
        ctx.guard(self.export_button, Action.EXPORT_RECORD)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.fingerprint = QLabel(self)
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = Banner(self)
        actions = QHBoxLayout()
        widgets = (
            self.lang_label,
            self.lang,
            self.details_button,
            self.issue_button,
            self.issue_all_button,
            self.attach_button,
            self.amend_button,
        )
        for widget in widgets:
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.intro)
        layout.addWidget(self.closing_note)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        # under the table: a message that appears must not move the rows under the pointer
        layout.addWidget(self.message)
        layout.addWidget(self.fingerprint)
        ctx.language_changed.connect(self.retranslate)
        Reloader(self, ctx, tuple(Area), self.reload, lambda: self.detail.id if self.detail else None)
        self.retranslate()

    # --- showing -------------------------------------------------------------------------------------------------
    def show_competition(self, competition_id: int) -> None:
        self.message.hide()
        self._load(competition_id)

    def reload(self) -> None:
        if self.detail is not None:
            self._load(self.detail.id)

    def _load(self, competition_id: int) -> None:
        selected = self.selected()
        self.detail = self.ctx.call(competitions.get_competition, competition_id)
        self.slots = self.ctx.call(protocols.protocol_slots, competition_id)
        self.model.set_rows(self.slots)
        keep = next(
            (i for i, s in enumerate(self.slots) if selected and (s.kind, s.round_number) == selected[:2]),
            next((i for i, s in enumerate(self.slots) if not s.blocked), 0),
        )
        self.table.selectRow(keep)
        self._fill()

    def retranslate(self) -> None:
        self.message.hide()  # said in the old language
        self.back_button.setText(_("Competition"))
        self.lang_label.setText(_("Language of the document:"))
        fill_combo(self.lang, [(_("Kyrgyz"), "ky"), (_("Russian"), "ru")])
        self.issue_button.setText(_("Issue and open"))
        self.issue_all_button.setText(_("Issue all"))
        self.issue_all_button.setToolTip(
            _("Issue every protocol that can be issued now, in every official language, without opening them.")
        )
        self.attach_button.setText(_("Attach the signed copy…"))
        self.amend_button.setText(_("Amend…"))
        self.details_button.setText(_("Details for the protocol…"))
        self.details_button.setToolTip(
            _("The times, objections and dissenting opinions; for the decision, the formation date and the vote on it.")
        )
        self.export_button.setText(_("Export the election record…"))
        self.export_button.setToolTip(
            _("A zip with the record, the protocols and the audit chain, which anyone can check with osgo verify.")
        )
        self.intro.setText(
            _(
                "Each protocol is made from the competition's record and prints the record's fingerprint "
                "(SHA-256) with a QR code; issuing it again from unchanged data gives the same protocol. Print it, "
                "have it signed, and attach the scan of the signed paper; the signed decision on the composition "
                "closes the competition."
            )
        )
        self.model.retranslate()
        self._fill()

    def _fill(self) -> None:
        detail = self.detail
        if detail is None:
            return
        lang = i18n.current_language()
        subject = detail.body.get(lang) if detail.body else ""
        self.title.setText(
            _("Protocols — competition {number} {subject}").format(number=detail.number, subject=subject)
        )
        self.state_label.setText(_(STATE_LABELS[detail.state]))
        missing = self.missing()
        self.closing_note.setVisible(detail.state is State.TALLIED)
        self.closing_note.setStyleSheet("color:#8a5300;" if missing else "")
        self.closing_note.setText(
            i18n.ngettext(
                "Before the signed decision on the composition can be attached, {count} protocol must still be "
                "issued from the current data (see “Still to issue”).",
                "Before the signed decision on the composition can be attached, {count} protocols must still be "
                "issued from the current data (see “Still to issue”).",
                len(missing),
            ).format(count=len(missing))
            if missing
            else _("Every protocol is issued: the signed decision on the composition can be attached.")
        )
        self._fill_selection()

    def missing(self) -> list[str]:
        """Each protocol still to issue before the close, by name and language (translated)."""
        return [name for slot in self.slots for name in slot.missing_names()]

    def selected(self) -> tuple[ProtocolKind, int, ProtocolSlot] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        slot = self.model.row_at(rows[0].row())
        return slot.kind, slot.round_number, slot

    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._fill_selection()

    def _fill_selection(self) -> None:
        chosen = self.selected()
        detail = self.detail
        closed = detail is not None and detail.state is State.CLOSED
        slot = chosen[2] if chosen else None
        latest = slot.latest(str(self.lang.currentData())) if slot else None
        self.issue_button.setEnabled(slot is not None and not slot.blocked)
        self.issue_all_button.setEnabled(
            detail is not None and not closed and any(not s.blocked and s.missing for s in self.slots)
        )
        self.attach_button.setEnabled(latest is not None and latest.signed_sha256 is None and detail is not None)
        self.amend_button.setEnabled(latest is not None and closed)
        self.details_button.setEnabled(
            slot is not None and detail is not None and detail.state not in (State.CLOSED, State.CANCELLED)
        )
        if latest is None:
            self.fingerprint.setText("")
            return
        self.fingerprint.setText(
            _("No. {number}, version {version}: fingerprint {fingerprint}").format(
                number=latest.number, version=latest.version, fingerprint=grouped(latest.fingerprint)
            )
        )

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.show_message(text, error)

    # --- actions -------------------------------------------------------------------------------------------------
    def issue(self, lang: str | None = None) -> None:
        """Issue the selected protocol (or hand back the one already issued from the same data) and show it."""
        chosen, detail = self.selected(), self.detail
        if chosen is None or detail is None or chosen[2].blocked:
            return
        kind, round_number, slot = chosen
        lang = lang or str(self.lang.currentData())
        store = self.ctx.document_store()
        competition_id = detail.id
        # a text with no form in the paper's language is named, and printed in Kyrgyz only if the user agrees
        missing = self.ctx.call(translations.missing_texts, competition_id, kind, round_number, lang)
        if missing and not questions.print_without_translations(
            self, missing, _("Issue it anyway?"), _("Issue anyway")
        ):
            return

        name = f"{kind.value}{round_number or ''}-{safe_file_name(detail.number)}-{lang}.pdf"
        self.printer.make(
            competition_folder(detail.number) / name,
            slot_title(slot),
            protocols.issue_pdf,
            store,
            competition_id,
            kind,
            lang,
            round_number,
            bool(missing),
            button=self.issue_button,
            saved=lambda path: self.show_message(_("Saved: {path}").format(path=path)),
        )

    def issue_all(self) -> None:
        """Issue every protocol that can be issued now, in every official language (in the background)."""
        detail = self.detail
        if detail is None:
            return
        missing = self.ctx.call(protocols.missing_texts_all, detail.id)
        if missing and not questions.print_without_translations(
            self, missing, _("Issue them anyway?"), _("Issue anyway")
        ):
            return
        self.issue_all_button.setEnabled(False)

        def finished(issued: list[protocols.Issued]) -> None:
            count = sum(1 for i in issued if i.new)
            self.show_message(
                i18n.ngettext("{count} protocol issued.", "{count} protocols issued.", count).format(count=count)
            )

        task = self.ctx.op(
            protocols.issue_all,
            self.ctx.document_store(),
            detail.id,
            accept_missing=bool(missing),
            on_done=finished,
            parent=self,
        )
        task.failed.connect(lambda _exc: self._fill_selection())

    def _on_export_clicked(self) -> None:
        detail = self.detail
        if detail is None:
            return
        default = competition_folder(detail.number) / f"record-{safe_file_name(detail.number)}.zip"
        dialog = file_dialog(
            self, _("Export the election record"), _("Election record (*.zip)"), directory=str(default), save=True
        )
        dialog.setDefaultSuffix("zip")
        dialog.fileSelected.connect(lambda name: self.export(Path(name)))
        self.chooser = dialog
        dialog.open()

    def export(self, target: Path) -> None:
        """Write the election record (built and zipped in the background) to ``target``."""
        detail = self.detail
        if detail is None:
            return
        from osgo_desktop.services.export import verified_record

        self.printer.make(
            target,
            _("Election record {number}").format(number=detail.number),
            verified_record,
            self.ctx.document_store(),
            detail.id,
            button=self.export_button,
            saved=lambda path: self.show_message(
                _("Saved: {path}. It verifies here, and anyone can check it again with: osgo verify").format(path=path)
            ),
        )

    def _on_attach_clicked(self) -> None:
        chosen, detail = self.selected(), self.detail
        latest = chosen[2].latest(str(self.lang.currentData())) if chosen else None
        if latest is None or detail is None:
            return
        closing = protocols.closes_competition(latest.kind, detail.state)
        if closing and self.missing():
            self.show_message(protocols.not_closed_while_missing(self.missing()), error=True)
            return
        if closing and not questions.ask(
            self,
            _("Close the competition?"),
            _(
                "The signed decision on the composition closes competition {number}: after that nothing in it "
                "can change, and a correction is only an amendment. Attach the scan of the signed paper "
                "No. {protocol} now?"
            ).format(number=detail.number, protocol=latest.number),
            _("Attach and close"),
        ):
            return
        dialog = file_dialog(self, _("The scan of the signed protocol"), _("Scans (*.pdf *.jpg *.jpeg *.png)"))
        dialog.fileSelected.connect(lambda name: self.attach(Path(name)))
        self.chooser = dialog
        dialog.open()

    def attach(self, scan: Path) -> None:
        """Keep the scan with its hash and close the competition (in the background: the file may be large)."""
        chosen = self.selected()
        if chosen is None:
            return
        latest = chosen[2].latest(str(self.lang.currentData()))
        if latest is None:
            return
        store = self.ctx.document_store()
        self.attach_button.setEnabled(False)

        def finished(closed: bool) -> None:
            if closed:
                text = _("The signed copy of protocol No. {number} is attached: the competition is closed.")
            else:
                text = _("The signed copy of protocol No. {number} is attached.")
            self.show_message(text.format(number=latest.number))

        task = self.ctx.op(protocols.attach_signed_copy, store, latest.id, scan, on_done=finished, parent=self)
        task.failed.connect(lambda _exc: self._fill_selection())

    def amend(self) -> AmendDialog | None:
        chosen = self.selected()
        if chosen is None:
            return None
        latest = chosen[2].latest(str(self.lang.currentData()))
        if latest is None:
            return None
        choices = None
        if latest.kind is ProtocolKind.DECISION:
            choices = self.ctx.call(compositions.seat_choices, latest.competition_id)
        dialog = AmendDialog(latest, self, choices)
        store = self.ctx.document_store()

        def save(value: tuple[str, str, str, compositions.SeatCorrection]) -> ProtocolView:
            return self.ctx.call(protocols.amend, store, latest.id, value[0], value[1], value[2], value[3] or None)

        def saved(view: ProtocolView) -> None:
            self.show_message(
                _("Protocol No. {number} is amended: version {version} prints the amendment.").format(
                    number=view.number, version=view.version
                )
            )

        self.dialog = self.ctx.open_form(dialog, save, saved)
        return dialog

    def details(self) -> ProtocolFactsDialog | None:
        """What the secretariat enters for the selected protocol: times, objections, dissenting opinions, and for the
        decision the formation date and the Commission's vote on it."""
        chosen, detail = self.selected(), self.detail
        if chosen is None or detail is None:
            return None
        kind, round_number, slot = chosen
        competition_id = detail.id
        try:
            context = self.ctx.call(protocol_facts.facts_context, competition_id, kind, round_number)
            facts = self.ctx.call(protocol_facts.protocol_facts, competition_id, kind, round_number)
        except Exception as exc:
            self.ctx.report(exc, self)
            return None
        dialog = ProtocolFactsDialog(slot_title(slot), facts, context, self)

        def save(value: ProtocolFactsDraft) -> protocol_facts.FactsRecorded:
            return self.ctx.call(protocol_facts.record_protocol_facts, competition_id, kind, round_number, value)

        def saved(recorded: protocol_facts.FactsRecorded) -> None:
            text = _("The details for the protocol are recorded.")
            if any(p.lang for p in slot.issued):
                text = _("The details for the protocol are recorded: issue it again to print them.")
            self.show_message("\n".join([text, *recorded.warnings]), error=bool(recorded.warnings))

        self.dialog = self.ctx.open_form(dialog, save, saved)
        return dialog

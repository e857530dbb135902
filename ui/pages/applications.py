"""The intake of one competition: its applications, each one's documents and checklist, receipts and the register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from osgo_desktop import i18n
from osgo_desktop.changes import Area
from osgo_desktop.domain import intake
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.personal_data import hidden_mark
from osgo_desktop.domain.profile import Kind, KindRules, RegulationProfile
from osgo_desktop.domain.roles import Action
from osgo_desktop.i18n import _
from osgo_desktop.services import applications, bulk, competitions, documents, papers, registries
from osgo_desktop.services.applications import ApplicationDetail, ApplicationRow
from osgo_desktop.services.documents import DocumentRow
from osgo_desktop.storage.documents import StoredFile
from ui.context import AppContext, Reloader
from ui.dialogs.actions import CancelDialog
from ui.dialogs.application import ApplicationDialog, ApplicationValue
from ui.dialogs.documents import DocumentTypeDialog, WithdrawDocumentDialog, fill_document_types
from ui.models.columns import APPLICATION_COLUMNS
from ui.models.table import FilterProxy, RowTableModel
from ui.widgets import questions
from ui.widgets.documents import DocumentMaker, competition_folder, safe_file_name
from ui.widgets.file_dialog import file_dialog
from ui.widgets.filed_documents import DocumentList
from ui.widgets.forms import Banner
from ui.widgets.pdf_preview import PdfPreview, open_in_system


class ApplicationsPage(QWidget):
    """Signals: ``back_requested()``; ``document_ready(Path)`` — a PDF or spreadsheet was written."""

    back_requested = Signal()
    document_ready = Signal(Path)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.competition_id: int | None = None
        self.rules: KindRules | None = None
        self.state: State | None = None
        self.intake_deadline: dt.date | None = None
        self.number = ""
        self.detail: ApplicationDetail | None = None
        self.dialog: QWidget | None = None
        #: the application the type list was last emptied for (-1: none yet, or it must be emptied again)
        self._types_for: int | None = -1
        self.printer = DocumentMaker(ctx, self)
        self.printer.ready.connect(self.document_ready)
        self.setAcceptDrops(True)

        self.back_button = QPushButton(self)
        self.back_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.back_button.clicked.connect(self.back_requested)
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setWordWrap(True)
        self.register_button = QPushButton(self)
        ctx.guard(self.register_button, Action.REGISTER_APPLICATIONS)
        self.register_button.setObjectName("primary")
        self.import_button = QPushButton(self)
        ctx.guard(self.import_button, Action.REGISTER_APPLICATIONS)
        ctx.principal_changed.connect(self._fill_panel)  # putting documents right follows who is signed in
        self.export_button = QPushButton(self)
        self.register_pdf = {lang: QPushButton(self) for lang in i18n.DOCUMENT_LANGUAGES}
        for button in self.register_pdf.values():
            ctx.guard(button, Action.PRINT)
        self.register_button.clicked.connect(self._on_register_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        for lang, button in self.register_pdf.items():
            button.clicked.connect(lambda _checked=False, code=lang: self.make_register_pdf(code))
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title, 1)
        toolbar = QHBoxLayout()  # below the title: one row of everything would not fit a laptop screen
        for widget in (self.register_button, self.import_button, self.export_button, *self.register_pdf.values()):
            toolbar.addWidget(widget)
        toolbar.addStretch(1)

        self.message = Banner(self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.hide()

        self.model: RowTableModel[ApplicationRow] = RowTableModel(APPLICATION_COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.table, 1)

        self.panel = QGroupBox(self)
        self.person_label = QLabel(self)
        self.person_label.setWordWrap(True)
        self.person_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color:#8a5300;")
        self.checklist = QLabel(self)
        self.checklist.setWordWrap(True)
        self.documents = DocumentList(self)
        self.documents.open_requested.connect(self.open_document)
        self.documents.retype_requested.connect(self._on_documents_retype_requested)
        self.documents.replace_requested.connect(self._on_documents_replace_requested)
        self.documents.withdraw_requested.connect(self._on_documents_withdraw_requested)
        self.doc_type = QComboBox(self)
        self.add_documents_button = QPushButton(self)
        ctx.guard(self.add_documents_button, Action.FILE_DOCUMENTS)
        self.add_documents_button.clicked.connect(self._on_add_documents_clicked)
        self.drop_hint = QLabel(self)
        self.drop_hint.setStyleSheet("color:#666;")
        self.edit_button = QPushButton(self)
        ctx.guard(self.edit_button, Action.REGISTER_APPLICATIONS)
        self.withdraw_button = QPushButton(self)
        ctx.guard(self.withdraw_button, Action.REGISTER_APPLICATIONS)
        self.receipt_buttons = {lang: QPushButton(self) for lang in i18n.DOCUMENT_LANGUAGES}
        for button in self.receipt_buttons.values():
            ctx.guard(button, Action.PRINT)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.withdraw_button.clicked.connect(self._on_withdraw_clicked)
        for lang, button in self.receipt_buttons.items():
            button.clicked.connect(lambda _checked=False, code=lang: self.make_receipt(code))
        add_row = QHBoxLayout()
        add_row.addWidget(self.doc_type, 1)
        add_row.addWidget(self.add_documents_button)
        actions = QHBoxLayout()
        for button in (self.edit_button, self.withdraw_button, *self.receipt_buttons.values()):
            actions.addWidget(button)
        panel_layout = QVBoxLayout(self.panel)
        panel_layout.addWidget(self.person_label)
        panel_layout.addWidget(self.warnings)
        panel_layout.addWidget(self.checklist)
        panel_layout.addWidget(self.documents, 1)
        panel_layout.addLayout(add_row)
        panel_layout.addWidget(self.drop_hint)
        panel_layout.addLayout(actions)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([780, 520])  # the table first: it is what the secretariat scans
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(toolbar)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)
        ctx.language_changed.connect(self.retranslate)
        Reloader(
            self,
            ctx,
            (Area.COMPETITIONS, Area.APPLICATIONS, Area.SCREENING, Area.REGISTRIES),
            self.reload,
            lambda: self.competition_id,
        )
        self.retranslate()

    # --- showing ---------------------------------------------------------------------------------------------
    def show_competition(self, competition_id: int) -> None:
        self.competition_id = competition_id
        self._types_for = -1
        self.message.hide()
        self.reload()

    def reload(self) -> None:
        if self.competition_id is None:
            return
        detail = self.ctx.call(competitions.get_competition, self.competition_id)
        rows = self.ctx.call(applications.list_applications, self.competition_id)
        self.rules = detail.profile.rules(detail.kind)
        self.profile: RegulationProfile = detail.profile
        self.kind: Kind = detail.kind
        self.state = detail.state
        self.intake_deadline = detail.intake_deadline
        self.number = detail.number
        subject = detail.body.get(i18n.current_language()) if detail.body else ""
        self.title.setText(
            _("Applications — competition {number} {subject}").format(number=detail.number, subject=subject)
        )
        selected = self.detail.row.id if self.detail else None
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        open_intake = detail.state in intake.INTAKE_STATES
        self.register_button.setEnabled(open_intake)
        self.import_button.setEnabled(open_intake)
        self.select_application(selected if selected is not None else (rows[0].id if rows else None))

    def select_application(self, application_id: int | None) -> None:
        for row_index, row in enumerate(self.model.rows()):
            if row.id == application_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row_index, 0)).row())
                self._load_detail(application_id)
                return
        self._load_detail(None)

    def _load_detail(self, application_id: int | None) -> None:
        if application_id is None:
            self.detail = None
        else:
            self.detail = self.ctx.call(applications.get_application, application_id)
        self._fill_panel()

    def _fill_doc_types(self) -> None:
        """The types to file the next documents under, none chosen (see ``fill_document_types``)."""
        if self.rules is not None:
            fill_document_types(self.doc_type, self.rules)

    def _fill_panel(self) -> None:
        detail = self.detail
        lang = i18n.current_language()
        editable = detail is not None and self.state in intake.INTAKE_STATES and not detail.row.withdrawn
        for widget in (self.add_documents_button, self.doc_type, self.edit_button, self.withdraw_button):
            widget.setEnabled(editable)
        self.documents.set_editable(editable and self.ctx.may(Action.CORRECT_DOCUMENTS))
        for button in self.receipt_buttons.values():
            button.setEnabled(detail is not None)
        if (detail.row.id if detail else None) != self._types_for:  # another application: a type chosen afresh
            self._types_for = detail.row.id if detail else None
            self._fill_doc_types()
        if detail is None:
            self.documents.set_documents(())
            self.panel.setTitle(_("No application selected"))
            self.person_label.setText("")
            self.warnings.hide()
            self.checklist.setText("")
            return
        row = detail.row
        self.panel.setTitle(_("Application {number}").format(number=row.display_number))
        facts = [
            row.full_name,
            _("PIN: {pin}").format(pin=hidden_mark() if row.personal_hidden else row.pin or "—"),
            _("Nominated by: {name}").format(name=row.nominated_by),
        ]
        if row.late:
            facts.append(_(intake.LATE_NOTICE))
        if row.withdrawn:
            reason = hidden_mark() if detail.personal_hidden else detail.withdraw_reason
            facts.append(_("Withdrawn: {reason}").format(reason=reason))
        self.person_label.setText("\n".join(facts))
        self.warnings.setText("\n".join(f"⚠ {w}" for w in detail.warnings))
        self.warnings.setVisible(bool(detail.warnings))
        if row.missing:
            self.checklist.setText(
                _("Still missing: {documents}").format(documents=", ".join(m.get(lang) for m in row.missing))
            )
            self.checklist.setStyleSheet("color:#8a5300;")
        else:
            self.checklist.setText(_("All required documents are here."))
            self.checklist.setStyleSheet("color:#1b5e20;")
        self.documents.set_documents((*detail.documents, *detail.set_aside))

    def retranslate(self) -> None:
        self.back_button.setText(_("Competition"))
        self.register_button.setText(_("Register an application…"))
        self.import_button.setText(_("Import from a file…"))
        self.export_button.setText(_("Export the register (XLSX)…"))
        self.register_pdf["ky"].setText(_("Register PDF (Kyrgyz)"))
        self.register_pdf["ru"].setText(_("Register PDF (Russian)"))
        self.filter.setPlaceholderText(_("Filter by number, name, PIN…"))
        self.add_documents_button.setText(_("Add documents…"))
        self.documents.retranslate()
        self.drop_hint.setText(_("Or drop files here. PDF, JPEG, PNG, DOC, DOCX, ODT; files are kept unchanged."))
        self.edit_button.setText(_("&Edit…"))
        self.withdraw_button.setText(_("Withdraw…"))
        self.receipt_buttons["ky"].setText(_("Receipt (Kyrgyz)"))
        self.receipt_buttons["ru"].setText(_("Receipt (Russian)"))
        self.model.retranslate()
        self._types_for = -1  # the types in the new language
        if self.competition_id is not None:
            self.reload()

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.show_message(text, error)

    # --- registering ---------------------------------------------------------------------------------------------
    def _choices(self) -> tuple[list[tuple[int, str]], list[tuple[int, str]], dict[int, tuple[str, ...]]]:
        """The active associations and organisations that may nominate, and what the registry warns of each
        association (short of members, say): the form says it as the association is chosen."""
        rows = [a for a in self.ctx.call(registries.list_associations) if a.active]
        organizations = [(o.id, o.name) for o in self.ctx.call(registries.list_organizations) if o.active]
        return [(a.id, a.name) for a in rows], organizations, {a.id: a.problems for a in rows if a.problems}

    def _on_register_clicked(self) -> None:
        assert self.competition_id is not None and self.rules is not None
        competition_id = self.competition_id
        associations, organizations, warnings = self._choices()
        last = self.detail.intake.received_by if self.detail else ""
        dialog = ApplicationDialog(
            self.rules,
            associations,
            organizations,
            self.ctx.clock,
            received_by=last,
            parent=self,
            intake_deadline=self.intake_deadline,
            association_warnings=warnings,
        )

        def save(value: ApplicationValue) -> applications.Registered:
            return self.ctx.call(applications.register_application, competition_id, value.person, value.intake)

        def saved(result: applications.Registered) -> None:
            text = _("Registered as {number}.").format(number=result.display_number)
            if result.late:
                text += " " + _(intake.LATE_NOTICE)
            self.show_message(text)
            self.select_application(result.application_id)

        self.dialog = self.ctx.open_form(dialog, save, saved)

    def _on_edit_clicked(self) -> None:
        assert self.detail is not None and self.rules is not None
        application_id = self.detail.row.id
        versions = self.detail.versions  # what the form is filled from: a change meanwhile is refused, form kept
        associations, organizations, warnings = self._choices()
        value = ApplicationValue(self.detail.person, self.detail.intake)
        dialog = ApplicationDialog(
            self.rules,
            associations,
            organizations,
            self.ctx.clock,
            value=value,
            parent=self,
            intake_deadline=self.intake_deadline,
            association_warnings=warnings,
            personal_hidden=self.detail.personal_hidden,
        )

        def save(changed: ApplicationValue) -> None:
            self.ctx.call(applications.update_application, application_id, changed.person, changed.intake, versions)

        self.dialog = self.ctx.open_form(dialog, save)

    def _on_withdraw_clicked(self) -> None:
        assert self.detail is not None
        application_id = self.detail.row.id
        dialog = CancelDialog(self.detail.row.display_number, self)
        dialog.setWindowTitle(_("Withdraw application {number}").format(number=self.detail.row.display_number))

        def save(reason: str) -> None:
            self.ctx.call(applications.withdraw, application_id, reason)

        self.dialog = self.ctx.open_form(dialog, save)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._load_detail(self.model.row_at(self.proxy.mapToSource(current).row()).id)

    # --- documents ------------------------------------------------------------------------------------------------
    def _on_add_documents_clicked(self) -> None:
        if not self._type_chosen():
            return
        dialog = file_dialog(
            self,
            _("Add documents"),
            _("Documents (*.pdf *.jpg *.jpeg *.png *.doc *.docx *.odt);;All files (*)"),
            many=True,
        )
        dialog.filesSelected.connect(lambda names: self.add_documents([Path(n) for n in names]))
        self.dialog = dialog
        dialog.open()

    def _type_chosen(self) -> bool:
        """Whether a type is chosen for the next documents; if not, say so and put the focus on the list."""
        if self.doc_type.currentData() is not None:
            return True
        self.show_message(_("Choose the type of the documents first."), error=True)
        self.doc_type.setFocus()
        return False

    def add_documents(self, files: list[Path], doc_type: str | None = None) -> None:
        """Store ``files`` in the background (progress shown), then file them under the selected application, as
        ``doc_type`` or the type chosen in the list (none chosen: nothing is stored, the user is asked to choose)."""
        detail = self.detail
        if detail is None or not files or (doc_type is None and not self._type_chosen()):
            return
        application_id = detail.row.id
        code = doc_type or str(self.doc_type.currentData())

        def file(stored: tuple[StoredFile, ...], confirmed: bool) -> None:
            self.ctx.call(applications.add_documents, application_id, code, stored, confirmed=confirmed)
            self._fill_doc_types()  # the next documents are of another type: chosen afresh
            self.show_message(
                i18n.ngettext("{count} document added.", "{count} documents added.", len(stored)).format(
                    count=len(stored)
                )
            )

        self._store(files, application_id, file)

    def _store(
        self, files: list[Path], application_id: int, file: Callable[[tuple[StoredFile, ...], bool], None]
    ) -> None:
        """Store ``files`` in the background (progress shown); then, once the user has agreed to file what carries
        active content or is already filed in the competition, ``file(stored, confirmed)`` (``confirmed``: active
        content agreed to)."""
        self.add_documents_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()

        def finished(stored: tuple[StoredFile, ...]) -> None:
            self.progress.hide()
            warnings = [item.warning for item in stored if item.warning]
            if not (self._agree_to_active_content(warnings) and self._agree_to_same_content(application_id, stored)):
                self.add_documents_button.setEnabled(True)
                self.show_message(_("Nothing was filed."), error=True)
                return
            try:
                file(stored, bool(warnings))
            except Exception as exc:
                self.ctx.report(exc, self)
                self.add_documents_button.setEnabled(True)

        def failed(exc: BaseException) -> None:
            self.progress.hide()
            self.add_documents_button.setEnabled(True)
            self.show_message(str(exc), error=True)

        store = self.ctx.document_store()
        task = self.ctx.tasks.run(
            lambda progress: store.put_many(files, progress),
            finished,
            failed,
            lambda fraction, _text: self.progress.setValue(int(fraction * 1000)),
            name="documents",
        )
        self.add_task = task

    def _agree_to_active_content(self, warnings: list[str]) -> bool:
        return not warnings or questions.ask(
            self,
            _("Active content in a document"),
            "\n\n".join([*warnings, _("File the documents anyway?")]),
            _("File anyway"),
            _("Do not file"),
        )

    def _agree_to_same_content(self, application_id: int, stored: tuple[StoredFile, ...]) -> bool:
        """Whether to file what the competition already holds (the same SHA-256), or the same content chosen twice
        at once, asked naming where it is."""
        found = self.ctx.call(documents.same_content, application_id, [item.sha256 for item in stored])
        names = {item.sha256: item.display_name for item in stored}
        lines = [
            _("• “{file}” is already filed: {where}").format(file=names.get(f.sha256, ""), where=f.text())
            for f in found
        ]
        first: dict[str, str] = {}
        for item in stored:
            if item.sha256 in first:
                twice = _("• “{file}” is the same file as “{other}”")
                lines.append(twice.format(file=item.display_name, other=first[item.sha256]))
            first.setdefault(item.sha256, item.display_name)
        if not lines:
            return True
        listed = "\n".join(lines)
        return questions.ask(
            self,
            _("The same file is already filed"),
            _("{listed}\n\nFile it again?").format(listed=listed),
            _("File it again"),
            _("Do not file"),
        )

    # --- putting a document right ---------------------------------------------------------------------------------
    def _document(self, document_id: int) -> DocumentRow | None:
        if self.detail is None:
            return None
        return next((d for d in (*self.detail.documents, *self.detail.set_aside) if d.id == document_id), None)

    def _on_documents_retype_requested(self, document_id: int) -> None:
        document = self._document(document_id)
        if document is None or self.rules is None:
            return
        dialog = DocumentTypeDialog(document, self.rules, self)

        def save(code: str) -> None:
            self.ctx.call(documents.change_type, document_id, code)

        def saved(_result: None) -> None:
            self.show_message(_("The type of the document was changed."))

        self.dialog = self.ctx.open_form(dialog, save, saved)

    def _on_documents_withdraw_requested(self, document_id: int) -> None:
        document = self._document(document_id)
        if document is None:
            return
        dialog = WithdrawDocumentDialog(document, self)

        def save(reason: str) -> None:
            self.ctx.call(documents.withdraw, document_id, reason)

        def saved(_result: None) -> None:
            self.show_message(_("The document was withdrawn; it stays on file, marked withdrawn."))

        self.dialog = self.ctx.open_form(dialog, save, saved)

    def _on_documents_replace_requested(self, document_id: int) -> None:
        document = self._document(document_id)
        if document is None:
            return
        dialog = file_dialog(
            self,
            _("Replace “{name}” with a new version").format(name=document.display_name),
            _("Documents (*.pdf *.jpg *.jpeg *.png *.doc *.docx *.odt);;All files (*)"),
        )
        dialog.fileSelected.connect(lambda name: self.replace_document(document_id, Path(name)))
        self.dialog = dialog
        dialog.open()

    def replace_document(self, document_id: int, path: Path) -> None:
        """Store ``path`` in the background, then file it as the new version of the document (the old is kept)."""
        if self.detail is None:
            return

        def file(stored: tuple[StoredFile, ...], confirmed: bool) -> None:
            (new,) = stored
            self.ctx.call(documents.replace, document_id, new, confirmed=confirmed)
            self.show_message(_("The new version was filed; the old one is kept, marked replaced."))

        self._store([path], self.detail.row.id, file)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.add_documents_button.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.add_documents(files)

    def open_document(self, document_id: int) -> None:
        """Show a document: a PDF or an image in the app's own preview, anything else in the system's program."""
        document = self._document(document_id)
        if document is None:
            return
        if not self.ctx.may(Action.READ_PERSONAL):  # a CV, an ID scan: personal data, as the PIN is
            self.show_message(_("You may not open applicants' documents: they hold their personal data."), True)
            return
        store = self.ctx.db.document_store()
        # A server database's document is read from the server and checked against its hash: in the background.
        self.ctx.run(
            lambda _progress: store.path(document.sha256),
            lambda path: self._show_document(document, path),
            self,
            name="open-document",
        )

    def _show_document(self, document: DocumentRow, path: Path) -> None:
        if document.file_type == "pdf":
            self.printer.show(PdfPreview(path, document.display_name, tasks=self.ctx.tasks))
        elif document.file_type in ("jpeg", "png"):
            from ui.widgets.image_preview import ImagePreview

            self.printer.show(ImagePreview(path, document.display_name))
        elif not open_in_system(path):
            self.show_message(
                _("No program to open this file was found on this computer. The file is kept here: {path}").format(
                    path=path
                ),
                error=True,
            )

    # --- documents printed ---------------------------------------------------------------------------------------
    def _make(self, name: str, title: str, paper: Callable[..., bytes], *args: Any) -> None:
        self.printer.make(
            competition_folder(self.number) / name,
            title,
            paper,
            *args,
            saved=lambda path: self.show_message(_("Saved: {path}").format(path=path)),
        )

    def make_receipt(self, lang: str) -> None:
        assert self.detail is not None
        application_id, number = self.detail.row.id, self.detail.row.display_number
        self._make(
            f"receipt-{safe_file_name(number)}-{lang}.pdf",
            _("Receipt {number}").format(number=number),
            papers.receipt,
            application_id,
            lang,
        )

    def make_register_pdf(self, lang: str) -> None:
        assert self.competition_id is not None
        self._make(
            f"register-{safe_file_name(self.number)}-{lang}.pdf",
            _("Register {number}").format(number=self.number),
            papers.register,
            self.competition_id,
            lang,
        )

    def _on_export_clicked(self) -> None:
        assert self.competition_id is not None
        lang = i18n.current_language() if i18n.current_language() in i18n.DOCUMENT_LANGUAGES else "ky"
        self._make(
            f"register-{safe_file_name(self.number)}-{lang}.xlsx", "", bulk.register_xlsx, self.competition_id, lang
        )

    # --- import ------------------------------------------------------------------------------------------------
    def _on_import_clicked(self) -> None:
        dialog = file_dialog(self, _("Import applicants"), _("Spreadsheets (*.xlsx *.csv);;All files (*)"))
        dialog.fileSelected.connect(lambda name: self.import_file(Path(name)))
        self.dialog = dialog
        dialog.open()

    def import_file(self, path: Path) -> None:
        """Read and check the file in the background, then show what would be registered (see ImportDialog)."""
        from ui.dialogs.import_preview import ImportPreviewDialog

        assert self.competition_id is not None
        competition_id = self.competition_id
        received_by = self.detail.intake.received_by if self.detail else ""

        def previewed(preview: bulk.Preview) -> None:
            dialog = ImportPreviewDialog(preview, self)

            def save(_value: Any) -> list[applications.Registered]:
                return self.ctx.call(bulk.import_applicants, competition_id, preview)

            def saved(done: list[applications.Registered]) -> None:
                self.show_message(
                    i18n.ngettext(
                        "{count} application registered.", "{count} applications registered.", len(done)
                    ).format(count=len(done))
                )

            self.dialog = self.ctx.open_form(dialog, save, saved)

        self.ctx.op(bulk.preview_file, competition_id, path, received_by, on_done=previewed, parent=self)

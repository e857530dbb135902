"""Importing sitting compositions: which body the list is for and the file, then what the import would create, row by
row (all rows or none). :func:`start_composition_import` is the one entry point: the main window's menu calls it,
and the Compositions page may call it with the body it shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from osgo_desktop import i18n
from osgo_desktop.domain.registry import COMMISSION_CODE
from osgo_desktop.i18n import _
from osgo_desktop.services import composition_import, registries
from osgo_desktop.services.composition_import import CompositionImport, CompositionPreview, MemberLine
from osgo_desktop.services.views import StateBodyRow
from ui.context import AppContext
from ui.dialogs.import_preview import ImportPreviewDialog
from ui.widgets.file_dialog import file_dialog
from ui.widgets.forms import FormDialog, fill_combo
from ui.widgets.screen import fit_to_screen

#: the body combo's entry for a file whose rows each name their body
EACH_ROW: str = ""


@dataclass(frozen=True)
class ImportChoice:
    """What the user chose: the body's code (``commission``; None: each row names its body) and the file."""

    body_code: str | None
    path: Path


class CompositionImportForm(FormDialog):
    """The body (a state body with a code, the Commission, or "each row names its body") and the file."""

    def __init__(self, bodies: list[StateBodyRow], body_code: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bodies = [b for b in bodies if b.code]
        self.body = QComboBox(self)
        self.path = QLineEdit(self)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self._on_browse_clicked)
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.path, 1)
        box.addWidget(self.browse)
        self.path.textChanged.connect(self.revalidate)
        self.add_field("body", self.body, lambda: _("Body"))
        self.add_field("path", row, lambda: _("File"))
        self.chooser: QFileDialog | None = None
        self.retranslate()
        if body_code is not None:
            self.body.setCurrentIndex(max(0, self.body.findData(body_code)))
        fit_to_screen(self, 640)
        self.revalidate()

    def retranslate(self) -> None:
        chosen = self.body.currentData()
        super().retranslate()
        self.setWindowTitle(_("Import sitting members"))
        self.set_intro(
            _(
                "A CSV or Excel (.xlsx) list of the members who sit now, one row each: body (its code), surname, "
                "name, patronymic, PIN, sex, organisation, seat (council, civil or permanent), term start and end. "
                "Nothing is saved until every row is correct."
            )
        )
        lang = i18n.current_language()
        choices: list[tuple[str, object]] = [
            (_("Each row names its body"), EACH_ROW),
            (_("The Commission"), COMMISSION_CODE),
        ]
        choices += [(f"{b.code} — {b.name.get(lang)}", b.code) for b in self.bodies]
        fill_combo(self.body, choices)
        if chosen is not None:
            self.body.setCurrentIndex(max(0, self.body.findData(chosen)))
        self.browse.setText(_("Choose…"))
        self.buttons.button(self.buttons.StandardButton.Ok).setText(_("Check the file"))

    def _on_browse_clicked(self) -> None:
        self.chooser = file_dialog(self, _("Import sitting members"), _("Spreadsheets (*.xlsx *.csv);;All files (*)"))
        self.chooser.fileSelected.connect(self.path.setText)
        self.chooser.open()

    def value(self) -> ImportChoice:
        code = self.body.currentData()
        return ImportChoice(code or None, Path(self.path.text().strip()))

    def validate_value(self, value: ImportChoice) -> dict[str, str]:
        return {} if self.path.text().strip() else {"path": _("Choose the file.")}


class CompositionPreviewDialog(ImportPreviewDialog):
    """What the import would create: the compositions, then every row with its errors and warnings."""

    preview: CompositionPreview

    def row_name(self, row: Any) -> str:
        assert isinstance(row, MemberLine)
        return row.full_name

    def summary_parts(self) -> list[str]:
        preview = self.preview
        parts = [
            _("{body}: {start}–{end}, {seats} seats, {members} members").format(
                body=c.body_code,
                start=i18n.format_date(c.term_start, style="numeric"),
                end=i18n.format_date(c.term_end, style="numeric"),
                seats=c.seats,
                members=len(c.lines),
            )
            for c in preview.compositions
        ]
        if preview.invalid:
            parts.append(
                i18n.ngettext(
                    "{count} row has errors: correct the file; nothing will be saved until then.",
                    "{count} rows have errors: correct the file; nothing will be saved until then.",
                    len(preview.invalid),
                ).format(count=len(preview.invalid))
            )
        return parts

    def ok_text(self) -> str:
        return _("Import them")

    def empty_text(self) -> str:
        return _("The file holds no members to import. Nothing was saved.")


class CompositionImportFlow:
    """One import, step by step: the form (body and file), then — once the file is checked in the background — the
    preview, whose OK imports every row. Kept by the caller while it runs (tests read its dialogs)."""

    def __init__(self, ctx: AppContext, parent: QWidget, body_code: str | None) -> None:
        self.ctx = ctx
        self.parent = parent
        self.form: FormDialog = ctx.open_form(
            CompositionImportForm(ctx.call(registries.list_bodies), body_code, parent),
            lambda choice: choice,
            self._on_form_saved,
        )
        self.preview_dialog: FormDialog | None = None
        self.done: CompositionImport | None = None

    def _on_form_saved(self, choice: ImportChoice) -> None:
        self.ctx.op(
            composition_import.preview_import,
            choice.body_code,
            choice.path,
            on_done=lambda preview: self._on_checked(choice, preview),
            parent=self.parent,
        )

    def _on_checked(self, choice: ImportChoice, preview: CompositionPreview) -> None:
        def save(_value: object) -> CompositionImport:
            return self.ctx.call(composition_import.import_compositions, choice.body_code, choice.path)

        self.preview_dialog = self.ctx.open_form(CompositionPreviewDialog(preview, self.parent), save, self._on_saved)

    def _on_saved(self, done: CompositionImport) -> None:
        self.done = done
        self.ctx.message_handler(
            i18n.ngettext(
                "{count} composition imported, {members} members ({created} new persons).",
                "{count} compositions imported, {members} members ({created} new persons).",
                len(done.compositions),
            ).format(count=len(done.compositions), members=done.members, created=done.persons_created),
            self.parent,
        )


def start_composition_import(ctx: AppContext, parent: QWidget, body_code: str | None = None) -> CompositionImportFlow:
    """Ask for the body (``body_code`` chosen beforehand: a body's code or ``commission``) and the file; check the
    file in the background and show what would be created; import every row on OK, or nothing."""
    return CompositionImportFlow(ctx, parent, body_code)

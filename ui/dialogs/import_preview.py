"""What an import would save, row by row, before anything is saved: applicants (the base dialog) or the sitting
members of compositions (:class:`ui.dialogs.composition_import.CompositionPreviewDialog`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QListWidget, QWidget

from osgo_desktop import i18n
from osgo_desktop.domain.registry import full_name
from osgo_desktop.i18n import _
from osgo_desktop.services.bulk import Preview
from osgo_desktop.services.composition_import import CompositionPreview
from ui.widgets.forms import FormDialog
from ui.widgets.screen import fit_to_screen


class ImportPreviewDialog(FormDialog):
    """OK imports every row; it is enabled only when no row has an error (all or nothing)."""

    def __init__(self, preview: Preview | CompositionPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.rows = QListWidget(self)
        self.add_field("rows", self.rows, lambda: _("Rows"))
        self.insert_widget(0, self.summary)
        for row in preview.rows:
            status = _("error") if row.errors else _("warning") if row.warnings else _("ready")
            self.rows.addItem(
                _("Line {line}: {name} — {status}").format(line=row.line, name=self.row_name(row), status=status)
            )
            for message in (*row.errors, *row.warnings):
                self.rows.addItem(f"    {message}")
        self.retranslate()
        fit_to_screen(self, 720, 520)
        self.revalidate()

    def row_name(self, row: Any) -> str:
        """How a row is named in the list."""
        return full_name(row.person.surname, row.person.name, row.person.patronymic) if row.person else ""

    def summary_parts(self) -> list[str]:
        """The lines above the rows: what can be saved, and what cannot."""
        parts = [
            i18n.ngettext(
                "{count} row can be registered.", "{count} rows can be registered.", len(self.preview.valid)
            ).format(count=len(self.preview.valid))
        ]
        if self.preview.invalid:
            parts.append(
                i18n.ngettext(
                    "{count} row has errors: correct the file; nothing will be registered until then.",
                    "{count} rows have errors: correct the file; nothing will be registered until then.",
                    len(self.preview.invalid),
                ).format(count=len(self.preview.invalid))
            )
        return parts

    def ok_text(self) -> str:
        return _("Register them")

    def empty_text(self) -> str:
        return _("The file holds no applicants.")

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Import {file}").format(file=self.preview.file_name))
        parts = self.summary_parts()
        if self.preview.unknown_columns:
            parts.append(_("Columns ignored: {columns}").format(columns=", ".join(self.preview.unknown_columns)))
        self.summary.setText("\n".join(parts))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.ok_text())

    def value(self) -> Any:
        return self.preview

    def validate_value(self, value: Any) -> dict[str, str]:
        if not self.preview.rows:
            return {"rows": self.empty_text()}
        return {"rows": _("Some rows have errors.")} if self.preview.invalid else {}

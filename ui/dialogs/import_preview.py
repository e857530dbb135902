"""What an applicant import would register, row by row, before anything is saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QListWidget, QWidget

from osgo_desktop import i18n
from osgo_desktop.domain.registry import full_name
from osgo_desktop.i18n import _
from osgo_desktop.services.bulk import Preview
from ui.widgets.forms import FormDialog


class ImportPreviewDialog(FormDialog):
    """OK imports every row; it is enabled only when no row has an error (all or nothing)."""

    def __init__(self, preview: Preview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.rows = QListWidget(self)
        self.add_field("rows", self.rows, lambda: _("Rows"))
        self.insert_widget(0, self.summary)
        for row in preview.rows:
            name = full_name(row.person.surname, row.person.name, row.person.patronymic) if row.person else ""
            status = _("error") if row.errors else _("warning") if row.warnings else _("ready")
            self.rows.addItem(_("Line {line}: {name} — {status}").format(line=row.line, name=name, status=status))
            for message in (*row.errors, *row.warnings):
                self.rows.addItem(f"    {message}")
        self.retranslate()
        self.resize(720, 520)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Import {file}").format(file=self.preview.file_name))
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
        if self.preview.unknown_columns:
            parts.append(_("Columns ignored: {columns}").format(columns=", ".join(self.preview.unknown_columns)))
        self.summary.setText("\n".join(parts))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Register them"))

    def value(self) -> Any:
        return self.preview

    def validate_value(self, value: Any) -> dict[str, str]:
        if not self.preview.rows:
            return {"rows": _("The file holds no applicants.")}
        return {"rows": _("Some rows have errors.")} if self.preview.invalid else {}

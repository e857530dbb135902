"""The amendment of an issued protocol: the reason, what it corrects, who makes it."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from osgo_desktop.i18n import _
from osgo_desktop.services.protocols import ProtocolView
from ui.widgets.forms import FormDialog, line_edit


class AmendDialog(FormDialog):
    """Returns ``(reason, correction)``."""

    def __init__(self, protocol: ProtocolView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.protocol = protocol
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.correction = QPlainTextEdit()
        self.correction.setFixedHeight(110)
        self.made_by = line_edit(max_length=300)
        self.add_field("reason", self.reason, lambda: _("Reason for the amendment"))
        self.add_field("correction", self.correction, lambda: _("What it corrects"))
        self.add_field("made_by", self.made_by, lambda: _("Made by (name, role)"))
        self.retranslate()
        self.resize(560, self.sizeHint().height())
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Amend protocol No. {number}").format(number=self.protocol.number))

    def value(self) -> tuple[str, str, str]:
        return self.reason.toPlainText(), self.correction.toPlainText(), self.made_by.text()

    def validate_value(self, value: tuple[str, str, str]) -> dict[str, str]:
        errors = {}
        if not value[0].strip():
            errors["reason"] = _("Give the reason for the amendment.")
        if not value[1].strip():
            errors["correction"] = _("Write what the amendment corrects.")
        if not value[2].strip():
            errors["made_by"] = _("Say who makes the amendment.")
        return errors

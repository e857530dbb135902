"""Small forms for putting a filed document right: the type it really is, why it is withdrawn."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from osgo_desktop import i18n
from osgo_desktop.domain import intake
from osgo_desktop.domain.profile import KindRules
from osgo_desktop.i18n import _
from osgo_desktop.services import documents
from osgo_desktop.services.documents import DocumentRow
from ui.widgets.forms import FormDialog

#: wide enough for a document's type and file name on one line, narrow enough for a 1280 px screen
WIDTH = 600


def fill_document_types(combo: QComboBox, rules: KindRules, leave_out: str = "") -> None:
    """The kind's document types (and "Other document"), none chosen: the clerk picks one deliberately each time
    (a type kept from the last file filed a CV as an application letter)."""
    lang = i18n.current_language()
    combo.blockSignals(True)
    combo.clear()
    for rule in rules.documents:
        if rule.code != leave_out:
            combo.addItem(rule.text.get(lang), rule.code)
    if leave_out != intake.OTHER_DOCUMENT:
        combo.addItem(_("Other document"), intake.OTHER_DOCUMENT)
    combo.setPlaceholderText(_("Choose the type of document…"))
    combo.setCurrentIndex(-1)
    combo.blockSignals(False)


def _described(document: DocumentRow) -> str:
    return _("{type}: “{name}”, version {version}").format(
        type=document.type_label.get(i18n.current_language()), name=document.display_name, version=document.version
    )


class _DocumentForm(FormDialog):
    """A form about one document, as wide as its name needs."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The wrapped intro and the error lines are measured at the width they are laid out at: once shown.
        self.revalidate()


class DocumentTypeDialog(_DocumentForm):
    """Returns the code of the type a misfiled document really is (none chosen at first)."""

    def __init__(self, document: DocumentRow, rules: KindRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.rules = rules
        self.doc_type = QComboBox()
        self.add_field("doc_type", self.doc_type, lambda: _("File it as"))
        self.retranslate()
        self.resize(WIDTH, self.sizeHint().height())
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Change the type of a document"))
        self.set_intro(_described(self.document))
        fill_document_types(self.doc_type, self.rules, leave_out=self.document.doc_type)

    def value(self) -> str:
        return str(self.doc_type.currentData() or "")

    def validate_value(self, value: str) -> dict[str, str]:
        return {} if value else {"doc_type": _("Choose the type of document.")}


class WithdrawDocumentDialog(_DocumentForm):
    """Returns why a document registered by mistake is withdrawn."""

    def __init__(self, document: DocumentRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(90)
        self.add_field("reason", self.reason, lambda: _("Reason"))
        self.retranslate()
        self.resize(WIDTH, self.sizeHint().height())
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Withdraw a document"))
        self.set_intro(
            "\n".join(
                (
                    _described(self.document),
                    _("The document stays on file, marked withdrawn with the reason, and no longer counts."),
                )
            )
        )

    def value(self) -> str:
        return self.reason.toPlainText()

    def validate_value(self, value: str) -> dict[str, str]:
        return documents.validate_reason(value)

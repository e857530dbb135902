"""A yes-or-no question to the user, with buttons that say what they do, in the app's language.

QMessageBox's standard Yes/No buttons come from Qt's own translations, which have no Kyrgyz: a Kyrgyz screen would
show Russian or English buttons. Every question goes through :func:`ask` (called as ``questions.ask``, so a test
can answer it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from osgo_desktop.i18n import _


def ask(parent: QWidget | None, title: str, text: str, confirm: str, cancel: str = "") -> bool:
    """Whether the user chose ``confirm`` (a verb: "Discard", "Close the competition"); ``cancel`` defaults to
    "Cancel", which is also what Esc and the default button do."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(confirm, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(cancel or _("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def print_without_translations(parent: QWidget | None, texts: list[str], question: str, confirm: str) -> bool:
    """Whether the user agrees that a Russian paper prints ``texts`` (each naming a text with no Russian form, see
    ``services.translations``) in their Kyrgyz form; ``question`` ends the message ("Issue anyway?")."""
    listed = "\n".join(f"• {text}" for text in texts)
    return ask(
        parent,
        _("Texts without a Russian form"),
        _("These texts have no Russian form:\n{texts}\n\nThe paper will print them in Kyrgyz. {question}").format(
            texts=listed, question=question
        ),
        confirm,
    )

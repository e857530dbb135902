"""The file dialog, worded in the app's language.

Qt has no Kyrgyz translation of its own dialogs: a Kyrgyz screen got "Look in:" and "Files of type:" in English
beside "Имя файла" and "Открыть" in Russian. Every file dialog comes from :func:`file_dialog`, which sets the
texts Qt lets an application set (the list's column headers are Qt's own). Dialogs are shown with ``open()``:
nothing blocks, and the choice arrives as ``fileSelected`` / ``filesSelected``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QWidget

from osgo_desktop.i18n import _


def file_dialog(
    parent: QWidget | None,
    title: str,
    name_filter: str,
    *,
    directory: str = "",
    save: bool = False,
    many: bool = False,
) -> QFileDialog:
    """A file dialog to open one file (``many``: several), or to save one (``save``)."""
    dialog = QFileDialog(parent, title, directory)
    dialog.setNameFilter(name_filter)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    # Qt's own widgets, so these texts take (a native dialog speaks the system's language anyway)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    for label, text in (
        (QFileDialog.DialogLabel.LookIn, _("Look in:")),
        (QFileDialog.DialogLabel.FileName, _("File name:")),
        (QFileDialog.DialogLabel.FileType, _("Files of type:")),
        (QFileDialog.DialogLabel.Accept, _("Save") if save else _("Open")),
        (QFileDialog.DialogLabel.Reject, _("Cancel")),
    ):
        dialog.setLabelText(label, text)
    return dialog

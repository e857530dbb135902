"""Qt's own strings speak the UI's language: the standard buttons and the file dialog in Kyrgyz and Russian."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo, QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QFileIconProvider, QToolButton
from pytestqt.qtbot import QtBot

from ui.app import QtTranslations

BUTTONS = QDialogButtonBox.StandardButton


@pytest.fixture
def qt_translations(qapp: QApplication) -> Iterator[QtTranslations]:
    locale = QLocale()
    translations = QtTranslations(qapp)
    yield translations
    translations.apply("en")
    QLocale.setDefault(locale)


def _texts(qtbot: QtBot, tmp_path: Path) -> dict[str, str]:
    """What the user reads on a button box, on the file dialog's "new folder" button and for a folder's type."""
    box = QDialogButtonBox(BUTTONS.Save | BUTTONS.Cancel)
    qtbot.addWidget(box)
    dialog = QFileDialog(None, "", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    new_folder = dialog.findChild(QToolButton, "newFolderButton")
    assert new_folder is not None
    return {
        "save": box.button(BUTTONS.Save).text(),
        "cancel": box.button(BUTTONS.Cancel).text(),
        "new folder": new_folder.toolTip(),
        "folder": QFileIconProvider().type(QFileInfo(str(tmp_path))),
    }


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ky", {"save": "Сактоо", "cancel": "Жокко чыгаруу", "new folder": "Жаңы папка түзүү", "folder": "Папка"}),
        ("ru", {"save": "Сохранить", "cancel": "Отмена", "new folder": "Создать папку", "folder": "Папка"}),
        ("en", {"save": "Save", "cancel": "Cancel", "new folder": "Create New Folder", "folder": "Folder"}),
    ],
)
def test_qt_strings_in_the_ui_language(
    qtbot: QtBot, tmp_path: Path, qt_translations: QtTranslations, lang: str, expected: dict[str, str]
) -> None:
    qt_translations.apply(lang)
    assert _texts(qtbot, tmp_path) == expected
    assert QLocale().name().startswith(lang)


def test_switching_the_language_switches_qt_strings_on_widgets_already_open(
    qtbot: QtBot, qt_translations: QtTranslations
) -> None:
    qt_translations.apply("ky")
    box = QDialogButtonBox(BUTTONS.Ok | BUTTONS.Cancel)
    qtbot.addWidget(box)
    assert box.button(BUTTONS.Cancel).text() == "Жокко чыгаруу"
    cancel = box.button(BUTTONS.Cancel)
    qt_translations.apply("ru")  # Qt posts the change to every widget
    qtbot.waitUntil(lambda: cancel.text() == "Отмена")
    qt_translations.apply("en")
    qtbot.waitUntil(lambda: cancel.text() == "Cancel")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ky", {"Нускалардын саны:", "Принтер", "Беттердин &тизмеси:"}),
        ("ru", {"Количество копий:", "Принтер", "&Список страниц:"}),
        ("en", {"Copies:", "Printer", "Page &Set:"}),
    ],
)
def test_the_print_dialog_speaks_the_ui_language(
    qtbot: QtBot, qt_translations: QtTranslations, lang: str, expected: set[str]
) -> None:
    """The protocols are printed through Qt's own print dialog: its labels are in the UI's language too."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QGroupBox, QLabel

    qt_translations.apply(lang)
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    texts = {w.text() for w in dialog.findChildren(QLabel)} | {w.title() for w in dialog.findChildren(QGroupBox)}
    assert expected <= texts

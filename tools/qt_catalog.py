"""Qt's own strings (file dialog, standard buttons, context menus) in Kyrgyz: seed and compile resources/qt/*.ts.

Qt ships no Kyrgyz catalogue, and ``pyside6-lupdate`` extracts only the app's own strings, so the Kyrgyz one is
kept by hand for the Qt contexts the app shows (:data:`CONTEXTS`):

    python tools/qt_catalog.py seed      # new messages of those contexts from Qt's Russian catalogue (lconvert)
    python tools/qt_catalog.py compile   # resources/qt/*.ts -> *.qm (pyside6-lrelease, shipped with PySide6)

``seed`` needs ``lconvert`` (Debian's ``qt6-l10n-tools``); it keeps every Kyrgyz translation already made and adds
a new message as unfinished, with the Russian text as a translator's comment. ``compile`` needs only PySide6; the
compiled ``.qm`` files are committed (a few kilobytes), and tests/unit/test_qt_catalogs.py fails when one is
older than its ``.ts``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_DIR = ROOT / "resources" / "qt"
KY_TS = QT_DIR / "qtbase_ky.ts"

#: the Qt contexts whose strings the app shows: its dialogs, buttons, menus and views
CONTEXTS = (
    "QPlatformTheme",  # the standard buttons (QDialogButtonBox, QMessageBox)
    "QGnomeTheme",
    "QDialogButtonBox",
    "QMessageBox",
    "QErrorMessage",
    "QInputDialog",
    "QProgressDialog",
    "QFileDialog",
    "QFileSystemModel",
    "QAbstractFileIconProvider",
    "QLineEdit",  # the context menus of the text fields
    "QWidgetTextControl",
    "QUnicodeControlCharacterMenu",
    "QAbstractSpinBox",
    "QComboBox",
    "QScrollBar",
    "QTabBar",
    "CloseButton",
    "QDialog",
    "QWhatsThisAction",
    "QKeySequenceEdit",
    "QPrintDialog",  # the print dialog (ui.widgets.pdf_preview) and its pages
    "QPrintSettingsOutput",
    "QPrintWidget",
    "QUnixPrintWidget",
    "QPrintPropertiesWidget",
    "QPageSetupWidget",
    "QCupsJobWidget",
    "QGuiApplication",  # QT_LAYOUT_DIRECTION
)
#: messages of those contexts left out: Qt's licence text
SKIPPED_SOURCES = ("<p>Qt is a C++ toolkit",)
#: of these contexts, only these messages (the rest is the command line's help)
ONLY = {"QGuiApplication": ("QT_LAYOUT_DIRECTION",)}


def _tool(name: str) -> str:
    """A Qt tool: PySide6's own first (``pyside6-lrelease``), then the system's."""
    for candidate in (Path(sys.executable).parent / f"pyside6-{name}", shutil.which(f"pyside6-{name}")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    for candidate in (shutil.which(name), f"/usr/lib/qt6/bin/{name}"):
        if candidate and Path(candidate).exists():
            return str(candidate)
    raise SystemExit(f"{name} not found: install PySide6 (lrelease) or qt6-l10n-tools (lconvert)")


def _key(context: str, message: ET.Element) -> tuple[str, str, str]:
    comment = message.find("comment")
    return context, message.findtext("source") or "", comment.text or "" if comment is not None else ""


def seed() -> None:
    from PySide6.QtCore import QLibraryInfo

    russian_qm = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / "qtbase_ru.qm"
    with tempfile.TemporaryDirectory() as folder:
        russian_ts = Path(folder) / "qtbase_ru.ts"
        subprocess.run([_tool("lconvert"), "-i", str(russian_qm), "-o", str(russian_ts)], check=True)
        russian = ET.parse(russian_ts).getroot()
    kyrgyz = ET.parse(KY_TS).getroot() if KY_TS.exists() else ET.Element("TS", version="2.1", language="ky")
    known = {_key(c.findtext("name") or "", m) for c in kyrgyz.iter("context") for m in c.iter("message")}
    contexts = {c.findtext("name"): c for c in kyrgyz.iter("context")}
    added = 0
    for context in russian.iter("context"):
        name = context.findtext("name") or ""
        if name not in CONTEXTS:
            continue
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            wanted = not source.startswith(SKIPPED_SOURCES) and source in ONLY.get(name, (source,))
            if not wanted or _key(name, message) in known:
                continue
            target = contexts.get(name)
            if target is None:
                target = contexts[name] = ET.SubElement(kyrgyz, "context")
                ET.SubElement(target, "name").text = name
            new = ET.SubElement(target, "message")
            ET.SubElement(new, "source").text = source
            if message.find("comment") is not None:
                ET.SubElement(new, "comment").text = message.findtext("comment")
            ET.SubElement(new, "translatorcomment").text = f"ru: {message.findtext('translation') or ''}"
            ET.SubElement(new, "translation", type="unfinished")
            added += 1
    ET.indent(kyrgyz)
    KY_TS.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(kyrgyz, encoding="unicode") + "\n",
        encoding="utf-8",
    )
    print(f"{KY_TS.relative_to(ROOT)}: {added} new messages to translate")


def compile_catalog(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), "-silent", "-nounfinished", str(ts), "-qm", str(qm)], check=True)


def compile_all() -> None:
    for ts in sorted(QT_DIR.glob("*.ts")):
        compile_catalog(ts, ts.with_suffix(".qm"))
        print(f"{ts.with_suffix('.qm').relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("seed", "compile"))
    args = parser.parse_args()
    seed() if args.command == "seed" else compile_all()


if __name__ == "__main__":
    main()

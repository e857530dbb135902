"""The Kyrgyz catalogue of Qt's own strings: complete, faithful to the placeholders, and compiled as committed."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QT_DIR = ROOT / "resources" / "qt"
sys.path.insert(0, str(ROOT / "tools"))

import qt_catalog  # noqa: E402

CATALOGUES = sorted(QT_DIR.glob("*.ts"))


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_the_kyrgyz_catalogue_covers_the_file_dialog_and_the_buttons() -> None:
    contexts = {context for context, _source, _message in _messages(QT_DIR / "qtbase_ky.ts")}
    assert {"QFileDialog", "QPlatformTheme", "QLineEdit", "QAbstractFileIconProvider"} <= contexts


@pytest.mark.parametrize("ts", CATALOGUES, ids=lambda path: path.name)
def test_every_message_is_translated_with_its_placeholders(ts: Path) -> None:
    for context, source, message in _messages(ts):
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, (context, source)
        text = translation.text or ""
        assert text.strip(), (context, source)
        assert sorted(re.findall(r"%\d", text)) == sorted(re.findall(r"%\d", source)), (context, source)
        # one keyboard accelerator where Qt has one
        assert (re.sub("&&", "", source).count("&") > 0) == (re.sub("&&", "", text).count("&") > 0), (context, source)


@pytest.mark.parametrize("ts", CATALOGUES, ids=lambda path: path.name)
def test_the_committed_qm_is_compiled_from_its_ts(ts: Path, tmp_path: Path) -> None:
    compiled = tmp_path / ts.with_suffix(".qm").name
    try:
        qt_catalog.compile_catalog(ts, compiled)
    except subprocess.CalledProcessError as exc:  # pragma: no cover - a broken .ts
        pytest.fail(f"lrelease failed on {ts.name}: {exc}")
    assert ts.with_suffix(".qm").read_bytes() == compiled.read_bytes(), "run: python tools/qt_catalog.py compile"

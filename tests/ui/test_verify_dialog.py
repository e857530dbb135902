"""The "Check an election record" dialog: a faithful export is Verified, a tampered one lists what broke."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.hostile_support import damaged_record
from tests.record_support import election, with_member
from ui.dialogs.verify import BROKEN_STYLE, OK_STYLE
from ui.main_window import MainWindow

__all__ = ["election"]  # the fixture, imported for pytest


def test_a_good_and_a_tampered_record(
    qtbot: QtBot, window: MainWindow, election: tuple[Path, bytes], tmp_path: Path
) -> None:
    good = tmp_path / "good.zip"
    good.write_bytes(election[1])
    assert window.verify_action.isEnabled()
    dialog = window.open_verify()
    assert not dialog.check_button.isEnabled()
    dialog.set_record(good)
    with qtbot.waitSignal(dialog.verified, timeout=20_000) as done:
        dialog.check_button.click()
    assert done.args is not None and done.args[0].ok
    assert dialog.verdict.text() == "Verified" and dialog.verdict.styleSheet() == OK_STYLE
    assert dialog.failures.rowCount() == 0 and "2026/04" in dialog.summary.text()

    name = "protocols/2026-04-S-v1-ru.pdf"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(with_member(election[1], name, lambda pdf: pdf[:-10] + bytes([pdf[-10] ^ 0x01]) + pdf[-9:]))
    dialog.set_record(bad)
    dialog.fingerprint_edit.setText("not a fingerprint")
    dialog.check_button.click()
    assert "Not a fingerprint" in dialog.fingerprint_error.text()  # said inline, nothing run
    dialog.fingerprint_edit.clear()
    with qtbot.waitSignal(dialog.verified, timeout=20_000):
        dialog.check_button.click()
    assert dialog.verdict.text() == "Not verified" and dialog.verdict.styleSheet() == BROKEN_STYLE
    assert dialog.failures.stringList() == [
        f"{name}: its SHA-256 is not the one the record gives: the file was changed"
    ]


def test_a_damaged_record_says_what_is_wrong_and_no_traceback(
    qtbot: QtBot, window: MainWindow, election: tuple[Path, bytes], tmp_path: Path
) -> None:
    """A bit flipped in record.json's compressed data gave a zlib.error traceback in the check."""
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(damaged_record(election[1]))
    dialog = window.open_verify()
    dialog.set_record(damaged)
    with qtbot.waitSignal(dialog.verified, timeout=20_000) as done:
        dialog.check_button.click()
    assert done.args is not None and not done.args[0].readable
    assert dialog.verdict.text() == "Cannot be checked" and dialog.verdict.styleSheet() == BROKEN_STYLE
    [failure] = dialog.failures.stringList()
    assert failure.startswith("record.json: damaged in the zip:")

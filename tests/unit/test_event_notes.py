"""A step's note the app wrote is read in the reader's language, whatever language the UI spoke when it was written."""

from __future__ import annotations

from osgo_desktop.domain.event_notes import note, note_text
from osgo_desktop.i18n import Translator


def test_a_coded_note_reads_in_each_language() -> None:
    stored = note("round_closed", number=2)
    assert "Round" not in stored  # no language in what is stored
    assert note_text(stored, "en") == "Round 2 closed"
    for lang in ("ky", "ru"):
        assert note_text(stored, lang) == Translator(lang).gettext("Round {number} closed").format(number=2)
    assert note_text(stored, "ky") != note_text(stored, "ru")


def test_a_note_stored_worded_in_kyrgyz_reads_in_russian() -> None:
    """Rows written before the notes were coded hold the wording of the day."""
    kyrgyz = Translator("ky").gettext("Signed copy of protocol {number} attached").format(number="2026/04-3")
    russian = Translator("ru").gettext("Signed copy of protocol {number} attached").format(number="2026/04-3")
    assert kyrgyz != russian
    assert note_text(kyrgyz, "ru") == russian
    assert note_text(russian, "en") == "Signed copy of protocol 2026/04-3 attached"


def test_a_typed_note_stays_as_typed() -> None:
    for typed in ("Кыргыз Туусу гезити", '{"not": "ours"}', "{", ""):
        assert note_text(typed, "ru") == typed

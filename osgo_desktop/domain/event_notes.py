"""The notes the app writes on a competition's steps, stored language-neutral and read in the reader's language.

A step the app itself records ("Round 2 closed") is stored as a code and its values (:func:`note`), and worded
when shown (:func:`note_text`): history recorded while the UI spoke Kyrgyz reads in Russian in a Russian UI. Notes
written before were stored already worded, in the language of the day; they are recognised by their wording in
any language and reworded too. A note a person typed (the media outlet, a reason) is shown as typed.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any, Final

from osgo_desktop.i18n import LANGUAGES, N_, Translator, current_language

#: the notes the app writes, by code
NOTES: Final = {
    "vote_opened": N_("Rating vote session opened"),
    "round_closed": N_("Round {number} closed"),
    "runoff_opened": N_("Runoff round {number} among the tied candidates"),
    "signed_copy": N_("Signed copy of protocol {number} attached"),
}
_CODE: Final = "note"


def note(code: str, **values: Any) -> str:
    """The stored form of the app's note ``code`` with its ``values``: ``{"note": "round_closed", "number": 2}``."""
    if code not in NOTES:
        raise KeyError(code)
    return json.dumps({_CODE: code, **values}, ensure_ascii=False, sort_keys=True)


def _coded(stored: str) -> tuple[str, dict[str, Any]] | None:
    if not stored.startswith("{"):
        return None
    try:
        value = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(value, dict) or value.get(_CODE) not in NOTES:
        return None
    values = dict(value)
    return values.pop(_CODE), values


@cache
def _worded_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Every note's wording in every language, as a pattern that gives back its values."""
    patterns = []
    for code, message in NOTES.items():
        for lang in LANGUAGES:
            wording = Translator(lang).gettext(message)
            pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(wording))
            patterns.append((re.compile(f"^{pattern}$"), code))
    return tuple(patterns)


def _worded(stored: str) -> tuple[str, dict[str, Any]] | None:
    for pattern, code in _worded_patterns():
        found = pattern.match(stored)
        if found is not None:
            return code, found.groupdict()
    return None


def note_text(stored: str, lang: str | None = None) -> str:
    """A step's note in ``lang`` (the UI's by default): the app's own notes reworded, a person's as typed."""
    found = _coded(stored) or _worded(stored)
    if found is None:
        return stored
    code, values = found
    return Translator(lang or current_language()).gettext(NOTES[code]).format(**values)

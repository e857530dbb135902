"""Kyrgyz alphabetical ordering of names: ``sorted(names, key=kyrgyz_sort_key)``."""

from __future__ import annotations

import unicodedata
from typing import Final

#: The 36 letters of the Kyrgyz alphabet, in alphabetical order.
KYRGYZ_ALPHABET: Final = "АБВГДЕЁЖЗИЙКЛМНҢОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ"

# Weights: a space is 0, the letters 1..36 (upper and lower case alike), and any other character
# (Latin, digits, punctuation, other Cyrillic letters, other white space) 37 + its code point, so it sorts
# after every letter and, among other characters, by code point. A shorter string that is a prefix of a
# longer one sorts first (tuple comparison).
_SPACE_WEIGHT: Final = 0
_OTHER_BASE: Final = len(KYRGYZ_ALPHABET) + 1


class _Weights(dict[str, int]):
    """Letter and space weights; any other character is weighed on the fly (and not stored)."""

    def __missing__(self, char: str) -> int:
        return _OTHER_BASE + ord(char)


_WEIGHTS: Final = _Weights({" ": _SPACE_WEIGHT})
for _position, _letter in enumerate(KYRGYZ_ALPHABET, start=1):
    _WEIGHTS[_letter] = _position
    _WEIGHTS[_letter.lower()] = _position
del _position, _letter
_WEIGH: Final = _WEIGHTS.__getitem__


def kyrgyz_sort_key(text: str) -> tuple[int, ...]:
    """The sort key of ``text`` in Kyrgyz alphabetical order, ignoring case.

    The text is first put in Unicode NFC form, so that ``Е`` + combining diaeresis sorts as ``Ё`` and
    ``И`` + combining breve as ``Й``. Strings that differ only in the case of their Kyrgyz letters get
    equal keys; break such ties yourself if you need a total order.
    """
    return tuple(map(_WEIGH, unicodedata.normalize("NFC", text)))

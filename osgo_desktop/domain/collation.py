"""Kyrgyz alphabetical ordering of names: ``sorted(names, key=kyrgyz_sort_key)``."""

from __future__ import annotations

import unicodedata
from typing import Final

#: The 36 letters of the Kyrgyz alphabet, in alphabetical order.
KYRGYZ_ALPHABET: Final = "АБВГДЕЁЖЗИЙКЛМНҢОӨПРСТУҮФХЦЧШЩЪЫЬЭЮЯ"

# The key is the text rewritten character by character (one ``str.translate``, which is fast):
#   a space                      -> "\x00"
#   the i-th letter (either case) -> chr(i), i = 1..36
#   any other character c        -> "\x25" + c  (Latin, digits, punctuation, other Cyrillic, other spaces)
# No code is the start of another (a first character up to 36 stands alone, 37 starts a pair), so comparing
# two keys compares the texts character by character: a space before every letter, the letters in alphabet
# order, every other character after the letters and, among those, by code point; a text that is a prefix
# of another sorts first.
_OTHER_PREFIX: Final = chr(len(KYRGYZ_ALPHABET) + 1)


class _Table(dict[int, str]):
    """The translation of the space and the letters; any other character is translated on the fly."""

    def __missing__(self, code: int) -> str:
        return _OTHER_PREFIX + chr(code)


_TABLE: Final = _Table({ord(" "): "\x00"})
for _position, _letter in enumerate(KYRGYZ_ALPHABET, start=1):
    _TABLE[ord(_letter)] = chr(_position)
    _TABLE[ord(_letter.lower())] = chr(_position)
del _position, _letter


def kyrgyz_sort_key(text: str) -> str:
    """The sort key of ``text`` in Kyrgyz alphabetical order, ignoring case (an opaque string).

    The text is first put in Unicode NFC form, so that ``Е`` + combining diaeresis sorts as ``Ё`` and
    ``И`` + combining breve as ``Й``. Strings that differ only in the case of their Kyrgyz letters get
    equal keys; break such ties yourself if you need a total order.
    """
    return unicodedata.normalize("NFC", text).translate(_TABLE)


def alphabetical(text: str) -> tuple[str, str]:
    """A total order of texts in Kyrgyz alphabetical order: :func:`kyrgyz_sort_key`, ties of case broken by the
    text itself (``sorted(rows, key=lambda r: alphabetical(r.name))``)."""
    return kyrgyz_sort_key(text), text

"""Reading a paper's extracted text as its reader does: a word broken at a line's end, with a hyphen, read whole."""

from __future__ import annotations

import re

#: a letter, the hyphen that ends its line, and the lowercase rest of the word opening the next line
_BROKEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\dA-ZА-ЯЁҢӨҮ_])")


def unhyphenate(text: str) -> str:
    """``text`` with each word broken across lines rejoined ("сак-\\nтоо" → "сактоо"); a hyphen before a capital
    (Ала-\\nТоо) is the word's own and stays."""
    return _BROKEN.sub("", text)

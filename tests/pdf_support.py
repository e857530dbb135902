"""PDFs in tests: a paper's extracted text read as its reader does (a word broken at a line's end, with a hyphen, read
whole), and filler for a document that the active-content scan cannot take for code."""

from __future__ import annotations

import os
import re

#: a letter, the hyphen that ends its line, and the lowercase rest of the word opening the next line
_BROKEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\dA-ZА-ЯЁҢӨҮ_])")


def unhyphenate(text: str) -> str:
    """``text`` with each word broken across lines rejoined ("сак-\\nтоо" → "сактоо"); a hyphen before a capital
    (Ала-\\nТоо) is the word's own and stays."""
    return _BROKEN.sub("", text)


def inert_bytes(size: int) -> bytes:
    """``size`` random bytes without a "/": no PDF name can appear in them, so a scan never finds ``/JS`` or ``/AA``
    in a test's file by chance (in 2 MiB of plain random bytes "/JS" turns up about one time in eight)."""
    return os.urandom(size).replace(b"/", b"0")

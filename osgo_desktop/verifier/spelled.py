"""record.json read whole, with the text each part of the record was written as (docs/record.md, "Layout").

The export writes record.json as ``json.dumps(record, sort_keys=True, ensure_ascii=False)``: every part spelled as the
database spells a JSON column (``storage.types.JSONText``). So the competition's record frozen at its close, which the
audit chain holds as that column's text, is found in record.json as it stands — the record's parts, less what the
export adds — and a round's stored tally input and result as their columns' texts. ``chain_facts`` compares those texts
as they are, where spelling each part out again (the frozen record is a fifth of the record) took as long as all the
other comparisons of the chain together.

:func:`load` reads what ``json.loads`` reads, with the same value or the same error: the top-level object and each
round member by member (json's own C scanner reads each member's value whole), noting where each member's text lies.
A text is only ever an extra way to find two parts alike: a record spelled otherwise (one exported before, one edited
by hand) has its parts spelled out again, as before.
"""

from __future__ import annotations

import json
import json.scanner
import re
from collections.abc import Callable, Iterator
from typing import Any, Final

#: JSON's whitespace between tokens
_SPACE: Final = re.compile(r"[ \t\n\r]*")
#: json's reader of one text (its C function, not in the typing stubs)
_SCANSTRING: Final[Callable[[str, int, bool], tuple[str, int]]] = json.decoder.scanstring  # type: ignore[attr-defined]
#: the longest piece :meth:`Spelled.pieces` gives
PIECE: Final = 1 << 18
#: the members whose values are read member by member in turn (each round's, for its input and result)
_ROUNDS: Final = "rounds"

#: a part's place: a top-level key, or ("rounds", index, key)
Path = tuple[str | int, ...]


class Spelled:
    """Where each part of record.json lies in its text (none, for a record read the usual way)."""

    def __init__(self, text: str = "") -> None:
        self._text = text
        self.spans: dict[Path, tuple[int, int]] = {}

    def of(self, *path: str | int) -> str | None:
        """The text the part at ``path`` was written as (None: not known)."""
        span = self.spans.get(path)
        return None if span is None else self._text[span[0] : span[1]]

    def pieces(self, *path: str | int) -> Iterator[str] | None:
        """:meth:`of`, a piece of at most :data:`PIECE` characters at a time (a part of 6 million characters is not
        copied whole to be compared); None: not known."""
        span = self.spans.get(path)
        return None if span is None else self._pieces(*span)

    def _pieces(self, start: int, end: int) -> Iterator[str]:
        for at in range(start, end, PIECE):
            yield self._text[at : min(at + PIECE, end)]


class _Irregular(Exception):
    """Something else than what the export writes (or no JSON at all): read the usual way."""


def load(text: str, decoder: json.JSONDecoder) -> tuple[Any, Spelled]:
    """``decoder.decode(text)`` — the same value, or the same error — and where its parts lie. ``decoder``: what reads
    every value (its ``parse_float``, ...)."""
    spelled = Spelled(text)
    scan = json.scanner.make_scanner(decoder)  # type: ignore[arg-type]
    try:
        value, end = _object(text, _SPACE.match(text, 0).end(), (), scan, spelled.spans)  # type: ignore[union-attr]
        if _SPACE.match(text, end).end() != len(text):  # type: ignore[union-attr]
            raise _Irregular
    except (_Irregular, StopIteration, IndexError, ValueError):
        return decoder.decode(text), Spelled()
    return value, spelled


def _object(
    text: str, at: int, path: Path, scan: Callable[[str, int], tuple[Any, int]], spans: dict[Path, tuple[int, int]]
) -> tuple[dict[str, Any], int]:
    """The object at ``at`` and the index after it: each member's value read whole by ``scan`` (a round's members
    each in turn), and its place noted."""
    if text[at] != "{":
        raise _Irregular
    found: dict[str, Any] = {}
    at = _skip(text, at + 1)
    if text[at] == "}":
        return found, at + 1
    while True:
        if text[at] != '"':
            raise _Irregular
        key, at = _SCANSTRING(text, at + 1, True)
        at = _skip(text, at)
        if text[at] != ":":
            raise _Irregular
        at = _skip(text, at + 1)
        if path == () and key == _ROUNDS and text[at] == "[":
            value, end = _rounds(text, at, scan, spans)
        else:
            value, end = scan(text, at)
        spans[(*path, key)] = (at, end)
        found[key] = value
        at = _skip(text, end)
        if text[at] == ",":
            at = _skip(text, at + 1)
        elif text[at] == "}":
            return found, at + 1
        else:
            raise _Irregular


def _rounds(
    text: str, at: int, scan: Callable[[str, int], tuple[Any, int]], spans: dict[Path, tuple[int, int]]
) -> tuple[list[Any], int]:
    """The record's rounds (a list at ``at``), each an object read member by member."""
    found: list[Any] = []
    at = _skip(text, at + 1)
    if text[at] == "]":
        return found, at + 1
    while True:
        if text[at] == "{":
            value, at = _object(text, at, (_ROUNDS, len(found)), scan, spans)
        else:  # no round (the checks say so)
            value, at = scan(text, at)
        found.append(value)
        at = _skip(text, at)
        if text[at] == ",":
            at = _skip(text, at + 1)
        elif text[at] == "]":
            return found, at + 1
        else:
            raise _Irregular


def _skip(text: str, at: int) -> int:
    return _SPACE.match(text, at).end()  # type: ignore[union-attr]

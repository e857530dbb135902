"""An audit entry's row (its ``data``: canonical JSON), read once for both checks of the chain's pass, and a very long
text in it never held whole.

The competition's row that took its record frozen at the close (``closed_record``) is one text of some 60 million
characters for 100,000 ballots (a round's stored input, ``input_json``, some 15 million). ``json.loads`` would make
it a second string as long as the row that holds it (and, while it reads it, a third, in pieces). A row longer than
:data:`BIG` is read by :func:`parse_row` with Python's own JSON scanner instead, each text value a piece at a time
(``json.decoder.scanstring``, the same C function ``json.loads`` uses, on pieces cut where no escape is cut in two),
so that a text longer than :data:`LONG` is kept as :class:`LongText` — its length and the SHA-256 of its UTF-8, all
that the checks need of it (``chain_facts`` compares a stored JSON column by its digest) — and never held whole.
What the scanner accepts and refuses is what ``json.loads`` accepts and refuses.

:class:`Rows` keeps the last row read, so that the facts check (fed first, ``record._FedFacts``) and the chain check
read each row once between them.
"""

from __future__ import annotations

import hashlib
import json
import json.scanner
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import orjson

from osgo_desktop.verifier.stream import SpooledText, parse_spooled

#: a row longer than this (in characters) is read by the piecewise scanner (a record read whole is at most 32 MiB:
#: only its competition's row holding the frozen record comes near it, a fifth of the record)
BIG: Final = 16 * 1024 * 1024
#: a text value longer than this (in characters, read) in such a row is kept as its digest
LONG: Final = 1024 * 1024
#: the longest piece of a text read at a time
_MAX_STEP: Final = 1024 * 1024
#: the first piece of a text read at a time (most texts end in it)
_FIRST_STEP: Final = 4096
#: a character that is part of no escape sequence (``\\"``, ``\\n``, ``\\u00e9``, ...): a text may be cut after it
_PLAIN: Final = re.compile(r'[^\\"/bfnrtu0-9a-fA-F]')
#: json's reader of one text (its C function, the one ``json.loads`` uses) and its pure-Python scanner, which takes
#: another reader of texts (neither is in the typing stubs)
_SCANSTRING: Final[Callable[[str, int, bool], tuple[str, int]]] = json.decoder.scanstring  # type: ignore[attr-defined]
_PY_SCANNER: Final[Callable[[json.JSONDecoder], Any]] = json.scanner.py_make_scanner  # type: ignore[attr-defined]


@dataclass(frozen=True)
class LongText:
    """A text value of a row too long to hold (more than :data:`LONG` characters): its length and the SHA-256 of its
    UTF-8."""

    length: int
    sha256: bytes


def _scan_text(s: str, begin: int, strict: bool = True) -> tuple[str | LongText, int]:
    """The JSON text whose opening quote is at ``begin - 1`` in ``s`` and the index after its closing quote (the
    scanner's ``parse_string``), read a piece at a time: each piece ends after a :data:`_PLAIN` character, so no
    escape sequence (nor a surrogate pair of them) is cut, and the pieces read are the pieces of the text read whole;
    a piece given a closing quote of its own ends where the text's quote ends it, or at that quote."""
    parts: list[str] = []
    hasher: Any = None
    size, pos, step = 0, begin, _FIRST_STEP
    while True:
        cut = pos + step
        if cut < len(s):
            plain = _PLAIN.search(s, cut)
            cut = len(s) if plain is None else plain.end()
        else:
            cut = len(s)
        piece = s[pos:cut]
        try:
            text, end = _SCANSTRING(piece + '"', 0, strict)
        except json.JSONDecodeError as exc:
            raise json.JSONDecodeError(exc.msg, s, pos + exc.pos) from None
        size += len(text)
        if hasher is None and size > LONG:
            hasher = hashlib.sha256()
            for part in parts:
                hasher.update(part.encode("utf-8"))
            parts = []
        if hasher is not None:
            hasher.update(text.encode("utf-8"))
        else:
            parts.append(text)
        if end <= len(piece):  # the text's own quote closed it
            closed = pos + end
            break
        if cut >= len(s):
            raise json.JSONDecodeError("Unterminated string starting at", s, begin - 1)
        pos, step = cut, min(2 * step, _MAX_STEP)
    if hasher is not None:
        return LongText(size, hasher.digest()), closed
    return "".join(parts), closed


class _PiecewiseDecoder(json.JSONDecoder):
    """``json.loads``'s decoder with Python's scanner and :func:`_scan_text` for every text value (keys are short:
    they are read as before)."""

    def __init__(self) -> None:
        super().__init__()
        self.parse_string = _scan_text
        self.scan_once = _PY_SCANNER(self)


def _long_texts(row: Any) -> Any:
    """A row read from a spooled text (``stream.parse_spooled``) as :func:`parse_row` gives it: each text still
    spooled as :class:`LongText` when longer than :data:`LONG`, else read whole."""
    stack = [row]
    while stack:
        node = stack.pop()
        places = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, item in list(places):
            if isinstance(item, SpooledText):
                node[key] = item.text() if item.length <= LONG else _digest_of(item)
            elif isinstance(item, dict | list):
                stack.append(item)
    if isinstance(row, SpooledText):
        return row.text() if row.length <= LONG else _digest_of(row)
    return row


def _digest_of(text: SpooledText) -> LongText:
    hasher = hashlib.sha256()
    for piece in text.pieces():
        hasher.update(piece.encode("utf-8"))
    return LongText(text.length, hasher.digest())


def parse_row(data: str | SpooledText) -> Any:
    """``json.loads(data)``, but for a row longer than :data:`BIG`, whose texts longer than :data:`LONG` come as
    :class:`LongText`; a row spooled from the zip (``stream.SpooledText``: longer than ``stream.LONG_BYTES``) is
    read a piece at a time as well. Raises what ``json.loads`` raises (``ValueError``, ``RecursionError``)."""
    if isinstance(data, SpooledText):
        return _long_texts(parse_spooled(data))
    if len(data) <= BIG:
        return _loads(data)
    return _PiecewiseDecoder().decode(data)


#: what a row's column holds as orjson and json read it alike (orjson reads an integer past 64 bits as a float)
_ALIKE: Final = frozenset({str, int, bool, type(None)})


#: a row at least this long is read by json: orjson, which holds a long row three times over while it reads it
#: (the competition's with its frozen record: 100 MB for 10,000 ballots), is slower on it for the memory it touches
_ORJSON_BELOW: Final = 1 << 16


def _loads(data: str) -> Any:
    """``json.loads(data)``: a row shorter than :data:`_ORJSON_BELOW` read by orjson (three times faster: an audit
    chain holds thousands), when it gives what json would — a row of texts, integers, booleans and nulls; anything
    else (a float, a list, a row no object, JSON orjson refuses and json reads, such as NaN or a lone surrogate) is
    read by json itself, which also gives its own errors."""
    if len(data) >= _ORJSON_BELOW:
        return json.loads(data)
    try:
        row = orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)
    if type(row) is dict and all(type(value) in _ALIKE for value in row.values()):
        return row
    return json.loads(data)


#: a ballot entry's row as the app stores it (canonical JSON: sorted keys, no spaces; ``marks`` its stored text), its
#: fields in groups: the one table that grows with the papers (200,000 rows for 100,000 ballots), read without a JSON
#: parser (a row this matches is a JSON object of these fields, as ``json.loads`` would read it)
_INT: Final = r"(0|[1-9][0-9]{0,17})"
BALLOT_ENTRY_ROW: Final = re.compile(
    rf'\{{"entered_at":"([0-9T:.-]{{19,26}})","entrant_id":{_INT},"id":{_INT},"marks":"(\[[0-9, ]*\])",'
    rf'"round_id":{_INT},"serial":{_INT},"side":"(secretariat|counting)"\}}'
)


class Rows:
    """:func:`parse_row`, keeping the last row read until another is asked for (by the very string) or
    :meth:`forget` is called: the two checks of one pass over the chain read each row once between them. The same
    for a ballot entry's row matched by :data:`BALLOT_ENTRY_ROW` (:meth:`ballot_entry`)."""

    def __init__(self) -> None:
        self._data: str | SpooledText | None = None
        self._row: Any = None
        self._entry_data: object = None
        self._entry: re.Match[str] | None = None

    def ballot_entry(self, data: object) -> re.Match[str] | None:
        """:data:`BALLOT_ENTRY_ROW` matched to the whole of ``data`` (None: it is no ballot entry's row spelled as
        the app stores it)."""
        if data is not self._entry_data:
            self._entry_data = data
            self._entry = BALLOT_ENTRY_ROW.fullmatch(data) if type(data) is str else None
        return self._entry

    def __call__(self, data: str | SpooledText) -> Any:
        if data is not self._data:
            self.forget()
            self._row = parse_row(data)
            self._data = data
        return self._row

    def forget(self) -> None:
        self._data = self._row = None

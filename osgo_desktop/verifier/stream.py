"""Reading a big ``record.json`` without holding it whole: the audit chain's entries are streamed from the zip.

A record of 100,000 ballots has a ``record.json`` of 250 to 360 MB; parsed whole, with its bytes and its text, it
took 1.4 GB. :func:`load` parses it once with a streaming JSON reader (ijson, its C backend) and builds every part
of it as plain dicts and lists — except the entries of ``audit.entries``, which it parses and drops; that list
becomes :class:`AuditEntries`, which streams them from the zip member again on each pass over it. The checks
iterate ``record["audit"]["entries"]`` and never index it (docs/record.md, "Size and speed"); a small record,
parsed whole with ``json.loads``, gets the same :class:`AuditEntries` over its list, so one checker serves both.

What the streaming reader refuses is what ``json.loads`` refuses: bytes that are no JSON, nesting deeper than
:data:`MAX_DEPTH`, an integer of more than :data:`MAX_DIGITS` digits (the C backend would crash on one: the bytes are
scanned for such a run of digits before it sees them), a member bigger than its limit. Each is a
:class:`StreamError` with a sentence for a person, never a traceback.
"""

from __future__ import annotations

import json
import re
import secrets
import zlib
from collections.abc import Callable, Iterator
from sys import intern
from typing import IO, Any, Final

import ijson

from osgo_desktop.domain.audit_chain import PiecewiseText
from osgo_desktop.i18n import _

#: ijson's best backend (its C code, yajl2_c, where the wheel has it): what builds the values from the events
_BACKEND: Final = ijson.get_backend(ijson.backend_name)

#: containers nested deeper than this are refused (a genuine record nests 6 deep; json.loads gives up near here)
MAX_DEPTH: Final = 1000
#: an integer of more digits is refused, as Python refuses to read it (``sys.get_int_max_str_digits``)
MAX_DIGITS: Final = 4300
#: the bytes handed to the parser at a time
CHUNK: Final = 256 * 1024
#: the brackets and braces outside strings handed to the parser at a time, at most (a genuine record has some
#: 2,600 in a CHUNK)
MAX_OPENERS: Final = 4096

#: a string whose bytes run longer than this is kept from the parser (:class:`SpooledText`)
LONG_BYTES: Final = 1024 * 1024
#: a spooled string's bytes are read (unescaped) a piece of about this many bytes at a time
_SPOOL_PIECE: Final = 1024 * 1024
#: a byte that is part of no escape sequence nor of a letter beyond ASCII: a string's bytes may be cut after it
_PLAIN_BYTE: Final = re.compile(rb'[^\\"/bfnrtu0-9a-fA-F\x80-\xff]')
#: json's reader of one text (its C function, the one ``json.loads`` uses; not in the typing stubs)
_SCANSTRING: Final[Callable[[str, int, bool], tuple[str, int]]] = json.decoder.scanstring  # type: ignore[attr-defined]

#: every digit as "0", every other byte as " ": a run of digits is then found by a plain substring search
_AS_RUNS: Final = bytes.maketrans(bytes(range(256)), bytes(48 if 48 <= b <= 57 else 32 for b in range(256)))
_LONG_RUN: Final = b"0" * (MAX_DIGITS + 1)
_OPEN: Final = frozenset(("start_map", "start_array"))
_CLOSE: Final = frozenset(("end_map", "end_array"))
#: where the streamed entries are, as ijson names the path
ENTRIES_PREFIX: Final = "audit.entries"
_ITEM_PREFIX: Final = "audit.entries.item"

Event = tuple[str, str, Any]


class StreamError(ValueError):
    """``record.json`` cannot be read as an election record; ``detail`` says why, for a person."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class AuditEntries:
    """``record["audit"]["entries"]``: iterable, again and again, never indexed. Each pass over a streamed record
    reads the entries from the zip member anew (one entry in memory at a time); over a record parsed whole, it
    walks the list. A member damaged or changed between passes is a :class:`StreamError` (a ValueError: the checks
    report it as a malformed record, not a traceback)."""

    def __init__(self, passes: Callable[[], Iterator[Any]]) -> None:
        self._passes = passes

    @classmethod
    def of_list(cls, entries: list[Any]) -> AuditEntries:
        return cls(lambda: iter(entries))

    def __iter__(self) -> Iterator[Any]:
        return self._passes()


class SpooledText(PiecewiseText):
    """A JSON string too long to hand the parser (more than :data:`LONG_BYTES` bytes), read by :class:`_Reader`
    instead: its bytes unescaped a piece at a time as ``json.loads`` unescapes them (its C function, on pieces cut
    after a byte that belongs to no escape sequence and no letter beyond ASCII, so nothing is cut in two) and kept
    compressed. ``length`` is its length in characters; :meth:`pieces` gives the text again, piece by piece."""

    def __init__(self) -> None:
        self.length = 0
        self._parts: list[bytes] = []
        self._raw = bytearray()
        self._searched = 0  # the bytes of _raw already searched for a place to cut

    def add(self, raw: bytes) -> None:
        self._raw += raw
        if len(self._raw) >= _SPOOL_PIECE:
            cut = None
            for cut in _PLAIN_BYTE.finditer(self._raw, max(self._searched, len(self._raw) - 4096)):  # noqa: B007
                pass  # (the last one)
            self._searched = len(self._raw)
            if cut is not None:
                self._unescape(bytes(self._raw[: cut.end()]))
                del self._raw[: cut.end()]
                self._searched = len(self._raw)

    def close(self) -> None:
        self._unescape(bytes(self._raw))
        self._raw = bytearray()

    def _unescape(self, raw: bytes) -> None:
        if not raw:
            return
        try:
            piece = raw.decode("utf-8")
            text, end = _SCANSTRING(piece + '"', 0, True)
        except (UnicodeDecodeError, ValueError) as exc:
            raise StreamError(_("not readable JSON: {error}").format(error=_first_line(exc))) from exc
        if end != len(piece) + 1:  # (cannot be: the string's closing quote was found by the reader)
            raise StreamError(_("not readable JSON: {error}").format(error="a string"))
        self.length += len(text)
        self._parts.append(zlib.compress(text.encode("utf-8", "surrogatepass"), 1))

    def pieces(self) -> Iterator[str]:
        for part in self._parts:
            yield zlib.decompress(part).decode("utf-8", "surrogatepass")


class _Reader:
    """The zip member as the parser reads it: held to ``limit`` bytes; no run of more than :data:`MAX_DIGITS` digits
    let through (the run may span two reads); and at most :data:`MAX_OPENERS` brackets and braces given at a time.
    The parser turns a whole read into events before :func:`_feed` sees one, and each level of nesting costs it a
    path as long as the level is deep: a read of 256 KiB of ``[`` would take it tens of gigabytes, a read of at
    most 4,096 openers (beyond the :data:`MAX_DEPTH` already seen) some 50 MB.

    A string is given to the parser whole, in one read, or not at all: one whose bytes run past :data:`LONG_BYTES`
    (the record frozen at the close, in the competition's audit entry: some 90 MB for 100,000 ballots) is read into
    a :class:`SpooledText` instead, and the parser is given a stand-in — a short text of its own (``\\u0000``, a
    random word, a number) that :attr:`spooled` maps to the spooled text, which :func:`load` puts in its place. The
    parser would hold such a string three times over (its bytes, its buffer, the Python string)."""

    def __init__(self, stream: IO[bytes], limit: int, too_big: str) -> None:
        self._stream = stream
        self._limit = limit
        self._too_big = too_big
        self._count = 0
        self._run = 0  # digits at the end of what was read so far
        self._pending = b""  # read, checked, not given yet
        #: where the bytes given so far end: inside a string; right after a backslash inside one
        self._in_string = False
        self._escaped = False
        #: the bytes of the string being read (its opening quote given), held until it ends or grows long
        self._open: bytes | None = None
        #: the long string being read into a spool (its opening quote and its stand-in given)
        self._spool: SpooledText | None = None
        self._nonce = secrets.token_hex(16)
        self._spools = 0
        #: each stand-in given (as the parser reads it) and its spooled text, until :func:`load` takes it
        self.spooled: dict[str, SpooledText] = {}

    def read(self, size: int = -1) -> bytes:
        """The next bytes for the parser. Only the brackets and braces outside strings nest, so only they are held
        to :data:`MAX_OPENERS`."""
        if size == 0:  # how ijson tells bytes from text
            return b""
        while True:
            chunk, self._pending = (self._pending, b"") if self._pending else (self._fresh(CHUNK), b"")
            if self._spool is not None:
                if not chunk:  # the member ends inside the string: the parser finds it unterminated
                    return b""
                end = self._closing_quote(chunk)
                if end < 0:
                    self._spool.add(chunk)
                    continue
                self._spool.add(chunk[:end])
                self._spool.close()
                self._spool = None
                chunk, self._in_string, self._escaped = chunk[end:], True, False  # from the closing quote on
            elif self._open is not None:
                if not chunk:  # the member ends inside the string: the parser finds it unterminated
                    chunk, self._open = self._open, None
                    return chunk
                chunk, self._open = self._open + chunk, None
                self._in_string, self._escaped = True, False
            elif not chunk:
                return b""
            while True:
                openers, in_string, escaped, last_quote = self._scan(chunk)
                if openers <= MAX_OPENERS:
                    break
                cut = len(chunk) * MAX_OPENERS // openers
                chunk, self._pending = chunk[:cut], chunk[cut:] + self._pending
            if not in_string:
                self._in_string, self._escaped = False, escaped
                return chunk
            # the chunk ends inside a string: its bytes are held until it ends, or spooled once they run long
            start = last_quote + 1 if last_quote >= 0 else 0
            given, tail = chunk[:start], chunk[start:]
            self._in_string = True
            if len(tail) > LONG_BYTES:
                spool = SpooledText()
                spool.add(tail)
                self._spool, self._escaped = spool, escaped
                self._spools += 1
                number = str(self._spools)
                self.spooled[f"\x00osgo:{self._nonce}:{number}"] = spool
                given += f"\\u0000osgo:{self._nonce}:{number}".encode("ascii")
            else:
                self._open = tail
            if given:
                return given

    def _closing_quote(self, chunk: bytes) -> int:
        """Where the string being spooled ends in ``chunk`` (its closing quote), or -1 (it goes on)."""
        if self._escaped:
            chunk = b"_" + chunk[1:]
        plain = chunk.replace(b"\\\\", b"__").replace(b'\\"', b"__") if b"\\" in chunk else chunk
        end = plain.find(b'"')
        if end < 0:
            self._escaped = plain.endswith(b"\\")
        return end

    def _scan(self, chunk: bytes) -> tuple[int, bool, bool, int]:
        """The brackets and braces of ``chunk`` outside strings, whether it ends inside a string and right after a
        backslash there, and where its last quote that opens or closes a string is (-1: none) (all at C speed)."""
        if self._escaped and chunk:
            chunk = b"_" + chunk[1:]
        # the escapes that hide a quote made plain bytes (a run of backslashes pairs from its left): each quote
        # left opens or closes a string; a backslash left at the end escapes the next chunk's first byte
        plain = chunk.replace(b"\\\\", b"__").replace(b'\\"', b"__") if b"\\" in chunk else chunk
        parts = plain.split(b'"')
        outside = b"".join(parts[1::2] if self._in_string else parts[0::2])
        in_string = self._in_string ^ (len(parts) % 2 == 0)
        return outside.count(b"[") + outside.count(b"{"), in_string, plain.endswith(b"\\"), plain.rfind(b'"')

    def _fresh(self, size: int) -> bytes:
        chunk = self._stream.read(size if size > 0 else CHUNK)
        if not chunk:
            return chunk
        self._count += len(chunk)
        if self._count > self._limit:
            raise StreamError(self._too_big)
        runs = chunk.translate(_AS_RUNS)
        lead = len(runs) - len(runs.lstrip(b"0"))
        if self._run + lead > MAX_DIGITS or _LONG_RUN in runs:
            raise StreamError(_("not readable JSON: a number is too long"))
        self._run = self._run + lead if lead == len(runs) else len(runs) - len(runs.rstrip(b"0"))
        return chunk

    def close(self) -> None:
        self._stream.close()


class _Shape:
    """What the first pass learnt about where the entries are: how many arrays stand at ``audit.entries`` (a key
    given twice: the last one counts, as json.loads takes it), and whether a key with a dot in it (or an
    ``entries`` object with a key ``item``) could make ijson's dotted path name something else as well."""

    arrays: int = 0
    ambiguous: bool = False


def _feed(events: Iterator[Event], shape: _Shape, wanted: int, send: Callable[[Event], object]) -> Iterator[None]:
    """Send ``send`` the events of the document with the entries of every ``audit.entries`` array left out
    (``wanted`` 0), or only those of the ``wanted``-th such array (its start and end included), yielding after each
    entry of that array. Depth is held to :data:`MAX_DEPTH`."""
    depth = 0
    top: Any = None  # the key being read in the top object
    sub: Any = None  # the key being read in the object that is the value of ``top``
    arrays = 0
    for event in events:
        kind = event[1]
        if kind == "string":  # the commonest event first (a round's marks)
            if wanted == 0:
                value = event[2]
                # one object for each of the few texts repeated all over a round (sides, entrants, the marks:
                # candidate ids): a round of 100,000 papers holds 2 to 3 million of them
                send((event[0], kind, intern(value)) if len(value) <= 64 else event)
            continue
        if kind == "map_key":
            key = event[2]
            if depth == 1:
                top, sub = key, None
            elif depth == 2:
                sub = key
            elif depth == 3 and key == "item" and top == "audit" and sub == "entries":
                shape.ambiguous = True
            if "." in key:
                shape.ambiguous = True
        elif kind in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise StreamError(_("not readable JSON: nested too deeply"))
            if depth == 3 and kind == "start_array" and top == "audit" and sub == "entries":
                arrays += 1
                shape.arrays = max(shape.arrays, arrays)
                if wanted == arrays:
                    send(event)
                    yield from _inside(events, depth, send)
                    send((ENTRIES_PREFIX, "end_array", None))
                    return
                _skip(events, depth)
                depth -= 1
                if wanted == 0:
                    send(event)
                    send((ENTRIES_PREFIX, "end_array", None))
                continue
        elif kind in _CLOSE:
            depth -= 1
        if wanted == 0:
            send(event)


def _skip(events: Iterator[Event], depth: int) -> None:
    """Read past the array just opened at ``depth``, to its end."""
    inner = 0
    for event in events:
        kind = event[1]
        if kind in _OPEN:
            inner += 1
            if depth + inner > MAX_DEPTH:
                raise StreamError(_("not readable JSON: nested too deeply"))
        elif kind in _CLOSE:
            if inner == 0:
                return
            inner -= 1


def _inside(events: Iterator[Event], depth: int, send: Callable[[Event], object]) -> Iterator[None]:
    """Send the events inside the array just opened at ``depth``, up to (not including) its end, yielding after
    each of its values."""
    inner = 0
    for event in events:
        kind = event[1]
        if kind in _OPEN:
            inner += 1
            if depth + inner > MAX_DEPTH:
                raise StreamError(_("not readable JSON: nested too deeply"))
        elif kind in _CLOSE:
            if inner == 0:
                return
            inner -= 1
        send(event)
        if inner == 0:
            yield None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def load(
    open_member: Callable[[], IO[bytes]], limit: int, too_big: str, damaged: tuple[type[BaseException], ...]
) -> Any:
    """``record.json`` parsed from the stream ``open_member()`` gives (held to ``limit`` bytes), its audit entries
    left to :class:`AuditEntries`. ``damaged`` are the errors a damaged zip member gives while it is read; each is a
    :class:`StreamError` here, as is JSON that cannot be read."""
    shape = _Shape()

    def parse(wanted: int, prefix: str) -> Iterator[Any]:
        reader = _Reader(open_member(), limit, too_big)
        spooled = reader.spooled
        try:
            if wanted == 1 and shape.arrays == 1 and not shape.ambiguous:
                # the common case: the path names the one array, and ijson's C code finds it alone
                for entry in ijson.items(reader, prefix, use_float=True, buf_size=CHUNK):
                    yield _put_back(entry, spooled, _entry_data) if spooled else entry
                return
            built = ijson.sendable_list()
            builder = _BACKEND.items_basecoro(built, prefix, map_type=None)
            events = iter(ijson.parse(reader, buf_size=CHUNK, use_float=True))
            keep = _entry_data if wanted else None
            for _each in _feed(events, shape, wanted, builder.send):
                for value in built:
                    yield _put_back(value, spooled, keep) if spooled else value
                del built[:]
            for value in built:
                yield _put_back(value, spooled, keep) if spooled else value
        except StreamError:
            raise
        except ijson.JSONError as exc:
            raise StreamError(_("not readable JSON: {error}").format(error=_first_line(exc))) from exc
        except RecursionError as exc:
            raise StreamError(_("not readable JSON: nested too deeply")) from exc
        except damaged as exc:
            raise StreamError(_("damaged in the zip: {error}").format(error=_first_line(exc))) from exc
        finally:
            reader.close()

    values = list(parse(0, ""))  # to its end: what follows the value (garbage, a second one) is refused
    if len(values) != 1:
        raise StreamError(_("not readable JSON: {error}").format(error=f"{len(values)} values"))
    record = values[0]
    audit = record.get("audit") if isinstance(record, dict) else None
    if isinstance(audit, dict) and isinstance(audit.get("entries"), list) and shape.arrays:
        last = shape.arrays
        audit["entries"] = AuditEntries(lambda: parse(last, _ITEM_PREFIX))
    return record


def _entry_data(node: Any, key: object, top: Any) -> bool:
    """Whether a long text stays spooled where it stands: an audit entry's ``data`` (hashed and read a piece at a
    time); a long text anywhere else is read whole, as json.loads would give it."""
    return node is top and key == "data"


def _put_back(value: Any, spooled: dict[str, SpooledText], keep: Callable[[Any, object, Any], bool] | None) -> Any:
    """``value`` with each stand-in in it (:class:`_Reader`) replaced by its text: its :class:`SpooledText` where
    ``keep(container, key, value)`` says so, else the text read whole (a key always). Taken stand-ins leave
    ``spooled``; those of values yet to come (the parser reads ahead) stay."""

    def back(text: str, kept: bool) -> Any:
        spool = spooled.pop(text)
        return spool if kept else spool.text()

    if isinstance(value, str):
        return back(value, keep is not None and keep(None, None, None)) if value in spooled else value
    stack = [value]
    while stack and spooled:
        node = stack.pop()
        if isinstance(node, dict):
            if any(key in spooled for key in node):
                items = [(back(key, False) if key in spooled else key, item) for key, item in node.items()]
                node.clear()
                for key, item in items:
                    node[key] = item
            for key, item in node.items():
                if isinstance(item, str):
                    if item in spooled:
                        node[key] = back(item, keep is not None and keep(node, key, value))
                elif isinstance(item, dict | list):
                    stack.append(item)
        elif isinstance(node, list):
            for n, item in enumerate(node):
                if isinstance(item, str):
                    if item in spooled:
                        node[n] = back(item, keep is not None and keep(node, n, value))
                elif isinstance(item, dict | list):
                    stack.append(item)
    return value


class _PiecesIO:
    """A spooled text's UTF-8, read a piece at a time."""

    def __init__(self, text: SpooledText) -> None:
        self._pieces = text.pieces()

    def read(self, size: int = -1) -> bytes:
        for piece in self._pieces:
            if piece:
                return piece.encode("utf-8")
        return b""

    def close(self) -> None:
        self._pieces = iter(())


def _every_value(node: Any, key: object, top: Any) -> bool:
    return True


def parse_spooled(text: SpooledText) -> Any:
    """``json.loads`` of a spooled text (an audit entry's long ``data``), read a piece at a time with the same reader
    as ``record.json``: each long text in it stays a :class:`SpooledText` (a key is read whole). Raises
    :class:`StreamError` (a ValueError) for what ``json.loads`` would refuse."""
    reader = _Reader(_PiecesIO(text), 1 << 62, "")  # type: ignore[arg-type]
    built = ijson.sendable_list()
    builder = _BACKEND.items_basecoro(built, "", map_type=None)
    depth = 0
    try:
        for event in ijson.parse(reader, buf_size=CHUNK, use_float=True):
            kind = event[1]
            if kind in _OPEN:
                depth += 1
                if depth > MAX_DEPTH:
                    raise StreamError(_("not readable JSON: nested too deeply"))
            elif kind in _CLOSE:
                depth -= 1
            builder.send(event)
    except ijson.JSONError as exc:
        raise StreamError(_("not readable JSON: {error}").format(error=_first_line(exc))) from exc
    except UnicodeError as exc:
        raise StreamError(_("not readable JSON: {error}").format(error=_first_line(exc))) from exc
    if len(built) != 1:
        raise StreamError(_("not readable JSON: {error}").format(error=f"{len(built)} values"))
    return _put_back(built[0], reader.spooled, _every_value)


def wrap_entries(record: Any) -> None:
    """Give a record parsed whole the interface of a streamed one: its audit entries as :class:`AuditEntries`."""
    audit = record.get("audit") if isinstance(record, dict) else None
    if isinstance(audit, dict) and isinstance(audit.get("entries"), list):
        audit["entries"] = AuditEntries.of_list(audit["entries"])

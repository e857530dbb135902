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

from collections.abc import Callable, Iterator
from sys import intern
from typing import IO, Any, Final

import ijson

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
#: the most bytes read at a time, while a long string is being read
MAX_CHUNK: Final = 64 * 1024 * 1024

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


class _Reader:
    """The zip member as the parser reads it: held to ``limit`` bytes; no run of more than :data:`MAX_DIGITS` digits
    let through (the run may span two reads); and at most :data:`MAX_OPENERS` brackets and braces given at a time.
    The parser turns a whole read into events before :func:`_feed` sees one, and each level of nesting costs it a
    path as long as the level is deep: a read of 256 KiB of ``[`` would take it tens of gigabytes, a read of at
    most 4,096 openers (beyond the :data:`MAX_DEPTH` already seen) some 50 MB."""

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
        #: the bytes read at a time: more while a long string is being read (see :meth:`read`)
        self._size = CHUNK

    def read(self, size: int = -1) -> bytes:
        """The next bytes for the parser. Only the brackets and braces outside strings nest, so only they are held
        to :data:`MAX_OPENERS`. A read that lies wholly inside one string doubles the next (up to
        :data:`MAX_CHUNK`): the parser reads a string that a read ends inside again from its start on each read,
        and a long one (the record frozen at the close, in the competition's audit entry: some 90 MB for 100,000
        ballots) would otherwise take it time in the square of its length."""
        if size == 0:  # how ijson tells bytes from text
            return b""
        chunk, self._pending = (self._pending, b"") if self._pending else (self._fresh(self._size), b"")
        while True:
            openers, in_string, escaped, quoted = self._scan(chunk)
            if openers <= MAX_OPENERS:
                break
            cut = len(chunk) * MAX_OPENERS // openers
            chunk, self._pending = chunk[:cut], chunk[cut:] + self._pending
        inside = self._in_string and not quoted
        self._size = min(self._size * 2, MAX_CHUNK) if inside and chunk else CHUNK
        self._in_string, self._escaped = in_string, escaped
        return chunk

    def _scan(self, chunk: bytes) -> tuple[int, bool, bool, bool]:
        """The brackets and braces of ``chunk`` outside strings, whether it ends inside a string and right after a
        backslash there, and whether it holds a quote that opens or closes a string (all at C speed)."""
        if self._escaped and chunk:
            chunk = b"_" + chunk[1:]
        # the escapes that hide a quote made plain bytes (a run of backslashes pairs from its left): each quote
        # left opens or closes a string; a backslash left at the end escapes the next chunk's first byte
        plain = chunk.replace(b"\\\\", b"__").replace(b'\\"', b"__") if b"\\" in chunk else chunk
        parts = plain.split(b'"')
        outside = b"".join(parts[1::2] if self._in_string else parts[0::2])
        in_string = self._in_string ^ (len(parts) % 2 == 0)
        return outside.count(b"[") + outside.count(b"{"), in_string, plain.endswith(b"\\"), len(parts) > 1

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
        try:
            if wanted == 1 and shape.arrays == 1 and not shape.ambiguous:
                # the common case: the path names the one array, and ijson's C code finds it alone
                yield from ijson.items(reader, prefix, use_float=True, buf_size=CHUNK)
                return
            built = ijson.sendable_list()
            builder = _BACKEND.items_basecoro(built, prefix, map_type=None)
            events = iter(ijson.parse(reader, buf_size=CHUNK, use_float=True))
            for _each in _feed(events, shape, wanted, builder.send):
                yield from built
                del built[:]
            yield from built
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


def wrap_entries(record: Any) -> None:
    """Give a record parsed whole the interface of a streamed one: its audit entries as :class:`AuditEntries`."""
    audit = record.get("audit") if isinstance(record, dict) else None
    if isinstance(audit, dict) and isinstance(audit.get("entries"), list):
        audit["entries"] = AuditEntries.of_list(audit["entries"])

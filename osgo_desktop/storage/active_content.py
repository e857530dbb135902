"""Active content in an applicant's document: code or actions that run on the computer that opens it.

A bounded scan, never a full parse of a file that may be hostile (docs/decisions.md, "Active content in documents"):

- **PDF**: the raw bytes are searched for the names that carry code or automatic actions (``/JavaScript``, ``/JS``,
  ``/OpenAction`` with an action, ``/AA``, ``/Launch``, ``/EmbeddedFile``, ``/RichMedia``, ``/XFA``), written plainly
  or with ``#xx`` escapes. Dictionaries packed into compressed object streams (``/ObjStm``, Flate) are inflated, within
  a budget, and searched the same way. What cannot be checked (an object stream with another filter, one that fails
  to inflate, an encrypted file with object streams, more packed data than the budget) is itself a finding.
- **DOCX / ODT**: the zip directory (macros, ActiveX, OLE objects, parts with a program's extension), the first bytes
  of embedded parts (a Windows program), and the small ``.rels`` parts (content loaded from the internet).
- **DOC**: the compound file's stream names, which are stored as plain UTF-16 (macros, a packaged file).
"""

from __future__ import annotations

import mmap
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO, Final

from osgo_desktop.i18n import _

MiB: Final = 1024 * 1024
#: Most bytes the packed object streams of one PDF may inflate to before the rest counts as unchecked.
PDF_INFLATE_BUDGET: Final = 32 * MiB
#: Most bytes of one ``.rels`` part, and most parts read, in an office file.
RELS_LIMIT: Final = MiB
PARTS_LIMIT: Final = 500

PROGRAM_EXTENSIONS: Final = frozenset(
    [
        ".exe",
        ".dll",
        ".com",
        ".scr",
        ".pif",
        ".cpl",
        ".msi",
        ".msp",
        ".jar",
        ".js",
        ".jse",
        ".vbs",
        ".vbe",
        ".wsf",
        ".wsh",
        ".ps1",
        ".psm1",
        ".bat",
        ".cmd",
        ".hta",
        ".lnk",
        ".reg",
        ".sys",
        ".app",
        ".sh",
    ]
)


class Found(StrEnum):
    """A kind of active content; :data:`REFUSED` kinds stop the file, the others need the secretariat's word."""

    JAVASCRIPT = "javascript"
    OPEN_ACTION = "open-action"
    AUTO_ACTIONS = "auto-actions"
    LAUNCH = "launch"
    ATTACHED_FILES = "attached-files"
    ATTACHED_PROGRAM = "attached-program"
    XFA_FORM = "xfa-form"
    MULTIMEDIA = "multimedia"
    UNCHECKED = "unchecked"
    MACROS = "macros"
    ACTIVEX = "activex"
    OLE_OBJECT = "ole-object"
    PROGRAM_PART = "program-part"
    EXTERNAL_CONTENT = "external-content"

    @property
    def label(self) -> str:
        """What was found, in words for the secretariat (a noun phrase that fits "… contains {label}")."""
        return _labels()[self]


REFUSED: Final = frozenset(
    {Found.LAUNCH, Found.ATTACHED_PROGRAM, Found.MACROS, Found.ACTIVEX, Found.OLE_OBJECT, Found.PROGRAM_PART}
)


def _labels() -> dict[Found, str]:
    return {
        Found.JAVASCRIPT: _("JavaScript code"),
        Found.OPEN_ACTION: _("an action that runs by itself when the file is opened"),
        Found.AUTO_ACTIONS: _("actions that run by themselves when a page or a form field is used"),
        Found.LAUNCH: _("a command that starts a program on the computer"),
        Found.ATTACHED_FILES: _("attached files"),
        Found.ATTACHED_PROGRAM: _("an attached program"),
        Found.XFA_FORM: _("an XFA form (a form that carries its own scripts)"),
        Found.MULTIMEDIA: _("embedded multimedia (Flash)"),
        Found.UNCHECKED: _("packed or encrypted parts the app cannot check"),
        Found.MACROS: _("macros"),
        Found.ACTIVEX: _("ActiveX controls"),
        Found.OLE_OBJECT: _("an embedded object or packaged file (OLE)"),
        Found.PROGRAM_PART: _("an embedded program"),
        Found.EXTERNAL_CONTENT: _("links that load content from the internet when the file is opened"),
    }


@dataclass(frozen=True)
class Scan:
    """What a scan found, in a fixed order; ``refused`` when any of it stops the file."""

    found: tuple[Found, ...] = ()

    @property
    def refused(self) -> bool:
        return any(item in REFUSED for item in self.found)

    def labels(self) -> str:
        """The findings (the refused ones when the file is refused) as one translated list."""
        shown = [item for item in self.found if item in REFUSED] if self.refused else list(self.found)
        return "; ".join(item.label for item in shown)


def _scan(found: set[Found]) -> Scan:
    return Scan(tuple(item for item in Found if item in found))


def _mapped(file: BinaryIO) -> mmap.mmap:
    file.flush()
    return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


# --- PDF --------------------------------------------------------------------------------------------------------

_DELIMITERS: Final = rb"\s/<>\[\]()%{}"
_NAME_KEYS: Final[dict[bytes, Found]] = {
    b"JavaScript": Found.JAVASCRIPT,
    b"JS": Found.JAVASCRIPT,
    b"AA": Found.AUTO_ACTIONS,
    b"Launch": Found.LAUNCH,
    b"EmbeddedFile": Found.ATTACHED_FILES,
    b"EmbeddedFiles": Found.ATTACHED_FILES,
    b"RichMedia": Found.MULTIMEDIA,
    b"XFA": Found.XFA_FORM,
}
_INTERESTING: Final[tuple[bytes, ...]] = (*_NAME_KEYS, b"OpenAction", b"ObjStm", b"Encrypt")
_LONGEST_FIRST: Final = sorted(_INTERESTING, key=len, reverse=True)
#: A name of interest written plainly. (Each search is a regular expression of its own: an alternation of them
#: would lose the engine's fast scan for the first character, and take ten times as long.)
_PLAIN_NAME: Final = re.compile(rb"/(" + b"|".join(_LONGEST_FIRST) + rb")(?=[" + _DELIMITERS + rb"]|\Z)")
#: How far from an escape the name it belongs to may start or end ("/" and every letter escaped).
_REACH: Final = 3 * max(map(len, _INTERESTING)) + 1
#: The start of a stream's body: the keyword right after its dictionary.
_STREAM_START: Final = re.compile(rb">>[\x00\t\n\f\r ]*stream(?:\r\n|\n|\r)")
#: Any name written with a ``#xx`` escape (rare in honest files; "/J#61vaScript" hides "/JavaScript").
_ESCAPED_NAME: Final = re.compile(rb"/([^" + _DELIMITERS + rb"#]*#[0-9A-Fa-f]{2}[^" + _DELIMITERS + rb"]*)")
_HEX_ESCAPE: Final = re.compile(rb"#([0-9A-Fa-f]{2})")
_ACTION_TYPE: Final = re.compile(rb"/S\s*/([A-Za-z#0-9]+)")
_REFERENCE: Final = re.compile(rb"\s*(\d{1,10})\s+(\d{1,5})\s+R")
_FILE_NAME: Final = re.compile(rb"/(?:UF|F)\s*\(((?:[^()\\]|\\.){1,512})\)")
_STREAM: Final = re.compile(rb"stream\r?\n")
#: A direct ``/Length`` (an indirect one, "12 0 R", is not taken).
_LENGTH: Final = re.compile(rb"/Length\s+(\d{1,10})\b(?!\s+\d+\s+R)")
_FIRST: Final = re.compile(rb"/First\s+(\d{1,10})")
_FILTER: Final = re.compile(rb"/Filter\s*(\[[^\]]{0,200}\]|/[A-Za-z0-9#]+)")
#: How far around a name the scan looks for the value or dictionary that goes with it.
_WINDOW: Final = 1024


def _unescape(name: bytes) -> bytes:
    return _HEX_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), name)


@dataclass
class _PdfScan:
    found: set[Found]
    open_actions: list[bytes]
    packed: list[tuple[bytes, int]]
    object_streams: list[int]
    encrypted: bool = False
    budget: int = PDF_INFLATE_BUDGET

    def names(self, data: bytes | mmap.mmap, start: int = 0, end: int | None = None) -> None:
        """Note the names of interest in ``data[start:end]``: written plainly, or with ``#xx`` escapes."""
        top = isinstance(data, mmap.mmap)
        end = len(data) if end is None else end
        for match in _PLAIN_NAME.finditer(data, start, end):
            self._name(match[1], data, match.end(), top=top)
        done = start  # the end of the last escaped name looked at: a name with several escapes is read once
        for escape in _HEX_ESCAPE.finditer(data, start, end):
            if escape.start() < done:
                continue
            # The name around the escape: from the last "/" before it (within the longest escaped name of interest).
            slash = data.rfind(b"/", max(done, escape.start() - _REACH), escape.start())
            named = _ESCAPED_NAME.match(data, slash, min(end, escape.start() + _REACH)) if slash >= 0 else None
            if named is None:
                continue
            done = named.end()
            name = _unescape(named[1])
            if name in _INTERESTING:
                self._name(name, data, named.end(), top=top)

    def _name(self, name: bytes, data: bytes | mmap.mmap, end: int, *, top: bool) -> None:
        if name in _NAME_KEYS:
            self.found.add(_NAME_KEYS[name])
            if name.startswith(b"EmbeddedFile"):
                self._attached_names(bytes(data[max(0, end - _WINDOW) : end + _WINDOW]))
        elif name == b"OpenAction":
            self.open_actions.append(bytes(data[end : end + _WINDOW]))
        elif name == b"Encrypt":
            self.encrypted = True
        elif name == b"ObjStm" and top:
            self.object_streams.append(end)

    def _attached_names(self, window: bytes) -> None:
        for match in _FILE_NAME.finditer(window):
            raw = match[1].replace(b"\\", b"")
            text = raw[2:].decode("utf-16-be", "replace") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
            if any(text.strip().lower().endswith(extension) for extension in PROGRAM_EXTENSIONS):
                self.found.add(Found.ATTACHED_PROGRAM)

    def inflate(self, data: mmap.mmap, end: int) -> None:
        """Inflate the object stream whose dictionary holds ``/ObjStm`` ending at ``end``, and scan it."""
        stream = _STREAM.search(data, end, end + _WINDOW)
        start = data.rfind(b"obj", max(0, end - _WINDOW), end)
        if stream is None:
            self.found.add(Found.UNCHECKED)
            return
        head = bytes(data[start if start >= 0 else end : stream.start()])
        filters = _FILTER.search(head)
        if filters is None:
            return  # not compressed: the plain scan saw its names already
        if _unescape(filters[1]).strip(b"[] \t\r\n") != b"/FlateDecode" or self.encrypted:
            self.found.add(Found.UNCHECKED)
            return
        inflater = zlib.decompressobj()
        parts: list[bytes] = []
        position = stream.end()
        try:
            while not inflater.eof and position < len(data) and self.budget > 0:
                piece = data[position : position + 64 * 1024]
                chunk = inflater.decompress(piece, self.budget)
                position += len(piece) - len(inflater.unconsumed_tail)
                self.budget -= len(chunk)
                parts.append(chunk)
        except zlib.error:
            self.found.add(Found.UNCHECKED)
            return
        if not inflater.eof:
            self.found.add(Found.UNCHECKED)
        packed = b"".join(parts)
        self.names(packed)
        first = _FIRST.search(head)
        self.packed.append((packed, int(first[1]) if first else 0))

    def packed_object(self, number: int) -> bytes | None:
        """The text of object ``number`` from the inflated object streams (their header: pairs of number, offset)."""
        for packed, first in self.packed:
            numbers = [int(item) for item in packed[:first].split()[:20000] if item.isdigit()]
            offsets = dict(zip(numbers[0::2], numbers[1::2], strict=False))
            if number in offsets:
                return packed[first + offsets[number] : first + offsets[number] + _WINDOW]
        return None

    def open_action_runs(self, value: bytes, data: mmap.mmap) -> bool:
        """Whether an ``/OpenAction`` value is an action other than going to a page (a destination array is not)."""
        value = value.lstrip()
        reference = _REFERENCE.match(value)
        if reference is not None:
            target = re.compile(rb"(?<!\d)" + reference[1] + rb"\s+" + reference[2] + rb"\s+obj")
            found = target.search(data)
            packed = None if found is not None else self.packed_object(int(reference[1]))
            if found is not None:
                value = bytes(data[found.end() : found.end() + _WINDOW]).lstrip()
            elif packed is not None:
                value = packed.lstrip()
            else:  # missing: look no further, call it an action
                return True
        if value.startswith(b"["):
            return False
        action = _ACTION_TYPE.search(value[:_WINDOW])
        return action is None or _unescape(action[1]) != b"GoTo"


def _outside_streams(data: mmap.mmap) -> Iterator[tuple[int, int]]:
    """The spans of ``data`` outside stream bodies (page contents, images, fonts): every dictionary is in them, and
    the compressed bytes of a body would spell a name now and then by chance."""
    position = 0
    while (start := _STREAM_START.search(data, position)) is not None:
        yield position, start.start() + 2
        position = _stream_end(data, start)
    yield position, len(data)


def _stream_end(data: bytes | mmap.mmap, start: re.Match[bytes]) -> int:
    """Where the body of the stream that begins at ``start`` ends: at its direct ``/Length`` when ``endstream``
    follows there, else at the next ``endstream``; a body found that second way that holds an ``endobj`` hides
    objects, and is searched rather than skipped."""
    body = start.end()
    head = data[max(0, start.start() - _WINDOW) : start.start()]
    length = _LENGTH.search(head, max(0, head.rfind(b"obj")))
    end = body + int(length[1]) if length else -1
    if length is not None and data[end : end + 16].lstrip().startswith(b"endstream"):
        return end
    end = data.find(b"endstream", body)
    if end < 0:
        return len(data)
    return body if data.find(b"endobj", body, end) >= 0 else end


def scan_pdf(file: BinaryIO) -> Scan:
    """The active content of the PDF open as ``file`` (a real file: it is memory-mapped, not read into memory)."""
    with _mapped(file) as data:
        state = _PdfScan(found=set(), open_actions=[], packed=[], object_streams=[])
        for start, end in _outside_streams(data):
            state.names(data, start, end)
        for end in state.object_streams:
            state.inflate(data, end)
        for value in state.open_actions:
            if state.open_action_runs(value, data):
                state.found.add(Found.OPEN_ACTION)
    return _scan(state.found)


# --- office files -----------------------------------------------------------------------------------------------

_RELATIONSHIP: Final = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_EXTERNAL: Final = re.compile(rb"""TargetMode\s*=\s*["']External["']""")
_HYPERLINK: Final = re.compile(rb"""Type\s*=\s*["'][^"']*/hyperlink["']""")
_OLE_MAGIC: Final = bytes.fromhex("d0cf11e0a1b11ae1")
_ODF_SCRIPT_LIBRARIES: Final = frozenset({"script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml"})


def scan_office_zip(file: BinaryIO) -> Scan:
    """The active content of a DOCX or ODT (already read as one: a zip with a readable directory)."""
    found: set[Found] = set()
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        infos = archive.infolist()
        for info in infos:
            name = info.filename.lower()
            base = name.rsplit("/", 1)[-1]
            if base in {"vbaproject.bin", "vbadata.xml"} or (
                name.startswith(("basic/", "scripts/")) and base.endswith(".xml") and base not in _ODF_SCRIPT_LIBRARIES
            ):
                found.add(Found.MACROS)
            elif "/activex/" in f"/{name}":
                found.add(Found.ACTIVEX)
            elif base.startswith("oleobject") or (base.endswith(".bin") and "/embeddings/" in f"/{name}"):
                found.add(Found.OLE_OBJECT)
            if any(base.endswith(extension) for extension in PROGRAM_EXTENSIONS):
                found.add(Found.PROGRAM_PART)
        read = 0
        for info in infos:
            name = info.filename.lower()
            if read >= PARTS_LIMIT or info.is_dir():
                continue
            if name.endswith(".rels") and info.file_size <= RELS_LIMIT:
                read += 1
                with archive.open(info) as member:
                    rels = member.read(RELS_LIMIT)
                for relationship in _RELATIONSHIP.findall(rels):
                    if _EXTERNAL.search(relationship) and not _HYPERLINK.search(relationship):
                        found.add(Found.EXTERNAL_CONTENT)
            elif "embeddings/" in name or name.startswith("object"):
                read += 1
                with archive.open(info) as member:
                    start = member.read(8)
                if start.startswith(b"MZ"):
                    found.add(Found.PROGRAM_PART)
                elif start == _OLE_MAGIC:
                    found.add(Found.OLE_OBJECT)
    return _scan(found)


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def scan_doc(file: BinaryIO) -> Scan:
    """The active content of a Word 97 document (an OLE compound file): its stream names, searched as bytes."""
    found: set[Found] = set()
    with _mapped(file) as data:
        if data.find(_utf16("_VBA_PROJECT")) >= 0:
            found.add(Found.MACROS)
        if data.find(b"\x01\x00" + _utf16("Ole10Native")) >= 0:
            found.add(Found.OLE_OBJECT)
    return _scan(found)

"""Hostile files built at test time, small on disk: zips written by hand (so a header can say what it likes),
decompression bombs, spreadsheet bombs, and the ``osgo`` command run as a process of its own."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from osgo_desktop.formats.tabular import write_xlsx

ROOT = Path(__file__).resolve().parent.parent
MiB = 1024 * 1024
#: a guard against a hang, not a speed test: every refusal here takes seconds
PROCESS_TIMEOUT = 120
_OSGO = "import sys; from osgo_desktop.cli import main; sys.exit(main())"
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01


@dataclass(frozen=True)
class Member:
    """One member of a hand-written zip: its deflated bytes and what its headers say."""

    name: str
    deflated: bytes
    size: int
    crc: int

    @classmethod
    def of(cls, name: str, data: bytes) -> Member:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        return cls(name, packer.compress(data) + packer.flush(), len(data), zlib.crc32(data))

    def declaring(self, size: int) -> Member:
        """The same data under a header that gives another unpacked size."""
        return Member(self.name, self.deflated, size, self.crc)


def bomb(name: str, head: bytes, mebibytes: int, tail: bytes, fill: bytes = b" ") -> Member:
    """``head``, ``mebibytes`` MiB of ``fill`` and ``tail``, deflated in about 1 KB a MiB: one block of a MiB
    compressed once and repeated (a full flush makes each block stand alone)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = fill * MiB
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(mebibytes):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return Member(name, start + block * mebibytes + end, len(head) + mebibytes * MiB + len(tail), crc)


def write_raw_zip(members: list[Member]) -> bytes:
    """A zip of ``members`` (deflated), exactly as their headers are given."""
    out = io.BytesIO()
    central = []
    for member in members:
        name = member.name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                8,
                0,
                _DOS_DATE,
                member.crc,
                len(member.deflated),
                member.size,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(member.deflated)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                _DOS_DATE,
                member.crc,
                len(member.deflated),
                member.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), len(directory), start, 0))
    return out.getvalue()


def rezipped(data: bytes, replace: dict[str, Member] | None = None, add: list[Member] | None = None) -> bytes:
    """The zip ``data`` written again by hand, some members replaced by (or added as) the ones given."""
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [replace.get(name) or Member.of(name, archive.read(name)) for name in archive.namelist()]
    return write_raw_zip(members + (add or []))


def small_xlsx() -> bytes:
    return write_xlsx(["Фамилия", "Имя", "Пол"], [["Асанов", "Бакыт", "М"]], "list")


def xlsx_with(parts: dict[str, bytes]) -> bytes:
    """The small workbook with some of its XML parts replaced or added."""
    with zipfile.ZipFile(io.BytesIO(small_xlsx())) as archive:
        names = archive.namelist()
        members = [Member.of(name, parts.get(name) or archive.read(name)) for name in names]
    return write_raw_zip(members + [Member.of(name, data) for name, data in parts.items() if name not in names])


SHEET = "xl/worksheets/sheet1.xml"
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Фамилия</t></is></c><c r="B1" t="inlineStr"><is><t>Имя</t></is>'
    "</c></row>"
)
_TAIL = "</sheetData></worksheet>"


def sheet(rows: str) -> bytes:
    """A first sheet with a header row, then ``rows`` (XML)."""
    return (_HEAD + rows + _TAIL).encode()


def xlsx_bombs() -> dict[str, bytes]:
    """Workbooks of a few KB to a few hundred KB that took openpyxl minutes or more (each > 60 s before)."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    return {
        # one row far down: openpyxl fills in every row above it
        "a row a billion rows down": xlsx_with({SHEET: sheet('<row r="1000000000"><c r="A1000000000"/></row>')}),
        "a hundred thousand empty rows": xlsx_with({SHEET: sheet("<row/>" * 100_001)}),
        "two million cells in a row": xlsx_with({SHEET: sheet('<row r="2">' + "<c/>" * 2_000_000 + "</row>")}),
        "a million shared strings": xlsx_with(
            {
                "xl/sharedStrings.xml": (
                    '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    + "<si><t>x</t></si>" * 1_000_000
                    + "</sst>"
                ).encode()
            }
        ),
        "entities in a DOCTYPE": xlsx_with(
            {SHEET: (laughs + _HEAD + "<row><c><v>&lol3;</v></c></row>" + _TAIL).encode()}
        ),
        "a sheet of 200 MB": rezipped(small_xlsx(), {SHEET: bomb(SHEET, _HEAD.encode(), 200, _TAIL.encode())}),
        "a sheet whose header says 1 KB and unpacks to 200 MB": rezipped(
            small_xlsx(), {SHEET: bomb(SHEET, _HEAD.encode(), 200, _TAIL.encode()).declaring(1024)}
        ),
    }


def csv_bombs() -> dict[str, bytes]:
    """CSV files under the 20 MB a file may have that took seconds to minutes, or half a GB of memory."""
    header = "Фамилия;Имя;Пол\n".encode()
    size = 19 * MiB
    return {
        "19 MB of empty lines": header + b"\n" * size,
        "19 MB of carriage returns": header + b"\r" * size,
        "a line of 19 million fields": header + b";" * size + b"\n",
        "a quoted field of 19 MB": header + b'"' + b"x" * size + b'"\n',
    }


#: how a process of its own signs in to the demo (README's demo accounts)
DEMO_SECRETARY_ENV = {"OSGO_USER": "secretary", "OSGO_PASSWORD": "osgo-secretary"}


def run_osgo(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``osgo`` as a process of its own, as the console script starts it (this checkout's code), in English, signed
    in as the demo's secretary (a database without accounts signs nobody in)."""
    return subprocess.run(
        [sys.executable, "-c", _OSGO, "--lang", "en", *args],
        env={**os.environ, **DEMO_SECRETARY_ENV},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT,
        check=False,
    )


def compressed_span(data: bytes, name: str) -> tuple[int, int]:
    """Where the member's compressed bytes lie in the zip ``data``: (start, length)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    name_length, extra_length = struct.unpack("<2H", data[info.header_offset + 26 : info.header_offset + 30])
    return info.header_offset + 30 + name_length + extra_length, info.compress_size


def flipped(data: bytes, position: int, bit: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 1 << bit
    return bytes(changed)


def damaged_record(data: bytes) -> bytes:
    """The export with one bit flipped in record.json's compressed data such that zlib itself refuses it (as 4
    flips in 100 did, with a traceback): the second bit of the first byte, which makes the first block's type the
    reserved one."""
    start, _length = compressed_span(data, "record.json")
    return flipped(data, start, 1)

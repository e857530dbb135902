"""Applicant lists in and registers out: reading Excel (.xlsx) and CSV tables, mapping and parsing their columns.

The columns a list may have are a :class:`FieldSet`: :data:`APPLICANTS` (the applicants' import, the default) or
:data:`COMPOSITION_MEMBERS` (the sitting members of a council or of the Commission, ``services/composition_import``).
Both share the reader, its limits and its messages."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import logging
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any, Final
from xml.parsers import expat

from osgo_desktop.clock import BISHKEK
from osgo_desktop.domain.registry import Sex
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import N_, _

log = logging.getLogger(__name__)

#: the largest file read at all
MAX_FILE_BYTES: Final = 20 * 1024 * 1024
#: the most applicant rows one file may hold (under the header)
MAX_ROWS: Final = 10_000
#: columns beyond this are not read (an applicant list has a few dozen at most)
MAX_COLUMNS: Final = 256
#: the header is looked for in this many rows at the top (a title above it is common)
HEADER_SEARCH_ROWS: Final = 10
# Limits against a file made to keep the import busy (a "bomb": a few hundred KB that unpack or parse to millions of
# rows or cells), each far above what a genuine list of MAX_ROWS applicants needs; such a file is refused within
# seconds with a message. A genuine list of 10,000 applicants in 19 columns written by the app itself unpacks to
# about 34 MB of XML and holds 200,000 cells.
#: rows of a table, empty ones included (Excel's own limit: a sheet has at most this many)
MAX_SHEET_ROWS: Final = 1_048_576
#: <row> elements of a workbook (empty ones cost time to parse too)
MAX_ROW_ELEMENTS: Final = 100_000
#: cells of a workbook (<c> elements, empty ones and those beyond MAX_COLUMNS included), and its shared strings
MAX_CELLS: Final = 500_000
#: a workbook's parts together, unpacked (read from the zip's headers first, then counted while reading)
MAX_XLSX_UNPACKED: Final = 128 * 1024 * 1024
#: the parts of a workbook (Excel writes about a dozen)
MAX_XLSX_PARTS: Final = 1_000


class TabularError(KnownError):
    """A table that cannot be read or mapped; the message says what to do about it."""


# ---------------------------------------------------------------------------------------------------------------
# Reading


@dataclass(frozen=True)
class Table:
    """A table as text: every row as long as the header; ``encoding`` is None for an Excel workbook."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    encoding: str | None
    #: the row (as Excel numbers it) that holds the header; data rows follow it one by one
    header_line: int = 1

    def line(self, index: int) -> int:
        """The row number the user sees in Excel for ``rows[index]``."""
        return self.header_line + 1 + index


_XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE: Final = "EncryptedPackage".encode("utf-16-le")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_CYRILLIC: Final = re.compile(r"[\u0400-\u04ff]")
_DELIMITERS: Final = (";", "\t", ",")
_SNIFF_RECORDS: Final = 50


def read_table(data: bytes, file_name: str, fields: FieldSet | None = None) -> Table:
    """The first sheet of an .xlsx workbook, or a CSV text table, as text; raises :class:`TabularError` for
    anything else (an old .xls, an empty file, one with no rows under the header, too many rows…). ``fields``
    (default: :data:`APPLICANTS`) says which headers to look for and what a row is, for the messages."""
    fields = fields or APPLICANTS
    if len(data) > MAX_FILE_BYTES:
        raise TabularError(
            _(fields.too_large).format(
                file=file_name, size=len(data) / 1024 / 1024, limit=MAX_FILE_BYTES // 1024 // 1024
            )
        )
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise TabularError(_("“{file}” is empty.").format(file=file_name))
    if data.startswith(_XLS_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise TabularError(
                _(
                    "“{file}” is protected with a password. Remove the password in Excel and save the file again."
                ).format(file=file_name)
            )
        raise TabularError(
            _(
                "“{file}” is an old Excel 97–2003 workbook (.xls), which cannot be read. "
                "Open it in Excel and save it as .xlsx or .csv."
            ).format(file=file_name)
        )
    if data.startswith(b"PK\x03\x04"):
        # closed at once, also when the table is refused half-way: the workbook holds the unzipped sheet
        with contextlib.closing(_xlsx_rows(data, file_name)) as xlsx_rows:
            return _to_table(xlsx_rows, None, file_name, fields)
    text, encoding = _decode(data, file_name)
    return _to_table(_csv_rows(text, file_name), encoding, file_name, fields)


def _xlsx_rows(data: bytes, file_name: str) -> Generator[list[str], None, None]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                _check_workbook(archive, file_name)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError, NotImplementedError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: a compression method zipfile does not know
        raise _damaged(file_name) from exc
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:  # LibreOffice's own format
            raise TabularError(
                _("“{file}” is an OpenDocument spreadsheet (.ods). Open it and save it as .xlsx or .csv.").format(
                    file=file_name
                )
            )
        raise _not_a_table(file_name)

    from openpyxl import load_workbook  # type: ignore[import-untyped]  # slow to import: only when needed

    try:
        with warnings.catch_warnings():
            # "Data Validation extension is not supported", "no default style": harmless for reading values
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails in many ways (KeyError, ValueError, XML errors) on a damaged file
        log.info("cannot open %s as a workbook", file_name, exc_info=True)
        raise _damaged(file_name) from exc
    try:
        if not workbook.worksheets:
            raise TabularError(_("“{file}” is empty.").format(file=file_name))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the stored size is often wrong in files not written by Excel
        try:
            for values in sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True):
                width = len(values)
                while width and values[width - 1] is None:  # every row comes MAX_COLUMNS wide
                    width -= 1
                yield [_cell_text(value) for value in values[:width]]
        except Exception as exc:  # as above: a damaged sheet fails in the XML parser
            log.info("cannot read the first sheet of %s", file_name, exc_info=True)
            raise _damaged(file_name) from exc
    finally:
        workbook.close()


class _WorkbookTooBig(Exception):
    def __init__(self, error: TabularError) -> None:
        super().__init__(str(error))
        self.error = error


def _check_workbook(archive: zipfile.ZipFile, file_name: str) -> None:
    """Refuse a workbook made to keep the import busy, before openpyxl reads it: too many parts, or parts that
    unpack to more than MAX_XLSX_UNPACKED (by the zip's headers, then counted while unpacking: headers can lie), or
    XML with more rows, cells or shared strings than the limits, or a DOCTYPE (Excel never writes one; entity
    tricks live there). Every XML part is read once, as a stream, by expat."""
    infos = archive.infolist()
    if len(infos) > MAX_XLSX_PARTS:
        raise _damaged(file_name)
    if sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED:
        raise _too_big_workbook(file_name)
    budget = MAX_XLSX_UNPACKED
    counts = {"row": 0, "c": 0, "si": 0}

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local in counts:
            counts[local] += 1
            if local == "row":
                if counts["row"] > MAX_ROW_ELEMENTS or int(attributes.get("r", "0") or "0") > MAX_SHEET_ROWS:
                    raise _WorkbookTooBig(_too_many_rows(file_name))
            elif counts[local] > MAX_CELLS:
                raise _WorkbookTooBig(_too_many_cells(file_name))

    def doctype(*_args: object) -> None:
        raise _WorkbookTooBig(_damaged(file_name))

    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        parser = expat.ParserCreate()
        parser.StartElementHandler = start
        parser.StartDoctypeDeclHandler = doctype
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(1024 * 1024):
                    budget -= len(chunk)
                    if budget < 0:
                        raise _too_big_workbook(file_name)
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _WorkbookTooBig as exc:
            raise exc.error from None
        except expat.ExpatError as exc:
            raise _damaged(file_name) from exc
        except ValueError as exc:  # a row number that is no number
            raise _damaged(file_name) from exc


def _too_big_workbook(file_name: str) -> TabularError:
    return TabularError(
        _("“{file}” unpacks to more than {limit} MB; a list of applicants is far smaller.").format(
            file=file_name, limit=MAX_XLSX_UNPACKED // 1024 // 1024
        )
    )


def _too_many_cells(file_name: str) -> TabularError:
    return TabularError(
        _(
            "“{file}” has more than {limit} cells; a list of applicants has far fewer. Copy the list alone to a new "
            "file."
        ).format(file=file_name, limit=MAX_CELLS)
    )


def _cell_text(value: object) -> str:
    """An Excel value as the text a user would type for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # a 14-digit PIN kept as a number arrives as an exact whole float: never show it as 2.0101199e13
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    return str(value)


def _decode(data: bytes, file_name: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: UTF-8 (with or without the BOM Excel writes), UTF-16
    (Excel's "Unicode text"), or else Windows-1251, what Excel in a Russian or Kyrgyz Windows writes by default."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[str, ...] = ("utf-16",)
    elif data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig", "cp1251")
    else:
        candidates = ("utf-8", "cp1251")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text, encoding):
            if text.lstrip().startswith("<"):
                raise TabularError(
                    _(
                        "“{file}” is a web page or an XML document, not a table, even if Excel opens it. "
                        "Open it in Excel and save it as .xlsx or .csv."
                    ).format(file=file_name)
                )
            return text, encoding
    raise _not_a_table(file_name)


def _plausible(text: str, encoding: str) -> bool:
    """Whether ``text`` reads as a table: no control characters, and — since any bytes decode as cp1251 — a
    cp1251 reading must be mostly Cyrillic letters where it is not plain ASCII."""
    if _CONTROL.search(text):
        return False
    if encoding != "cp1251":
        return True
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    cyrillic = len(text) - len(_CYRILLIC.sub("", text))
    return cyrillic * 2 >= non_ascii


def _csv_rows(text: str, file_name: str) -> Iterator[list[str]]:
    first_line, _newline, rest = text.partition("\n")
    explicit = re.fullmatch(r"sep=(.)\r?", first_line)  # Excel's own hint line: it is not a row of the table
    if explicit:
        text, delimiter = rest, explicit.group(1)
    else:
        delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    try:
        for record in reader:
            yield record[:MAX_COLUMNS]
    except csv.Error as exc:
        raise TabularError(
            _("“{file}” cannot be read as a CSV table: line {line} is broken.").format(
                file=file_name, line=reader.line_num
            )
        ) from exc


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the same number (more than one) of fields."""
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
        try:
            widths = [len(record) for record in itertools.islice(reader, _SNIFF_RECORDS) if record]
        except csv.Error:
            continue
        if not widths:
            continue
        header = widths[0]
        same = sum(1 for width in widths if width == header) / len(widths)
        score = (header > 1, same, header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _to_table(raw_rows: Iterable[list[str]], encoding: str | None, file_name: str, fields: FieldSet) -> Table:
    kept: list[list[str]] = []
    pending_empty = 0  # empty rows are kept only when a non-empty one follows
    for count, row in enumerate(raw_rows, start=1):
        if count > MAX_SHEET_ROWS:
            raise _too_many_rows(file_name)
        while row and not row[-1].strip():
            row.pop()
        if not row:
            pending_empty += 1
            continue
        kept.extend([[] for _blank in range(pending_empty)])
        pending_empty = 0
        kept.append(row)
        if len(kept) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise _too_many_rows(file_name)
    if not kept:
        raise TabularError(_("“{file}” is empty.").format(file=file_name))

    header_index = _find_header(kept, fields)
    data_rows = kept[header_index + 1 :]
    if not data_rows:
        raise TabularError(_(fields.no_rows).format(file=file_name))
    if len(data_rows) > MAX_ROWS:
        raise _too_many_rows(file_name)

    width = max(len(row) for row in kept[header_index:])
    headers = [cell.strip() for cell in kept[header_index]] + [""] * width
    for column in range(width):
        if not headers[column] and any(column < len(row) and row[column].strip() for row in data_rows):
            headers[column] = _("Column {letter}").format(letter=column_letter(column))
    return Table(
        headers=tuple(headers[:width]),
        rows=tuple(tuple(row) + ("",) * (width - len(row)) for row in data_rows),
        encoding=encoding,
        header_line=header_index + 1,
    )


def _find_header(rows: list[list[str]], fields: FieldSet) -> int:
    """The first row near the top whose cells name two fields or more; else the first non-empty row."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if len({fields.alias_index.get(header_key(cell)) for cell in row} - {None}) >= 2:
            return index
    return next(index for index, row in enumerate(rows) if row)


def _too_many_rows(file_name: str) -> TabularError:
    return TabularError(
        _("“{file}” has more than {limit} rows; split it into several files.").format(file=file_name, limit=MAX_ROWS)
    )


def _damaged(file_name: str) -> TabularError:
    return TabularError(
        _("“{file}” looks like an Excel workbook but cannot be read; it may be damaged.").format(file=file_name)
    )


def _not_a_table(file_name: str) -> TabularError:
    return TabularError(_("“{file}” is neither an Excel workbook (.xlsx) nor a CSV text table.").format(file=file_name))


def column_letter(index: int) -> str:
    """Excel's name for the 0-based column ``index``: A, …, Z, AA, …"""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# ---------------------------------------------------------------------------------------------------------------
# Columns


class FieldKind(Enum):
    TEXT = "text"  # one line: runs of white space become one space
    MULTILINE = "multiline"  # line breaks kept
    SEX = "sex"
    DATE = "date"
    DATE_OR_DATETIME = "datetime"
    PIN = "pin"
    CHANNEL = "channel"
    SEAT = "seat"  # a seat of a composition: council | civil | permanent
    COUNT = "count"  # a whole number of seats, 1 or more


@dataclass(frozen=True)
class FieldSpec:
    label: str  # N_(): translate where shown
    kind: FieldKind
    #: headers in Kyrgyz, Russian and English; matched by :func:`header_key`
    aliases: tuple[str, ...]


def _spec(label: str, kind: FieldKind, *, ky: str, ru: str, en: str) -> FieldSpec:
    """A field whose headers are given per language, separated by "|"."""
    aliases = (alias.strip() for text in (ky, ru, en) for alias in text.split("|"))
    return FieldSpec(label, kind, tuple(dict.fromkeys(alias for alias in aliases if alias)))


_TEXT, _MULTILINE = FieldKind.TEXT, FieldKind.MULTILINE

#: The fields an import may fill, in the order of the applicant form.
APPLICANT_FIELDS: Final[Mapping[str, FieldSpec]] = {
    "surname": _spec(N_("Surname"), _TEXT, ky="Фамилиясы|Фамилия", ru="Фамилия", en="Surname|Last name|Family name"),
    "name": _spec(N_("Name"), _TEXT, ky="Аты|Ысымы", ru="Имя", en="Name|First name|Given name"),
    "patronymic": _spec(
        N_("Patronymic"), _TEXT, ky="Атасынын аты", ru="Отчество", en="Patronymic|Middle name|Father's name"
    ),
    "sex": _spec(N_("Sex"), FieldKind.SEX, ky="Жынысы|Жыныс", ru="Пол", en="Sex|Gender"),
    "birth_date": _spec(
        N_("Date of birth"),
        FieldKind.DATE,
        ky="Туулган күнү|Туулган датасы|Туулган күнү, айы, жылы",
        ru="Дата рождения|Дата рожд.",
        en="Date of birth|Birth date|Birthdate|DOB",
    ),
    "pin": _spec(
        N_("PIN"),
        FieldKind.PIN,
        ky="ЖИН|Жеке идентификациялык номер|ПИН",
        ru="ПИН|ИНН|Персональный идентификационный номер|Идентификационный номер",
        en="PIN|Personal number|Personal identification number",
    ),
    "citizenship": _spec(N_("Citizenship"), _TEXT, ky="Жарандыгы|Жарандык", ru="Гражданство", en="Citizenship"),
    "education": _spec(N_("Education"), _TEXT, ky="Билими|Билим", ru="Образование", en="Education"),
    "workplace": _spec(
        N_("Workplace"),
        _TEXT,
        ky="Иштеген жери|Иш орду|Жумуш орду",
        ru="Место работы",
        en="Workplace|Place of work|Employer",
    ),
    "position": _spec(N_("Position"), _TEXT, ky="Кызматы|Ээлеген кызматы", ru="Должность", en="Position|Job title"),
    "organization": _spec(
        N_("Organisation"), _TEXT, ky="Уюм|Уюму|Уюмдун аталышы", ru="Организация", en="Organisation|Organization"
    ),
    "phone": _spec(
        N_("Phone"),
        _TEXT,
        ky="Телефону|Телефон|Байланыш телефону",
        ru="Телефон|Тел.|Контактный телефон",
        en="Phone|Telephone|Phone number|Mobile",
    ),
    "email": _spec(
        N_("E-mail"),
        _TEXT,
        ky="Электрондук почта|Э-почта",
        ru="Электронная почта|Эл. почта|E-mail",
        en="E-mail|Email address",
    ),
    "address": _spec(
        N_("Address"),
        _TEXT,
        ky="Дареги|Дарек|Жашаган жери",
        ru="Адрес|Адрес проживания|Место жительства",
        en="Address",
    ),
    "received_at": _spec(
        N_("Received"),
        FieldKind.DATE_OR_DATETIME,
        ky="Кабыл алынган күнү|Кабыл алынган убактысы|Тапшырылган күнү|Келип түшкөн күнү",
        ru="Дата поступления|Дата и время поступления|Дата приема|Дата подачи|Поступило",
        en="Received|Received at|Date received|Submitted",
    ),
    "channel": _spec(
        N_("Channel"),
        FieldKind.CHANNEL,
        ky="Кабыл алуу жолу|Тапшыруу жолу|Жөнөтүү жолу|Канал",
        ru="Способ подачи|Способ поступления|Канал",
        en="Channel|Received via|Submitted via",
    ),
    "nominated_by": _spec(
        N_("Nominated by"),
        _TEXT,
        ky="Сунуштаган уюм|Көрсөткөн уюм|Сунуштоочу",
        ru="Выдвинувшая организация|Выдвинувшее объединение|Кем выдвинут|Рекомендующая организация",
        en="Nominated by|Nominating organisation|Nominating organization",
    ),
    # the nominating organisation's or association's name in Russian, as the Russian papers print it (optional)
    "nominated_by_ru": _spec(
        N_("Nominated by, in Russian"),
        _TEXT,
        ky="Сунуштаган уюмдун орусча аталышы|Сунуштаган уюм орусча",
        ru="Выдвинувшая организация на русском языке|Наименование выдвинувшей организации на русском языке",
        en="Nominated by in Russian|Nominating organisation in Russian|Nominating organization in Russian",
    ),
    "notes": _spec(
        N_("Notes"),
        _MULTILINE,
        ky="Эскертүү|Эскертүүлөр|Кошумча маалымат",
        ru="Примечание|Примечания|Комментарий",
        en="Notes|Note|Comment|Remarks",
    ),
}

#: A single "full name" column, split into surname, name and patronymic when the file has no separate ones.
FULL_NAME_ALIASES: Final = ("Аты-жөнү", "Фамилиясы, аты, атасынын аты", "ФИО", "Фамилия, имя, отчество", "Full name")

#: without these a row cannot be imported
REQUIRED_FIELDS: Final = ("surname", "name")
#: a list without these is suspicious, but may still be imported
EXPECTED_FIELDS: Final = ("sex", "birth_date", "pin")

_FULL_NAME: Final = "full_name"
# Old keyboards have no ң ө ү: "Туулган куну" is meant as "Туулган күнү".
_KEY_FOLD: Final = str.maketrans({"ё": "е", "ң": "н", "ө": "о", "ү": "у", "ӊ": "н"})
_TRAILING_NOTE: Final = re.compile(r"\s*\([^()]*\)\W*$")


def header_key(text: str) -> str:
    """``text`` reduced for comparing headers and keywords: case, spaces, punctuation, ё/е, a trailing note in
    brackets ("Дата рождения (дд.мм.гггг)") and the Kyrgyz letters typed without their tails do not count."""
    folded = unicodedata.normalize("NFC", text).casefold().translate(_KEY_FOLD)
    without_note = _TRAILING_NOTE.sub("", folded)
    key = "".join(char for char in without_note if char.isalnum())
    return key or "".join(char for char in folded if char.isalnum())


@dataclass(frozen=True)
class FieldSet:
    """The columns one kind of list may have: the fields and their headers, which are required, which expected,
    and what the reader says of a file too large or without rows (N_ texts with ``{file}``, ``{size}``, ``{limit}``)."""

    fields: Mapping[str, FieldSpec]
    required: tuple[str, ...]
    expected: tuple[str, ...]
    too_large: str
    no_rows: str
    full_name_aliases: tuple[str, ...] = FULL_NAME_ALIASES

    @property
    def alias_index(self) -> dict[str, str]:
        return _alias_index(self)

    def label(self, name: str) -> str:
        """The field's name, translated."""
        return _("Full name") if name == _FULL_NAME else _(self.fields[name].label)


_ALIAS_INDEXES: dict[int, dict[str, str]] = {}


def _alias_index(fields: FieldSet) -> dict[str, str]:
    cached = _ALIAS_INDEXES.get(id(fields))
    if cached is not None:
        return cached
    index: dict[str, str] = {}
    aliases = [(name, spec.aliases) for name, spec in fields.fields.items()] + [(_FULL_NAME, fields.full_name_aliases)]
    for name, names in aliases:
        for alias in names:
            key = header_key(alias)
            assert index.setdefault(key, name) == name, f"the header {alias!r} names two fields"
    _ALIAS_INDEXES[id(fields)] = index
    return index


APPLICANTS: Final = FieldSet(
    APPLICANT_FIELDS,
    REQUIRED_FIELDS,
    EXPECTED_FIELDS,
    too_large=N_("“{file}” is {size:.1f} MB; a list of applicants may be at most {limit} MB."),
    no_rows=N_("“{file}” has a header row but no applicants under it."),
)
_ALIAS_INDEX: Final = APPLICANTS.alias_index

#: The sitting members of a composition (a council's or the Commission's), as ``osgo compositions import`` reads them.
MEMBER_FIELDS: Final[Mapping[str, FieldSpec]] = {
    "body": _spec(
        N_("Body"),
        _TEXT,
        ky="Орган|Мамлекеттик орган|Органдын коду|Код",
        ru="Орган|Государственный орган|Код органа|Код",
        en="Body|State body|Body code|Code",
    ),
    "surname": APPLICANT_FIELDS["surname"],
    "name": APPLICANT_FIELDS["name"],
    "patronymic": APPLICANT_FIELDS["patronymic"],
    "pin": APPLICANT_FIELDS["pin"],
    "sex": APPLICANT_FIELDS["sex"],
    "birth_date": APPLICANT_FIELDS["birth_date"],
    "organization": APPLICANT_FIELDS["organization"],
    "seat": _spec(
        N_("Seat"),
        FieldKind.SEAT,
        ky="Орун|Орундун түрү",
        ru="Место|Вид места",
        en="Seat|Seat kind",
    ),
    "term_start": _spec(
        N_("Term start"),
        FieldKind.DATE,
        ky="Ыйгарым укуктун башталышы|Мөөнөтүнүн башталышы|Мөөнөттүн башталышы|Башталышы",
        ru="Начало срока|Начало полномочий|Дата начала",
        en="Term start|Term starts|Start",
    ),
    "term_end": _spec(
        N_("Term end"),
        FieldKind.DATE,
        ky="Ыйгарым укуктун аякташы|Мөөнөтүнүн аякташы|Мөөнөттүн аякташы|Аякташы",
        ru="Конец срока|Окончание срока|Окончание полномочий|Дата окончания",
        en="Term end|Term ends|End",
    ),
    "seats": _spec(
        N_("Seats"),
        FieldKind.COUNT,
        ky="Орундардын саны|Орун саны",
        ru="Количество мест|Число мест",
        en="Seats|Number of seats",
    ),
}

COMPOSITION_MEMBERS: Final = FieldSet(
    MEMBER_FIELDS,
    ("surname", "name", "term_start", "term_end"),
    ("pin", "sex"),
    too_large=N_("“{file}” is {size:.1f} MB; a list of members may be at most {limit} MB."),
    no_rows=N_("“{file}” has a header row but no members under it."),
)


@dataclass(frozen=True)
class ColumnMap:
    """Which column fills which field: ``fields`` maps a field of :data:`APPLICANT_FIELDS` to a column index;
    ``unknown`` lists the headers that are ignored (to tell the user, not an error)."""

    fields: dict[str, int]
    unknown: list[str] = field(default_factory=list)
    #: a "full name" column, used when there is no separate surname and name column
    full_name: int | None = None
    #: the kind of list the columns were recognised for
    field_set: FieldSet = APPLICANTS

    @property
    def missing_required(self) -> list[str]:
        """The required fields (surname, name, …) the file has no column for."""
        names = ("surname", "name")
        return [
            name
            for name in self.field_set.required
            if name not in self.fields and not (self.full_name is not None and name in names)
        ]

    @property
    def missing_expected(self) -> list[str]:
        """The fields (sex, date of birth, PIN) a list should have but this one lacks: a warning, not a block."""
        return [name for name in self.field_set.expected if name not in self.fields]

    def require(self, *more: str) -> None:
        """Raise :class:`TabularError` naming the required fields (and ``more`` of them) that have no column."""
        missing = self.missing_required + [name for name in more if name not in self.fields]
        if missing:
            raise TabularError(
                _(
                    "The file has no column for: {fields}. Name the columns in the header row and load the file again."
                ).format(fields=", ".join(self.field_set.label(name) for name in missing))
            )


def map_columns(headers: Sequence[str], fields: FieldSet | None = None) -> ColumnMap:
    """Recognise the headers (Kyrgyz, Russian or English) of ``fields`` (default: :data:`APPLICANTS`); raises
    :class:`TabularError` when two columns would fill the same field."""
    field_set = fields or APPLICANTS
    index = field_set.alias_index
    found: dict[str, int] = {}
    unknown: list[str] = []
    for column, header in enumerate(headers):
        if not header.strip():
            continue
        name = index.get(header_key(header))
        if name is None:
            unknown.append(header)
            continue
        if name in found:
            label = field_set.label(name)
            raise TabularError(
                _("Columns {first} and {second} both hold “{field}”: keep one of them and load the file again.").format(
                    first=_column_name(headers, found[name]), second=_column_name(headers, column), field=label
                )
            )
        found[name] = column
    full_name = found.pop(_FULL_NAME, None)
    if full_name is not None and ("surname" in found or "name" in found):
        unknown.append(headers[full_name])  # the separate columns win
        full_name = None
    mapped = {name: found[name] for name in field_set.fields if name in found}
    return ColumnMap(fields=mapped, unknown=unknown, full_name=full_name, field_set=field_set)


def _column_name(headers: Sequence[str], column: int) -> str:
    return _("“{header}” (column {letter})").format(header=headers[column].strip(), letter=column_letter(column))


# ---------------------------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class ImportRow:
    """One applicant row: ``values`` has a typed value for each mapped field (str, :class:`Sex`, date,
    datetime, or None when a non-text cell is empty or wrong); ``errors`` and ``warnings`` are translated
    sentences naming the line and the column."""

    line: int
    values: dict[str, object]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _CellError(Exception):
    """A cell that cannot be read; the message is translated and complete."""


def parse_rows(table: Table, column_map: ColumnMap) -> list[ImportRow]:
    """The applicants in ``table``; a row with nothing in the mapped columns is skipped. Bad values become row
    errors, never exceptions.

    The values: text fields are trimmed, NFC-normalised text ("" when empty); ``sex`` a :class:`Sex`;
    ``birth_date`` a date; ``received_at`` a date, or a naive datetime (Bishkek time) when a time is given;
    ``pin`` digits as text; ``channel`` "in_person", "post" or "email". An empty non-text cell gives None."""
    columns = dict(sorted(column_map.fields.items(), key=lambda item: item[1]))  # errors read left to right
    if column_map.full_name is not None:
        columns[_FULL_NAME] = column_map.full_name  # last: after the fields it must not override
    result: list[ImportRow] = []
    for index, cells in enumerate(table.rows):
        if not any(cells[column].strip() for column in columns.values() if column < len(cells)):
            continue
        line = table.line(index)
        row = ImportRow(line=line, values={})
        for name, column in columns.items():
            raw = cells[column] if column < len(cells) else ""
            header = table.headers[column] if column < len(table.headers) else column_letter(column)
            if name == _FULL_NAME:
                surname, given, patronymic = split_full_name(_clean_text(raw))
                row.values["surname"], row.values["name"] = surname, given
                row.values.setdefault("patronymic", patronymic)  # a patronymic column, parsed before, wins
                continue
            kind = column_map.field_set.fields[name].kind
            try:
                row.values[name] = _parse_cell(kind, raw, _Where(line, header), row.warnings)
            except _CellError as error:
                row.values[name] = None
                row.errors.append(str(error))
        result.append(row)
    return result


def split_full_name(text: str) -> tuple[str, str, str]:
    """ "Surname Name Patronymic" split at spaces; "Асанбек уулу Нурлан" keeps "Асанбек уулу" as the surname."""
    words = text.split()
    surname_words = 2 if len(words) > 2 and header_key(words[1]) in {"уулу", "кызы"} else 1
    return (
        " ".join(words[:surname_words]),
        " ".join(words[surname_words : surname_words + 1]),
        " ".join(words[surname_words + 1 :]),
    )


@dataclass(frozen=True)
class _Where:
    line: int
    column: str


def _parse_cell(kind: FieldKind, raw: str, where: _Where, warnings_: list[str]) -> object:
    if kind is FieldKind.TEXT:
        return _clean_text(raw)
    if kind is FieldKind.MULTILINE:
        return _clean_multiline(raw)
    text = _clean_text(raw)
    if kind is FieldKind.PIN:
        return _parse_pin(text, where)
    if not text:
        return None
    if kind is FieldKind.SEX:
        return _parse_sex(text, where)
    if kind is FieldKind.DATE:
        return _parse_date(text, where, warnings_)
    if kind is FieldKind.DATE_OR_DATETIME:
        return _parse_date_or_datetime(text, where)
    if kind is FieldKind.CHANNEL:
        return _parse_channel(text, where)
    if kind is FieldKind.SEAT:
        return _parse_seat(text, where)
    if kind is FieldKind.COUNT:
        return _parse_count(text, where)
    raise AssertionError(kind)


def _clean_text(raw: str) -> str:
    return " ".join(unicodedata.normalize("NFC", raw).split())


def _clean_multiline(raw: str) -> str:
    lines = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip("\n")


def _shown(value: str) -> str:
    """A cell value quoted in a message: long ones cut."""
    return value if len(value) <= 60 else value[:57] + "…"


_SEX_WORDS: Final = {
    Sex.FEMALE: ("f", "female", "woman", "ж", "жен", "женский", "женщина", "аял", "аялзаты", "а"),
    Sex.MALE: ("m", "male", "man", "м", "муж", "мужской", "мужчина", "э", "эркек", "эркекзаты"),
}
_SEX_BY_KEY: Final = {header_key(word): sex for sex, words in _SEX_WORDS.items() for word in words}


def _parse_sex(text: str, where: _Where) -> Sex:
    sex = _SEX_BY_KEY.get(header_key(text))
    if sex is None:
        raise _CellError(
            _("Line {line}, column “{column}”: “{value}” is not a sex; write F or M (Аял or Эркек, Ж or М).").format(
                line=where.line, column=where.column, value=_shown(text)
            )
        )
    return sex


_TIME: Final = r"(?:[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
_DATE_PATTERNS: Final = (
    re.compile(r"(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})" + _TIME),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME),
)
_YEAR_MARK: Final = re.compile(r"\s*(?:г|ж)\.?$")  # "12.03.1985 г.", "12.03.1985 ж."


def _match_date(text: str) -> tuple[dt.date, dt.time | None] | None:
    """The date and the time (if any) in ``text``; None when it is not written as a date; ValueError when the
    date or time does not exist."""
    text = _YEAR_MARK.sub("", text)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            day = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
            if match["hour"] is None:
                return day, None
            return day, dt.time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    return None


def _parse_date(text: str, where: _Where, warnings_: list[str]) -> dt.date:
    try:
        found = _match_date(text)
    except ValueError:
        found = None
    if found is None:
        raise _CellError(
            _("Line {line}, column “{column}”: “{value}” is not a valid date (write it as DD.MM.YYYY).").format(
                line=where.line, column=where.column, value=_shown(text)
            )
        )
    day, time = found
    if time is not None and time != dt.time():
        warnings_.append(
            _("Line {line}, column “{column}”: the time in “{value}” is ignored; only the date is kept.").format(
                line=where.line, column=where.column, value=_shown(text)
            )
        )
    return day


def _parse_date_or_datetime(text: str, where: _Where) -> dt.date:
    try:
        found = _match_date(text)
    except ValueError:
        found = None
    if found is None:
        raise _CellError(
            _(
                "Line {line}, column “{column}”: “{value}” is not a valid date or date and time "
                "(write it as DD.MM.YYYY or DD.MM.YYYY HH:MM)."
            ).format(line=where.line, column=where.column, value=_shown(text))
        )
    day, time = found
    return day if time is None else dt.datetime.combine(day, time)


_EXPONENT: Final = re.compile(r"\d(?:[.,]\d*)?[eE]\+?\d+")


def _parse_pin(text: str, where: _Where) -> str:
    pin = "".join(text.split()).lstrip("'")
    if pin.endswith((".0", ",0")) and pin[:-2].isdigit():  # a number Excel wrote as a float
        pin = pin[:-2]
    if _EXPONENT.fullmatch(pin):
        raise _CellError(
            _(
                "Line {line}, column “{column}”: Excel saved the PIN as “{value}” and its last digits are lost. "
                "Load the .xlsx file itself, or format the column as text before saving it as CSV."
            ).format(line=where.line, column=where.column, value=_shown(text))
        )
    if not (pin.isascii() and pin.isdigit()) and pin:
        raise _CellError(
            _("Line {line}, column “{column}”: the PIN “{value}” must contain only digits.").format(
                line=where.line, column=where.column, value=_shown(text)
            )
        )
    return pin


CHANNELS: Final = ("in_person", "post", "email")
_CHANNEL_WORDS: Final = {
    "in_person": ("лично", "личный", "нарочно", "нарочным", "өзү", "жеке", "in person", "personally", "personal"),
    "post": ("почта", "почтой", "по почте", "почта аркылуу", "почта менен", "post", "by post", "mail"),
    "email": (
        "e-mail",
        "by e-mail",
        "электрондук почта",
        "электрондук почта аркылуу",
        "электронная почта",
        "по электронной почте",
        "эл. почта",
        "э-почта",
        "имейл",
        "емейл",
    ),
}
_CHANNEL_BY_KEY: Final = {header_key(word): channel for channel, words in _CHANNEL_WORDS.items() for word in words}


def _parse_channel(text: str, where: _Where) -> str:
    channel = _CHANNEL_BY_KEY.get(header_key(text))
    if channel is None:
        raise _CellError(
            _(
                "Line {line}, column “{column}”: “{value}” is not a way an application arrives; "
                "write in person, post or e-mail."
            ).format(line=where.line, column=where.column, value=_shown(text))
        )
    return channel


SEATS: Final = ("council", "civil", "permanent")
_SEAT_WORDS: Final = {
    "council": ("council", "public council", "кеңеш", "коомдук кеңеш", "совет", "общественный совет"),
    "civil": (
        "civil",
        "civil society",
        "жарандык коом",
        "жарандык коомдун өкүлү",
        "гражданское общество",
        "представитель гражданского общества",
    ),
    "permanent": ("permanent", "permanent (state)", "туруктуу", "туруктуу мүчө", "постоянный", "постоянный член"),
}
_SEAT_BY_KEY: Final = {header_key(word): seat for seat, words in _SEAT_WORDS.items() for word in words}


def _parse_seat(text: str, where: _Where) -> str:
    seat = _SEAT_BY_KEY.get(header_key(text))
    if seat is None:
        raise _CellError(
            _("Line {line}, column “{column}”: “{value}” is not a seat; write council, civil or permanent.").format(
                line=where.line, column=where.column, value=_shown(text)
            )
        )
    return seat


#: the most seats one composition may be given in a file
MAX_SEATS: Final = 999


def _parse_count(text: str, where: _Where) -> int:
    digits = text[:-2] if text.endswith((".0", ",0")) else text
    if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= MAX_SEATS:
        raise _CellError(
            _("Line {line}, column “{column}”: “{value}” is not a number of seats (1 to {max}).").format(
                line=where.line, column=where.column, value=_shown(text), max=MAX_SEATS
            )
        )
    return int(digits)


# ---------------------------------------------------------------------------------------------------------------
# Writing

_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
#: Excel shows a whole number of 12 digits or more as 2.01E+13 and keeps only 15 digits: such a number (a PIN)
#: is written as text
_LONGEST_NUMBER: Final = 10**11
_MAX_CELL_TEXT: Final = 32_767  # Excel's limit; a longer cell makes it call the file damaged
_SHEET_TITLE_FORBIDDEN: Final = re.compile(r"[\[\]:*?/\\]")
#: control characters an XML file cannot hold (openpyxl refuses them); tab and line breaks are kept
_NOT_IN_XML: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def write_xlsx(headers: Sequence[str], rows: Sequence[Sequence[object]], sheet_title: str) -> bytes:
    """An .xlsx workbook of one sheet: a bold, frozen header row with a filter, dates as Excel dates, text
    (PINs included) as text, and no cell Excel would run as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    workbook = Workbook()
    workbook.properties.creator = "OSGO Desktop"
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    bold = Font(bold=True)
    widths = [len(header) for header in headers]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        _set_value(cell, header)
        cell.font = bold
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column)
            shown = _set_value(cell, value)
            if column > len(widths):
                widths.append(0)
            widths[column - 1] = max(widths[column - 1], shown)
    for column, width in enumerate(widths):
        sheet.column_dimensions[column_letter(column)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    if widths:
        sheet.auto_filter.ref = f"A1:{column_letter(len(widths) - 1)}{len(rows) + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\, not empty."""
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip().strip("'")[:31].strip()
    return cleaned or "Sheet1"


def _set_value(cell: Any, value: object) -> int:
    """Put ``value`` in ``cell`` (an openpyxl cell) as the right Excel type; the width its text needs."""
    if value is None:
        return 0
    if isinstance(value, bool):
        cell.value = value
        return 5
    if isinstance(value, int | Decimal) and not isinstance(value, Enum) and -_LONGEST_NUMBER < value < _LONGEST_NUMBER:
        cell.value = value
        return len(str(value))
    if isinstance(value, float):
        cell.value = value
        return len(f"{value:g}")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BISHKEK).replace(tzinfo=None)
        cell.value = value
        cell.number_format = "DD.MM.YYYY HH:MM"
        return 16
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "DD.MM.YYYY"
        return 10
    if isinstance(value, dt.time):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "HH:MM"
        return 5
    text = _NOT_IN_XML.sub("", str(value.value if isinstance(value, Enum) else value))[:_MAX_CELL_TEXT]
    cell.value = text
    # Always text ("@"), so a PIN stays 14 digits even when the user edits the cell; a value that Excel would
    # take for a formula (=, +, -, @) is kept a plain string with Excel's own apostrophe mark (quotePrefix).
    cell.data_type = "s"
    cell.number_format = "@"
    if text.startswith(_FORMULA_STARTS):
        cell.quotePrefix = True
    return max((len(line) for line in text.splitlines()), default=0)

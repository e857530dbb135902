"""Applicant lists read from CSV and Excel, their headers mapped and cells parsed; registers written to Excel."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from osgo_desktop.domain.registry import Sex
from osgo_desktop.formats import tabular
from osgo_desktop.formats.tabular import (
    APPLICANT_FIELDS,
    FULL_NAME_ALIASES,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ColumnMap,
    ImportRow,
    Table,
    TabularError,
    header_key,
    map_columns,
    parse_rows,
    read_table,
    write_xlsx,
)

PIN = "20101199000123"


def xlsx(rows: Sequence[Sequence[object]], title: str = "Лист1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parsed(headers: Sequence[str], *rows: Sequence[str]) -> list[ImportRow]:
    """The rows of a table with these headers, the way an import reads them."""
    table = Table(tuple(headers), tuple(tuple(row) for row in rows), "utf-8")
    return parse_rows(table, map_columns(table.headers))


def one(header: str, value: str) -> ImportRow:
    """A single cell under ``header``, on line 2 (next to a surname, so the row is not empty)."""
    rows = parsed(["Фамилия", header], ["Асанов", value])
    assert len(rows) == 1
    return rows[0]


def read_back(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


# ---------------------------------------------------------------------------------------------------------------
# CSV: encodings, delimiters, quoting


def test_utf8_csv_keeps_the_kyrgyz_letters() -> None:
    data = "Фамилиясы,Аты,Жынысы\nҮсөнбаева,Айгүл,Аял\nМаңкеев,Өмүр,Эркек\n".encode()
    table = read_table(data, "тизме.csv")
    assert table.encoding == "utf-8"
    assert table.headers == ("Фамилиясы", "Аты", "Жынысы")
    assert table.rows == (("Үсөнбаева", "Айгүл", "Аял"), ("Маңкеев", "Өмүр", "Эркек"))


def test_utf8_with_the_bom_excel_writes() -> None:
    table = read_table("\ufeffФамилия;Имя\nАсанов;Асан\n".encode(), "list.csv")
    assert table.encoding == "utf-8-sig"
    assert table.headers == ("Фамилия", "Имя")  # the BOM does not stick to the first header


def test_cp1251_csv_from_an_old_russian_excel() -> None:
    data = "Фамилия;Имя;Отчество;Адрес\r\nЁлкина;Татьяна;Юрьевна;г. Бишкек, ул. Щербакова\r\n".encode("cp1251")
    table = read_table(data, "список.csv")
    assert table.encoding == "cp1251"
    assert table.rows == (("Ёлкина", "Татьяна", "Юрьевна", "г. Бишкек, ул. Щербакова"),)


def test_utf16_unicode_text_from_excel() -> None:
    data = "Фамилиясы\tАты\r\nҮсөнбаева\tАйгүл\r\n".encode("utf-16")
    table = read_table(data, "тизме.txt")
    assert table.encoding == "utf-16"
    assert table.rows == (("Үсөнбаева", "Айгүл"),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Фамилия;Имя;Адрес\nАсанов;Асан;Бишкек, Чүй 1\n", ("Асанов", "Асан", "Бишкек, Чүй 1")),
        ('Surname,Name,Address\nAsanov,Asan,"Bishkek; Chui 1"\n', ("Asanov", "Asan", "Bishkek; Chui 1")),
        ("Surname\tName\tAddress\nAsanov\tAsan\tBishkek, Chui 1\n", ("Asanov", "Asan", "Bishkek, Chui 1")),
        ("sep=,\nФамилия,Имя,Адрес\nАсанов,Асан,Бишкек; Чүй 1\n", ("Асанов", "Асан", "Бишкек; Чүй 1")),
    ],
    ids=["semicolon", "comma", "tab", "excel-sep-line"],
)
def test_the_delimiter_is_sniffed(text: str, expected: tuple[str, ...]) -> None:
    table = read_table(text.encode(), "list.csv")
    assert len(table.headers) == 3
    assert table.rows == (expected,)


def test_a_quoted_field_may_hold_line_breaks_and_lines_are_counted_as_excel_rows() -> None:
    data = 'Фамилия;Имя;Примечание\r\nАсанов;Асан;"первая строка\r\nвторая; строка"\r\nБеков;Бек;\r\n'.encode()
    table = read_table(data, "list.csv")
    assert table.rows[0][2] == "первая строка\r\nвторая; строка"
    rows = parse_rows(table, map_columns(table.headers))
    assert [row.line for row in rows] == [2, 3]
    assert rows[0].values["notes"] == "первая строка\nвторая; строка"


def test_a_title_above_the_header_is_skipped_and_lines_still_match_excel() -> None:
    text = "Список заявителей;;\n\nФамилия;Имя;Пол\nАсанов;Асан;м\n\nБекова;Айгүл;ж\n\n\n"
    table = read_table(text.encode(), "list.csv")
    assert table.header_line == 3
    assert table.headers == ("Фамилия", "Имя", "Пол")
    rows = parse_rows(table, map_columns(table.headers))
    assert [(row.line, row.values["surname"]) for row in rows] == [(4, "Асанов"), (6, "Бекова")]


def test_a_column_without_a_header_but_with_data_is_named_by_its_letter() -> None:
    table = read_table("Фамилия;;Имя;\nАсанов;x;Асан;\n".encode(), "list.csv")
    assert table.headers == ("Фамилия", "Column B", "Имя")
    assert map_columns(table.headers).unknown == ["Column B"]


# ---------------------------------------------------------------------------------------------------------------
# XLSX


def test_xlsx_values_come_as_the_text_a_user_typed() -> None:
    data = xlsx(
        [
            ["Фамилиясы", "Аты", "ЖИН", "Туулган күнү", "Кабыл алынган күнү", "Телефон", "Сумма"],
            [
                "Үсөнбаева",
                "Айгүл",
                int(PIN),
                dt.datetime(1990, 2, 1),
                dt.datetime(2026, 11, 2, 14, 30),
                996555123456,
                2.5,
            ],
            ["Маңкеев", "Өмүр", float(PIN), dt.date(1985, 12, 31), None, None, None],
            [None] * 7,
            [None] * 7,
        ]
    )
    table = read_table(data, "тизме.xlsx")
    assert table.encoding is None
    assert table.rows == (
        ("Үсөнбаева", "Айгүл", PIN, "1990-02-01", "2026-11-02 14:30", "996555123456", "2.5"),
        ("Маңкеев", "Өмүр", PIN, "1985-12-31", "", "", ""),
    )
    rows = parse_rows(table, map_columns(table.headers))
    assert rows[0].values["pin"] == PIN
    assert rows[0].values["birth_date"] == dt.date(1990, 2, 1)
    assert rows[0].values["received_at"] == dt.datetime(2026, 11, 2, 14, 30)
    assert rows[1].values["received_at"] is None


def test_xlsx_reads_the_first_sheet_and_counts_its_rows() -> None:
    workbook = Workbook()
    first = workbook.active
    first["A3"], first["B3"] = "Surname", "Name"
    first["A5"], first["B5"] = "Asanov", "Asan"
    workbook.create_sheet("Other")["A1"] = "Not this one"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "list.xlsx")
    assert table.header_line == 3
    rows = parse_rows(table, map_columns(table.headers))
    assert [(row.line, row.values) for row in rows] == [(5, {"surname": "Asanov", "name": "Asan"})]


def test_a_file_is_known_by_its_content_not_its_name() -> None:
    assert read_table(xlsx([["Surname"], ["Asanov"]]), "list.csv").encoding is None
    assert read_table(b"Surname\nAsanov\n", "list.xlsx").encoding == "utf-8"


# ---------------------------------------------------------------------------------------------------------------
# Refused files


def refusal(data: bytes, file_name: str = "list.csv") -> str:
    with pytest.raises(TabularError) as caught:
        read_table(data, file_name)
    return str(caught.value)


@pytest.mark.parametrize(
    "data", [b"", b"  \r\n\r\n", b"\xef\xbb\xbf", b";;;\n;;\n"], ids=["nothing", "blank", "bom", "delimiters"]
)
def test_an_empty_file_is_refused(data: bytes) -> None:
    assert refusal(data) == "“list.csv” is empty."


def test_an_empty_workbook_is_refused() -> None:
    assert refusal(xlsx([]), "list.xlsx") == "“list.xlsx” is empty."


def test_a_header_without_rows_is_refused() -> None:
    expected = "“list.csv” has a header row but no applicants under it."
    assert refusal("Фамилия;Имя;Пол\n\n;;\n".encode()) == expected
    assert refusal(xlsx([["Фамилия", "Имя"]]), "list.csv") == expected


def test_an_old_xls_is_refused_with_what_to_do() -> None:
    message = refusal(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600, "список.xls")
    assert "“список.xls” is an old Excel 97–2003 workbook (.xls)" in message
    assert "save it as .xlsx or .csv" in message


def test_a_password_protected_workbook_is_refused_as_such() -> None:
    data = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    assert "protected with a password" in refusal(data, "list.xlsx")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"%PDF-1.7\n\x00\x01\x02\x03\x04\x05\xff\xfe\xfd",
        bytes(range(256)) * 4,
    ],
    ids=["png", "pdf", "bytes"],
)
def test_a_binary_file_is_refused(data: bytes) -> None:
    assert refusal(data, "photo.csv") == "“photo.csv” is neither an Excel workbook (.xlsx) nor a CSV text table."


def test_other_zip_files_are_refused() -> None:
    def zipped(*names: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in names:
                archive.writestr(name, "<x/>")
        return buffer.getvalue()

    assert "OpenDocument spreadsheet (.ods)" in refusal(zipped("mimetype", "content.xml"), "list.ods")
    assert "neither an Excel workbook" in refusal(zipped("word/document.xml"), "letter.docx")
    assert "cannot be read; it may be damaged" in refusal(zipped("xl/workbook.xml"), "list.xlsx")
    assert "cannot be read; it may be damaged" in refusal(b"PK\x03\x04broken", "list.xlsx")


def test_a_web_page_saved_as_xls_is_refused() -> None:
    data = "<html><body><table><tr><td>Фамилия</td></tr></table></body></html>".encode()
    assert "is a web page or an XML document" in refusal(data, "export.xls")


def test_too_many_rows_are_refused() -> None:
    header = "Фамилия;Имя\n"
    assert len(read_table((header + "Асанов;Асан\n" * MAX_ROWS).encode(), "list.csv").rows) == MAX_ROWS
    message = refusal((header + "Асанов;Асан\n" * (MAX_ROWS + 1)).encode())
    assert message == "“list.csv” has more than 10000 rows; split it into several files."


def test_a_too_large_file_is_refused() -> None:
    message = refusal(b"a" * (MAX_FILE_BYTES + 1))
    assert message == "“list.csv” is 20.0 MB; a list of applicants may be at most 20 MB."


@given(st.binary(max_size=300))
def test_any_bytes_give_a_table_or_a_clear_refusal(data: bytes) -> None:
    try:
        table = read_table(data, "x.csv")
    except TabularError as error:
        assert str(error).startswith("“x.csv”")
    else:
        assert table.rows
        assert all(len(row) == len(table.headers) for row in table.rows)


# ---------------------------------------------------------------------------------------------------------------
# Column mapping

ALL_FIELDS = list(APPLICANT_FIELDS)


@pytest.mark.parametrize(
    "headers",
    [
        [
            "Фамилиясы", "Аты", "Атасынын аты", "Жынысы", "Туулган күнү", "ЖИН", "Жарандыгы", "Билими",
            "Иштеген жери", "Кызматы", "Уюму", "Телефону", "Электрондук почта", "Дареги", "Кабыл алынган күнү",
            "Тапшыруу жолу", "Сунуштаган уюм", "Сунуштаган уюмдун орусча аталышы", "Эскертүү",
        ],
        [
            "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "ПИН", "Гражданство", "Образование",
            "Место работы", "Должность", "Организация", "Телефон", "Электронная почта", "Адрес", "Дата поступления",
            "Способ подачи", "Выдвинувшая организация", "Выдвинувшая организация на русском языке",
            "Примечание",
        ],
        [
            "Surname", "First name", "Patronymic", "Sex", "Date of birth", "PIN", "Citizenship", "Education",
            "Workplace", "Position", "Organisation", "Phone", "E-mail", "Address", "Received", "Channel",
            "Nominated by", "Nominating organisation in Russian", "Notes",
        ],
    ],
    ids=["ky", "ru", "en"],
)  # fmt: skip
def test_headers_in_each_language(headers: list[str]) -> None:
    column_map = map_columns(headers)
    assert column_map.fields == {name: index for index, name in enumerate(ALL_FIELDS)}
    assert column_map.unknown == []
    assert column_map.missing_required == column_map.missing_expected == []


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("  ФАМИЛИЯ: ", "surname"),
        ("Фамилия*", "surname"),
        ("Last Name", "surname"),
        ("lastname", "surname"),
        ("Отчёство", "patronymic"),
        ("Дата  рождения (дд.мм.гггг)", "birth_date"),
        ("Туулган куну", "birth_date"),  # typed without the Kyrgyz letters
        ("ИНН.", "pin"),
        ("жин", "pin"),
        ("EMAIL", "email"),
        ("Эл. почта", "email"),
        ("Дата и время поступления", "received_at"),
        ("Received", "received_at"),
        ("Кабыл алынган күнү", "received_at"),
        ("Пол", "sex"),
        ("Gender", "sex"),
    ],
)
def test_headers_are_matched_loosely(header: str, field: str) -> None:
    assert map_columns(["Фамилия" if field != "surname" else "Имя", header]).fields[field] == 1


def test_every_alias_names_its_own_field_and_only_that() -> None:
    seen: dict[str, str] = {}
    for name, spec in APPLICANT_FIELDS.items():
        assert spec.aliases, name
        for alias in spec.aliases:
            assert seen.setdefault(header_key(alias), name) == name, alias
            assert map_columns([alias]).fields == {name: 0}, alias
    for alias in FULL_NAME_ALIASES:
        assert header_key(alias) not in seen
        assert map_columns([alias]).full_name == 0


def test_two_columns_for_one_field_are_an_error_naming_both() -> None:
    with pytest.raises(TabularError) as caught:
        map_columns(["Фамилия", "Имя", "Телефон", "Surname"])
    assert str(caught.value) == (
        "Columns “Фамилия” (column A) and “Surname” (column D) both hold “Surname”: "
        "keep one of them and load the file again."
    )
    with pytest.raises(TabularError, match="“Телефон” \\(column C\\) and “Телефон” \\(column D\\)"):
        map_columns(["Фамилия", "Имя", "Телефон", "Телефон"])


def test_unknown_headers_are_reported_and_missing_fields_listed() -> None:
    column_map = map_columns(["№", "Фамилия", "Любимый цвет", "", "Пол"])
    assert column_map.fields == {"surname": 1, "sex": 4}
    assert column_map.unknown == ["№", "Любимый цвет"]
    assert column_map.missing_required == ["name"]
    assert column_map.missing_expected == ["birth_date", "pin"]
    with pytest.raises(TabularError, match=r"^The file has no column for: Name\. "):
        column_map.require()
    map_columns(["Фамилия", "Имя"]).require()


def test_a_full_name_column_is_split_when_there_are_no_separate_ones() -> None:
    rows = parsed(
        ["ФИО", "Пол"],
        ["Асанов  Асан Асанович", "м"],
        ["Бекова Айгүл", "ж"],
        ["Асанбек уулу Нурлан", "э"],
        ["Жумабаева Айпери Токтогул кызы", "а"],
    )
    assert [(row.values["surname"], row.values["name"], row.values["patronymic"]) for row in rows] == [
        ("Асанов", "Асан", "Асанович"),
        ("Бекова", "Айгүл", ""),
        ("Асанбек уулу", "Нурлан", ""),
        ("Жумабаева", "Айпери", "Токтогул кызы"),
    ]
    assert map_columns(["ФИО", "Фамилия", "Имя"]) == ColumnMap({"surname": 1, "name": 2}, unknown=["ФИО"])
    assert map_columns(["ФИО"]).missing_required == []


# ---------------------------------------------------------------------------------------------------------------
# Cells


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("F", Sex.FEMALE), ("f", Sex.FEMALE), ("Female", Sex.FEMALE), ("Ж", Sex.FEMALE), ("ж.", Sex.FEMALE),
        ("жен", Sex.FEMALE), ("Женский", Sex.FEMALE), ("аял", Sex.FEMALE), ("АЯЛ", Sex.FEMALE),
        ("M", Sex.MALE), ("М", Sex.MALE), ("male", Sex.MALE), ("Э", Sex.MALE), ("Эркек", Sex.MALE),
        ("мужской", Sex.MALE), (" Муж. ", Sex.MALE),
    ],
)  # fmt: skip
def test_sex(text: str, sex: Sex) -> None:
    row = one("Пол", text)
    assert row.values["sex"] is sex
    assert row.errors == []


def test_a_wrong_or_missing_sex() -> None:
    row = one("Жынысы", "X")
    assert row.values["sex"] is None
    assert row.errors == ["Line 2, column “Жынысы”: “X” is not a sex; write F or M (Аял or Эркек, Ж or М)."]
    assert one("Жынысы", "  ").values["sex"] is None
    assert one("Жынысы", "  ").errors == []


@pytest.mark.parametrize(
    "text",
    [
        "01.02.1990",
        "1.2.1990",
        "1990-02-01",
        "01/02/1990",
        "01-02-1990",
        "01.02.1990 г.",
        "01.02.1990ж",
        "1990-02-01 00:00",
    ],
)
def test_dates(text: str) -> None:
    row = one("Дата рождения", text)
    assert row.values["birth_date"] == dt.date(1990, 2, 1)
    assert row.errors == row.warnings == []


@pytest.mark.parametrize("text", ["31.02.1990", "1990-13-01", "00.01.1990", "01.02.90", "1 февраля 1990", "32874"])
def test_a_wrong_date_names_the_line_the_column_and_the_value(text: str) -> None:
    row = one("Туулган күнү", text)
    assert row.values["birth_date"] is None
    assert row.errors == [f"Line 2, column “Туулган күнү”: “{text}” is not a valid date (write it as DD.MM.YYYY)."]


def test_a_time_in_a_birth_date_is_dropped_with_a_warning() -> None:
    row = one("Дата рождения", "01.02.1990 13:45")
    assert row.values["birth_date"] == dt.date(1990, 2, 1)
    assert row.errors == []
    assert row.warnings == [
        "Line 2, column “Дата рождения”: the time in “01.02.1990 13:45” is ignored; only the date is kept."
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("02.11.2026", dt.date(2026, 11, 2)),
        ("02.11.2026 14:30", dt.datetime(2026, 11, 2, 14, 30)),
        ("2.11.2026 9:05", dt.datetime(2026, 11, 2, 9, 5)),
        ("2026-11-02 14:30:15", dt.datetime(2026, 11, 2, 14, 30, 15)),
        ("2026-11-02T14:30", dt.datetime(2026, 11, 2, 14, 30)),
        ("", None),
    ],
)
def test_received_at_is_a_date_or_a_date_and_time(text: str, value: dt.date | None) -> None:
    row = one("Дата поступления", text)
    assert row.values["received_at"] == value
    assert type(row.values["received_at"]) is type(value)
    assert row.errors == []


def test_a_wrong_received_at() -> None:
    assert one("Received", "02.11.2026 25:00").errors == [
        "Line 2, column “Received”: “02.11.2026 25:00” is not a valid date or date and time "
        "(write it as DD.MM.YYYY or DD.MM.YYYY HH:MM)."
    ]


@pytest.mark.parametrize(
    ("text", "pin"),
    [(PIN, PIN), ("2010 1199 000 123", PIN), ("\u00a02010119900012 3 ", PIN), (PIN + ".0", PIN), ("'" + PIN, PIN),
     ("123", "123"), ("", "")],
)  # fmt: skip
def test_pin_is_digits_kept_as_text(text: str, pin: str) -> None:
    row = one("ПИН", text)
    assert row.values["pin"] == pin
    assert row.errors == []


def test_a_pin_with_letters_or_lost_digits_is_an_error() -> None:
    assert one("PIN", "2010119900012A").errors == [
        "Line 2, column “PIN”: the PIN “2010119900012A” must contain only digits."
    ]
    (error,) = one("ИНН", "2,01012E+13").errors
    assert error.startswith("Line 2, column “ИНН”: Excel saved the PIN as “2,01012E+13” and its last digits are lost.")


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("лично", "in_person"), ("Өзү", "in_person"), ("In person", "in_person"), ("почта", "post"),
        ("По почте", "post"), ("Post", "post"), ("e-mail", "email"), ("Email", "email"),
        ("электрондук почта", "email"), ("Электронная почта", "email"), ("", None),
    ],
)  # fmt: skip
def test_channel(text: str, channel: str | None) -> None:
    row = one("Способ подачи", text)
    assert row.values["channel"] == channel
    assert row.errors == []


def test_a_wrong_channel() -> None:
    assert one("Channel", "голубь").errors == [
        "Line 2, column “Channel”: “голубь” is not a way an application arrives; write in person, post or e-mail."
    ]


def test_text_is_trimmed_and_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Ёлкина Йолдаш")
    assert decomposed != "Ёлкина Йолдаш"
    (row,) = parsed(
        ["Фамилия", "Имя", "Адрес", "Примечание", "Телефон"],
        [f"  {decomposed.split()[0]} ", "\u00a0" + decomposed.split()[1], "Бишкек,\n  Чүй   1", " а\r\n б \n", ""],
    )
    assert row.values == {
        "surname": "Ёлкина",
        "name": "Йолдаш",
        "address": "Бишкек, Чүй 1",
        "notes": "а\nб",
        "phone": "",
    }


def test_only_the_mapped_fields_are_given_and_empty_rows_are_skipped() -> None:
    rows = parsed(
        ["№", "Фамилия", "Имя", "Дата рождения", "Пол"],
        ["1", "Асанов", "Асан", "", ""],
        ["2", "", "", "", ""],  # a numbered row of a template, never filled
        ["", "", "", "", ""],
        ["4", "", "", "31.02.1990", "q"],
    )
    assert [row.line for row in rows] == [2, 5]
    assert rows[0].values == {"surname": "Асанов", "name": "Асан", "birth_date": None, "sex": None}
    assert rows[0].errors == []
    assert [error.split(":")[0] for error in rows[1].errors] == [
        "Line 5, column “Дата рождения”",
        "Line 5, column “Пол”",
    ]


# ---------------------------------------------------------------------------------------------------------------
# Parsers under hypothesis

DATE_FORMATS = ("{d:02}.{m:02}.{y}", "{d}.{m}.{y}", "{y}-{m:02}-{d:02}", "{d:02}/{m:02}/{y}")


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.sampled_from(DATE_FORMATS))
def test_a_formatted_date_reads_back(day: dt.date, pattern: str) -> None:
    row = one("Дата рождения", pattern.format(d=day.day, m=day.month, y=day.year))
    assert row.values["birth_date"] == day
    assert row.errors == []


@given(st.datetimes(min_value=dt.datetime(1000, 1, 1)), st.sampled_from(DATE_FORMATS))
def test_a_formatted_date_and_time_reads_back(moment: dt.datetime, pattern: str) -> None:
    text = pattern.format(d=moment.day, m=moment.month, y=moment.year) + f" {moment:%H:%M:%S}"
    row = one("Дата поступления", text)
    assert row.values["received_at"] == moment.replace(microsecond=0)


SEX_WORDS = [("f", Sex.FEMALE), ("ж", Sex.FEMALE), ("аял", Sex.FEMALE), ("женский", Sex.FEMALE), ("female", Sex.FEMALE),
             ("m", Sex.MALE), ("м", Sex.MALE), ("э", Sex.MALE), ("эркек", Sex.MALE), ("мужской", Sex.MALE),
             ("male", Sex.MALE)]  # fmt: skip


@given(st.sampled_from(SEX_WORDS), st.lists(st.booleans(), min_size=10, max_size=10), st.sampled_from(["", " ", "."]))
def test_sex_words_in_any_case(word: tuple[str, Sex], upper: list[bool], end: str) -> None:
    text = "".join(char.upper() if big else char for char, big in zip(word[0], upper, strict=False)) + end
    assert one("Пол", text).values["sex"] is word[1]


@given(st.text(max_size=40), st.sampled_from(["Пол", "Дата рождения", "Дата поступления", "ПИН", "Канал"]))
def test_garbage_in_a_cell_gives_a_value_or_one_row_error(text: str, header: str) -> None:
    row = one(header, text)
    ((name, value),) = [(name, value) for name, value in row.values.items() if name != "surname"]
    assert len(row.errors) <= 1
    if row.errors:
        assert row.errors[0].startswith(f"Line 2, column “{header}”: ")
        assert value is None
    elif name == "sex":
        assert value is None or isinstance(value, Sex)
    elif name == "pin":
        assert isinstance(value, str)
        assert value == "" or value.isdigit()
    elif name == "channel":
        assert value in (None, "in_person", "post", "email")
    else:
        assert value is None or isinstance(value, dt.date)


# ---------------------------------------------------------------------------------------------------------------
# Export


def test_the_export_is_a_real_workbook() -> None:
    aware = dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC)
    data = write_xlsx(
        ["Фамилиясы", "ЖИН", "Туулган күнү", "Кабыл алынган", "Упай", "Жынысы", "Эскертүү", "Телефон"],
        [
            ["Үсөнбаева", PIN, dt.date(1990, 2, 1), aware, 12, Sex.FEMALE, '=HYPERLINK("http://x","y")', "+996 555"],
            ["Маңкеев", int(PIN), None, dt.datetime(2026, 11, 3, 9, 0), 7.5, Sex.MALE, "@SUM(A1)", "-"],
        ],
        sheet_title="Тизме: 2026/11 [жалпы] — өтө узун аталыш",
    )
    assert data.startswith(b"PK")
    workbook = read_back(data)
    sheet = workbook.active
    assert sheet.title == "Тизме  2026 11  жалпы  — өтө уз"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold

    pins = (sheet["B2"], sheet["B3"])
    assert [(cell.value, cell.data_type, cell.number_format) for cell in pins] == [(PIN, "s", "@")] * 2
    assert sheet["C2"].value == dt.datetime(1990, 2, 1)
    assert sheet["C2"].is_date
    assert sheet["C2"].number_format == "DD.MM.YYYY"
    assert sheet["C3"].value is None
    assert sheet["D2"].value == dt.datetime(2026, 11, 2, 14, 30)  # Bishkek time
    assert sheet["D3"].value == dt.datetime(2026, 11, 3, 9, 0)
    assert (sheet["E2"].value, sheet["E2"].data_type) == (12, "n")
    assert sheet["E3"].value == 7.5
    assert [sheet["F2"].value, sheet["F3"].value] == ["F", "M"]

    for cell in (sheet["G2"], sheet["G3"], sheet["H2"], sheet["H3"]):
        assert cell.data_type == "s"  # text, never a formula
    assert sheet["G2"].value == '=HYPERLINK("http://x","y")'
    assert sheet["G2"].quotePrefix
    assert sheet["H2"].value == "+996 555"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()

    assert 8 <= sheet.column_dimensions["A"].width <= 60
    assert sheet.column_dimensions["B"].width >= len(PIN)
    assert sheet.auto_filter.ref == "A1:H3"
    workbook.close()


def test_the_export_drops_characters_excel_cannot_hold() -> None:
    workbook = read_back(write_xlsx(["Notes"], [["a\x0bb\x01"]], ""))
    assert workbook.active["A2"].value == "ab"
    assert workbook.active.title == "Sheet1"
    workbook.close()


def test_an_exported_register_can_be_imported_again() -> None:
    data = write_xlsx(
        ["Фамилия", "Имя", "Пол", "Дата рождения", "ПИН", "Дата поступления"],
        [["Асанов", "Асан", "М", dt.date(1990, 2, 1), PIN, dt.datetime(2026, 11, 2, 14, 30)]],
        "Реестр",
    )
    table = read_table(data, "реестр.xlsx")
    (row,) = parse_rows(table, map_columns(table.headers))
    assert row.values == {
        "surname": "Асанов",
        "name": "Асан",
        "sex": Sex.MALE,
        "birth_date": dt.date(1990, 2, 1),
        "pin": PIN,
        "received_at": dt.datetime(2026, 11, 2, 14, 30),
    }
    assert row.errors == row.warnings == []


def test_column_letters() -> None:
    assert [tabular.column_letter(index) for index in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]

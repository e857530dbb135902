"""The applications and screening commands: import a spreadsheet, list, refuse a bad file, print the protocol."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from osgo_desktop.domain.person import encode_pin
from osgo_desktop.domain.registry import Sex
from osgo_desktop.services import competitions
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import fixed_clock, pinned_clock
from tests.integration.test_cli import osgo
from tests.pdf_support import unhyphenate

HEADER = "Фамилия;Имя;Отчество;Пол;Дата рождения;ПИН;Образование;Дата поступления\n"


def line(surname: str, sex: Sex, born: dt.date, serial: str, received: str = "10.11.2026") -> str:
    pin = encode_pin(sex, born, serial)
    sex_word = "Ж" if sex is Sex.FEMALE else "М"
    return f"{surname};Айгүл;Бакытовна;{sex_word};{born:%d.%m.%Y};{pin};высшее;{received}\n"


@pytest.fixture
def demo_url(tmp_path: Path) -> str:
    """The demo, with its draft council competition 2026/02 announced (its intake is still empty)."""
    url = sqlite_url(tmp_path / "apps.sqlite")
    assert osgo("--db", url, "--lang", "en", "demo")[0] == 0
    published = (dt.date(2026, 11, 23) - dt.timedelta(days=5)).isoformat()
    code, _, err = osgo(
        "--db",
        url,
        "--lang",
        "ky",
        "announce",
        "2026/02",
        "--out",
        str(tmp_path / "a.pdf"),
        "--published",
        published,
        "--media",
        "«Кабар»",
    )
    assert code == 0, err
    return url


def test_import_list_and_dry_run(demo_url: str, tmp_path: Path) -> None:
    source = tmp_path / "applicants.csv"
    source.write_text(
        HEADER
        + line("Асанова", Sex.FEMALE, dt.date(1980, 1, 2), "00001")
        + line("Бакиров", Sex.MALE, dt.date(1975, 3, 4), "00002"),
        encoding="utf-8",
    )
    code, out, err = osgo(
        "--db", demo_url, "--lang", "en", "applications", "import", "2026/02", str(source), "--dry-run"
    )
    assert code == 0 and "2 rows can be registered, 0 have errors" in out
    code, out, err = osgo("--db", demo_url, "--lang", "en", "applications", "list", "2026/02")
    assert "No applications yet." in out  # the dry run saved nothing
    code, out, err = osgo("--db", demo_url, "--lang", "en", "applications", "import", "2026/02", str(source))
    assert code == 0 and "2 applications registered." in out, err
    code, out, _ = osgo("--db", demo_url, "--lang", "en", "applications", "list", "2026/02")
    assert "2026/02-001  Асанова Айгүл Бакытовна" in out and "2026/02-002  Бакиров" in out
    assert "missing: The candidate's application" in out


def test_a_file_with_a_bad_row_registers_nothing(demo_url: str, tmp_path: Path) -> None:
    source = tmp_path / "applicants.csv"
    source.write_text(
        HEADER
        + line("Асанова", Sex.FEMALE, dt.date(1980, 1, 2), "00001")
        + "Бакиров;Нурлан;;М;31.02.1975;123;высшее;10.11.2026\n",
        encoding="cp1251",
        errors="replace",
    )
    code, _out, err = osgo("--db", demo_url, "--lang", "en", "applications", "import", "2026/02", str(source))
    assert code == 2 and "Nothing was registered" in err and "Line 3" in err
    assert "No applications yet." in osgo("--db", demo_url, "--lang", "en", "applications", "list", "2026/02")[1]


def test_the_screening_protocol_is_printed(demo_url: str, tmp_path: Path) -> None:
    source = tmp_path / "applicants.csv"
    source.write_text(HEADER + line("Өмүрбекова", Sex.FEMALE, dt.date(1980, 1, 2), "00001"), encoding="utf-8")
    assert osgo("--db", demo_url, "--lang", "en", "applications", "import", "2026/02", str(source))[0] == 0
    db = Database.open(demo_url, pinned_clock())
    try:
        with db.uow() as uow:
            detail = competitions.get_competition(uow, 2)
            assert detail.intake_deadline is not None
            fixed_clock(db).set_day(detail.intake_deadline + dt.timedelta(days=1))
            competitions.close_intake(uow, 2)
    finally:
        db.close()
    target = tmp_path / "screening-ru.pdf"
    code, _out, err = osgo("--db", demo_url, "--lang", "ru", "screening", "report", "2026/02", "--out", str(target))
    assert code == 0, err
    text = " ".join(" ".join(unhyphenate(page.extract_text()).split()) for page in PdfReader(target).pages)
    assert "Өмүрбекова Айгүл Бакытовна" in text
    assert "Токтосунова Динара Уланбековна" in text  # the chair signs


def test_importing_the_same_file_twice_is_refused(demo_url: str, tmp_path: Path) -> None:
    source = tmp_path / "applicants.csv"
    row = line("Асанова", Sex.FEMALE, dt.date(1980, 1, 2), "00001")
    source.write_text(HEADER + row, encoding="utf-8")
    assert osgo("--db", demo_url, "--lang", "en", "applications", "import", "2026/02", str(source))[0] == 0
    code, _, err = osgo("--db", demo_url, "--lang", "en", "applications", "import", "2026/02", str(source))
    assert code == 2 and "already applied in this competition (2026/02-001)" in err
    source.write_text(HEADER + row + row, encoding="utf-8")
    code, _out, err = osgo(
        "--db", demo_url, "--lang", "en", "applications", "import", "2026/02", str(source), "--dry-run"
    )
    assert "already applied" in err
